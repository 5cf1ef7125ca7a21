"""Real Chromium with axe-core (issue 17.9): the main page of every role, the SKP editor, the
review page, the validation inbox, the matriks, the rekap and the history have no WCAG 2.1 A/AA
violation, at a desktop and a phone width; and the login and password-change refusals are
announced.

axe-core comes from the npm registry with the other front-end packages (package.json's
devDependencies, installed into node_modules by scripts/vendor.sh); it is injected by the test,
never served (the `axe` fixture, conftest.py)."""

from django.core.management import call_command
from django.urls import reverse
import pytest

from accounts.models import Pegawai
from kpi.models import MatriksPeranHasil
from periode.demo import DEMO_PASSWORD
from periode.models import Periode
from skp.models import Skp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


STAFF = "199105172019031012"
KEPALA_DIVISI = "198703222010121003"
KEPALA_UPT = "198412012012121002"
ADMIN = "198803152014042001"
SUPERUSER = "199001012019031001"


def masuk(page, live_server, nip: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def _halaman_per_peran() -> dict[str, list[str]]:
    periode = Periode.objects.order_by("-tahun").first()
    staff = Pegawai.objects.get(nip=STAFF)
    skp = Skp.objects.get(pegawai=staff, periode=periode)
    matriks = MatriksPeranHasil.objects.filter(ketua__nip=KEPALA_DIVISI, periode=periode).first()
    rekap = reverse("skp:rekap", args=[periode.tahun])
    return {
        STAFF: [
            "/",
            reverse("skp:detail", args=[skp.pk]),
            reverse("skp:riwayat", args=[skp.pk]),
            reverse("kpi:matriks_daftar"),
        ],
        KEPALA_DIVISI: [
            "/",
            reverse("skp:validasi"),
            reverse("skp:tinjau", args=[skp.pk]),
            reverse("skp:riwayat", args=[skp.pk]),
            reverse("kpi:matriks", args=[matriks.pk]),
        ],
        KEPALA_UPT: ["/", reverse("skp:validasi"), rekap],
        ADMIN: ["/", rekap, "/accounts/pegawai/"],
        SUPERUSER: ["/"],
    }


@pytest.mark.parametrize("lebar", [1280, 390])
def test_main_pages_of_every_role_have_no_wcag_aa_violation(
    live_server, page, settings, axe, lebar
):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    page.set_viewport_size({"width": lebar, "height": 900 if lebar > 500 else 844})
    halaman = _halaman_per_peran()
    pelanggaran = []

    page.goto(f"{live_server.url}/accounts/login/")
    pelanggaran += axe(page)
    for nip, daftar in halaman.items():
        masuk(page, live_server, nip)
        for path in daftar:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            pelanggaran += axe(page)
    assert pelanggaran == []


def test_refused_login_and_password_change_are_announced(live_server, page, settings, axe):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(STAFF)
    page.get_by_label("Kata sandi").fill("bukan-sandinya")
    page.get_by_role("button", name="Masuk").click()
    alert = page.get_by_role("alert")
    assert "NIP atau kata sandi salah" in alert.inner_text()
    assert axe(page) == []

    masuk(page, live_server, STAFF)
    page.goto(f"{live_server.url}{reverse('password_change')}")
    page.get_by_label("Sandi lama").fill("bukan-sandinya")
    page.locator("#id_new_password1").fill("Sandi-Baru-2026!x")
    page.locator("#id_new_password2").fill("Sandi-Baru-2026!x")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    alert = page.get_by_role("alert")
    assert "Sandi lama Anda yang dimasukkan salah" in alert.inner_text()
    assert axe(page) == []
