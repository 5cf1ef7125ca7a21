"""The Form SKP as a printable document: the context the print template needs, the PDF bytes
and the file names. Shared by the single-SKP download and the unit batch."""

from dataclasses import dataclass
import datetime
from functools import cached_property
import hashlib
import re
import unicodedata

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import JenisAsn, Pegawai
from accounts.pdf import render_pdf
from skp.dokumen import Dokumen, Identitas, susun_dokumen
from skp.lampiran import daftar_lampiran, daftar_lampiran_versi
from skp.models import Skp, StatusSkp
from skp.perilaku import baris_perilaku, baris_perilaku_versi
from skp.verifikasi import tanda_verifikasi, tanda_verifikasi_versi


def tanggal_ttd(skp: Skp) -> datetime.date:
    """The date under the signatures: when it was submitted, else today (WITA)."""
    if skp.diajukan_pada:
        return timezone.localtime(skp.diajukan_pada).date()
    return timezone.localdate()


def label_nip(jenis_asn: str) -> str:
    """What the form calls the number: a PPPK's is the NI PPPK, not a NIP (DOMAIN.md §2)."""
    return "NI PPPK" if jenis_asn == JenisAsn.PPPK else "NIP"


@dataclass(frozen=True)
class Kolom:
    """One column of the HASIL KERJA table: its key, its head and its share of the width."""

    kode: str
    judul: str
    lebar: float  # percent of the table's width in the PDF


@dataclass(frozen=True)
class BarisIdentitas:
    """One numbered row of the identity table (1 NAMA … 5 UNIT KERJA), both sides."""

    nomor: int
    label: str
    pegawai: str
    label_pejabat: str
    pejabat: str
    is_nip: bool = False


# Relative widths of the HASIL KERJA columns; each table's are scaled to 100 %.
_BOBOT_KOLOM = {
    "no": 4,
    "intervensi": 22,
    "rhk": 24,
    "rhk_jpt": 33,
    "aspek": 9,
    "iki": 27,
    "iki_jpt": 35,
    "target": 14,
    "ukuran": 40,
    "ukuran_jpt": 45,
    "perspektif": 14,
}


class Formulir:
    """What the form of a profile with the instansi line, numbered identity blocks and the
    PERILAKU KERJA and LAMPIRAN parts (6/2022, DOMAIN.md §9) prints beyond the 8/2021 one,
    shared by its PDF template and its .xlsx. Read when first used: a print that does not
    show a part (the 8/2021 form) pays no query for it."""

    def __init__(self, dokumen: Dokumen):
        self.dokumen = dokumen
        self.skp = dokumen.skp

    @cached_property
    def label_nip_pegawai(self) -> str:
        return label_nip(self.dokumen.header.pegawai.jenis_asn or self.skp.pegawai.jenis_asn)

    @cached_property
    def label_nip_pejabat(self) -> str:
        """The pejabat penilai's number is NIP or NI PPPK by whose number it is: a NIP
        belongs to one person and one jenis ASN for good (a PPPK who becomes PNS gets a new
        one). The header keeps it; a snapshot from before it did is asked by its NIP (one
        query)."""
        pejabat = self.dokumen.header.pejabat_penilai
        if pejabat is None:
            return "NIP"
        if pejabat.jenis_asn:  # kept in the header (snapshots before that: asked below)
            return label_nip(pejabat.jenis_asn)
        jenis = Pegawai.objects.filter(nip=pejabat.nip).values_list("jenis_asn", flat=True)
        return label_nip(next(iter(jenis), JenisAsn.PNS))

    @cached_property
    def identitas(self) -> list[BarisIdentitas]:
        """Rows 1–5 of the identity table; an empty field prints as "–"."""
        h = self.dokumen.header
        kiri, kanan = h.pegawai, h.pejabat_penilai or Identitas()
        baris = [
            ("NAMA", "nama"),
            (None, "nip"),
            ("PANGKAT/GOL. RUANG", "pangkat_golongan"),
            ("JABATAN", "jabatan"),
            ("UNIT KERJA", "unit_kerja"),
        ]
        return [
            BarisIdentitas(
                nomor,
                label or self.label_nip_pegawai,
                getattr(kiri, field) or "–",
                label or self.label_nip_pejabat,
                getattr(kanan, field) or "–",
                is_nip=field == "nip",
            )
            for nomor, (label, field) in enumerate(baris, start=1)
        ]

    @cached_property
    def kolom(self) -> list[Kolom]:
        """The HASIL KERJA columns of this SKP: JA/JF or JPT, kuantitatif (an IKI per row)
        or kualitatif (one narrative column), with PERSPEKTIF for a JPT where the profile
        has it; numbered (1), (2)… under the heads in this order."""
        d = self.dokumen
        # A JPT's wider text columns (no intervensi column beside them) weigh their own.
        bobot = {
            kode: _BOBOT_KOLOM.get(f"{kode}_jpt" if d.is_jpt else kode, _BOBOT_KOLOM.get(kode))
            for kode, _ in d.kolom
        }
        total = sum(bobot.values())
        return [Kolom(kode, judul, round(bobot[kode] * 100 / total, 2)) for kode, judul in d.kolom]

    @cached_property
    def perilaku(self):
        """The seven values with their guides and this SKP's expectations (one query; a
        version's print reads them from the version, no query)."""
        if not self.skp.profil.perilaku_kerja:
            return []
        if self.dokumen.versi is not None:
            return baris_perilaku_versi(self.dokumen.versi.versi.perilaku)
        return baris_perilaku(self.skp)

    @cached_property
    def lampiran(self):
        """The three lists of the Lampiran (one query; none under a profile without it; a
        version's print reads them from the version, no query)."""
        if self.dokumen.versi is not None:
            if not self.skp.profil.lampiran:
                return []
            return daftar_lampiran_versi(self.dokumen.versi.versi.lampiran)
        return daftar_lampiran(self.skp)


def konteks_cetak(dokumen: Dokumen) -> dict:
    skp = dokumen.skp
    formulir = Formulir(dokumen)
    konteks = {
        "dokumen": dokumen,
        "is_draf": skp.status != StatusSkp.DITETAPKAN,
        "status": skp.get_status_display(),
        "tempat": settings.SKP_TEMPAT_TTD,
        "tanggal": tanggal_ttd(skp),
        "ada_intervensi_bebas": any(
            b.intervensi_bebas for b in [*dokumen.utama, *dokumen.tambahan]
        ),
        "formulir": formulir,
    }
    if dokumen.versi is not None:
        # A submitted version prints in the state it reached, dated when it was submitted,
        # with the code of its own content (skp/verifikasi.py).
        versi = dokumen.versi
        konteks.update(
            is_draf=not versi.is_ditetapkan,
            status=StatusSkp(versi.status).label,
            tanggal=versi.tanggal_diajukan,
            verifikasi=tanda_verifikasi_versi(versi.versi, ditetapkan=versi.is_ditetapkan),
        )
    else:
        # The code and QR every print carries (templates/skp/pdf/_verifikasi.html).
        # The fingerprint reads the expectations and the Lampiran the form shows (none and
        # no query under a profile without them).
        konteks["verifikasi"] = tanda_verifikasi(dokumen, formulir.perilaku, formulir.lampiran)
    return konteks


def html_skp(dokumen: Dokumen) -> str:
    """The print's HTML in the template of the SKP's profile (`Profil.template_cetak`)."""
    # Dates print in Indonesian also in the worker, which has no request to activate it.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(dokumen.skp.profil.template_cetak, konteks_cetak(dokumen))


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


def nama_berkas(skp: Skp, ekstensi: str, versi: int | None = None) -> str:
    """`SKP_2022_198412012012121002_I_Ketut_Resika_Arthana.pdf`: ASCII only, safe in headers;
    a submitted version's print ends `_versi-1.pdf`."""
    akhiran = f"_versi-{versi}" if versi is not None else ""
    nama = slug_berkas(skp.pegawai.nama)
    return f"SKP_{skp.periode.tahun}_{skp.pegawai.nip}_{nama}{akhiran}.{ekstensi}"
