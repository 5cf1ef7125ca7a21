"""Emails through the outbox: submitted → the validator; returned → the pegawai with the
note; approved/ditetapkan → the pegawai. A failing mail server never blocks a transition and
is retried. Also `kirim_pengingat`."""

import datetime
import io
from smtplib import SMTPException

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
import pytest

from skp.models import AntreanEmail, StatusSkp
from skp.notifikasi import JEDA_PERCOBAAN, kirim_antrean, tautan
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


def test_submission_queues_an_email_that_the_worker_sends_to_the_atasan_langsung(beremail, skp):
    ajukan_skp(skp, oleh=beremail.pegawai)
    assert mail.outbox == []  # the request never talks to the mail server
    assert AntreanEmail.objects.filter(terkirim_pada__isnull=True).count() == 1
    assert kirim_antrean() == 1
    (pesan,) = mail.outbox
    assert pesan.to == ["atasan_langsung@contoh.ac.id"]
    assert "menunggu validasi Anda" in pesan.subject
    assert kirim_antrean() == 0 and len(mail.outbox) == 1  # sent once


def test_a_transition_that_rolls_back_queues_nothing(beremail, skp):
    with pytest.raises(RuntimeError), transaction.atomic():
        ajukan_skp(skp, oleh=beremail.pegawai)
        raise RuntimeError("the request fails after the service")
    assert not AntreanEmail.objects.exists()
    assert kirim_antrean() == 0 and mail.outbox == []


def test_returning_emails_the_pegawai_with_the_note(beremail, skp):
    bawa_ke(skp, S.DIAJUKAN, beremail)
    kirim_antrean()
    mail.outbox.clear()
    kembalikan_skp(skp, oleh=beremail.atasan_langsung, catatan=CATATAN)
    kirim_antrean()
    (pesan,) = mail.outbox
    assert pesan.to == ["pegawai@contoh.ac.id"]
    assert CATATAN in pesan.body


def test_approval_emails_the_pegawai_and_the_atasan_penilai(beremail, skp):
    bawa_ke(skp, S.DIAJUKAN, beremail)
    kirim_antrean()
    mail.outbox.clear()
    setujui_skp(skp, oleh=beremail.atasan_langsung)
    kirim_antrean()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "atasan_penilai@contoh.ac.id",
        "pegawai@contoh.ac.id",
    ]
    mail.outbox.clear()
    setujui_skp(skp, oleh=beremail.atasan_penilai)
    kirim_antrean()
    (pesan,) = mail.outbox
    assert pesan.to == ["pegawai@contoh.ac.id"] and "ditetapkan" in pesan.subject


def test_a_failing_mail_server_never_blocks_a_transition_and_is_retried(
    beremail, skp, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.GagalBackend"
    ajukan_skp(skp, oleh=beremail.pegawai)
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN
    sekarang = timezone.now()
    assert kirim_antrean(sekarang=sekarang) == 1
    antrean = AntreanEmail.objects.get()
    assert antrean.terkirim_pada is None and antrean.percobaan == 1
    assert "mail server down" in antrean.galat and "Gagal mengirim email" in caplog.text
    assert kirim_antrean(sekarang=sekarang) == 0  # not before its pause is over

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert kirim_antrean(sekarang=sekarang + datetime.timedelta(minutes=2)) == 1
    antrean.refresh_from_db()
    assert antrean.terkirim_pada is not None and len(mail.outbox) == 1


def test_an_email_that_keeps_failing_is_given_up_and_logged(beremail, skp, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.GagalBackend"
    ajukan_skp(skp, oleh=beremail.pegawai)
    kapan = timezone.now()
    for _ in range(len(JEDA_PERCOBAAN) + 1):
        assert kirim_antrean(sekarang=kapan) == 1
        kapan += datetime.timedelta(days=1)
    antrean = AntreanEmail.objects.get()
    assert antrean.menyerah and antrean.terkirim_pada is None
    assert "menyerah" in caplog.text
    assert kirim_antrean(sekarang=kapan) == 0


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


def test_one_failure_ends_the_round_instead_of_waiting_on_every_email(beremail, skp, settings):
    settings.EMAIL_BACKEND = f"{__name__}.GagalBackend"
    ajukan_skp(skp, oleh=beremail.pegawai)
    kembalikan_skp(skp, oleh=beremail.atasan_langsung, catatan=CATATAN)
    assert kirim_antrean() == 1  # the server failed once: the second email waits
    assert AntreanEmail.objects.filter(percobaan=0).count() == 1


def test_the_worker_sends_the_queue(beremail, skp):
    ajukan_skp(skp, oleh=beremail.pegawai)
    out = io.StringIO()
    call_command("proses_batch", "--once", stdout=out)
    assert "1 email alur kerja diproses." in out.getvalue()
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
    kirim_antrean(sekarang=timezone.now() + datetime.timedelta(minutes=5))
    [surat] = [m for m in mail.outbox if "dikembalikan" in m.subject]
    assert "M.Cs.." not in surat.body and "oleh Atasan Langsung, S.Kom., M.Cs.\n" in surat.body
    assert f"/skp/{skp.pk}/\n" in surat.body and "/tinjau/" not in surat.body
