"""Emails as tasks: submitted → the validator; returned → the pegawai with the note;
approved/ditetapkan → the pegawai. The task is enqueued in the transition's transaction (none
for a rolled-back one) and sent by the worker; a failing mail server never blocks a transition
and is retried with growing pauses. Also the reminders (`kirim_pengingat`)."""

import datetime
import io
from smtplib import SMTPException

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
import pytest
import time_machine

from skp.models import StatusSkp
from skp.notifikasi import JEDA_PERCOBAAN, tautan
from skp.services.workflow import ajukan_skp, kembalikan_skp, setujui_skp
from skp.tests.bantuan_tugas import email_menunggu, jalankan_pekerja
from skp.tests.bantuan_workflow import CATATAN, bawa_ke

S = StatusSkp


class GagalBackend(BaseEmailBackend):
    dicoba = 0

    def send_messages(self, messages):
        GagalBackend.dicoba += 1
        raise SMTPException("mail server down")


@pytest.fixture(autouse=True)
def server_surat_pulih():
    """Each test starts with a mail server this worker has not seen fail."""
    from skp import notifikasi

    GagalBackend.dicoba = 0
    notifikasi._server_surat["jeda_sampai"] = None
    yield
    notifikasi._server_surat["jeda_sampai"] = None


@pytest.fixture
def beremail(cast):
    for role in ("pegawai", "atasan_langsung", "atasan_penilai"):
        p = getattr(cast, role)
        p.email = f"{role}@contoh.ac.id"
        p.save(update_fields=["email"])
    return cast


def test_submission_enqueues_an_email_that_the_worker_sends_to_the_atasan_langsung(beremail, skp):
    ajukan_skp(skp, oleh=beremail.pegawai)
    assert mail.outbox == []  # the request never talks to the mail server
    assert email_menunggu().count() == 1
    assert jalankan_pekerja() == 1
    (pesan,) = mail.outbox
    assert pesan.to == ["atasan_langsung@contoh.ac.id"]
    assert "menunggu validasi Anda" in pesan.subject
    assert jalankan_pekerja() == 0 and len(mail.outbox) == 1  # sent once
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_transition_that_rolls_back_enqueues_nothing(beremail, skp):
    with pytest.raises(RuntimeError), transaction.atomic():
        ajukan_skp(skp, oleh=beremail.pegawai)
        raise RuntimeError("the request fails after the service")
    assert not DBTaskResult.objects.exists()
    assert jalankan_pekerja() == 0 and mail.outbox == []


def test_returning_emails_the_pegawai_with_the_note(beremail, skp):
    bawa_ke(skp, S.DIAJUKAN, beremail)
    jalankan_pekerja()
    mail.outbox.clear()
    kembalikan_skp(skp, oleh=beremail.atasan_langsung, catatan=CATATAN)
    jalankan_pekerja()
    (pesan,) = mail.outbox
    assert pesan.to == ["pegawai@contoh.ac.id"]
    assert CATATAN in pesan.body


def test_approval_emails_the_pegawai_and_the_atasan_penilai(beremail, skp):
    bawa_ke(skp, S.DIAJUKAN, beremail)
    jalankan_pekerja()
    mail.outbox.clear()
    setujui_skp(skp, oleh=beremail.atasan_langsung)
    jalankan_pekerja()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "atasan_penilai@contoh.ac.id",
        "pegawai@contoh.ac.id",
    ]
    mail.outbox.clear()
    setujui_skp(skp, oleh=beremail.atasan_penilai)
    jalankan_pekerja()
    (pesan,) = mail.outbox
    assert pesan.to == ["pegawai@contoh.ac.id"] and "ditetapkan" in pesan.subject


def test_a_failing_mail_server_never_blocks_a_transition_and_is_retried_after_a_pause(
    beremail, skp, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.GagalBackend"
    ajukan_skp(skp, oleh=beremail.pegawai)
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN
    mulai = timezone.now()
    assert jalankan_pekerja() == 1
    gagal = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert "mail server down" in gagal.traceback and "Gagal mengirim email" in caplog.text
    (ulang,) = email_menunggu()
    assert ulang.args_kwargs["kwargs"]["percobaan"] == 2
    assert ulang.run_after >= mulai + JEDA_PERCOBAAN[0]
    assert jalankan_pekerja() == 0  # not before its pause is over

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(mulai + datetime.timedelta(minutes=2)):
        assert jalankan_pekerja() == 1
    ulang.refresh_from_db()
    assert ulang.status == TaskResultStatus.SUCCESSFUL and len(mail.outbox) == 1


def test_the_pauses_grow_and_an_email_that_keeps_failing_is_given_up_and_logged(
    beremail, skp, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.GagalBackend"
    ajukan_skp(skp, oleh=beremail.pegawai)
    jeda = []
    kapan = timezone.now()
    for _ in range(len(JEDA_PERCOBAAN) + 1):
        with time_machine.travel(kapan):
            assert jalankan_pekerja() == 1
        ulang = email_menunggu().first()
        if ulang is None:
            break
        jeda.append(round((ulang.run_after - kapan).total_seconds() / 60))
        kapan = ulang.run_after + datetime.timedelta(seconds=1)
    assert jeda == [1, 5, 15, 60, 180, 360]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 7
    assert not email_menunggu().exists() and "menyerah" in caplog.text
    assert GagalBackend.dicoba == 7 and mail.outbox == []


def test_kirim_pengingat_reminds_late_pegawai_and_busy_validators(beremail, skp):
    bawa_ke(skp, S.DIAJUKAN, beremail)
    jalankan_pekerja()
    mail.outbox.clear()
    out = io.StringIO()
    # The cast's penyusunan closes in 3 days and validasi in 7.
    call_command("kirim_pengingat", "--hari", "7", stdout=out)
    assert mail.outbox == [] and email_menunggu().count() == 3  # the worker sends them
    jalankan_pekerja()
    penerima = sorted((m.to[0], m.subject.split(":")[1].split()[0]) for m in mail.outbox)
    # Only those with an email address get one. The pegawai has submitted; both atasan have
    # no SKP of their own yet, and the atasan langsung has one SKP waiting for him.
    assert penerima == [
        ("atasan_langsung@contoh.ac.id", "1"),
        ("atasan_langsung@contoh.ac.id", "ajukan"),
        ("atasan_penilai@contoh.ac.id", "ajukan"),
    ]
    assert "Pengingat:" in out.getvalue()
    assert all("http://" in m.body for m in mail.outbox)  # links that open from a mail client


def test_kirim_pengingat_is_quiet_far_from_the_deadlines(beremail):
    call_command("kirim_pengingat", "--hari", "1", stdout=io.StringIO())
    assert not email_menunggu().exists()


def test_kirim_pengingat_dry_run_sends_nothing(beremail):
    out = io.StringIO()
    call_command("kirim_pengingat", "--hari", "7", "--dry-run", stdout=out)
    assert not email_menunggu().exists() and "uji coba" in out.getvalue()


def test_one_failure_pauses_the_mail_server_instead_of_waiting_on_every_email(
    beremail, skp, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.GagalBackend"
    ajukan_skp(skp, oleh=beremail.pegawai)
    kembalikan_skp(skp, oleh=beremail.atasan_langsung, catatan=CATATAN)
    assert jalankan_pekerja() == 2
    # The server failed once: the second email was not tried, it waits for the same pause.
    assert GagalBackend.dicoba == 1
    percobaan = sorted(t.args_kwargs["kwargs"]["percobaan"] for t in email_menunggu())
    assert percobaan == [1, 2]


def test_the_worker_command_sends_the_queue_and_starts_the_periodic_jobs(
    beremail, skp, monkeypatch
):
    # As in bantuan_tugas: keep the test's connection open and pytest's signal handlers.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(db_worker.Worker, "configure_signals", lambda self: None)
    ajukan_skp(skp, oleh=beremail.pegawai)
    out = io.StringIO()
    call_command("pekerja", "--batch", "--no-startup-delay", "--no-reload", stdout=out)
    assert "Tugas berkala dijadwalkan" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["atasan_langsung@contoh.ac.id"]]


def test_an_email_links_to_the_site_address_the_prints_carry(settings):
    settings.SKP_ALAMAT_SITUS = "https://skp.undiksha.ac.id/"
    assert tautan("/skp/5/tinjau/") == "https://skp.undiksha.ac.id/skp/5/tinjau/"


def test_the_return_email_opens_the_editor_and_ends_a_degree_with_one_period(cast, skp):
    cast.atasan_langsung.gelar_belakang = "S.Kom., M.Cs."
    cast.atasan_langsung.save(update_fields=["gelar_belakang"])
    cast.pegawai.email = "pegawai@undiksha.example"
    cast.pegawai.save(update_fields=["email"])
    bawa_ke(skp, StatusSkp.DIKEMBALIKAN, cast)
    jalankan_pekerja()
    [surat] = [m for m in mail.outbox if "dikembalikan" in m.subject]
    assert "M.Cs.." not in surat.body and "oleh Atasan Langsung, S.Kom., M.Cs.\n" in surat.body
    assert f"/skp/{skp.pk}/\n" in surat.body and "/tinjau/" not in surat.body
