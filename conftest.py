"""Test-wide setup: browser options, axe-core, and the fixed cast (accounts/tests/cast.py)."""

from pathlib import Path

import pytest

pytest_plugins = ["periode.tests.cast", "skp.tests.bantuan_workflow"]

CHROMIUM = "/usr/bin/chromium"
# From the npm registry with the other front-end packages (package.json's devDependencies,
# installed into node_modules by scripts/vendor.sh); injected by the tests, never served.
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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


@pytest.fixture(scope="session")
def axe():
    """axe(page): axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line per
    element (issue 17.9)."""
    assert AXE.exists(), "axe-core belum terpasang: jalankan scripts/vendor.sh (npm ci)."
    sumber = AXE.read_text()

    def periksa(page) -> list[str]:
        # The strict CSP (script-src 'self') refuses an injected <script>; evaluate is no tag.
        page.evaluate(sumber)
        hasil = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
        )
        return [
            f"{page.url} {v['id']}: {n['target']} {n['failureSummary'].splitlines()[-1].strip()}"
            for v in hasil["violations"]
            for n in v["nodes"]
        ]

    return periksa
