"""The one role vocabulary (accounts.peran.Peran) as each place computes it: the menu's roles
of the cast, the roles on one SKP (and where the approval of someone holding both atasan
roles ends), and the roles on a matriks. Expected sets are written out, not computed."""

from django.test import RequestFactory
import pytest

from accounts.peran import Peran
from beranda.roles import peran_request
from kpi.access import akses_matriks, peran_di_daftar
from kpi.models import MatriksPeranHasil
from kpi.services import buat_matriks, tambah_anggota
from periode.models import Supervisi
from periode.services import tetapkan_supervisi
from skp.models import StatusSkp
from skp.services.workflow import ajukan_skp, setujui_skp
from skp.tests.bantuan_workflow import skp_siap
from skp.workflow import pelaku_untuk

P = Peran


def _menu(pegawai) -> frozenset:
    request = RequestFactory().get("/")
    request.user = pegawai
    return peran_request(request)[0].peran


def test_menu_roles_of_the_cast(cast):
    assert _menu(cast.pegawai) == frozenset()
    assert _menu(cast.pegawai_lain) == frozenset()
    assert _menu(cast.admin) == {P.ADMIN_KEPEGAWAIAN}
    assert _menu(cast.atasan_langsung) == {P.ATASAN_LANGSUNG, P.KEPALA_UNIT}
    assert _menu(cast.atasan_lain) == {P.ATASAN_LANGSUNG, P.KEPALA_UNIT}
    # Atasan langsung of the two kepala unit, atasan penilai of their staff.
    assert _menu(cast.atasan_penilai) == {P.ATASAN_LANGSUNG, P.ATASAN_PENILAI, P.KEPALA_UNIT}


def test_an_atasan_penilai_only_still_sees_the_validation_menu(cast):
    for kepala in (cast.atasan_langsung, cast.atasan_lain):
        tetapkan_supervisi(kepala, cast.periode, atasan_langsung=None, atasan_penilai=None)
    request = RequestFactory().get("/")
    request.user = cast.atasan_penilai
    menu = peran_request(request)[0]
    assert menu.peran == {P.ATASAN_PENILAI, P.KEPALA_UNIT}
    assert menu.is_atasan and menu.is_kepala_unit and not menu.is_admin


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


@pytest.fixture
def matriks(cast) -> MatriksPeranHasil:
    """Led by the atasan langsung of Unit A; its members: the pegawai of Unit A (whom the ketua
    supervises) and the pegawai of Unit B (supervised by the atasan of Unit B)."""
    matriks = buat_matriks(
        periode=cast.periode,
        nama="Tim Unit A",
        ketua=cast.atasan_langsung,
        unit_kerja=cast.unit_a,
        isi_anggota_unit=True,
        oleh=cast.atasan_langsung,
    )
    tambah_anggota(matriks, cast.pegawai_lain, oleh=cast.atasan_langsung)
    return matriks


def test_roles_on_a_matriks(cast, matriks):
    ketua = akses_matriks(cast.atasan_langsung, matriks)
    assert ketua.peran == {P.KETUA_TIM, P.ATASAN_LANGSUNG}
    assert ketua.can_edit and ketua.pegawai_terlihat is None

    anggota = akses_matriks(cast.pegawai_lain, matriks)
    assert anggota.peran == {P.ANGGOTA_TIM}
    assert not anggota.can_edit and anggota.pegawai_terlihat is None

    atasan_anggota = akses_matriks(cast.atasan_lain, matriks)
    assert atasan_anggota.peran == {P.ATASAN_LANGSUNG}
    assert not atasan_anggota.can_edit
    assert atasan_anggota.pegawai_terlihat == {cast.pegawai_lain.pk}
    assert atasan_anggota.melihat(cast.pegawai_lain.pk)
    assert not atasan_anggota.melihat(cast.pegawai.pk)

    # The atasan penilai of the members is no atasan langsung of theirs: no role here.
    assert akses_matriks(cast.atasan_penilai, matriks) is None
    assert akses_matriks(cast.admin, matriks) is None


def test_matriks_roles_follow_the_current_supervision(cast, matriks):
    tetapkan_supervisi(
        cast.pegawai_lain, cast.periode, atasan_langsung=cast.atasan_penilai, atasan_penilai=None
    )
    assert akses_matriks(cast.atasan_lain, matriks) is None
    assert akses_matriks(cast.atasan_penilai, matriks).peran == {P.ATASAN_LANGSUNG}


def test_the_matriks_list_names_each_viewer_by_their_first_role(cast, matriks):
    for orang, peran in [
        (cast.atasan_langsung, P.KETUA_TIM),
        (cast.pegawai, P.ANGGOTA_TIM),
        (cast.atasan_lain, P.ATASAN_LANGSUNG),
    ]:
        daftar = list(MatriksPeranHasil.objects.untuk_daftar(orang))
        assert peran_di_daftar(orang, daftar) == {matriks.pk: peran}
