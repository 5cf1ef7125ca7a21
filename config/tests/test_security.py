"""The security pass (issue 8) on what every page shares: headers, sessions, redirects, CSRF."""

import logging
from pathlib import Path
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
import pytest
import time_machine

from config.security import SESSION_STARTED_KEY

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_carries_a_csp_without_inline_scripts(client, cast):
    client.force_login(cast.pegawai)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{path}: {tag}")
        if re.search(r"\son(click|change|submit|load|input)\s*=", text):
            offenders.append(f"{path}: inline event handler")
    assert not offenders, offenders


def test_session_ends_after_twelve_hours_however_active(client, cast):
    with time_machine.travel("2026-03-02 07:00 +0800", tick=False) as clock:
        client.force_login(cast.pegawai)
        assert client.get("/").status_code == 200
        assert SESSION_STARTED_KEY in client.session
        for _ in range(36):  # busy all day: a request every 20 minutes, for 12 hours
            clock.shift(20 * 60)
            assert client.get("/").status_code == 200
        clock.shift(1)
        response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_idle_session_expires_after_thirty_minutes(client, cast):
    with time_machine.travel("2026-03-02 07:00 +0800", tick=False) as clock:
        client.force_login(cast.pegawai)
        assert client.get("/").status_code == 200
        clock.shift(29 * 60)
        assert client.get("/").status_code == 200
        clock.shift(30 * 60 + 1)
        assert client.get("/").status_code == 302


def test_an_active_session_is_renewed_at_most_once_a_minute(client, cast):
    def simpan_sesi(queries):
        return [q for q in queries.captured_queries if 'UPDATE "django_session"' in q["sql"]]

    with time_machine.travel("2026-03-02 07:00 +0800", tick=False) as clock:
        client.force_login(cast.pegawai)
        client.get("/")
        clock.shift(30)
        with CaptureQueriesContext(connection) as sebentar:
            assert client.get("/").status_code == 200
        assert simpan_sesi(sebentar) == []  # read now: the next request clears the log
        clock.shift(31)
        with CaptureQueriesContext(connection) as semenit:
            assert client.get("/").status_code == 200
        assert len(simpan_sesi(semenit)) == 1
        clock.shift(29 * 60 + 59)  # idle just under 30 minutes since that renewal
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_login_refuses_open_redirects(client, cast, target):
    from accounts.tests.factories import PASSWORD

    response = client.post(
        "/accounts/login/", {"username": cast.pegawai.nip, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302 and response.url == "/"


def test_csrf_is_enforced_on_login_and_logout(cast):
    from accounts.tests.factories import PASSWORD

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": cast.pegawai.nip, "password": PASSWORD})
    assert response.status_code == 403
    strict.force_login(cast.pegawai)
    assert strict.post("/accounts/logout/").status_code == 403
    assert "_auth_user_id" in strict.session


def test_a_refused_action_is_logged_as_a_security_event(client, cast, caplog):
    from django.http import HttpResponseForbidden

    from config.security import SecurityMiddleware

    client.force_login(cast.pegawai)
    request = client.get("/").wsgi_request
    with caplog.at_level(logging.WARNING, logger="skp.security"):
        SecurityMiddleware(lambda r: HttpResponseForbidden())(request)
    assert f"user={cast.pegawai.nip}" in caplog.text and "akses ditolak" in caplog.text


def test_the_audit_log_is_append_only_in_the_database(cast):
    from django.db import InternalError, transaction

    from accounts.models import AuditLog

    row = AuditLog.objects.first()
    assert row is not None  # the cast's supervision was audited
    with pytest.raises(InternalError, match="hanya boleh ditambah"), transaction.atomic():
        AuditLog.objects.filter(pk=row.pk).update(ringkasan="diubah")
    with pytest.raises(InternalError, match="hanya boleh ditambah"), transaction.atomic():
        AuditLog.objects.filter(pk=row.pk).delete()
    assert AuditLog.objects.get(pk=row.pk).ringkasan == row.ringkasan
