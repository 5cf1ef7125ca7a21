"""Everything that writes KPI and matriks data. Views and the demo loader call these.

"Terapkan ke SKP" follows DOMAIN.md §5 step 5: each peran hasil of the matriks becomes a
Kinerja Utama RK in that member's SKP, linked (intervensi) to the column's RK of the ketua tim.
kpi/terapkan.py plans it (the preview); the members' RK are written only through
skp/services/matriks.py, which never writes over what a member changed.
"""

from dataclasses import dataclass, field
import datetime
from decimal import Decimal
from itertools import groupby

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts.models import Pegawai, UnitKerja
from accounts.services import catat_audit
from kpi.models import (
    AnggotaMatriks,
    KolomMatriks,
    Kpi,
    MatriksPeranHasil,
    PeranHasil,
    SelMatriks,
)
from kpi.terapkan import Langkah, RencanaTerapkan, susun_rencana
from periode.models import Periode
from skp.models import RencanaKinerja, Skp
from skp.notifikasi import antrekan_pesan, tautan
from skp.services.dasar import rapikan_teks
from skp.services.matriks import (
    buat_rk_dari_matriks,
    laporkan_konflik_matriks,
    mulai_skp_dari_matriks,
    perbarui_rk_dari_matriks,
)

MAKS_PERAN_HASIL_PER_SEL = 5


class KpiError(Exception):
    """A rule of the KPI and matriks pages was broken; the message is Indonesian and safe to
    show. (A member's RK written through skp's services may still refuse with SkpError.)"""


# --- KPI divisi ------------------------------------------------------------------------------


def can_edit_kpi(pegawai: Pegawai, unit: UnitKerja) -> bool:
    """The admin kepegawaian and the kepala of that unit edit its KPI."""
    return pegawai.can_manage_kepegawaian or unit.kepala_id == pegawai.pk


def _pastikan_boleh_kpi(unit: UnitKerja, oleh: Pegawai) -> None:
    if not can_edit_kpi(oleh, unit):
        raise KpiError(f"Hanya kepala {unit.nama} atau admin kepegawaian yang dapat mengubah KPI.")


def _pastikan_pernyataan_unik(unit, periode, pernyataan: str, kecuali: int | None = None) -> None:
    sama = Kpi.objects.filter(unit_kerja=unit, periode=periode, pernyataan=pernyataan)
    if sama.exclude(pk=kecuali).exists():
        raise KpiError("KPI dengan pernyataan yang sama sudah ada untuk unit dan periode ini.")


@transaction.atomic
def buat_kpi(
    *,
    unit: UnitKerja,
    periode: Periode,
    pernyataan: str,
    target: Decimal | None = None,
    satuan: str = "",
    oleh: Pegawai | None,
) -> Kpi:
    """Add a KPI to a unit's list for a periode (at the end)."""
    if oleh is not None:
        _pastikan_boleh_kpi(unit, oleh)
    pernyataan = pernyataan.strip()
    _pastikan_pernyataan_unik(unit, periode, pernyataan)
    urutan = (
        Kpi.objects.filter(unit_kerja=unit, periode=periode).aggregate(m=Max("urutan"))["m"] or 0
    )
    kpi = Kpi.objects.create(
        unit_kerja=unit,
        periode=periode,
        pernyataan=pernyataan,
        target=target,
        satuan=satuan.strip(),
        urutan=urutan + 1,
    )
    catat_audit("kpi.buat", aktor=oleh, objek=kpi, ringkasan=f"KPI {unit.nama}: {pernyataan[:80]}")
    return kpi


@transaction.atomic
def ubah_kpi(
    kpi: Kpi, *, pernyataan: str, target: Decimal | None, satuan: str, oleh: Pegawai
) -> Kpi:
    """Change a KPI's statement, target or satuan; saves only what changed."""
    kpi = Kpi.objects.select_for_update().select_related("unit_kerja").get(pk=kpi.pk)
    _pastikan_boleh_kpi(kpi.unit_kerja, oleh)
    baru = {"pernyataan": pernyataan.strip(), "target": target, "satuan": satuan.strip()}
    _pastikan_pernyataan_unik(kpi.unit_kerja, kpi.periode_id, baru["pernyataan"], kecuali=kpi.pk)
    berubah = [f for f, v in baru.items() if getattr(kpi, f) != v]
    if berubah:
        sebelum = {f: str(getattr(kpi, f)) for f in berubah}
        for f in berubah:
            setattr(kpi, f, baru[f])
        kpi.save(update_fields=berubah)
        catat_audit(
            "kpi.ubah", aktor=oleh, objek=kpi, ringkasan=f"KPI diubah: {kpi}", sebelum=sebelum
        )
        # A column that copied this KPI's text keeps showing the current statement.
        KolomMatriks.objects.filter(kpi=kpi).update(judul=kpi.pernyataan)
    return kpi


@transaction.atomic
def hapus_kpi(kpi: Kpi, *, oleh: Pegawai) -> None:
    """Delete a KPI; matriks columns built on it keep its text as a free outcome."""
    kpi = Kpi.objects.select_for_update().select_related("unit_kerja").get(pk=kpi.pk)
    _pastikan_boleh_kpi(kpi.unit_kerja, oleh)
    catat_audit(
        "kpi.hapus",
        aktor=oleh,
        objek=kpi,
        ringkasan=f"KPI dihapus: {kpi}",
        pernyataan=kpi.pernyataan,
    )
    kpi.delete()


# --- Matriks: structure ----------------------------------------------------------------------


def _pastikan_ketua(matriks: MatriksPeranHasil, oleh: Pegawai) -> None:
    if oleh.pk != matriks.ketua_id:
        raise KpiError("Hanya ketua tim yang dapat mengubah matriks ini.")


def _sentuh(matriks: MatriksPeranHasil) -> None:
    matriks.diubah = timezone.now()
    matriks.save(update_fields=["diubah"])


@transaction.atomic
def buat_matriks(
    *,
    periode: Periode,
    nama: str,
    ketua: Pegawai,
    unit_kerja: UnitKerja | None = None,
    isi_anggota_unit: bool = False,
    oleh: Pegawai | None,
) -> MatriksPeranHasil:
    """Start a matriks for a tim kerja. With `isi_anggota_unit`, the unit's active pegawai
    (except the ketua) become its members, as the seed's default team is the whole unit."""
    nama = nama.strip()
    if MatriksPeranHasil.objects.filter(periode=periode, ketua=ketua, nama=nama).exists():
        raise KpiError(
            f"Anda sudah memiliki matriks bernama “{nama}” pada periode {periode.tahun}; "
            "pakai nama lain atau buka matriks tersebut."
        )
    matriks = MatriksPeranHasil.objects.create(
        periode=periode, nama=nama, ketua=ketua, unit_kerja=unit_kerja
    )
    if isi_anggota_unit and unit_kerja is not None:
        anggota = Pegawai.objects.aktif().filter(unit_kerja=unit_kerja).exclude(pk=ketua.pk)
        AnggotaMatriks.objects.bulk_create(
            AnggotaMatriks(matriks=matriks, pegawai=p, urutan=i)
            for i, p in enumerate(anggota.order_by("nama"), start=1)
        )
    catat_audit(
        "matriks.buat",
        aktor=oleh,
        objek=matriks,
        ringkasan=f"Matriks peran-hasil {nama} ({periode.tahun}) dibuat.",
    )
    return matriks


@transaction.atomic
def tambah_anggota(
    matriks: MatriksPeranHasil, pegawai: Pegawai, *, oleh: Pegawai
) -> AnggotaMatriks:
    """Add a member (from any unit) as the last row."""
    matriks = MatriksPeranHasil.objects.select_for_update().get(pk=matriks.pk)
    _pastikan_ketua(matriks, oleh)
    if pegawai.pk == matriks.ketua_id:
        raise KpiError("Ketua tim tidak perlu ditambahkan sebagai anggota; hasilnya adalah kolom.")
    if not pegawai.is_active:
        raise KpiError(f"Akun {pegawai.nama_lengkap} tidak aktif; pilih pegawai lain.")
    if AnggotaMatriks.objects.filter(matriks=matriks, pegawai=pegawai).exists():
        raise KpiError(f"{pegawai.nama_lengkap} sudah menjadi anggota tim ini.")
    urutan = AnggotaMatriks.objects.filter(matriks=matriks).aggregate(m=Max("urutan"))["m"] or 0
    anggota = AnggotaMatriks.objects.create(matriks=matriks, pegawai=pegawai, urutan=urutan + 1)
    _sentuh(matriks)
    catat_audit(
        "matriks.anggota.tambah",
        aktor=oleh,
        objek=matriks,
        ringkasan=f"{pegawai.nama_lengkap} ditambahkan ke {matriks.nama}.",
        pegawai=pegawai.pk,
    )
    return anggota


@transaction.atomic
def hapus_anggota(matriks: MatriksPeranHasil, anggota: AnggotaMatriks, *, oleh: Pegawai) -> None:
    """Remove a row with its cells. RK already applied stay in the member's SKP: only the
    member changes their own SKP."""
    matriks = MatriksPeranHasil.objects.select_for_update().get(pk=matriks.pk)
    _pastikan_ketua(matriks, oleh)
    nama = anggota.pegawai.nama_lengkap
    catat_audit(
        "matriks.anggota.hapus",
        aktor=oleh,
        objek=matriks,
        ringkasan=f"{nama} dikeluarkan dari {matriks.nama}.",
        pegawai=anggota.pegawai_id,
    )
    anggota.delete()
    _sentuh(matriks)


@transaction.atomic
def tambah_kolom(
    matriks: MatriksPeranHasil,
    *,
    rencana_kinerja: RencanaKinerja | None = None,
    kpi: Kpi | None = None,
    judul: str = "",
    oleh: Pegawai,
) -> KolomMatriks:
    """Add a column: one of the ketua tim's RK in this periode, a KPI, or a free outcome."""
    matriks = MatriksPeranHasil.objects.select_for_update().get(pk=matriks.pk)
    _pastikan_ketua(matriks, oleh)
    if sum(x is not None and x != "" for x in (rencana_kinerja, kpi, judul.strip())) != 1:
        raise KpiError(
            "Pilih salah satu: rencana kinerja ketua tim, KPI unit, atau tulis hasil antara."
        )
    if rencana_kinerja is not None:
        skp = rencana_kinerja.skp
        if skp.pegawai_id != matriks.ketua_id or skp.periode_id != matriks.periode_id:
            raise KpiError("Kolom hanya dapat memakai rencana kinerja ketua tim pada periode ini.")
        if KolomMatriks.objects.filter(matriks=matriks, rencana_kinerja=rencana_kinerja).exists():
            raise KpiError("Rencana kinerja itu sudah menjadi kolom matriks ini.")
        judul = rencana_kinerja.teks
    elif kpi is not None:
        if kpi.periode_id != matriks.periode_id:
            raise KpiError("KPI itu milik periode lain; pilih KPI periode matriks ini.")
        if KolomMatriks.objects.filter(matriks=matriks, kpi=kpi).exists():
            raise KpiError("KPI itu sudah menjadi kolom matriks ini.")
        judul = kpi.pernyataan
    urutan = KolomMatriks.objects.filter(matriks=matriks).aggregate(m=Max("urutan"))["m"] or 0
    kolom = KolomMatriks.objects.create(
        matriks=matriks,
        rencana_kinerja=rencana_kinerja,
        kpi=kpi,
        judul=judul.strip(),
        urutan=urutan + 1,
    )
    _sentuh(matriks)
    catat_audit(
        "matriks.kolom.tambah",
        aktor=oleh,
        objek=matriks,
        ringkasan=f"Kolom “{kolom.judul[:80]}” ditambahkan ke {matriks.nama}.",
    )
    return kolom


@transaction.atomic
def hapus_kolom(matriks: MatriksPeranHasil, kolom: KolomMatriks, *, oleh: Pegawai) -> None:
    """Remove a column with its cells; RK already applied stay in the members' SKP."""
    matriks = MatriksPeranHasil.objects.select_for_update().get(pk=matriks.pk)
    _pastikan_ketua(matriks, oleh)
    catat_audit(
        "matriks.kolom.hapus",
        aktor=oleh,
        objek=matriks,
        ringkasan=f"Kolom “{kolom.judul[:80]}” dihapus dari {matriks.nama}.",
    )
    kolom.delete()
    _sentuh(matriks)


# --- Matriks: cells --------------------------------------------------------------------------


@dataclass(frozen=True)
class DataPeranHasil:
    teks: str
    indikator: str = ""
    target: Decimal | None = None
    target_max: Decimal | None = None
    satuan: str = ""


@transaction.atomic
def simpan_sel(
    matriks: MatriksPeranHasil,
    anggota: AnggotaMatriks,
    kolom: KolomMatriks,
    *,
    is_na: bool,
    peran_hasil: list[DataPeranHasil],
    oleh: Pegawai,
) -> SelMatriks:
    """Write one cell: N/A, or its peran hasil in order. Items are matched by position so an
    edited result keeps its link to the RK it already became (no duplicate on re-apply)."""
    _pastikan_ketua(matriks, oleh)
    if anggota.matriks_id != matriks.pk or kolom.matriks_id != matriks.pk:
        raise KpiError("Sel itu bukan bagian dari matriks ini.")
    peran_hasil = [p for p in peran_hasil if p.teks.strip()]
    if is_na and peran_hasil:
        raise KpiError("Sel bertanda N/A tidak boleh berisi peran hasil; kosongkan salah satunya.")
    if len(peran_hasil) > MAKS_PERAN_HASIL_PER_SEL:
        raise KpiError(f"Satu sel memuat paling banyak {MAKS_PERAN_HASIL_PER_SEL} peran hasil.")
    sel, _ = SelMatriks.objects.select_for_update().get_or_create(anggota=anggota, kolom=kolom)
    lama = list(sel.peran_hasil.order_by("urutan", "pk"))
    for i, data in enumerate(peran_hasil):
        if data.target is not None and not data.indikator.strip():
            raise KpiError(
                f"Tuliskan indikator kuantitas yang diberi target pada peran hasil {i + 1}."
            )
        if data.target_max is not None and (data.target is None or data.target_max < data.target):
            raise KpiError("Rentang target harus dari angka kecil ke besar, mis. 80–90.")
        nilai = {
            "teks": rapikan_teks(data.teks),
            "indikator": " ".join(data.indikator.split()),
            "target": data.target,
            "target_max": None if data.target_max == data.target else data.target_max,
            "satuan": data.satuan.strip(),
            "urutan": i,
        }
        if i < len(lama):
            item = lama[i]
            berubah = [f for f, v in nilai.items() if getattr(item, f) != v]
            if set(berubah) - {"urutan"}:
                item.versi += 1
                berubah.append("versi")
            if berubah:
                for f in berubah:
                    if f != "versi":
                        setattr(item, f, nilai[f])
                item.save(update_fields=berubah)
        else:
            PeranHasil.objects.create(sel=sel, **nilai)
    for item in lama[len(peran_hasil) :]:
        item.delete()
    sel.is_na, sel.diubah = is_na, timezone.now()
    sel.save(update_fields=["is_na", "diubah"])
    _sentuh(matriks)
    catat_audit(
        "matriks.sel.ubah",
        aktor=oleh,
        objek=sel,
        ringkasan=f"Sel {anggota.pegawai.nama_lengkap} × “{kolom.judul[:60]}” diubah.",
        na=is_na,
        peran_hasil=[p.teks for p in peran_hasil],
    )
    return sel


# --- Terapkan ke SKP -------------------------------------------------------------------------


class RencanaBerubah(KpiError):
    """The matriks or a member's RK changed between the preview and the confirmation."""


@dataclass(frozen=True)
class Dilewati:
    pegawai: str
    teks: str
    alasan: str


@dataclass
class HasilTerapkan:
    dibuat: list[RencanaKinerja] = field(default_factory=list)
    diperbarui: list[RencanaKinerja] = field(default_factory=list)
    tetap: int = 0
    konflik: list[RencanaKinerja] = field(default_factory=list)
    skp_baru: list[Skp] = field(default_factory=list)
    dilewati: list[Dilewati] = field(default_factory=list)

    def ringkasan(self, istilah) -> str:
        bagian = [
            f"{len(self.dibuat)} {istilah.rk} dibuat",
            f"{len(self.diperbarui)} diperbarui",
            f"{self.tetap} sudah sesuai",
        ]
        teks = ", ".join(bagian)
        if self.skp_baru:
            teks += f"; {len(self.skp_baru)} draf SKP anggota dibuat"
        if self.konflik:
            teks += (
                f"; {len(self.konflik)} tidak diubah karena telah disunting pemiliknya "
                "(lihat tanda konflik pada sel)"
            )
        return f"Matriks diterapkan ke SKP anggota: {teks}."


def _daftar_perubahan(banding) -> str:
    return "; ".join(f"{p.label}: “{p.lama}” → “{p.baru}”" for p in banding.perubahan)


def _kabar_perbarui(matriks: MatriksPeranHasil, banding) -> str:
    return (
        f"Ketua tim {matriks.ketua.nama_lengkap} memperbarui {matriks.istilah.rk} ini dari "
        f"matriks {matriks.nama}. {_daftar_perubahan(banding)}."
    )


def _kabar_konflik(matriks: MatriksPeranHasil, banding) -> str:
    diubah, rk = banding.teks_diubah_pemilik, matriks.istilah.rk
    return (
        f"Ketua tim {matriks.ketua.nama_lengkap} mengubah sel matriks {matriks.nama} untuk "
        f"{rk} ini. {_daftar_perubahan(banding)}. {rk[0].upper()}{rk[1:]} ini tidak diubah "
        f"karena Anda sendiri telah mengubah {diubah}nya. Terima usulan ini bila Anda "
        "setuju, sesuaikan sendiri, atau bicarakan dengan ketua tim."
    )


def _email_anggota(matriks, pegawai, skp, dibuat, diperbarui, konflik) -> None:
    """One email per member telling what the matriks did to their SKP (the outbox)."""
    rk = matriks.istilah.rk_awal
    baris = [
        f"Ketua tim {matriks.ketua.nama_lengkap} menerapkan matriks peran-hasil "
        f"{matriks.nama} ke SKP {matriks.periode.tahun} Anda.",
        "",
    ]
    if dibuat:
        baris.append(f"{rk} utama yang ditambahkan:")
        baris += [f"- {rk.teks}" for rk in dibuat]
        baris.append("")
    if diperbarui:
        baris.append(f"{rk} yang diperbarui:")
        baris += [f"- {rk.teks}: {_daftar_perubahan(b)}" for rk, b in diperbarui]
        baris.append("")
    if konflik:
        baris.append(
            f"{rk} yang TIDAK diubah karena Anda telah menyuntingnya (usulan ketua "
            "tim; terima usulannya di halaman SKP Anda bila setuju):"
        )
        baris += [f"- {rk.teks}: {_daftar_perubahan(b)}" for rk, b in konflik]
        baris.append("")
    baris.append(f"Buka SKP Anda: {tautan(reverse('skp:detail', args=[skp.pk]))}")
    antrekan_pesan(
        pegawai,
        f"Matriks {matriks.nama} mengubah SKP {matriks.periode.tahun} Anda",
        "\n".join(baris) + "\n",
    )


def _terapkan_anggota(matriks, langkah, hasil, *, oleh, today) -> None:
    """Carry out one member's steps (their SKP locked by the plan), then queue their email."""
    pegawai, skp = langkah[0].pegawai, None
    dibuat, diperbarui, konflik = [], [], []
    for x in langkah:
        if x.status == Langkah.BUAT:
            if skp is None:
                skp = mulai_skp_dari_matriks(pegawai, matriks.periode, oleh=oleh, today=today)
                if x.skp_baru:
                    hasil.skp_baru.append(skp)
            rk, iki = buat_rk_dari_matriks(
                skp, isian=x.isian, versi=x.item.versi, oleh=oleh, today=today
            )
            dibuat.append(rk)
        elif x.status == Langkah.PERBARUI:
            skp = x.rk.skp
            rk, iki = perbarui_rk_dari_matriks(
                x.rk,
                isian=x.isian,
                versi=x.item.versi,
                kabar=_kabar_perbarui(matriks, x.banding),
                oleh=oleh,
                today=today,
            )
            diperbarui.append((rk, x.banding))
        elif x.status == Langkah.KONFLIK:
            skp = x.rk.skp
            hasil.konflik.append(x.rk)
            kabar = _kabar_konflik(matriks, x.banding)
            if laporkan_konflik_matriks(
                x.rk, usulan=x.banding.usulan, versi=x.item.versi, kabar=kabar
            ):
                konflik.append((x.rk, x.banding))
            continue
        elif x.status == Langkah.SESUAI and x.item.is_berubah_sejak_diterapkan:
            # Edited since, and its RK already reads as the cell: nothing to write but the
            # record, so the grid says "di SKP" again.
            x.item.diterapkan_versi = x.item.versi
            x.item.save(update_fields=["diterapkan_versi"])
            continue
        else:
            continue
        x.item.rencana_kinerja, x.item.indikator_kuantitas = rk, iki
        x.item.diterapkan_versi = x.item.versi
        x.item.save(update_fields=["rencana_kinerja", "indikator_kuantitas", "diterapkan_versi"])
    hasil.dibuat += dibuat
    hasil.diperbarui += [rk for rk, _ in diperbarui]
    if dibuat or diperbarui or konflik:
        _email_anggota(matriks, pegawai, skp, dibuat, diperbarui, konflik)


def rencana_terapkan(
    matriks: MatriksPeranHasil, *, oleh: Pegawai, today: datetime.date | None = None
) -> RencanaTerapkan:
    """The preview: what applying would do, writing nothing."""
    _pastikan_ketua(matriks, oleh)
    return susun_rencana(matriks, today=today)


@transaction.atomic
def terapkan_ke_skp(
    matriks: MatriksPeranHasil,
    *,
    oleh: Pegawai,
    sidik: str | None = None,
    today: datetime.date | None = None,
) -> HasilTerapkan:
    """Turn every peran hasil into a Kinerja Utama RK of its member (creating the member's
    Draf SKP if needed), as the preview showed: refused with `RencanaBerubah` when the plan
    is no longer the one with fingerprint `sidik`. Re-applying creates no duplicates; an RK
    whose owner changed what the cell changes is left as it is (a conflict, its owner told);
    an SKP that cannot be changed now is left alone and listed in `dilewati`."""
    matriks = (
        # `of`: not the joined periode and ketua rows, which a submission in flight reads
        # under a share lock (a deadlock otherwise).
        MatriksPeranHasil.objects.select_for_update(of=("self",))
        .select_related("periode", "ketua")
        .get(pk=matriks.pk)
    )
    _pastikan_ketua(matriks, oleh)
    rencana = susun_rencana(matriks, today=today, kunci=True)
    if sidik is not None and sidik != rencana.sidik:
        raise RencanaBerubah(
            "Matriks atau SKP anggota berubah sejak pratinjau dibuka, sehingga tidak ada yang "
            "diterapkan. Periksa pratinjau terbaru di bawah, lalu konfirmasi lagi."
        )
    hasil = HasilTerapkan(tetap=len(rencana.sesuai))
    hasil.dilewati = [
        Dilewati(x.pegawai.nama_lengkap, x.item.teks, x.alasan) for x in rencana.dilewati
    ]
    for _, langkah in groupby(rencana.langkah, key=lambda x: x.pegawai.pk):
        _terapkan_anggota(matriks, list(langkah), hasil, oleh=oleh, today=today)
    matriks.diterapkan_pada = timezone.now()
    matriks.save(update_fields=["diterapkan_pada"])
    catat_audit(
        "matriks.terapkan",
        aktor=oleh,
        objek=matriks,
        ringkasan=hasil.ringkasan,
        rk_dibuat=[rk.pk for rk in hasil.dibuat],
        rk_diperbarui=[rk.pk for rk in hasil.diperbarui],
        rk_konflik=[rk.pk for rk in hasil.konflik],
        skp_baru=[s.pk for s in hasil.skp_baru],
        dilewati=[f"{d.pegawai}: {d.teks[:60]}" for d in hasil.dilewati],
    )
    return hasil
