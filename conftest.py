"""Test-wide setup: browser options and the fixed cast (accounts/tests/cast.py)."""

import pytest

pytest_plugins = ["periode.tests.cast", "skp.tests.bantuan_workflow"]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Makassar"}


@pytest.fixture(autouse=True)
def _cache_kosong():
    """The in-memory caches are per process: a test starts without what an earlier one left."""
    from django.core.cache import caches

    caches["default"].clear()
    caches["kartu"].clear()


@pytest.fixture
def hasher_produksi(settings):
    """The production password hashers (Argon2id first) instead of the tests' fast one."""
    settings.PASSWORD_HASHERS = settings.PASSWORD_HASHERS_PRODUKSI
