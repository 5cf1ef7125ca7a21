"""The background worker: django-tasks-db's `db_worker` (it runs the tasks: workflow emails,
unit batch ZIPs, and the periodic jobs) after making sure each periodic job has its next run
enqueued (skp/jadwal.py). Every option of db_worker applies:

python manage.py pekerja                      # runs tasks until stopped (SIGTERM waits for the task)
python manage.py pekerja --batch              # runs what is due, then exits (tests, drills)

Run as many as needed, on as many machines: a task is claimed with SKIP LOCKED, never twice.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from skp.jadwal import pastikan_jadwal


class Command(DbWorker):
    help = (
        "Pekerja latar belakang: email alur kerja, ZIP dokumen SKP per unit, pengingat harian "
        "dan pembersihan berkala (Tasks API Django, antrean di basis data)."
    )

    def handle(self, *args, **options):
        dijadwalkan = pastikan_jadwal()
        if dijadwalkan:
            self.stdout.write(f"Tugas berkala dijadwalkan: {', '.join(dijadwalkan)}.")
        return super().handle(*args, **options)
