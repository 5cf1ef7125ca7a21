"""Golongan ruang and pangkat (DOMAIN.md §2), read from any spelling spreadsheets use."""

import re

PANGKAT = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
GOLONGAN_PNS = list(PANGKAT)

_ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]
GOLONGAN_PPPK = list(_ROMAN)

# "III/d", "III.d", "III d", "III-d", "IIId", "iii/D", with or without a pangkat in front;
# the last match wins so "Penata Tk. I, III/d" reads as III/d, not I/…
_PNS_PATTERN = re.compile(
    r"(?<![A-Za-z])(IV|III|II|I)\s*[/.\-]?\s*([A-E])(?![A-Za-z])", re.IGNORECASE
)
# "IX", "9", "Gol. IX", "Golongan IX" (how the form prints it), in any case.
_PPPK_PATTERN = re.compile(r"^(?:gol(?:ongan)?\.?\s*)?([IVX]+|\d{1,2})$", re.IGNORECASE)


def parse_golongan_pns(text: str) -> str | None:
    """Canonical PNS golongan (`III/d`) from any spelling, or None."""
    matches = _PNS_PATTERN.findall(text or "")
    if not matches:
        return None
    ruang, huruf = matches[-1]
    value = f"{ruang.upper()}/{huruf.lower()}"
    return value if value in PANGKAT else None


def parse_golongan_pppk(text: str) -> str | None:
    """Canonical PPPK golongan (`IX`) from a roman or arabic numeral, or None."""
    match = _PPPK_PATTERN.match((text or "").strip())
    if not match:
        return None
    token = match.group(1).upper()
    if token.isdigit():
        number = int(token)
        return _ROMAN[number - 1] if 1 <= number <= len(_ROMAN) else None
    return token if token in _ROMAN else None


def pangkat_for(golongan: str) -> str:
    return PANGKAT.get(golongan, "")


def pangkat_golongan(golongan: str, *, short: bool = False) -> str:
    """`Penata Tingkat I, III/d` (or `Penata Tk. I, III/d` where space is short)."""
    pangkat = pangkat_for(golongan)
    if not pangkat:
        return golongan
    if short:
        pangkat = pangkat.replace("Tingkat I", "Tk. I")
    return f"{pangkat}, {golongan}"
