"""Real Chromium on a phone's screen: someone holding a printed SKP types its code, as it reads
on the paper, and learns without logging in whether the print is of the approved SKP."""

import re

import pytest

from skp.cetak import pdf_skp_by_id
from skp.models import StatusSkp
from skp.tests.bantuan_workflow import bawa_ke
from skp.tests.pdf_helpers import semua_teks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


def test_a_visitor_types_the_code_of_a_printed_skp_and_reads_that_it_matches(
    live_server, page, cast, skp, settings
):
    settings.SKP_ALAMAT_SITUS = live_server.url
    bawa_ke(skp, StatusSkp.DITETAPKAN, cast)
    teks = semua_teks(pdf_skp_by_id(skp.pk))
    kode = re.search(r"Kode verifikasi: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){5})", teks).group(1)
    assert f"Periksa keaslian dokumen ini di {live_server.url}/verifikasi/" in teks

    page.goto(f"{live_server.url}/verifikasi/")
    # Typed from the paper: lower case, spaces for the dashes.
    page.get_by_label("Kode verifikasi").fill(kode.lower().replace("-", " "))
    page.get_by_role("button", name="Periksa").click()
    page.get_by_role("heading", name="Isi dokumen sesuai dengan SKP yang ditetapkan").wait_for()
    assert page.url == f"{live_server.url}/verifikasi/{kode.replace('-', '')}/"
    isi = page.locator("main").inner_text()
    assert cast.pegawai.nama_lengkap in isi and "Ditetapkan" in isi
    assert cast.pegawai.nip not in isi
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Periksa kode lain").fill(kode[:-1] + ("0" if kode[-1] != "0" else "1"))
    page.get_by_role("button", name="Periksa").click()
    page.get_by_role("heading", name="Kode verifikasi tidak dikenal").wait_for()
