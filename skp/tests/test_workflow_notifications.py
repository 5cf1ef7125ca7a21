"""Emails after commit: submitted → the validator; returned → the pegawai with the note;
approved/ditetapkan → the pegawai. A failing mail server never blocks a transition.
Also `kirim_pengingat`."""

import io
from smtplib import SMTPException

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
import pytest

from skp.models import StatusSkp
from skp.services.workflow import ajukan_skp, kembalikan_skp, setujui_skp
from skp.tests.bantuan_workflow import CATATAN, bawa_ke

S = StatusSkp


class GagalBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise SMTPException("mail server down")


@pytest.fixture
def beremail(cast):
    for role in ("pegawai", "atasan_langsung", "atasan_penilai"):
        p = getattr(cast, role)
        p.email = f"{role}@contoh.ac.id"
        p.save(update_fields=["email"])
    return cast


def test_submission_emails_the_atasan_langsung_after_commit(
    beremail, skp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ajukan_skp(skp, oleh=beremail.pegawai)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    (pesan,) = mail.outbox
    assert pesan.to == ["atasan_langsung@contoh.ac.id"]
    assert "menunggu validasi Anda" in pesan.subject


def test_returning_emails_the_pegawai_with_the_note(
    beremail, skp, django_capture_on_commit_callbacks
):
    bawa_ke(skp, S.DIAJUKAN, beremail)
    with django_capture_on_commit_callbacks(execute=True):
        kembalikan_skp(skp, oleh=beremail.atasan_langsung, catatan=CATATAN)
    (pesan,) = mail.outbox
    assert pesan.to == ["pegawai@contoh.ac.id"]
    assert CATATAN in pesan.body


def test_approval_emails_the_pegawai_and_the_atasan_penilai(
    beremail, skp, django_capture_on_commit_callbacks
):
    bawa_ke(skp, S.DIAJUKAN, beremail)
    with django_capture_on_commit_callbacks(execute=True):
        setujui_skp(skp, oleh=beremail.atasan_langsung)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "atasan_penilai@contoh.ac.id",
        "pegawai@contoh.ac.id",
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        setujui_skp(skp, oleh=beremail.atasan_penilai)
    (pesan,) = mail.outbox
    assert pesan.to == ["pegawai@contoh.ac.id"] and "ditetapkan" in pesan.subject


def test_a_failing_mail_server_never_blocks_a_transition(
    beremail, skp, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.GagalBackend"
    with django_capture_on_commit_callbacks(execute=True):
        ajukan_skp(skp, oleh=beremail.pegawai)
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN
    assert "Gagal mengirim email" in caplog.text


def test_kirim_pengingat_reminds_late_pegawai_and_busy_validators(beremail, skp):
    bawa_ke(skp, S.DIAJUKAN, beremail)
    out = io.StringIO()
    # The cast's penyusunan closes in 3 days and validasi in 7.
    call_command("kirim_pengingat", "--hari", "7", stdout=out)
    penerima = sorted((m.to[0], m.subject.split(":")[1].split()[0]) for m in mail.outbox)
    # Only those with an email address get one. The pegawai has submitted; both atasan have
    # no SKP of their own yet, and the atasan langsung has one SKP waiting for him.
    assert penerima == [
        ("atasan_langsung@contoh.ac.id", "1"),
        ("atasan_langsung@contoh.ac.id", "ajukan"),
        ("atasan_penilai@contoh.ac.id", "ajukan"),
    ]
    assert "Pengingat:" in out.getvalue()


def test_kirim_pengingat_is_quiet_far_from_the_deadlines(beremail):
    call_command("kirim_pengingat", "--hari", "1", stdout=io.StringIO())
    assert mail.outbox == []


def test_kirim_pengingat_dry_run_sends_nothing(beremail):
    out = io.StringIO()
    call_command("kirim_pengingat", "--hari", "7", "--dry-run", stdout=out)
    assert mail.outbox == [] and "uji coba" in out.getvalue()
