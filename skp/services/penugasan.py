"""A penugasan's work written into the assignee's SKP (DOMAIN.md §10). The penugasan app
routes an assignment (who agrees, who confirms); when it is agreed, these two services are the
only way its RK enters an SKP (and `keluarkan_rk_penugasan` the only way it leaves, when the
assigner withdraws it):

- `tambah_rk_penugasan`: while the owner could edit the SKP (Draf or Dikembalikan in its
  window), added directly, on the owner's behalf, like a matriks cell;
- `terima_rk_penugasan`: the pejabat penilai accepts it into an SKP the owner cannot edit
  (submitted, approved or ditetapkan): the SKP keeps its state and gains a version (the
  earlier one stays in the history and printable), with a transition row, an audit row and
  an email to the owner, without reopening the rest of the SKP."""

from dataclasses import dataclass
import datetime

from django.db import transaction
from django.urls import reverse

from accounts.models import Pegawai
from accounts.services import catat_audit
from periode.models import Periode
from skp.dokumen import header_snapshot
from skp.exceptions import SkpError
from skp.models import (
    AksiSkp,
    AsalRencanaKinerja,
    Aspek,
    Indikator,
    JenisRencanaKinerja,
    RencanaKinerja,
    Skp,
    SkpTransisi,
    StatusSkp,
)
from skp.notifikasi import antrekan_pesan, tautan
from skp.revisi import ringkas, tandai_berubah
from skp.rules import alasan_tidak_dapat_diedit
from skp.services.dasar import IsianError, kunci_untuk_diubah, urutan_berikut
from skp.services.drafting import (
    IsianIndikator,
    model_form_bawaan,
    periksa_indikator,
    periksa_intervensi,
    periksa_teks_rk,
)
from skp.services.workflow import (
    TidakBerwenang,
    kunci_dengan_supervisi,
    rencana_untuk_versi,
    simpan_versi,
)
from skp.target import TargetTidakSah, periksa_target

# The states in which the owner writes the SKP; in the others it is under validation or done.
_DAPAT_DITULIS = (StatusSkp.DRAF, StatusSkp.DIKEMBALIKAN)


@dataclass(frozen=True)
class IsianPenugasan:
    """The RK a penugasan becomes: its expected result, in which section, who gave it (as
    printed, and the pegawai when the official is one here), the SK, and optionally its IKI
    (Kuantitas) with a target, and for Kinerja Utama the intervened RK."""

    teks: str
    penugasan_dari: str
    jenis: str = JenisRencanaKinerja.TAMBAHAN
    penugasan_sk: str = ""
    pemberi_tugas_id: int | None = None
    iki_teks: str = ""
    target: str = ""
    satuan: str = ""
    intervensi_id: int | None = None
    intervensi_teks_bebas: str = ""


@dataclass(frozen=True)
class DiterimaKeSkp:
    """What an acceptance made: the RK, and the SKP version it entered as (None when it went
    into an SKP its owner could still write, which keeps no version)."""

    rencana_kinerja: RencanaKinerja
    versi: int | None


def dapat_ditulis_langsung(skp: Skp, today: datetime.date | None = None) -> bool:
    """Whether a penugasan goes straight into `skp` (its owner could write it now), rather
    than as a change the pejabat penilai accepts into a new version."""
    return not alasan_tidak_dapat_diedit(skp, skp.pegawai, today)


def _indikator(skp: Skp, isian: IsianPenugasan, *, wajib: bool) -> dict | None:
    """The Kuantitas IKI of the penugasan as an Indikator's fields, None when it names none
    (allowed only where the owner can still add one: the RK is flagged until then)."""
    iki_teks = (isian.iki_teks or "").strip()
    if not iki_teks and not isian.target.strip():
        if wajib:
            raise IsianError(
                "SKP ini sudah diajukan, sehingga pegawai tidak dapat melengkapinya: tuliskan "
                "indikator kuantitas dan targetnya.",
                "iki_teks",
            )
        return None
    try:
        target, satuan = periksa_target(isian.target, isian.satuan)
    except TargetTidakSah as exc:
        raise IsianError(str(exc), "target") from exc
    try:
        return periksa_indikator(
            IsianIndikator(
                aspek=Aspek.KUANTITAS,
                teks=iki_teks,
                target_min=target.bawah,
                target_max=target.atas,
                target_teks=target.teks,
                satuan=satuan,
            )
        )
    except IsianError as exc:
        raise IsianError(str(exc), f"iki_{exc.field}" if exc.field else None) from exc


def _buat(skp: Skp, isian: IsianPenugasan, oleh: Pegawai, *, lengkap: bool) -> RencanaKinerja:
    """The RK (and its IKI) at the end of its section. `lengkap`: it must be complete now (the
    owner cannot edit the SKP any more), else what is missing is flagged on their page."""
    if isian.jenis not in JenisRencanaKinerja.values:
        raise IsianError("Pilih bagian: kinerja utama atau kinerja tambahan.", "jenis")
    teks = periksa_teks_rk(isian.teks, skp)
    dari = " ".join((isian.penugasan_dari or "").split())
    if not dari or len(dari) > 200:
        raise IsianError("Nama pemberi penugasan wajib diisi, paling banyak 200 karakter.")
    intervensi, teks_bebas = None, ""
    ada_intervensi = isian.intervensi_id or isian.intervensi_teks_bebas.strip()
    if isian.jenis == JenisRencanaKinerja.UTAMA and (ada_intervensi or lengkap):
        intervensi, teks_bebas = periksa_intervensi(
            skp, isian.jenis, isian.intervensi_id, isian.intervensi_teks_bebas
        )
    ukuran = ""
    nilai_iki = None
    if skp.is_kualitatif:
        ukuran = " ".join(
            b for b in (isian.iki_teks.strip(), isian.target.strip(), isian.satuan.strip()) if b
        )
        if not ukuran and lengkap:
            raise IsianError("Tuliskan ukuran keberhasilan penugasan ini.", "iki_teks")
    else:
        nilai_iki = _indikator(skp, isian, wajib=lengkap)
    rk = RencanaKinerja.objects.create(
        skp=skp,
        jenis=isian.jenis,
        teks=teks,
        intervensi=intervensi,
        intervensi_teks_bebas=teks_bebas,
        asal=AsalRencanaKinerja.PENUGASAN,
        penugasan_dari=dari,
        penugasan_sk=" ".join((isian.penugasan_sk or "").split())[:200],
        pemberi_tugas_id=isian.pemberi_tugas_id,
        ukuran_keberhasilan=ukuran,
        urutan=urutan_berikut(skp.rencana_kinerja.filter(jenis=isian.jenis)),
    )
    if nilai_iki is not None:
        Indikator.objects.create(rencana_kinerja=rk, urutan=0, **nilai_iki)
    catat_audit(
        "skp.rk.penugasan",
        aktor=oleh,
        objek=rk,
        skp=skp.pk,
        jenis=isian.jenis,
        ringkasan=f"{skp.profil.istilah.rk_awal} dari penugasan ({dari}): {teks[:100]}",
    )
    return rk


@transaction.atomic
def tambah_rk_penugasan(
    skp: Skp, *, isian: IsianPenugasan, oleh: Pegawai, today: datetime.date | None = None
) -> RencanaKinerja:
    """Add the agreed work to an SKP its owner can write now (SkpError otherwise: then it is
    `terima_rk_penugasan`'s). `oleh`: who agreed (the owner's pejabat penilai, or the owner
    confirming it)."""
    skp = kunci_untuk_diubah(skp, None, today)
    rk = _buat(skp, isian, oleh, lengkap=False)
    tandai_berubah(
        skp, f"{skp.profil.istilah.rk} «{ringkas(rk.teks)}» ditambahkan dari penugasan", oleh
    )
    return rk


@transaction.atomic
def terima_rk_penugasan(
    skp: Skp, *, isian: IsianPenugasan, oleh: Pegawai, today: datetime.date | None = None
) -> DiterimaKeSkp:
    """The pejabat penilai accepts the agreed work into an SKP its owner cannot write: the RK
    is added complete and, when the SKP was submitted, kept as a new version with a
    "perubahan" transition in its history (the state stays), audited and emailed to the
    owner. Under the lock, against the current supervision."""
    skp, supervisi = kunci_dengan_supervisi(skp.pk)
    if supervisi is None or supervisi.atasan_langsung_id != oleh.pk:
        raise TidakBerwenang(
            "Hanya pejabat penilai kinerja pegawai ini yang dapat menerima penugasan ke SKP-nya."
        )
    if dapat_ditulis_langsung(skp, today):
        # The owner can write it again (returned meanwhile): an ordinary addition.
        rk = _buat(skp, isian, oleh, lengkap=False)
        tandai_berubah(skp, f"{skp.profil.istilah.rk} ditambahkan dari penugasan", oleh)
        return DiterimaKeSkp(rk, None)
    rk = _buat(skp, isian, oleh, lengkap=True)
    versi = None
    if skp.status not in _DAPAT_DITULIS:
        versi = _versi_baru(skp)
    dari = skp.status
    tandai_berubah(
        skp, f"{skp.profil.istilah.rk} «{ringkas(rk.teks)}» diterima dari penugasan", oleh
    )
    if versi is not None:
        catatan = (
            f"Penugasan «{ringkas(rk.teks)}» ({rk.keterangan_penugasan}) diterima ke SKP "
            f"sebagai versi {versi.nomor}."
        )
        transisi = SkpTransisi.objects.create(
            skp=skp,
            aksi=AksiSkp.PERUBAHAN,
            dari=dari,
            ke=dari,
            aktor=oleh,
            catatan=catatan,
            versi=versi,
        )
        catat_audit(
            "skp.perubahan",
            aktor=oleh,
            objek=skp,
            ringkasan=f"SKP {skp.periode.tahun} {skp.pegawai.nama_lengkap}: {catatan}",
            transisi=transisi.pk,
            rencana_kinerja=rk.pk,
            versi=versi.nomor,
        )
        antrekan_pesan(
            skp.pegawai,
            f"Penugasan masuk ke SKP {skp.periode.tahun} Anda (versi {versi.nomor})",
            f"{oleh.nama_lengkap} menerima penugasan berikut ke SKP {skp.periode.tahun} Anda "
            f"sebagai versi {versi.nomor}; bagian lain SKP tidak berubah.\n\n"
            f"{rk.teks}\n({rk.keterangan_penugasan})\n\n"
            f"Lihat SKP: {tautan(reverse('skp:detail', args=[skp.pk]))}\n",
        )
    return DiterimaKeSkp(rk, versi.nomor if versi else None)


def _versi_baru(skp: Skp):
    """The next version of a submitted SKP, as it is now (the lock is held): the header as
    frozen at submission, the content read afresh."""
    header = skp.snapshot_header or header_snapshot(skp)
    return simpan_versi(skp, header, list(rencana_untuk_versi(skp)))


@transaction.atomic
def keluarkan_rk_penugasan(
    rk: RencanaKinerja, *, oleh: Pegawai, alasan: str, today: datetime.date | None = None
) -> int | None:
    """A withdrawn penugasan leaves the SKP by the acceptance's path backwards: removed from an
    SKP its owner can still write; from a submitted, approved or ditetapkan one as a new
    version with a "perubahan" transition (the state stays, the earlier version stays in the
    history and printable). Returns that version's number (None: no version was needed).
    Refused (SkpError, nothing changed) when a bawahan's RK intervenes it, or when it is the
    only Kinerja Utama of an SKP nobody can complete any more. Who may withdraw is the
    penugasan's rule; this service only keeps the SKP whole."""
    skp, _ = kunci_dengan_supervisi(rk.skp_id)
    rk = RencanaKinerja.objects.filter(pk=rk.pk, skp=skp).first()
    if rk is None:
        return None  # the RK is gone already (removed with its SKP's mutasi, say)
    istilah = skp.profil.istilah
    if rk.asal != AsalRencanaKinerja.PENUGASAN:
        raise SkpError(f"{istilah.rk_awal} ini bukan berasal dari penugasan.")
    jumlah = rk.diintervensi.count()
    if jumlah:
        raise SkpError(
            f"{istilah.rk_awal} penugasan ini diintervensi oleh {jumlah} {istilah.rk} bawahan "
            f"{skp.pegawai.nama_lengkap}. Minta mereka memilih {istilah.rk} lain lebih dulu, "
            "lalu tarik lagi."
        )
    langsung = dapat_ditulis_langsung(skp, today)
    dengan_versi = not langsung and skp.status not in _DAPAT_DITULIS
    if (
        not langsung
        and rk.jenis == JenisRencanaKinerja.UTAMA
        and not skp.rencana_kinerja.filter(jenis=JenisRencanaKinerja.UTAMA)
        .exclude(pk=rk.pk)
        .exists()
    ):
        raise SkpError(
            f"Penugasan ini satu-satunya {istilah.bagian_utama} di SKP "
            f"{skp.pegawai.nama_lengkap} yang sudah {skp.get_status_display().lower()}; tanpa "
            f"{istilah.bagian_utama} SKP itu tidak sah. Penugasan belum ditarik: bicarakan "
            "dengan pejabat penilainya."
        )
    teks, keterangan = rk.teks, rk.keterangan_penugasan
    catat_audit(
        "skp.rk.penugasan_ditarik",
        aktor=oleh,
        objek=rk,
        skp=skp.pk,
        teks=teks,
        alasan=alasan,
        indikator=list(rk.indikator.values("aspek", "teks")),
        ringkasan=f"{istilah.rk_awal} dari penugasan ({keterangan}) dikeluarkan: {teks[:100]}",
    )
    dari = skp.status
    rk.delete()
    tandai_berubah(skp, f"{istilah.rk} «{ringkas(teks)}» dikeluarkan: penugasannya ditarik", oleh)
    if not dengan_versi:
        return None
    versi = _versi_baru(skp)
    catatan = (
        f"Penugasan «{ringkas(teks)}» ({keterangan}) ditarik pemberi tugas dan dikeluarkan "
        f"dari SKP sebagai versi {versi.nomor}. Alasan: {alasan}"
    )
    transisi = SkpTransisi.objects.create(
        skp=skp,
        aksi=AksiSkp.PERUBAHAN,
        dari=dari,
        ke=dari,
        aktor=oleh,
        catatan=catatan,
        versi=versi,
    )
    catat_audit(
        "skp.perubahan",
        aktor=oleh,
        objek=skp,
        ringkasan=f"SKP {skp.periode.tahun} {skp.pegawai.nama_lengkap}: {catatan}",
        transisi=transisi.pk,
        versi=versi.nomor,
    )
    return versi.nomor


@dataclass(frozen=True)
class PilihanIntervensi:
    """What the pejabat penilai chooses from when agreeing to Kinerja Utama: the RK of the
    pimpinan the SKP editor offers (`ada_kolom`: False on the JPT form, which has no
    intervensi column)."""

    ada_kolom: bool
    pilihan: list
    judul: str = ""  # the column's name in the profile's words ("RHK pimpinan yang …")


def _skp_untuk_pilihan(pegawai: Pegawai, periode: Periode) -> Skp:
    """The assignee's SKP of `periode`, or (not started yet) the one they would start: the
    same choices and checks either way."""
    skp = Skp.objects.terkini_untuk(pegawai, periode)
    if skp is None:
        skp = Skp(pegawai=pegawai, periode=periode, model_form=model_form_bawaan(pegawai))
    return skp


def pilihan_intervensi_penugasan(pegawai: Pegawai, periode: Periode) -> PilihanIntervensi:
    """The intervensi choices of `pegawai`'s SKP (RencanaKinerja.objects.pilihan_intervensi,
    in the editor's order): one query, none on the JPT form."""
    skp = _skp_untuk_pilihan(pegawai, periode)
    judul = skp.profil.istilah.intervensi_awal
    if skp.is_jpt:
        return PilihanIntervensi(False, [], judul)
    pilihan = sorted(
        RencanaKinerja.objects.pilihan_intervensi(skp),
        key=lambda rk: (rk.jenis != JenisRencanaKinerja.UTAMA, rk.urutan, rk.pk),
    )
    return PilihanIntervensi(True, pilihan, judul)


def periksa_intervensi_penugasan(
    pegawai: Pegawai, periode: Periode, intervensi_id: int | None, teks_bebas: str
) -> tuple[int | None, str]:
    """The intervensi a Kinerja Utama penugasan names, checked as the editor checks an RK
    (skp.services.drafting.periksa_intervensi): (RK id or None, free text). IsianError."""
    skp = _skp_untuk_pilihan(pegawai, periode)
    rk, teks = periksa_intervensi(skp, JenisRencanaKinerja.UTAMA, intervensi_id, teks_bebas)
    return (rk.pk if rk else None), teks
