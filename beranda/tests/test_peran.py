"""The one role vocabulary (accounts.peran.Peran) as each place computes it: the menu's roles
of the cast, the roles on one SKP (and where the approval of someone holding both atasan
roles ends), and the roles on a matriks. Expected sets are written out, not computed."""

import pytest

from accounts.peran import Peran
from periode.models import Supervisi
from periode.services import tetapkan_supervisi
from skp.models import StatusSkp
from skp.services.workflow import ajukan_skp, setujui_skp
from skp.tests.bantuan_workflow import skp_siap
from skp.workflow import pelaku_untuk

P = Peran


def _peran_pada_skp(skp, orang) -> frozenset:
    supervisi = Supervisi.objects.filter(pegawai=skp.pegawai, periode=skp.periode).first()
    return pelaku_untuk(skp, orang, supervisi)


def test_roles_on_an_skp_with_two_validators(cast):
    skp = skp_siap(cast.pegawai, cast.periode)
    assert _peran_pada_skp(skp, cast.pegawai) == {P.PEMILIK}
    assert _peran_pada_skp(skp, cast.atasan_langsung) == {P.ATASAN_LANGSUNG}
    assert _peran_pada_skp(skp, cast.atasan_penilai) == {P.ATASAN_PENILAI}
    for orang in (cast.atasan_lain, cast.pegawai_lain, cast.admin):
        assert _peran_pada_skp(skp, orang) == frozenset()


@pytest.mark.parametrize("penilai", ["kosong", "orang yang sama"])
def test_atasan_langsung_without_another_penilai_holds_both_and_approval_ends_ditetapkan(
    cast, penilai
):
    tetapkan_supervisi(
        cast.pegawai,
        cast.periode,
        atasan_langsung=cast.atasan_langsung,
        atasan_penilai=None if penilai == "kosong" else cast.atasan_langsung,
    )
    skp = skp_siap(cast.pegawai, cast.periode)
    assert _peran_pada_skp(skp, cast.atasan_langsung) == {P.ATASAN_LANGSUNG, P.ATASAN_PENILAI}
    assert _peran_pada_skp(skp, cast.atasan_penilai) == frozenset()
    ajukan_skp(skp, oleh=cast.pegawai)
    setujui_skp(skp, oleh=cast.atasan_langsung)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DITETAPKAN


def test_atasan_penilai_without_an_atasan_langsung_holds_both_and_approval_ends_ditetapkan(
    cast,
):
    tetapkan_supervisi(
        cast.pegawai, cast.periode, atasan_langsung=None, atasan_penilai=cast.atasan_penilai
    )
    skp = skp_siap(cast.pegawai, cast.periode)
    assert _peran_pada_skp(skp, cast.atasan_penilai) == {P.ATASAN_LANGSUNG, P.ATASAN_PENILAI}
    assert _peran_pada_skp(skp, cast.atasan_langsung) == frozenset()
    ajukan_skp(skp, oleh=cast.pegawai)
    setujui_skp(skp, oleh=cast.atasan_penilai)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DITETAPKAN


def test_the_atasan_langsung_alone_approves_only_the_first_step(cast):
    skp = skp_siap(cast.pegawai, cast.periode)
    ajukan_skp(skp, oleh=cast.pegawai)
    setujui_skp(skp, oleh=cast.atasan_langsung)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DISETUJUI_ATASAN_LANGSUNG
