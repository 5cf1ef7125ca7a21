"""The Form SKP as a printable document: the context the print template needs, the PDF bytes
and the file names. Shared by the single-SKP download and the unit batch."""

import datetime
import hashlib
import re
import unicodedata

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone, translation

from skp.dokumen import Dokumen, susun_dokumen
from skp.models import Skp, StatusSkp
from skp.pdf import render_pdf
from skp.verifikasi import tanda_verifikasi


def tanggal_ttd(skp: Skp) -> datetime.date:
    """The date under the signatures: when it was submitted, else today (WITA)."""
    if skp.diajukan_pada:
        return timezone.localtime(skp.diajukan_pada).date()
    return timezone.localdate()


def konteks_cetak(dokumen: Dokumen) -> dict:
    skp = dokumen.skp
    return {
        "dokumen": dokumen,
        "is_draf": skp.status != StatusSkp.DITETAPKAN,
        "status": skp.get_status_display(),
        "tempat": settings.SKP_TEMPAT_TTD,
        "tanggal": tanggal_ttd(skp),
        "ada_intervensi_bebas": any(
            b.intervensi_bebas for b in [*dokumen.utama, *dokumen.tambahan]
        ),
        # The code and QR every print carries (templates/skp/pdf/_verifikasi.html).
        "verifikasi": tanda_verifikasi(dokumen),
    }


def html_skp(dokumen: Dokumen) -> str:
    # Dates print in Indonesian also in the worker, which has no request to activate it.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("skp/pdf/skp.html", konteks_cetak(dokumen))


def pdf_skp(dokumen: Dokumen) -> bytes:
    """The same HTML always gives the same PDF, and WeasyPrint takes a few hundred
    milliseconds of CPU for it: the bytes are kept in the `pdf` cache under the HTML's hash.
    Any change (an RK, a name in the header, the date under the signatures) is a new key."""
    html = html_skp(dokumen)
    cache = caches["pdf"]
    kunci = "skp-pdf-" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(kunci)
    if pdf is None:
        pdf = render_pdf(html)
        cache.set(kunci, pdf)
    return pdf


def pdf_skp_by_id(skp_id: int) -> bytes:
    return pdf_skp(susun_dokumen(Skp.objects.dengan_isi().get(pk=skp_id)))


def slug_berkas(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_")[:60] or "pegawai"


def nama_berkas(skp: Skp, ekstensi: str) -> str:
    """`SKP_2022_198412012012121002_I_Ketut_Resika_Arthana.pdf`: ASCII only, safe in headers."""
    return f"SKP_{skp.periode.tahun}_{skp.pegawai.nip}_{slug_berkas(skp.pegawai.nama)}.{ekstensi}"
