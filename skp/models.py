import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class ProfilRegulasi(models.TextChoices):
    PERMENPANRB_8_2021 = "permenpanrb_8_2021", "PermenPANRB 8/2021"
    PERMENPANRB_6_2022 = "permenpanrb_6_2022", "PermenPANRB 6/2022"


def today_local() -> datetime.date:
    """Today's date in the project's time zone (WITA): windows are dates, inclusive."""
    return timezone.localdate()


class PeriodeQuerySet(models.QuerySet):
    def berjalan(self, today: datetime.date | None = None):
        """The periode of the current year, else the most recent one (None if none)."""
        today = today or today_local()
        return self.filter(tahun=today.year).first() or self.order_by("-tahun").first()


class Periode(models.Model):
    """One assessment year with its regulation profile and its two windows (DOMAIN.md §3)."""

    tahun = models.PositiveSmallIntegerField(unique=True)
    profil_regulasi = models.CharField(
        max_length=30, choices=ProfilRegulasi.choices, default=ProfilRegulasi.PERMENPANRB_8_2021
    )
    tanggal_mulai = models.DateField()
    tanggal_selesai = models.DateField()
    penyusunan_mulai = models.DateField("penyusunan dibuka")
    penyusunan_selesai = models.DateField("penyusunan ditutup")
    validasi_mulai = models.DateField("validasi dibuka")
    validasi_selesai = models.DateField("validasi ditutup")

    objects = PeriodeQuerySet.as_manager()

    class Meta:
        verbose_name = "periode"
        verbose_name_plural = "periode"
        ordering = ["-tahun"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_mulai__lte=F("tanggal_selesai")),
                name="skp_periode_mulai_sebelum_selesai",
            ),
            models.CheckConstraint(
                condition=Q(penyusunan_mulai__lte=F("penyusunan_selesai")),
                name="skp_periode_penyusunan_mulai_sebelum_selesai",
            ),
            models.CheckConstraint(
                condition=Q(validasi_mulai__lte=F("validasi_selesai")),
                name="skp_periode_validasi_mulai_sebelum_selesai",
            ),
        ]

    def __str__(self) -> str:
        return f"Periode {self.tahun}"

    def is_penyusunan_open(self, today: datetime.date | None = None) -> bool:
        today = today or today_local()
        return self.penyusunan_mulai <= today <= self.penyusunan_selesai

    def is_validasi_open(self, today: datetime.date | None = None) -> bool:
        today = today or today_local()
        return self.validasi_mulai <= today <= self.validasi_selesai
