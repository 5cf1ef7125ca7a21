"""Windows (DOMAIN.md §3) and the edit guard (§6). Every path that changes an SKP's content
(form, htmx, admin, matriks) calls `pastikan_dapat_diedit` in the service layer."""

import datetime

from django.db.models import Q

from accounts.models import Pegawai, UnitKerja
from periode.models import Dispensasi, Periode, TahapJendela, today_local
from skp.exceptions import SkpError
from skp.formatting import tanggal_panjang
from skp.models import Skp, StatusSkp


def batas_akhir(periode: Periode, tahap: str, pegawai: Pegawai) -> datetime.date:
    """The last day (inclusive, WITA) of a window for this pegawai, dispensasi included: one
    granted to the pegawai, or to their unit or any unit above it."""
    # One query in the usual case: the unit tree is read only when a unit has a dispensasi.
    calon = list(
        Dispensasi.objects.filter(periode=periode, tahap=tahap)
        .filter(Q(pegawai=pegawai) | Q(unit_kerja__isnull=False))
        .values_list("pegawai_id", "unit_kerja_id", "berlaku_sampai")
    )
    return _batas(periode, tahap, pegawai, calon, UnitKerja.objects.chain_ids)


# How long a worker may show a window's end date from memory (decisions never use it).
BATAS_TAMPIL_DETIK = 30


def batas_akhir_tampilan(periode: Periode, tahap: str, pegawai: Pegawai) -> datetime.date:
    """`batas_akhir` for display only, from the periode's dispensasi and the unit tree as the
    worker remembers them (at most `BATAS_TAMPIL_DETIK` old): the SKP page shows the date on
    every view, while whether the window is open is always decided fresh."""
    from django.core.cache import cache

    calon = cache.get_or_set(
        f"dispensasi:{periode.pk}:{tahap}",
        lambda: list(
            Dispensasi.objects.filter(periode=periode, tahap=tahap).values_list(
                "pegawai_id", "unit_kerja_id", "berlaku_sampai"
            )
        ),
        BATAS_TAMPIL_DETIK,
    )

    def rantai(unit_id):
        return UnitKerja.objects.chain_ids(unit_id, UnitKerja.objects.pohon_tampilan())

    return _batas(periode, tahap, pegawai, calon, rantai)


def _batas(periode, tahap, pegawai, calon, rantai_unit) -> datetime.date:
    base = (
        periode.penyusunan_selesai if tahap == TahapJendela.PENYUSUNAN else periode.validasi_selesai
    )
    units = set(rantai_unit(pegawai.unit_kerja_id)) if any(u for _, u, _ in calon) else set()
    berlaku = [
        sampai
        for pegawai_id, unit_id, sampai in calon
        if pegawai_id == pegawai.pk or unit_id in units
    ]
    return max([base, *berlaku])


def jendela_terbuka(
    periode: Periode, tahap: str, pegawai: Pegawai, today: datetime.date | None = None
) -> bool:
    today = today or today_local()
    if tahap == TahapJendela.PENYUSUNAN:
        mulai, selesai = periode.penyusunan_mulai, periode.penyusunan_selesai
    else:
        mulai, selesai = periode.validasi_mulai, periode.validasi_selesai
    if today < mulai:
        return False
    # A dispensasi only extends a window: inside the periode's own dates no query is needed.
    return today <= selesai or today <= batas_akhir(periode, tahap, pegawai)


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
    if today < periode.penyusunan_mulai:
        return f"Penyusunan SKP {periode.tahun} baru dibuka {tanggal_panjang(periode.penyusunan_mulai)}."
    if jendela_terbuka(periode, TahapJendela.PENYUSUNAN, pegawai, today):
        return ""
    # A returned SKP may be corrected until validasi closes (DOMAIN.md §3).
    if skp.status == StatusSkp.DIKEMBALIKAN:
        sampai = batas_akhir(periode, TahapJendela.VALIDASI, pegawai)
        if today <= sampai:
            return ""
        return (
            f"Masa validasi SKP {periode.tahun} berakhir {tanggal_panjang(sampai)} pukul 23.59 WITA; "
            "SKP yang dikembalikan tidak dapat diperbaiki lagi. Hubungi admin kepegawaian "
            "bila Anda memerlukan dispensasi."
        )
    sampai = batas_akhir(periode, TahapJendela.PENYUSUNAN, pegawai)
    return (
        f"Masa penyusunan SKP {periode.tahun} berakhir {tanggal_panjang(sampai)} pukul 23.59 WITA; "
        "SKP tidak dapat diubah lagi. Hubungi admin kepegawaian bila Anda memerlukan dispensasi."
    )


def can_edit(skp: Skp, oleh: Pegawai, today: datetime.date | None = None) -> bool:
    return not alasan_tidak_dapat_diedit(skp, oleh, today)


def pastikan_dapat_diedit(skp: Skp, oleh: Pegawai, today: datetime.date | None = None) -> None:
    """Raise SkpError unless `oleh` may change this SKP's content now."""
    alasan = alasan_tidak_dapat_diedit(skp, oleh, today)
    if alasan:
        raise SkpError(alasan)
