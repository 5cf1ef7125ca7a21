"""The client's address, which the login lockout and the security log go by: behind the proxy
the entry our proxy appended to X-Forwarded-For, never one the client wrote; without a proxy
REMOTE_ADDR alone."""

import logging
import os
from pathlib import Path
import subprocess
import sys

from django.http import HttpResponseForbidden
from django.test import RequestFactory
import pytest

from config.security import SecurityMiddleware, client_ip

ROOT = Path(__file__).resolve().parents[2]
REAL = "203.0.113.7"


def request_from_nginx(xff=None, remote="127.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


@pytest.fixture
def behind_one_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1


@pytest.mark.parametrize(
    "xff",
    [
        REAL,
        f"1.2.3.4, {REAL}",
        f"1.2.3.4,{REAL}",
        f"10.0.0.1, 1.2.3.4, {REAL}",
        f'"1.2.3.4, {REAL}',  # an unclosed quote must not swallow nginx's entry
        f"for=1.2.3.4, {REAL}",
        f"not-an-address, {REAL}",
        f", , {REAL}",
    ],
)
def test_behind_one_proxy_the_address_nginx_appended_is_the_client(behind_one_proxy, xff):
    assert client_ip(request_from_nginx(xff)) == REAL


def test_behind_two_proxies_the_entry_the_outer_one_appended_is_the_client(settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 2
    # Client → load balancer (appends the client) → nginx (appends the load balancer).
    assert client_ip(request_from_nginx(f"1.2.3.4, {REAL}, 10.0.0.2")) == REAL


def test_behind_the_proxy_a_request_without_the_header_is_its_peer(behind_one_proxy):
    assert client_ip(request_from_nginx(None, remote="10.0.0.5")) == "10.0.0.5"
    assert client_ip(request_from_nginx("", remote="10.0.0.5")) == "10.0.0.5"


def test_a_private_client_address_is_kept_behind_the_proxy(behind_one_proxy):
    # An intranet user: nginx appends a private address; it is still that user's.
    assert client_ip(request_from_nginx("1.2.3.4, 10.20.30.40", remote="192.0.2.1")) == (
        "10.20.30.40"
    )


def test_without_a_proxy_forwarded_for_is_ignored_entirely(settings):
    settings.BEHIND_PROXY = False
    assert client_ip(request_from_nginx(f"1.2.3.4, {REAL}", remote="10.0.0.5")) == "10.0.0.5"


def test_a_refused_request_is_logged_with_the_real_address(behind_one_proxy, caplog):
    request = request_from_nginx(f"1.2.3.4, {REAL}")
    with caplog.at_level(logging.WARNING, logger="skp.security"):
        SecurityMiddleware(lambda r: HttpResponseForbidden())(request)
    assert f"ip={REAL} " in caplog.text and "1.2.3.4" not in caplog.text


def test_an_oversized_upload_is_logged_with_the_real_address(behind_one_proxy, caplog, settings):
    request = request_from_nginx(f"1.2.3.4, {REAL}")
    request.META["CONTENT_LENGTH"] = str(settings.MAX_REQUEST_BYTES + 1)
    with caplog.at_level(logging.WARNING, logger="skp.security"):
        response = SecurityMiddleware(lambda r: None)(request)
    assert response.status_code == 413
    assert f"ip={REAL} " in caplog.text and "1.2.3.4" not in caplog.text


RESOLVE = (
    "from axes.helpers import get_client_ip_address;"
    "from django.test import RequestFactory;"
    "r = RequestFactory().get('/', REMOTE_ADDR='127.0.0.1', HTTP_X_FORWARDED_FOR='{xff}');"
    "print(get_client_ip_address(r))"
)


def resolve_with_environment(xff, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", RESOLVE.format(xff=xff)],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_environment_puts_axes_behind_the_proxy():
    behind = resolve_with_environment(f"1.2.3.4, {REAL}", DJANGO_BEHIND_PROXY="true")
    assert behind.stdout.strip() == REAL, behind.stderr
    two = resolve_with_environment(
        f"1.2.3.4, {REAL}, 10.0.0.2", DJANGO_BEHIND_PROXY="true", DJANGO_PROXY_COUNT="2"
    )
    assert two.stdout.strip() == REAL, two.stderr
    direct = resolve_with_environment(f"1.2.3.4, {REAL}", DJANGO_BEHIND_PROXY="false")
    assert direct.stdout.strip() == "127.0.0.1", direct.stderr


def test_a_proxy_count_below_one_refuses_to_start():
    result = resolve_with_environment(REAL, DJANGO_BEHIND_PROXY="true", DJANGO_PROXY_COUNT="0")
    assert result.returncode != 0
    assert "DJANGO_PROXY_COUNT harus bilangan bulat 1 atau lebih" in result.stderr
