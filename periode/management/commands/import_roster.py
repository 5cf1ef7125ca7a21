from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from periode.models import Periode
from periode.roster import impor_roster, periksa_roster


def periode_dari_opsi(tahun: int | None) -> Periode:
    periode = Periode.objects.filter(tahun=tahun).first() if tahun else Periode.objects.berjalan()
    if periode is None:
        raise CommandError(
            f"Periode {tahun} tidak ada. Buat periodenya dahulu."
            if tahun
            else "Belum ada periode. Buat periode dahulu agar atasan pegawai dapat disimpan."
        )
    return periode


class Command(BaseCommand):
    help = (
        "Impor daftar pegawai dari .xlsx (DOMAIN.md §8). Semua baris diperiksa dahulu; bila ada "
        "satu masalah saja, tidak ada yang disimpan dan perintah keluar dengan kode 1. Kolom yang "
        "tidak ada di file tidak diubah; sel kosong mengosongkan, dan keluaran menyebutkan berapa."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="file .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, tanpa menyimpan")
        parser.add_argument(
            "--periode", type=int, help="tahun periode supervisi (default: berjalan)"
        )

    def handle(self, path: str, dry_run: bool = False, periode: int | None = None, **options):
        berkas_path = Path(path)
        if not berkas_path.is_file():
            raise CommandError(f"File {path} tidak ditemukan.")
        objek_periode = periode_dari_opsi(periode)
        with berkas_path.open("rb") as berkas:
            if dry_run:
                hasil = periksa_roster(berkas, periode=objek_periode, nama_file=berkas_path.name)
            else:
                hasil = impor_roster(
                    berkas, periode=objek_periode, oleh=None, nama_file=berkas_path.name
                )
        for pesan in hasil.peringatan:
            self.stdout.write(self.style.WARNING(pesan))
        for pesan in hasil.catatan:
            self.stdout.write(pesan)
        if not hasil.ok:
            for pesan in hasil.masalah:
                self.stderr.write(pesan)
            raise CommandError(
                f"{len(hasil.masalah)} masalah ditemukan; tidak ada data yang disimpan."
            )
        if options["verbosity"] >= 1:
            for p in hasil.perubahan:
                rincian = "; ".join(p.rincian)
                self.stdout.write(
                    f"Baris {p.baris}: {p.jenis} {p.nip} {p.nama}"
                    + (f" ({rincian})" if rincian else "")
                )
            for unit in hasil.unit_baru:
                self.stdout.write(f"Unit baru: {unit}")
        if hasil.dikosongkan:
            awalan = "Dikosongkan" if hasil.diterapkan else "Akan dikosongkan"
            self.stdout.write(self.style.WARNING(f"{awalan}: {hasil.teks_dikosongkan()}"))
        status = "Pemeriksaan selesai (tidak disimpan)" if dry_run else "Impor selesai"
        self.stdout.write(
            self.style.SUCCESS(f"{status}, periode {objek_periode.tahun}: {hasil.ringkasan()}")
        )
