from pathlib import Path

from django.core.management.base import BaseCommand

from periode.management.commands.import_roster import periode_dari_opsi
from periode.roster import ekspor_roster


class Command(BaseCommand):
    help = "Ekspor daftar pegawai ke .xlsx dengan kolom yang sama dengan impor."

    def add_arguments(self, parser):
        parser.add_argument("path", help="file .xlsx tujuan")
        parser.add_argument(
            "--periode", type=int, help="tahun periode supervisi (default: berjalan)"
        )

    def handle(self, path: str, periode: int | None = None, **options):
        objek_periode = periode_dari_opsi(periode)
        with Path(path).open("wb") as tujuan:
            ekspor_roster(tujuan, periode=objek_periode)
        self.stdout.write(
            self.style.SUCCESS(f"Daftar pegawai periode {objek_periode.tahun} ditulis ke {path}.")
        )
