"""The outbox of emails: one row per message, written in the transaction of the change it
reports and sent by the `proses_batch` worker. A slow or dead mail server therefore never
holds a request, and no email is lost or sent for a change that rolled back. A workflow
transition's row names the transition (the text is written when sent); any other row, such
as the matriks telling a member what it changed in their SKP, carries its recipient and text."""

from django.db import models
from django.db.models import Q


class AntreanEmail(models.Model):
    transisi = models.OneToOneField(
        "skp.SkpTransisi", null=True, blank=True, on_delete=models.CASCADE,
        related_name="antrean_email",
    )  # fmt: skip
    penerima = models.ForeignKey(
        "accounts.Pegawai", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subjek = models.CharField(max_length=200, blank=True)
    isi = models.TextField(blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    coba_pada = models.DateTimeField(db_index=True, help_text="Percobaan berikutnya")
    percobaan = models.PositiveSmallIntegerField(default=0)
    terkirim_pada = models.DateTimeField(null=True, blank=True)
    menyerah = models.BooleanField(default=False)
    galat = models.TextField(blank=True)

    class Meta:
        verbose_name = "antrean email"
        verbose_name_plural = "antrean email"
        indexes = [
            models.Index(
                fields=["coba_pada"],
                name="antrean_email_menunggu",
                condition=Q(terkirim_pada__isnull=True, menyerah=False),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(transisi__isnull=False) | Q(penerima__isnull=False),
                name="skp_antreanemail_transisi_atau_penerima",
            ),
        ]

    def __str__(self) -> str:
        if self.transisi_id:
            return f"Email transisi {self.transisi_id}"
        return f"Email “{self.subjek}”"
