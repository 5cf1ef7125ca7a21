"""The Form SKP as .xlsx, read back with openpyxl: same content, formula-safe, NIP as text."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook
import pytest

from skp.dokumen import susun_dokumen
from skp.models import Skp
from skp.spreadsheets import xlsx_skp
from skp.tests.cetak_data import RK_JPT, buat_skp_jpt, buat_skp_staf, buat_upt


@pytest.fixture
def upt(periode):
    *_, kepala_upt, kepala_divisi = buat_upt(periode)
    return kepala_upt, kepala_divisi


def _baca(skp):
    wb = load_workbook(BytesIO(xlsx_skp(susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)))))
    ws = wb.active
    cells = {(c.row, c.column): c for row in ws.iter_rows() for c in row if c.value is not None}
    wb.close()
    return ws, cells


def _nilai(cells) -> list:
    return [c.value for _, c in sorted(cells.items())]


def test_jpt_workbook_holds_the_header_every_rk_and_target(upt, periode):
    kepala_upt, _ = upt
    ws, cells = _baca(buat_skp_jpt(kepala_upt, periode))
    nilai = _nilai(cells)
    assert "SASARAN KINERJA PEGAWAI" in nilai
    assert nilai[nilai.index("NO") : nilai.index("NO") + 4] == [
        "NO",
        "RENCANA KINERJA",
        "INDIKATOR KINERJA INDIVIDU",
        "TARGET",
    ]
    assert "ASPEK" not in nilai
    assert {
        "A. KINERJA UTAMA",
        "B. KINERJA TAMBAHAN",
        "I Ketut Resika Arthana, S.T., M.Kom",
    } <= set(nilai)
    for rk, indikator in RK_JPT:
        assert rk in nilai
        for iki, target, satuan in indikator:
            assert iki in nilai and f"{target}{satuan}" in nilai
    # The RK cell spans its three IKI rows.
    rk_cell = next(c for c in cells.values() if c.value == RK_JPT[0][0])
    merged = next(r for r in ws.merged_cells.ranges if rk_cell.coordinate in r)
    assert merged.max_row - merged.min_row == 2


def test_nip_is_text_formatted_as_text(upt, periode):
    kepala_upt, _ = upt
    _, cells = _baca(buat_skp_jpt(kepala_upt, periode))
    nip = [c for c in cells.values() if c.value == "198412012012121002"]
    assert nip and all(c.data_type == "s" and c.number_format == "@" for c in nip)


def test_user_text_that_looks_like_a_formula_stays_text(upt, periode):
    _, kepala_divisi = upt
    skp = buat_skp_staf(kepala_divisi, periode, 1)
    rk = skp.rencana_kinerja.first()
    rk.teks = '=HYPERLINK("http://evil.example","klik")'
    rk.save(update_fields=["teks"])
    iki = rk.indikator.first()
    iki.teks = "+1+1"
    iki.save(update_fields=["teks"])
    _, cells = _baca(skp)
    for teks in ['=HYPERLINK("http://evil.example","klik")', "+1+1"]:
        cell = next(c for c in cells.values() if c.value == teks)
        assert cell.data_type == "s"


def test_staff_workbook_uses_the_six_column_form(upt, periode):
    _, kepala_divisi = upt
    _, cells = _baca(buat_skp_staf(kepala_divisi, periode, 2))
    nilai = _nilai(cells)
    assert "RENCANA KINERJA ATASAN LANGSUNG YANG DIINTERVENSI" in nilai
    assert "(6)" in nilai and "Kualitas" in nilai and "95%" in nilai
    assert "Terlaksananya tugas Panitia UTBK" in nilai


def test_xlsx_view_downloads_an_attachment(client, upt, periode):
    kepala_upt, _ = upt
    skp = buat_skp_jpt(kepala_upt, periode)
    client.force_login(kepala_upt)
    response = client.get(reverse("skp:xlsx", args=[skp.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="SKP_')
    assert load_workbook(BytesIO(response.content)).active["A1"].value == "SASARAN KINERJA PEGAWAI"
