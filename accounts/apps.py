from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Kepegawaian"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.dua_faktor import catat_kebutuhan_saat_masuk
        from config.security import start_session_clocks

        user_logged_in.connect(start_session_clocks, dispatch_uid="skp-session-clocks")
        user_logged_in.connect(catat_kebutuhan_saat_masuk, dispatch_uid="skp-dua-faktor")
