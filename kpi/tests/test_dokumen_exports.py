"""The grid for print (A4 landscape, the seed's layout) and the .xlsx export."""

from io import BytesIO

from openpyxl import load_workbook

from kpi.dokumen import html_cetak, susun_grid
from kpi.spreadsheets import matriks_xlsx
from kpi.tests.conftest import isi


def test_print_template_has_landscape_page_and_the_seed_layout(tim):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan <b>layanan</b>")
    isi(tim, tim.anggota, tim.k2, na=True)
    html = html_cetak(susun_grid(tim.matriks))
    assert "size: A4 landscape" in html
    assert "NAMA DAN JABATAN PEGAWAI" in html and "KETUA TIM KERJA" in html
    assert "Terkelolanya layanan TIK" in html and "N/A" in html
    assert "&lt;b&gt;layanan&lt;/b&gt;" in html  # user text is escaped
    assert "http" not in html.split("<body>")[1]  # nothing for the renderer to fetch


def test_xlsx_keeps_formulas_as_text_and_marks_na(tim, cast):
    from kpi.services import tambah_kolom

    tambah_kolom(tim.matriks, judul='=HYPERLINK("http://x")', oleh=tim.ketua)
    isi(tim, tim.anggota, tim.k2, na=True)
    wb = load_workbook(BytesIO(matriks_xlsx(susun_grid(tim.matriks))))
    ws = wb.active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = values[4]
    assert header[3:5] == ["Terkelolanya layanan TIK", "Tersedianya data terpadu"]
    baris = next(r for r in values if r[0] == cast.pegawai.nama_lengkap)
    assert baris[1] == cast.pegawai.nip and baris[4] == "N/A"
    cell = ws.cell(row=5, column=6)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_atasan_of_other_unit_downloads_only_his_rows(client, tim, cast):
    isi(tim, tim.anggota, tim.k1, "Rahasia unit A")
    client.force_login(cast.atasan_lain)
    response = client.get(f"/matriks/{tim.matriks.pk}/matriks.xlsx")
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    names = [r[0].value for r in ws.iter_rows(min_row=6)]
    assert names == [cast.pegawai_lain.nama_lengkap]


def test_matriks_pdf_prints_the_grid_for_its_viewers_only(client, tim, cast):
    from pypdf import PdfReader

    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan bulanan")
    client.force_login(tim.ketua)
    response = client.get(f"/matriks/{tim.matriks.pk}/matriks.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    # Narrow cells wrap, so check the words rather than the whole line.
    assert {"laporan", "bulanan", "Terkelolanya", "MATRIKS"} <= set(text.split())
    assert cast.pegawai.nip in text
    client.force_login(cast.admin)
    assert client.get(f"/matriks/{tim.matriks.pk}/matriks.pdf").status_code == 404


def test_matriks_pdf_needs_login(client, tim):
    response = client.get(f"/matriks/{tim.matriks.pk}/matriks.pdf")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_range_target_and_line_breaks_of_a_cell_reach_the_print_and_the_xlsx(tim, cast):
    from decimal import Decimal

    isi(
        tim,
        tim.anggota,
        tim.k1,
        "Terkirimnya log:\r\n- aplikasi BLU\r\n- aplikasi SIAK",
        indikator="Persentase aplikasi",
        target=Decimal(80),
        target_max=Decimal(90),
        satuan="%",
    )
    grid = susun_grid(tim.matriks)
    assert "Terkirimnya log:<br>- aplikasi BLU<br>- aplikasi SIAK" in html_cetak(grid)
    assert "(80–90%)" in html_cetak(grid)
    ws = load_workbook(BytesIO(matriks_xlsx(grid))).active
    isi_sel = next(c for row in ws.iter_rows() for c in row if "aplikasi BLU" in str(c.value))
    assert isi_sel.value == "• Terkirimnya log:\n- aplikasi BLU\n- aplikasi SIAK (target: 80–90%)"
    assert isi_sel.alignment.wrap_text
