"""Who may download an SKP as PDF or xlsx: the owner, their validators and the admin."""

from django.urls import reverse
import pytest

from skp.models import Skp

pytestmark = pytest.mark.django_db


@pytest.fixture
def skp(cast):
    return Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode)


@pytest.mark.parametrize("nama_url", ["skp:pdf", "skp:xlsx"])
@pytest.mark.parametrize(
    ("peran", "status"),
    [
        ("pegawai", 200),
        ("atasan_langsung", 200),
        ("atasan_penilai", 200),
        ("admin", 200),
        ("pegawai_lain", 404),
        ("atasan_lain", 404),
    ],
)
def test_download_access_by_role(client, cast, skp, nama_url, peran, status):
    client.force_login(getattr(cast, peran))
    assert client.get(reverse(nama_url, args=[skp.pk])).status_code == status


@pytest.mark.parametrize("nama_url", ["skp:pdf", "skp:xlsx"])
def test_anonymous_is_sent_to_login(client, skp, nama_url):
    response = client.get(reverse(nama_url, args=[skp.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("nama_url", ["skp:pdf", "skp:xlsx"])
def test_unknown_skp_is_404_and_post_is_405(client, cast, skp, nama_url):
    client.force_login(cast.admin)
    assert client.get(reverse(nama_url, args=[999_999])).status_code == 404
    assert client.post(reverse(nama_url, args=[skp.pk])).status_code == 405
