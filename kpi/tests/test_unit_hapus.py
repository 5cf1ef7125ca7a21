"""A unit that a KPI or a matriks of a higher layer points at is not deleted (issue 16)."""

import pytest

from accounts.models import UnitKerja
from accounts.services.unit import UnitKerjaError, hapus_unit_kerja, pemakaian_unit
from accounts.tests.factories import buat_unit
from kpi.models import MatriksPeranHasil
from kpi.services import buat_kpi


def test_a_unit_with_a_kpi_is_not_deleted_and_the_sentence_names_the_kpi(cast):
    kosong = buat_unit("Divisi Tanpa Pegawai", cast.unit_a)
    buat_kpi(unit=kosong, periode=cast.periode, pernyataan="Layanan tersedia", oleh=cast.admin)
    with pytest.raises(UnitKerjaError, match="1 KPI divisi"):
        hapus_unit_kerja(kosong, oleh=cast.admin)
    assert UnitKerja.objects.filter(pk=kosong.pk).exists()


def test_a_matriks_pointing_at_a_unit_keeps_it_from_being_deleted(cast):
    kosong = buat_unit("Tim Lintas", cast.unit_a)
    MatriksPeranHasil.objects.create(
        periode=cast.periode, nama="Tim Data", unit_kerja=kosong, ketua=cast.atasan_langsung
    )
    assert pemakaian_unit(kosong) == ["1 matriks peran-hasil"]
    with pytest.raises(UnitKerjaError):
        hapus_unit_kerja(kosong, oleh=cast.admin)


def test_merging_two_units_with_the_same_kpi_is_refused_with_a_sentence_and_nothing_moves(cast):
    from accounts.services.unit import gabungkan_unit_kerja

    for unit in (cast.unit_a, cast.unit_b):
        buat_kpi(unit=unit, periode=cast.periode, pernyataan="Layanan tersedia", oleh=cast.admin)
    with pytest.raises(UnitKerjaError, match="bentrok"):
        gabungkan_unit_kerja(cast.unit_b, ke=cast.unit_a, oleh=cast.admin)
    cast.pegawai_lain.refresh_from_db()
    assert cast.pegawai_lain.unit_kerja == cast.unit_b
