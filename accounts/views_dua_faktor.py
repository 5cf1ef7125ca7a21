"""Two-factor pages: the code at sign-in, enrolling an app, recovery codes, and the
pegawai's own settings (accounts/services/dua_faktor.py does the work)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
import segno

from accounts import dua_faktor
from accounts.services import KepegawaianError
from accounts.services.dua_faktor import (
    alamat_otpauth,
    buat_ulang_kode_pemulihan,
    kunci_baru,
    matikan_dua_faktor,
    pasang_dua_faktor,
    periksa_kode_masuk,
    rahasia_tampil,
)

_KUNCI_SESI = "_dua_faktor_kunci"
_KODE_SESI = "_dua_faktor_kode_pemulihan"


class KodeForm(forms.Form):
    kode = forms.CharField(
        label="Kode",
        max_length=40,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code"}),
    )


class KodeAplikasiForm(KodeForm):
    """At enrolment only the app's 6 digits will do: a phone shows its number pad."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kode"].widget.attrs["inputmode"] = "numeric"


def _lanjut(request) -> str:
    tujuan = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        tujuan, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return tujuan
    return settings.LOGIN_REDIRECT_URL


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verifikasi(request):
    """The second step of a sign-in: a code from the app or one recovery code."""
    if request.user.is_verified() or not dua_faktor.punya_dua_faktor(request.user):
        # Verified already, or the admin removed the devices meanwhile: ask what is owed now.
        perlu = "" if request.user.is_verified() else dua_faktor.kebutuhan(request.user)
        if perlu:
            request.session[dua_faktor.SESI_PERLU] = perlu
        else:
            dua_faktor.lepaskan(request)
        return redirect(_lanjut(request))
    form = KodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            perangkat = periksa_kode_masuk(request.user, form.cleaned_data["kode"])
        except KepegawaianError as error:
            form.add_error("kode", str(error))
        else:
            otp_login(request, perangkat)
            dua_faktor.lepaskan(request)
            if isinstance(perangkat, StaticDevice):
                sisa = perangkat.token_set.count()
                messages.warning(
                    request,
                    f"Anda masuk dengan kode pemulihan; sisa {sisa} kode. Bila ponsel Anda "
                    "hilang, pasang aplikasi autentikator lagi di menu Verifikasi dua langkah.",
                )
            return redirect(_lanjut(request))
    return render(
        request, "accounts/dua_faktor_verifikasi.html", {"form": form, "next": _lanjut(request)}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pasang(request):
    """Enrol (or replace) the authenticator app: scan the QR code, type the code it shows."""
    if dua_faktor.punya_dua_faktor(request.user) and not request.user.is_verified():
        return redirect("dua_faktor:verifikasi")
    kunci = request.session.get(_KUNCI_SESI)
    if not kunci:
        kunci = request.session[_KUNCI_SESI] = kunci_baru()
    form = KodeAplikasiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            perangkat, kode = pasang_dua_faktor(
                request.user, kunci=kunci, kode=form.cleaned_data["kode"]
            )
        except KepegawaianError as error:
            form.add_error("kode", str(error))
        else:
            del request.session[_KUNCI_SESI]
            otp_login(request, perangkat)
            dua_faktor.lepaskan(request)
            request.session[_KODE_SESI] = kode
            messages.success(request, "Verifikasi dua langkah aktif.")
            return redirect("dua_faktor:kode_pemulihan")
    alamat = alamat_otpauth(request.user, kunci)
    return render(
        request,
        "accounts/dua_faktor_pasang.html",
        {
            "form": form,
            "qr": segno.make(alamat, error="m").svg_data_uri(scale=5, border=2),
            "rahasia": rahasia_tampil(kunci),
            "wajib": dua_faktor.wajib_dua_faktor(request.user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def kode_pemulihan(request):
    """The recovery codes, once: made by a POST (enrolment or renewal), shown by this GET and
    forgotten, so a reload shows nothing."""
    kode = request.session.pop(_KODE_SESI, None)
    response = render(request, "accounts/dua_faktor_kode.html", {"kode": kode})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET"])
def kelola(request):
    """The pegawai's own two-factor settings."""
    user = request.user
    aktif = dua_faktor.punya_dua_faktor(user)
    sisa = StaticToken.objects.filter(device__user=user).count() if aktif else 0
    return render(
        request,
        "accounts/dua_faktor_kelola.html",
        {
            "aktif": aktif,
            "sisa_kode": sisa,
            "wajib": dua_faktor.wajib_dua_faktor(user),
            "boleh_matikan": dua_faktor.boleh_matikan_dua_faktor(user),
        },
    )


def _pastikan_terverifikasi(request) -> None:
    if not request.user.is_verified():
        raise PermissionDenied("Masuk dengan verifikasi dua langkah lebih dahulu.")


@login_required
@require_POST
def kode_baru(request):
    _pastikan_terverifikasi(request)
    try:
        request.session[_KODE_SESI] = buat_ulang_kode_pemulihan(request.user)
    except KepegawaianError as error:
        messages.error(request, str(error))
        return redirect("dua_faktor:kelola")
    return redirect("dua_faktor:kode_pemulihan")


@login_required
@require_POST
def matikan(request):
    _pastikan_terverifikasi(request)
    try:
        matikan_dua_faktor(request.user)
    except KepegawaianError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Verifikasi dua langkah dimatikan.")
    return redirect("dua_faktor:kelola")
