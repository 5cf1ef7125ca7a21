from django.apps import AppConfig


class BerandaConfig(AppConfig):
    """The top layer: the dashboard, the menu's roles and the demo data. It reads every app
    below it; nothing imports it (pyproject.toml, import-linter)."""

    name = "beranda"
    verbose_name = "Beranda"
