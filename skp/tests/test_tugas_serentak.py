"""Two workers on one queue (PostgreSQL, real threads, each with its own connection, as two
machines would be): every task runs exactly once, emails and a batch ZIP alike; the worker
sees a committed change's task at once and a rolled-back one's never; and the drill of a
worker process killed (SIGKILL) in the middle of a batch."""

import datetime
import os
from pathlib import Path
import signal
import subprocess
import sys
import threading
import time

from django.core import mail
from django.db import connection, transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
import pytest

from accounts.tests.factories import buat_pegawai
from periode.services import tetapkan_supervisi
from skp.jadwal import pulihkan_sekarang
from skp.models import BatchDokumen, StatusBatch
from skp.notifikasi import antrekan_pesan
from skp.services.dokumen import BATAS_DIAM, minta_batch_dokumen
from skp.services.workflow import ajukan_skp
from skp.tests.bantuan_tugas import jalankan_pekerja
from skp.tests.cetak_data import buat_skp_staf, buat_upt

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def dua_pekerja() -> list[int]:
    """Run two workers at once until the queue is empty; return how many tasks each ran."""
    mulai = threading.Barrier(2)
    dijalankan = [0, 0]

    def pekerja(i):
        try:
            mulai.wait()
            dijalankan[i] = jalankan_pekerja(worker_id=f"pekerja-{i}")
        finally:
            connection.close()

    threads = [threading.Thread(target=pekerja, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return dijalankan


def test_two_workers_share_the_queue_and_never_run_one_task_twice(
    cast, periode, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    cast.pegawai.email = "pegawai@contoh.ac.id"
    cast.pegawai.save(update_fields=["email"])
    _, _, divisi, _, _, kepala_divisi = buat_upt(periode)
    buat_skp_staf(kepala_divisi, periode, 2)
    batch = minta_batch_dokumen(oleh=kepala_divisi, unit=divisi, periode=periode)
    for n in range(40):
        antrekan_pesan(cast.pegawai, f"Pesan {n}", "Isi")

    dijalankan = dua_pekerja()

    assert sum(dijalankan) == 41 and all(dijalankan), dijalankan  # both took part
    assert sorted(m.subject for m in mail.outbox) == sorted(f"Pesan {n}" for n in range(40))
    hasil = DBTaskResult.objects.all()
    assert {h.status for h in hasil} == {TaskResultStatus.SUCCESSFUL}
    assert all(len(h.worker_ids) == 1 for h in hasil)  # each claimed once, by one worker
    batch.refresh_from_db()
    assert batch.status == StatusBatch.SELESAI and batch.berkas
    assert BatchDokumen.objects.count() == 1


def test_a_committed_transition_email_reaches_the_worker_and_a_rolled_back_one_never(cast, skp):
    cast.atasan_langsung.email = "atasan@contoh.ac.id"
    cast.atasan_langsung.save(update_fields=["email"])
    with pytest.raises(RuntimeError), transaction.atomic():
        ajukan_skp(skp, oleh=cast.pegawai)
        raise RuntimeError("the request fails after the service")
    assert dua_pekerja() == [0, 0] and mail.outbox == []

    ajukan_skp(skp, oleh=cast.pegawai)  # committed (autocommit outside the test's atomic)
    assert sum(dua_pekerja()) == 1
    assert [m.to for m in mail.outbox] == [["atasan@contoh.ac.id"]]


def test_a_worker_killed_mid_batch_leaves_the_job_to_the_rescue_which_builds_it_whole(
    periode, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _, _, divisi, _, kepala_upt, kepala_divisi = buat_upt(periode)
    for n in range(8):
        staf = buat_pegawai(f"Staf Data {n}", unit_kerja=divisi)
        tetapkan_supervisi(staf, periode, atasan_langsung=kepala_divisi, atasan_penilai=kepala_upt)
        buat_skp_staf(staf, periode, 3)
    batch = minta_batch_dokumen(oleh=kepala_divisi, unit=divisi, periode=periode)
    akar = Path(__file__).resolve().parents[2]
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
    }
    pekerja = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=akar,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        batas = time.monotonic() + 90
        while time.monotonic() < batas:
            batch.refresh_from_db()
            if batch.jumlah_selesai >= 1:
                break
            time.sleep(0.05)
        pekerja.send_signal(signal.SIGKILL)  # the machine is gone, mid-batch
        pekerja.wait(10)
    finally:
        if pekerja.poll() is None:
            pekerja.kill()
    batch.refresh_from_db()
    assert batch.status == StatusBatch.BERJALAN and 1 <= batch.jumlah_selesai < 8
    (tugas,) = DBTaskResult.objects.all()
    assert tugas.status == TaskResultStatus.RUNNING  # the dead worker's claim stays
    assert pulihkan_sekarang() == {"batch": 0, "tugas": 0}  # not before BATAS_DIAM

    nanti = batch.diperbarui + BATAS_DIAM + datetime.timedelta(seconds=1)
    assert pulihkan_sekarang(nanti) == {"batch": 1, "tugas": 1}
    assert sum(dua_pekerja()) == 1
    batch.refresh_from_db()
    assert batch.status == StatusBatch.SELESAI and batch.jumlah_selesai == batch.jumlah_total == 8
    assert batch.isi.count() == 8 and batch.berkas
