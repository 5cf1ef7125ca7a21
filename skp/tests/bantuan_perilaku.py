"""Shared setup for the Perilaku Kerja tests: the cast's periode under PermenPANRB 6/2022 (the
cast itself stays 8/2021 for the rest of the suite), and realistic expectations."""

from periode.models import ProfilRegulasi

# What a kepala unit writes: several expectations, one per line.
EKSPEKTASI_AKUNTABEL = (
    "Menyampaikan laporan ketersediaan layanan TIK setiap bulan paling lambat tanggal 5.\n"
    "Mencatat setiap perubahan konfigurasi server pada buku log sebelum dikerjakan.\n"
    "\n"
    "Tidak memberikan akses basis data kepada pihak yang tidak berwenang."
)
EKSPEKTASI_KOLABORATIF = (
    "Melibatkan operator fakultas dalam uji coba setiap fitur baru SIAK sebelum dirilis."
)


def jadikan_6_2022(periode) -> None:
    periode.profil_regulasi = ProfilRegulasi.PERMENPANRB_6_2022
    periode.save(update_fields=["profil_regulasi"])
