"""Two-factor sign-in (TOTP with recovery codes, django-otp): who must use it, and the gate
that lets a signed-in but unverified session reach only the pages that verify or enrol it.

The password (or SSO) step is Django's own login; django-otp's OTPMiddleware then tells
whether this session also passed a second factor (`request.user.is_verified()`). Anyone who
has enrolled is asked for a code at every sign-in; the admin kepegawaian, Django-admin staff and
superusers must enrol at their next sign-in (SKP_DUA_FAKTOR_WAJIB; BSSN's web application
standard expects it for privileged accounts). Everyone else may enrol on their own."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device


def wajib_dua_faktor(user) -> bool:
    """Must this account sign in with a second factor? Any right beyond an ordinary
    pegawai's (`Pegawai.has_hak_khusus`), unless the deployment switched the rule off."""
    return settings.SKP_DUA_FAKTOR_WAJIB and user.has_hak_khusus


def punya_dua_faktor(user) -> bool:
    """Has this account a confirmed second factor (an authenticator app or recovery codes)?"""
    return user_has_device(user, confirmed=True)


def boleh_matikan_dua_faktor(user) -> bool:
    return punya_dua_faktor(user) and not wajib_dua_faktor(user)


# What this session still owes, decided once at sign-in (`catat_kebutuhan_saat_masuk`), so that
# the many pages of an ordinary pegawai without a second factor cost no device query.
SESI_PERLU = "_dua_faktor_perlu"
PERLU_VERIFIKASI = "verifikasi"
PERLU_PASANG = "pasang"


def kebutuhan(user) -> str:
    """What a fresh sign-in of `user` must still pass: a code, an enrolment, or nothing."""
    if punya_dua_faktor(user):
        return PERLU_VERIFIKASI
    if wajib_dua_faktor(user):
        return PERLU_PASANG
    return ""


def catat_kebutuhan_saat_masuk(sender, request, user, **kwargs):
    """On login (`user_logged_in`), whatever the way in (password, SSO, Django admin)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESI_PERLU] = kebutuhan(user)


def lepaskan(request) -> None:
    """The session passed (or no longer owes) the second factor."""
    request.session.pop(SESI_PERLU, None)


class DuaFaktorMiddleware:
    """After django-otp's OTPMiddleware: a session that passed the password but not yet the
    second factor goes to the code page (or, for an account that must enrol and has not, to
    the enrolment page); only those pages, signing out and static files are open to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tujuan = self._tujuan(request)
        if tujuan:
            return tujuan
        return self.get_response(request)

    def _tujuan(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        perlu = request.session.get(SESI_PERLU)
        if not perlu or user.is_verified():
            return None
        halaman = "dua_faktor:pasang" if perlu == PERLU_PASANG else "dua_faktor:verifikasi"
        url = reverse(halaman)
        if request.path in (url, reverse("logout")) or request.path.startswith(settings.STATIC_URL):
            return None
        lanjut = request.get_full_path() if request.method == "GET" else ""
        return redirect(f"{url}?{urlencode({'next': lanjut})}" if lanjut else url)
