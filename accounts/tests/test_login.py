from django.contrib.auth.hashers import make_password
from django.urls import reverse
import pytest

from accounts.tests.factories import PASSWORD, buat_pegawai

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _argon2(hasher_produksi):
    """Logins here hash and check with Argon2id, as in production."""


LOGIN = "/accounts/login/"


def login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_asks_for_nip_and_password(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "NIP" in response.text and 'name="password"' in response.text


def test_pegawai_logs_in_with_nip_typed_with_spaces(client):
    pegawai = buat_pegawai(nip="198609262015051001")
    response = login(client, "19860926 201505 1 001")
    assert response.status_code == 302 and response.url == reverse("beranda")
    assert client.session["_auth_user_id"] == str(pegawai.pk)


def test_login_field_accepts_a_nip_with_its_spaces():
    from accounts.forms import LoginForm

    assert LoginForm().fields["username"].widget.attrs["maxlength"] == "40"


def test_wrong_password_gets_an_indonesian_message(client):
    buat_pegawai(nip="198609262015051001")
    response = login(client, "198609262015051001", "salah")
    assert response.status_code == 200
    assert "NIP atau kata sandi salah" in response.text
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_that_nip_from_that_address_only(client):
    buat_pegawai(nip="198609262015051001")
    other = buat_pegawai(nip="198701012015051002")
    for _ in range(5):
        login(client, "198609262015051001", "salah")
    locked = login(client, "198609262015051001")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan" in locked.text
    # The same NIP typed with spaces is the same account: still locked.
    assert login(client, "19860926 201505 1 001").status_code == 429
    # A colleague behind the same campus NAT is not locked out.
    assert login(client, other.nip).status_code == 302


def test_lockout_does_not_follow_the_nip_to_another_address(client):
    buat_pegawai(nip="198609262015051001")
    for _ in range(5):
        login(client, "198609262015051001", "salah", ip="10.0.0.1")
    assert login(client, "198609262015051001", ip="10.9.9.9").status_code == 302


def test_new_hashes_are_argon2id_with_owasp_parameters():
    pegawai = buat_pegawai()
    assert pegawai.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_old_pbkdf2_hash_is_upgraded_at_login(client):
    pegawai = buat_pegawai(nip="198609262015051001")
    pegawai.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    pegawai.save(update_fields=["password"])
    assert login(client, pegawai.nip).status_code == 302
    pegawai.refresh_from_db()
    assert pegawai.password.startswith("argon2$argon2id$")


def test_logout_is_post_only(client):
    client.force_login(buat_pegawai())
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_requires_bssn_strength(client):
    pegawai = buat_pegawai()
    client.force_login(pegawai)
    weak = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "abcdefgh1234",
            "new_password2": "abcdefgh1234",
        },
    )
    assert weak.status_code == 200
    assert "huruf besar" in weak.text and "simbol" in weak.text
    pegawai.refresh_from_db()
    assert pegawai.check_password(PASSWORD)

    strong = "Kinerja-Baik-2026!"
    ok = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong},
    )
    assert ok.status_code == 302
    pegawai.refresh_from_db()
    assert pegawai.check_password(strong)


def test_password_change_needs_login(client):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)
