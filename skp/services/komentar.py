"""Comments as conversations (issue 17.7): the pegawai and the SKP's validators answer a
validator's comment, and a validator marks it resolved (or opens it again). Whatever the SKP's
status: a conversation is not content, so it neither needs a window nor bumps the SKP's revisi
(the editor's stored cards carry the conversations' own version, skp.views.drafting)."""

from dataclasses import dataclass
import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Pegawai
from accounts.peran import Peran
from accounts.services import catat_audit
from periode.models import Supervisi
from skp.exceptions import SkpError
from skp.models import PANJANG_TEKS, Komentar, RencanaKinerja, Skp
from skp.notifikasi import antrekan_pesan, tautan
from skp.revisi import ringkas
from skp.services.dasar import IsianError, rapikan_teks
from skp.services.workflow import TidakBerwenang, _kunci
from skp.workflow import AKSI_URL, berwenang, pelaku_untuk


@dataclass(frozen=True)
class HakPercakapan:
    """What one reader may do with the SKP's conversations: the pages show the reply form and
    the buttons from it, the services check it again under the lock."""

    boleh_balas: bool
    boleh_selesai: bool

    @property
    def ada(self) -> bool:
        return self.boleh_balas or self.boleh_selesai


def hak_percakapan(skp: Skp, oleh: Pegawai, supervisi: Supervisi | None) -> HakPercakapan:
    """The SKP's own pegawai replies; its validators (whoever could return it: the atasan
    langsung, and the atasan penilai where the periode has a second step) reply and resolve."""
    peran = pelaku_untuk(skp, oleh, supervisi)
    validator = berwenang(AKSI_URL["kembalikan"], peran)
    return HakPercakapan(boleh_balas=validator or Peran.PEMILIK in peran, boleh_selesai=validator)


def _akar(komentar: Komentar, skp: Skp) -> Komentar:
    """The conversation's root as it is now (read under the SKP's lock): a reply to a reply is
    one to its root."""
    return Komentar.objects.select_related("selesai_oleh").get(
        pk=komentar.induk_id or komentar.pk, skp=skp
    )


def _ringkasan(skp: Skp) -> str:
    return f"SKP {skp.periode.tahun} {skp.pegawai.nama_lengkap}"


def _keterangan_selesai(akar: Komentar) -> str:
    oleh = akar.selesai_oleh.nama_lengkap if akar.selesai_oleh_id else "validator"
    waktu = date_format(timezone.localtime(akar.selesai_pada), "j F Y, H.i")
    return f"ditandai selesai oleh {oleh}, {waktu} WITA"


@transaction.atomic
def balas_komentar(
    komentar: Komentar, *, oleh: Pegawai, teks: str, kunci_kirim: uuid.UUID | None = None
) -> Komentar:
    """A reply by the SKP's pegawai or one of its validators, on the same item as the root,
    while the conversation is open; a form sent twice (`kunci_kirim` seen before) adds one."""
    teks = (teks or "").strip()
    skp, supervisi = _kunci(komentar.skp_id)
    if not hak_percakapan(skp, oleh, supervisi).boleh_balas:
        raise TidakBerwenang(
            "Hanya pegawai pemilik SKP dan validatornya yang dapat membalas catatan ini."
        )
    akar = _akar(komentar, skp)
    if kunci_kirim and (sudah := Komentar.objects.filter(skp=skp, kunci_kirim=kunci_kirim).first()):
        return sudah
    if akar.is_selesai:
        raise SkpError(
            f"Catatan ini sudah {_keterangan_selesai(akar)}, sehingga tidak dapat dibalas lagi. "
            "Bila masih perlu dibahas, minta validator membukanya lagi."
        )
    if not teks:
        raise SkpError("Tuliskan isi balasan.")
    if len(teks) > PANJANG_TEKS:
        raise SkpError(
            f"Balasan terlalu panjang ({len(teks)} karakter); ringkas menjadi paling banyak "
            f"{PANJANG_TEKS} karakter."
        )
    balasan = Komentar.objects.create(
        skp=skp,
        induk=akar,
        rencana_kinerja_id=akar.rencana_kinerja_id,
        indikator_id=akar.indikator_id,
        rujukan=akar.rujukan,
        penulis=oleh,
        teks=teks,
        kunci_kirim=kunci_kirim,
    )
    catat_audit(
        "skp.komentar.balas",
        aktor=oleh,
        objek=skp,
        ringkasan=f"Balasan pada catatan {_ringkasan(skp)}.",
        komentar=akar.pk,
        balasan=balasan.pk,
    )
    return balasan


@transaction.atomic
def tandai_selesai(komentar: Komentar, *, oleh: Pegawai, selesai: bool = True) -> Komentar:
    """A validator marks the conversation resolved (`selesai=False`: opens it again). A second
    tab's stale button is refused with what happened meanwhile."""
    skp, supervisi = _kunci(komentar.skp_id)
    if not hak_percakapan(skp, oleh, supervisi).boleh_selesai:
        raise TidakBerwenang(
            "Hanya validator SKP ini yang dapat menandai catatan selesai atau membukanya lagi."
        )
    akar = _akar(komentar, skp)
    if selesai and akar.is_selesai:
        raise SkpError(
            f"Catatan ini sudah {_keterangan_selesai(akar)}. Muat ulang halaman untuk melihat "
            "keadaan terbaru."
        )
    if not selesai and not akar.is_selesai:
        raise SkpError(
            "Catatan ini belum ditandai selesai (mungkin sudah dibuka lagi dari halaman lain), "
            "sehingga tidak perlu dibuka lagi."
        )
    akar.selesai_pada, akar.selesai_oleh = (timezone.now(), oleh) if selesai else (None, None)
    akar.save(update_fields=["selesai_pada", "selesai_oleh"])
    catat_audit(
        "skp.komentar.selesai" if selesai else "skp.komentar.buka",
        aktor=oleh,
        objek=skp,
        ringkasan=(
            f"Catatan {_ringkasan(skp)} " + ("ditandai selesai." if selesai else "dibuka lagi.")
        ),
        komentar=akar.pk,
    )
    return akar


@transaction.atomic
def komentar_pemberi_tugas(
    rk: RencanaKinerja, *, oleh: Pegawai, teks: str, kunci_kirim=None
) -> Komentar:
    """The official who assigned the work comments on that RK (its reader: not of the rest of
    the SKP), in any state of the SKP; the pegawai reads it beside the RK, and a copy goes to
    their pejabat penilai (DOMAIN.md §10, the seed's reporting lines)."""
    skp, supervisi = _kunci(rk.skp_id)
    rk = RencanaKinerja.objects.get(pk=rk.pk, skp=skp)
    if rk.pemberi_tugas_id is None or rk.pemberi_tugas_id != oleh.pk:
        raise TidakBerwenang("Hanya pemberi tugas yang dapat memberi catatan pada penugasan ini.")
    teks = rapikan_teks(teks)
    if not teks:
        raise IsianError("Tuliskan isi catatan.", "teks")
    if kunci_kirim and (sudah := Komentar.objects.filter(skp=skp, kunci_kirim=kunci_kirim).first()):
        return sudah
    komentar = Komentar.objects.create(
        skp=skp,
        rencana_kinerja=rk,
        rujukan=rk.teks,
        penulis=oleh,
        teks=teks,
        kunci_kirim=kunci_kirim,
    )
    catat_audit(
        "skp.komentar",
        aktor=oleh,
        objek=skp,
        ringkasan=f"Catatan pemberi tugas pada SKP {skp.periode.tahun} {skp.pegawai.nama_lengkap}.",
        komentar=komentar.pk,
        rencana_kinerja=rk.pk,
    )
    isi = f"{oleh.nama_lengkap} memberi catatan pada penugasan «{ringkas(rk.teks)}»:\n\n{teks}\n\n"
    antrekan_pesan(
        skp.pegawai,
        f"Catatan pemberi tugas: {ringkas(rk.teks)}",
        isi + f"Lihat di SKP Anda: {tautan(reverse('skp:detail', args=[skp.pk]))}\n",
    )
    penilai = supervisi.atasan_langsung if supervisi else None
    if penilai is not None and penilai.pk != oleh.pk:
        antrekan_pesan(
            penilai,
            f"Tembusan: catatan pemberi tugas untuk {skp.pegawai.nama_lengkap}",
            isi + f"(Tembusan kepada Anda sebagai pejabat penilai {skp.pegawai.nama_lengkap}.)\n"
            f"{tautan(reverse('skp:tinjau', args=[skp.pk]))}\n",
        )
    return komentar
