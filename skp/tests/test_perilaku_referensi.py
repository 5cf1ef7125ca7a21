"""The seven BerAKHLAK values and their three guides are printed verbatim (PermenPANRB 6/2022):
the reference data is compared with DOMAIN.md §9, written out here as the regulation words it."""

from skp.berakhlak import NILAI_PER_KODE, PERILAKU_KERJA, NilaiBerakhlak

# DOMAIN.md §9, "Perilaku Kerja", the numbered list as written there (value: guide; guide; guide).
DOMAIN_9 = """
1. Berorientasi Pelayanan: Memahami dan memenuhi kebutuhan masyarakat; Ramah, cekatan,
   solutif, dan dapat diandalkan; Melakukan perbaikan tiada henti.
2. Akuntabel: Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan
   berintegritas tinggi; Menggunakan kekayaan dan BMN secara bertanggung jawab, efektif, dan
   efisien; Tidak menyalahgunakan kewenangan jabatan.
3. Kompeten: Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah;
   Membantu orang lain belajar; Melaksanakan tugas dengan kualitas terbaik.
4. Harmonis: Menghargai setiap orang apapun latar belakangnya; Suka menolong orang lain;
   Membangun lingkungan kerja yang kondusif.
5. Loyal: Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia
   Tahun 1945, setia pada NKRI serta pemerintahan yang sah; Menjaga nama baik sesama ASN,
   Pimpinan, Instansi, dan Negara; Menjaga rahasia jabatan dan negara.
6. Adaptif: Cepat menyesuaikan diri menghadapi perubahan; Terus berinovasi dan
   mengembangkan kreativitas; Bertindak proaktif.
7. Kolaboratif: Memberi kesempatan kepada berbagai pihak untuk berkontribusi; Terbuka dalam
   bekerja sama untuk menghasilkan nilai tambah; Menggerakkan pemanfaatan berbagai sumber daya
   untuk tujuan bersama.
"""


def _domain() -> list[tuple[int, str, list[str]]]:
    teks = " ".join(DOMAIN_9.split())
    hasil = []
    for nomor in range(1, 8):
        awal = teks.index(f"{nomor}. ") + len(f"{nomor}. ")
        akhir = teks.index(f" {nomor + 1}. ") if nomor < 7 else len(teks)
        nama, panduan = teks[awal:akhir].split(": ", 1)
        hasil.append((nomor, nama, panduan.removesuffix(".").split("; ")))
    return hasil


def test_the_seven_values_and_their_three_guides_are_domain_9_word_for_word():
    kode = [(n.nomor, n.nama, list(n.panduan)) for n in PERILAKU_KERJA]
    assert kode == _domain()


def test_the_values_are_numbered_one_to_seven_in_the_order_of_berakhlak():
    assert [n.nomor for n in PERILAKU_KERJA] == [1, 2, 3, 4, 5, 6, 7]
    assert "".join(n.nama[0] for n in PERILAKU_KERJA) == "BAKHLAK"
    assert all(len(n.panduan) == 3 for n in PERILAKU_KERJA)
    assert [n.kode for n in PERILAKU_KERJA] == NilaiBerakhlak.values
    assert NILAI_PER_KODE["loyal"].nomor == 5
