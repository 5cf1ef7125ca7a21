from django.core.management.base import BaseCommand

from skp.pengingat import kirim_pengingat


class Command(BaseCommand):
    help = (
        "Ingatkan sekarang pegawai yang belum mengajukan SKP menjelang penyusunan ditutup, "
        "dan validator yang masih punya SKP menunggu menjelang validasi ditutup. Pekerja "
        "(manage.py pekerja) sudah melakukannya setiap pagi; perintah ini untuk melihat "
        "daftarnya (--dry-run) atau mengirim di luar jadwal. Email dikirim oleh pekerja."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hari", type=int, default=3, help="Kirim bila batas tinggal sebanyak ini (hari)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Tampilkan saja, jangan kirim.")

    def handle(self, *args, hari: int, dry_run: bool, **options):
        hasil = kirim_pengingat(hari=hari, kirim_email=not dry_run)
        for baris in hasil.catatan:
            self.stdout.write(baris)
        self.stdout.write(
            self.style.SUCCESS(
                f"Pengingat: {hasil.pegawai} pegawai, {hasil.validator} validator"
                f"{' (uji coba, tidak dikirim)' if dry_run else ''}."
            )
        )
