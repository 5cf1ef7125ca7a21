"""Shared setup for the workflow tests: an SKP with content ready to submit, and SKPs brought
to each state through the real services."""

from decimal import Decimal

import pytest

from skp.models import Aspek, Indikator, RencanaKinerja, Skp, StatusSkp
from skp.services.workflow import ajukan_skp, kembalikan_skp, setujui_skp

CATATAN = "Target kuantitas terlalu rendah; naikkan dan rinci waktunya."


def isi_lengkap(
    skp: Skp, teks: str = "Tersusunnya laporan layanan TIK", target: int = 12
) -> RencanaKinerja:
    rk = RencanaKinerja.objects.create(
        skp=skp, teks=teks, urutan=1, intervensi_teks_bebas="Terkelolanya layanan TIK unit"
    )
    Indikator.objects.create(
        rencana_kinerja=rk,
        aspek=Aspek.KUANTITAS,
        teks="Laporan layanan",
        urutan=1,
        target_min=Decimal(target),
        satuan="laporan",
    )
    return rk


def skp_siap(pegawai, periode) -> Skp:
    skp = Skp.objects.create(pegawai=pegawai, periode=periode)
    isi_lengkap(skp)
    return skp


def bawa_ke(skp: Skp, status: str, cast, today=None) -> Skp:
    """Take the SKP from Draf to `status` through the services, acting as the cast."""
    if status == StatusSkp.DRAF:
        return skp
    ajukan_skp(skp, oleh=cast.pegawai, today=today)
    if status == StatusSkp.DIKEMBALIKAN:
        kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=CATATAN, today=today)
    if status in (StatusSkp.DISETUJUI_ATASAN_LANGSUNG, StatusSkp.DITETAPKAN):
        setujui_skp(skp, oleh=cast.atasan_langsung, today=today)
    if status == StatusSkp.DITETAPKAN:
        setujui_skp(skp, oleh=cast.atasan_penilai, today=today)
    skp.refresh_from_db()
    assert skp.status == status
    return skp


def revisi(skp: Skp) -> str:
    """The SKP's revisi as a page showing it now would post it."""
    return str(Skp.objects.values_list("revisi", flat=True).get(pk=skp.pk))


@pytest.fixture
def skp(cast):
    return skp_siap(cast.pegawai, cast.periode)
