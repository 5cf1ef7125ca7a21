from decimal import Decimal


def format_angka(value: Decimal | int | float) -> str:
    """Indonesian number: decimal comma, dot for thousands, no trailing zeros (`1.250,5`)."""
    value = Decimal(value).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{frac}" if frac else f"{sign}{text}"


def tanggal_panjang(value) -> str:
    """`27 Mei 2022`: how every message and document writes a date."""
    from django.template.defaultfilters import date as format_date
    from django.utils import translation

    with translation.override("id"):
        return format_date(value, "j F Y")


def kalimat(teks: str) -> str:
    """A sentence ended once: a name ending in a degree ("M.Cs.") takes no second period."""
    return teks if teks.endswith(".") else f"{teks}."
