"""The admin's dispensasi pages: access ladder, happy path, bad input."""

import datetime

import pytest

from accounts.models import AuditLog
from periode.models import Dispensasi


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def data(cast, **extra):
    return {
        "periode": cast.periode.pk,
        "tahap": "penyusunan",
        "nip": cast.pegawai.nip_tampil,
        "unit_kerja": "",
        "berlaku_sampai": (
            cast.periode.penyusunan_selesai + datetime.timedelta(days=5)
        ).isoformat(),
        "alasan": "Sakit, surat dokter terlampir",
        **extra,
    }


def test_admin_grants_a_dispensasi_to_one_pegawai(client, cast):
    client.force_login(cast.admin)
    assert client.get("/dispensasi/").status_code == 200
    response = client.post("/dispensasi/tambah/", data(cast))
    assert response.status_code == 302
    d = Dispensasi.objects.get()
    assert (d.pegawai, d.diberikan_oleh, d.alasan) == (
        cast.pegawai,
        cast.admin,
        "Sakit, surat dokter terlampir",
    )
    assert AuditLog.objects.filter(aksi="skp.dispensasi").count() == 1


@pytest.mark.parametrize(
    ("extra", "pesan"),
    [
        ({"nip": "", "unit_kerja": ""}, "salah satu saja"),
        ({"nip": "199912312025011999"}, "tidak ditemukan di sistem"),
        ({"alasan": ""}, "Tuliskan alasan dispensasi"),
        ({"berlaku_sampai": "2001-01-01"}, "harus sesudah batas semula"),
    ],
)
def test_bad_dispensasi_input_shows_the_form_again_and_saves_nothing(client, cast, extra, pesan):
    client.force_login(cast.admin)
    response = client.post("/dispensasi/tambah/", data(cast, **extra))
    assert response.status_code == 200
    assert pesan in response.content.decode()
    assert not Dispensasi.objects.exists()


@pytest.mark.parametrize("role", ["pegawai", "atasan_langsung", "atasan_penilai"])
def test_dispensasi_pages_are_for_the_admin_only(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get("/dispensasi/").status_code == 403
    assert client.post("/dispensasi/tambah/", data(cast)).status_code == 403
    assert not Dispensasi.objects.exists()


def test_dispensasi_access_ladder(client, cast):
    assert "/accounts/login/" in client.get("/dispensasi/")["Location"]
    client.force_login(cast.admin)
    assert client.get("/dispensasi/tambah/").status_code == 405
