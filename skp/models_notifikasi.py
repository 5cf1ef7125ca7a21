"""The outbox of workflow emails: one row per transition, written in the transition's own
transaction and sent by the `proses_batch` worker. A slow or dead mail server therefore never
holds a request, and no email is lost or sent for a transition that rolled back."""

from django.db import models
from django.db.models import Q


class AntreanEmail(models.Model):
    transisi = models.OneToOneField(
        "skp.SkpTransisi", on_delete=models.CASCADE, related_name="antrean_email"
    )
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

    def __str__(self) -> str:
        return f"Email transisi {self.transisi_id}"
