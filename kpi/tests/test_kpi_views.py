"""/kpi/: the admin and the kepala unit edit their units' KPI; others only read or get 404."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
import pytest

from kpi.models import Kpi
from kpi.services import buat_kpi


@pytest.fixture
def kpi(cast):
    return buat_kpi(
        unit=cast.unit_a,
        periode=cast.periode,
        pernyataan="Semua server terbackup",
        oleh=cast.atasan_langsung,
    )


def test_anonymous_is_sent_to_login(client, db):
    assert "/accounts/login/" in client.get("/kpi/").url


def test_kepala_unit_adds_a_kpi_with_decimal_comma_target(client, cast):
    client.force_login(cast.atasan_langsung)
    response = client.post(
        f"/kpi/tambah/?periode={cast.periode.tahun}",
        {
            "unit": cast.unit_a.pk,
            "pernyataan": "Kepuasan pengguna layanan",
            "target": "85,5",
            "satuan": "%",
        },
    )
    assert response.status_code == 302
    kpi = Kpi.objects.get()
    assert (kpi.target, kpi.satuan, kpi.unit_kerja) == (Decimal("85.5"), "%", cast.unit_a)
    assert "85,5%" in client.get("/kpi/").text


def test_kepala_cannot_add_to_another_unit_and_bad_input_writes_nothing(client, cast):
    client.force_login(cast.atasan_langsung)
    path = f"/kpi/tambah/?periode={cast.periode.tahun}"
    assert client.post(path, {"unit": cast.unit_b.pk, "pernyataan": "X"}).status_code == 400
    response = client.post(path, {"unit": cast.unit_a.pk, "pernyataan": "X", "satuan": "%"})
    assert response.status_code == 400 and "Isi target bila satuan diisi" in response.text
    assert not Kpi.objects.exists()


def test_a_periode_that_only_looks_numeric_is_ignored_not_a_500(client, cast):
    """Fuzz finding (issue 8): "²".isdigit() is True but int("²") raised a 500."""
    client.force_login(cast.atasan_langsung)
    assert client.get("/kpi/?periode=²").status_code == 200
    response = client.post(
        "/kpi/tambah/?periode=²",
        {
            "unit": cast.unit_a.pk,
            "pernyataan": "Layanan tersedia",
            "target": "99",
            "satuan": "%",
        },
    )
    assert response.status_code == 302
    assert Kpi.objects.get().periode == cast.periode


def test_pegawai_reads_his_units_kpi_but_cannot_edit(client, cast, kpi):
    client.force_login(cast.pegawai)
    text = client.get("/kpi/").text
    assert "Semua server terbackup" in text and f"/kpi/{kpi.pk}/ubah/" not in text
    assert client.get(f"/kpi/{kpi.pk}/ubah/").status_code == 403
    assert client.post(f"/kpi/{kpi.pk}/hapus/").status_code == 403
    assert client.post("/kpi/tambah/", {"pernyataan": "X"}).status_code == 403


def test_other_unit_gets_404(client, cast, kpi):
    client.force_login(cast.pegawai_lain)
    assert "Semua server terbackup" not in client.get("/kpi/").text
    assert client.get(f"/kpi/{kpi.pk}/ubah/").status_code == 404
    assert client.post(f"/kpi/{kpi.pk}/hapus/").status_code == 404


def test_admin_edits_and_deletes_any_kpi(client, cast, kpi):
    client.force_login(cast.admin)
    response = client.post(
        f"/kpi/{kpi.pk}/ubah/",
        {"pernyataan": "Semua server terbackup harian", "target": "", "satuan": ""},
    )
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert kpi.pernyataan == "Semua server terbackup harian"
    assert client.get(f"/kpi/{kpi.pk}/hapus/").status_code == 405
    assert client.post(f"/kpi/{kpi.pk}/hapus/").status_code == 302
    assert not Kpi.objects.exists()


def test_kpi_page_queries_do_not_grow_with_kpi(client, cast, kpi):
    client.force_login(cast.admin)
    client.get("/kpi/")  # warm: the menu's roles are remembered from the first page on
    with CaptureQueriesContext(connection) as one:
        client.get("/kpi/")
    for i in range(5):
        buat_kpi(unit=cast.unit_b, periode=cast.periode, pernyataan=f"KPI {i}", oleh=cast.admin)
    with CaptureQueriesContext(connection) as many:
        client.get("/kpi/")
    assert len(many) == len(one)
