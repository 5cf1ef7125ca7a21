import csv

from django.core.management.base import BaseCommand, CommandError

from periode.models import Periode
from skp.rekap import KOLOM_CSV, susun_rekap


class Command(BaseCommand):
    help = (
        "Cetak rekap SKP satu periode: satu baris per pegawai Aktif yang wajib menyusun SKP, "
        "dengan status belum_ada, draf, diajukan, dikembalikan, disetujui_atasan_langsung "
        "atau ditetapkan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--periode", type=int, required=True, help="Tahun periode, mis. 2022.")
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args, periode: int, **options):
        obj = Periode.objects.filter(tahun=periode).first()
        if obj is None:
            raise CommandError(f"Periode {periode} tidak ada.")
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(KOLOM_CSV)
        for baris in susun_rekap(obj).baris:
            writer.writerow(baris.as_csv())
