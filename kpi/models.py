"""KPI divisi and the matriks peran-hasil (DOMAIN.md §5 and §7).

A matriks belongs to one tim kerja in one periode: the ketua tim's results across (columns),
the members down (rows), and in each cell one or more peran hasil, or N/A. "Terapkan ke SKP"
turns every peran hasil into a Kinerja Utama RK of that member (kpi/terapkan.py plans it,
kpi/services.py applies it, never over what the member changed).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from skp.models import PANJANG_TEKS
from skp.profil import profil_untuk
from skp.target import tulis_target


class KpiQuerySet(models.QuerySet):
    def untuk_unit(self, unit_ids, periode):
        """The KPI of the given units in a periode, in reading order."""
        return self.filter(unit_kerja_id__in=unit_ids, periode=periode).order_by(
            "unit_kerja__nama", "urutan", "pk"
        )


class Kpi(models.Model):
    """One key performance indicator of a unit in a periode: a statement, optionally a target."""

    unit_kerja = models.ForeignKey(
        "accounts.UnitKerja", on_delete=models.CASCADE, related_name="kpi"
    )
    periode = models.ForeignKey("periode.Periode", on_delete=models.CASCADE, related_name="kpi")
    urutan = models.PositiveIntegerField(default=0)
    pernyataan = models.TextField("pernyataan KPI", max_length=1000)
    target = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    satuan = models.CharField(max_length=50, blank=True)
    dibuat = models.DateTimeField(default=timezone.now)

    objects = KpiQuerySet.as_manager()

    class Meta:
        verbose_name = "KPI divisi"
        verbose_name_plural = "KPI divisi"
        ordering = ["unit_kerja__nama", "urutan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kerja", "periode", "pernyataan"], name="kpi_kpi_pernyataan_unik"
            ),
        ]

    def __str__(self) -> str:
        return self.pernyataan[:80]

    @property
    def target_tampil(self) -> str:
        return tulis_target(self.target, None, self.satuan)


class MatriksQuerySet(models.QuerySet):
    def untuk_daftar(self, pegawai):
        """The matrices `pegawai` leads, belongs to, or supervises a member of (atasan
        langsung in the matrix's periode), for the list page, in a fixed number of queries."""
        from periode.models import Supervisi

        diawasi = Supervisi.objects.filter(
            atasan_langsung=pegawai,
            periode_id=models.OuterRef("periode_id"),
            pegawai_id=models.OuterRef("anggota__pegawai_id"),
        )
        return (
            self.filter(Q(ketua=pegawai) | Q(anggota__pegawai=pegawai) | Q(models.Exists(diawasi)))
            .distinct()
            .select_related("ketua", "unit_kerja", "periode")
            .annotate(
                jumlah_anggota=models.Count("anggota", distinct=True),
                jumlah_kolom=models.Count("kolom", distinct=True),
            )
            .order_by("-periode__tahun", "nama")
        )


def ketua_tim_untuk(skp):
    """The ketua tim of every matriks of the SKP's periode its pegawai belongs to, as a values()
    queryset of pegawai ids: their RK are intervensi choices too (DOMAIN.md §4). Registered
    into skp.models.SUMBER_INTERVENSI_LAIN by KpiConfig.ready."""
    return MatriksPeranHasil.objects.filter(
        periode_id=skp.periode_id, anggota__pegawai_id=skp.pegawai_id
    ).values("ketua_id")


def memimpin_tim(pegawai, periode) -> bool:
    """Whether `pegawai` leads a tim kerja (a matriks) in `periode`: a ketua tim may give
    penugasan. Registered into penugasan.services.SUMBER_PEMBERI_TUGAS by KpiConfig.ready."""
    return MatriksPeranHasil.objects.filter(ketua=pegawai, periode=periode).exists()


class MatriksPeranHasil(models.Model):
    """The grid of one tim kerja in one periode; its ketua tim edits it."""

    periode = models.ForeignKey("periode.Periode", on_delete=models.PROTECT, related_name="matriks")
    nama = models.CharField("nama tim kerja", max_length=200)
    unit_kerja = models.ForeignKey(
        "accounts.UnitKerja",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matriks",
        help_text="Unit tim kerja; kosong untuk tim lintas unit.",
    )
    ketua = models.ForeignKey(
        "accounts.Pegawai",
        on_delete=models.PROTECT,
        related_name="matriks_dipimpin",
        verbose_name="ketua tim",
    )
    dibuat = models.DateTimeField(default=timezone.now)
    diubah = models.DateTimeField(default=timezone.now)
    diterapkan_pada = models.DateTimeField(null=True, blank=True)

    objects = MatriksQuerySet.as_manager()

    class Meta:
        verbose_name = "matriks peran-hasil"
        verbose_name_plural = "matriks peran-hasil"
        ordering = ["-periode__tahun", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "ketua", "nama"], name="kpi_matriksperanhasil_nama_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.periode.tahun})"

    @property
    def istilah(self):
        """The words of its periode's regulation profile (skp/profil.py): RK or RHK."""
        return profil_untuk(self.periode.profil_regulasi).istilah


class KolomMatriks(models.Model):
    """One column: an RK of the ketua tim, a KPI of the unit, or a free intermediate outcome."""

    matriks = models.ForeignKey(MatriksPeranHasil, on_delete=models.CASCADE, related_name="kolom")
    urutan = models.PositiveIntegerField(default=0)
    rencana_kinerja = models.ForeignKey(
        "skp.RencanaKinerja",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kolom_matriks",
        verbose_name="rencana kinerja ketua tim",
    )
    kpi = models.ForeignKey(
        Kpi, null=True, blank=True, on_delete=models.SET_NULL, related_name="kolom_matriks"
    )
    # A copy of the source's text, kept when the RK or KPI is deleted later.
    judul = models.TextField("hasil / intermediate outcome", max_length=1000)

    class Meta:
        verbose_name = "kolom matriks"
        verbose_name_plural = "kolom matriks"
        ordering = ["urutan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rencana_kinerja__isnull=True) | Q(kpi__isnull=True),
                name="kpi_kolommatriks_satu_sumber",
            ),
            models.UniqueConstraint(
                fields=["matriks", "rencana_kinerja"],
                condition=Q(rencana_kinerja__isnull=False),
                name="kpi_kolommatriks_rk_unik",
            ),
            models.UniqueConstraint(
                fields=["matriks", "kpi"],
                condition=Q(kpi__isnull=False),
                name="kpi_kolommatriks_kpi_unik",
            ),
        ]

    def __str__(self) -> str:
        return self.teks[:80]

    @property
    def teks(self) -> str:
        if self.rencana_kinerja_id and self.rencana_kinerja:
            return self.rencana_kinerja.teks
        if self.kpi_id and self.kpi:
            return self.kpi.pernyataan
        return self.judul

    @property
    def sumber(self) -> str:
        if self.rencana_kinerja_id:
            return f"{self.matriks.istilah.rk_awal} ketua tim"
        if self.kpi_id:
            return "KPI unit"
        return "Intermediate outcome"


class AnggotaMatriks(models.Model):
    """One row: a member of the team (possibly from another unit)."""

    matriks = models.ForeignKey(MatriksPeranHasil, on_delete=models.CASCADE, related_name="anggota")
    pegawai = models.ForeignKey(
        "accounts.Pegawai", on_delete=models.CASCADE, related_name="keanggotaan_matriks"
    )
    urutan = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "anggota tim"
        verbose_name_plural = "anggota tim"
        ordering = ["urutan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["matriks", "pegawai"], name="kpi_anggotamatriks_sekali_per_matriks"
            ),
        ]

    def __str__(self) -> str:
        return str(self.pegawai)


class SelMatriks(models.Model):
    """The cell of one member under one column: its peran hasil, or N/A."""

    anggota = models.ForeignKey(AnggotaMatriks, on_delete=models.CASCADE, related_name="sel")
    kolom = models.ForeignKey(KolomMatriks, on_delete=models.CASCADE, related_name="sel")
    is_na = models.BooleanField("N/A", default=False)
    diubah = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "sel matriks"
        verbose_name_plural = "sel matriks"
        constraints = [
            models.UniqueConstraint(fields=["anggota", "kolom"], name="kpi_selmatriks_unik"),
        ]

    def __str__(self) -> str:
        return f"Sel {self.anggota_id}×{self.kolom_id}"


class PeranHasil(models.Model):
    """One expected result in a cell; applied, it becomes a Kinerja Utama RK of the member."""

    sel = models.ForeignKey(SelMatriks, on_delete=models.CASCADE, related_name="peran_hasil")
    urutan = models.PositiveIntegerField(default=0)
    teks = models.TextField("peran hasil (rencana kinerja)", max_length=PANJANG_TEKS)
    # The Kuantitas IKI the RK gets. Empty: the RK gets none and is flagged until its owner
    # writes one; without a target the member fills it in while drafting (the target is
    # agreed in the SKP, not here). A target needs the indicator it measures.
    indikator = models.TextField("indikator kuantitas", blank=True, max_length=1000)
    target = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    # The upper end of a range target (`80–90`), as an IKI's `target_max`.
    target_max = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    satuan = models.CharField(max_length=50, blank=True)
    # Bumped by `simpan_sel` whenever the result, indikator or target changes; the RK made
    # from it remembers the versi it was last written from (`RencanaKinerja.matriks_versi`).
    versi = models.PositiveIntegerField(default=1)
    # The versi last written into the member's SKP: with no RK left, its owner deleted it
    # (or it never was applied when this is empty).
    diterapkan_versi = models.PositiveIntegerField(null=True, blank=True)
    # The RK this result became: the RK's source cell.
    rencana_kinerja = models.OneToOneField(
        "skp.RencanaKinerja",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="peran_hasil",
    )
    indikator_kuantitas = models.OneToOneField(
        "skp.Indikator", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "peran hasil"
        verbose_name_plural = "peran hasil"
        ordering = ["urutan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_max__isnull=True)
                | (Q(target__isnull=False) & Q(target__lte=models.F("target_max"))),
                name="kpi_peranhasil_rentang_target_urut",
            ),
        ]

    def __str__(self) -> str:
        return self.teks[:80]

    @property
    def is_berubah_sejak_diterapkan(self) -> bool:
        """The cell was edited after its last apply: even where the member's RK still reads
        the same (a target cleared, left to them), the SKP is not "as the cell" until the
        next apply records it, or its owner takes that versi's proposal (`matriks_versi`)."""
        if self.diterapkan_versi is None or self.diterapkan_versi == self.versi:
            return False
        rk = self.rencana_kinerja if self.rencana_kinerja_id else None
        return rk is None or rk.matriks_versi != self.versi

    @property
    def target_tampil(self) -> str:
        return tulis_target(self.target, self.target_max, self.satuan)
