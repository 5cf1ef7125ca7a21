"""Periode admin pages: only the admin kepegawaian; dates checked with Indonesian messages."""

from django.urls import reverse
import pytest

from accounts.models import AuditLog
from periode.models import Periode, ProfilRegulasi
from skp.models import StatusSkp
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

pytestmark = pytest.mark.django_db


def data_periode(tahun=2031, **extra):
    data = {
        "tahun": tahun,
        "profil_regulasi": "permenpanrb_8_2021",
        "tanggal_mulai": f"{tahun}-01-01",
        "tanggal_selesai": f"{tahun}-12-31",
        "penyusunan_mulai": f"{tahun}-05-20",
        "penyusunan_selesai": f"{tahun}-05-27",
        "validasi_mulai": f"{tahun}-05-27",
        "validasi_selesai": f"{tahun}-05-31",
    }
    data.update(extra)
    return data


def test_only_the_admin_manages_periode(client, cast):
    url = reverse("periode:periode_daftar")
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(cast.pegawai)
    assert client.get(url).status_code == 403
    assert client.post(reverse("periode:periode_tambah"), data_periode()).status_code == 403
    assert not Periode.objects.filter(tahun=2031).exists()
    client.force_login(cast.admin)
    assert str(cast.periode.tahun) in client.get(url).content.decode()


def test_admin_creates_a_periode_with_the_seed_windows(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("periode:periode_tambah"), data_periode())
    assert response.status_code == 302
    periode = Periode.objects.get(tahun=2031)
    assert str(periode.validasi_selesai) == "2031-05-31"
    assert AuditLog.objects.filter(aksi="periode.tambah", objek_id=str(periode.pk)).exists()


def test_a_new_periode_starts_with_the_previous_periodes_atasan(client, cast):
    """Seed rule 3: atasan are chosen as in the previous SKP period."""
    from periode.models import Supervisi

    client.force_login(cast.admin)
    client.post(reverse("periode:periode_tambah"), data_periode(tahun=cast.periode.tahun + 1))
    baru = Supervisi.objects.get(pegawai=cast.pegawai, periode__tahun=cast.periode.tahun + 1)
    assert (baru.atasan_langsung, baru.atasan_penilai) == (
        cast.atasan_langsung,
        cast.atasan_penilai,
    )
    assert Supervisi.objects.filter(periode__tahun=cast.periode.tahun + 1).count() == 4


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"penyusunan_selesai": "2031-05-19"}, "harus berakhir pada atau sesudah tanggal mulainya"),
        ({"tanggal_selesai": "2032-01-05"}, "di tahun 2031"),
        ({"validasi_mulai": "2032-01-02", "validasi_selesai": "2032-01-05"}, "Tuliskan alasannya"),
        ({"tanggal_mulai": "2031-06-01"}, "di dalam rentang periode"),
    ],
)
def test_bad_dates_come_back_with_a_message_and_nothing_saved(client, cast, extra, message):
    client.force_login(cast.admin)
    response = client.post(reverse("periode:periode_tambah"), data_periode(**extra))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Periode.objects.filter(tahun=2031).exists()


def test_duplicate_year_is_refused(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("periode:periode_tambah"), data_periode(tahun=cast.periode.tahun)
    )
    assert response.status_code == 200
    assert Periode.objects.filter(tahun=cast.periode.tahun).count() == 1


def test_admin_edits_a_window_and_it_is_audited(client, cast):
    client.force_login(cast.admin)
    url = reverse("periode:periode_ubah", args=[cast.periode.pk])
    assert client.get(url).status_code == 200
    tahun = cast.periode.tahun
    data = data_periode(
        tahun=tahun,
        penyusunan_mulai=str(cast.periode.penyusunan_mulai),
        penyusunan_selesai=str(cast.periode.penyusunan_selesai),
        validasi_mulai=str(cast.periode.validasi_mulai),
        validasi_selesai=f"{tahun}-12-31",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    cast.periode.refresh_from_db()
    assert str(cast.periode.validasi_selesai) == f"{tahun}-12-31"
    assert AuditLog.objects.filter(aksi="periode.ubah").exists()


def test_a_new_periode_starts_under_the_rule_in_force(client, cast):
    client.force_login(cast.admin)
    html = client.get(reverse("periode:periode_tambah")).content.decode()
    assert '<option value="permenpanrb_6_2022" selected>' in html
    assert Periode(tahun=2031).profil_regulasi == ProfilRegulasi.PERMENPANRB_6_2022


def _ubah_profil(client, cast, profil):
    p = cast.periode
    return client.post(
        reverse("periode:periode_ubah", args=[p.pk]),
        data_periode(
            tahun=p.tahun,
            profil_regulasi=profil,
            penyusunan_mulai=str(p.penyusunan_mulai),
            penyusunan_selesai=str(p.penyusunan_selesai),
            validasi_mulai=str(p.validasi_mulai),
            validasi_selesai=str(p.validasi_selesai),
        ),
    )


def test_the_profile_changes_while_no_skp_of_the_periode_was_ever_submitted(client, cast):
    skp_siap(cast.pegawai, cast.periode)  # a draft
    client.force_login(cast.admin)
    assert _ubah_profil(client, cast, "permenpanrb_6_2022").status_code == 302
    cast.periode.refresh_from_db()
    assert cast.periode.profil_regulasi == ProfilRegulasi.PERMENPANRB_6_2022


def test_the_profile_of_a_periode_with_a_submitted_skp_is_kept_with_the_reason(client, cast):
    bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    client.force_login(cast.admin)
    response = _ubah_profil(client, cast, "permenpanrb_6_2022")
    assert response.status_code == 200
    assert "tidak dapat diubah: 1 SKP di periode ini sudah pernah diajukan" in response.text
    cast.periode.refresh_from_db()
    assert cast.periode.profil_regulasi == ProfilRegulasi.PERMENPANRB_8_2021
    assert not AuditLog.objects.filter(aksi="periode.ubah").exists()
