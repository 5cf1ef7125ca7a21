"""`check --deploy`: what production needs beyond Django's own checklist."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def alamat_situs_untuk_cetakan(app_configs=None, **kwargs):
    """Every printed Form SKP carries SKP_ALAMAT_SITUS (its QR code and verification line):
    the demo's default on paper sends whoever checks it nowhere."""
    if settings.SKP_ALAMAT_SITUS.startswith("https://"):
        return []
    return [
        Warning(
            f"SKP_ALAMAT_SITUS bernilai {settings.SKP_ALAMAT_SITUS!r}: alamat ini tercetak pada "
            "setiap Form SKP (kode QR dan baris verifikasi).",
            hint="Isi SKP_ALAMAT_SITUS dengan alamat https aplikasi, mis. https://skp.example.ac.id.",
            id="skp.W001",
        )
    ]
