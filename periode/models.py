"""The periode layer (beneath skp): one assessment year with its windows, the dispensasi that
extend them, and who supervises whom in each periode (DOMAIN.md §2–3).

The tables keep the names they had when these models lived in skp and accounts
(`skp_periode`, `skp_dispensasi`, `accounts_supervisi`), and so do their constraints: the move
(issue 14) changed where the code lives, not the database.
"""

import datetime

from django.db import models
from django.db.models import Case, F, Q, When
from django.utils import timezone

# The length cap of a dispensasi's reason (characters), in the model and its form.
PANJANG_ALASAN = 1000


class ProfilRegulasi(models.TextChoices):
    PERMENPANRB_8_2021 = "permenpanrb_8_2021", "PermenPANRB 8/2021"
    PERMENPANRB_6_2022 = "permenpanrb_6_2022", "PermenPANRB 6/2022"


class AlurPersetujuan(models.TextChoices):
    """Who approves a periode's SKPs (DOMAIN.md §6, §9): PermenPANRB 6/2022 has the pejabat
    penilai kinerja approve; an institution may keep a second step by the atasan pejabat
    penilai (the seed's university does)."""

    DUA_TAHAP = (
        "dua_tahap",
        "Dua tahap: disetujui pejabat penilai kinerja, lalu ditetapkan atasan pejabat penilai",
    )
    SATU_TAHAP = "satu_tahap", "Satu tahap: ditetapkan oleh pejabat penilai kinerja"


def today_local() -> datetime.date:
    """Today's date in the project's time zone (WITA): windows are dates, inclusive."""
    return timezone.localdate()


class PeriodeQuerySet(models.QuerySet):
    def urut_berjalan(self, today: datetime.date | None = None):
        """Every periode, the current year's first, then the most recent: `.first()` is the
        periode that is running (callers may annotate before taking it)."""
        today = today or today_local()
        return self.order_by(Case(When(tahun=today.year, then=0), default=1), "-tahun")

    def berjalan(self, today: datetime.date | None = None):
        """The periode of the current year, else the most recent one (None if none)."""
        return self.urut_berjalan(today).first()


class Periode(models.Model):
    """One assessment year with its regulation profile and its two windows (DOMAIN.md §3)."""

    tahun = models.PositiveSmallIntegerField(unique=True)
    # The rule in force since 2022 for new periodes; the seed's 2022 periode is 8/2021. What a
    # profile decides about an SKP lives in skp/profil.py.
    profil_regulasi = models.CharField(
        max_length=30, choices=ProfilRegulasi.choices, default=ProfilRegulasi.PERMENPANRB_6_2022
    )
    # Two steps by default: that was the only workflow before the choice existed, so existing
    # periodes keep working as their SKPs were validated so far, and the seed's university
    # (and its demo periodes) keeps the second step. One step is the institution's decision.
    # What it means for who acts lives in skp/workflow.py (`atasan_tahap_kedua`).
    alur_persetujuan = models.CharField(
        max_length=12, choices=AlurPersetujuan.choices, default=AlurPersetujuan.DUA_TAHAP
    )
    tanggal_mulai = models.DateField()
    tanggal_selesai = models.DateField()
    penyusunan_mulai = models.DateField("penyusunan dibuka")
    penyusunan_selesai = models.DateField("penyusunan ditutup")
    validasi_mulai = models.DateField("validasi dibuka")
    validasi_selesai = models.DateField("validasi ditutup")

    objects = PeriodeQuerySet.as_manager()

    class Meta:
        db_table = "skp_periode"
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

    @property
    def is_dua_tahap(self) -> bool:
        return self.alur_persetujuan == AlurPersetujuan.DUA_TAHAP

    def is_penyusunan_open(self, today: datetime.date | None = None) -> bool:
        today = today or today_local()
        return self.penyusunan_mulai <= today <= self.penyusunan_selesai

    def is_validasi_open(self, today: datetime.date | None = None) -> bool:
        today = today or today_local()
        return self.validasi_mulai <= today <= self.validasi_selesai


class TahapJendela(models.TextChoices):
    PENYUSUNAN = "penyusunan", "Penyusunan"
    VALIDASI = "validasi", "Validasi"


class Dispensasi(models.Model):
    """An extension of one window for one pegawai or a whole unit (and its sub-units)."""

    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="dispensasi")
    tahap = models.CharField(max_length=12, choices=TahapJendela.choices)
    pegawai = models.ForeignKey(
        "accounts.Pegawai",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dispensasi",
    )
    unit_kerja = models.ForeignKey(
        "accounts.UnitKerja",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dispensasi",
    )
    berlaku_sampai = models.DateField(help_text="Tanggal akhir baru (inklusif, WITA).")
    # A validasi extension given to an atasan so the SKP of a pegawai whose penyusunan was
    # extended can still be validated: it goes when that penyusunan dispensasi is withdrawn.
    mengikuti = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="pengikut"
    )
    alasan = models.TextField(max_length=PANJANG_ALASAN)
    diberikan_oleh = models.ForeignKey(
        "accounts.Pegawai", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "skp_dispensasi"
        verbose_name = "dispensasi"
        verbose_name_plural = "dispensasi"
        ordering = ["-dibuat"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(pegawai__isnull=False) & Q(unit_kerja__isnull=True))
                | (Q(pegawai__isnull=True) & Q(unit_kerja__isnull=False)),
                name="skp_dispensasi_pegawai_atau_unit",
            ),
        ]

    def __str__(self) -> str:
        sasaran = self.pegawai or self.unit_kerja
        return f"Dispensasi {self.get_tahap_display()} {sasaran} s.d. {self.berlaku_sampai}"


class SupervisiQuerySet(models.QuerySet):
    def dinilai_oleh(self, pegawai):
        """The relations in which `pegawai` validates: as atasan langsung (pejabat penilai) or
        as atasan penilai. THE answer to "who validates whom"; filter it by periode or
        pegawai. (The menu's role query spells it as two EXISTS for an index's sake.)"""
        return self.filter(Q(atasan_langsung=pegawai) | Q(atasan_penilai=pegawai))

    def bawahan_langsung(self, atasan, periode):
        return self.filter(periode=periode, atasan_langsung=atasan).select_related(
            "pegawai__unit_kerja"
        )


class Supervisi(models.Model):
    """Who supervises a pegawai in one periode (PP 30/2019: pejabat penilai and its atasan)."""

    pegawai = models.ForeignKey(
        "accounts.Pegawai", on_delete=models.CASCADE, related_name="supervisi"
    )
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="supervisi")
    atasan_langsung = models.ForeignKey(
        "accounts.Pegawai",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervisi_sebagai_atasan_langsung",
        help_text="Pejabat penilai kinerja.",
    )
    atasan_penilai = models.ForeignKey(
        "accounts.Pegawai",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervisi_sebagai_atasan_penilai",
        help_text="Atasan pejabat penilai kinerja.",
    )

    objects = SupervisiQuerySet.as_manager()

    class Meta:
        db_table = "accounts_supervisi"
        verbose_name = "supervisi"
        verbose_name_plural = "supervisi"
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "periode"], name="accounts_supervisi_satu_per_periode"
            ),
            models.CheckConstraint(
                condition=~Q(atasan_langsung=models.F("pegawai")),
                name="accounts_supervisi_bukan_atasan_langsung_sendiri",
            ),
            models.CheckConstraint(
                condition=~Q(atasan_penilai=models.F("pegawai")),
                name="accounts_supervisi_bukan_atasan_penilai_sendiri",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai} ({self.periode})"
