"""Every action code an app writes to the audit log has a readable label on the audit page
(accounts/audit.py): a new `catat_audit("…")` without one fails here."""

from pathlib import Path
import re

from django.conf import settings

from accounts.audit import LABEL_AKSI
from skp.models import AksiSkp

_PANGGILAN = re.compile(r'catat_audit\(\s*"([^"]+)"')
_APP = ("accounts", "periode", "skp", "kpi", "beranda")


def _kode_di_kode_sumber() -> set[str]:
    kode = set()
    for app in _APP:
        for berkas in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "tests" not in berkas.parts:
                kode |= set(_PANGGILAN.findall(berkas.read_text(encoding="utf-8")))
    return kode


def test_every_audit_code_written_by_the_apps_has_a_label():
    kode = _kode_di_kode_sumber()
    assert "pegawai.ubah" in kode and "audit.ekspor" in kode  # the scan finds the calls
    assert sorted(kode - set(LABEL_AKSI)) == []


def test_every_workflow_action_has_a_label():
    # skp/services/workflow.py writes f"skp.{aksi}" for each workflow action.
    assert sorted(f"skp.{a}" for a in AksiSkp.values if f"skp.{a}" not in LABEL_AKSI) == []
