"""A pegawai who forgot the password gets a link by email (Django's own reset views); the
answer never tells whether an account exists, requests are capped per address and per
account, and both the request and the new password are audited without the link."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
import pytest
import time_machine

from accounts.models import AuditLog
from accounts.tests.factories import PASSWORD, buat_pegawai, email_antre

pytestmark = pytest.mark.django_db

LUPA = "/accounts/lupa-kata-sandi/"
BARU = "Sandi-Baru-Kuat-2026x"


@pytest.fixture(autouse=True)
def _argon2(hasher_produksi):
    """The new password is hashed and checked with Argon2id, as in production."""


class _Antrean(list):
    def count(self) -> int:
        return len(self)

    def exists(self) -> bool:
        return bool(self)

    def get(self):
        (satu,) = self
        return satu


def antrean() -> _Antrean:
    return _Antrean(email_antre())


@pytest.fixture
def pegawai():
    return buat_pegawai("Ni Luh Putu Sari", nip="198609262015052001", email="sari@undiksha.ac.id")


def minta(client, identitas, ip="10.0.0.1"):
    return client.post(LUPA, {"email": identitas}, REMOTE_ADDR=ip)


def tautan_dari(email) -> str:
    return re.search(r"http://[^/]+(/accounts/atur-ulang/\S+/)", email.isi).group(1)


def test_login_page_links_to_the_reset_page(client):
    assert 'href="/accounts/lupa-kata-sandi/"' in client.get(reverse("login")).text
    assert "Lupa kata sandi" in client.get(LUPA).text


def test_pegawai_resets_a_forgotten_password_by_nip_typed_with_spaces(client, pegawai):
    response = minta(client, "19860926 201505 2 001")
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    (email,) = antrean()
    assert email.penerima == pegawai and "Atur ulang kata sandi" in email.subjek
    tautan = tautan_dari(email)

    halaman = client.get(tautan, follow=True)
    assert "Buat kata sandi baru" in halaman.text
    response = client.post(
        halaman.redirect_chain[-1][0], {"new_password1": BARU, "new_password2": BARU}
    )
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    pegawai.refresh_from_db()
    assert pegawai.check_password(BARU) and pegawai.password.startswith("argon2")
    assert client.post(
        reverse("login"), {"username": pegawai.nip, "password": BARU}
    ).url == reverse("beranda")

    diminta = AuditLog.objects.get(aksi="akun.reset_diminta")
    selesai = AuditLog.objects.get(aksi="akun.reset_selesai")
    assert diminta.objek_id == selesai.objek_id == str(pegawai.pk)
    assert diminta.data["dikirim"] is True and diminta.data["ip"] == "10.0.0.1"
    assert selesai.aktor == pegawai
    token = tautan.rstrip("/").rsplit("/", 1)[-1]
    for row in (diminta, selesai):
        assert token not in str(row.data) + row.ringkasan


def test_the_email_address_works_too_whatever_its_case(client, pegawai):
    minta(client, "SARI@Undiksha.ac.id")
    assert [e.penerima for e in antrean()] == [pegawai]


@pytest.mark.parametrize(
    "identitas",
    ["198701012015051002", "tidak.ada@undiksha.ac.id", "tanpa-email", "belum-aktif", "nonaktif"],
)
def test_every_request_gets_the_same_answer_and_only_a_real_account_an_email(
    client, pegawai, identitas
):
    tanpa_email = buat_pegawai(nip="198801012015051003")
    belum_aktif = buat_pegawai(nip="198901012015051004", email="baru@undiksha.ac.id")
    belum_aktif.set_unusable_password()
    belum_aktif.save()
    nonaktif = buat_pegawai(nip="199001012015051005", email="lama@undiksha.ac.id", is_active=False)
    nama = {"tanpa-email": tanpa_email, "belum-aktif": belum_aktif, "nonaktif": nonaktif}
    identitas = nama[identitas].nip if identitas in nama else identitas

    ada, tidak_ada = minta(client, pegawai.nip), minta(client, identitas)
    assert (ada.status_code, ada.url) == (tidak_ada.status_code, tidak_ada.url)
    assert client.get(ada.url).text == client.get(tidak_ada.url).text
    assert [e.penerima for e in antrean()] == [pegawai]
    assert AuditLog.objects.filter(aksi="akun.reset_diminta", data__dikirim=False).count() == 1


def test_an_account_gets_at_most_three_links_an_hour_and_the_answer_does_not_change(
    client, pegawai, settings
):
    settings.RESET_MAKS_PER_AKUN = 3
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"):
        assert minta(client, pegawai.nip, ip=ip).url == reverse("password_reset_done")
    assert antrean().count() == 3
    ditahan = AuditLog.objects.filter(aksi="akun.reset_diminta").first()
    assert ditahan.data["dikirim"] is False and "melebihi batas" in ditahan.ringkasan
    with time_machine.travel(timezone.localtime() + datetime.timedelta(minutes=61)):
        minta(client, pegawai.nip)
    assert antrean().count() == 4


def test_one_address_asking_too_often_is_refused_with_a_message_and_nothing_is_written(
    client, pegawai, settings
):
    settings.RESET_MAKS_PER_ALAMAT = 3
    for nip in ("198701012015051002", "198701012015051003", "198701012015051004"):
        minta(client, nip)
    jumlah = AuditLog.objects.count()
    response = minta(client, pegawai.nip)
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.text
    assert AuditLog.objects.count() == jumlah and not antrean().exists()
    # Another address is not affected.
    assert minta(client, pegawai.nip, ip="10.0.0.9").status_code == 302


@pytest.mark.parametrize("teks", ["", "abc", "1984", "bukan@email", "١٩٨٦٠٩٢٦٢٠١٥٠٥٢٠٠١"])
def test_bad_input_comes_back_with_a_message_and_changes_nothing(client, pegawai, teks):
    response = minta(client, teks)
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not AuditLog.objects.exists() and not antrean().exists()


def test_a_link_expires_after_the_configured_time(client, pegawai, settings):
    settings.PASSWORD_RESET_TIMEOUT = 60 * 60
    minta(client, pegawai.nip)
    tautan = tautan_dari(antrean().get())
    with time_machine.travel(timezone.localtime() + datetime.timedelta(minutes=61)):
        response = client.get(tautan, follow=True)
    assert "Tautan tidak berlaku lagi" in response.text
    assert "berlaku 60 menit" in antrean().get().isi


def test_a_link_works_once(client, pegawai):
    minta(client, pegawai.nip)
    tautan = tautan_dari(antrean().get())
    halaman = client.get(tautan, follow=True)
    client.post(halaman.redirect_chain[-1][0], {"new_password1": BARU, "new_password2": BARU})
    assert "Tautan tidak berlaku lagi" in client.get(tautan, follow=True).text


def test_a_weak_new_password_is_refused_and_the_old_one_still_works(client, pegawai):
    minta(client, pegawai.nip)
    halaman = client.get(tautan_dari(antrean().get()), follow=True)
    response = client.post(
        halaman.redirect_chain[-1][0], {"new_password1": "pendek", "new_password2": "pendek"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    pegawai.refresh_from_db()
    assert pegawai.check_password(PASSWORD)
    assert not AuditLog.objects.filter(aksi="akun.reset_selesai").exists()


def test_a_reset_lifts_the_forced_change_and_the_login_lockout(client, pegawai):
    pegawai.harus_ganti_kata_sandi = True
    pegawai.save()
    for _ in range(5):
        client.post(reverse("login"), {"username": pegawai.nip, "password": "salah"})
    assert (
        client.post(reverse("login"), {"username": pegawai.nip, "password": PASSWORD}).status_code
        == 429
    )
    minta(client, pegawai.nip)
    halaman = client.get(tautan_dari(antrean().get()), follow=True)
    client.post(halaman.redirect_chain[-1][0], {"new_password1": BARU, "new_password2": BARU})
    pegawai.refresh_from_db()
    assert not pegawai.harus_ganti_kata_sandi
    masuk = client.post(reverse("login"), {"username": pegawai.nip, "password": BARU})
    assert masuk.status_code == 302 and masuk.url == reverse("beranda")


def test_someone_signed_in_is_sent_to_the_password_change_page(client, pegawai):
    client.force_login(pegawai)
    assert minta(client, pegawai.nip).url == reverse("password_change")
    assert not antrean().exists()
