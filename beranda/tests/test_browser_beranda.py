"""Real Chromium: the Kepala UPT logs in and sees his dashboard."""

import re

from django.core.management import call_command
from playwright.sync_api import expect
import pytest

from periode.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kepala_upt_logs_in_and_sees_his_dashboard(live_server, page, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url

    page.get_by_label("NIP").fill("19841201 201212 1 002")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    page.wait_for_url(f"{live_server.url}/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Selamat datang, I Ketut Resika Arthana, S.T., M.Kom"
    assert page.get_by_text("Penata Tingkat I, III/d").is_visible()
    assert page.get_by_text("Validasi SKP bawahan").is_visible()

    # On a phone the menu folds behind the toggler and still opens.
    page.set_viewport_size({"width": 390, "height": 800})
    page.get_by_role("button", name="Buka menu").click()
    # Wait for the fold-out to finish: a click during Bootstrap's collapse transition can be
    # lost (seen as a flaky failure under a loaded machine).
    expect(page.locator("#menu-utama")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_role("button", name="I Ketut Resika Arthana").click()
    keluar = page.get_by_role("button", name="Keluar")
    expect(keluar).to_be_visible()
    keluar.click()
    page.wait_for_url("**/accounts/login/")
