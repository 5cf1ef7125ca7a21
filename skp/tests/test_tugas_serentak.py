"""Two workers on one queue (PostgreSQL, real threads, each with its own connection, as two
machines would be): every task runs exactly once, emails and a batch ZIP alike; and the worker
sees a committed change's task at once and a rolled-back one's never."""

import threading

from django.core import mail
from django.db import connection, transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
import pytest

from skp.models import BatchDokumen, StatusBatch
from skp.notifikasi import antrekan_pesan
from skp.services.dokumen import minta_batch_dokumen
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
