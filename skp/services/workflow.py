"""The validation workflow (DOMAIN.md §6) as one service per action, each with the four beats
of STYLE.md: lock and check against current data; save only what changed; transition and
audit rows in the same transaction; the email queued in the same transaction (skp.notifikasi)."""

import datetime
import uuid

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Pegawai
from accounts.services import catat_audit
from periode.models import Periode, Supervisi
from skp.dokumen import header_snapshot
from skp.exceptions import SkpError
from skp.lampiran import isi_versi_lampiran
from skp.models import (
    Indikator,
    JenisRencanaKinerja,
    Komentar,
    RencanaKinerja,
    Skp,
    SkpTransisi,
    SkpVersi,
    StatusSkp,
)
from skp.notifikasi import antrekan
from skp.perilaku import isi_perilaku
from skp.revisi import pastikan_revisi, tandai_berubah
from skp.services.drafting import masalah_rencana_kinerja
from skp.workflow import AKSI_URL, Transisi, alasan_jendela, berwenang, pelaku_untuk
from skp.workflow import transisi_berlaku as _transisi_berlaku


class TidakBerwenang(SkpError):
    """The actor holds no role that could ever take this action on this SKP (HTTP 403)."""


class StatusTidakSesuai(SkpError):
    """The action does not apply to the SKP's state now, or it is not this actor's turn."""


class IsiBelumLengkap(SkpError):
    """The content is not ready to submit; `butir` lists what to fix."""

    def __init__(self, butir: list[str]):
        self.butir = butir
        super().__init__(
            "SKP belum dapat diajukan. Perbaiki dulu: " + " ".join(f"• {b}" for b in butir)
        )


def kunci_dengan_supervisi(skp_id: int) -> tuple[Skp, Supervisi | None]:
    """Lock the SKP row, then read its periode under a share lock and the current supervision.

    The share lock on the periode lets submissions run side by side while an admin who
    changes the windows (an UPDATE of that row) waits for them, and they for him: a
    submission always judges the window the admin's change left, never a stale one."""
    # `of`: not the joined pegawai row too (a matriks apply holding this SKP, then inserting
    # an email row pointing at the pegawai, would deadlock with it).
    skp = Skp.objects.select_for_update(of=("self",)).select_related("pegawai").get(pk=skp_id)
    if connection.features.has_select_for_update:
        skp.periode = Periode.objects.raw(
            "SELECT * FROM skp_periode WHERE id = %s FOR SHARE", [skp.periode_id]
        )[0]
    else:  # SQLite (development): a writer locks the whole database anyway
        skp.periode = Periode.objects.get(pk=skp.periode_id)
    supervisi = Supervisi.objects.filter(
        pegawai_id=skp.pegawai_id, periode_id=skp.periode_id
    ).first()
    return skp, supervisi


def periksa_transisi(
    skp: Skp,
    aksi: frozenset,
    oleh: Pegawai,
    supervisi: Supervisi | None,
    today: datetime.date | None = None,
    revisi: int | None = None,
) -> Transisi:
    """The transition `oleh` may take now, or SkpError: TidakBerwenang (no role for this
    action), SkpBerubah (the SKP moved on since the page at `revisi`), else a wrong state or
    a closed window."""
    peran = pelaku_untuk(skp, oleh, supervisi)
    if not berwenang(aksi, peran):
        raise TidakBerwenang("Anda tidak berwenang melakukan tindakan ini pada SKP ini.")
    pastikan_revisi(skp, revisi)
    transisi = _transisi_berlaku(aksi, peran, skp.status)
    if transisi is None:
        raise StatusTidakSesuai(
            f"SKP ini berstatus {skp.get_status_display()}; tindakan ini tidak dapat dilakukan "
            "pada status tersebut atau bukan giliran Anda. Muat ulang halaman untuk melihat "
            "keadaan terbaru."
        )
    alasan = alasan_jendela(transisi, skp, oleh, today)
    if alasan:
        raise SkpError(alasan)
    return transisi


def _urut(rencana) -> list[RencanaKinerja]:
    """Form order: section A (utama) before B (tambahan), then by position."""
    return sorted(rencana, key=lambda rk: (rk.jenis != JenisRencanaKinerja.UTAMA, rk.urutan, rk.pk))


def kekurangan_isi(skp: Skp, rencana: list[RencanaKinerja] | None = None) -> list[str]:
    """What keeps this SKP from being submitted (empty when it is ready), item by item;
    `rencana`: its RK with their IKI, when the caller loaded them in this request."""
    if rencana is None:
        rencana = RencanaKinerja.objects.filter(skp=skp).prefetch_related("indikator")
    rencana = _urut(rencana)
    istilah = skp.profil.istilah
    if not any(rk.jenis == JenisRencanaKinerja.UTAMA for rk in rencana):
        return [f"Tuliskan minimal satu {istilah.rk} pada bagian {istilah.bagian_utama}."]
    butir, nomor = [], {JenisRencanaKinerja.UTAMA: 0, JenisRencanaKinerja.TAMBAHAN: 0}
    for rk in rencana:
        nomor[rk.jenis] += 1
        huruf = "A" if rk.jenis == JenisRencanaKinerja.UTAMA else "B"
        nama = f"{istilah.rk_awal} {huruf}.{nomor[rk.jenis]} «{rk.teks[:60]}»"
        butir += [f"{nama}: {m}" for m in masalah_rencana_kinerja(rk, skp=skp)]
    return butir


def rencana_untuk_versi(skp: Skp):
    """The SKP's RK with what a version keeps of them (intervened RK, IKI): one read."""
    return (
        RencanaKinerja.objects.filter(skp=skp)
        .select_related("intervensi")
        .prefetch_related("indikator")
    )


def isi_versi(skp: Skp, rencana: list[RencanaKinerja] | None = None) -> list[dict]:
    """The content as plain data: what SkpVersi keeps and what the history compares;
    `rencana`: its RK with their intervensi and IKI, when the caller loaded them."""
    rencana = _urut(rencana_untuk_versi(skp) if rencana is None else rencana)
    kualitatif = skp.is_kualitatif
    return [
        {
            "id": rk.pk,
            "jenis": rk.jenis,
            "teks": rk.teks,
            "intervensi": rk.intervensi.teks if rk.intervensi_id else rk.intervensi_teks_bebas,
            # Only where set (a JPT's RHK under 6/2022): earlier versions keep their shape.
            **{
                f: getattr(rk, f)
                for f in ("perspektif", "penugasan_dari", "penugasan_sk")
                if getattr(rk, f)
            },
            # A kualitatif SKP keeps the narrative it shows; its hidden IKI rows are not part
            # of what was submitted.
            **({"ukuran_keberhasilan": rk.ukuran_keberhasilan} if kualitatif else {}),
            "indikator": []
            if kualitatif
            else [
                {"id": iki.pk, "aspek": iki.aspek, "teks": iki.teks, "target": iki.target_tampil}
                for iki in rk.indikator.all()
            ],
        }
        for rk in rencana
    ]


def simpan_versi(skp: Skp, header: dict, rencana: list[RencanaKinerja]) -> SkpVersi:
    """The next numbered version of `skp` as it is now (call under its lock): `header` as
    frozen, `rencana` read by `rencana_untuk_versi`."""
    return SkpVersi.objects.create(
        skp=skp,
        nomor=SkpVersi.objects.filter(skp=skp).count() + 1,
        header=header,
        isi=isi_versi(skp, rencana),
        perilaku=isi_perilaku(skp),
        lampiran=isi_versi_lampiran(skp),
        pendekatan=skp.pendekatan if skp.profil.pendekatan else "",
        model_form=skp.model_form,
    )


def _versi_terakhir(skp: Skp) -> SkpVersi | None:
    """The version the transition row points at (its key only: not its header and content)."""
    return SkpVersi.objects.filter(skp=skp).only("pk").order_by("-nomor").first()


def _catat(skp: Skp, t: Transisi, dari: str, oleh: Pegawai, catatan: str = "", versi=None):
    """The transition row, the audit row and the queued email of a step the service saved."""
    transisi = SkpTransisi.objects.create(
        skp=skp, aksi=t.aksi, dari=dari, ke=t.ke, aktor=oleh, catatan=catatan, versi=versi
    )
    catat_audit(
        f"skp.{t.aksi}",
        aktor=oleh,
        objek=skp,
        ringkasan=(
            f"SKP {skp.periode.tahun} {skp.pegawai.nama_lengkap}: "
            f"{StatusSkp(dari).label} → {StatusSkp(t.ke).label}."
        ),
        dari=dari,
        ke=t.ke,
        catatan=catatan,
        transisi=transisi.pk,
    )
    antrekan(transisi)  # sent by the worker once this transaction commits
    return transisi


@transaction.atomic
def ajukan_skp(
    skp: Skp, *, oleh: Pegawai, today: datetime.date | None = None, revisi: int | None = None
) -> Skp:
    """Submit the SKP to the atasan langsung (Draf/Dikembalikan → Diajukan): snapshot the
    header and keep the content as a new version. `revisi`: what the confirmation showed."""
    skp, supervisi = kunci_dengan_supervisi(skp.pk)
    t = periksa_transisi(skp, AKSI_URL["ajukan"], oleh, supervisi, today, revisi)
    # One read of the content, under the lock, for the check and for the version.
    rencana = list(rencana_untuk_versi(skp))
    butir = kekurangan_isi(skp, rencana)
    if butir:
        raise IsiBelumLengkap(butir)
    if supervisi is None or (
        supervisi.atasan_langsung_id is None and supervisi.atasan_penilai_id is None
    ):
        raise SkpError(
            "Atasan langsung Anda pada periode ini belum ditetapkan, sehingga SKP belum dapat "
            "diajukan. Hubungi admin kepegawaian."
        )
    header = header_snapshot(skp)
    versi = simpan_versi(skp, header, rencana)
    dari = skp.status
    skp.status, skp.snapshot_header, skp.diajukan_pada = t.ke, header, timezone.now()
    tandai_berubah(skp, "diajukan", oleh, fields=("status", "snapshot_header", "diajukan_pada"))
    _catat(skp, t, dari, oleh, versi=versi)
    return skp


@transaction.atomic
def setujui_skp(
    skp: Skp, *, oleh: Pegawai, today: datetime.date | None = None, revisi: int | None = None
) -> Skp:
    """Approve the current validation step: the atasan langsung (Diajukan → Disetujui atasan
    langsung, or straight to Ditetapkan without a distinct atasan penilai), then the atasan
    penilai (→ Ditetapkan)."""
    skp, supervisi = kunci_dengan_supervisi(skp.pk)
    t = periksa_transisi(skp, AKSI_URL["setujui"], oleh, supervisi, today, revisi)
    dari = skp.status
    skp.status = t.ke
    tandai_berubah(skp, StatusSkp(t.ke).label.lower(), oleh, fields=("status",))
    versi = _versi_terakhir(skp)
    _catat(skp, t, dari, oleh, versi=versi)
    return skp


@transaction.atomic
def kembalikan_skp(
    skp: Skp,
    *,
    oleh: Pegawai,
    catatan: str,
    today: datetime.date | None = None,
    revisi: int | None = None,
) -> Skp:
    """Return the SKP to the pegawai for correction, with a required note."""
    catatan = (catatan or "").strip()
    skp, supervisi = kunci_dengan_supervisi(skp.pk)
    t = periksa_transisi(skp, AKSI_URL["kembalikan"], oleh, supervisi, today, revisi)
    if not catatan:
        raise SkpError(
            "Tuliskan catatan: apa yang perlu diperbaiki pegawai sebelum mengajukan lagi."
        )
    dari = skp.status
    skp.status = t.ke
    tandai_berubah(skp, "dikembalikan", oleh, fields=("status",))
    versi = _versi_terakhir(skp)
    _catat(skp, t, dari, oleh, catatan=catatan, versi=versi)
    return skp


def dapat_berkomentar(skp: Skp, oleh: Pegawai, supervisi: Supervisi | None) -> bool:
    """The validator of the current step may comment on single RK/IKI."""
    peran = pelaku_untuk(skp, oleh, supervisi)
    return _transisi_berlaku(AKSI_URL["kembalikan"], peran, skp.status) is not None


@transaction.atomic
def tambah_komentar(
    skp: Skp,
    *,
    oleh: Pegawai,
    teks: str,
    rencana_kinerja: RencanaKinerja | None = None,
    indikator: Indikator | None = None,
    kunci_kirim: uuid.UUID | None = None,
) -> Komentar:
    """A validator's comment on one RK or IKI of the SKP (or on the whole SKP); a form sent
    twice (`kunci_kirim` seen before) adds one."""
    teks = (teks or "").strip()
    skp, supervisi = kunci_dengan_supervisi(skp.pk)
    if not dapat_berkomentar(skp, oleh, supervisi):
        if not berwenang(AKSI_URL["kembalikan"], pelaku_untuk(skp, oleh, supervisi)):
            raise TidakBerwenang("Hanya validator SKP ini yang dapat memberi catatan.")
        raise SkpError(
            f"SKP ini berstatus {skp.get_status_display()}; catatan hanya dapat diberikan oleh "
            "validator pada tahap yang sedang berjalan."
        )
    if not teks:
        raise SkpError("Tuliskan isi catatan.")
    if indikator is not None:
        rencana_kinerja = indikator.rencana_kinerja
    if rencana_kinerja is not None and rencana_kinerja.skp_id != skp.pk:
        raise SkpError("Butir yang dipilih bukan bagian dari SKP ini.")
    if kunci_kirim and (sudah := Komentar.objects.filter(skp=skp, kunci_kirim=kunci_kirim).first()):
        return sudah
    rujukan = (indikator or rencana_kinerja).teks if (indikator or rencana_kinerja) else ""
    komentar = Komentar.objects.create(
        skp=skp,
        rencana_kinerja=rencana_kinerja,
        indikator=indikator,
        rujukan=rujukan,
        penulis=oleh,
        teks=teks,
        kunci_kirim=kunci_kirim,
    )
    catat_audit(
        "skp.komentar",
        aktor=oleh,
        objek=skp,
        ringkasan=f"Catatan pada SKP {skp.periode.tahun} {skp.pegawai.nama_lengkap}.",
        komentar=komentar.pk,
        rencana_kinerja=rencana_kinerja.pk if rencana_kinerja else None,
        indikator=indikator.pk if indikator else None,
    )
    return komentar
