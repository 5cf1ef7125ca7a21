"""The Form SKP of a PermenPANRB 6/2022 periode (issue 15.8; DOMAIN.md §9, top to bottom):
title lines, instansi and periode penilaian, numbered identity blocks, HASIL KERJA with its
UTAMA and TAMBAHAN bands in the four variants (JA/JF or JPT, kuantitatif or kualitatif),
PERILAKU KERJA, signatures, and the LAMPIRAN page; in the HTML WeasyPrint renders, in the PDF
read back with pypdf, and in the .xlsx."""

import datetime
from io import BytesIO
import re

from django.utils import timezone
from openpyxl import load_workbook
import pytest

from accounts.models import JenisAsn
from accounts.tests.factories import buat_pegawai
from periode.models import Periode
from periode.services import tetapkan_supervisi
from skp.berakhlak import PERILAKU_KERJA, NilaiBerakhlak
from skp.cetak import html_skp, pdf_skp
from skp.dokumen import periode_penilaian, susun_dokumen
from skp.models import (
    ButirLampiran,
    EkspektasiPerilaku,
    JenisLampiran,
    Pendekatan,
    RencanaKinerja,
    Skp,
    StatusSkp,
)
from skp.services.drafting import mulai_skp, tambah_rencana_kinerja
from skp.services.lampiran import tambah_butir_lampiran
from skp.services.perilaku import tulis_ekspektasi
from skp.services.workflow import ajukan_skp
from skp.spreadsheets import xlsx_skp
from skp.tests.bantuan_perilaku import jadikan_6_2022
from skp.tests.cetak_6_2022_data import (
    EKSPEKTASI,
    LAMPIRAN,
    UKURAN_KUALITATIF,
    buat_skp_jpt_6_2022,
    buat_skp_staf_6_2022,
    rhk_staf,
)
from skp.tests.cetak_data import RK_JPT, buat_upt
from skp.tests.pdf_helpers import halaman_teks, rapat, semua_teks

UKURAN_KEBERHASILAN = "UKURAN KEBERHASILAN / INDIKATOR KINERJA INDIVIDU, DAN TARGET"

NI_PPPK = "199203152021212001"
INTERVENSI = "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI"

KOLOM = {
    ("jajf", Pendekatan.KUANTITATIF): [
        "NO",
        INTERVENSI,
        "RENCANA HASIL KERJA",
        "ASPEK",
        "INDIKATOR KINERJA INDIVIDU",
        "TARGET",
    ],
    ("jajf", Pendekatan.KUALITATIF): ["NO", INTERVENSI, "RENCANA HASIL KERJA", UKURAN_KEBERHASILAN],
    ("jpt", Pendekatan.KUANTITATIF): [
        "NO",
        "RENCANA HASIL KERJA",
        "INDIKATOR KINERJA INDIVIDU",
        "TARGET",
        "PERSPEKTIF",
    ],
    ("jpt", Pendekatan.KUALITATIF): [
        "NO",
        "RENCANA HASIL KERJA",
        UKURAN_KEBERHASILAN,
        "PERSPEKTIF",
    ],
}
BAGI = {
    "jajf": "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
    "jpt": "BAGI PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI",
}


@pytest.fixture
def upt(periode, settings):
    settings.SKP_TEMPAT_TTD = "Singaraja"
    jadikan_6_2022(periode)
    root, upt, divisi, warek, kepala_upt, kepala_divisi = buat_upt(periode)
    staf = buat_pegawai(
        "Kadek Yota Ernanda Aryanto",
        nip=NI_PPPK,
        jenis_asn=JenisAsn.PPPK,
        golongan="IX",
        gelar_belakang="S.Kom., M.T.",
        jabatan="Pranata Komputer Ahli Pertama",
        unit_kerja=divisi,
    )
    tetapkan_supervisi(staf, periode, atasan_langsung=kepala_divisi, atasan_penilai=kepala_upt)
    return {
        "divisi": divisi,
        "kepala_upt": kepala_upt,
        "kepala_divisi": kepala_divisi,
        "staf": staf,
    }


def _skp(upt, periode, model, pendekatan, jumlah_rk=3) -> Skp:
    if model == "jpt":
        return buat_skp_jpt_6_2022(upt["kepala_upt"], periode, pendekatan=pendekatan)
    return buat_skp_staf_6_2022(upt["staf"], periode, jumlah_rk, pendekatan=pendekatan)


def _dokumen(skp):
    return susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk))


def _kepala_kolom(html: str) -> list[str]:
    baris = re.search(r'<tr class="kolom">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r"<th>(.*?)</th>", baris)


def _teks(html: str) -> str:
    """The text of the HTML's body, tags and runs of whitespace collapsed to one space."""
    if "<body>" in html:
        html = html.split("<body>", 1)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("model", ["jajf", "jpt"])
@pytest.mark.parametrize("pendekatan", [Pendekatan.KUANTITATIF, Pendekatan.KUALITATIF])
def test_each_variant_prints_its_title_lines_and_column_heads(upt, periode, model, pendekatan):
    html = html_skp(_dokumen(_skp(upt, periode, model, pendekatan)))
    teks = _teks(html)
    judul = (
        f"SASARAN KINERJA PEGAWAI PENDEKATAN HASIL KERJA {pendekatan.label.upper()} {BAGI[model]}"
    )
    assert judul in teks
    assert (
        "UNIVERSITAS PENDIDIKAN GANESHA PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER "
        f"{periode.tahun}"
    ) in teks
    kolom = KOLOM[(model, pendekatan)]
    assert _kepala_kolom(html) == kolom
    nomor = " ".join(f"({n})" for n in range(1, len(kolom) + 1))
    assert f"HASIL KERJA {' '.join(kolom)} {nomor} UTAMA 1 " in teks
    assert " TAMBAHAN " in teks
    assert "RENCANA KINERJA ATASAN" not in teks and "KINERJA UTAMA" not in teks
    # The order of the form: identity, HASIL KERJA, PERILAKU KERJA, signatures, LAMPIRAN.
    urutan = [
        "PEGAWAI YANG DINILAI",
        "HASIL KERJA NO",
        "PERILAKU KERJA 1 Berorientasi Pelayanan",
        "Pegawai yang Dinilai",
        "LAMPIRAN SASARAN KINERJA PEGAWAI",
        "DUKUNGAN SUMBER DAYA",
    ]
    posisi = [teks.index(kata) for kata in urutan]
    assert posisi == sorted(posisi)


def test_the_identity_blocks_are_numbered_one_to_five_on_both_sides(upt, periode):
    teks = _teks(html_skp(_dokumen(_skp(upt, periode, "jajf", Pendekatan.KUANTITATIF))))
    assert "NO PEGAWAI YANG DINILAI NO PEJABAT PENILAI KINERJA" in teks
    assert (
        "1 NAMA Kadek Yota Ernanda Aryanto, S.Kom., M.T. 1 NAMA Ni Made Sri Wahyuni, S.Kom., M.T."
    ) in teks
    assert f"2 NI PPPK {NI_PPPK} 2 NIP " in teks
    assert "3 PANGKAT/GOL. RUANG Golongan IX 3 PANGKAT/GOL. RUANG Penata, III/c" in teks
    assert "4 JABATAN Pranata Komputer Ahli Pertama 4 JABATAN Kepala Divisi Data" in teks
    assert (
        "5 UNIT KERJA Divisi Data, UPT TIK, Universitas Pendidikan Ganesha 5 UNIT KERJA "
        "Divisi Data, UPT TIK, Universitas Pendidikan Ganesha"
    ) in teks


def test_a_kuantitatif_rhk_spans_its_iki_rows_and_a_kualitatif_one_prints_its_narrative(
    upt, periode
):
    kuantitatif = html_skp(_dokumen(_skp(upt, periode, "jajf", Pendekatan.KUANTITATIF)))
    assert kuantitatif.count('<td class="no" rowspan="3">') == 3  # three RHK, three IKI each
    assert '<td class="aspek">Kualitas</td>' in kuantitatif
    assert UKURAN_KEBERHASILAN not in kuantitatif

    skp = Skp.objects.get(pk=_skp(upt, periode, "jpt", Pendekatan.KUALITATIF).pk)
    kualitatif = html_skp(_dokumen(skp))
    assert "rowspan" not in kualitatif.split("<tbody", 1)[1]
    assert "INDIKATOR KINERJA INDIVIDU</th>" not in kualitatif
    # The narrative keeps the writer's lines.
    assert (
        "Pengembangan teknologi informasi dan komunikasi → 5<br>Pengelolaan teknologi "
        "informasi dan komunikasi → 30"
    ) in kualitatif


def test_a_kualitatif_narrative_pasted_with_line_breaks_keeps_them(upt, periode):
    html = html_skp(_dokumen(_skp(upt, periode, "jajf", Pendekatan.KUALITATIF)))
    assert UKURAN_KUALITATIF.replace("\n", "<br>") in html


def test_a_kualitatif_rhk_without_its_narrative_says_so(upt, periode):
    skp = _skp(upt, periode, "jajf", Pendekatan.KUALITATIF, jumlah_rk=1)
    RencanaKinerja.objects.filter(skp=skp).update(ukuran_keberhasilan="")
    assert "Belum ada ukuran keberhasilan" in html_skp(_dokumen(skp))


def test_a_jpt_rhk_prints_its_perspektif_and_who_assigned_it(upt, periode):
    teks = _teks(html_skp(_dokumen(_skp(upt, periode, "jpt", Pendekatan.KUANTITATIF))))
    rhk_1, iki_1 = RK_JPT[0][0], RK_JPT[0][1][0][0]
    assert f"1 {rhk_1} {iki_1} 5 Proses Bisnis" in teks
    assert (
        f"2 {RK_JPT[1][0]} (Penugasan dari Rektor Universitas Pendidikan Ganesha) "
        f"{RK_JPT[1][1][0][0]} 90% Penerima Layanan"
    ) in teks


def test_the_perilaku_kerja_table_has_the_seven_values_with_their_guides_and_expectations(
    upt, periode
):
    html = html_skp(_dokumen(_skp(upt, periode, "jajf", Pendekatan.KUANTITATIF)))
    perilaku = html[html.index("PERILAKU KERJA</th>") : html.index('<table class="ttd">')]
    baris = re.findall(r'<tbody class="nilai">(.*?)</tbody>', perilaku, re.S)
    assert len(baris) == 7
    for nilai, isi in zip(PERILAKU_KERJA, baris, strict=True):
        teks = _teks(isi)
        panduan = " ".join(nilai.panduan)
        assert teks.startswith(f"{nilai.nomor} {nilai.nama} {panduan} Ekspektasi Khusus Pimpinan:")
        harapan = EKSPEKTASI[NilaiBerakhlak(nilai.kode)]
        assert teks.endswith(" ".join(harapan.split()) if harapan else "Pimpinan: –")
        assert isi.count("<li>") == 3
    # The pimpinan's lines stay lines.
    assert "tanggal 5.<br>Mencatat setiap perubahan" in perilaku


def test_the_lampiran_page_lists_each_item_numbered_and_an_empty_list_as_a_dash(upt, periode):
    skp = _skp(upt, periode, "jajf", Pendekatan.KUANTITATIF)
    ButirLampiran.objects.filter(skp=skp, jenis=JenisLampiran.KONSEKUENSI).delete()
    html = html_skp(_dokumen(skp))
    lampiran = _teks(html[html.index('<section class="lampiran">') :])
    assert lampiran.startswith(
        "LAMPIRAN SASARAN KINERJA PEGAWAI UNIVERSITAS PENDIDIKAN GANESHA PERIODE PENILAIAN"
    )
    dukungan = LAMPIRAN[JenisLampiran.DUKUNGAN_SUMBER_DAYA]
    skema = LAMPIRAN[JenisLampiran.SKEMA_PERTANGGUNGJAWABAN]
    assert (
        f"DUKUNGAN SUMBER DAYA 1 {dukungan[0]} 2 {dukungan[1]} 3 {dukungan[2]} "
        f"SKEMA PERTANGGUNGJAWABAN 1 {skema[0]} 2 {skema[1]} KONSEKUENSI – – "
        "Singaraja,"
    ) in lampiran
    # Signed again under the Lampiran, as e-Kinerja prints it.
    assert lampiran.count("Pejabat Penilai Kinerja") == 1
    assert _teks(html).count("Pegawai yang Dinilai") == 2


def test_the_pdf_reads_the_form_section_by_section_and_ends_with_the_lampiran(upt, periode):
    skp = _skp(upt, periode, "jajf", Pendekatan.KUANTITATIF, jumlah_rk=4)
    pdf = pdf_skp(_dokumen(skp))
    halaman = halaman_teks(pdf)
    semua = rapat(semua_teks(pdf))
    for kata in [
        "SASARAN KINERJA PEGAWAI",
        "PENDEKATAN HASIL KERJA KUANTITATIF",
        BAGI["jajf"],
        "UNIVERSITAS PENDIDIKAN GANESHA",
        f"PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER {periode.tahun}",
        "NI PPPK",
        "PANGKAT/GOL. RUANG",
        INTERVENSI,
        "UTAMA",
        "TAMBAHAN",
        rhk_staf(4),
        "PERILAKU KERJA",
        PERILAKU_KERJA[6].panduan[2],
        "Ekspektasi Khusus Pimpinan:",
        EKSPEKTASI[NilaiBerakhlak.ADAPTIF],
        LAMPIRAN[JenisLampiran.KONSEKUENSI][1],
    ]:
        assert rapat(kata) in semua, kata
    terakhir = rapat(halaman[-1])
    assert terakhir.startswith(rapat("LAMPIRAN SASARAN KINERJA PEGAWAI"))
    assert rapat("PERILAKU KERJA") not in terakhir
    assert rapat(f"Halaman {len(halaman)} dari {len(halaman)}") in terakhir
    # The running footer names the pegawai by their NI PPPK on every page; DRAF while not final.
    assert all(rapat(f"NI PPPK {NI_PPPK} · Draf") in rapat(h) for h in halaman)
    assert "DRAF" in semua


def test_a_jpt_kualitatif_pdf_prints_its_narrative_and_perspektif(upt, periode):
    pdf = pdf_skp(_dokumen(_skp(upt, periode, "jpt", Pendekatan.KUALITATIF)))
    semua = rapat(semua_teks(pdf))
    for kata in [
        "PENDEKATAN HASIL KERJA KUALITATIF",
        BAGI["jpt"],
        UKURAN_KEBERHASILAN,
        "PERSPEKTIF",
        "Penerima Layanan",
        "(Penugasan dari Rektor Universitas Pendidikan Ganesha)",
        "Meningkatnya tata kelola UPT TIK → 90%",
        "LAMPIRAN SASARAN KINERJA PEGAWAI",
    ]:
        assert rapat(kata) in semua, kata


def test_a_20_rhk_pdf_never_cuts_an_rhk_across_pages_and_repeats_the_head(upt, periode):
    skp = _skp(upt, periode, "jajf", Pendekatan.KUANTITATIF, jumlah_rk=20)
    halaman = [rapat(h) for h in halaman_teks(pdf_skp(_dokumen(skp)))]
    assert len(halaman) >= 4
    for n in range(1, 21):
        # The RHK and its three IKI rows on the same page.
        letak = {i for i, h in enumerate(halaman) if rapat(rhk_staf(n)) in h}
        iki = {i for i, h in enumerate(halaman) if rapat(f"Waktu penyelesaian (paket {n})") in h}
        assert len(letak) == 1 and letak == iki, n
    dengan_rhk = [h for h in halaman if rapat("(paket") in h]
    assert len(dengan_rhk) > 1
    assert all(rapat("HASIL KERJA") + rapat("NO" + INTERVENSI) in h for h in dengan_rhk)


def test_the_perilaku_kerja_table_is_never_cut_inside_a_value(upt, periode):
    # 20 kualitatif RHK end low on a page, where the first value used to be cut in two.
    skp = _skp(upt, periode, "jajf", Pendekatan.KUALITATIF, jumlah_rk=20)
    halaman = [rapat(h) for h in halaman_teks(pdf_skp(_dokumen(skp)))]
    for nilai in PERILAKU_KERJA:
        bagian = [rapat(nilai.nama), *(rapat(p) for p in nilai.panduan)]
        letak = [{i for i, h in enumerate(halaman) if b in h} for b in bagian]
        assert len(letak[0]) == 1 and all(tempat == letak[0] for tempat in letak), nilai.nama


def test_user_text_is_escaped_in_the_print(upt, periode):
    skp = _skp(upt, periode, "jajf", Pendekatan.KUALITATIF, jumlah_rk=1)
    jahat = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    RencanaKinerja.objects.filter(skp=skp).update(teks=jahat, ukuran_keberhasilan=jahat)
    EkspektasiPerilaku.objects.filter(skp=skp).update(teks=jahat)
    ButirLampiran.objects.filter(skp=skp).update(teks=jahat)
    html = html_skp(_dokumen(skp))
    assert "<script>" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;") == 2 + 2 + 7 + 7


def test_a_pppk_pejabat_penilai_signs_with_the_ni_pppk(upt, periode):
    pppk = upt["staf"]
    bawahan = buat_pegawai("Gede Bawahan Pppk", unit_kerja=upt["divisi"])
    tetapkan_supervisi(bawahan, periode, atasan_langsung=pppk, atasan_penilai=None)
    teks = _teks(html_skp(_dokumen(buat_skp_staf_6_2022(bawahan, periode, 1))))
    assert f"2 NIP {bawahan.nip} 2 NI PPPK {NI_PPPK}" in teks
    assert f"NIP {bawahan.nip} NI PPPK {NI_PPPK}" in teks  # under the signatures


def test_an_skp_without_a_pejabat_penilai_prints_dashes_and_a_blank_to_sign(upt, periode):
    sendiri = buat_pegawai("Pegawai Tanpa Atasan", unit_kerja=upt["divisi"])
    teks = _teks(html_skp(_dokumen(buat_skp_staf_6_2022(sendiri, periode, 1))))
    assert "1 NAMA Pegawai Tanpa Atasan 1 NAMA –" in teks
    assert (
        f"Pegawai Tanpa Atasan ( .................................... ) NIP {sendiri.nip} NIP ....."
    ) in teks


def test_a_submitted_skp_prints_what_was_submitted_through_the_real_services(upt, periode):
    staf, kepala = upt["staf"], upt["kepala_divisi"]
    skp = mulai_skp(staf, periode, oleh=staf, pendekatan=Pendekatan.KUALITATIF)
    tambah_rencana_kinerja(
        skp,
        oleh=staf,
        jenis="utama",
        teks="Tersedianya layanan helpdesk sistem informasi",
        intervensi_teks_bebas="Meningkatnya kepuasan pengguna layanan TIK",
        ukuran_keberhasilan="Tiket selesai dalam satu hari kerja\r\nKepuasan pengguna 85%",
    )
    tulis_ekspektasi(skp, oleh=kepala, nilai=NilaiBerakhlak.KOMPETEN, teks="Sertifikasi CCNA.")
    tambah_butir_lampiran(
        skp, oleh=staf, jenis=JenisLampiran.KONSEKUENSI, teks="Dasar tunjangan kinerja"
    )
    ajukan_skp(skp, oleh=staf)
    staf.nama, staf.jabatan = "Nama Baru Sesudah Diajukan", "Jabatan Baru"
    staf.save(update_fields=["nama", "jabatan"])

    teks = _teks(html_skp(_dokumen(skp)))
    assert "1 NAMA Kadek Yota Ernanda Aryanto, S.Kom., M.T." in teks
    assert "Nama Baru" not in teks and "Jabatan Baru" not in teks
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in teks
    assert "Tiket selesai dalam satu hari kerja Kepuasan pengguna 85%" in teks
    assert "Kompeten Meningkatkan kompetensi diri" in teks and "Sertifikasi CCNA." in teks
    assert "KONSEKUENSI 1 Dasar tunjangan kinerja" in teks
    assert f"Singaraja, {timezone.localdate().day} " in teks


def test_only_an_skp_not_yet_ditetapkan_carries_the_draf_watermark(upt, periode):
    skp = _skp(upt, periode, "jpt", Pendekatan.KUANTITATIF)
    assert '<div class="watermark"' in html_skp(_dokumen(skp))
    Skp.objects.filter(pk=skp.pk).update(status=StatusSkp.DITETAPKAN)
    html = html_skp(_dokumen(skp))
    assert '<div class="watermark"' not in html and "· Ditetapkan</div>" in html


def test_the_periode_line_names_both_years_when_the_periode_spans_two():
    periode = Periode(
        tanggal_mulai=datetime.date(2026, 7, 1), tanggal_selesai=datetime.date(2027, 6, 30)
    )
    assert periode_penilaian(periode) == "PERIODE PENILAIAN: 1 JULI 2026 SD 30 JUNI 2027"


def test_the_print_reads_the_same_number_of_queries_for_3_or_20_rhk(
    upt, periode, django_assert_num_queries
):
    pendek = _dokumen(_skp(upt, periode, "jajf", Pendekatan.KUANTITATIF, jumlah_rk=3))
    lain = buat_pegawai("Staf Panjang", unit_kerja=upt["divisi"])
    tetapkan_supervisi(lain, periode, atasan_langsung=upt["kepala_divisi"], atasan_penilai=None)
    panjang = _dokumen(buat_skp_staf_6_2022(lain, periode, 20))
    html_skp(pendek)  # the unit tree, read once and kept a few seconds
    # The expectations and the Lampiran (the header knows the pejabat penilai's jenis ASN).
    with django_assert_num_queries(2):
        html_skp(pendek)
    with django_assert_num_queries(2):
        html_skp(panjang)


# --- .xlsx ------------------------------------------------------------------------------------


def _buka(skp):
    return load_workbook(BytesIO(xlsx_skp(_dokumen(skp))))


def _isi(ws) -> list:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def _sel(ws, nilai):
    return next(c for row in ws.iter_rows() for c in row if c.value == nilai)


def test_a_6_2022_xlsx_has_the_forms_sections_and_the_lampiran_sheet(upt, periode):
    wb = _buka(_skp(upt, periode, "jajf", Pendekatan.KUANTITATIF))
    assert wb.sheetnames == [f"SKP {periode.tahun}", "Lampiran"]
    ws, lampiran = wb.worksheets
    isi = _isi(ws)
    assert isi[:5] == [
        "SASARAN KINERJA PEGAWAI",
        "PENDEKATAN HASIL KERJA KUANTITATIF",
        BAGI["jajf"],
        "UNIVERSITAS PENDIDIKAN GANESHA",
        f"PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER {periode.tahun}",
    ]
    assert isi[5:9] == ["NO", "PEGAWAI YANG DINILAI", "NO", "PEJABAT PENILAI KINERJA"]
    assert isi[9:15] == [
        1,
        "NAMA",
        "Kadek Yota Ernanda Aryanto, S.Kom., M.T.",
        1,
        "NAMA",
        "Ni Made Sri Wahyuni, S.Kom., M.T.",
    ]
    kepala = isi.index("HASIL KERJA")
    kolom = KOLOM[("jajf", Pendekatan.KUANTITATIF)]
    assert isi[kepala + 1 : kepala + 1 + 2 * len(kolom) + 1] == [
        *kolom,
        *(f"({n})" for n in range(1, len(kolom) + 1)),
        "UTAMA",
    ]
    assert "TAMBAHAN" in isi
    perilaku = isi.index("PERILAKU KERJA")
    nama_nilai = [v for v in isi[perilaku:] if v in {n.nama for n in PERILAKU_KERJA}]
    assert nama_nilai == [n.nama for n in PERILAKU_KERJA]
    assert "1. Memahami dan memenuhi kebutuhan masyarakat\n2. Ramah" in isi[perilaku + 3]
    assert "Ekspektasi Khusus Pimpinan:\n–" in isi  # Harmonis, left empty
    assert {"Pegawai yang Dinilai", "Pejabat Penilai Kinerja"} <= set(isi)

    # The RHK cell spans its three IKI rows; the head repeats on every printed page.
    rhk = _sel(ws, rhk_staf(1))
    gabung = next(r for r in ws.merged_cells.ranges if rhk.coordinate in r)
    assert gabung.max_row - gabung.min_row == 2
    baris_kepala = _sel(ws, "HASIL KERJA").row
    assert ws.print_title_rows == f"${baris_kepala}:${baris_kepala + 2}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # A row holding a long merged cell is as tall as its text needs.
    assert ws.row_dimensions[_sel(ws, PERILAKU_KERJA[4].nama).row].height >= 4 * 15

    isi_lampiran = _isi(lampiran)
    assert isi_lampiran[0] == "LAMPIRAN SASARAN KINERJA PEGAWAI"
    dukungan = isi_lampiran.index("DUKUNGAN SUMBER DAYA")
    assert isi_lampiran[dukungan : dukungan + 3] == [
        "DUKUNGAN SUMBER DAYA",
        1,
        LAMPIRAN[JenisLampiran.DUKUNGAN_SUMBER_DAYA][0],
    ]
    assert {"SKEMA PERTANGGUNGJAWABAN", "KONSEKUENSI", "Pegawai yang Dinilai"} <= set(isi_lampiran)
    assert lampiran.page_setup.orientation == "landscape"


@pytest.mark.parametrize("model", ["jajf", "jpt"])
@pytest.mark.parametrize("pendekatan", [Pendekatan.KUANTITATIF, Pendekatan.KUALITATIF])
def test_each_variants_xlsx_carries_its_column_heads(upt, periode, model, pendekatan):
    ws = _buka(_skp(upt, periode, model, pendekatan)).worksheets[0]
    isi = _isi(ws)
    kepala = isi.index("HASIL KERJA")
    kolom = KOLOM[(model, pendekatan)]
    assert isi[kepala + 1 : kepala + 1 + len(kolom)] == kolom
    if pendekatan == Pendekatan.KUALITATIF:
        assert ("Pengembangan" in str(isi)) == (model == "jpt")
        assert any(str(v).startswith("Sistem dikembangkan") for v in isi) == (model == "jajf")
    if model == "jpt":
        assert "Proses Bisnis" in isi
        assert f"{RK_JPT[1][0]}\n(Penugasan dari Rektor Universitas Pendidikan Ganesha)" in isi


def test_the_xlsx_keeps_nip_as_text_and_never_turns_user_text_into_a_formula(upt, periode):
    skp = _skp(upt, periode, "jajf", Pendekatan.KUALITATIF, jumlah_rk=1)
    rumus = '=HYPERLINK("http://contoh.test","klik")'
    RencanaKinerja.objects.filter(skp=skp).update(teks=rumus, ukuran_keberhasilan="+1+2")
    EkspektasiPerilaku.objects.filter(skp=skp).update(teks="@SUM(A1)")
    ButirLampiran.objects.filter(skp=skp).update(teks="-2+3")
    wb = _buka(skp)
    ws, lampiran = wb.worksheets
    for lembar, nilai in [(ws, rumus), (ws, "+1+2"), (lampiran, "-2+3")]:
        sel = _sel(lembar, nilai)
        assert sel.data_type == "s", nilai
    assert "Ekspektasi Khusus Pimpinan:\n@SUM(A1)" in _isi(ws)
    for lembar in wb.worksheets:
        nip = _sel(lembar, NI_PPPK)
        assert nip.data_type == "s" and nip.number_format == "@"
        assert _sel(lembar, f"NI PPPK {NI_PPPK}").data_type == "s"


def test_a_submitted_skp_prints_the_instansi_and_the_ni_pppk_it_was_submitted_with(upt, periode):
    pppk = upt["staf"]
    bawahan = buat_pegawai("Gede Bawahan Pppk", unit_kerja=upt["divisi"])
    tetapkan_supervisi(bawahan, periode, atasan_langsung=pppk, atasan_penilai=None)
    skp = buat_skp_staf_6_2022(bawahan, periode, 1)
    ajukan_skp(skp, oleh=bawahan)
    assert Skp.objects.get(pk=skp.pk).snapshot_header["instansi"] == (
        "UNIVERSITAS PENDIDIKAN GANESHA"
    )
    akar = upt["divisi"].induk.induk
    akar.nama = "Universitas Baru"
    akar.save(update_fields=["nama"])
    pppk.jenis_asn = JenisAsn.PNS  # a wrong edit later must not change a submitted form
    pppk.save(update_fields=["jenis_asn"])
    teks = _teks(html_skp(_dokumen(Skp.objects.get(pk=skp.pk))))
    assert "UNIVERSITAS PENDIDIKAN GANESHA" in teks and "UNIVERSITAS BARU" not in teks
    assert f"2 NI PPPK {NI_PPPK}" in teks
