"""Single sign-on by OpenID Connect (mozilla-django-oidc), off unless SKP_SSO_OIDC_ISSUER is
set. The provider's endpoints come from its discovery document; a person who signs in through
it is matched to their Pegawai by the NIP claim (SKP_SSO_OIDC_KLAIM_NIP) and never gets an
account the roster did not create. Local sign-in stays for everyone.

mozilla-django-oidc checks the ID token's signature, nonce and expiry; the issuer and the
audience are checked here, and the userinfo must describe the same subject as the token."""

import logging
import threading
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView
import requests

from accounts.nip import normalize_nip

security_log = logging.getLogger("skp.security")

# mozilla-django-oidc's endpoint settings, read from the provider's discovery document.
_DARI_DISCOVERY = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_DISCOVERY_BERLAKU = 60 * 60
_simpanan: dict[str, tuple[float, dict]] = {}
_kunci = threading.Lock()


def discovery() -> dict:
    """The provider's /.well-known/openid-configuration, fetched at the first sign-in and kept
    an hour per process (never at start-up: the app must start while the provider is down)."""
    issuer = settings.SSO_OIDC_ISSUER
    with _kunci:
        ada = _simpanan.get(issuer)
        if ada and time.monotonic() - ada[0] < _DISCOVERY_BERLAKU:
            return ada[1]
    jawaban = requests.get(
        f"{issuer}/.well-known/openid-configuration",
        timeout=settings.OIDC_TIMEOUT,
        verify=settings.OIDC_VERIFY_SSL,
    )
    jawaban.raise_for_status()
    dokumen = jawaban.json()
    if dokumen.get("issuer", "").rstrip("/") != issuer:
        raise ImproperlyConfigured(
            f"Penerbit pada dokumen discovery ({dokumen.get('issuer')!r}) tidak sama dengan "
            f"SKP_SSO_OIDC_ISSUER ({issuer!r})."
        )
    with _kunci:
        _simpanan[issuer] = (time.monotonic(), dokumen)
    return dokumen


def lupakan_discovery() -> None:
    with _kunci:
        _simpanan.clear()


def _setelan(attr, *args):
    if attr in _DARI_DISCOVERY:
        return discovery()[_DARI_DISCOVERY[attr]]
    return import_from_settings(attr, *args)


class NipOidcBackend(OIDCAuthenticationBackend):
    """Signs in the Pegawai whose NIP the provider vouches for; nobody else."""

    get_settings = staticmethod(_setelan)

    def __init__(self, *args, **kwargs):
        # Not the parent's __init__: it reads the endpoints, and Django builds every backend
        # for every password login too, which must never wait on (or fail with) the provider.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802 (the parent's name)
        return discovery()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return discovery()["userinfo_endpoint"]

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return discovery()["jwks_uri"]

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audiens = payload.get("aud")
        audiens = [audiens] if isinstance(audiens, str) else list(audiens or [])
        if str(payload.get("iss", "")).rstrip("/") != settings.SSO_OIDC_ISSUER:
            raise SuspiciousOperation("ID token dari penerbit lain.")
        if self.OIDC_RP_CLIENT_ID not in audiens:
            raise SuspiciousOperation("ID token untuk aplikasi lain.")
        self._klaim_token = payload
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        klaim = super().get_userinfo(access_token, id_token, payload)
        if klaim.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Userinfo menjelaskan subjek lain dari ID token.")
        # The signed ID token wins where both carry a claim.
        return {**klaim, **payload}

    def _nip(self, claims) -> str:
        return normalize_nip(str(claims.get(settings.SSO_OIDC_KLAIM_NIP) or ""))

    def verify_claims(self, claims) -> bool:
        nip = self._nip(claims)
        if not (nip.isascii() and nip.isdigit() and len(nip) == 18):
            security_log.warning(
                "sso ditolak: klaim %s tidak berisi NIP (sub=%s)",
                settings.SSO_OIDC_KLAIM_NIP,
                claims.get("sub"),
            )
            return False
        return True

    def filter_users_by_claims(self, claims):
        nip = self._nip(claims)
        pegawai = self.UserModel.objects.filter(nip=nip, is_active=True)
        if not pegawai:
            security_log.warning("sso ditolak: nip=%s tidak ada di daftar pegawai aktif", nip)
        else:
            security_log.info("sso masuk: nip=%s", nip)
        return pegawai

    def create_user(self, claims):
        # OIDC_CREATE_USER is off; this is the second lock on the same door.
        raise SuspiciousOperation("Akun hanya dibuat dari daftar pegawai.")


class _MulaiView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(_setelan)


class _KembaliView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(_setelan)

    def login_failure(self):
        messages.error(
            self.request,
            "Masuk lewat SSO tidak berhasil: akun SSO Anda tidak cocok dengan pegawai aktif "
            "mana pun di aplikasi ini (dicocokkan menurut NIP), atau proses masuk dibatalkan. "
            "Masuk dengan NIP dan kata sandi, atau hubungi admin kepegawaian.",
        )
        return redirect("login")


def _pastikan_aktif():
    if not settings.SSO_AKTIF:
        raise Http404("SSO tidak diaktifkan.")


@never_cache
@require_GET
def mulai(request):
    """To the provider's sign-in page (with state, nonce and PKCE kept in the session)."""
    _pastikan_aktif()
    return _MulaiView.as_view()(request)


@never_cache
@require_GET
def kembali(request):
    """Back from the provider: exchange the code, check the token, sign the Pegawai in."""
    _pastikan_aktif()
    return _KembaliView.as_view()(request)
