"""What every change of an SKP's content shares, whichever part it changes (RK and IKI in
drafting, the matriks, Perilaku Kerja, the Lampiran): the row lock with the edit guard, the
error that names a form field, and the order of a list's items."""

import datetime

from django.db.models import Max

from accounts.models import Pegawai
from skp.exceptions import SkpError
from skp.models import Skp
from skp.rules import pastikan_dapat_diedit


def rapikan_teks(teks: str) -> str:
    """The text as kept: line breaks of any system as \\n, each line's runs of spaces and tabs
    as one space (a page shows no more, and "a  b" is the same item as "a b"), at most one
    empty line in a row, nothing around it. Line breaks are the writer's lists (an
    expectation, a kualitatif RHK's narrative, a Lampiran item)."""
    baris = [
        " ".join(b.split())
        for b in (teks or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    hasil, kosong = [], 0
    for b in baris:
        kosong = kosong + 1 if not b else 0
        if kosong <= 1:
            hasil.append(b)
    return "\n".join(hasil).strip()


class IsianError(SkpError):
    """A rule broken by one field of a form: the view shows the message beside `field`."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def kunci_skp(skp: Skp) -> Skp:
    """The SKP row, locked for this transaction (a concurrent submission must wait), with its
    periode and pegawai. `of`: the SKP row only. Without it PostgreSQL also locks the joined
    periode and pegawai rows, in no set order: every edit of the periode queued on one row,
    and an edit racing the matriks (which locks the SKP, then inserts rows pointing at the
    pegawai) deadlocked."""
    return (
        Skp.objects.select_for_update(of=("self",))
        .select_related("periode", "pegawai")
        .get(pk=skp.pk)
    )


def kunci_untuk_diubah(skp: Skp, oleh: Pegawai | None, today: datetime.date | None = None) -> Skp:
    """Lock the SKP row and check the edit guard on the state as it is now, not as the caller
    loaded it. `oleh=None`: on behalf of the owner (the matriks, whose result becomes their
    own plan, is written only while they could write it)."""
    locked = kunci_skp(skp)
    pastikan_dapat_diedit(locked, oleh or locked.pegawai, today)
    return locked


def urutan_berikut(queryset) -> int:
    terakhir = queryset.aggregate(m=Max("urutan"))["m"]
    return 0 if terakhir is None else terakhir + 1


def pindahkan(objek, saudara: list, arah: str) -> bool:
    """Swap `objek` with its neighbour in `saudara` (already ordered); renumber 0..n-1."""
    if arah not in ("naik", "turun"):
        raise SkpError("Arah pemindahan tidak dikenal; gunakan tombol naik atau turun.")
    index = next(i for i, o in enumerate(saudara) if o.pk == objek.pk)
    tujuan = index - 1 if arah == "naik" else index + 1
    if not 0 <= tujuan < len(saudara):
        return False
    saudara[index], saudara[tujuan] = saudara[tujuan], saudara[index]
    berubah = []
    for urutan, o in enumerate(saudara):
        if o.urutan != urutan:
            o.urutan = urutan
            berubah.append(o)
    type(objek).objects.bulk_update(berubah, ["urutan"])
    return True
