"""Real Chromium: the admin kepegawaian reads the audit log from the menu, filters it by an
actor and downloads the filtered rows, on a desktop and on a phone."""

from django.core.management import call_command
from playwright.sync_api import expect
import pytest

from periode.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_NIP = "198803152014042001"
KEPALA_UPT = "19841201 201212 1 002"


def _lebar_halaman(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_admin_filters_the_audit_log_by_actor_and_exports_it(live_server, page, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(ADMIN_NIP)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")
    assert _lebar_halaman(page) == 1280  # the admin's menu fits

    page.get_by_role("button", name="Kepegawaian").click()
    page.get_by_role("link", name="Log Audit").click()
    page.wait_for_url("**/accounts/log-audit/")
    page.get_by_label("Aktor (nama atau NIP)").fill(KEPALA_UPT)
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url("**aktor=*")
    baris = page.locator("ul.list-group > li")
    expect(baris.first).to_contain_text("I Ketut Resika Arthana")
    assert baris.count() == page.locator("ul.list-group > li", has_text=KEPALA_UPT).count()
    assert _lebar_halaman(page) == 1280

    with page.expect_download() as unduhan:
        page.get_by_role("link", name="Ekspor .xlsx").click()
    assert unduhan.value.suggested_filename.endswith(".xlsx")

    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert _lebar_halaman(page) == 390  # no sideways scrolling on a phone
    expect(page.get_by_role("button", name="Cari")).to_be_visible()
