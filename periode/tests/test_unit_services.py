"""The unit tree's rules, through the services (accounts/services/unit.py)."""

import datetime

import pytest

from accounts.models import AuditLog, UnitKerja
from accounts.services.unit import (
    UnitKerjaError,
    buat_unit_kerja,
    hapus_unit_kerja,
    pemakaian_unit,
    tetapkan_pimpinan_unit,
    ubah_unit_kerja,
)
from accounts.tests.factories import buat_pegawai, buat_unit
from periode.services import beri_dispensasi


def test_a_unit_is_created_under_its_parent_and_audited_with_its_path(cast):
    unit = buat_unit_kerja("  Divisi   Data ", induk=cast.unit_a, oleh=cast.admin)
    assert (unit.nama, unit.induk) == ("Divisi Data", cast.unit_a)
    log = AuditLog.objects.get(aksi="unit.buat")
    assert log.aktor == cast.admin and log.objek_id == str(unit.pk)
    assert log.data["perubahan"]["induk"] == ["", "Universitas Contoh > Unit A"]


def test_a_sibling_with_the_same_name_in_another_case_is_refused_beside_the_name(cast):
    with pytest.raises(UnitKerjaError) as error:
        buat_unit_kerja("unit a", induk=cast.root, oleh=cast.admin)
    assert error.value.field == "nama" and "di bawah Universitas Contoh" in str(error.value)
    assert UnitKerja.objects.count() == 3


def test_an_empty_name_is_refused(cast):
    with pytest.raises(UnitKerjaError, match="Isi nama unit"):
        buat_unit_kerja("   ", induk=None, oleh=cast.admin)


def test_rename_and_move_are_one_change_with_old_and_new_in_the_audit(cast):
    berubah = ubah_unit_kerja(cast.unit_b, nama="Unit Beta", induk=cast.unit_a, oleh=cast.admin)
    cast.unit_b.refresh_from_db()
    assert berubah == ["nama", "induk"] and cast.unit_b.induk == cast.unit_a
    perubahan = AuditLog.objects.get(aksi="unit.ubah").data["perubahan"]
    assert perubahan == {
        "nama": ["Unit B", "Unit Beta"],
        "induk": ["Universitas Contoh", "Universitas Contoh > Unit A"],
    }


def test_saving_without_a_change_writes_no_audit_row(cast):
    assert ubah_unit_kerja(cast.unit_a, nama="Unit A", induk=cast.root, oleh=cast.admin) == []
    assert not AuditLog.objects.filter(aksi="unit.ubah").exists()


def test_a_unit_cannot_move_under_itself_or_its_descendants(cast):
    cucu = buat_unit("Divisi Data", cast.unit_a)
    for tujuan in (cast.unit_a, cucu):
        with pytest.raises(UnitKerjaError) as error:
            ubah_unit_kerja(cast.unit_a, nama="Unit A", induk=tujuan, oleh=cast.admin)
        assert error.value.field == "induk"
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.induk == cast.root


def test_the_top_unit_can_be_moved_under_a_new_top_unit(cast):
    baru = buat_unit_kerja("Kementerian", induk=None, oleh=cast.admin)
    ubah_unit_kerja(cast.root, nama=cast.root.nama, induk=baru, oleh=cast.admin)
    assert UnitKerja.objects.paths()[cast.unit_a.pk] == "Kementerian > Universitas Contoh > Unit A"


def test_an_empty_unit_is_deleted_and_audited(cast):
    kosong = buat_unit("Divisi Kosong", cast.unit_a)
    hapus_unit_kerja(kosong, oleh=cast.admin)
    assert not UnitKerja.objects.filter(pk=kosong.pk).exists()
    log = AuditLog.objects.get(aksi="unit.hapus")
    assert log.data["perubahan"]["nama"] == ["Divisi Kosong", ""]


def test_a_unit_with_pegawai_or_sub_units_is_not_deleted_and_says_why(cast):
    with pytest.raises(UnitKerjaError) as error:
        hapus_unit_kerja(cast.root, oleh=cast.admin)
    assert "2 pegawai" in str(error.value) and "2 sub-unit" in str(error.value)
    assert UnitKerja.objects.filter(pk=cast.root.pk).exists()
    assert not AuditLog.objects.filter(aksi="unit.hapus").exists()


def test_a_unit_that_a_dispensasi_points_at_is_not_deleted(cast):
    kosong = buat_unit("Divisi Tanpa Pegawai", cast.unit_a)
    beri_dispensasi(
        cast.periode,
        oleh=cast.admin,
        tahap="penyusunan",
        alasan="Unit baru",
        berlaku_sampai=cast.periode.penyusunan_selesai + datetime.timedelta(days=5),
        unit_kerja=kosong,
    )
    assert pemakaian_unit(kosong) == ["1 dispensasi"]
    with pytest.raises(UnitKerjaError, match="masih dipakai: 1 dispensasi"):
        hapus_unit_kerja(kosong, oleh=cast.admin)
    assert UnitKerja.objects.filter(pk=kosong.pk).exists()


def test_leaders_are_saved_and_audited_by_nip_and_name_only_when_they_change(cast):
    koordinator = buat_pegawai("Koordinator", unit_kerja=cast.unit_a)
    berubah = tetapkan_pimpinan_unit(
        cast.unit_a,
        oleh=cast.admin,
        kepala=cast.atasan_langsung,
        koordinator=koordinator,
        sub_koordinator=None,
    )
    assert berubah == {"koordinator": ["", f"{koordinator.nip} — Koordinator"]}
    assert AuditLog.objects.get(aksi="unit.pimpinan").data["perubahan"] == berubah


def test_a_name_with_a_direction_override_or_control_character_is_refused(cast):
    for nama in ("Unit\u202eC", "Unit\x07C"):
        with pytest.raises(UnitKerjaError, match="karakter kendali"):
            buat_unit_kerja(nama, induk=cast.root, oleh=cast.admin)
    assert (
        not UnitKerja.objects.filter(nama__startswith="Unit", induk=cast.root)
        .exclude(pk__in=[cast.unit_a.pk, cast.unit_b.pk])
        .exists()
    )


def test_merging_moves_pegawai_sub_units_and_dispensasi_then_deletes_the_unit(cast):
    from accounts.services.unit import gabungkan_unit_kerja

    sub = buat_unit("Divisi B1", cast.unit_b)
    dispensasi = beri_dispensasi(
        cast.periode,
        oleh=cast.admin,
        tahap="penyusunan",
        alasan="Unit digabung",
        berlaku_sampai=cast.periode.penyusunan_selesai + datetime.timedelta(days=5),
        unit_kerja=cast.unit_b,
    )
    pindah = gabungkan_unit_kerja(cast.unit_b, ke=cast.unit_a, oleh=cast.admin)
    assert pindah == {"sub-unit": 1, "pegawai": 2, "dispensasi": 1}
    assert not UnitKerja.objects.filter(pk=cast.unit_b.pk).exists()
    cast.pegawai_lain.refresh_from_db()
    sub.refresh_from_db()
    dispensasi.refresh_from_db()
    assert cast.pegawai_lain.unit_kerja == sub.induk == dispensasi.unit_kerja == cast.unit_a
    log = AuditLog.objects.get(aksi="unit.gabung")
    assert log.data["perubahan"]["unit"] == [
        "Universitas Contoh > Unit B",
        "Universitas Contoh > Unit A",
    ]


def test_merging_keeps_everyone_s_atasan(cast):
    from accounts.services.unit import gabungkan_unit_kerja
    from periode.models import Supervisi

    sebelum = list(Supervisi.objects.values_list("pegawai", "atasan_langsung", "atasan_penilai"))
    gabungkan_unit_kerja(cast.unit_b, ke=cast.unit_a, oleh=cast.admin)
    sesudah = list(Supervisi.objects.values_list("pegawai", "atasan_langsung", "atasan_penilai"))
    assert sorted(sebelum) == sorted(sesudah)


def test_merging_into_itself_or_below_itself_or_onto_a_twin_sub_unit_is_refused(cast):
    from accounts.services.unit import gabungkan_unit_kerja

    cucu = buat_unit("Divisi Data", cast.unit_a)
    for tujuan in (cast.unit_a, cucu):
        with pytest.raises(UnitKerjaError, match="dirinya sendiri"):
            gabungkan_unit_kerja(cast.unit_a, ke=tujuan, oleh=cast.admin)
    buat_unit("Divisi Data", cast.unit_b)
    with pytest.raises(UnitKerjaError, match="sudah memiliki sub-unit bernama Divisi Data"):
        gabungkan_unit_kerja(cast.unit_b, ke=cast.unit_a, oleh=cast.admin)
    assert UnitKerja.objects.filter(pk=cast.unit_b.pk).exists()
    assert not AuditLog.objects.filter(aksi="unit.gabung").exists()


def test_an_acting_kepala_is_recorded_audited_and_named_plt(cast):
    berubah = tetapkan_pimpinan_unit(
        cast.unit_a,
        oleh=cast.admin,
        kepala=cast.atasan_langsung,
        koordinator=None,
        sub_koordinator=None,
        kepala_sementara="plt",
    )
    assert berubah == {"kepala_sementara": ["Definitif", "Plt. (pelaksana tugas)"]}
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.awalan_kepala == "Plt."
    assert AuditLog.objects.get(aksi="unit.pimpinan").data["perubahan"] == berubah


def test_plt_without_a_kepala_or_an_unknown_status_is_refused(cast):
    for kepala, status in ((None, "plh"), (cast.atasan_langsung, "wakil")):
        with pytest.raises(UnitKerjaError) as error:
            tetapkan_pimpinan_unit(
                cast.unit_a,
                oleh=cast.admin,
                kepala=kepala,
                koordinator=None,
                sub_koordinator=None,
                kepala_sementara=status,
            )
        assert error.value.field == "kepala_sementara"
    cast.unit_a.refresh_from_db()
    assert (cast.unit_a.kepala, cast.unit_a.kepala_sementara) == (cast.atasan_langsung, "")
