"""Real Chromium: a pegawai resets a forgotten password from the link in the email, and an
admin enrols an authenticator app and is asked for its code at the next sign-in; every page
on the way has no WCAG 2.1 A/AA violation."""

from base64 import b32decode
from binascii import unhexlify
import re
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
import pytest

from accounts.tests.factories import PASSWORD, buat_pegawai, email_antre

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BARU = "Sandi-Baru-Kuat-2026x"


def isi_login(page, live_server, nip, sandi):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Kata sandi").fill(sandi)
    page.get_by_role("button", name="Masuk").click()


def test_a_pegawai_resets_a_forgotten_password_from_the_emailed_link(live_server, page, axe):
    pegawai = buat_pegawai("Kadek Yota", email="yota@undiksha.example")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    assert axe(page) == []
    page.get_by_label("NIP atau email").fill(pegawai.nip_tampil)
    page.get_by_role("button", name="Kirim tautan").click()
    page.get_by_role("heading", name="Periksa email Anda").wait_for()
    assert axe(page) == []

    (email,) = [e for e in email_antre() if e.penerima == pegawai]
    tautan = re.search(r"/accounts/atur-ulang/\S+/", email.isi).group(0)
    page.goto(f"{live_server.url}{tautan}")
    page.locator("#id_new_password1").fill(BARU)
    page.locator("#id_new_password2").fill(BARU)
    assert axe(page) == []
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    page.get_by_role("heading", name="Kata sandi baru tersimpan").wait_for()

    isi_login(page, live_server, pegawai.nip, BARU)
    page.wait_for_url(f"{live_server.url}/")


def _kode(kunci: str) -> str:
    return f"{TOTP(unhexlify(kunci)).token():06d}"


def test_an_admin_enrols_an_app_and_is_asked_for_its_code_at_the_next_sign_in(
    live_server, page, settings, axe
):
    settings.SKP_DUA_FAKTOR_WAJIB = True
    admin = buat_pegawai("Admin Kepegawaian", is_admin_kepegawaian=True)
    isi_login(page, live_server, admin.nip, PASSWORD)
    page.wait_for_url("**/accounts/dua-faktor/pasang/**")
    assert page.get_by_role("img", name="Kode QR untuk aplikasi autentikator").is_visible()
    assert axe(page) == []
    rahasia = page.locator(".user-select-all").inner_text().replace(" ", "")
    kunci = b32decode(rahasia).hex()
    page.get_by_label("Kode").fill(_kode(kunci))
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_url("**/kode-pemulihan/")
    assert page.get_by_role("list", name="Kode pemulihan").locator("li").count() == 10
    assert axe(page) == []
    assert TOTPDevice.objects.get(user=admin).key == kunci

    isi_login(page, live_server, admin.nip, PASSWORD)
    page.wait_for_url("**/accounts/dua-faktor/verifikasi/**")
    assert axe(page) == []
    # The code that enrolled the app opens nothing more: wait for the next 30-second step.
    time.sleep(30 - time.time() % 30 + 1)
    page.get_by_label("Kode").fill(_kode(kunci))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(f"{live_server.url}/")
