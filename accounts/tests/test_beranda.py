from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import tetapkan_supervisi
from accounts.tests.factories import buat_pegawai


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/"


def test_pegawai_sees_name_identity_and_supervisors(client, cast):
    client.force_login(cast.pegawai)
    response = client.get("/")
    assert response.status_code == 200
    text = response.text
    assert "Pegawai Satu, S.Kom." in text
    assert cast.pegawai.nip_tampil in text
    assert "Penata Muda, III/a" in text
    assert "Atasan Langsung" in text and "Atasan Penilai" in text
    assert f"Susun dan ajukan SKP {cast.periode.tahun}" in text


def test_atasan_is_told_to_validate(client, cast):
    client.force_login(cast.atasan_langsung)
    text = client.get("/").text
    assert "Validasi SKP bawahan" in text
    assert "Anda menilai 1 pegawai" in text


def test_pegawai_without_subordinates_gets_no_validation_step(client, cast):
    client.force_login(cast.pegawai)
    assert "Validasi SKP bawahan" not in client.get("/").text


def test_admin_sees_roster_figures(client, cast):
    client.force_login(cast.admin)
    response = client.get("/")
    stats = response.context["beranda"].statistik_admin
    assert stats == {"pegawai_aktif": 6, "unit": 3, "tanpa_atasan": 2}  # penilai + admin


def test_non_aktif_pegawai_is_told_no_skp_is_owed(client, cast):
    cast.pegawai.status_kepegawaian = "tugas_belajar"
    cast.pegawai.save(update_fields=["status_kepegawaian"])
    client.force_login(cast.pegawai)
    assert "Tidak wajib menyusun SKP" in client.get("/").text


def test_without_periode_admin_is_asked_to_create_one(client, db):
    admin = buat_pegawai("Admin", is_admin_kepegawaian=True)
    client.force_login(admin)
    assert "Buat periode penilaian" in client.get("/").text


def test_closed_window_says_it_closed(client, cast):
    import datetime

    cast.periode.penyusunan_mulai = datetime.date(cast.periode.tahun, 1, 1)
    cast.periode.penyusunan_selesai = datetime.date(cast.periode.tahun, 1, 2)
    cast.periode.save()
    client.force_login(cast.pegawai)
    assert "sudah ditutup" in client.get("/").text


def test_dashboard_queries_do_not_grow_with_subordinates(client, cast):
    client.force_login(cast.atasan_langsung)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    before = count_queries()
    for i in range(15):
        bawahan = buat_pegawai(f"Bawahan {i}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(bawahan, cast.periode, atasan_langsung=cast.atasan_langsung,
                           atasan_penilai=cast.atasan_penilai)  # fmt: skip
    assert count_queries() == before <= 12, connection.queries
