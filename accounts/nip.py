"""NIP rules (DOMAIN.md §2): 18 digits = birth date, TMT CPNS month, gender digit, sequence."""

import datetime
import re

from django.core.exceptions import ValidationError

NIP_LENGTH = 18
_WHITESPACE = re.compile(r"\s+")


def normalize_nip(value: str) -> str:
    """Strip the spaces people type (`19860926 201505 1 001`)."""
    return _WHITESPACE.sub("", value or "")


def validate_nip(value: str, *, is_pns: bool = True) -> str:
    """Return the NIP without spaces, or raise ValidationError with an Indonesian message.

    For PPPK (NI PPPK) digits 13–14 are a code, not a month, so only PNS get the TMT check.
    """
    nip = normalize_nip(value)
    if not nip:
        raise ValidationError("NIP wajib diisi.", code="required")
    if not nip.isdigit() or not nip.isascii():
        raise ValidationError("NIP hanya boleh berisi angka (spasi boleh).", code="digits")
    if len(nip) != NIP_LENGTH:
        raise ValidationError(f"NIP harus 18 angka; yang diisi {len(nip)} angka.", code="length")
    try:
        lahir = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            "Delapan angka pertama NIP harus tanggal lahir yang sah (TTTTBBHH).",
            code="birth_date",
        ) from None
    if not 1900 <= lahir.year <= datetime.date.today().year:
        raise ValidationError("Tahun lahir pada NIP tidak masuk akal.", code="birth_date")
    if is_pns:
        tahun_tmt, bulan_tmt = int(nip[8:12]), int(nip[12:14])
        if not 1 <= bulan_tmt <= 12 or tahun_tmt < lahir.year:
            raise ValidationError(
                "Angka ke-9 s.d. 14 NIP harus tahun dan bulan TMT CPNS yang sah (TTTTBB).",
                code="tmt",
            )
    if nip[14] not in "12":
        raise ValidationError(
            "Angka ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan).",
            code="gender",
        )
    if nip[15:18] == "000":
        raise ValidationError("Tiga angka terakhir NIP (nomor urut) tidak boleh 000.", code="seq")
    return nip


def format_nip(nip: str) -> str:
    """The printed grouping `19841201 201212 1 002`."""
    if len(nip) != NIP_LENGTH:
        return nip
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"


class NipConverter:
    """A NIP in a URL path: ASCII digits only, so `/pegawai/%00/` is a 404, never a 500."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)
