"""Password reset by email: Django's own views, with our form, our audit and a queued email
(accounts/services/reset.py says why the answer never tells whether an account exists)."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.module_loading import import_string

from accounts.forms import KataSandiBaruForm, ResetKataSandiForm
from accounts.links import alamat_situs
from accounts.models import Pegawai
from accounts.services.reset import TerlaluSeringError, catat_reset_selesai, minta_reset_kata_sandi


def antrekan_tautan_reset(pegawai: Pegawai) -> None:
    """Queue the reset link to the pegawai's email the way every other email of the app goes
    (SKP_ANTREAN_EMAIL: the app's mail queue, which lives in a higher layer than accounts)."""
    uid = urlsafe_base64_encode(force_bytes(pegawai.pk))
    token = default_token_generator.make_token(pegawai)
    konteks = {
        "pegawai": pegawai,
        "tautan": alamat_situs(
            reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
        ),
        "menit": settings.PASSWORD_RESET_TIMEOUT // 60,
    }
    isi = render_to_string("registration/password_reset_email.txt", konteks)
    import_string(settings.SKP_ANTREAN_EMAIL)(pegawai, "Atur ulang kata sandi SKP Online", isi)


class TanpaSesiMixin:
    """Someone signed in knows their password: they change it there, they need no link."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("password_change")
        return super().dispatch(request, *args, **kwargs)


class ResetKataSandiView(TanpaSesiMixin, auth_views.PasswordResetView):
    form_class = ResetKataSandiForm

    def form_valid(self, form):
        try:
            minta_reset_kata_sandi(
                form.cleaned_data["email"],
                alamat_ip=get_client_ip_address(self.request),
                kirim_tautan=antrekan_tautan_reset,
            )
        except TerlaluSeringError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return HttpResponseRedirect(self.get_success_url())


class AturKataSandiBaruView(TanpaSesiMixin, auth_views.PasswordResetConfirmView):
    form_class = KataSandiBaruForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            catat_reset_selesai(form.user, alamat_ip=get_client_ip_address(self.request))
        return response


class ResetTerkirimView(auth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "menit": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
