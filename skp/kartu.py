"""The editor's RK cards, rendered once per content and reused.

A card is about a third of the SKP page's rendering, and on deadline day the same cards are
shown again and again while their owner edits one of them. Each card is stored under a hash of
everything it shows: the RK's and its IKI's fields, the intervensi text, the warnings and
problems, the validators' comments, its place in the list and the SKP's form model. Any change
gives a new key; nothing is ever invalidated by hand. A card with a form open is never stored.

The CSRF token differs per browser, so a stored card holds a marker tag in its place and the
request's own token goes in when the card is shown. The marker is a whole `<input>` tag: user
text is escaped, so it can never contain one.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

TEMPLATE = "skp/_rk.html"
_PENANDA = "csrf-kartu-rk"
_TAG_CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_TAG_PENANDA = _TAG_CSRF.format(_PENANDA)


def _sidik(obj) -> tuple:
    """Every stored field of a model instance, in field order."""
    return tuple(getattr(obj, f.attname) for f in obj._meta.concrete_fields)


def _komentar(daftar) -> tuple:
    penulis = lambda k: k.penulis.nama_lengkap if k.penulis_id else None  # noqa: E731
    return tuple((k.pk, k.teks, k.dibuat, penulis(k)) for k in daftar or ())


def kunci(baris, *, jenis: str, pertama: bool, terakhir: bool, dokumen, detail_url: str) -> str:
    """The cache key of one card: a hash of every value the card template reads."""
    isi = (
        TEMPLATE,
        jenis,
        pertama,
        terakhir,
        dokumen.is_jpt,
        detail_url,
        baris.nomor,
        _sidik(baris.rk),
        baris.intervensi_teks,
        baris.intervensi_bebas,
        tuple(baris.peringatan),
        tuple(baris.masalah),
        baris.url_pindah,
        baris.url_hapus,
        _komentar(baris.komentar_validator),
        tuple(
            (_sidik(iki), tuple(iki.peringatan), _komentar(iki.komentar_validator),
             iki.url_pindah, iki.url_hapus)
            for iki in baris.indikator
        ),
    )  # fmt: skip
    return "kartu-rk:" + hashlib.blake2b(repr(isi).encode(), digest_size=20).hexdigest()


def punya_form(baris) -> bool:
    return bool(baris.form_ubah or baris.form_iki or any(i.form_ubah for i in baris.indikator))


def html_kartu(request, baris, *, jenis: str, pertama: bool, terakhir: bool, skp, dokumen,
               detail_url: str) -> SafeString:  # fmt: skip
    """The card's HTML for this request, from the cache when its content was shown before."""
    cache = caches["kartu"]
    k = kunci(
        baris, jenis=jenis, pertama=pertama, terakhir=terakhir, dokumen=dokumen,
        detail_url=detail_url,
    )  # fmt: skip
    html = None if settings.DEBUG else cache.get(k)
    if html is None:
        html = render_to_string(
            TEMPLATE,
            {
                "b": baris, "jenis": jenis, "skp": skp, "dokumen": dokumen,
                "detail_url": detail_url, "csrf_token": _PENANDA,
                "forloop": {"first": pertama, "last": terakhir},
            },
        )  # fmt: skip
        cache.set(k, html)
    return mark_safe(html.replace(_TAG_PENANDA, _tag_csrf(request)))


def _tag_csrf(request) -> str:
    """One masked token for all the cards of a request (masking one costs 32 urandom calls)."""
    if not hasattr(request, "_tag_csrf_kartu"):
        request._tag_csrf_kartu = format_html(_TAG_CSRF, get_token(request))
    return request._tag_csrf_kartu
