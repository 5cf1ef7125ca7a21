from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.http import url_has_allowed_host_and_scheme


@lru_cache(maxsize=256)
def _url_halaman(name: str, prefix: str) -> str:
    return reverse(name)


def url_halaman(name: str) -> str:
    """`reverse(name)` for a page without arguments, once per process and script prefix: the
    menu's and the frame's links are on every page (`{% url %}` costs ~55 µs a link)."""
    return _url_halaman(name, get_script_prefix())


@receiver(setting_changed)
def _lupakan_url(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _url_halaman.cache_clear()


def tautan_kembali(request, nilai: str | None, bawaan: str) -> str:
    """A `kembali`/`next` address from the request, if it is a path on this site; else
    `bawaan`. `/\\evil.example/` and `//evil.example/` are off-site to a browser."""
    nilai = nilai or ""
    aman = nilai.startswith("/") and url_has_allowed_host_and_scheme(
        nilai, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return nilai if aman else bawaan


def alamat_situs(path: str) -> str:
    """`path` as an absolute address on the site's public address (SKP_ALAMAT_SITUS): what a
    printed form, its QR code, an email or a password slip carries, read outside any request."""
    return settings.SKP_ALAMAT_SITUS.rstrip("/") + path
