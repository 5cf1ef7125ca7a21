"""Terapkan ke SKP: each peran hasil becomes a Kinerja Utama RK of its member, linked to the
ketua tim's RK; re-applying creates no duplicates; submitted SKPs are left alone."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from accounts.models import AuditLog, JenisJabatan
from kpi.models import PeranHasil
from kpi.services import terapkan_ke_skp
from kpi.tests.conftest import isi
from skp.exceptions import SkpError
from skp.models import (
    AsalRencanaKinerja,
    Aspek,
    Dispensasi,
    JenisRencanaKinerja,
    ModelForm,
    RencanaKinerja,
    Skp,
    StatusSkp,
    TahapJendela,
)


def rk_of(pegawai):
    return list(RencanaKinerja.objects.filter(skp__pegawai=pegawai).order_by("urutan", "pk"))


def test_apply_creates_draft_skp_with_linked_rk_and_kuantitas_iki(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal("12"),
        satuan="laporan")  # fmt: skip
    isi(tim, tim.anggota, tim.k2, "Terpetakannya data unit")
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)

    skp = Skp.objects.get(pegawai=cast.pegawai, periode=cast.periode)
    assert skp.status == StatusSkp.DRAF and skp.model_form == ModelForm.NON_JPT
    rk1, rk2 = rk_of(cast.pegawai)
    assert (rk1.teks, rk1.intervensi, rk1.asal, rk1.jenis) == (
        "Tersusunnya laporan layanan", tim.rk1, AsalRencanaKinerja.MATRIKS,
        JenisRencanaKinerja.UTAMA,
    )  # fmt: skip
    assert rk2.intervensi == tim.rk2 and rk1.urutan < rk2.urutan
    (iki,) = rk1.indikator.all()
    assert (iki.aspek, iki.teks, iki.target_min, iki.satuan) == (
        Aspek.KUANTITAS, "Tersusunnya laporan layanan", Decimal("12"), "laporan",
    )  # fmt: skip
    (iki2,) = rk2.indikator.all()
    assert iki2.target_min is None  # the member agrees the target in the SKP
    assert PeranHasil.objects.get(teks="Terpetakannya data unit").rencana_kinerja == rk2
    assert len(hasil.dibuat) == 2 and hasil.skp_baru == [skp] and not hasil.dilewati
    assert AuditLog.objects.filter(aksi="matriks.terapkan").count() == 1


def test_jpt_member_gets_the_jpt_form(tim, cast):
    cast.pegawai.jenis_jabatan = JenisJabatan.JPT_PRATAMA
    cast.pegawai.save(update_fields=["jenis_jabatan"])
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert Skp.objects.get(pegawai=cast.pegawai).model_form == ModelForm.JPT


def test_applying_twice_creates_no_duplicates(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", "Terkelolanya tiket")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert len(rk_of(cast.pegawai)) == 2
    assert (len(hasil.dibuat), len(hasil.diperbarui), hasil.tetap) == (0, 0, 2)
    assert sum(len(r.indikator.all()) for r in rk_of(cast.pegawai)) == 2


def test_changed_cell_updates_its_rk_and_keeps_the_members_target(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    iki = rk.indikator.get()
    iki.target_min, iki.satuan = Decimal("4"), "laporan"  # written by the member
    iki.save()
    RencanaKinerja.objects.create(skp=rk.skp, teks="Ditulis sendiri oleh pegawai", urutan=9)

    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan triwulanan")
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    rk.refresh_from_db()
    iki.refresh_from_db()
    assert rk.teks == "Tersusunnya laporan layanan triwulanan" and hasil.diperbarui == [rk]
    assert (iki.teks, iki.target_min, iki.satuan) == (
        "Tersusunnya laporan layanan triwulanan", Decimal("4"), "laporan",
    )  # fmt: skip
    assert RencanaKinerja.objects.filter(skp=rk.skp).count() == 2  # the member's own RK stays


def test_submitted_skp_is_left_alone_and_listed(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    isi(tim, tim.anggota_lain, tim.k1, "Terpasangnya jaringan")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    Skp.objects.filter(pegawai=cast.pegawai).update(status=StatusSkp.DIAJUKAN)

    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan bulanan")
    isi(tim, tim.anggota, tim.k2, "Terpetakannya data unit")
    isi(tim, tim.anggota_lain, tim.k1, "Terpasangnya jaringan nirkabel")
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)

    assert [r.teks for r in rk_of(cast.pegawai)] == ["Tersusunnya laporan layanan"]
    assert {d.teks for d in hasil.dilewati} == {
        "Tersusunnya laporan layanan bulanan", "Terpetakannya data unit",
    }  # fmt: skip
    assert "Diajukan" in hasil.dilewati[0].alasan
    assert [r.teks for r in rk_of(cast.pegawai_lain)] == ["Terpasangnya jaringan nirkabel"]


def test_na_and_empty_cells_create_nothing(tim, cast):
    isi(tim, tim.anggota, tim.k1, na=True)
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert not Skp.objects.filter(pegawai=cast.pegawai).exists()
    assert hasil.dibuat == [] and hasil.skp_baru == []


def test_kpi_column_becomes_marked_free_text_intervensi(tim, cast):
    from kpi.services import buat_kpi, tambah_kolom

    kpi = buat_kpi(unit=cast.unit_a, periode=cast.periode, pernyataan="Semua server terbackup",
                   oleh=cast.admin)  # fmt: skip
    kolom = tambah_kolom(tim.matriks, kpi=kpi, oleh=tim.ketua)
    isi(tim, tim.anggota, kolom, "Terbackupnya server harian")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    assert rk.intervensi is None and rk.intervensi_teks_bebas == "Semua server terbackup"


def test_closed_window_skips_the_member_and_says_so_unless_dispensasi(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    after = cast.periode.penyusunan_selesai + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(after, datetime.time(9)), tick=False):
        hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
        assert not Skp.objects.filter(pegawai=cast.pegawai).exists()
        assert "Masa penyusunan" in hasil.dilewati[0].alasan

        Dispensasi.objects.create(periode=cast.periode, tahap=TahapJendela.PENYUSUNAN,
                                  pegawai=cast.pegawai, berlaku_sampai=after, alasan="Sakit")  # fmt: skip
        hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
        assert len(hasil.dibuat) == 1 and not hasil.dilewati


def test_only_the_ketua_tim_applies(tim, cast):
    with pytest.raises(SkpError, match="ketua tim"):
        terapkan_ke_skp(tim.matriks, oleh=cast.pegawai)


def test_removing_an_item_keeps_the_applied_rk_in_the_members_skp(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", "Terkelolanya tiket")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert len(rk_of(cast.pegawai)) == 2 and hasil.tetap == 1
