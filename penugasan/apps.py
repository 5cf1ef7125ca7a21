from django.apps import AppConfig


class PenugasanConfig(AppConfig):
    name = "penugasan"
    verbose_name = "Penugasan"

    def ready(self):
        from penugasan.access import halaman_anggota_rk
        from skp.services.komentar import TAUTAN_PEMBERI_TUGAS

        if halaman_anggota_rk not in TAUTAN_PEMBERI_TUGAS:
            TAUTAN_PEMBERI_TUGAS.append(halaman_anggota_rk)
