"""Periodic jobs without a crontab: each is a task that, when it starts, enqueues its own next
run (`run_after` the next slot), so one row per job always waits in the task table and any
worker on any machine may take it. `pastikan_jadwal` starts the chains; the worker command
(`manage.py pekerja`) calls it at start, and the rescue job calls it every few minutes, so a
chain broken by a killed worker is mended. Two chains of one job (two machines starting at
once) collapse into one: a run enqueues its next only when no other run of it is waiting.

Also here: the rescue of tasks whose worker died while running them (`pulihkan_tugas_macet`)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
import datetime
import functools
import logging

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from skp.models import BatchDokumen, StatusBatch
from skp.notifikasi import kirim_email
from skp.pengingat import kirim_pengingat
from skp.services.dokumen import (
    BATAS_DIAM,
    bangun_batch_dokumen,
    bersihkan_batch_lama,
    pulihkan_batch_macet,
)

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key: one scheduler decision at a time across every worker. (SQLite
# takes its write lock when the transaction begins: settings' transaction_mode IMMEDIATE.)
KUNCI_JADWAL = 0x534B5001
# Finished task rows are kept this long (days) for the admin's eyes, then pruned hourly; a
# failed one (a given-up email, a batch that broke) longer.
SIMPAN_HASIL_HARI = 14
SIMPAN_GAGAL_HARI = 90
JAM_PENGINGAT = 7  # WITA: reminders leave in the morning


@dataclass(frozen=True)
class Berkala:
    tugas: Task
    berikutnya: Callable[[datetime.datetime], datetime.datetime]


JADWAL: dict[str, Berkala] = {}


def setiap(menit: int) -> Callable[[datetime.datetime], datetime.datetime]:
    return lambda sekarang: sekarang + datetime.timedelta(minutes=menit)


def harian_pukul(jam: int) -> Callable[[datetime.datetime], datetime.datetime]:
    """The next `jam`:00 local time (WITA) after a moment."""

    def berikutnya(sekarang: datetime.datetime) -> datetime.datetime:
        lokal = timezone.localtime(sekarang)
        slot = lokal.replace(hour=jam, minute=0, second=0, microsecond=0)
        return slot if slot > lokal else slot + datetime.timedelta(days=1)

    return berikutnya


def berkala(berikutnya: Callable[[datetime.datetime], datetime.datetime]):
    """Make a function a periodic task: each run first enqueues the next one."""

    def bungkus(fungsi):
        @functools.wraps(fungsi)
        def jalankan():
            _jadwalkan_lagi(tugas)
            return fungsi()

        tugas = task()(jalankan)
        JADWAL[tugas.module_path] = Berkala(tugas, berikutnya)
        return tugas

    return bungkus


@contextmanager
def _kunci_jadwal() -> Iterator[None]:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [KUNCI_JADWAL])
        yield


def _antre(path: str, *status: str):
    return DBTaskResult.objects.filter(task_path=path, status__in=status)


def _jadwalkan_lagi(tugas: Task) -> None:
    berkala_ = JADWAL[tugas.module_path]
    with _kunci_jadwal():
        if _antre(tugas.module_path, TaskResultStatus.READY).exists():
            return  # another run already waits (a doubled chain): this chain ends here
        tugas.using(run_after=berkala_.berikutnya(timezone.now())).enqueue()


def pastikan_jadwal() -> list[str]:
    """Enqueue the next run of each periodic job that has none waiting or running; return
    the names of those enqueued. Safe to call from every worker at once."""
    dijadwalkan = []
    with _kunci_jadwal():
        for path, berkala_ in JADWAL.items():
            if _antre(path, TaskResultStatus.READY, TaskResultStatus.RUNNING).exists():
                continue
            berkala_.tugas.using(run_after=berkala_.berikutnya(timezone.now())).enqueue()
            dijadwalkan.append(berkala_.tugas.name)
    return dijadwalkan


class PekerjaBerhenti(Exception):
    """Recorded on a task whose worker stopped (killed, machine lost) while running it."""


def pulihkan_sekarang(sekarang: datetime.datetime | None = None) -> dict[str, int]:
    """Rescue what dead workers left: batch jobs silent for BATAS_DIAM go back to the queue
    (`pulihkan_batch_macet`); a task row still "running" after BATAS_DIAM whose work is not
    alive is marked failed, and an email or batch it carried is enqueued again (an email
    never takes that long: EMAIL_TIMEOUT bounds each step). Then the schedule is mended."""
    sekarang = sekarang or timezone.now()
    hasil = {"batch": len(pulihkan_batch_macet(sekarang)), "tugas": 0}
    with transaction.atomic():
        macet = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=sekarang - BATAS_DIAM
        )
        for baris in macet:
            kwargs = baris.args_kwargs.get("kwargs", {})
            batch = None
            if baris.task_path == bangun_batch_dokumen.module_path:
                batch = BatchDokumen.objects.filter(pk=kwargs.get("batch_id")).first()
                if batch and batch.status == StatusBatch.BERJALAN:
                    continue  # its heartbeat is fresh: the build is alive, only long
            baris.set_failed(PekerjaBerhenti(f"Pekerja {baris.worker_ids[-1:]} berhenti"))
            hasil["tugas"] += 1
            logger.warning("Tugas %s (%s) macet: ditandai gagal", baris.pk, baris.task_path)
            if baris.task_path == kirim_email.module_path:
                kirim_email.enqueue(**kwargs)
            elif (
                batch
                and batch.status == StatusBatch.ANTRI
                and not _antre(baris.task_path, TaskResultStatus.READY)
                .filter(args_kwargs__kwargs__batch_id=batch.pk)
                .exists()
            ):
                bangun_batch_dokumen.enqueue(batch_id=batch.pk)
    pastikan_jadwal()
    return hasil


@berkala(setiap(5))
def pulihkan_tugas_macet() -> dict[str, int]:
    return pulihkan_sekarang()


@berkala(setiap(60))
def bersihkan_berkas_lama() -> dict[str, int]:
    """Hourly: delete batch ZIPs older than a week, prune old finished task rows."""
    zip_dihapus = bersihkan_batch_lama()
    call_command(
        "prune_db_task_results",
        min_age_days=SIMPAN_HASIL_HARI,
        failed_min_age_days=SIMPAN_GAGAL_HARI,
        verbosity=0,
    )
    return {"zip": zip_dihapus}


@berkala(harian_pukul(JAM_PENGINGAT))
def kirim_pengingat_harian() -> dict[str, int]:
    """Every morning: remind those whose deadline is within three days (skp/pengingat.py)."""
    hasil = kirim_pengingat()
    return {"pegawai": hasil.pegawai, "validator": hasil.validator}
