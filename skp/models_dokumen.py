"""The unit batch of Form SKP PDFs: one row per request, updated by the `proses_batch` worker."""

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone


class StatusBatch(models.TextChoices):
    ANTRI = "antri", "Menunggu antrean"
    BERJALAN = "berjalan", "Sedang dibuat"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"

    @classmethod
    def aktif(cls) -> set[str]:
        return {cls.ANTRI, cls.BERJALAN}


class BatchDokumenQuerySet(models.QuerySet):
    def dengan_hak_baca(self, pegawai):
        """Each job with `is_isi_terbaca`: whether `pegawai` may still read every SKP its ZIP
        holds (`Skp.objects.terlihat_oleh`, read now: supervision changes after a build). A
        ZIP is offered and sent only while that holds. One subquery, no query per job."""
        from skp.models import Skp

        tak_terbaca = BatchDokumen.isi.through.objects.filter(
            batchdokumen_id=OuterRef("pk")
        ).exclude(skp_id__in=Skp.objects.terlihat_oleh(pegawai).values("pk"))
        return self.select_related("unit_kerja", "periode").annotate(
            is_isi_terbaca=~Exists(tak_terbaca)
        )

    def milik(self, pegawai):
        """The batch page's list: the jobs this pegawai asked for, newest first."""
        return self.filter(diminta_oleh=pegawai).dengan_hak_baca(pegawai)


class BatchDokumen(models.Model):
    """All Form SKP PDFs of a unit (with its sub-units) and a periode, zipped in the background."""

    diminta_oleh = models.ForeignKey(
        "accounts.Pegawai", on_delete=models.CASCADE, related_name="batch_dokumen"
    )
    unit_kerja = models.ForeignKey(
        "accounts.UnitKerja", on_delete=models.CASCADE, related_name="batch_dokumen"
    )
    periode = models.ForeignKey(
        "periode.Periode", on_delete=models.CASCADE, related_name="batch_dokumen"
    )
    status = models.CharField(max_length=10, choices=StatusBatch.choices, default=StatusBatch.ANTRI)
    jumlah_total = models.PositiveIntegerField(default=0)
    jumlah_selesai = models.PositiveIntegerField(default=0)
    # Stored under MEDIA_ROOT but never served from MEDIA_URL: only the download view sends it.
    berkas = models.FileField(upload_to="batch_skp/%Y/%m/", blank=True)
    pesan_galat = models.TextField(blank=True)
    # The SKPs the ZIP holds, recorded by the worker: what the download checks the viewer
    # rule against.
    isi = models.ManyToManyField("skp.Skp", blank=True, related_name="+")
    dibuat = models.DateTimeField(default=timezone.now)
    mulai = models.DateTimeField(null=True, blank=True)
    # A heartbeat: a job "berjalan" whose worker stopped updating it is claimed again.
    diperbarui = models.DateTimeField(default=timezone.now)
    rampung = models.DateTimeField(null=True, blank=True)

    objects = BatchDokumenQuerySet.as_manager()

    class Meta:
        verbose_name = "batch dokumen SKP"
        verbose_name_plural = "batch dokumen SKP"
        ordering = ["-dibuat", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jumlah_selesai__lte=F("jumlah_total")),
                name="skp_batchdokumen_selesai_tidak_melebihi_total",
            ),
        ]

    def __str__(self) -> str:
        return f"Batch SKP {self.unit_kerja} {self.periode.tahun}"

    @property
    def is_aktif(self) -> bool:
        return self.status in StatusBatch.aktif()

    @property
    def is_selesai(self) -> bool:
        return self.status == StatusBatch.SELESAI

    @property
    def is_kedaluwarsa(self) -> bool:
        """Finished, and its ZIP already deleted by the worker's cleanup."""
        return self.status == StatusBatch.SELESAI and not self.berkas

    @property
    def is_gagal(self) -> bool:
        return self.status == StatusBatch.GAGAL

    @property
    def persen(self) -> int:
        if self.status == StatusBatch.SELESAI:
            return 100
        return int(100 * self.jumlah_selesai / self.jumlah_total) if self.jumlah_total else 0
