"""The SKP's revisi: every change of content or state bumps it under the row lock, and every
action carries the revisi its page showed, so nobody acts on an SKP they have not seen (two
tabs, the other validator, an edit meanwhile). The one home of "did it change, and how"."""

from django.utils import timezone
from django.utils.formats import date_format

from skp.exceptions import SkpBerubah


def ringkas(teks: str, panjang: int = 60) -> str:
    """An item's text short enough for a sentence about it, cut at a word with an ellipsis."""
    if len(teks) <= panjang:
        return teks
    return teks[:panjang].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def tandai_berubah(skp, keterangan: str, oleh, *, fields: tuple[str, ...] = ()) -> None:
    """Record a change of the (locked) SKP: a new revisi, what changed and by whom; saves
    `fields` in the same UPDATE."""
    nama = getattr(oleh, "nama_lengkap", "") if oleh is not None else ""
    skp.revisi += 1
    skp.revisi_keterangan = (f"{keterangan} oleh {nama}" if nama else keterangan)[:300]
    skp.diubah = timezone.now()
    skp.save(update_fields=[*fields, "revisi", "revisi_keterangan", "diubah"])


def baca_revisi(nilai) -> int:
    """The revisi a form posted; a missing or garbled one never matches (-1)."""
    try:
        return int(nilai)
    except (TypeError, ValueError):
        return -1


def pastikan_revisi(skp, revisi: int | None) -> None:
    """Refuse with SkpBerubah when the (locked) SKP is no longer at the revisi the page showed.
    `revisi=None` is for callers without a page (commands, the matriks, tests of rules)."""
    if revisi is None or revisi == skp.revisi:
        return
    if revisi < 0:
        raise SkpBerubah(
            "Halaman yang Anda pakai tidak menyertakan versi SKP. Muat ulang halaman, periksa "
            "isinya, lalu ulangi."
        )
    waktu = date_format(timezone.localtime(skp.diubah), "j F Y, H.i")
    apa = f"{skp.revisi_keterangan}, {waktu} WITA" if skp.revisi_keterangan else f"{waktu} WITA"
    raise SkpBerubah(
        f"SKP ini sudah berubah sejak halaman Anda dibuka (terakhir: {apa}), sehingga tindakan "
        "Anda tidak dijalankan. Di bawah ini keadaannya sekarang."
    )
