"""Realistic SKP content for the document tests and the benchmark: the seed's Kepala UPT TIK
JPT SKP (DOMAIN.md §4) and staff JA/JF SKPs of any length."""

from decimal import Decimal

from accounts.tests.factories import buat_pegawai, buat_unit
from periode.services import tetapkan_supervisi
from skp.models import Aspek, Indikator, JenisRencanaKinerja, ModelForm, RencanaKinerja, Skp

RK_JPT = [
    (
        "Persentase Penyelesaian Modernisasi Pengelolaan BLU",
        [
            ("Pengembangan teknologi informasi dan komunikasi", "5", ""),
            ("Pengelolaan teknologi informasi dan komunikasi", "30", ""),
            ("Pemberian layanan di bidang teknologi informasi dan komunikasi", "180", ""),
        ],
    ),
    (
        "Terlaksananya rencana aksi/inisiatif strategis dalam rangka pencapaian sasaran dan "
        "indikator kinerja utama organisasi dalam perjanjian kerja",
        [
            ("Meningkatnya tata kelola UPT TIK", "90", "%"),
            (
                "Meningkatnya Efektivitas Tata kelola dari perencanaan, program, anggaran, dan "
                "laporan UPT TIK",
                "8",
                "",
            ),
            (
                "Meningkatnya pengelolaan manajemen melalui peningkatan ketrampilan dan "
                "pengetahuan",
                "25",
                "",
            ),
        ],
    ),
]


def isi_rk(skp, teks, indikator, *, jenis=JenisRencanaKinerja.UTAMA, urutan=0, **rk_fields):
    rk = RencanaKinerja.objects.create(skp=skp, teks=teks, jenis=jenis, urutan=urutan, **rk_fields)
    for i, (iki, target, satuan, *aspek) in enumerate(indikator):
        Indikator.objects.create(
            rencana_kinerja=rk,
            teks=iki,
            urutan=i,
            satuan=satuan,
            aspek=aspek[0] if aspek else Aspek.KUANTITAS,
            target_min=Decimal(target) if target else None,
            target_teks="" if target else "Sesuai standar layanan",
        )
    return rk


def buat_upt(periode):
    """Undiksha > UPT TIK > Divisi Data with the seed's Kepala UPT, a kepala divisi and staff."""
    root = buat_unit("Universitas Pendidikan Ganesha")
    upt = buat_unit("UPT TIK", root)
    divisi = buat_unit("Divisi Data", upt)
    warek = buat_pegawai(
        "I Gede Wira Bakti",
        gelar_depan="Dr.",
        gelar_belakang="S.T., M.T.",
        golongan="IV/c",
        jabatan="Wakil Rektor Bidang Umum dan Keuangan",
        unit_kerja=root,
    )
    kepala_upt = buat_pegawai(
        "I Ketut Resika Arthana",
        nip="198412012012121002",
        gelar_belakang="S.T., M.Kom",
        golongan="III/d",
        jabatan="Kepala UPT TIK",
        unit_kerja=upt,
    )
    kepala_divisi = buat_pegawai(
        "Ni Made Sri Wahyuni",
        gelar_belakang="S.Kom., M.T.",
        golongan="III/c",
        jabatan="Kepala Divisi Data",
        unit_kerja=divisi,
    )
    for unit, kepala in [(root, warek), (upt, kepala_upt), (divisi, kepala_divisi)]:
        unit.kepala = kepala
        unit.save(update_fields=["kepala"])
    tetapkan_supervisi(kepala_upt, periode, atasan_langsung=warek, atasan_penilai=None)
    tetapkan_supervisi(kepala_divisi, periode, atasan_langsung=kepala_upt, atasan_penilai=warek)
    return root, upt, divisi, warek, kepala_upt, kepala_divisi


def buat_skp_jpt(pegawai, periode, **fields):
    skp = Skp.objects.create(pegawai=pegawai, periode=periode, model_form=ModelForm.JPT, **fields)
    for urutan, (teks, indikator) in enumerate(RK_JPT):
        isi_rk(skp, teks, indikator, urutan=urutan)
    return skp


def buat_skp_staf(pegawai, periode, jumlah_rk=3, *, intervensi=None, **fields):
    """A JA/JF SKP: `jumlah_rk` kinerja utama (Kuantitas, Kualitas, Waktu IKIs) and one tambahan."""
    skp = Skp.objects.create(pegawai=pegawai, periode=periode, **fields)
    for n in range(1, jumlah_rk + 1):
        isi_rk(
            skp,
            f"Tersedianya laporan sinkronisasi data nomor {n} tepat waktu",
            [
                (f"Jumlah laporan sinkronisasi data {n}", "12", "laporan"),
                (f"Persentase data tersinkron {n}", "95", "%", Aspek.KUALITAS),
                (f"Waktu penyelesaian laporan {n}", "1", "bulan", Aspek.WAKTU),
            ],
            urutan=n,
            intervensi=intervensi,
            intervensi_teks_bebas=""
            if intervensi
            else "Terintegrasinya sistem melalui data center",
        )
    isi_rk(
        skp,
        "Terlaksananya tugas Panitia UTBK",
        [("Jumlah sesi ujian terlayani", "6", "sesi")],
        jenis=JenisRencanaKinerja.TAMBAHAN,
    )
    return skp
