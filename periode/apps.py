from django.apps import AppConfig


class PeriodeConfig(AppConfig):
    """Periode, its windows and dispensasi, supervision per periode: imports only accounts."""

    name = "periode"
    verbose_name = "Periode dan supervisi"
