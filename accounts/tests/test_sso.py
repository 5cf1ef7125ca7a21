"""Single sign-on by OpenID Connect, end to end against a real provider (django-oauth-toolkit
in its own process, config/tests/oidc_provider): a pegawai is matched by the NIP the provider
vouches for, nobody gets an account the roster did not create, and local sign-in stays."""

import os
from pathlib import Path
import re
import socket
import subprocess
import sys
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
import pytest
import requests

from accounts import sso
from accounts.models import Pegawai
from accounts.tests.factories import PASSWORD, buat_pegawai

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "skp-online-uji"
SECRET = "rahasia-klien-uji-yang-panjang-sekali"
NIP = "198609262015052001"
NIP_ASING = "199912312020121001"
NIP_NONAKTIF = "198001012010011001"
SANDI_SSO = "sandi-di-penyedia"


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def _kunci_rsa() -> str:
    kunci = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return kunci.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def penyedia(live_server, settings, tmp_path, _kunci_rsa):
    """The provider process, and this app configured for it from the same settings the
    environment sets (config/settings.py)."""
    port = _port_bebas()
    proses = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "config.tests.oidc_provider.serve",
            str(port),
            f"{live_server.url}/accounts/sso/kembali/",
            CLIENT_ID,
            SECRET,
            *(f"{nip}:{SANDI_SSO}" for nip in (NIP, NIP_ASING, NIP_NONAKTIF)),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.tests.oidc_provider.settings",
            "OIDC_PROVIDER_DB": str(tmp_path / "penyedia.sqlite3"),
            "OIDC_PROVIDER_RSA_KEY": _kunci_rsa,
        },
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proses.stdout.readline().strip() == "SIAP"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        settings.SSO_AKTIF = True
        settings.SSO_OIDC_ISSUER = f"http://127.0.0.1:{port}/o"
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = SECRET
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "accounts.sso.NipOidcBackend",
        ]
        sso.lupakan_discovery()
        yield f"http://127.0.0.1:{port}"
    finally:
        proses.terminate()
        proses.wait(timeout=10)
        sso.lupakan_discovery()


def masuk_lewat_sso(live_server, nip: str) -> tuple[requests.Session, requests.Response]:
    """A browser's trip: our SSO button, the provider's login form, back to us."""
    sesi = requests.Session()
    halaman = sesi.get(f"{live_server.url}{reverse('sso:mulai')}", timeout=10)
    assert "SSO Universitas" in halaman.text, halaman.url
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', halaman.text).group(1)
    nxt = re.search(r'name="next" value="([^"]*)"', halaman.text).group(1).replace("&amp;", "&")
    jawab = sesi.post(
        halaman.url.split("?")[0],
        data={
            "csrfmiddlewaretoken": token,
            "username": nip,
            "password": SANDI_SSO,
            "next": nxt,
        },
        timeout=20,
    )
    return sesi, jawab


@pytest.mark.django_db(transaction=True)
def test_a_pegawai_signs_in_through_the_provider_matched_by_nip(live_server, penyedia):
    pegawai = buat_pegawai("Ni Luh Putu Sari", nip=NIP)
    login = requests.get(f"{live_server.url}{reverse('login')}", timeout=10)
    assert "Masuk dengan SSO" in login.text and 'name="password"' in login.text

    sesi, jawab = masuk_lewat_sso(live_server, NIP)
    assert jawab.url == f"{live_server.url}/", [r.url for r in jawab.history]
    assert jawab.status_code == 200 and "Ni Luh Putu Sari" in jawab.text
    # The provider was really asked: the code went through its token endpoint.
    assert any("/accounts/sso/kembali/?code=" in r.url for r in jawab.history)
    assert Pegawai.objects.count() == 1 and Pegawai.objects.get() == pegawai


@pytest.mark.django_db(transaction=True)
def test_someone_the_roster_does_not_know_gets_no_account(live_server, penyedia):
    buat_pegawai("Ni Luh Putu Sari", nip=NIP)
    sesi, jawab = masuk_lewat_sso(live_server, NIP_ASING)
    assert jawab.url.startswith(f"{live_server.url}{reverse('login')}")
    assert "Masuk lewat SSO tidak berhasil" in jawab.text
    assert not Pegawai.objects.filter(nip=NIP_ASING).exists()
    # No password was guessed: nothing counts toward a lockout of the NIP or the address.
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.exists()
    assert sesi.get(f"{live_server.url}/", timeout=10).url.startswith(
        f"{live_server.url}{reverse('login')}"
    )


@pytest.mark.django_db(transaction=True)
def test_a_deactivated_pegawai_cannot_sign_in_through_the_provider(live_server, penyedia):
    buat_pegawai("Pensiunan", nip=NIP_NONAKTIF, is_active=False)
    _, jawab = masuk_lewat_sso(live_server, NIP_NONAKTIF)
    assert "Masuk lewat SSO tidak berhasil" in jawab.text


@pytest.mark.django_db(transaction=True)
def test_an_admin_signing_in_through_the_provider_still_owes_the_second_factor(
    live_server, penyedia, settings
):
    settings.SKP_DUA_FAKTOR_WAJIB = True
    admin = buat_pegawai("Admin", nip=NIP, is_admin_kepegawaian=True)
    _, jawab = masuk_lewat_sso(live_server, NIP)
    assert jawab.url.startswith(f"{live_server.url}{reverse('dua_faktor:pasang')}")
    TOTPDevice.objects.create(user=admin, name="x", confirmed=True)
    _, jawab = masuk_lewat_sso(live_server, NIP)
    assert jawab.url.startswith(f"{live_server.url}{reverse('dua_faktor:verifikasi')}")


@pytest.mark.django_db(transaction=True)
def test_password_sign_in_does_not_depend_on_the_provider(live_server, settings):
    """SSO on, provider unreachable: the NIP and password still work."""
    settings.SSO_AKTIF = True
    settings.SSO_OIDC_ISSUER = f"http://127.0.0.1:{_port_bebas()}/o"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "accounts.sso.NipOidcBackend",
    ]
    sso.lupakan_discovery()
    pegawai = buat_pegawai("Ni Luh Putu Sari", nip=NIP)
    sesi = requests.Session()
    halaman = sesi.get(f"{live_server.url}{reverse('login')}", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', halaman.text).group(1)
    jawab = sesi.post(
        halaman.url,
        data={"csrfmiddlewaretoken": token, "username": pegawai.nip, "password": PASSWORD},
        headers={"Referer": halaman.url},
        timeout=10,
    )
    assert jawab.url == f"{live_server.url}/" and "Ni Luh Putu Sari" in jawab.text


@pytest.mark.django_db
def test_with_sso_off_there_is_no_button_and_its_pages_answer_404(client):
    assert "Masuk dengan SSO" not in client.get(reverse("login")).text
    assert client.get(reverse("sso:mulai")).status_code == 404
    assert client.get(reverse("sso:kembali")).status_code == 404
    assert client.post(reverse("sso:mulai")).status_code == 405


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_chromium_a_pegawai_signs_in_through_the_provider(live_server, penyedia, page, axe):
    buat_pegawai("Ni Luh Putu Sari", nip=NIP)
    page.goto(f"{live_server.url}{reverse('login')}")
    assert axe(page) == []
    page.get_by_role("link", name="Masuk dengan SSO").click()
    page.get_by_role("heading", name="SSO Universitas").wait_for()
    page.get_by_label("Nama pengguna").fill(NIP)
    page.get_by_label("Kata sandi").fill(SANDI_SSO)
    page.get_by_role("button", name="Masuk SSO").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Ni Luh Putu Sari" in page.content()
