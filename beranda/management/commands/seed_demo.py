from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kpi import demo as kpi_demo
from penugasan import demo as penugasan_demo
from periode import demo as orang_demo
from skp import demo as skp_demo
from skp import demo_6_2022, demo_workflow


class Command(BaseCommand):
    help = "Muat institusi demo (UPT TIK Undiksha). Aman dijalankan berulang kali."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Jalankan walaupun DJANGO_DEBUG tidak aktif."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo menambahkan akun demo dengan kata sandi umum; hanya dijalankan bila "
                "DJANGO_DEBUG aktif. Tambahkan --force bila Anda yakin."
            )
        periode = skp_demo.load_periode()
        people = orang_demo.load_people(periode)
        demo_6_2022.load_preset()
        skp_demo.load_skp_demo(periode, people)
        # Workflow states first: the matriks then leaves submitted SKPs alone, as it would.
        demo_workflow.load_workflow(periode)
        kpi_demo.load_demo(periode, people)
        # The drafts (the matriks started some) get their expectations and Lampiran last.
        demo_6_2022.lengkapi_periode(periode[-1])
        # The circular's panitia as penugasan, routed as the app routes them (DOMAIN.md §10).
        penugasan_demo.load_demo(periode[-1])
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo siap: {len(people)} pegawai, periode "
                f"{', '.join(str(p.tahun) for p in periode)}. Kata sandi semua akun: "
                f"{orang_demo.DEMO_PASSWORD}"
            )
        )
