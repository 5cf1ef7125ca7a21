"""The seven BerAKHLAK core values of the ASN with their three behaviour guides (PermenPANRB
6/2022; DOMAIN.md §9): reference data, printed verbatim on the SKP's PERILAKU KERJA table, so
it is a constant in the code and not a table anyone could edit. Numbered 1–7 in the order the
regulation gives (Ber-A-K-H-L-A-K). Pure data: skp.models reads it for its choices."""

from dataclasses import dataclass

from django.db import models

# The cap of one Ekspektasi Khusus Pimpinan (and of a preset): a paragraph or a short list of
# expectations for one value, not a document.
PANJANG_EKSPEKTASI = 1000


class NilaiBerakhlak(models.TextChoices):
    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan", "Berorientasi Pelayanan"
    AKUNTABEL = "akuntabel", "Akuntabel"
    KOMPETEN = "kompeten", "Kompeten"
    HARMONIS = "harmonis", "Harmonis"
    LOYAL = "loyal", "Loyal"
    ADAPTIF = "adaptif", "Adaptif"
    KOLABORATIF = "kolaboratif", "Kolaboratif"


@dataclass(frozen=True)
class NilaiPerilaku:
    nomor: int
    kode: str  # NilaiBerakhlak value
    nama: str
    panduan: tuple[str, str, str]


_PANDUAN = {
    NilaiBerakhlak.BERORIENTASI_PELAYANAN: (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ),
    NilaiBerakhlak.AKUNTABEL: (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan "
        "berintegritas tinggi",
        "Menggunakan kekayaan dan BMN secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    ),
    NilaiBerakhlak.KOMPETEN: (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    ),
    NilaiBerakhlak.HARMONIS: (
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    ),
    NilaiBerakhlak.LOYAL: (
        "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia "
        "Tahun 1945, setia pada NKRI serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
        "Menjaga rahasia jabatan dan negara",
    ),
    NilaiBerakhlak.ADAPTIF: (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    ),
    NilaiBerakhlak.KOLABORATIF: (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    ),
}

PERILAKU_KERJA: tuple[NilaiPerilaku, ...] = tuple(
    NilaiPerilaku(nomor, nilai.value, nilai.label, _PANDUAN[nilai])
    for nomor, nilai in enumerate(NilaiBerakhlak, start=1)
)
NILAI_PER_KODE: dict[str, NilaiPerilaku] = {n.kode: n for n in PERILAKU_KERJA}
