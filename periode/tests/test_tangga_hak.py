"""The ladder (issue 13): nobody issues a password to, edits, deactivates or changes the rights
of an account with rights equal to or above their own; only a superuser may."""

from django.test import Client
from django.urls import reverse
import pytest

from accounts.models import AuditLog, Pegawai
from accounts.services import KepegawaianError, ubah_pegawai
from accounts.services.akun import buat_kata_sandi_sementara
from accounts.tests.factories import PASSWORD, buat_pegawai
from periode.models import Supervisi


@pytest.fixture
def tangga(cast):
    """Besides the cast's admin kepegawaian: a second admin, a Django-admin staff member and
    a superuser, each with the password PASSWORD."""
    return {
        "admin": cast.admin,
        "admin_lain": buat_pegawai("Admin Kedua", unit_kerja=cast.root, is_admin_kepegawaian=True),
        "staff": buat_pegawai("Staf Sistem", unit_kerja=cast.root, is_staff=True),
        "superuser": buat_pegawai("Super", unit_kerja=cast.root, is_superuser=True, is_staff=True),
        "pegawai": cast.pegawai,
    }


# Who may manage whom, written out (not computed from the app's rule).
BOLEH = {
    ("admin", "pegawai"): True,
    ("admin", "admin"): False,
    ("admin", "admin_lain"): False,
    ("admin", "staff"): False,
    ("admin", "superuser"): False,
    ("superuser", "pegawai"): True,
    ("superuser", "admin"): True,
    ("superuser", "staff"): True,
}


def _data_pegawai(target: Pegawai) -> dict:
    return {
        "nama": target.nama,
        "gelar_belakang": "",
        "jenis_asn": "PNS",
        "golongan": "III/a",
        "jabatan": "Jabatan Baru",
        "jenis_jabatan": "fungsional",
        "jenjang": "",
        "unit_kerja": target.unit_kerja_id,
        "email": "",
        "status_kepegawaian": "nonaktif",
    }


@pytest.mark.parametrize(("pelaku", "sasaran"), list(BOLEH))
def test_the_ladder_decides_passwords_and_edits(client, tangga, pelaku, sasaran):
    oleh, akun = tangga[pelaku], tangga[sasaran]
    client.force_login(oleh)
    detail = client.get(reverse("kepegawaian:pegawai_detail", args=[akun.nip]))
    kata_sandi = client.post(reverse("kepegawaian:pegawai_kata_sandi", args=[akun.nip]))
    ubah_get = client.get(reverse("kepegawaian:pegawai_ubah", args=[akun.nip]))
    ubah = client.post(reverse("kepegawaian:pegawai_ubah", args=[akun.nip]), _data_pegawai(akun))
    akun.refresh_from_db()
    assert detail.status_code == 200
    if BOLEH[(pelaku, sasaran)]:
        assert kata_sandi.status_code == 302 and ubah_get.status_code == 200
        assert ubah.status_code == 302 and akun.jabatan == "Jabatan Baru"
        assert akun.harus_ganti_kata_sandi
        assert "Ubah data" in detail.text
    else:
        assert kata_sandi.status_code == 403 and ubah_get.status_code == 403
        assert ubah.status_code == 403 and akun.jabatan != "Jabatan Baru"
        assert akun.check_password(PASSWORD) and not akun.harus_ganti_kata_sandi
        assert akun.status_kepegawaian == "aktif"
        # The page does not offer what the server refuses.
        assert "Ubah data" not in detail.text and "kata-sandi" not in detail.text
        assert "superuser" in detail.text.lower()


@pytest.mark.parametrize(("pelaku", "sasaran"), list(BOLEH))
def test_the_ladder_decides_who_resets_a_lost_second_factor(client, tangga, pelaku, sasaran):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    oleh, akun = tangga[pelaku], tangga[sasaran]
    client.force_login(oleh)
    # Enrolled after the sign-in: an admin resetting their own passed no code (that gate is
    # accounts/tests/test_dua_faktor.py's), so the ladder alone answers here.
    TOTPDevice.objects.create(user=akun, name="Aplikasi autentikator", confirmed=True)
    detail = client.get(reverse("kepegawaian:pegawai_detail", args=[akun.nip]))
    reset = client.post(reverse("kepegawaian:pegawai_dua_faktor_reset", args=[akun.nip]))
    if BOLEH[(pelaku, sasaran)]:
        assert "Atur ulang verifikasi dua langkah" in detail.text
        assert reset.status_code == 302 and not TOTPDevice.objects.filter(user=akun).exists()
        assert AuditLog.objects.filter(aksi="akun.dua_faktor_reset", aktor=oleh).exists()
    else:
        assert "Atur ulang verifikasi dua langkah" not in detail.text
        assert reset.status_code == 403 and TOTPDevice.objects.filter(user=akun).exists()
        assert not AuditLog.objects.filter(aksi="akun.dua_faktor_reset").exists()


def test_admin_cannot_take_over_the_superuser_and_reach_django_admin(client, tangga):
    """The probe's path: a temporary password for the superuser, then a login as it."""
    client.force_login(tangga["admin"])
    superuser = tangga["superuser"]
    assert (
        client.post(reverse("kepegawaian:pegawai_kata_sandi", args=[superuser.nip])).status_code
        == 403
    )
    client.logout()
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)
    assert not AuditLog.objects.filter(aksi="akun.kata_sandi_sementara").exists()


def test_the_services_refuse_the_ladder_too(tangga):
    with pytest.raises(KepegawaianError, match="(?i)hanya superuser"):
        buat_kata_sandi_sementara(tangga["superuser"], oleh=tangga["admin"])
    with pytest.raises(KepegawaianError, match="(?i)hanya superuser"):
        ubah_pegawai(tangga["admin_lain"], oleh=tangga["admin"], jabatan="Diubah")
    with pytest.raises(KepegawaianError, match="(?i)hanya superuser"):
        ubah_pegawai(tangga["admin"], oleh=tangga["admin"], status_kepegawaian="nonaktif")
    assert Pegawai.objects.filter(jabatan="Diubah").count() == 0


def test_the_list_offers_no_edit_button_for_accounts_with_rights(client, tangga):
    client.force_login(tangga["admin"])
    text = client.get(reverse("kepegawaian:pegawai_daftar")).text
    assert reverse("kepegawaian:pegawai_ubah", args=[tangga["pegawai"].nip]) in text
    for siapa in ("admin_lain", "staff", "superuser", "admin"):
        assert reverse("kepegawaian:pegawai_ubah", args=[tangga[siapa].nip]) not in text, siapa


def test_a_staff_member_cannot_change_rights_or_privileged_accounts_in_django_admin(client, tangga):
    from django.contrib.auth.models import Permission

    staff = tangga["staff"]
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_pegawai", "view_pegawai"])
    )
    client.force_login(staff)
    superuser, pegawai = tangga["superuser"], tangga["pegawai"]
    url_super = reverse("admin:accounts_pegawai_change", args=[superuser.pk])
    url_sandi = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert client.post(url_sandi, {"password1": "x", "password2": "x"}).status_code == 403
    # The superuser's page is read-only for him: a POST changes nothing.
    client.post(url_super, {"nip": superuser.nip, "nama": "Diambil alih"})
    superuser.refresh_from_db()
    assert superuser.nama == "Super"
    # An ordinary pegawai's page shows the rights as read-only: he cannot grant superuser.
    page = client.get(reverse("admin:accounts_pegawai_change", args=[pegawai.pk]))
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.text and 'name="is_admin_kepegawaian"' not in page.text


def test_the_temporary_password_page_is_post_redirect_get(client, cast):
    client.force_login(cast.admin)
    url = reverse("kepegawaian:pegawai_kata_sandi", args=[cast.pegawai.nip])
    response = client.post(url)
    assert response.status_code == 302 and response.url == url
    shown = client.get(url)
    assert shown["Cache-Control"] == "no-store"
    kata_sandi = shown.context["kata_sandi"]
    cast.pegawai.refresh_from_db()
    assert kata_sandi and cast.pegawai.check_password(kata_sandi)
    # A reload neither shows it again nor makes a new one.
    again = client.get(url)
    assert again.context["kata_sandi"] is None and kata_sandi not in again.text
    assert "hanya ditampilkan satu kali" in again.text
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.check_password(kata_sandi)
    assert AuditLog.objects.filter(aksi="akun.kata_sandi_sementara").count() == 1
    # Another pegawai's page shows nothing of this password.
    other = client.get(reverse("kepegawaian:pegawai_kata_sandi", args=[cast.pegawai_lain.nip]))
    assert other.context["kata_sandi"] is None


def test_a_roster_import_by_an_admin_leaves_accounts_with_rights_as_they_are(tangga, cast):
    from periode.roster import impor_roster, periksa_roster
    from periode.tests.roster_files import baris, xlsx

    superuser, admin_lain, pegawai = tangga["superuser"], tangga["admin_lain"], tangga["pegawai"]
    rows = [
        baris(superuser.nip, Nama="Diambil Alih", Status="Nonaktif"),
        baris(
            admin_lain.nip,
            Nama="Admin Kedua",
            Jabatan="Jabatan Baru",
            NIP_Atasan_Langsung=tangga["admin"].nip,
        ),
        baris(tangga["admin"].nip, Nama="Admin Kepegawaian", Jabatan="Jabatan Baru"),
        baris(
            pegawai.nip,
            Nama="Pegawai Satu",
            Jabatan="Jabatan Baru",
            NIP_Atasan_Langsung=cast.atasan_langsung.nip,
        ),
    ]
    pratinjau = periksa_roster(xlsx(rows), periode=cast.periode, oleh=tangga["admin"])
    assert pratinjau.ok
    assert sum("hanya superuser yang dapat mengubah" in p for p in pratinjau.peringatan) == 3
    hasil = impor_roster(xlsx(rows), periode=cast.periode, oleh=tangga["admin"])
    assert hasil.diterapkan
    for akun in (superuser, admin_lain, tangga["admin"]):
        dulu = (akun.nama, akun.jabatan, akun.status_kepegawaian)
        akun.refresh_from_db()
        assert (akun.nama, akun.jabatan, akun.status_kepegawaian) == dulu
    pegawai.refresh_from_db()
    assert pegawai.jabatan == "Jabatan Baru"
    assert not Supervisi.objects.filter(
        pegawai=admin_lain, atasan_langsung=tangga["admin"]
    ).exists()
    # A superuser's import changes them.
    impor_roster(xlsx(rows), periode=cast.periode, oleh=superuser)
    admin_lain.refresh_from_db()
    assert admin_lain.jabatan == "Jabatan Baru"


def test_an_admin_does_not_choose_her_own_validator(client, cast, tangga):
    """Who validates an account is part of it: setting one's own atasan is a superuser's job."""
    url = reverse("kepegawaian:supervisi_ubah", args=[cast.admin.nip, cast.periode.tahun])
    client.force_login(cast.admin)
    detail = client.get(reverse("kepegawaian:pegawai_detail", args=[cast.admin.nip]))
    assert url not in detail.text and "Ini akun Anda sendiri" in detail.text
    data = {"atasan_langsung": cast.pegawai.nip, "atasan_penilai": ""}
    response = client.post(url, data)
    assert response.status_code == 403 and "hanya superuser" in response.text.lower()
    assert not Supervisi.objects.filter(pegawai=cast.admin, atasan_langsung=cast.pegawai).exists()
    client.force_login(tangga["superuser"])
    assert client.post(url, data).status_code == 302
    assert Supervisi.objects.filter(pegawai=cast.admin, atasan_langsung=cast.pegawai).exists()


# --- Granting the admin kepegawaian role (issue 16 i): the superuser's page ---------------

HAK = reverse("kepegawaian:hak_admin")
HAK_UBAH = reverse("kepegawaian:hak_admin_ubah")


def test_the_superuser_grants_and_revokes_the_role_by_search_and_it_is_audited(client, tangga):
    pegawai = tangga["pegawai"]
    client.force_login(tangga["superuser"])
    halaman = client.get(HAK)
    assert halaman.status_code == 200
    assert tangga["admin"].nama_lengkap in halaman.text  # the holders are listed
    assert 'href="/accounts/pegawai/hak-admin/"' in halaman.text  # and in the menu
    beri = client.post(
        HAK_UBAH, {"pegawai": f"{pegawai.nip} — {pegawai.nama_lengkap}", "aksi": "beri"}
    )
    assert beri.status_code == 302
    pegawai.refresh_from_db()
    assert pegawai.is_admin_kepegawaian
    audit = AuditLog.objects.get(aksi="akun.hak_admin_kepegawaian")
    assert audit.aktor == tangga["superuser"] and audit.objek_id == str(pegawai.pk)
    assert audit.data["sebelum"] == {"is_admin_kepegawaian": False}
    assert audit.data["sesudah"] == {"is_admin_kepegawaian": True}
    assert "dijadikan admin kepegawaian" in audit.ringkasan
    # The new admin's pages open at once (checked fresh on every request).
    baru = Client()
    baru.force_login(pegawai)
    assert baru.get(reverse("kepegawaian:pegawai_daftar")).status_code == 200

    cabut = client.post(HAK_UBAH, {"pegawai": pegawai.nip, "aksi": "cabut"}, follow=True)
    assert "dicabut dan tercatat di log audit" in cabut.text
    pegawai.refresh_from_db()
    assert not pegawai.is_admin_kepegawaian
    assert AuditLog.objects.filter(aksi="akun.hak_admin_kepegawaian").count() == 2
    assert baru.get(reverse("kepegawaian:pegawai_daftar")).status_code == 403
    # Asking again for what already is: said so, nothing written.
    lagi = client.post(HAK_UBAH, {"pegawai": pegawai.nip, "aksi": "cabut"}, follow=True)
    assert "memang bukan admin kepegawaian" in lagi.text
    assert AuditLog.objects.filter(aksi="akun.hak_admin_kepegawaian").count() == 2


@pytest.mark.parametrize("pelaku", ["admin", "admin_lain", "staff", "pegawai"])
def test_only_the_superuser_opens_the_page_or_changes_the_role(client, tangga, pelaku):
    client.force_login(tangga[pelaku])
    assert client.get(HAK).status_code == 403
    assert (
        client.post(HAK_UBAH, {"pegawai": tangga["pegawai"].nip, "aksi": "beri"}).status_code == 403
    )
    assert not Pegawai.objects.get(pk=tangga["pegawai"].pk).is_admin_kepegawaian
    assert 'href="/accounts/pegawai/hak-admin/"' not in client.get("/").text
    assert not AuditLog.objects.filter(aksi="akun.hak_admin_kepegawaian").exists()
    client.logout()
    assert client.get(HAK).url.startswith(reverse("login"))


def test_what_the_role_page_refuses_comes_back_beside_the_field_and_writes_nothing(client, tangga):
    from accounts.models import AuditLog as Audit

    su = tangga["superuser"]
    tidak_aktif = buat_pegawai("Sudah Keluar", unit_kerja=tangga["admin"].unit_kerja)
    tidak_aktif.is_active = False
    tidak_aktif.save(update_fields=["is_active"])
    client.force_login(su)
    for data, pesan in [
        ({"pegawai": su.nip, "aksi": "cabut"}, "Peran akun Anda sendiri tidak diubah"),
        ({"pegawai": tangga["superuser"].nip, "aksi": "beri"}, "Peran akun Anda sendiri"),
        ({"pegawai": tidak_aktif.nip, "aksi": "beri"}, "tidak aktif (tidak dapat masuk)"),
        ({"pegawai": "", "aksi": "beri"}, "Ketik sebagian nama atau NIP"),
        ({"pegawai": tangga["pegawai"].nip, "aksi": "hapus"}, "Formulir ini tidak lengkap"),
        ({"pegawai": "199001012015011999", "aksi": "beri"}, "tidak ditemukan di sistem"),
    ]:
        response = client.post(HAK_UBAH, data)
        assert response.status_code == 200 and pesan in response.text, data
    lain = buat_pegawai("Super Dua", unit_kerja=tangga["admin"].unit_kerja, is_superuser=True)
    response = client.post(HAK_UBAH, {"pegawai": lain.nip, "aksi": "cabut"})
    assert "adalah superuser" in response.text
    assert not Audit.objects.filter(aksi="akun.hak_admin_kepegawaian").exists()
    assert not Pegawai.objects.get(pk=tidak_aktif.pk).is_admin_kepegawaian
