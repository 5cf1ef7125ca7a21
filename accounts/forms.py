from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.nip import normalize_nip


class LoginForm(AuthenticationForm):
    """Login by NIP; spaces typed inside the NIP are ignored."""

    username = forms.CharField(
        label="NIP",
        max_length=40,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "numeric"}
        ),
    )

    error_messages = {
        "invalid_login": "NIP atau kata sandi salah. Periksa kembali lalu coba lagi.",
        "inactive": "Akun ini tidak aktif. Hubungi admin kepegawaian.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django caps the field at the model's 18 characters; a NIP typed with its usual
        # spaces (`19841201 201212 1 002`) is 21, and the browser would cut it silently.
        self.fields["username"].max_length = 40
        self.fields["username"].widget.attrs["maxlength"] = "40"
        self.fields["password"].label = "Kata sandi"

    def clean_username(self) -> str:
        return normalize_nip(self.cleaned_data["username"])
