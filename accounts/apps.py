from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Kepegawaian"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from config.security import start_session_clocks

        user_logged_in.connect(start_session_clocks, dispatch_uid="skp-session-clocks")
