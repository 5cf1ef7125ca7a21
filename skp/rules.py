"""The edit guard (DOMAIN.md §6): every path that changes an SKP's content (form, htmx, admin,
matriks) calls `pastikan_dapat_diedit` in the service layer. The window part of it is the
periode layer's (periode/jendela.py)."""

import datetime

from accounts.models import Pegawai
from periode.jendela import alasan_jendela_penyusunan
from periode.models import today_local
from skp.exceptions import SkpError
from skp.models import Skp, StatusSkp


def alasan_tidak_dapat_diedit(skp: Skp, oleh: Pegawai, today: datetime.date | None = None) -> str:
    """Why `oleh` may not change this SKP's content now, or "" when they may."""
    today = today or today_local()
    periode, pegawai = skp.periode, skp.pegawai
    if oleh.pk != skp.pegawai_id:
        return "Hanya pemilik SKP yang dapat mengubah isinya."
    if skp.status not in StatusSkp.editable():
        if skp.status == StatusSkp.DITETAPKAN:
            return "SKP sudah ditetapkan sehingga isinya tidak dapat diubah lagi."
        return (
            f"SKP berstatus {skp.get_status_display()} sedang divalidasi sehingga isinya tidak "
            "dapat diubah; Anda dapat memperbaikinya bila atasan mengembalikan SKP ini."
        )
    return alasan_jendela_penyusunan(
        periode,
        pegawai,
        tindakan="diubah",
        dikembalikan=skp.status == StatusSkp.DIKEMBALIKAN,
        today=today,
    )


def can_edit(skp: Skp, oleh: Pegawai, today: datetime.date | None = None) -> bool:
    return not alasan_tidak_dapat_diedit(skp, oleh, today)


def pastikan_dapat_diedit(skp: Skp, oleh: Pegawai, today: datetime.date | None = None) -> None:
    """Raise SkpError unless `oleh` may change this SKP's content now."""
    alasan = alasan_tidak_dapat_diedit(skp, oleh, today)
    if alasan:
        raise SkpError(alasan)
