"""Running the task worker inside a test: the library's own worker loop (django-tasks-db's
db_worker), in batch mode, on the test's database connection."""

from types import SimpleNamespace
from unittest import mock

from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from skp.notifikasi import kirim_email


def jalankan_pekerja(worker_id: str = "pekerja-uji") -> int:
    """Run every task that is due now, as `manage.py pekerja --batch` would; return how many
    ran. (Built as the command builds it, without its signal handlers.)"""
    pekerja = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    if connection.in_atomic_block:
        # Inside the test's transaction: the loop's check for expired connections would
        # close the one connection that sees the test's rows (it is not in autocommit).
        with mock.patch.object(db_worker, "close_old_connections", lambda: None):
            pekerja.run()
    else:
        pekerja.run()
    return pekerja._run_tasks


def email_menunggu(**kwargs):
    """The email tasks waiting (due now or later), optionally those whose kwargs match."""
    antre = DBTaskResult.objects.filter(
        task_path=kirim_email.module_path, status=TaskResultStatus.READY
    )
    for kunci, nilai in kwargs.items():
        antre = antre.filter(**{f"args_kwargs__kwargs__{kunci}": nilai})
    return antre


def pesan_menunggu(penerima) -> list[SimpleNamespace]:
    """The messages waiting for one pegawai, each with its `subjek` and `isi`."""
    return [
        SimpleNamespace(**t.args_kwargs["kwargs"])
        for t in email_menunggu(penerima_id=penerima.pk).order_by("enqueued_at")
    ]
