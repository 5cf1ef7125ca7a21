"""Small holes an outside probe found (issue 13, point 7): NIPs in paths, off-site `kembali`
links, free text without a length cap."""

from django.urls import reverse
import pytest

from periode.models import Dispensasi
from skp.models import Komentar, Skp, SkpTransisi, StatusSkp, UraianTugas
from skp.tests.bantuan_workflow import bawa_ke, revisi, skp_siap


@pytest.mark.parametrize("nip", ["%00", "abc", "１２３", "19841201%202012", "1" * 19])
def test_a_nip_in_the_path_takes_digits_only(client, cast, nip):
    client.force_login(cast.admin)
    for tail in ("", "ubah/", "kata-sandi/"):
        assert client.get(f"/accounts/pegawai/{nip}/{tail}").status_code == 404


@pytest.mark.parametrize(
    "kembali",
    [
        "/%5Cevil.example/",
        "/\\evil.example/",
        "//evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\\/evil.example",
    ],
)
def test_an_off_site_kembali_link_is_replaced_by_the_default(client, cast, kembali):
    client.force_login(cast.pegawai)
    url = reverse("skp:uraian_tugas", args=[cast.pegawai.pk])
    page = client.get(url, {"kembali": kembali.replace("%5C", "\\")})
    assert page.context["kembali"] == reverse("skp:uraian_tugas_daftar")
    assert "evil.example" not in page.text
    response = client.post(
        url, {"teks": "Terkelolanya server", "kembali": kembali.replace("%5C", "\\")}
    )
    assert response.status_code == 302 and response.url == reverse("skp:uraian_tugas_daftar")


def test_a_local_kembali_link_is_kept(client, cast):
    client.force_login(cast.pegawai)
    url = reverse("skp:uraian_tugas", args=[cast.pegawai.pk])
    response = client.post(url, {"teks": "Terkelolanya server", "kembali": "/skp/?a=1"})
    assert response.url == "/skp/?a=1"


def test_a_100_kb_return_note_is_refused_with_a_message(client, cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    response = client.post(
        f"/skp/{skp.pk}/kembalikan/", {"catatan": "x" * 100_000, "revisi": revisi(skp)}
    )
    assert response.status_code == 200
    assert "paling banyak 2000 karakter" in response.text
    assert Skp.objects.get(pk=skp.pk).status == StatusSkp.DIAJUKAN
    assert not SkpTransisi.objects.filter(ke=StatusSkp.DIKEMBALIKAN).exists()


def test_a_100_kb_comment_is_refused_with_a_message(client, cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    response = client.post(f"/skp/{skp.pk}/komentar/", {"butir": "", "teks": "x" * 100_000})
    assert response.status_code == 200 and "paling banyak 2000 karakter" in response.text
    assert not Komentar.objects.exists()


def test_a_100_kb_dispensasi_reason_is_refused_with_a_message(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("periode:dispensasi_tambah"),
        {
            "periode": cast.periode.pk,
            "tahap": "penyusunan",
            "nip": cast.pegawai.nip,
            "berlaku_sampai": cast.periode.penyusunan_selesai.replace(day=28).isoformat(),
            "alasan": "x" * 100_000,
        },
    )
    assert response.status_code == 200 and "paling banyak 1000 karakter" in response.text
    assert not Dispensasi.objects.exists()


def test_an_oversized_uraian_tugas_is_refused(client, cast):
    client.force_login(cast.pegawai)
    url = reverse("skp:uraian_tugas", args=[cast.pegawai.pk])
    response = client.post(url, {"teks": "x" * 10_001})
    assert response.status_code == 200 and "paling banyak 10000 karakter" in response.text
    assert not UraianTugas.objects.exists()


def test_every_free_text_model_field_has_a_cap():
    """A TextField without max_length is a field nobody thought about."""
    from django.apps import apps
    from django.db import models

    ours = [a for a in apps.get_app_configs() if a.name in ("accounts", "skp", "kpi")]
    tanpa = [
        f"{m._meta.label}.{f.name}"
        for app in ours
        for m in app.get_models()
        for f in m._meta.get_fields()
        if isinstance(f, models.TextField) and f.max_length is None and f.editable
    ]
    # System text written by the app itself, never typed by a user.
    sistem = {
        "skp.RencanaKinerja.kabar_matriks",
        "accounts.AuditLog.ringkasan",
        "skp.BatchDokumen.pesan_galat",
    }
    assert sorted(set(tanpa) - sistem) == []


def test_a_get_on_a_post_only_url_explains_itself(client, cast):
    client.force_login(cast.admin)
    response = client.get(reverse("periode:dispensasi_tambah"))
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "hanya untuk mengirim formulir" in response.text
