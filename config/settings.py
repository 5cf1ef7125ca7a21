"""Settings for the SKP app, read from the environment (see .env.example)."""

from datetime import timedelta
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY wajib diisi bila DJANGO_DEBUG tidak aktif (lihat .env.example)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "periode",
    "skp",
    "penugasan",
    "kpi",
    "beranda",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): did this session pass a second factor?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session that owes its second factor reaches only the pages that take it.
    "accounts.dua_faktor.DuaFaktorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.Halaman405Middleware",
    "config.security.SecurityMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "beranda.context_processors.navigation",
            ],
        },
    },
]

# The demo runs on a SQLite file so it needs no server; tests and production use PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo on SQLite: a transaction takes the write lock when it begins and waits for it,
    # so two requests at the same instant queue up instead of failing "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Pegawai"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first: PBKDF2's 1,000,000 rounds cost ~0.25 s CPU per login, which a deadline-day
# login storm cannot afford. PBKDF2 stays so that existing hashes upgrade at the next login.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Peraturan BSSN 4/2021: at least 12 characters with mixed character classes.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "accounts.validators.CharacterClassValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"

# The client's address, for the login lockout and the security log (config.security.client_ip).
# Behind the proxy it is the entry our proxies appended to X-Forwarded-For, counted from the
# right: nginx appends the address that connected to it, and everything to the left of that
# is whatever the client sent. DJANGO_PROXY_COUNT is how many of our proxies stand in front of
# gunicorn (deploy/nginx.conf: one). Without a proxy X-Forwarded-For is ignored entirely.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
try:
    PROXY_COUNT = int(env("DJANGO_PROXY_COUNT", "1"))
except ValueError:
    PROXY_COUNT = 0
if BEHIND_PROXY and PROXY_COUNT < 1:
    raise ImproperlyConfigured(
        "DJANGO_PROXY_COUNT harus bilangan bulat 1 atau lebih: jumlah proxy (nginx) di depan "
        "aplikasi (lihat .env.example)."
    )

# django-axes: lock a NIP *from one address*, never a NIP alone (an attacker elsewhere could
# then keep a validator out on deadline day) nor an address alone at the NIP's limit (a whole
# campus sits behind one NAT, and one person's typos must not lock out a faculty).
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Ours, not axes': failed logins from one address across all NIPs within the cool-off before
# that address is locked out too (accounts.auth.AxesHandler); it stops one address trying a
# few passwords on each of many NIPs. Only failures count, so any number of people may log
# in from one address. 0 turns it off.
AXES_ADDRESS_FAILURE_LIMIT = int(env("AXES_ADDRESS_FAILURE_LIMIT", "50"))
AXES_HANDLER = "accounts.auth.AxesHandler"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
AXES_WHITELIST_CALLABLE = "accounts.auth.axes_bukan_tebakan_sandi"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.auth.lockout_response"

# Password reset by email (accounts/services/reset.py): how long a link stays valid, and how
# many requests one address, and one account, may make within the window. The link goes out
# through the app's mail queue like every other email (SKP_ANTREAN_EMAIL).
PASSWORD_RESET_TIMEOUT = int(env("SKP_RESET_BERLAKU_MENIT", "60")) * 60
RESET_JENDELA_MENIT = int(env("SKP_RESET_JENDELA_MENIT", "60"))
RESET_MAKS_PER_ALAMAT = int(env("SKP_RESET_MAKS_PER_ALAMAT", "10"))
RESET_MAKS_PER_AKUN = int(env("SKP_RESET_MAKS_PER_AKUN", "3"))
SKP_ANTREAN_EMAIL = "skp.notifikasi.antrekan_pesan"

# Two-factor sign-in (accounts/dua_faktor.py): accounts with rights beyond an ordinary
# pegawai's (admin kepegawaian, Django-admin staff, superusers) must enrol an authenticator app
# at their next sign-in; everyone may. The issuer is the name the app shows beside the code.
SKP_DUA_FAKTOR_WAJIB = env_bool("SKP_DUA_FAKTOR_WAJIB", True)
OTP_TOTP_ISSUER = env("SKP_DUA_FAKTOR_PENERBIT", "SKP Online")
# The Django admin lists devices but never shows their secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Single sign-on by OpenID Connect (accounts/sso.py), off while SKP_SSO_OIDC_ISSUER is empty.
# The provider's endpoints come from <issuer>/.well-known/openid-configuration; a person is
# matched to their Pegawai by the NIP in the claim SKP_SSO_OIDC_KLAIM_NIP and no account is
# ever created from a sign-in. Register <SKP_ALAMAT_SITUS>/accounts/sso/kembali/ as the
# redirect URI at the provider.
SSO_OIDC_ISSUER = env("SKP_SSO_OIDC_ISSUER").strip().rstrip("/")
SSO_AKTIF = bool(SSO_OIDC_ISSUER)
SSO_OIDC_KLAIM_NIP = env("SKP_SSO_OIDC_KLAIM_NIP", "nip")
SSO_LABEL = env("SKP_SSO_LABEL", "Masuk dengan SSO")
OIDC_RP_CLIENT_ID = env("SKP_SSO_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("SKP_SSO_OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env("SKP_SSO_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("SKP_SSO_OIDC_SCOPES", "openid profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = int(env("SKP_SSO_OIDC_TIMEOUT", "10"))
OIDC_VERIFY_SSL = env_bool("SKP_SSO_OIDC_VERIFY_SSL", True)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:kembali"
if SSO_AKTIF:
    if not OIDC_RP_CLIENT_ID:
        raise ImproperlyConfigured(
            "SKP_SSO_OIDC_CLIENT_ID wajib diisi bila SKP_SSO_OIDC_ISSUER diisi (lihat .env.example)."
        )
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "accounts.sso.NipOidcBackend"]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC")
            else "config.storage.StatikBerhash"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

# `default` lives in each worker's memory: what it holds is only shown (unit names, dispensasi
# dates), for at most a minute, never what decides an action (README, Production).
# `pdf`: rendered Form SKP PDFs by the hash of their HTML (skp/cetak.py), on disk so that
# every gunicorn worker and the batch worker share them; the same content renders once.
# `kartu`: the SKP editor's RK cards by their version (skp.views.drafting._versi_kartu), in
# each worker's memory (a restart empties it, so a changed template never meets an old card):
# a card is most of the page's rendering and is shown again and again while its owner edits
# another one. A key carries the data's own version, so nothing is invalidated by hand; an
# entry is some 7 KB, so 2,000 of them cap a worker at about 15 MB.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "kartu": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kartu",
        "OPTIONS": {"MAX_ENTRIES": int(env("DJANGO_KARTU_CACHE_ENTRIES", "2000"))},
    },
    "pdf": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("DJANGO_PDF_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "pdf")),
        "TIMEOUT": 3 * 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": int(env("DJANGO_PDF_CACHE_ENTRIES", "20000"))},
    },
}

# The place printed above the signatures of the Form SKP ("Singaraja, 27 Mei 2022").
SKP_TEMPAT_TTD = env("SKP_TEMPAT_TTD", "Singaraja")
# The address people reach the app at, as printed on every Form SKP: the QR code and the line
# "Periksa keaslian dokumen ini di …/verifikasi/" (skp/verifikasi.py). `check --deploy` warns
# while it is not an https address.
SKP_ALAMAT_SITUS = env("SKP_ALAMAT_SITUS", "http://127.0.0.1:8000").rstrip("/")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: the console in development; SMTP configured by the environment in production.
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(env("DJANGO_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "SKP <skp@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (emails, batch ZIPs, reminders, cleanup) goes through Django's Tasks API
# (the django-tasks backport on 5.2; `django.tasks` from Django 6). The database backend writes
# a task in the caller's transaction: a rolled-back change enqueues nothing. The worker is
# `manage.py pekerja` (django-tasks-db's db_worker plus our periodic jobs, skp/jadwal.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /healthz answers 503 once the oldest task that is due has waited longer than this (seconds):
# a load balancer and a monitor then see a dead or stuck worker. 0 turns the check off.
SKP_TUGAS_BATAS_TUNGGU = int(env("SKP_TUGAS_BATAS_TUNGGU", "900"))

# Sessions: an idle timeout (renewed on each request) and an absolute cap of 12 hours enforced
# by config.security.SecurityMiddleware; a working day is never cut short.
SESSION_COOKIE_AGE = int(env("DJANGO_SESSION_IDLE_SECONDS", str(30 * 60)))
# The idle expiry is renewed by config.security at most once a minute, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = int(env("DJANGO_SESSION_RENEW_SECONDS", "60"))
SESSION_ABSOLUTE_SECONDS = int(env("DJANGO_SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Production hardening, switched on by the environment (all on when debug is off).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# /healthz is probed by load balancers over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Uploads (roster spreadsheets): a hard cap on what Django buffers.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Django's default. Our largest form (a matriks cell) has 25 fields; more is an attack (400).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Any request body above this answers 413 before it is read (config.security): files are
# otherwise streamed to disk whatever their size. Above the roster import's 15 MB file cap.
MAX_REQUEST_BYTES = int(env("DJANGO_MAX_REQUEST_BYTES", str(20 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"tolak_tanpa_jejak": {"()": "config.logging.TolakTanpaJejak"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
            "filters": ["tolak_tanpa_jejak"],
        },
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "skp.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint logs every layout step at INFO; refused URLs still show as warnings.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # The worker logs each task it starts and finishes: one line each at INFO.
        "django_tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
