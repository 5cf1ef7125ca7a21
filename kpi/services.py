"""Everything that writes KPI and matriks data. Views and the demo loader call these.

"Terapkan ke SKP" follows DOMAIN.md §5 step 5: each peran hasil of the matriks becomes a
Kinerja Utama RK in that member's SKP, linked (intervensi) to the column's RK of the ketua tim.
"""

from dataclasses import dataclass, field
import datetime
from decimal import Decimal
from itertools import groupby

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import JenisJabatan, Pegawai, StatusKepegawaian, UnitKerja
from accounts.services import catat_audit
from kpi.models import (
    AnggotaMatriks,
    KolomMatriks,
    Kpi,
    MatriksPeranHasil,
    PeranHasil,
    SelMatriks,
)
from skp.exceptions import SkpError
from skp.models import (
    AsalRencanaKinerja,
    Aspek,
    Indikator,
    JenisRencanaKinerja,
    ModelForm,
    Periode,
    RencanaKinerja,
    Skp,
    StatusSkp,
)
from skp.rules import alasan_tidak_dapat_diedit

MAKS_PERAN_HASIL_PER_SEL = 5


# --- KPI divisi ------------------------------------------------------------------------------


def can_edit_kpi(pegawai: Pegawai, unit: UnitKerja) -> bool:
    """The admin kepegawaian and the kepala of that unit edit its KPI."""
    return pegawai.can_manage_kepegawaian or unit.kepala_id == pegawai.pk


def _pastikan_boleh_kpi(unit: UnitKerja, oleh: Pegawai) -> None:
    if not can_edit_kpi(oleh, unit):
        raise SkpError(f"Hanya kepala {unit.nama} atau admin kepegawaian yang dapat mengubah KPI.")


def _pastikan_pernyataan_unik(unit, periode, pernyataan: str, kecuali: int | None = None) -> None:
    sama = Kpi.objects.filter(unit_kerja=unit, periode=periode, pernyataan=pernyataan)
    if sama.exclude(pk=kecuali).exists():
        raise SkpError("KPI dengan pernyataan yang sama sudah ada untuk unit dan periode ini.")


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
        unit_kerja=unit, periode=periode, pernyataan=pernyataan, target=target,
        satuan=satuan.strip(), urutan=urutan + 1,
    )  # fmt: skip
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
        catat_audit("kpi.ubah", aktor=oleh, objek=kpi, ringkasan=f"KPI diubah: {kpi}",
                    sebelum=sebelum)  # fmt: skip
        # A column that copied this KPI's text keeps showing the current statement.
        KolomMatriks.objects.filter(kpi=kpi).update(judul=kpi.pernyataan)
    return kpi


@transaction.atomic
def hapus_kpi(kpi: Kpi, *, oleh: Pegawai) -> None:
    """Delete a KPI; matriks columns built on it keep its text as a free outcome."""
    kpi = Kpi.objects.select_for_update().select_related("unit_kerja").get(pk=kpi.pk)
    _pastikan_boleh_kpi(kpi.unit_kerja, oleh)
    catat_audit("kpi.hapus", aktor=oleh, objek=kpi, ringkasan=f"KPI dihapus: {kpi}",
                pernyataan=kpi.pernyataan)  # fmt: skip
    kpi.delete()


# --- Matriks: structure ----------------------------------------------------------------------


def _pastikan_ketua(matriks: MatriksPeranHasil, oleh: Pegawai) -> None:
    if oleh.pk != matriks.ketua_id:
        raise SkpError("Hanya ketua tim yang dapat mengubah matriks ini.")


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
        raise SkpError(
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
    catat_audit("matriks.buat", aktor=oleh, objek=matriks,
                ringkasan=f"Matriks peran-hasil {nama} ({periode.tahun}) dibuat.")  # fmt: skip
    return matriks


@transaction.atomic
def tambah_anggota(
    matriks: MatriksPeranHasil, pegawai: Pegawai, *, oleh: Pegawai
) -> AnggotaMatriks:
    """Add a member (from any unit) as the last row."""
    matriks = MatriksPeranHasil.objects.select_for_update().get(pk=matriks.pk)
    _pastikan_ketua(matriks, oleh)
    if pegawai.pk == matriks.ketua_id:
        raise SkpError("Ketua tim tidak perlu ditambahkan sebagai anggota; hasilnya adalah kolom.")
    if not pegawai.is_active:
        raise SkpError(f"Akun {pegawai.nama_lengkap} tidak aktif; pilih pegawai lain.")
    if AnggotaMatriks.objects.filter(matriks=matriks, pegawai=pegawai).exists():
        raise SkpError(f"{pegawai.nama_lengkap} sudah menjadi anggota tim ini.")
    urutan = AnggotaMatriks.objects.filter(matriks=matriks).aggregate(m=Max("urutan"))["m"] or 0
    anggota = AnggotaMatriks.objects.create(matriks=matriks, pegawai=pegawai, urutan=urutan + 1)
    _sentuh(matriks)
    catat_audit("matriks.anggota.tambah", aktor=oleh, objek=matriks,
                ringkasan=f"{pegawai.nama_lengkap} ditambahkan ke {matriks.nama}.",
                pegawai=pegawai.pk)  # fmt: skip
    return anggota


@transaction.atomic
def hapus_anggota(matriks: MatriksPeranHasil, anggota: AnggotaMatriks, *, oleh: Pegawai) -> None:
    """Remove a row with its cells. RK already applied stay in the member's SKP: only the
    member changes their own SKP."""
    matriks = MatriksPeranHasil.objects.select_for_update().get(pk=matriks.pk)
    _pastikan_ketua(matriks, oleh)
    nama = anggota.pegawai.nama_lengkap
    catat_audit("matriks.anggota.hapus", aktor=oleh, objek=matriks,
                ringkasan=f"{nama} dikeluarkan dari {matriks.nama}.",
                pegawai=anggota.pegawai_id)  # fmt: skip
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
        raise SkpError(
            "Pilih salah satu: rencana kinerja ketua tim, KPI unit, atau tulis hasil antara."
        )
    if rencana_kinerja is not None:
        skp = rencana_kinerja.skp
        if skp.pegawai_id != matriks.ketua_id or skp.periode_id != matriks.periode_id:
            raise SkpError("Kolom hanya dapat memakai rencana kinerja ketua tim pada periode ini.")
        if KolomMatriks.objects.filter(matriks=matriks, rencana_kinerja=rencana_kinerja).exists():
            raise SkpError("Rencana kinerja itu sudah menjadi kolom matriks ini.")
        judul = rencana_kinerja.teks
    elif kpi is not None:
        if kpi.periode_id != matriks.periode_id:
            raise SkpError("KPI itu milik periode lain; pilih KPI periode matriks ini.")
        if KolomMatriks.objects.filter(matriks=matriks, kpi=kpi).exists():
            raise SkpError("KPI itu sudah menjadi kolom matriks ini.")
        judul = kpi.pernyataan
    urutan = KolomMatriks.objects.filter(matriks=matriks).aggregate(m=Max("urutan"))["m"] or 0
    kolom = KolomMatriks.objects.create(
        matriks=matriks, rencana_kinerja=rencana_kinerja, kpi=kpi, judul=judul.strip(),
        urutan=urutan + 1,
    )  # fmt: skip
    _sentuh(matriks)
    catat_audit("matriks.kolom.tambah", aktor=oleh, objek=matriks,
                ringkasan=f"Kolom “{kolom.judul[:80]}” ditambahkan ke {matriks.nama}.")  # fmt: skip
    return kolom


@transaction.atomic
def hapus_kolom(matriks: MatriksPeranHasil, kolom: KolomMatriks, *, oleh: Pegawai) -> None:
    """Remove a column with its cells; RK already applied stay in the members' SKP."""
    matriks = MatriksPeranHasil.objects.select_for_update().get(pk=matriks.pk)
    _pastikan_ketua(matriks, oleh)
    catat_audit("matriks.kolom.hapus", aktor=oleh, objek=matriks,
                ringkasan=f"Kolom “{kolom.judul[:80]}” dihapus dari {matriks.nama}.")  # fmt: skip
    kolom.delete()
    _sentuh(matriks)


# --- Matriks: cells --------------------------------------------------------------------------


@dataclass(frozen=True)
class DataPeranHasil:
    teks: str
    indikator: str = ""
    target: Decimal | None = None
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
        raise SkpError("Sel itu bukan bagian dari matriks ini.")
    peran_hasil = [p for p in peran_hasil if p.teks.strip()]
    if is_na and peran_hasil:
        raise SkpError("Sel bertanda N/A tidak boleh berisi peran hasil; kosongkan salah satunya.")
    if len(peran_hasil) > MAKS_PERAN_HASIL_PER_SEL:
        raise SkpError(f"Satu sel memuat paling banyak {MAKS_PERAN_HASIL_PER_SEL} peran hasil.")
    sel, _ = SelMatriks.objects.select_for_update().get_or_create(anggota=anggota, kolom=kolom)
    lama = list(sel.peran_hasil.order_by("urutan", "pk"))
    for i, data in enumerate(peran_hasil):
        nilai = {"teks": data.teks.strip(), "indikator": data.indikator.strip(),
                 "target": data.target, "satuan": data.satuan.strip(), "urutan": i}  # fmt: skip
        if i < len(lama):
            item = lama[i]
            berubah = [f for f, v in nilai.items() if getattr(item, f) != v]
            if berubah:
                for f in berubah:
                    setattr(item, f, nilai[f])
                item.save(update_fields=berubah)
        else:
            PeranHasil.objects.create(sel=sel, **nilai)
    for item in lama[len(peran_hasil) :]:
        item.delete()
    sel.is_na, sel.diubah = is_na, timezone.now()
    sel.save(update_fields=["is_na", "diubah"])
    _sentuh(matriks)
    catat_audit("matriks.sel.ubah", aktor=oleh, objek=sel,
                ringkasan=f"Sel {anggota.pegawai.nama_lengkap} × “{kolom.judul[:60]}” diubah.",
                na=is_na, peran_hasil=[p.teks for p in peran_hasil])  # fmt: skip
    return sel


# --- Terapkan ke SKP -------------------------------------------------------------------------


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
    skp_baru: list[Skp] = field(default_factory=list)
    dilewati: list[Dilewati] = field(default_factory=list)

    @property
    def ringkasan(self) -> str:
        bagian = [
            f"{len(self.dibuat)} rencana kinerja dibuat",
            f"{len(self.diperbarui)} diperbarui",
            f"{self.tetap} sudah sesuai",
        ]
        teks = ", ".join(bagian)
        if self.skp_baru:
            teks += f"; {len(self.skp_baru)} draf SKP anggota dibuat"
        return f"Matriks diterapkan ke SKP anggota: {teks}."


def _model_form_untuk(pegawai: Pegawai) -> str:
    return ModelForm.JPT if pegawai.jenis_jabatan in JenisJabatan.jpt() else ModelForm.NON_JPT


def _intervensi(kolom: KolomMatriks) -> tuple[RencanaKinerja | None, str]:
    """The column's RK of the ketua tim; a KPI or free outcome is kept as marked free text."""
    if kolom.rencana_kinerja_id:
        return kolom.rencana_kinerja, ""
    return None, kolom.teks


def _perlu_diubah(item: PeranHasil, rk: RencanaKinerja, kolom: KolomMatriks) -> bool:
    intervensi, bebas = _intervensi(kolom)
    if (rk.teks, rk.jenis, rk.intervensi_id, rk.intervensi_teks_bebas) != (
        item.teks, JenisRencanaKinerja.UTAMA, intervensi.pk if intervensi else None, bebas,
    ):  # fmt: skip
        return True
    iki = item.indikator_kuantitas
    if iki is None or iki.rencana_kinerja_id != rk.pk:
        return True
    if iki.teks != item.indikator_teks:
        return True
    return item.target is not None and (iki.target_min, iki.satuan) != (item.target, item.satuan)


def _tulis_rk(
    item: PeranHasil, skp: Skp, kolom: KolomMatriks, urutan: int
) -> tuple[RencanaKinerja, bool]:
    """Create or update the RK and its Kuantitas IKI; returns (rk, created)."""
    intervensi, bebas = _intervensi(kolom)
    rk = (
        item.rencana_kinerja
        if item.rencana_kinerja and item.rencana_kinerja.skp_id == skp.pk
        else None
    )
    created = rk is None
    if created:
        rk = RencanaKinerja.objects.create(
            skp=skp, jenis=JenisRencanaKinerja.UTAMA, urutan=urutan, teks=item.teks,
            intervensi=intervensi, intervensi_teks_bebas=bebas, asal=AsalRencanaKinerja.MATRIKS,
        )  # fmt: skip
    else:
        nilai = {
            "teks": item.teks,
            "jenis": JenisRencanaKinerja.UTAMA,
            "intervensi_id": intervensi.pk if intervensi else None,
            "intervensi_teks_bebas": bebas,
        }
        berubah = [f for f, v in nilai.items() if getattr(rk, f) != v]
        for f in berubah:
            setattr(rk, f, nilai[f])
        if berubah:
            rk.save(update_fields=berubah)
    iki = item.indikator_kuantitas
    if iki is None or iki.rencana_kinerja_id != rk.pk:
        # Every RK needs at least one Kuantitas IKI (DOMAIN.md §4); the member may add others.
        iki = Indikator.objects.create(
            rencana_kinerja=rk, aspek=Aspek.KUANTITAS, urutan=0, teks=item.indikator_teks,
            target_min=item.target, satuan=item.satuan if item.target is not None else "",
        )  # fmt: skip
    else:
        nilai = {"teks": item.indikator_teks}
        if item.target is not None:  # an empty target in the cell keeps what the member wrote
            nilai.update(target_min=item.target, satuan=item.satuan)
            if iki.target_max is not None and iki.target_max < item.target:
                nilai["target_max"] = None
        berubah = [f for f, v in nilai.items() if getattr(iki, f) != v]
        for f in berubah:
            setattr(iki, f, nilai[f])
        if berubah:
            iki.save(update_fields=berubah)
    item.rencana_kinerja, item.indikator_kuantitas = rk, iki
    item.save(update_fields=["rencana_kinerja", "indikator_kuantitas"])
    return rk, created


def _skp_anggota(pegawai: Pegawai, periode: Periode, today) -> tuple[Skp | None, str]:
    """The member's SKP, locked, created as a Draf when missing; or None and why not.
    The matriks result becomes the member's own plan (§5 step 5), so it may be written only
    when the member could edit it now: Draf/Dikembalikan and their window open."""
    skp = Skp.objects.select_for_update().filter(pegawai=pegawai, periode=periode).first()
    if skp is None:
        if pegawai.status_kepegawaian != StatusKepegawaian.AKTIF:
            return None, (
                f"{pegawai.nama_lengkap} berstatus {pegawai.get_status_kepegawaian_display()} "
                "dan tidak wajib menyusun SKP."
            )
        calon = Skp(pegawai=pegawai, periode=periode, status=StatusSkp.DRAF)
        alasan = alasan_tidak_dapat_diedit(calon, pegawai, today)
        if alasan:
            return None, alasan
        skp, _ = Skp.objects.get_or_create(
            pegawai=pegawai, periode=periode,
            defaults={"model_form": _model_form_untuk(pegawai), "status": StatusSkp.DRAF},
        )  # fmt: skip
        skp = Skp.objects.select_for_update().get(pk=skp.pk)
        skp._baru = True
        return skp, ""
    return skp, alasan_tidak_dapat_diedit(skp, pegawai, today)


@transaction.atomic
def terapkan_ke_skp(
    matriks: MatriksPeranHasil, *, oleh: Pegawai, today: datetime.date | None = None
) -> HasilTerapkan:
    """Turn every peran hasil into a Kinerja Utama RK of its member (creating the member's
    Draf SKP if needed). Re-applying creates no duplicates; a changed cell updates its RK only
    while the member's SKP is editable; the rest are listed in `dilewati`."""
    matriks = (
        MatriksPeranHasil.objects.select_for_update().select_related("periode").get(pk=matriks.pk)
    )
    _pastikan_ketua(matriks, oleh)
    hasil = HasilTerapkan()
    items = (
        PeranHasil.objects.filter(sel__anggota__matriks=matriks, sel__is_na=False)
        .select_related(
            "sel__anggota__pegawai",
            "sel__kolom__rencana_kinerja",
            "sel__kolom__kpi",
            "rencana_kinerja",
            "indikator_kuantitas",
        )  # fmt: skip
        .order_by(
            "sel__anggota__urutan",
            "sel__anggota_id",
            "sel__kolom__urutan",
            "sel__kolom_id",
            "urutan",
            "pk",
        )  # fmt: skip
    )
    for _, kelompok in groupby(items, key=lambda item: item.sel.anggota_id):
        kelompok = list(kelompok)
        pegawai = kelompok[0].sel.anggota.pegawai
        perlu = [
            item for item in kelompok
            if item.rencana_kinerja is None
            or _perlu_diubah(item, item.rencana_kinerja, item.sel.kolom)
        ]  # fmt: skip
        hasil.tetap += len(kelompok) - len(perlu)
        if not perlu:
            continue
        skp, alasan = _skp_anggota(pegawai, matriks.periode, today)
        if alasan:
            hasil.dilewati.extend(Dilewati(pegawai.nama_lengkap, i.teks, alasan) for i in perlu)
            continue
        if getattr(skp, "_baru", False):
            hasil.skp_baru.append(skp)
        urutan = (
            RencanaKinerja.objects.filter(skp=skp, jenis=JenisRencanaKinerja.UTAMA).aggregate(
                m=Max("urutan")
            )["m"]
            or 0
        )
        for item in perlu:
            rk, created = _tulis_rk(item, skp, item.sel.kolom, urutan + 1)
            if created:
                urutan += 1
                hasil.dibuat.append(rk)
            else:
                hasil.diperbarui.append(rk)
        skp.diubah = timezone.now()
        skp.save(update_fields=["diubah"])
    matriks.diterapkan_pada = timezone.now()
    matriks.save(update_fields=["diterapkan_pada"])
    catat_audit(
        "matriks.terapkan", aktor=oleh, objek=matriks, ringkasan=hasil.ringkasan,
        rk_dibuat=[rk.pk for rk in hasil.dibuat], rk_diperbarui=[rk.pk for rk in hasil.diperbarui],
        skp_baru=[s.pk for s in hasil.skp_baru],
        dilewati=[f"{d.pegawai}: {d.teks[:60]}" for d in hasil.dilewati],
    )  # fmt: skip
    return hasil
