"""Periodic jobs without a crontab (skp/jadwal.py): the worker starts one chain per job, each
run enqueues the next slot, doubled chains collapse; and the rescue of work that a killed
worker left "running": a batch mid-build, an email mid-send."""

import datetime
import zoneinfo

from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
import pytest
import time_machine

from accounts.tests.factories import buat_pegawai
from periode.services import tetapkan_supervisi
from skp.jadwal import (
    JADWAL,
    bersihkan_berkas_lama,
    harian_pukul,
    kirim_pengingat_harian,
    pastikan_jadwal,
    pulihkan_sekarang,
    pulihkan_tugas_macet,
)
from skp.models import BatchDokumen, StatusBatch
from skp.services.dokumen import BATAS_DIAM, bangun_batch_dokumen, minta_batch_dokumen
from skp.services.workflow import ajukan_skp
from skp.tests.bantuan_tugas import email_menunggu, jalankan_pekerja
from skp.tests.cetak_data import buat_skp_staf, buat_upt

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
R = TaskResultStatus


def _menunggu(tugas):
    return DBTaskResult.objects.filter(task_path=tugas.module_path, status=R.READY)


def _mati_di_tengah(hasil, sejak: datetime.timedelta):
    """What a worker killed (kill -9) while running a task leaves: the row "running"."""
    baris = hasil.db_result
    baris.status = R.RUNNING
    baris.started_at = timezone.now() - sejak
    baris.worker_ids = ["pekerja-mati"]
    baris.save()
    return baris


def test_the_worker_start_enqueues_each_periodic_job_once(db):
    assert sorted(pastikan_jadwal()) == sorted(b.tugas.name for b in JADWAL.values())
    assert pastikan_jadwal() == []  # a second worker, or a restart: nothing doubled
    for berkala in JADWAL.values():
        assert _menunggu(berkala.tugas).count() == 1
    assert jalankan_pekerja() == 0  # none is due yet


def test_the_reminder_runs_at_seven_wita_and_its_run_enqueues_the_next_morning(db):
    pukul_tujuh = harian_pukul(7)
    siang = datetime.datetime(2026, 5, 25, 9, 30, tzinfo=WITA)
    assert pukul_tujuh(siang) == datetime.datetime(2026, 5, 26, 7, 0, tzinfo=WITA)
    subuh = datetime.datetime(2026, 5, 25, 6, 59, tzinfo=WITA)
    assert pukul_tujuh(subuh) == datetime.datetime(2026, 5, 25, 7, 0, tzinfo=WITA)

    kirim_pengingat_harian.enqueue()
    with time_machine.travel(siang):
        assert jalankan_pekerja() == 1
    (berikut,) = _menunggu(kirim_pengingat_harian)
    assert berikut.run_after == datetime.datetime(2026, 5, 26, 7, 0, tzinfo=WITA)


def test_two_chains_of_one_job_collapse_into_one(db):
    pastikan_jadwal()
    pulihkan_tugas_macet.enqueue()  # a second chain, as two machines starting at once
    assert _menunggu(pulihkan_tugas_macet).count() == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        jalankan_pekerja()
    assert _menunggu(pulihkan_tugas_macet).count() == 1


def test_the_daily_reminder_task_enqueues_the_reminder_emails_the_worker_sends(cast, skp):
    for peran in ("pegawai", "atasan_langsung"):
        orang = getattr(cast, peran)
        orang.email = f"{peran}@contoh.ac.id"
        orang.save(update_fields=["email"])
    kirim_pengingat_harian.enqueue()
    jalankan_pekerja()  # the cast's penyusunan closes in 3 days; neither has submitted
    assert sorted(m.to[0] for m in mail.outbox) == [
        "atasan_langsung@contoh.ac.id",
        "pegawai@contoh.ac.id",
    ]
    assert all(m.subject.startswith("Pengingat: ajukan SKP") for m in mail.outbox)


def test_a_batch_whose_worker_was_killed_mid_build_is_built_again(periode, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _, _, divisi, _, kepala_upt, kepala_divisi = buat_upt(periode)
    staf = buat_pegawai("Staf Data", unit_kerja=divisi)
    tetapkan_supervisi(staf, periode, atasan_langsung=kepala_divisi, atasan_penilai=kepala_upt)
    buat_skp_staf(staf, periode, 1)
    batch = minta_batch_dokumen(oleh=kepala_divisi, unit=divisi, periode=periode)
    (tugas,) = _menunggu(bangun_batch_dokumen)
    # The worker claimed the job, wrote one PDF and was killed: nothing touched it since.
    _mati_di_tengah(tugas.task_result, sejak=BATAS_DIAM * 2)
    lama = timezone.now() - BATAS_DIAM * 2
    BatchDokumen.objects.filter(pk=batch.pk).update(
        status=StatusBatch.BERJALAN, mulai=lama, diperbarui=lama, jumlah_selesai=1
    )
    assert jalankan_pekerja() == 0  # nothing is due: the job hangs on the dead worker

    assert pulihkan_sekarang() == {"batch": 1, "tugas": 1}
    tugas.refresh_from_db()
    assert tugas.status == R.FAILED and "PekerjaBerhenti" in tugas.exception_class_path
    assert _menunggu(bangun_batch_dokumen).count() == 1  # one new task, not two
    jalankan_pekerja()
    batch.refresh_from_db()
    assert batch.status == StatusBatch.SELESAI and batch.berkas
    assert batch.jumlah_selesai == batch.jumlah_total == 1


def test_a_long_batch_that_is_still_alive_is_left_alone(periode):
    _, _, divisi, _, _, kepala_divisi = buat_upt(periode)
    buat_skp_staf(kepala_divisi, periode, 1)
    batch = minta_batch_dokumen(oleh=kepala_divisi, unit=divisi, periode=periode)
    (tugas,) = _menunggu(bangun_batch_dokumen)
    _mati_di_tengah(tugas.task_result, sejak=BATAS_DIAM * 3)  # started long ago…
    BatchDokumen.objects.filter(pk=batch.pk).update(
        status=StatusBatch.BERJALAN,
        diperbarui=timezone.now(),  # …and wrote a PDF just now
    )
    assert pulihkan_sekarang() == {"batch": 0, "tugas": 0}
    tugas.refresh_from_db()
    assert tugas.status == R.RUNNING and not _menunggu(bangun_batch_dokumen).exists()


def test_an_email_whose_worker_was_killed_mid_send_is_sent_again(cast, skp):
    cast.atasan_langsung.email = "atasan@contoh.ac.id"
    cast.atasan_langsung.save(update_fields=["email"])
    ajukan_skp(skp, oleh=cast.pegawai)
    (tugas,) = email_menunggu()
    baris = _mati_di_tengah(tugas.task_result, sejak=datetime.timedelta(minutes=2))
    assert pulihkan_sekarang()["tugas"] == 0  # two minutes: it may still be sending
    baris.started_at = timezone.now() - BATAS_DIAM - datetime.timedelta(seconds=1)
    baris.save()
    assert pulihkan_sekarang()["tugas"] == 1
    jalankan_pekerja()
    assert [m.to for m in mail.outbox] == [["atasan@contoh.ac.id"]]


def test_the_hourly_cleanup_prunes_old_finished_tasks_and_keeps_failed_ones_longer(db):
    lama = timezone.now() - datetime.timedelta(days=20)
    for status in (R.SUCCESSFUL, R.FAILED):
        hasil = pulihkan_tugas_macet.enqueue()
        DBTaskResult.objects.filter(pk=hasil.id).update(status=status, finished_at=lama)
    bersihkan_berkas_lama.enqueue()
    jalankan_pekerja()
    sisa = DBTaskResult.objects.filter(finished_at=lama)
    assert list(sisa.values_list("status", flat=True)) == [R.FAILED]
    (jalan,) = DBTaskResult.objects.filter(
        task_path=bersihkan_berkas_lama.module_path, status=R.SUCCESSFUL
    )
    assert jalan.return_value == {"zip": 0}
    assert _menunggu(bersihkan_berkas_lama).count() == 1  # and the next hour is enqueued


@pytest.mark.parametrize("berkala", list(JADWAL.values()), ids=lambda b: b.tugas.name)
def test_every_periodic_job_has_a_next_slot_in_the_future(berkala):
    sekarang = timezone.now()
    assert sekarang < berkala.berikutnya(sekarang) <= sekarang + datetime.timedelta(days=1)
