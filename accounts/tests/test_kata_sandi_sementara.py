"""Imported pegawai get into the app through a temporary password from the admin, which
must be replaced at the first login."""

import re

from django.urls import reverse
import pytest

from accounts.models import AuditLog
from accounts.tests.factories import buat_pegawai


@pytest.fixture(autouse=True)
def _argon2(hasher_produksi):
    """Logins here hash and check with Argon2id, as in production."""


@pytest.fixture
def tanpa_kata_sandi(cast):
    cast.pegawai.set_unusable_password()
    cast.pegawai.save(update_fields=["password"])
    return cast.pegawai


def test_admin_activates_an_imported_account_and_sees_the_password_once(
    client, cast, tanpa_kata_sandi
):
    client.force_login(cast.admin)
    url = reverse("kepegawaian:pegawai_kata_sandi", args=[tanpa_kata_sandi.nip])
    assert (
        "Aktifkan akun"
        in client.get(reverse("kepegawaian:pegawai_detail", args=[tanpa_kata_sandi.nip])).text
    )
    assert client.post(url).status_code == 302
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    kata_sandi = response.context["kata_sandi"]
    tanpa_kata_sandi.refresh_from_db()
    assert tanpa_kata_sandi.check_password(kata_sandi) and tanpa_kata_sandi.harus_ganti_kata_sandi
    audit = AuditLog.objects.get(aksi="akun.kata_sandi_sementara")
    assert kata_sandi not in str(audit.data) + audit.ringkasan


def test_temporary_password_opens_only_the_change_page_until_replaced(
    client, cast, tanpa_kata_sandi
):
    client.force_login(cast.admin)
    url = reverse("kepegawaian:pegawai_kata_sandi", args=[tanpa_kata_sandi.nip])
    kata_sandi = client.get(client.post(url).url).context["kata_sandi"]
    client.logout()
    response = client.post(
        reverse("login"), {"username": tanpa_kata_sandi.nip, "password": kata_sandi}
    )
    assert response.status_code == 302
    assert client.get("/").url == reverse("password_change")
    assert client.get("/skp/").url == reverse("password_change")
    baru = "Kinerja-Baik-2026!"
    client.post(
        reverse("password_change"),
        {"old_password": kata_sandi, "new_password1": baru, "new_password2": baru},
    )
    tanpa_kata_sandi.refresh_from_db()
    assert not tanpa_kata_sandi.harus_ganti_kata_sandi
    assert client.get("/").status_code == 200


def test_only_the_admin_hands_out_passwords(client, cast):
    url = reverse("kepegawaian:pegawai_kata_sandi", args=[cast.pegawai_lain.nip])
    client.force_login(cast.atasan_lain)
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 403
    client.force_login(cast.admin)
    assert client.get(url).context["kata_sandi"] is None  # a GET shows nothing, makes nothing
    cast.pegawai_lain.refresh_from_db()
    assert not cast.pegawai_lain.harus_ganti_kata_sandi


@pytest.mark.django_db
def test_the_change_page_says_kata_sandi_and_states_the_rule_once_in_our_words(client):
    from accounts.forms import KataSandiBerlabelMixin

    pegawai = buat_pegawai("Ni Kadek Ayu", nip="199305052019032011")
    client.force_login(pegawai)
    halaman = client.get(reverse("password_change")).content.decode()
    for label in ("Kata sandi lama", "Kata sandi baru", "Ulangi kata sandi baru"):
        assert re.search(rf">\s*{label}\b", halaman), label
    assert KataSandiBerlabelMixin.SYARAT in halaman and "Sandi anda" not in halaman
