"""Realistic PermenPANRB 6/2022 SKP content for the print tests and the benchmark: RHK as
a UPT TIK writes them (long, some pasted from Word with line breaks in their narrative), the
pimpinan's expectations for the seven values and a Lampiran with items in all three lists."""

from skp.berakhlak import NilaiBerakhlak
from skp.models import (
    Aspek,
    ButirLampiran,
    EkspektasiPerilaku,
    JenisLampiran,
    JenisRencanaKinerja,
    ModelForm,
    Pendekatan,
    Perspektif,
    Skp,
)
from skp.tests.cetak_data import RK_JPT, isi_rk

# The UPT TIK's KPI divisi (DOMAIN.md §7) written as results.
RHK_STAF = [
    "Tersedianya sistem informasi akademik yang dikembangkan tepat waktu, sesuai kebutuhan "
    "pengguna, aman, mudah digunakan, andal dan menjaga integritas data",
    "Terselenggaranya penanganan insiden sistem informasi tepat waktu dengan skala prioritas",
    "Tercatatnya seluruh aktivitas sistem informasi pada log activity yang dapat ditelusuri",
    "Terkelolanya manajemen user access control seluruh sistem informasi universitas",
    "Terintegrasinya seluruh sistem informasi melalui data center dengan waktu sinkronisasi "
    "minimal",
    "Terstandarisasinya rilis dan deployment aplikasi pada lingkungan produksi",
    "Tersedianya video panduan penggunaan untuk semua sistem informasi",
    "Tersedianya SOP dan instruksi kerja untuk setiap kegiatan dalam divisi",
]

UKURAN_KUALITATIF = (
    "Sistem dikembangkan sesuai dokumen kebutuhan yang disetujui pemilik proses bisnis:\n"
    "- fitur yang disepakati selesai dan lolos uji penerimaan pengguna;\n"
    "- tidak ada celah keamanan berisiko tinggi pada hasil uji penetrasi;\n"
    "- rilis ke produksi paling lambat minggu kedua bulan April.\n"
    "\n"
    "Kualitas: pengguna menilai layanan baik atau sangat baik pada survei semester."
)

EKSPEKTASI = {
    NilaiBerakhlak.BERORIENTASI_PELAYANAN: (
        "Menanggapi tiket layanan pengguna paling lambat satu hari kerja.\n"
        "Menjelaskan kendala sistem kepada operator fakultas dengan bahasa yang mudah "
        "dipahami."
    ),
    NilaiBerakhlak.AKUNTABEL: (
        "Menyampaikan laporan ketersediaan layanan TIK setiap bulan paling lambat tanggal 5.\n"
        "Mencatat setiap perubahan konfigurasi server pada buku log sebelum dikerjakan.\n"
        "\n"
        "Tidak memberikan akses basis data kepada pihak yang tidak berwenang."
    ),
    NilaiBerakhlak.KOMPETEN: "Mengikuti minimal dua pelatihan TI dan berbagi hasilnya di divisi.",
    NilaiBerakhlak.HARMONIS: "",  # the pimpinan may leave a value without an expectation
    NilaiBerakhlak.LOYAL: "Menjaga kerahasiaan data pribadi mahasiswa dan pegawai.",
    NilaiBerakhlak.ADAPTIF: "Mempelajari versi framework terbaru sebelum proyek dimulai.",
    NilaiBerakhlak.KOLABORATIF: (
        "Melibatkan operator fakultas dalam uji coba setiap fitur baru SIAK sebelum dirilis."
    ),
}

LAMPIRAN = {
    JenisLampiran.DUKUNGAN_SUMBER_DAYA: [
        "Anggaran DIPA UPT TIK untuk lisensi perangkat lunak pengembangan",
        "Akses ke server pengembangan, staging dan produksi di data center",
        "Pendampingan teknis dari Divisi Infrastruktur, Jaringan dan Keamanan",
    ],
    JenisLampiran.SKEMA_PERTANGGUNGJAWABAN: [
        "Laporan capaian kinerja bulanan kepada pejabat penilai kinerja",
        "Presentasi kemajuan proyek setiap triwulan di rapat pimpinan UPT TIK",
    ],
    JenisLampiran.KONSEKUENSI: [
        "Capaian kinerja menjadi dasar pembayaran tunjangan kinerja",
        "Predikat kinerja menjadi dasar pengembangan karier dan rotasi jabatan",
    ],
}


def rhk_staf(n: int) -> str:
    return f"{RHK_STAF[(n - 1) % len(RHK_STAF)]} (paket {n})"


def isi_perilaku_dan_lampiran(skp: Skp, *, oleh=None) -> None:
    """The seven expectations (one left empty) and the three lists of the Lampiran."""
    EkspektasiPerilaku.objects.bulk_create(
        EkspektasiPerilaku(skp=skp, nilai=nilai, teks=teks, ditulis_oleh=oleh)
        for nilai, teks in EKSPEKTASI.items()
    )
    ButirLampiran.objects.bulk_create(
        ButirLampiran(skp=skp, jenis=jenis, teks=teks, urutan=urutan)
        for jenis, daftar in LAMPIRAN.items()
        for urutan, teks in enumerate(daftar)
    )


def buat_skp_staf_6_2022(
    pegawai, periode, jumlah_rk=3, *, pendekatan=Pendekatan.KUANTITATIF, intervensi=None
) -> Skp:
    """A JA/JF SKP: `jumlah_rk` RHK utama (Kuantitas, Kualitas, Waktu IKIs, or a narrative
    when kualitatif) and one tambahan, with expectations and a Lampiran."""
    skp = Skp.objects.create(pegawai=pegawai, periode=periode, pendekatan=pendekatan)
    kualitatif = pendekatan == Pendekatan.KUALITATIF
    for n in range(1, jumlah_rk + 1):
        isi_rk(
            skp,
            rhk_staf(n),
            []
            if kualitatif
            else [
                (
                    f"Jumlah modul sistem informasi yang selesai dikembangkan (paket {n})",
                    "4",
                    "modul",
                ),
                (
                    f"Persentase fitur yang lolos uji penerimaan pengguna (paket {n})",
                    "90",
                    "%",
                    Aspek.KUALITAS,
                ),
                (f"Waktu penyelesaian (paket {n})", "", "", Aspek.WAKTU),
            ],
            urutan=n,
            intervensi=intervensi,
            intervensi_teks_bebas=""
            if intervensi
            else "Meningkatnya kualitas layanan sistem informasi universitas",
            ukuran_keberhasilan=UKURAN_KUALITATIF if kualitatif else "",
        )
    isi_rk(
        skp,
        "Terlaksananya tugas Panitia UTBK SNBT di lokasi Undiksha",
        [] if kualitatif else [("Jumlah sesi ujian yang terlayani tanpa gangguan", "6", "sesi")],
        jenis=JenisRencanaKinerja.TAMBAHAN,
        ukuran_keberhasilan="Seluruh sesi ujian terlayani tanpa gangguan jaringan."
        if kualitatif
        else "",
    )
    isi_perilaku_dan_lampiran(skp)
    return skp


def buat_skp_jpt_6_2022(pegawai, periode, *, pendekatan=Pendekatan.KUANTITATIF) -> Skp:
    """The seed's Kepala UPT TIK SKP (DOMAIN.md §4) as a 6/2022 JPT form: perspektif on each
    RHK, one RHK a penugasan of the Rektor."""
    skp = Skp.objects.create(
        pegawai=pegawai, periode=periode, model_form=ModelForm.JPT, pendekatan=pendekatan
    )
    kualitatif = pendekatan == Pendekatan.KUALITATIF
    perspektif = [Perspektif.PROSES_BISNIS, Perspektif.PENERIMA_LAYANAN]
    for urutan, (teks, indikator) in enumerate(RK_JPT):
        isi_rk(
            skp,
            teks,
            [] if kualitatif else indikator,
            urutan=urutan,
            perspektif=perspektif[urutan],
            penugasan_dari="Rektor Universitas Pendidikan Ganesha" if urutan == 1 else "",
            ukuran_keberhasilan="\n".join(f"{i} → {t}{s}" for i, t, s in indikator)
            if kualitatif
            else "",
        )
    isi_perilaku_dan_lampiran(skp)
    return skp
