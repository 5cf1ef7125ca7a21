"""Demo KPI divisi (DOMAIN.md §7) and two cascaded matrices (§5): the Kepala UPT's over his
kepala divisi, and the Divisi Sistem Informasi's over its staff, both applied to the SKPs.
Idempotent: a KPI, a matriks or an RK that exists is left as it is."""

from decimal import Decimal

from django.db import transaction

from accounts.models import Pegawai, UnitKerja
from kpi.models import Kpi, MatriksPeranHasil
from kpi.services import (
    DataPeranHasil,
    buat_kpi,
    buat_matriks,
    simpan_sel,
    tambah_anggota,
    tambah_kolom,
    terapkan_ke_skp,
)
from periode import demo as orang_demo
from periode.models import Periode
from skp.demo import SKP_KEPALA_UPT  # the seed's content, kept once
from skp.models import Aspek, Indikator, JenisRencanaKinerja, ModelForm, RencanaKinerja, Skp

SI, KONTEN, DATA, HELPDESK, INFRA = orang_demo.DIVISI

# unit → [(pernyataan, target, satuan)]
KPI = {
    orang_demo.UPT_TIK: [
        ("Tersedianya SOP dan instruksi kerja untuk setiap kegiatan dalam Divisi", None, ""),
        ("Pelatihan IT untuk semua staf", Decimal(2), "kali"),
        ("Sertifikasi nasional (programmer dan tim infrastruktur wajib)", None, ""),
        ("Sertifikasi internasional (programmer senior wajib)", None, ""),
    ],
    SI: [
        (
            "Pengembangan SI yang tepat waktu, sesuai kebutuhan dan memenuhi kaidah keamanan, "
            "usability, reliability dan integrity",
            None,
            "",
        ),
        ("Semua sistem informasi menggunakan versi framework, PHP, MySQL mutakhir", None, ""),
        ("Penanganan insiden SI yang tepat waktu dengan skala prioritas", None, ""),
        ("Semua aktivitas sistem tercatat pada log activity", None, ""),
        ("Manajemen user access control terkelola dengan baik", None, ""),
    ],
    KONTEN: [
        ("Ranking Webometric minimal 45 dan 4ICU minimal 45", None, ""),
        ("Web di lingkungan Undiksha terupdate, baik dari sisi berita maupun platform", None, ""),
        ("Tersedia video panduan untuk semua sistem informasi", None, ""),
    ],
    DATA: [
        ("Semua sistem terintegrasi melalui data center", None, ""),
        ("Meminimalisir waktu sinkronisasi data center antar sistem informasi", None, ""),
        ("Proses rilis dan deployment terstandarisasi", None, ""),
    ],
    HELPDESK: [
        ("Kepuasan pengguna layanan", Decimal(85), "%"),
        ("Semua kegiatan UPT TIK tertuang dalam SOP dan instruksi kerja", None, ""),
        ("Memperoleh ISO", None, ""),
    ],
    INFRA: [
        ("Semua server terbackup", None, ""),
        (
            "Semua server menggunakan sistem operasi terbaru atau minimal 1 versi dari LTS terbaru",
            None,
            "",
        ),
        ("Aplikasi server (nginx, apache, FTP, dll) versi terbaru", None, ""),
        ("DBMS menggunakan versi terbaru dan dapat berjalan dengan baik", None, ""),
        ("Semua server berjalan dengan baik", None, ""),
        ("Infrastruktur IT dapat berjalan dengan optimal", None, ""),
        (
            "Pengamanan fisik infrastruktur (genset, UPS, dan pintu elektrik) berjalan dengan baik",
            None,
            "",
        ),
        ("Semua subdomain terpasang SSL", None, ""),
        ("Peralatan video conference dapat berjalan dengan baik", None, ""),
        ("Ruang lab dapat digunakan dengan nyaman", None, ""),
    ],
}


NA = None
# Kepala divisi (by division) → one cell per Kepala UPT RK: (result, its IKI, target, satuan)
# or NA. A cell without a target leaves it to the member to fill in.
MATRIKS_UPT = {
    SI: [
        (
            "Tersedianya sistem informasi pengelolaan BLU yang aman dan andal",
            "Jumlah sistem informasi BLU yang lolos uji keamanan",
            5,
            "sistem",
        ),
        (
            "Terkelolanya user access control seluruh sistem informasi",
            "Jumlah sistem informasi dengan hak akses berbasis peran",
            NA,
            "",
        ),
    ],
    KONTEN: [
        (
            "Termutakhirkannya web di lingkungan Undiksha",
            "Jumlah situs unit yang diperbarui",
            40,
            "situs",
        ),
        (
            "Tersedianya video panduan untuk semua sistem informasi",
            "Jumlah video panduan yang dipublikasikan",
            10,
            "video",
        ),
    ],
    DATA: [
        (
            "Terintegrasinya sistem informasi melalui data center",
            "Jumlah sistem informasi yang terhubung ke data center",
            12,
            "sistem",
        ),
        NA,
    ],
    HELPDESK: [
        (
            "Terlayaninya permintaan layanan TIK dengan kepuasan pengguna",
            "Indeks kepuasan pengguna layanan TIK",
            85,
            "%",
        ),
        (
            "Tersusunnya SOP dan instruksi kerja seluruh kegiatan UPT TIK",
            "Jumlah SOP dan instruksi kerja yang ditetapkan",
            12,
            "dokumen",
        ),
    ],
    INFRA: [
        (
            "Terjaganya ketersediaan server dan jaringan kampus",
            "Persentase waktu server dan jaringan tersedia (uptime)",
            99,
            "%",
        ),
        NA,
    ],
}
# Staff of Divisi Sistem Informasi (in roster order) → cells under the Kepala Divisi SI's two
# Kinerja Utama RHK and the KPI on log activity.
MATRIKS_SI = [
    [
        (
            "Tersedianya modul keuangan BLU pada sistem akademik",
            "Jumlah modul keuangan BLU yang dirilis",
            2,
            "modul",
        ),
        (
            "Tersusunnya instruksi kerja pengelolaan hak akses sistem keuangan",
            "Jumlah instruksi kerja yang ditetapkan",
            1,
            "dokumen",
        ),
        NA,
    ],
    [
        (
            "Termutakhirkannya framework, PHP dan MySQL sistem informasi",
            "Jumlah sistem informasi yang memakai versi framework, PHP dan MySQL mutakhir",
            5,
            "sistem",
        ),
        NA,
        (
            "Tercatatnya aktivitas sistem pada log activity terpusat",
            "Jumlah sistem informasi yang mengirim log ke server log terpusat",
            NA,
            "",
        ),
    ],
    [
        (
            "Terselesaikannya insiden sistem informasi sesuai skala prioritas",
            "Jumlah laporan insiden yang diselesaikan",
            NA,
            "",
        ),
        (
            "Terdokumentasinya prosedur pengelolaan user access control",
            "Jumlah dokumen prosedur yang ditetapkan",
            1,
            "dokumen",
        ),
        NA,
    ],
]
KPI_LOG = "Semua aktivitas sistem tercatat pada log activity"


def _load_kpi(periode: Periode, units: dict[str, UnitKerja]) -> None:
    for nama_unit, daftar in KPI.items():
        unit = units[nama_unit]
        ada = set(
            Kpi.objects.filter(unit_kerja=unit, periode=periode).values_list(
                "pernyataan", flat=True
            )
        )
        for pernyataan, target, satuan in daftar:
            if pernyataan not in ada:
                buat_kpi(
                    unit=unit,
                    periode=periode,
                    pernyataan=pernyataan,
                    target=target,
                    satuan=satuan,
                    oleh=None,
                )


def _skp_kepala_upt(kepala: Pegawai, periode: Periode) -> list[RencanaKinerja]:
    """The Kepala UPT's SKP with the seed's RK (JPT model, set by the admin for a pimpinan
    unit kerja mandiri), unless it already holds RK."""
    skp, _ = Skp.objects.get_or_create(
        pegawai=kepala, periode=periode, defaults={"model_form": ModelForm.JPT}
    )
    if not skp.rencana_kinerja.exists():
        for urutan, (teks, iki) in enumerate(SKP_KEPALA_UPT, start=1):
            rk = RencanaKinerja.objects.create(skp=skp, teks=teks, urutan=urutan)
            for i, (indikator, target, satuan) in enumerate(iki):
                Indikator.objects.create(
                    rencana_kinerja=rk,
                    aspek=Aspek.KUANTITAS,
                    urutan=i,
                    teks=indikator,
                    target_min=target,
                    satuan=satuan,
                )
    return list(skp.rencana_kinerja.order_by("urutan", "pk")[:2])


def _isi(matriks, anggota, kolom, nilai, ketua) -> None:
    if nilai is NA:
        simpan_sel(matriks, anggota, kolom, is_na=True, peran_hasil=[], oleh=ketua)
        return
    teks, indikator, target, satuan = nilai
    data = DataPeranHasil(
        teks,
        indikator=indikator,
        target=Decimal(target) if target is not None else None,
        satuan=satuan,
    )
    simpan_sel(matriks, anggota, kolom, is_na=False, peran_hasil=[data], oleh=ketua)


def _matriks_upt(periode, units, people) -> None:
    kepala = people[orang_demo.KEPALA_UPT_NIP]
    nama = "Tim UPT TIK"
    if MatriksPeranHasil.objects.filter(periode=periode, ketua=kepala, nama=nama).exists():
        return
    rk_kepala = _skp_kepala_upt(kepala, periode)
    matriks = buat_matriks(
        periode=periode, nama=nama, ketua=kepala, unit_kerja=units[orang_demo.UPT_TIK], oleh=kepala
    )
    kolom = [tambah_kolom(matriks, rencana_kinerja=rk, oleh=kepala) for rk in rk_kepala]
    for divisi, sel in MATRIKS_UPT.items():
        anggota = tambah_anggota(matriks, units[divisi].kepala, oleh=kepala)
        for k, nilai in zip(kolom, sel, strict=True):
            _isi(matriks, anggota, k, nilai, kepala)
    terapkan_ke_skp(matriks, oleh=kepala)


def _matriks_si(periode, units) -> None:
    unit = units[SI]
    ketua = unit.kepala
    nama = f"Tim {SI}"
    if MatriksPeranHasil.objects.filter(periode=periode, ketua=ketua, nama=nama).exists():
        return
    # His first two Kinerja Utama RHK: a tambahan (Panitia UTBK) is no result to cascade.
    rk_ketua = list(
        RencanaKinerja.objects.filter(
            skp__pegawai=ketua, skp__periode=periode, jenis=JenisRencanaKinerja.UTAMA
        ).order_by("urutan", "pk")[:2]
    )
    matriks = buat_matriks(
        periode=periode, nama=nama, ketua=ketua, unit_kerja=unit, isi_anggota_unit=True, oleh=ketua
    )
    kolom = [tambah_kolom(matriks, rencana_kinerja=rk, oleh=ketua) for rk in rk_ketua]
    kpi_log = Kpi.objects.filter(unit_kerja=unit, periode=periode, pernyataan=KPI_LOG).first()
    if kpi_log:
        kolom.append(tambah_kolom(matriks, kpi=kpi_log, oleh=ketua))
    staf = {p.nip: p for p in Pegawai.objects.filter(unit_kerja=unit).exclude(pk=ketua.pk)}
    urut = [o.nip for o in orang_demo.ORANG if o.nip in staf]
    for nip, sel in zip(urut, MATRIKS_SI, strict=False):
        anggota = matriks.anggota.get(pegawai=staf[nip])
        for k, nilai in zip(kolom, sel, strict=False):
            _isi(matriks, anggota, k, nilai, ketua)
    terapkan_ke_skp(matriks, oleh=ketua)


@transaction.atomic
def load_demo(periode_list: list[Periode], people: dict[str, Pegawai]) -> None:
    """KPI for every demo periode; the two matrices in the current one (windows open)."""
    units = {u.nama: u for u in UnitKerja.objects.select_related("kepala")}
    for periode in periode_list:
        _load_kpi(periode, units)
    current = periode_list[-1]
    _matriks_upt(current, units, people)
    _matriks_si(current, units)
