"""The windows of a periode (DOMAIN.md §3), their one home: whether penyusunan or validasi is
open for a pegawai today, until when (dispensasi included), and the sentence that says why
not. Services, views, templates, emails and the dashboard call these; nobody restates them.

Windows are whole dates in WITA, inclusive ("until 27 May" is until 27 May 23:59:59 WITA). A
dispensasi only extends a window, for one pegawai or a unit and the units below it.
"""

import datetime

from django.db.models import Q

from accounts.formatting import tanggal_panjang
from accounts.models import Pegawai, UnitKerja
from periode.models import Dispensasi, Periode, TahapJendela, today_local

PENYUSUNAN, VALIDASI = TahapJendela.PENYUSUNAN, TahapJendela.VALIDASI
_HUBUNGI = "Hubungi admin kepegawaian bila Anda memerlukan dispensasi."


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


def batas_akhir_terkini(
    periode: Periode, tahap: str, pegawai: Pegawai, today: datetime.date | None = None
) -> datetime.date:
    """`batas_akhir` for pages that show the date and say by it whether the window is still
    open (the dashboard, the validation inbox). Until the periode's own last day no
    dispensasi can end the window sooner, so the date may come from memory
    (`batas_akhir_tampilan`); after that day it is read fresh, as the actions read it."""
    today = today or today_local()
    selesai = periode.penyusunan_selesai if tahap == PENYUSUNAN else periode.validasi_selesai
    if today <= selesai:
        return batas_akhir_tampilan(periode, tahap, pegawai)
    return batas_akhir(periode, tahap, pegawai)


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


def alasan_jendela_penyusunan(
    periode: Periode,
    pegawai: Pegawai,
    *,
    tindakan: str,
    dikembalikan: bool = False,
    today: datetime.date | None = None,
) -> str:
    """Why `pegawai` may not draft (edit, submit: `tindakan`, e.g. "diubah") now, "" when
    they may. A returned SKP may be corrected and resubmitted until validasi closes."""
    today = today or today_local()
    if today < periode.penyusunan_mulai:
        return (
            f"Penyusunan SKP {periode.tahun} baru dibuka "
            f"{tanggal_panjang(periode.penyusunan_mulai)}."
        )
    if jendela_terbuka(periode, PENYUSUNAN, pegawai, today):
        return ""
    if dikembalikan:
        if today <= periode.validasi_selesai:  # a dispensasi only extends: no query needed
            return ""
        sampai = batas_akhir(periode, VALIDASI, pegawai)
        if today <= sampai:
            return ""
        return (
            f"Masa validasi SKP {periode.tahun} berakhir {tanggal_panjang(sampai)} pukul 23.59 "
            f"WITA; SKP yang dikembalikan tidak dapat {tindakan} lagi. {_HUBUNGI}"
        )
    sampai = batas_akhir(periode, PENYUSUNAN, pegawai)
    return (
        f"Masa penyusunan SKP {periode.tahun} berakhir {tanggal_panjang(sampai)} pukul 23.59 "
        f"WITA; SKP tidak dapat {tindakan} lagi. {_HUBUNGI}"
    )


def alasan_jendela_validasi(
    periode: Periode, pegawai: Pegawai, today: datetime.date | None = None
) -> str:
    """Why `pegawai` may not validate now, "" when they may (their dispensasi counts)."""
    today = today or today_local()
    if today < periode.validasi_mulai:
        return (
            f"Validasi SKP {periode.tahun} baru dibuka {tanggal_panjang(periode.validasi_mulai)}."
        )
    # Inside the periode's own dates no dispensasi can matter (it only extends): the action
    # buttons of every review and confirmation page ask this, each once per action.
    if today <= periode.validasi_selesai:
        return ""
    sampai = batas_akhir(periode, VALIDASI, pegawai)
    if today > sampai:
        return (
            f"Masa validasi SKP {periode.tahun} berakhir {tanggal_panjang(sampai)} pukul 23.59 "
            f"WITA. {_HUBUNGI}"
        )
    return ""
