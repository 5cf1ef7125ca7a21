from django.apps import AppConfig


class SkpConfig(AppConfig):
    name = "skp"
    verbose_name = "Sasaran Kinerja Pegawai"

    def ready(self):
        from skp import checks  # noqa: F401  (registers the deploy checks)
