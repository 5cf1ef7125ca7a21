"""Security middleware: a strict Content-Security-Policy, the absolute session lifetime, and
failed authorisations logged as security events (Peraturan BSSN 4/2021)."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from ipware.ip import get_client_ip

security_log = logging.getLogger("skp.security")

# No inline scripts anywhere: our JS lives in static files. Inline *style attributes* are
# allowed (Bootstrap components and a few column widths use them); they cannot run code.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SESSION_STARTED_KEY = "_sesi_dimulai"
SESSION_TOUCHED_KEY = "_sesi_disentuh"


def start_session_clocks(sender, request, user, **kwargs):
    """On login (`user_logged_in`): both session clocks start, so the first page after it
    has nothing to save."""
    now = int(time.time())
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_TOUCHED_KEY] = now


def client_ip(request) -> str:
    """The client's address, which the login lockout (AXES_CLIENT_IP_CALLABLE) and the security
    log go by. Without a proxy it is REMOTE_ADDR and X-Forwarded-For is ignored: anyone can
    send that header. Behind the proxy it is the entry our own proxies appended, PROXY_COUNT
    from the right; whatever stands left of it the client wrote."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    # ipware is handed only our proxies' entries: its parser reads a `"` the client sent as the
    # start of a quoted string that swallows what nginx appended after it, and would then
    # answer the proxy's own address. ipware's proxy_count counts the proxies *listed* in the
    # header; the last one is REMOTE_ADDR, not listed, hence one less than ours.
    ours = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-settings.PROXY_COUNT :]
    trusted = HttpRequest()
    trusted.META = {"HTTP_X_FORWARDED_FOR": ",".join(ours)}
    ip, _routable = get_client_ip(
        trusted,
        proxy_count=settings.PROXY_COUNT - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=True,
    )
    # No usable entry: the request did not come through all our proxies.
    return ip or remote


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        too_large = self._refuse_oversized_body(request)
        if too_large:
            return too_large
        expired = self._enforce_absolute_session_lifetime(request)
        if expired:
            return expired
        self._renew_idle_expiry(request)
        forced = self._enforce_password_change(request)
        if forced:
            return forced
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if response.status_code == 403:
            user = getattr(request, "user", None)
            security_log.warning(
                "akses ditolak: user=%s ip=%s method=%s path=%s",
                getattr(user, "nip", "anonim") if user and user.is_authenticated else "anonim",
                client_ip(request),
                request.method,
                request.path,
            )
        return response

    def _enforce_password_change(self, request):
        """A temporary password from the admin opens only the page that replaces it."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.harus_ganti_kata_sandi:
            return None
        # The second factor comes first (accounts.dua_faktor): its pages stay open.
        allowed = {
            reverse("password_change"),
            reverse("logout"),
            reverse("dua_faktor:verifikasi"),
            reverse("dua_faktor:pasang"),
            reverse("dua_faktor:kode_pemulihan"),
        }
        if request.path in allowed or request.path.startswith(settings.STATIC_URL):
            return None
        messages.info(
            request,
            "Anda masuk dengan kata sandi sementara. Buat kata sandi Anda sendiri untuk melanjutkan.",
        )
        return redirect("password_change")

    def _refuse_oversized_body(self, request):
        """Django caps form fields in memory but streams any file of any size to disk, even
        for an anonymous POST, before a view can refuse it: refuse by Content-Length first."""
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= settings.MAX_REQUEST_BYTES:
            return None
        security_log.warning(
            "kiriman terlalu besar: %s bita ip=%s path=%s", length, client_ip(request), request.path
        )
        batas = settings.MAX_REQUEST_BYTES // (1024 * 1024)
        return HttpResponse(
            f"Kiriman terlalu besar (maksimal {batas} MB). Perkecil atau bagi file Anda.",
            status=413,
            content_type="text/plain; charset=utf-8",
        )

    def _renew_idle_expiry(self, request):
        """The idle limit is the session's expiry, pushed back whenever the session is saved.
        Saving it on every request (SESSION_SAVE_EVERY_REQUEST) cost an UPDATE and a commit
        per page view; renewing at most once per SESSION_RENEW_SECONDS keeps the 30-minute
        idle limit to within that minute."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        now = int(time.time())
        if now - int(request.session.get(SESSION_TOUCHED_KEY, 0)) >= settings.SESSION_RENEW_SECONDS:
            request.session[SESSION_TOUCHED_KEY] = now

    def _enforce_absolute_session_lifetime(self, request):
        """Idle expiry is the session cookie's age; this caps a session however active."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        now = int(time.time())
        started = request.session.get(SESSION_STARTED_KEY)
        if started is None:
            request.session[SESSION_STARTED_KEY] = now
            return None
        if now - int(started) <= settings.SESSION_ABSOLUTE_SECONDS:
            return None
        logout(request)
        messages.info(request, "Sesi Anda telah berakhir (maksimal 12 jam). Silakan masuk kembali.")
        return redirect_to_login(request.get_full_path())
