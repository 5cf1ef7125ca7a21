"""Shared setup for the Lampiran tests: the cast's periode under PermenPANRB 6/2022 and the
presets an admin kepegawaian keeps, made through the real services."""

from skp.models import JenisLampiran
from skp.services.lampiran import tambah_preset_lampiran
from skp.tests.bantuan_perilaku import jadikan_6_2022

__all__ = ["DSD", "KONSEKUENSI", "SKEMA", "jadikan_6_2022", "preset"]

DSD = JenisLampiran.DUKUNGAN_SUMBER_DAYA
SKEMA = JenisLampiran.SKEMA_PERTANGGUNGJAWABAN
KONSEKUENSI = JenisLampiran.KONSEKUENSI


def preset(admin, jenis, teks, *, bawaan=False):
    return tambah_preset_lampiran(oleh=admin, jenis=jenis, teks=teks, is_bawaan=bawaan)


def presets_contoh(admin) -> dict:
    """The seed university's kind of presets: some start every SKP, others are offered."""
    return {
        "anggaran": preset(admin, DSD, "Anggaran DIPA unit kerja", bawaan=True),
        "server": preset(admin, DSD, "Akses ke server dan jaringan UPT TIK"),
        "laporan": preset(
            admin, SKEMA, "Laporan capaian kinerja bulanan kepada pejabat penilai", bawaan=True
        ),
        "tunjangan": preset(
            admin, KONSEKUENSI, "Capaian kinerja menjadi dasar tunjangan kinerja", bawaan=True
        ),
        "karier": preset(admin, KONSEKUENSI, "Predikat kinerja menjadi dasar pengembangan karier"),
    }
