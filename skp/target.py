"""A target as people write it and read it (DOMAIN.md §4): a number (`2,5`), a range
(`80–90`), or a description (`Setiap minggu`, `1 x 24`), with its satuan. The one reader of a
typed target (the IKI forms, the matriks cell form, the apply) and the one writer of "target +
satuan" (the editor, the preview, the PDF, the .xlsx, the matriks grid and its exports)."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
import re

from accounts.formatting import format_angka

_RIBUAN = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DESIMAL_KOMA = re.compile(r"\d+(?:,\d+)?")
_DESIMAL_TITIK = re.compile(r"\d+\.\d{1,2}")
_ANGKA = r"\d[\d.,]*"
_RENTANG = re.compile(rf"({_ANGKA})\s*(?:-|–|—|s\.?\s?d\.?|sampai)\s*({_ANGKA})", re.IGNORECASE)
# A unit after the number holds no digit: `12 dokumen`, `90%`; `1 x 24` is a description.
_ANGKA_SATUAN = re.compile(rf"({_ANGKA})\s*(%|[^\d\s][^\d]*)?")
_BATAS = Decimal("1e15")


def baca_angka(teks: str) -> Decimal | None:
    """An Indonesian number (`2,5`, `1.250.000`, `1.250,75`; `2.5` too), else None."""
    teks = teks.strip()
    if _RIBUAN.fullmatch(teks):
        teks = teks.replace(".", "").replace(",", ".")
    elif _DESIMAL_KOMA.fullmatch(teks):
        teks = teks.replace(",", ".")
    elif not _DESIMAL_TITIK.fullmatch(teks):
        return None
    try:
        return Decimal(teks)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Target:
    """A typed target read: numbers (`bawah`, and `atas` for a range) or a description
    (`teks`), and the satuan typed after the number (`12 dokumen`)."""

    bawah: Decimal | None = None
    atas: Decimal | None = None
    teks: str = ""
    satuan: str = ""

    @property
    def is_angka(self) -> bool:
        return self.bawah is not None


def baca_target(teks: str) -> Target:
    """`5`, `2,5`, `80-90`, `80–90 %`, `12 dokumen` or a description."""
    teks = " ".join(teks.split())
    if match := _RENTANG.fullmatch(teks.removesuffix("%").strip()):
        bawah, atas = baca_angka(match[1]), baca_angka(match[2])
        if bawah is not None and atas is not None:
            return Target(bawah, atas, "", "%" if teks.endswith("%") else "")
    if match := _ANGKA_SATUAN.fullmatch(teks):
        angka = baca_angka(match[1])
        if angka is not None:
            return Target(angka, None, "", (match[2] or "").strip())
    return Target(teks=teks)


class TargetTidakSah(ValueError):
    """A typed target that cannot be kept; the message is for the person who typed it."""


def periksa_target(teks: str, satuan: str) -> tuple[Target, str]:
    """The typed target and satuan as kept: a unit typed after the number fills an empty
    satuan; a different one makes the whole entry a description (`1 x 24` + `jam`). Refuses
    numbers the database cannot hold."""
    satuan = " ".join((satuan or "").split())
    target = baca_target(teks or "")
    for angka in (target.bawah, target.atas):
        if angka is not None and (angka >= _BATAS or angka.as_tuple().exponent < -2):
            raise TargetTidakSah("Target terlalu besar atau lebih dari dua angka di belakang koma.")
    if target.atas is not None and target.atas < target.bawah:
        raise TargetTidakSah("Rentang target harus dari angka kecil ke besar, mis. 80–90.")
    if target.atas is not None and target.atas == target.bawah:
        target = Target(target.bawah, None, "", target.satuan)
    if target.satuan and not satuan:
        satuan = target.satuan
    elif target.satuan and target.satuan != satuan:
        target = Target(teks=" ".join(teks.split()))
    return target, satuan


def tulis_target(bawah, atas=None, satuan: str = "", teks: str = "") -> str:
    """`5 dokumen`, `80–90%`, `1 x 24 jam`, `Setiap minggu`: the target with its satuan,
    decimal comma; "" when there is none."""
    satuan = satuan or ""
    if bawah is None:
        isi = teks or ""
        if not isi:
            return ""
    else:
        isi = format_angka(Decimal(bawah))
        if atas is not None and Decimal(atas) != Decimal(bawah):
            isi = f"{isi}–{format_angka(Decimal(atas))}"
    hasil = f"{isi}%" if satuan == "%" else f"{isi} {satuan}".strip()
    return f"{hasil} ({teks})" if bawah is not None and teks else hasil


def isian_target(bawah, atas=None, teks: str = "") -> str:
    """The target as the user types it back into its field (without the satuan, which has
    its own field)."""
    if bawah is None:
        return teks or ""
    isi = format_angka(Decimal(bawah))
    if atas is not None:
        isi = f"{isi}–{format_angka(Decimal(atas))}"
    return isi
