"""Comments as conversations (issue 17.7): the pegawai and the SKP's validators answer a
validator's comment, and a validator marks it resolved (or opens it again). The official who
assigned an RK (a penugasan, DOMAIN.md §10) opens conversations on that RK and takes part in
them, with a copy to the pejabat penilai; every reply is emailed to the conversation's other
participants. Whatever the SKP's
status: a conversation is not content, so it neither needs a window nor bumps the SKP's revisi
(the editor's stored cards carry the conversations' own version, skp.views.drafting)."""

from dataclasses import dataclass
import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.formatting import kalimat
from accounts.models import Pegawai
from accounts.peran import Peran
from accounts.services import catat_audit
from periode.models import Supervisi
from skp.exceptions import SkpError
from skp.models import PANJANG_TEKS, Komentar, RencanaKinerja, Skp
from skp.notifikasi import antrekan_pesan, tautan
from skp.revisi import ringkas
from skp.services.dasar import IsianError, rapikan_teks
from skp.services.workflow import TidakBerwenang, kunci_dengan_supervisi
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


# Where the official who assigned an RK reads its conversations (he is no reader of the SKP):
# callables rk -> a path or None, registered by the layer that routes penugasan
# (PenugasanConfig.ready), so skp never imports it.
TAUTAN_PEMBERI_TUGAS: list = []


def is_percakapan_pemberi_tugas(akar: Komentar) -> bool:
    """Whether the conversation is one the RK's assigner opened on the RK he assigned."""
    rk = akar.rencana_kinerja
    return (
        rk is not None
        and rk.pemberi_tugas_id is not None
        and (akar.penulis_id == rk.pemberi_tugas_id)
    )


def hak_percakapan(
    skp: Skp, oleh: Pegawai, supervisi: Supervisi | None, akar: Komentar | None = None
) -> HakPercakapan:
    """The SKP's own pegawai replies; its validators (whoever could return it: the atasan
    langsung, and the atasan penilai where the periode has a second step) reply and resolve.
    In the conversation `akar` (its root, with its RK) the RK's pemberi tugas replies too,
    when it is one he opened: the reader of that RK only, never of the rest of the SKP."""
    peran = pelaku_untuk(skp, oleh, supervisi)
    validator = berwenang(AKSI_URL["kembalikan"], peran)
    pemberi = (
        akar is not None
        and is_percakapan_pemberi_tugas(akar)
        and akar.rencana_kinerja.pemberi_tugas_id == oleh.pk
    )
    return HakPercakapan(
        boleh_balas=validator or Peran.PEMILIK in peran or pemberi, boleh_selesai=validator
    )


def _akar(komentar: Komentar, skp: Skp) -> Komentar:
    """The conversation's root as it is now (read under the SKP's lock): a reply to a reply is
    one to its root."""
    return Komentar.objects.select_related("selesai_oleh", "rencana_kinerja").get(
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
    """A reply by the SKP's pegawai, one of its validators or (in his conversation on the RK
    he assigned) the pemberi tugas, on the same item as the root, while the conversation is
    open; a form sent twice (`kunci_kirim` seen before) adds one. The other participants are
    emailed (queued in this transaction, sent once it commits)."""
    teks = (teks or "").strip()
    skp, supervisi = kunci_dengan_supervisi(komentar.skp_id)
    akar = _akar(komentar, skp)
    if not hak_percakapan(skp, oleh, supervisi, akar).boleh_balas:
        raise TidakBerwenang(
            "Hanya pegawai pemilik SKP dan validatornya (serta pemberi tugas, pada catatan "
            "yang ia mulai) yang dapat membalas catatan ini."
        )
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
    _kabari_balasan(skp, supervisi, akar, balasan)
    return balasan


def _tautan_untuk(penerima: Pegawai, skp: Skp, supervisi, akar: Komentar) -> str:
    """The page where `penerima` reads the conversation: the pegawai their SKP, the assigner
    the penugasan's page, a validator the review page."""
    jangkar = f"#komentar-{akar.pk}"
    if penerima.pk == skp.pegawai_id:
        return tautan(reverse("skp:detail", args=[skp.pk]) + jangkar)
    validator = supervisi is not None and penerima.pk in (
        supervisi.atasan_langsung_id,
        supervisi.atasan_penilai_id,
    )
    rk = akar.rencana_kinerja
    if not validator and rk is not None and penerima.pk == rk.pemberi_tugas_id:
        for sumber in TAUTAN_PEMBERI_TUGAS:
            if path := sumber(rk):
                return tautan(path)
    return tautan(reverse("skp:tinjau", args=[skp.pk]) + jangkar)


def _kabari_balasan(skp: Skp, supervisi, akar: Komentar, balasan: Komentar) -> None:
    """The reply to the conversation's other participants: the pegawai, who opened it and who
    replied, and in an assigner's conversation the pejabat penilai (the tembusan of §10)."""
    penulis = Komentar.objects.filter(induk=akar).values_list("penulis_id", flat=True)
    ids = {skp.pegawai_id, akar.penulis_id, *penulis}
    tembusan = None
    if is_percakapan_pemberi_tugas(akar) and supervisi and supervisi.atasan_langsung_id:
        tembusan = supervisi.atasan_langsung_id
        ids.add(tembusan)
    ids.discard(balasan.penulis_id)
    ids.discard(None)
    oleh = balasan.penulis
    butir = ringkas(akar.rujukan) if akar.rujukan else "SKP secara umum"
    for penerima in Pegawai.objects.filter(pk__in=ids).order_by("pk"):
        salinan = (
            f"({kalimat(f'Tembusan kepada Anda sebagai pejabat penilai {skp.pegawai.nama_lengkap}')})\n"
            if penerima.pk == tembusan and penerima.pk != akar.penulis_id
            else ""
        )
        antrekan_pesan(
            penerima,
            f"Balasan pada catatan: {butir}",
            f"{oleh.nama_lengkap} membalas catatan pada «{butir}» di SKP {skp.periode.tahun} "
            f"{skp.pegawai.nama_lengkap}:\n\n{balasan.teks}\n\n{salinan}"
            f"Lihat percakapannya: {_tautan_untuk(penerima, skp, supervisi, akar)}\n",
        )


@transaction.atomic
def tandai_selesai(komentar: Komentar, *, oleh: Pegawai, selesai: bool = True) -> Komentar:
    """A validator marks the conversation resolved (`selesai=False`: opens it again). A second
    tab's stale button is refused with what happened meanwhile."""
    skp, supervisi = kunci_dengan_supervisi(komentar.skp_id)
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
    skp, supervisi = kunci_dengan_supervisi(rk.skp_id)
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
            isi
            + f"({kalimat(f'Tembusan kepada Anda sebagai pejabat penilai {skp.pegawai.nama_lengkap}')})\n"
            f"{tautan(reverse('skp:tinjau', args=[skp.pk]))}\n",
        )
    return komentar
