"""Checking a paper Form SKP without logging in (issue 15.8). Every print carries a short code
and a QR code of the public page for it; the page says whose SKP it is, for which periode, in
which state, and whether the content printed is the content that was approved.

The code is 24 Crockford base32 symbols (`7K3M-Q9XA-…`, typable, O/0 and I/L/1 read alike)
carrying the SKP's id and the first 40 bits of the printed content's fingerprint (`sidik_isi`),
authenticated by 48 bits of an HMAC keyed from SECRET_KEY and masked (`buat_kode`). Nothing is
written when printing (the worker prints too, and the PDF cache keys on the HTML); nobody can
make a valid code for an SKP they never held a print of, so staff names cannot be read by
guessing codes.

The fingerprint is a SHA-256 over a canonical JSON of what the print shows, built by the same
builders that make a submitted SkpVersi (header, RK/RHK with intervensi and IKI, the pimpinan's
expectations, the Lampiran): the live SKP at print time and the approved version hash alike
when their content is the same. The approved version is the latest SkpVersi of an SKP that is
Ditetapkan (no transition leaves that state). A print of an SKP not yet ditetapkan is hashed as
a draft, so it never passes for the approved one even when its content is the same."""

import copy
from dataclasses import dataclass
import datetime
from functools import cached_property
import hashlib
import hmac
import json
import unicodedata

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.links import alamat_situs
from periode.models import Periode
from skp.dokumen import Dokumen, Header, susun_dokumen
from skp.lampiran import isi_versi_lampiran
from skp.models import Indikator, Skp, SkpTransisi, SkpVersi, StatusSkp
from skp.perilaku import isi_perilaku
from skp.services.workflow import isi_versi

ALFABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
PANJANG_KODE = 24
# Longer input is not a code whatever it holds; it is refused before any work.
BATAS_MASUKAN = 64
# 15 bytes = 120 bits = 24 symbols; 4 bytes of id hold SKP ids up to 4,294,967,295.
_BAIT_TANDA, _BAIT_ID, _BAIT_SIDIK = 6, 4, 5
_GARAM = "skp.verifikasi.kode"
_BACA_SAMA = str.maketrans({"O": "0", "I": "1", "L": "1"})
_PEMISAH = str.maketrans("", "", "-–— _.")
# Part of what is hashed: a later change of the canonical form bumps it, so old and new
# fingerprints never compare equal by accident.
_VERSI_SIDIK = 1


def is_ditetapkan(skp: Skp) -> bool:
    return skp.status == StatusSkp.DITETAPKAN


def _tanpa_id(nilai):
    """The rows' ids are no part of what the print shows: an RK deleted and written again
    with the same words prints the same."""
    if isinstance(nilai, dict):
        return {k: _tanpa_id(v) for k, v in nilai.items() if k != "id"}
    if isinstance(nilai, list):
        return [_tanpa_id(v) for v in nilai]
    return nilai


def sidik_isi(
    header: dict, isi: list, perilaku: list, lampiran: list, *, ditetapkan: bool
) -> bytes:
    """SHA-256 of the canonical JSON of a print's content, in the shapes SkpVersi keeps."""
    data = {
        "versi": _VERSI_SIDIK,
        "ditetapkan": ditetapkan,
        # Through the dataclass, as the print reads a snapshot: both sides get the same keys.
        "header": Header.from_json(header).as_json() if header else {},
        "isi": _tanpa_id(isi),
        "perilaku": _tanpa_id(perilaku),
        "lampiran": _tanpa_id(lampiran),
    }
    teks = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(teks.encode()).digest()


def sidik_dokumen(dokumen: Dokumen, perilaku=None, lampiran=None) -> bytes:
    """The fingerprint of the print of `dokumen` now (no query under 8/2021; under 6/2022 one
    each for the expectations and the Lampiran, none when the print passes the
    `baris_perilaku` and `daftar_lampiran` it shows)."""
    skp = dokumen.skp
    return sidik_isi(
        dokumen.header.as_json(),
        isi_versi(skp, [b.rk for b in [*dokumen.utama, *dokumen.tambahan]]),
        isi_perilaku(skp, perilaku),
        isi_versi_lampiran(skp, lampiran),
        ditetapkan=is_ditetapkan(skp),
    )


def sidik_versi(versi: SkpVersi) -> bytes:
    """The fingerprint a print of this version as the approved SKP has."""
    return sidik_isi(versi.header, versi.isi, versi.perilaku, versi.lampiran, ditetapkan=True)


def _target_lama(iki: Indikator) -> str:
    """An IKI's target as versions stored it before skp/target.py (December 2026): a
    descriptive target without its satuan. Only to recognise those versions' prints."""
    from accounts.formatting import format_angka

    if iki.target_min is None:
        return iki.target_teks
    angka = format_angka(iki.target_min)
    if iki.target_max is not None and iki.target_max != iki.target_min:
        angka = f"{angka}–{format_angka(iki.target_max)}"
    hasil = f"{angka} {iki.satuan}".strip() if iki.satuan != "%" else f"{angka}%"
    return f"{hasil} ({iki.target_teks})" if iki.target_teks else hasil


def sidik_versi_kini(versi: SkpVersi) -> bytes | None:
    """The fingerprint a print made today of an approved version stored before targets were
    written with their satuan ("1 x 24" then, "1 x 24 jam" now): the version with each such
    target as prints write it now. None when no target of it reads differently today. An
    approved SKP cannot change, so its IKI rows still hold what the version shows (one
    query)."""
    indikator = {
        iki.pk: iki for iki in Indikator.objects.filter(rencana_kinerja__skp_id=versi.skp_id)
    }
    isi, berubah = copy.deepcopy(versi.isi), False
    for rk in isi:
        for butir in rk.get("indikator", []):
            iki = indikator.get(butir.get("id"))
            if iki is None or butir.get("target") == iki.target_tampil:
                continue
            if butir.get("target") == _target_lama(iki):
                butir["target"], berubah = iki.target_tampil, True
    if not berubah:
        return None
    return sidik_isi(versi.header, isi, versi.perilaku, versi.lampiran, ditetapkan=True)


# --- The code ------------------------------------------------------------------------------


def _hmac(kunci: str, tujuan: str, data: bytes, panjang: int) -> bytes:
    mac = salted_hmac(f"{_GARAM}.{tujuan}", data, secret=kunci, algorithm="sha256")
    return mac.digest()[:panjang]


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _ke_simbol(data: bytes) -> str:
    angka, bit = int.from_bytes(data, "big"), len(data) * 8
    return "".join(ALFABET[(angka >> geser) & 31] for geser in range(bit - 5, -1, -5))


def kelompokkan(kode: str) -> str:
    """`7K3MQ9XA…` → `7K3M-Q9XA-…`: how the print and the page show a code."""
    return "-".join(kode[i : i + 4] for i in range(0, len(kode), 4))


def buat_kode(skp_id: int, sidik: bytes) -> str:
    """The code of a print of SKP `skp_id` whose content has fingerprint `sidik` (ungrouped).

    The HMAC of id and fingerprint comes first; id and fingerprint follow, masked by a second
    HMAC of that first one (a synthetic-IV construction): the code looks random and says
    nothing of the SKP's id or of how many SKPs there are."""
    isi = skp_id.to_bytes(_BAIT_ID, "big") + sidik[:_BAIT_SIDIK]
    tanda = _hmac(settings.SECRET_KEY, "tanda", isi, _BAIT_TANDA)
    return _ke_simbol(tanda + _xor(isi, _hmac(settings.SECRET_KEY, "samaran", tanda, len(isi))))


def rapikan_kode(teks: str) -> str | None:
    """The 24 symbols of what someone typed or scanned (dashes, spaces and case ignored, O
    read as 0, I and L as 1, as Crockford's alphabet has it), or None when it cannot be one."""
    if not isinstance(teks, str) or len(teks) > BATAS_MASUKAN:
        return None
    kode = unicodedata.normalize("NFKC", teks).upper().translate(_PEMISAH).translate(_BACA_SAMA)
    kode = "".join(kode.split())
    if len(kode) != PANJANG_KODE or any(c not in ALFABET for c in kode):
        return None
    return kode


@dataclass(frozen=True)
class KodeTerbaca:
    skp_id: int
    sidik: bytes  # the printed content's fingerprint, its first bytes


def baca_kode(teks: str) -> KodeTerbaca | None:
    """The SKP and fingerprint a code carries, or None when it is malformed or its HMAC is not
    ours (made under SECRET_KEY or one of SECRET_KEY_FALLBACKS, so a key rotation keeps the
    paper already printed checkable). Forged and mistyped codes are told apart by nobody."""
    kode = rapikan_kode(teks)
    if kode is None:
        return None
    angka = 0
    for c in kode:
        angka = angka * 32 + ALFABET.index(c)
    data = angka.to_bytes(_BAIT_TANDA + _BAIT_ID + _BAIT_SIDIK, "big")
    tanda, samaran = data[:_BAIT_TANDA], data[_BAIT_TANDA:]
    for kunci in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        isi = _xor(samaran, _hmac(kunci, "samaran", tanda, len(samaran)))
        if hmac.compare_digest(tanda, _hmac(kunci, "tanda", isi, _BAIT_TANDA)):
            return KodeTerbaca(int.from_bytes(isi[:_BAIT_ID], "big"), isi[_BAIT_ID:])
    return None


# --- On the print --------------------------------------------------------------------------


def alamat_halaman(kode: str | None = None) -> str:
    """The public page's absolute address (SKP_ALAMAT_SITUS), of one code or of the form."""
    path = reverse("skp:verifikasi_kode", args=[kode]) if kode else reverse("skp:verifikasi")
    return alamat_situs(path)


@dataclass
class TandaVerifikasi:
    """What a print carries: the code, the page to type it into, the QR of its own page."""

    kode: str  # ungrouped

    @property
    def kode_tampil(self) -> str:
        return kelompokkan(self.kode)

    @property
    def alamat(self) -> str:
        return alamat_halaman()

    @property
    def url(self) -> str:
        return alamat_halaman(self.kode)

    @cached_property
    def qr(self) -> str:
        """The QR of `url` as an SVG data: URI (the PDF fetcher serves only data: and our
        static files). Some 4 ms, paid only by the PDF, not the spreadsheet."""
        import segno

        return segno.make(self.url, error="m").svg_data_uri(omitsize=True, border=2)


def tanda_verifikasi(dokumen: Dokumen, perilaku=None, lampiran=None) -> TandaVerifikasi:
    """The code and QR of this print; `perilaku` and `lampiran` as for `sidik_dokumen`."""
    return TandaVerifikasi(buat_kode(dokumen.skp.pk, sidik_dokumen(dokumen, perilaku, lampiran)))


def tanda_verifikasi_versi(versi: SkpVersi, *, ditetapkan: bool) -> TandaVerifikasi:
    """The code and QR of a submitted version's print, from the version's own content: the
    same as `sidik_versi` for the approved version (the page says it matches), a draft's
    otherwise (never taken for the approved one)."""
    sidik = sidik_isi(
        versi.header, versi.isi, versi.perilaku, versi.lampiran, ditetapkan=ditetapkan
    )
    return TandaVerifikasi(buat_kode(versi.skp_id, sidik))


# --- The public page -----------------------------------------------------------------------


class Kecocokan:
    COCOK = "cocok"  # printed as the approved SKP, and it is still what was approved
    BERBEDA = "berbeda"  # there is an approved version; the print is not of it
    BELUM_DITETAPKAN = "belum_ditetapkan"  # nothing is approved yet: the print is a draft


# The page's answer per outcome: heading, sentence, and the tone and icon it is shown in.
_JAWABAN = {
    Kecocokan.COCOK: (
        "Isi dokumen sesuai dengan SKP yang ditetapkan",
        "Dokumen dengan kode ini dicetak dari versi SKP yang ditetapkan, dan versi itu belum "
        "berubah.",
        "success",
        "patch-check-fill",
    ),
    Kecocokan.BERBEDA: (
        "Isi dokumen TIDAK sesuai dengan SKP yang ditetapkan",
        "Dokumen dengan kode ini dicetak dari draf, atau isinya berubah sesudah dicetak: yang "
        "tercetak bukan versi yang ditetapkan. Mintalah cetakan terbaru kepada pegawai.",
        "danger",
        "x-octagon-fill",
    ),
    Kecocokan.BELUM_DITETAPKAN: (
        "Isi dokumen belum disetujui",
        "SKP ini belum memiliki versi yang ditetapkan: dokumen dengan kode ini adalah cetakan "
        "draf, bukan SKP yang disetujui.",
        "warning",
        "exclamation-triangle-fill",
    ),
}


@dataclass
class HasilVerifikasi:
    """All the public page states, and nothing more (no NIP, no content)."""

    kode: str  # grouped
    nama: str
    periode: Periode
    status: str
    kecocokan: str
    versi_diajukan: datetime.date | None = None
    versi_ditetapkan: datetime.date | None = None

    @property
    def is_cocok(self) -> bool:
        return self.kecocokan == Kecocokan.COCOK

    @property
    def judul(self) -> str:
        return _JAWABAN[self.kecocokan][0]

    @property
    def kalimat(self) -> str:
        return _JAWABAN[self.kecocokan][1]

    @property
    def nada(self) -> str:
        return _JAWABAN[self.kecocokan][2]

    @property
    def ikon(self) -> str:
        return _JAWABAN[self.kecocokan][3]


def versi_disetujui(skp: Skp) -> SkpVersi | None:
    """The approved version: the latest submitted one, while the SKP is Ditetapkan."""
    if not is_ditetapkan(skp):
        return None
    return SkpVersi.objects.filter(skp=skp).order_by("-nomor").first()


def sidik_disetujui(skp: Skp) -> tuple[bytes, datetime.datetime | None] | None:
    """The fingerprint of the approved content and when it was submitted; None while nothing
    is approved. An SKP ditetapkan without any version (loaded so, like the seed's 2022 SKP,
    or approved before versions were kept) is locked: its content now is what was approved."""
    versi = versi_disetujui(skp)
    if versi is not None:
        return sidik_versi(versi), versi.dibuat
    if not is_ditetapkan(skp):
        return None
    return sidik_dokumen(susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk))), skp.diajukan_pada


def _tanggal(waktu: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(waktu).date() if waktu else None


def periksa_kode(teks: str) -> HasilVerifikasi | None:
    """What the public page says of the code `teks`; None for a code that is not ours or
    names no SKP (the page answers both alike, 404). Four queries at most, six for a print
    of a version stored before targets carried their satuan."""
    terbaca = baca_kode(teks)
    if terbaca is None:
        return None
    skp = Skp.objects.select_related("pegawai", "periode").filter(pk=terbaca.skp_id).first()
    if skp is None:
        return None
    # The name as every print since the last submission has it (the header's snapshot).
    nama = (skp.snapshot_header or {}).get("pegawai", {}).get("nama") or skp.pegawai.nama_lengkap
    hasil = HasilVerifikasi(
        kode=kelompokkan(rapikan_kode(teks)),
        nama=nama,
        periode=skp.periode,
        status=skp.get_status_display(),
        kecocokan=Kecocokan.BELUM_DITETAPKAN,
    )
    disetujui = sidik_disetujui(skp)
    if disetujui is None:
        return hasil
    sidik, diajukan = disetujui
    cocok = hmac.compare_digest(sidik[:_BAIT_SIDIK], terbaca.sidik)
    if not cocok and (versi := versi_disetujui(skp)) is not None:
        # A print made after targets gained their satuan, of a version stored before.
        kini = sidik_versi_kini(versi)
        cocok = kini is not None and hmac.compare_digest(kini[:_BAIT_SIDIK], terbaca.sidik)
    hasil.kecocokan = Kecocokan.COCOK if cocok else Kecocokan.BERBEDA
    hasil.versi_diajukan = _tanggal(diajukan)
    hasil.versi_ditetapkan = _tanggal(
        SkpTransisi.objects.filter(skp=skp, ke=StatusSkp.DITETAPKAN)
        .order_by("-waktu", "-pk")
        .values_list("waktu", flat=True)
        .first()
    )
    return hasil
