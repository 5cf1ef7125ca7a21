"""Two-factor sign-in: the admin kepegawaian and superusers must enrol an authenticator app at
their next sign-in, anyone may; once enrolled, every sign-in asks for a code; a lost phone is
recovered by a recovery code or by an admin's audited reset."""

from binascii import unhexlify
import datetime
import re

from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
import pytest
import time_machine

from accounts.models import AuditLog
from accounts.tests.factories import PASSWORD, buat_pegawai

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _wajib(settings, hasher_produksi):
    """The rule as production has it (the test settings switch it off for everyone else)."""
    settings.SKP_DUA_FAKTOR_WAJIB = True


def masuk(client, pegawai, password=PASSWORD):
    return client.post(LOGIN, {"username": pegawai.nip, "password": password})


def kode_dari(kunci: str, geser_langkah: int = 0) -> str:
    totp = TOTP(unhexlify(kunci))
    totp.time = totp.time + 30 * geser_langkah
    return f"{totp.token():06d}"


def nanti(detik: int = 60):
    """A later moment: a TOTP code opens one sign-in per 30-second step."""
    return time_machine.travel(timezone.localtime() + datetime.timedelta(seconds=detik))


def pasang(client) -> list[str]:
    """Enrol through the pages; returns the recovery codes shown."""
    halaman = client.get(reverse("dua_faktor:pasang"))
    assert halaman.status_code == 200 and halaman.context["qr"].startswith("data:image/svg+xml")
    kunci = client.session["_dua_faktor_kunci"]
    jawab = client.post(reverse("dua_faktor:pasang"), {"kode": kode_dari(kunci)})
    assert jawab.url == reverse("dua_faktor:kode_pemulihan")
    return client.get(jawab.url).context["kode"]


@pytest.fixture
def admin():
    return buat_pegawai("Admin Kepegawaian", is_admin_kepegawaian=True)


@pytest.fixture
def pegawai():
    return buat_pegawai("Pegawai Biasa")


def test_an_admin_without_a_second_factor_must_enrol_before_any_page(client, admin):
    assert masuk(client, admin).url == reverse("beranda")
    tujuan = client.get(reverse("beranda"))
    assert tujuan.status_code == 302 and tujuan.url.startswith(reverse("dua_faktor:pasang"))
    assert client.get("/accounts/pegawai/").url.startswith(reverse("dua_faktor:pasang"))
    assert client.get("/admin/").url.startswith(reverse("dua_faktor:pasang"))
    halaman = client.get(reverse("dua_faktor:pasang"))
    assert "wajib memakai verifikasi dua langkah" in halaman.text
    # Only the enrolment page and signing out are open: the menu is not shown.
    assert "Keluar" in halaman.text and "Daftar pegawai" not in halaman.text
    assert client.post(reverse("logout")).status_code == 302


def test_admin_enrols_sees_the_codes_once_and_is_asked_for_a_code_at_the_next_sign_in(
    client, admin
):
    masuk(client, admin)
    kode = pasang(client)
    assert len(kode) == 10 and len(set(kode)) == 10
    assert client.get(reverse("dua_faktor:kode_pemulihan")).context["kode"] is None
    assert client.get(reverse("beranda")).status_code == 200
    perangkat = TOTPDevice.objects.get(user=admin, confirmed=True)
    assert StaticToken.objects.filter(device__user=admin).count() == 10
    audit = AuditLog.objects.get(aksi="akun.dua_faktor_pasang")
    assert audit.objek_id == str(admin.pk) and perangkat.key not in str(audit.data)
    assert not any(k in audit.ringkasan for k in kode)
    client.post(reverse("logout"))

    with nanti():
        masuk(client, admin)
        tujuan = client.get(reverse("beranda"))
        assert tujuan.url == f"{reverse('dua_faktor:verifikasi')}?next=%2F"
        salah = client.post(reverse("dua_faktor:verifikasi"), {"kode": "000000"})
        assert salah.status_code == 200 and "Kode salah" in salah.text
        assert client.get(reverse("beranda")).status_code == 302
    # After a failure the device waits a moment (django-otp's throttle) before the next try.
    with nanti(120):
        benar = client.post(
            reverse("dua_faktor:verifikasi"), {"kode": kode_dari(perangkat.key), "next": "/"}
        )
        assert benar.status_code == 302 and benar.url == "/"
        assert client.get(reverse("beranda")).status_code == 200


def test_a_wrong_code_at_enrolment_enrols_nothing(client, admin):
    masuk(client, admin)
    client.get(reverse("dua_faktor:pasang"))
    kunci = client.session["_dua_faktor_kunci"]
    for salah in ("000000", "12345", "abcdef", kode_dari(kunci, geser_langkah=5)):
        jawab = client.post(reverse("dua_faktor:pasang"), {"kode": salah})
        assert jawab.status_code == 200 and "Kode tidak cocok" in jawab.text
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert not AuditLog.objects.filter(aksi__startswith="akun.dua_faktor").exists()


def test_the_code_used_to_enrol_does_not_open_another_sign_in(client, admin):
    masuk(client, admin)
    client.get(reverse("dua_faktor:pasang"))
    kunci = client.session["_dua_faktor_kunci"]
    client.post(reverse("dua_faktor:pasang"), {"kode": kode_dari(kunci)})
    client.post(reverse("logout"))
    masuk(client, admin)
    jawab = client.post(reverse("dua_faktor:verifikasi"), {"kode": kode_dari(kunci)})
    assert jawab.status_code == 200 and "Kode salah" in jawab.text


def test_repeated_wrong_codes_are_throttled(client, admin):
    masuk(client, admin)
    pasang(client)
    client.post(reverse("logout"))
    with nanti():
        masuk(client, admin)
        for _ in range(3):
            client.post(reverse("dua_faktor:verifikasi"), {"kode": "000000"})
        kunci = TOTPDevice.objects.get(user=admin).key
        jawab = client.post(reverse("dua_faktor:verifikasi"), {"kode": kode_dari(kunci)})
    assert "Terlalu banyak kode salah" in jawab.text
    assert client.get(reverse("beranda")).status_code == 302


def test_a_recovery_code_opens_one_sign_in_and_is_used_up(client, admin):
    masuk(client, admin)
    kode = pasang(client)
    client.post(reverse("logout"))
    masuk(client, admin)
    jawab = client.post(reverse("dua_faktor:verifikasi"), {"kode": kode[0].upper()}, follow=True)
    assert jawab.status_code == 200 and "sisa 9 kode" in jawab.text
    assert AuditLog.objects.get(aksi="akun.kode_pemulihan_dipakai").data["sisa"] == 9
    client.post(reverse("logout"))
    masuk(client, admin)
    lagi = client.post(reverse("dua_faktor:verifikasi"), {"kode": kode[0]})
    assert lagi.status_code == 200 and "sudah pernah dipakai" in lagi.text


def test_an_ordinary_pegawai_is_not_asked_but_may_enrol_and_turn_it_off(client, pegawai):
    masuk(client, pegawai)
    assert client.get(reverse("beranda")).status_code == 200
    assert "Belum aktif" in client.get(reverse("dua_faktor:kelola")).text
    pasang(client)
    client.post(reverse("logout"))
    masuk(client, pegawai)
    assert client.get(reverse("beranda")).url.startswith(reverse("dua_faktor:verifikasi"))
    with nanti():
        kunci = TOTPDevice.objects.get(user=pegawai).key
        client.post(reverse("dua_faktor:verifikasi"), {"kode": kode_dari(kunci)})
        assert "Matikan" in client.get(reverse("dua_faktor:kelola")).text
        assert client.post(reverse("dua_faktor:matikan")).url == reverse("dua_faktor:kelola")
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert AuditLog.objects.filter(aksi="akun.dua_faktor_matikan").count() == 1
    client.post(reverse("logout"))
    masuk(client, pegawai)
    assert client.get(reverse("beranda")).status_code == 200


def test_an_admin_cannot_turn_it_off(client, admin):
    masuk(client, admin)
    pasang(client)
    assert "Matikan" not in client.get(reverse("dua_faktor:kelola")).text
    jawab = client.post(reverse("dua_faktor:matikan"), follow=True)
    assert "wajib memakai verifikasi dua langkah" in jawab.text
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_new_recovery_codes_replace_the_old_ones(client, pegawai):
    masuk(client, pegawai)
    lama = pasang(client)
    jawab = client.post(reverse("dua_faktor:kode_baru"))
    baru = client.get(jawab.url).context["kode"]
    assert set(baru).isdisjoint(lama)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(baru)
    assert AuditLog.objects.filter(aksi="akun.kode_pemulihan_baru").count() == 1


def test_a_session_that_still_owes_its_code_cannot_renew_codes_or_turn_it_off(client, pegawai):
    masuk(client, pegawai)
    pasang(client)
    client.post(reverse("logout"))
    masuk(client, pegawai)
    for url in (reverse("dua_faktor:kode_baru"), reverse("dua_faktor:matikan")):
        assert client.post(url).url.startswith(reverse("dua_faktor:verifikasi"))
    assert client.get(reverse("dua_faktor:pasang")).url.startswith(reverse("dua_faktor:verifikasi"))
    assert TOTPDevice.objects.filter(user=pegawai).exists()


def test_a_lost_phone_is_reset_by_the_admin_with_an_audit_row(client, admin, pegawai):
    masuk(client, pegawai)
    pasang(client)
    client.post(reverse("logout"))
    client.force_login(admin)
    # force_login is a sign-in too: the admin enrols first.
    client.get(reverse("dua_faktor:pasang"))
    kunci = client.session["_dua_faktor_kunci"]
    client.post(reverse("dua_faktor:pasang"), {"kode": kode_dari(kunci)})
    detail = client.get(reverse("kepegawaian:pegawai_detail", args=[pegawai.nip]))
    assert "Atur ulang verifikasi dua langkah" in detail.text
    url = reverse("kepegawaian:pegawai_dua_faktor_reset", args=[pegawai.nip])
    assert client.get(url).status_code == 405
    jawab = client.post(url, follow=True)
    assert "diatur ulang" in jawab.text
    assert not TOTPDevice.objects.filter(user=pegawai).exists()
    assert not StaticDevice.objects.filter(user=pegawai).exists()
    audit = AuditLog.objects.get(aksi="akun.dua_faktor_reset")
    assert audit.aktor == admin and audit.objek_id == str(pegawai.pk)
    client.post(reverse("logout"))
    masuk(client, pegawai)
    assert client.get(reverse("beranda")).status_code == 200


def test_an_admin_cannot_reset_another_admins_second_factor_but_a_superuser_can(client, admin):
    lain = buat_pegawai("Admin Lain", is_admin_kepegawaian=True)
    TOTPDevice.objects.create(user=lain, name="x", confirmed=True)
    superuser = buat_pegawai("Super", is_superuser=True, is_staff=True)
    url = reverse("kepegawaian:pegawai_dua_faktor_reset", args=[lain.nip])
    for siapa, status in ((admin, 403), (superuser, 302)):
        client.force_login(siapa)
        session = client.session
        session["_dua_faktor_perlu"] = ""  # signed in with a second factor for this check
        session.save()
        assert client.post(url).status_code == status
    assert not TOTPDevice.objects.filter(user=lain).exists()
    assert AuditLog.objects.get(aksi="akun.dua_faktor_reset").aktor == superuser


def test_ordinary_pegawai_and_anonymous_cannot_reset(client, pegawai):
    korban = buat_pegawai("Korban")
    TOTPDevice.objects.create(user=korban, name="x", confirmed=True)
    url = reverse("kepegawaian:pegawai_dua_faktor_reset", args=[korban.nip])
    assert client.post(url).url.startswith(reverse("login"))
    client.force_login(pegawai)
    assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=korban).exists()


def test_an_admin_whose_device_was_reset_mid_session_must_enrol_again(client, admin):
    masuk(client, admin)
    pasang(client)
    client.post(reverse("logout"))
    masuk(client, admin)
    TOTPDevice.objects.filter(user=admin).delete()
    StaticDevice.objects.filter(user=admin).delete()
    jawab = client.get(reverse("dua_faktor:verifikasi"))
    assert client.get(jawab.url).url.startswith(reverse("dua_faktor:pasang"))


def test_with_the_rule_off_an_admin_is_not_forced(client, admin, settings):
    settings.SKP_DUA_FAKTOR_WAJIB = False
    masuk(client, admin)
    assert client.get(reverse("beranda")).status_code == 200


def test_a_temporary_password_is_replaced_after_the_second_factor(client, admin):
    admin.harus_ganti_kata_sandi = True
    admin.save()
    masuk(client, admin)
    assert client.get(reverse("beranda")).url.startswith(reverse("dua_faktor:pasang"))
    pasang(client)
    assert client.get(reverse("beranda")).url == reverse("password_change")


def test_the_qr_code_names_the_app_and_the_nip(client, admin):
    masuk(client, admin)
    halaman = client.get(reverse("dua_faktor:pasang"))
    assert re.fullmatch(r"[A-Z2-7 ]+", halaman.context["rahasia"])
    from accounts.services.dua_faktor import alamat_otpauth

    alamat = alamat_otpauth(admin, client.session["_dua_faktor_kunci"])
    assert alamat.startswith(f"otpauth://totp/SKP%20Online%3A{admin.nip}?")
