from django.conf import settings
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.views.decorators.http import require_safe

from accounts.forms import GantiKataSandiForm, LoginForm
from accounts.services.akun import tandai_kata_sandi_diganti


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links (a PDF tab, a bookmark): send them
    to the static icon instead of a logged 404."""
    return redirect(static("favicon.ico"))


def error_403(request, exception=None):
    # Our views raise PermissionDenied with a sentence that says why (written for the user).
    alasan = str(exception) if isinstance(exception, PermissionDenied) and exception.args else ""
    return render(request, "403.html", {"alasan": alasan}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())


class GantiKataSandiView(PasswordChangeView):
    """Django's password change, which also lifts a temporary password's forced change."""

    form_class = GantiKataSandiForm
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        tandai_kata_sandi_diganti(self.request.user)
        return response


class MasukView(LoginView):
    """Django's login by NIP and password, with the single sign-on button when it is on."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        label = settings.SSO_LABEL if settings.SSO_AKTIF else ""
        return {**super().get_context_data(**kwargs), "sso_label": label}
