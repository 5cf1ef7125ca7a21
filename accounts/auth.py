"""How django-axes locks logins: by NIP and address together, plus a cap per address.

The address is the one config.security.client_ip resolves (AXES_CLIENT_IP_CALLABLE); behind
the proxy it is the one our proxy appended, so a forged X-Forwarded-For neither moves an
attacker's failures onto someone else's address nor out of his own.
"""

import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from accounts.nip import normalize_nip

security_log = logging.getLogger("skp.security")


def axes_username(request, credentials) -> str:
    """The NIP axes locks on, typed with or without spaces, so `1984 …` and `1984…` are one."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_nip(raw)


def axes_bukan_tebakan_sandi(request, credentials) -> bool:
    """axes' whitelist (AXES_WHITELIST_CALLABLE): the SSO callback guesses no password (its
    code is single-use, bound to the session's state and PKCE), so a failed SSO sign-in (a
    person the roster does not know) is not counted against the NIP or the address: at a
    campus NAT it would otherwise lock everyone behind it out."""
    from django.urls import reverse

    return request is not None and request.path == reverse("sso:kembali")


def failed_logins_from_address(request) -> int:
    """Failed logins from the request's address within the cool-off, whatever the NIP."""
    return (
        AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(jumlah=Sum("failures_since_start"))["jumlah"]
        or 0
    )


def is_address_locked(request) -> bool:
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    if not limit or not request.axes_ip_address:
        return False
    return failed_logins_from_address(request) >= limit


class AxesHandler(AxesDatabaseHandler):
    """Axes' database handler (a NIP locked from one address after AXES_FAILURE_LIMIT
    failures) plus the address itself locked after AXES_ADDRESS_FAILURE_LIMIT failures across
    all NIPs. A success resets only that NIP's count from that address."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if is_address_locked(request):
            request.axes_address_locked = True
            return True
        return False

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or self.is_whitelisted(request, credentials):
            return
        nip = axes_username(request, credentials)
        if not request.axes_locked_out and is_address_locked(request):
            request.axes_locked_out = True
            request.axes_address_locked = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes", request=request, username=nip, ip_address=request.axes_ip_address
            )
        if request.axes_locked_out:
            security_log.warning(
                "login dikunci: nip=%s ip=%s oleh=%s",
                nip,
                request.axes_ip_address,
                "alamat" if getattr(request, "axes_address_locked", False) else "nip-dan-alamat",
            )
        else:
            security_log.warning("login gagal: nip=%s ip=%s", nip, request.axes_ip_address)


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (429): whether this NIP or the whole address waits, and how long."""
    menit = int(get_cool_off(request).total_seconds() // 60)
    if getattr(request, "axes_address_locked", False):
        pesan = (
            "Demi keamanan, masuk dari alamat jaringan Anda ditutup sementara karena terlalu "
            f"banyak percobaan gagal dari alamat ini. Tunggu {menit} menit lalu coba lagi, "
            "atau hubungi admin kepegawaian."
        )
    else:
        pesan = (
            "Demi keamanan, akun ini dikunci sementara dari perangkat Anda setelah beberapa "
            f"kali salah kata sandi. Tunggu {menit} menit lalu coba lagi, atau hubungi admin "
            "kepegawaian."
        )
    return render(request, "registration/lockout.html", {"pesan": pesan}, status=429)
