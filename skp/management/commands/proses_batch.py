"""The background worker: unit batches of Form SKP PDFs (and, hourly, deleting ZIPs older than
a week), and the queued workflow emails.
Run one next to the web server:

python manage.py proses_batch            # polls the queue until stopped
python manage.py proses_batch --once     # builds what is queued, then exits (tests, cron)
"""

import time

from django.core.management.base import BaseCommand

from skp.notifikasi import kirim_antrean
from skp.services.dokumen import bersihkan_batch_lama, proses_satu_batch

BERSIH_SETIAP = 3600  # seconds between cleanups of old batch ZIPs


class Command(BaseCommand):
    help = "Pekerja latar belakang: ZIP dokumen SKP per unit dan email alur kerja."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Proses antrean lalu berhenti.")
        parser.add_argument(
            "--jeda", type=float, default=2.0, help="Detik menunggu bila antrean kosong."
        )

    def handle(self, *args, once: bool = False, jeda: float = 2.0, **options):
        terakhir_bersih: float | None = None
        while True:
            if terakhir_bersih is None or time.monotonic() - terakhir_bersih >= BERSIH_SETIAP:
                terakhir_bersih = time.monotonic()
                dihapus = bersihkan_batch_lama()
                if dihapus:
                    self.stdout.write(f"{dihapus} ZIP batch lama dihapus.")
            email = kirim_antrean()
            if email:
                self.stdout.write(f"{email} email alur kerja diproses.")
            batch = proses_satu_batch()
            if batch is not None:
                self.stdout.write(
                    f"Batch {batch.pk} ({batch.unit_kerja}, {batch.periode.tahun}): "
                    f"{batch.get_status_display()}, {batch.jumlah_selesai} dokumen."
                )
                continue
            if once:
                return
            if not email:
                time.sleep(jeda)
