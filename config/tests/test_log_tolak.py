"""A refused action is logged as one line: the 403 warning keeps its path, not a traceback."""

import logging
import sys

from django.urls import reverse
import pytest

from skp.services.workflow import ajukan_skp
from skp.tests.bantuan_workflow import skp_siap

pytestmark = pytest.mark.django_db


def test_a_403_is_one_warning_line_without_a_traceback(client, cast, caplog):
    skp = skp_siap(cast.pegawai, cast.periode)
    ajukan_skp(skp, oleh=cast.pegawai)
    client.force_login(cast.pegawai)  # the owner trying the validator's button
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.post(reverse("skp:setujui", args=[skp.pk])).status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage().startswith("Forbidden (Permission denied): /skp/")
    assert record.exc_info is None and "Traceback" not in caplog.text


def test_a_real_fault_keeps_its_traceback(caplog):
    from config.logging import TolakTanpaJejak

    try:
        raise ValueError("rusak")
    except ValueError:
        rec = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), sys.exc_info())
    rec.status_code = 500
    assert TolakTanpaJejak().filter(rec) and rec.exc_info is not None
