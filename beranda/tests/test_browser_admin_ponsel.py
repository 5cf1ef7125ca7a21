"""Real Chromium at phone width (issue 16.10): every page the admin kepegawaian runs the season
from fits 390 px without the page scrolling sideways (a wide table may scroll inside its own
box); and at 1280 px the admin's menu fits its bar."""

from django.core.management import call_command
import pytest

from periode.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_NIP = "198803152014042001"
HALAMAN = [
    "/",
    "/accounts/pegawai/",
    "/accounts/pegawai/impor/",
    "/accounts/pegawai/akun/",
    "/accounts/pegawai/tambah/",
    # A staff member's detail, mutasi, status and atasan pages (issue 16.3).
    "/accounts/pegawai/199105172019031012/",
    "/accounts/pegawai/199105172019031012/mutasi/",
    "/accounts/pegawai/199105172019031012/status/",
    "/accounts/unit/",
    "/accounts/unit/tambah/",
    "/periode/",
    "/periode/tambah/",
    "/dispensasi/",
    "/dokumen/batch/",
    "/accounts/log-audit/",
]


def _masuk(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(ADMIN_NIP)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("lebar", [390, 1280])
def test_the_admins_pages_fit_a_phone_and_a_desktop(live_server, page, settings, lebar):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    page.set_viewport_size({"width": lebar, "height": 844})
    _masuk(page, live_server)
    tahun = page.evaluate("new Date().getFullYear()")
    terlalu_lebar = []
    for path in [*HALAMAN, f"/rekap/{tahun}/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        lebar_halaman = page.evaluate("document.documentElement.scrollWidth")
        if lebar_halaman > lebar:
            terlalu_lebar.append((path, lebar_halaman))
    assert terlalu_lebar == []
