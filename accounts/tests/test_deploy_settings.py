"""Production settings, from the environment alone, pass Django's deployment checklist."""

import os
from pathlib import Path
import subprocess
import sys

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x" * 20 + "-production-secret-with-enough-entropy-1234567890",
        DJANGO_ALLOWED_HOSTS="skp.undiksha.ac.id",
        DJANGO_BEHIND_PROXY="true",
        SKP_ALAMAT_SITUS="https://skp.undiksha.ac.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_while_prints_would_carry_the_demo_address():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY="x" * 20 + "-production-secret-with-enough-entropy-1234567890",
        DJANGO_ALLOWED_HOSTS="skp.undiksha.ac.id",
        DJANGO_BEHIND_PROXY="true",
        SKP_ALAMAT_SITUS="",
    )
    assert "skp.W001" in result.stdout + result.stderr
    assert "SKP_ALAMAT_SITUS" in result.stdout + result.stderr


def test_debug_off_without_secret_key_refuses_to_start():
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY wajib diisi" in result.stderr
