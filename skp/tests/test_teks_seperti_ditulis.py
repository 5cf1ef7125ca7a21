"""Targets and text as the pegawai wrote them (issue 17.5): a text target keeps its satuan, a
Waktu target stating a frequency gets no warning and no "makin kecil", line breaks stay, and
emoji print, in the editor, the preview, the PDF and the .xlsx alike."""

from io import BytesIO
import shutil
import subprocess

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
import pytest

from skp.cetak import html_skp, pdf_skp
from skp.dokumen import susun_dokumen
from skp.models import Skp
from skp.services.drafting import mulai_skp
from skp.spreadsheets import xlsx_skp
from skp.tests.drafting_helpers import skp_atasan_dengan_rk, tambah_rk
from skp.tests.pdf_helpers import rapat, semua_teks

HTMX = {"HTTP_HX_REQUEST": "true"}
RK_BERBARIS = "Tersedianya layanan server:\n- backup harian\n- pemantauan 24 jam"


@pytest.fixture
def rk(cast):
    _, rk_atasan = skp_atasan_dengan_rk(cast)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    return tambah_rk(skp, intervensi_id=rk_atasan.pk)


def _tambah_iki(client, rk, aspek, teks, target, satuan=""):
    client.force_login(rk.skp.pegawai)
    prefix = f"iki-baru-{rk.pk}"
    data = {f"{prefix}-aspek": aspek, f"{prefix}-teks": teks, f"{prefix}-target": target}
    data[f"{prefix}-satuan"] = satuan
    return client.post(reverse("skp:iki_tambah", args=[rk.skp_id, rk.pk]), data, **HTMX)


def _dokumen(skp):
    return susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk))


def _sel_xlsx(skp) -> dict:
    wb = load_workbook(BytesIO(xlsx_skp(_dokumen(skp))))
    return {c.value: c for row in wb.active.iter_rows() for c in row if c.value is not None}


def test_a_text_target_keeps_its_satuan_in_editor_preview_pdf_and_xlsx(client, rk):
    _tambah_iki(client, rk, "kualitas", "Layanan tersedia", "1 x 24", "jam")
    iki = rk.indikator.get(aspek="kualitas")
    assert (iki.target_min, iki.target_teks, iki.satuan) == (None, "1 x 24", "jam")
    editor = client.get(reverse("skp:detail", args=[rk.skp_id])).text
    assert "1 x 24 jam" in editor
    pratinjau = client.get(reverse("skp:detail", args=[rk.skp_id]) + "?pratinjau=1", **HTMX)
    assert "1 x 24 jam" in pratinjau.text
    assert rapat("1 x 24 jam") in rapat(semua_teks(pdf_skp(_dokumen(rk.skp))))
    assert "1 x 24 jam" in _sel_xlsx(rk.skp)


def test_a_waktu_target_stating_a_frequency_gets_no_warning_and_no_lower_is_better(client, rk):
    response = _tambah_iki(client, rk, "waktu", "Laporan dikirim", "Setiap minggu")
    assert "bersifat mutlak" not in response.text
    editor = client.get(reverse("skp:detail", args=[rk.skp_id])).text
    assert "Setiap minggu" in editor and "makin kecil makin baik" not in editor
    _tambah_iki(client, rk, "waktu", "Lama penyusunan", "3", "hari")
    editor = client.get(reverse("skp:detail", args=[rk.skp_id])).text
    assert editor.count("makin kecil makin baik") == 1  # under the number only


def test_a_kuantitas_target_saying_semua_is_still_warned(client, rk):
    response = _tambah_iki(client, rk, "kualitas", "Semua server terbackup", "100", "%")
    assert "bersifat mutlak" in response.text


def test_line_breaks_typed_or_pasted_stay_in_page_pdf_and_xlsx(client, cast, rk):
    client.force_login(cast.pegawai)
    client.post(
        reverse("skp:rk_ubah", args=[rk.skp_id, rk.pk]),
        {
            f"rk-{rk.pk}-jenis": "utama",
            f"rk-{rk.pk}-teks": RK_BERBARIS.replace("\n", "\r\n"),  # as a browser sends it
            f"rk-{rk.pk}-intervensi": rk.intervensi_id,
            f"rk-{rk.pk}-revisi": rk.revisi,
        },
        **HTMX,
    )
    rk.refresh_from_db()
    assert rk.teks == RK_BERBARIS
    halaman = client.get(reverse("skp:detail", args=[rk.skp_id])).text
    assert "Tersedianya layanan server:<br>- backup harian<br>- pemantauan 24 jam" in halaman
    assert "server:<br>- backup harian" in html_skp(_dokumen(rk.skp))
    sel = _sel_xlsx(rk.skp)[RK_BERBARIS]
    assert sel.alignment.wrap_text


@pytest.mark.skipif(not shutil.which("fc-list"), reason="fontconfig is not installed")
def test_emoji_print_in_a_font_that_has_them(rk):
    # scripts/os-deps.sh installs fonts-noto-color-emoji: without it WeasyPrint draws boxes.
    fonts = subprocess.run(["fc-list", ":charset=1f680"], capture_output=True, text=True).stdout
    assert "Emoji" in fonts
    rk.teks = "Tersedianya server yang andal 🚀"
    rk.save(update_fields=["teks"])
    pdf = PdfReader(BytesIO(pdf_skp(_dokumen(rk.skp))))
    dipakai = {
        str(font.get_object().get("/BaseFont"))
        for page in pdf.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("Emoji" in nama for nama in dipakai), dipakai
