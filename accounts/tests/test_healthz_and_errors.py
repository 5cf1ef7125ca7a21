from django.db.utils import OperationalError
import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


def test_healthz_needs_no_login_and_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_unknown_page_gets_a_friendly_indonesian_404(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
    assert "Kembali ke Beranda" in response.text


def test_server_error_page_renders_without_context(rf):
    from accounts.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Terjadi gangguan pada server" in response.content.decode()


def test_forbidden_page_is_friendly(rf, cast):
    from accounts.views import error_403

    request = rf.get("/")
    request.user = cast.pegawai
    response = error_403(request)
    assert response.status_code == 403
    assert "tidak berwenang" in response.content.decode()
