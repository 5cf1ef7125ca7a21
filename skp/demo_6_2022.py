"""What PermenPANRB 6/2022 adds to the current-year demo (DOMAIN.md §9): the presets the admin
kepegawaian keeps (Ekspektasi Khusus Pimpinan per BerAKHLAK value, and the three lists of the
Lampiran), and, per demo SKP, the expectations its pejabat penilai wrote and the Lampiran its
pegawai agreed. Written as a UPT TIK would: from the KPI divisi of DOMAIN.md §7.

Everything goes through the real services (the preset admin, the pejabat penilai writing, the
pegawai adding items), so the audit and the SKP's revisi read as if people had done it; an SKP
is filled once, before the demo submits it, so its submitted version holds what it shows.
Idempotent: a list that has presets, or an SKP that has expectations or lampiran items, is
left as it is."""

import logging

from django.db import transaction

from accounts.models import Pegawai
from periode.demo import ADMIN_NIP, KEPALA_UPT_NIP
from periode.models import Periode, Supervisi
from skp.berakhlak import NilaiBerakhlak
from skp.exceptions import SkpError
from skp.models import (
    ButirLampiran,
    EkspektasiPerilaku,
    JenisLampiran,
    PresetEkspektasi,
    PresetLampiran,
    Skp,
)
from skp.services.dasar import kunci_untuk_diubah
from skp.services.lampiran import isi_lampiran_awal, tambah_butir_lampiran, tambah_preset_lampiran
from skp.services.perilaku import tambah_preset, tulis_ekspektasi

logger = logging.getLogger(__name__)
N = NilaiBerakhlak
DSD = JenisLampiran.DUKUNGAN_SUMBER_DAYA
SKEMA = JenisLampiran.SKEMA_PERTANGGUNGJAWABAN
KONSEKUENSI = JenisLampiran.KONSEKUENSI

# The institution's ready-made expectations, 2–3 per value: general enough for any unit, each
# something a pejabat penilai can observe during the year.
PRESET_EKSPEKTASI = {
    N.BERORIENTASI_PELAYANAN: [
        "Menanggapi permintaan layanan dari pengguna paling lambat 1 hari kerja sejak diterima.",
        "Menyelesaikan layanan sesuai standar waktu yang ditetapkan dalam SOP unit.",
        "Meminta umpan balik pengguna setelah layanan selesai dan menindaklanjuti setiap keluhan.",
    ],
    N.AKUNTABEL: [
        "Menyampaikan laporan capaian kinerja kepada pejabat penilai setiap bulan paling lambat "
        "tanggal 5.",
        "Menggunakan barang milik negara yang dipinjamkan hanya untuk keperluan dinas dan segera "
        "melaporkan kerusakannya.",
        "Mencatat setiap pekerjaan yang diselesaikan pada aplikasi atau buku kerja unit.",
    ],
    N.KOMPETEN: [
        "Mengikuti minimal 2 pelatihan sesuai bidang tugas dalam setahun.",
        "Membagikan hasil pelatihan kepada rekan kerja dalam forum berbagi pengetahuan unit.",
        "Memperbaiki temuan hasil pemeriksaan pekerjaan paling lambat 3 hari kerja.",
    ],
    N.HARMONIS: [
        "Menghargai pendapat setiap rekan kerja dalam rapat dan diskusi tim.",
        "Bersedia menggantikan tugas rekan kerja yang berhalangan agar layanan tidak terhenti.",
    ],
    N.LOYAL: [
        "Menjaga kerahasiaan data pribadi pegawai dan mahasiswa yang diakses dalam tugas.",
        "Menjaga nama baik unit dan universitas, termasuk di media sosial.",
    ],
    N.ADAPTIF: [
        "Menguasai aplikasi atau prosedur kerja baru paling lambat 1 bulan sejak diberlakukan.",
        "Mengusulkan minimal 1 perbaikan cara kerja yang mempercepat layanan dalam setahun.",
    ],
    N.KOLABORATIF: [
        "Berkoordinasi dengan unit terkait sebelum melaksanakan pekerjaan yang berdampak pada "
        "layanan mereka.",
        "Terlibat aktif dalam tim kerja lintas divisi yang ditugaskan pimpinan.",
    ],
}

# (list, text, isian awal of every new SKP?)
PRESET_LAMPIRAN = [
    (DSD, "Anggaran BLU UPT TIK sesuai Rencana Bisnis dan Anggaran (RBA) tahun berjalan", True),
    (DSD, "Perangkat kerja (komputer atau laptop) dan akses jaringan kampus", True),
    (
        DSD,
        "Akses server pengembangan, repositori kode, dan akun administrator sesuai kewenangan",
        False,
    ),
    (DSD, "Biaya pelatihan dan sertifikasi kompetensi dari anggaran unit", False),
    (SKEMA, "Laporan capaian kinerja bulanan kepada pejabat penilai melalui aplikasi SKP", True),
    (SKEMA, "Evaluasi kinerja triwulanan bersama pejabat penilai", True),
    (SKEMA, "Laporan penugasan kepada pemberi tugas dengan tembusan kepada pejabat penilai", False),
    (
        KONSEKUENSI,
        "Capaian kinerja menjadi dasar pembayaran insentif kinerja (remunerasi) BLU Undiksha",
        True,
    ),
    (
        KONSEKUENSI,
        "Predikat kinerja menjadi dasar pengembangan karier dan kenaikan pangkat",
        True,
    ),
    (
        KONSEKUENSI,
        "Kinerja di bawah ekspektasi ditindaklanjuti dengan pembinaan oleh pejabat penilai",
        False,
    ),
]

# Per pegawai (NIP): what their pejabat penilai expects this year, for the values that matter
# most in that job; the other values stay empty, as the regulation allows.
EKSPEKTASI = {
    # Kepala UPT TIK, by the Wakil Rektor Bidang Umum dan Keuangan.
    KEPALA_UPT_NIP: {
        N.BERORIENTASI_PELAYANAN: "Memastikan layanan TIK utama (SSO, SIAK, e-learning, dan surel "
        "Undiksha) tersedia minimal 99% selama masa perkuliahan.",
        N.AKUNTABEL: "Menyampaikan laporan kinerja dan realisasi anggaran UPT TIK kepada Wakil "
        "Rektor Bidang Umum dan Keuangan setiap triwulan.",
        N.KOMPETEN: "Memastikan programmer dan tim infrastruktur UPT TIK memperoleh sertifikasi "
        "nasional, dan programmer senior menyiapkan sertifikasi internasional.",
        N.LOYAL: "Menjaga keamanan dan kerahasiaan data institusi yang dikelola UPT TIK.",
        N.KOLABORATIF: "Melibatkan fakultas dan unit kerja dalam penyusunan rencana pengembangan "
        "TIK Undiksha.",
    },
    # Kepala divisi, by the Kepala UPT TIK.
    "198703222010121003": {
        N.BERORIENTASI_PELAYANAN: "Menanggapi setiap permintaan pengembangan sistem dari unit "
        "kerja dengan rencana dan jadwal paling lambat 5 hari kerja.",
        N.AKUNTABEL: "Menyampaikan laporan kemajuan pengembangan sistem informasi kepada Kepala "
        "UPT TIK setiap bulan.",
        N.KOMPETEN: "Memastikan setiap programmer Divisi Sistem Informasi mengikuti minimal 2 "
        "pelatihan TI tahun ini.",
        N.HARMONIS: "Membagi beban kerja pengembangan secara merata dan terbuka di antara staf "
        "divisi.",
        N.KOLABORATIF: "Mengoordinasikan integrasi setiap sistem baru dengan Divisi Data sebelum "
        "dirilis.",
    },
    "198511072011012008": {
        N.BERORIENTASI_PELAYANAN: "Memastikan permintaan pemuatan konten dari unit kerja "
        "terlayani paling lambat 2 hari kerja.",
        N.AKUNTABEL: "Melaporkan peringkat Webometrics dan 4ICU Undiksha beserta rencana "
        "perbaikannya kepada Kepala UPT TIK setiap semester.",
        N.ADAPTIF: "Menyiapkan panduan penulisan konten web yang ramah mesin pencari bagi admin "
        "web unit.",
        N.KOLABORATIF: "Bekerja sama dengan Divisi Sistem Informasi agar setiap sistem informasi "
        "baru memiliki video panduan saat diluncurkan.",
    },
    "198609132012121004": {
        N.AKUNTABEL: "Melaporkan setiap kegagalan sinkronisasi data center kepada Kepala UPT TIK "
        "pada hari yang sama beserta tindak lanjutnya.",
        N.KOMPETEN: "Menyusun standar rilis dan deployment lalu melatihkannya kepada seluruh "
        "pengembang UPT TIK.",
        N.LOYAL: "Menjaga kerahasiaan data pribadi sivitas akademika yang tersimpan di data "
        "center.",
        N.KOLABORATIF: "Memastikan bersama Divisi Sistem Informasi bahwa setiap sistem baru "
        "terhubung ke data center sebelum digunakan.",
    },
    "198804252013032011": {
        N.BERORIENTASI_PELAYANAN: "Menjaga kepuasan pengguna layanan TIK minimal 85% menurut "
        "survei kepuasan setiap semester.",
        N.AKUNTABEL: "Menyajikan rekap tiket layanan (masuk, selesai, dan terlambat) kepada "
        "Kepala UPT TIK setiap bulan.",
        N.ADAPTIF: "Menyiapkan dokumen sistem manajemen mutu untuk sertifikasi ISO layanan UPT "
        "TIK.",
    },
    # Divisi Sistem Informasi, by its kepala.
    "199105172019031012": {
        N.BERORIENTASI_PELAYANAN: "Menanggapi tiket permintaan perbaikan aplikasi layanan "
        "akademik paling lambat 1 hari kerja sejak tiket masuk di helpdesk.",
        N.AKUNTABEL: "Mencatat setiap perubahan kode modul keuangan BLU di repositori Git dan "
        "melewatkannya melalui tinjauan kode sebelum dirilis.",
        N.KOMPETEN: "Mengikuti minimal 2 pelatihan pengembangan aplikasi dan menyiapkan "
        "sertifikasi nasional programmer (BNSP) tahun ini.",
        N.LOYAL: "Tidak menyalin basis data produksi yang memuat data mahasiswa atau keuangan ke "
        "perangkat pribadi.",
        N.KOLABORATIF: "Melibatkan operator Bagian Keuangan dalam uji penerimaan pengguna (UAT) "
        "sebelum modul keuangan BLU dirilis.",
    },
    "199402112020121006": {
        N.BERORIENTASI_PELAYANAN: "Menyelesaikan insiden sistem informasi berprioritas tinggi "
        "paling lambat 1 × 24 jam dan mengabarkan perkembangannya kepada pelapor.",
        N.AKUNTABEL: "Memastikan aktivitas sistem yang dikelolanya tercatat pada log activity "
        "terpusat dan melaporkan setiap anomali kepada kepala divisi.",
        N.KOMPETEN: "Menuntaskan sertifikasi nasional programmer tahun ini dan membagikan "
        "materinya dalam forum berbagi pengetahuan divisi.",
        N.ADAPTIF: "Menerapkan pembaruan framework, PHP, dan MySQL pada sistem yang dikelolanya "
        "paling lambat 30 hari sejak versi stabil dirilis.",
    },
    "199608232022032014": {
        N.BERORIENTASI_PELAYANAN: "Menanggapi tiket layanan SSO dalam 1 hari kerja dan "
        "menuntaskan permintaan reset akun paling lambat 2 jam kerja.",
        N.AKUNTABEL: "Mengubah hak akses pengguna hanya berdasarkan surat permohonan unit dan "
        "mencatat setiap perubahan pada daftar kendali akses.",
        N.KOMPETEN: "Mengikuti pelatihan keamanan aplikasi web (OWASP) dan menerapkannya pada "
        "modul yang ditangani.",
        N.KOLABORATIF: "Berkoordinasi dengan Divisi Helpdesk dan Dokumentasi agar setiap insiden "
        "yang diselesaikan tercatat di basis pengetahuan helpdesk.",
    },
    # Divisi Konten dan Multimedia, by its kepala.
    "199302142019031009": {
        N.BERORIENTASI_PELAYANAN: "Mengunggah berita kegiatan dari unit kerja paling lambat 1 "
        "hari kerja setelah bahannya lengkap.",
        N.AKUNTABEL: "Memeriksa kebenaran isi dan izin penggunaan foto sebelum berita diterbitkan "
        "di portal Undiksha.",
        N.ADAPTIF: "Memindahkan situs unit ke versi CMS terbaru yang ditetapkan divisi dan "
        "mendampingi admin unit selama peralihan.",
        N.KOLABORATIF: "Mengadakan pertemuan bulanan dengan admin web fakultas agar konten situs "
        "fakultas tetap mutakhir.",
    },
    "199511302021022003": {
        N.BERORIENTASI_PELAYANAN: "Menyelesaikan permintaan desain publikasi dari unit kerja "
        "paling lambat 3 hari kerja setelah rancangannya disetujui.",
        N.KOMPETEN: "Mengikuti minimal 1 pelatihan produksi video dan menerapkannya pada video "
        "panduan sistem informasi.",
        N.HARMONIS: "Menerima masukan revisi desain dari unit kerja dengan terbuka dan "
        "menanggapinya secara santun.",
        N.KOLABORATIF: "Menyusun naskah setiap video panduan bersama pengembang sistem informasi "
        "yang bersangkutan sebelum produksi.",
    },
}

# Per pegawai: items agreed for their own work, after the institution's isian awal.
LAMPIRAN = {
    KEPALA_UPT_NIP: [
        (DSD, "Dukungan kebijakan dan anggaran dari Wakil Rektor Bidang Umum dan Keuangan"),
        (
            SKEMA,
            "Laporan kinerja UPT TIK setiap triwulan kepada Wakil Rektor Bidang Umum dan Keuangan",
        ),
    ],
    "198703222010121003": [
        (DSD, "Server pengembangan dan pengujian (staging) untuk setiap sistem informasi"),
        (
            SKEMA,
            "Laporan kemajuan pengembangan sistem informasi setiap bulan kepada Kepala UPT TIK",
        ),
    ],
    "198511072011012008": [
        (
            DSD,
            "Perangkat produksi video (kamera, mikrofon, dan lisensi perangkat lunak penyunting)",
        ),
        (SKEMA, "Laporan peringkat Webometrics dan 4ICU setiap semester kepada Kepala UPT TIK"),
    ],
    "198609132012121004": [
        (DSD, "Kapasitas penyimpanan dan server basis data di data center Undiksha"),
        (SKEMA, "Laporan sinkronisasi data center setiap bulan kepada Kepala UPT TIK"),
    ],
    "198804252013032011": [
        (DSD, "Aplikasi helpdesk dengan survei kepuasan pengguna"),
        (SKEMA, "Rekap tiket layanan setiap bulan kepada Kepala UPT TIK"),
    ],
    "198201302008011005": [
        (DSD, "Genset, UPS, dan suku cadang perangkat jaringan untuk ruang server"),
        (SKEMA, "Laporan ketersediaan server dan jaringan setiap bulan kepada Kepala UPT TIK"),
    ],
    "199105172019031012": [
        (DSD, "Akses server pengembangan dan repositori Git Divisi Sistem Informasi"),
        (
            SKEMA,
            "Laporan kemajuan pengembangan modul setiap dua minggu pada rapat Divisi Sistem "
            "Informasi",
        ),
    ],
    "199402112020121006": [
        (DSD, "Akses log activity terpusat dan server produksi sesuai kewenangan"),
        (SKEMA, "Laporan penanganan insiden setiap minggu kepada Kepala Divisi Sistem Informasi"),
    ],
    "199608232022032014": [
        (DSD, "Akun administrator SSO dan aplikasi helpdesk"),
        (
            SKEMA,
            "Rekap perubahan hak akses pengguna setiap bulan kepada Kepala Divisi Sistem Informasi",
        ),
    ],
    "199302142019031009": [
        (DSD, "Akun pengelola CMS portal Undiksha dan situs unit"),
        (SKEMA, "Rekap konten yang terbit setiap bulan kepada Kepala Divisi Konten dan Multimedia"),
    ],
    "199511302021022003": [
        (DSD, "Perangkat lunak desain grafis dan penyuntingan video berlisensi"),
        (
            SKEMA,
            "Daftar karya desain dan video yang selesai setiap bulan kepada Kepala Divisi "
            "Konten dan Multimedia",
        ),
    ],
}


def load_preset() -> None:
    """The admin kepegawaian's presets, for each value and list that has none yet."""
    admin = Pegawai.objects.get(nip=ADMIN_NIP)
    ada_nilai = set(PresetEkspektasi.objects.values_list("nilai", flat=True))
    for nilai, daftar in PRESET_EKSPEKTASI.items():
        if nilai not in ada_nilai:
            for teks in daftar:
                tambah_preset(oleh=admin, nilai=nilai, teks=teks)
    ada_jenis = set(PresetLampiran.objects.values_list("jenis", flat=True))
    for jenis, teks, bawaan in PRESET_LAMPIRAN:
        if jenis not in ada_jenis:
            tambah_preset_lampiran(oleh=admin, jenis=jenis, teks=teks, is_bawaan=bawaan)


@transaction.atomic
def lengkapi(skp: Skp) -> None:
    """Write the demo's expectations (by the SKP's pejabat penilai now) and Lampiran (by its
    pegawai: the isian awal, then their own items) into an editable 6/2022 SKP that has
    neither yet. Before the demo submits it: what is submitted is what is shown."""
    if not (skp.profil.perilaku_kerja and skp.profil.lampiran) or not skp.is_editable_status:
        return
    if (
        EkspektasiPerilaku.objects.filter(skp=skp).exists()
        or ButirLampiran.objects.filter(skp=skp).exists()
    ):
        return
    nip = skp.pegawai.nip
    supervisi = Supervisi.objects.filter(pegawai=skp.pegawai, periode=skp.periode).first()
    penilai = supervisi.atasan_langsung if supervisi else None
    try:
        skp = kunci_untuk_diubah(skp, skp.pegawai)
        if penilai is not None:
            for nilai, teks in EKSPEKTASI.get(nip, {}).items():
                tulis_ekspektasi(skp, oleh=penilai, nilai=nilai, teks=teks)
        isi_lampiran_awal(skp, oleh=skp.pegawai)
        for jenis, teks in LAMPIRAN.get(nip, []):
            tambah_butir_lampiran(skp, oleh=skp.pegawai, jenis=jenis, teks=teks)
    except SkpError as exc:  # a window shut since the demo periode was made: stop quietly
        logger.warning("Demo SKP %s: perilaku dan lampiran tidak diisi: %s", skp.pk, exc)


def lengkapi_periode(periode: Periode) -> None:
    """Every editable demo SKP of the periode not filled yet: the ones the matriks started."""
    for skp in Skp.objects.filter(periode=periode).select_related("pegawai", "periode"):
        lengkapi(skp)
