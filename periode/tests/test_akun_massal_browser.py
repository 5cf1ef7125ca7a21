"""Real Chromium on the bulk activation page (issue 16 f): a row unticked, the slips
downloaded, and the page then says what was done instead of still offering the accounts."""

from django.conf import settings
from django.test import Client
from django.urls import reverse
import pytest

from periode.tests.test_akun_massal import tanpa_kata_sandi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _masuk(page, live_server, pegawai) -> None:
    client = Client()
    client.force_login(pegawai)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.parametrize("lebar, tinggi", [(1280, 900), (390, 844)])
def test_untick_one_download_the_slips_and_the_page_moves_on(
    live_server, page, cast, lebar, tinggi
):
    tanpa_kata_sandi(cast.pegawai, cast.atasan_langsung)
    page.set_viewport_size({"width": lebar, "height": tinggi})
    _masuk(page, live_server, cast.admin)
    page.goto(f"{live_server.url}{reverse('kepegawaian:akun_massal')}?unit={cast.unit_a.pk}")
    page.get_by_role("heading", name="2 akun dapat diaktifkan").wait_for()
    page.get_by_label(cast.atasan_langsung.nama_lengkap).uncheck()
    assert page.locator("[data-jumlah-pilih]").inner_text() == "1"
    page.on("dialog", lambda d: d.accept())
    with page.expect_download() as unduhan:
        page.get_by_role("button", name="Aktifkan akun yang dicentang dan unduh slip").click()
    assert unduhan.value.suggested_filename.startswith("slip-akun-")
    page.wait_for_url("**/?batch=*")
    page.get_by_role("heading", name="1 akun telah diaktifkan").wait_for()
    assert page.evaluate("document.activeElement.id") == "batch-selesai"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.screenshot(path=f"/tmp/polish/akun_massal_selesai_{lebar}.png")
    cast.pegawai.refresh_from_db()
    cast.atasan_langsung.refresh_from_db()
    assert cast.pegawai.has_usable_password()
    assert not cast.atasan_langsung.has_usable_password()
