"""Real Chromium: the pejabat penilai opens one value's form in place, a preset fills the
textarea, the typed list keeps its line breaks, and saving swaps that row only; the pegawai
then reads it beside their SKP."""

import pytest

from accounts.tests.factories import PASSWORD
from skp.models import EkspektasiPerilaku
from skp.services.perilaku import tambah_preset
from skp.tests.bantuan_perilaku import jadikan_6_2022
from skp.tests.bantuan_workflow import skp_siap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _masuk(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(user.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_the_pimpinan_writes_an_expectation_in_place_from_a_preset(live_server, page, cast):
    jadikan_6_2022(cast.periode)
    skp = skp_siap(cast.pegawai, cast.periode)
    tambah_preset(
        oleh=cast.admin,
        nilai="akuntabel",
        teks="Menyampaikan laporan bulanan layanan paling lambat tanggal 5.",
    )
    _masuk(page, live_server, cast.atasan_langsung)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    baris = page.locator("#perilaku-2")
    penanda = page.evaluate("() => (document.getElementById('perilaku-3').dataset.tetap = '1')")
    baris.get_by_role("link", name="Isi ekspektasi Akuntabel").click()
    kotak = page.locator("#perilaku-2 textarea")
    kotak.wait_for()
    # The form takes the focus once htmx has settled the swap (a few milliseconds later).
    page.wait_for_function("() => document.activeElement?.name === 'perilaku-2-teks'")
    page.locator("#perilaku-2 summary").click()
    page.locator("#perilaku-2 a[data-preset-isi]").click()
    assert kotak.input_value() == "Menyampaikan laporan bulanan layanan paling lambat tanggal 5."
    kotak.press("End")
    kotak.press("Enter")
    kotak.type("Mencatat perubahan konfigurasi server di buku log.")
    page.locator("#perilaku-2").get_by_role("button", name="Simpan ekspektasi").click()
    page.locator("#perilaku-2").get_by_text("Ekspektasi «Akuntabel» disimpan.").wait_for()
    assert EkspektasiPerilaku.objects.get(skp=skp, nilai="akuntabel").teks == (
        "Menyampaikan laporan bulanan layanan paling lambat tanggal 5.\n"
        "Mencatat perubahan konfigurasi server di buku log."
    )
    # Only that row was swapped: a mark put on its neighbour is still there.
    assert penanda == "1"
    assert page.evaluate("() => document.getElementById('perilaku-3').dataset.tetap") == "1"
    assert page.locator("#perilaku-2 textarea").count() == 0

    page.context.clear_cookies()
    _masuk(page, live_server, cast.pegawai)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    teks = page.locator("#perilaku-2 .perilaku-ekspektasi").inner_text()
    assert teks == (
        "Menyampaikan laporan bulanan layanan paling lambat tanggal 5.\n"
        "Mencatat perubahan konfigurasi server di buku log."
    )
    assert page.locator("#perilaku-1").get_by_text("Belum diisi pimpinan.").is_visible()
