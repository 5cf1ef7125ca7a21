"""Terapkan ke SKP: each peran hasil becomes a Kinerja Utama RK of its member, linked to the
ketua tim's RK; re-applying creates no duplicates; submitted SKPs are left alone; nothing the
member changed is overwritten (a conflict), and the member is told what the matriks changed."""

import datetime
from decimal import Decimal

from django.core import mail
import pytest
import time_machine

from accounts.models import AuditLog, JenisJabatan
from kpi.models import PeranHasil
from kpi.services import KpiError, RencanaBerubah, rencana_terapkan, terapkan_ke_skp
from kpi.terapkan import Langkah
from kpi.tests.conftest import isi
from periode.models import Dispensasi, TahapJendela
from skp.exceptions import SkpError
from skp.models import (
    AsalRencanaKinerja,
    Aspek,
    JenisRencanaKinerja,
    ModelForm,
    Pendekatan,
    RencanaKinerja,
    Skp,
    StatusSkp,
)
from skp.services.drafting import (
    IsianIndikator,
    hapus_indikator,
    hapus_rencana_kinerja,
    masalah_rencana_kinerja,
    mulai_skp,
    tambah_indikator,
    ubah_indikator,
)
from skp.services.matriks import terima_usulan_matriks
from skp.tests.bantuan_perilaku import jadikan_6_2022
from skp.tests.bantuan_tugas import email_menunggu, jalankan_pekerja, pesan_menunggu


def rk_of(pegawai):
    return list(RencanaKinerja.objects.filter(skp__pegawai=pegawai).order_by("urutan", "pk"))


def test_apply_creates_draft_skp_with_linked_rk_and_kuantitas_iki(tim, cast):
    isi(
        tim,
        tim.anggota,
        tim.k1,
        "Tersusunnya laporan layanan",
        target=Decimal("12"),
        satuan="laporan",
    )
    isi(tim, tim.anggota, tim.k2, "Terpetakannya data unit")
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)

    skp = Skp.objects.get(pegawai=cast.pegawai, periode=cast.periode)
    assert skp.status == StatusSkp.DRAF and skp.model_form == ModelForm.NON_JPT
    rk1, rk2 = rk_of(cast.pegawai)
    assert (rk1.teks, rk1.intervensi, rk1.asal, rk1.jenis) == (
        "Tersusunnya laporan layanan",
        tim.rk1,
        AsalRencanaKinerja.MATRIKS,
        JenisRencanaKinerja.UTAMA,
    )
    assert rk2.intervensi == tim.rk2 and rk1.urutan < rk2.urutan
    (iki,) = rk1.indikator.all()
    assert (iki.aspek, iki.teks, iki.target_min, iki.satuan) == (
        Aspek.KUANTITAS,
        "Jumlah laporan",
        Decimal("12"),
        "laporan",
    )
    # A cell without an indicator: no IKI repeating the RK's text, the RK flagged instead.
    assert not rk2.indikator.exists()
    assert "Indikator belum diisi" in masalah_rencana_kinerja(rk2, skp=skp)[0]
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
    isi(
        tim,
        tim.anggota,
        tim.k1,
        "Tersusunnya laporan layanan",
        "Terkelolanya tiket",
        indikator="Jumlah hasil",
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert len(rk_of(cast.pegawai)) == 2
    assert (len(hasil.dibuat), len(hasil.diperbarui), hasil.tetap) == (0, 0, 2)
    assert sum(len(r.indikator.all()) for r in rk_of(cast.pegawai)) == 2


def test_changed_cell_updates_its_rk_and_keeps_the_members_target(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", indikator="Laporan layanan")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    iki = rk.indikator.get()
    iki.target_min, iki.satuan = Decimal("4"), "laporan"  # written by the member
    iki.save()
    RencanaKinerja.objects.create(skp=rk.skp, teks="Ditulis sendiri oleh pegawai", urutan=9)

    isi(
        tim,
        tim.anggota,
        tim.k1,
        "Tersusunnya laporan layanan triwulanan",
        indikator="Laporan layanan triwulanan",
    )
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    rk.refresh_from_db()
    iki.refresh_from_db()
    assert rk.teks == "Tersusunnya laporan layanan triwulanan" and hasil.diperbarui == [rk]
    assert (iki.teks, iki.target_min, iki.satuan) == (
        "Laporan layanan triwulanan",
        Decimal("4"),
        "laporan",
    )
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
        "Tersusunnya laporan layanan bulanan",
        "Terpetakannya data unit",
    }
    assert "Diajukan" in hasil.dilewati[0].alasan
    assert [r.teks for r in rk_of(cast.pegawai_lain)] == ["Terpasangnya jaringan nirkabel"]


def test_na_and_empty_cells_create_nothing(tim, cast):
    isi(tim, tim.anggota, tim.k1, na=True)
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert not Skp.objects.filter(pegawai=cast.pegawai).exists()
    assert hasil.dibuat == [] and hasil.skp_baru == []


def test_kpi_column_becomes_marked_free_text_intervensi(tim, cast):
    from kpi.services import buat_kpi, tambah_kolom

    kpi = buat_kpi(
        unit=cast.unit_a, periode=cast.periode, pernyataan="Semua server terbackup", oleh=cast.admin
    )
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

        Dispensasi.objects.create(
            periode=cast.periode,
            tahap=TahapJendela.PENYUSUNAN,
            pegawai=cast.pegawai,
            berlaku_sampai=after,
            alasan="Sakit",
        )
        hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
        assert len(hasil.dibuat) == 1 and not hasil.dilewati


def test_only_the_ketua_tim_applies(tim, cast):
    with pytest.raises(KpiError, match="ketua tim"):
        terapkan_ke_skp(tim.matriks, oleh=cast.pegawai)


def test_removing_an_item_keeps_the_applied_rk_in_the_members_skp(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", "Terkelolanya tiket")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert len(rk_of(cast.pegawai)) == 2 and hasil.tetap == 1


# --- No silent overwrite (issue 13) ----------------------------------------------------------


@pytest.fixture
def beremail(cast):
    cast.pegawai.email = "pegawai@contoh.ac.id"
    cast.pegawai.save(update_fields=["email"])
    return cast


def ubah_target(iki, pegawai, target):
    """The member changes their target in the SKP editor's service."""
    return ubah_indikator(
        iki,
        oleh=pegawai,
        isian=IsianIndikator(
            aspek=iki.aspek,
            teks=iki.teks,
            target_min=Decimal(target),
            satuan=iki.satuan,
        ),
    )


def pesan_untuk(pegawai):
    return pesan_menunggu(pegawai)


def test_reapplying_an_unchanged_matriks_keeps_the_members_own_target(tim, cast):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    ubah_target(rk.indikator.get(), cast.pegawai, 6)

    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert rk.indikator.get().target_min == Decimal(6)  # not back to 5
    assert (hasil.dibuat, hasil.diperbarui, hasil.tetap) == ([], [], 1)


def test_member_edited_rk_survives_a_changed_cell_and_is_a_conflict(tim, cast, beremail):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    iki = rk.indikator.get()
    ubah_indikator(
        iki,
        oleh=cast.pegawai,
        isian=IsianIndikator(
            aspek=Aspek.KUANTITAS,
            teks="Laporan layanan bulanan yang diverifikasi",
            target_min=Decimal(6),
            satuan="laporan",
        ),
    )
    email_menunggu().delete()

    isi(
        tim,
        tim.anggota,
        tim.k1,
        "Tersusunnya laporan layanan triwulanan",
        target=Decimal(4),
        satuan="laporan",
    )
    (langkah,) = rencana_terapkan(tim.matriks, oleh=tim.ketua).langkah
    assert langkah.status == Langkah.KONFLIK
    assert set(langkah.banding.diubah_pemilik) == {"indikator", "target"}
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)

    rk.refresh_from_db()
    iki.refresh_from_db()
    assert rk.teks == "Tersusunnya laporan layanan"  # nothing of the RK was written
    assert (iki.teks, iki.target_min) == ("Laporan layanan bulanan yang diverifikasi", 6)
    assert (
        hasil.konflik == [rk]
        and hasil.diperbarui == []
        and "konflik" in hasil.ringkasan(tim.matriks.istilah)
    )
    assert (
        "tidak diubah karena Anda sendiri telah mengubah indikator kuantitas dan targetnya"
        in rk.kabar_matriks
    )
    assert "Tersusunnya laporan layanan triwulanan" in rk.kabar_matriks
    (email,) = pesan_untuk(cast.pegawai)
    assert "TIDAK diubah" in email.isi and "triwulanan" in email.isi


def test_untouched_rk_is_updated_and_its_owner_gets_a_notice_and_an_email(tim, cast, beremail):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    assert rk.matriks_versi == 1 and rk.kabar_matriks == ""
    email_menunggu().delete()

    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(8), satuan="laporan"
    )
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)

    rk.refresh_from_db()
    assert hasil.diperbarui == [rk] and rk.indikator.get().target_min == Decimal(8)
    assert rk.matriks_versi == PeranHasil.objects.get().versi == 2
    assert "Target: “5 laporan” → “8 laporan”" in rk.kabar_matriks and rk.kabar_matriks_pada
    (email,) = pesan_untuk(cast.pegawai)
    assert email.subjek == "Matriks Tim Unit A mengubah SKP 2026 Anda"
    assert "5 laporan” → “8 laporan" in email.isi and f"/skp/{rk.skp_id}/" in email.isi
    assert mail.outbox == []  # queued: the worker sends it
    assert jalankan_pekerja() == 1
    assert mail.outbox[0].to == ["pegawai@contoh.ac.id"]


def test_an_edit_elsewhere_in_the_rk_does_not_block_a_cell_change_it_does_not_touch(tim, cast):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    ubah_target(rk.indikator.get(), cast.pegawai, 6)

    isi(
        tim,
        tim.anggota,
        tim.k1,
        "Tersusunnya laporan layanan bulanan",
        target=Decimal(5),
        satuan="laporan",
        indikator="Laporan layanan",
    )
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    rk.refresh_from_db()
    iki = rk.indikator.get()
    assert hasil.diperbarui == [rk] and rk.teks == "Tersusunnya laporan layanan bulanan"
    assert (iki.teks, iki.target_min) == ("Laporan layanan", Decimal(6))  # the member's 6 stays


def test_the_preview_writes_nothing(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    isi(tim, tim.anggota_lain, tim.k1, "Terpasangnya jaringan")
    audit = AuditLog.objects.count()
    rencana = rencana_terapkan(tim.matriks, oleh=tim.ketua)
    assert len(rencana.dibuat) == 2 and len(rencana.skp_baru) == 2 and rencana.ada_tindakan
    assert not Skp.objects.filter(pegawai__in=[cast.pegawai, cast.pegawai_lain]).exists()
    assert not RencanaKinerja.objects.filter(asal=AsalRencanaKinerja.MATRIKS).exists()
    assert AuditLog.objects.count() == audit and not email_menunggu().exists()
    tim.matriks.refresh_from_db()
    assert tim.matriks.diterapkan_pada is None


def test_applying_twice_writes_and_tells_nothing_the_second_time(tim, cast, beremail):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    isi(tim, tim.anggota, tim.k2, "Terpetakannya data unit")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    rk1, _ = rk_of(cast.pegawai)
    ubah_target(rk1.indikator.get(), cast.pegawai, 6)
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(7), satuan="laporan"
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)  # one conflict, reported once
    emails, skp = email_menunggu().count(), Skp.objects.get(pegawai=cast.pegawai)

    rencana = rencana_terapkan(tim.matriks, oleh=tim.ketua)
    assert not rencana.ada_tindakan and rencana.konflik[0].sudah_dikabari
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert (hasil.dibuat, hasil.diperbarui, hasil.tetap) == ([], [], 1)
    assert email_menunggu().count() == emails
    assert Skp.objects.get(pk=skp.pk).diubah == skp.diubah


def test_a_matriks_changed_between_preview_and_confirm_is_refused(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    rencana = rencana_terapkan(tim.matriks, oleh=tim.ketua)
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan bulanan")
    with pytest.raises(RencanaBerubah, match="berubah sejak pratinjau"):
        terapkan_ke_skp(tim.matriks, oleh=tim.ketua, sidik=rencana.sidik)
    assert not Skp.objects.filter(pegawai=cast.pegawai).exists()

    rencana = rencana_terapkan(tim.matriks, oleh=tim.ketua)
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua, sidik=rencana.sidik)
    assert [rk.teks for rk in hasil.dibuat] == ["Tersusunnya laporan layanan bulanan"]


def test_a_member_edit_between_preview_and_confirm_is_refused_not_overwritten(tim, cast):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(7), satuan="laporan"
    )
    rencana = rencana_terapkan(tim.matriks, oleh=tim.ketua)
    assert [x.status for x in rencana.langkah] == [Langkah.PERBARUI]
    ubah_target(rk.indikator.get(), cast.pegawai, 6)  # in another tab, before the confirm
    with pytest.raises(RencanaBerubah):
        terapkan_ke_skp(tim.matriks, oleh=tim.ketua, sidik=rencana.sidik)
    assert rk.indikator.get().target_min == Decimal(6)


def test_a_submitted_skp_is_shown_as_left_alone_in_the_preview(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    Skp.objects.filter(pegawai=cast.pegawai).update(status=StatusSkp.DIAJUKAN)
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan bulanan")
    (langkah,) = rencana_terapkan(tim.matriks, oleh=tim.ketua).dilewati
    assert "Diajukan" in langkah.alasan and langkah.banding.status == Langkah.PERBARUI


def test_an_iki_the_member_deleted_is_not_brought_back(tim, cast):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    generated = rk.indikator.get()
    tambah_indikator(
        rk,
        oleh=cast.pegawai,
        isian=IsianIndikator(
            aspek=Aspek.KUANTITAS, teks="Dokumen layanan", target_min=Decimal(3), satuan="dokumen"
        ),
    )
    hapus_indikator(generated, oleh=cast.pegawai)

    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(9), satuan="laporan"
    )
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert hasil.konflik == [rk]
    assert [i.teks for i in rk.indikator.all()] == ["Dokumen layanan"]


def test_an_rk_its_owner_deleted_is_not_made_again(tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    isi(tim, tim.anggota, tim.k2, "Terpetakannya data unit")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    rk1, _ = rk_of(cast.pegawai)
    hapus_rencana_kinerja(rk1, oleh=cast.pegawai)

    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan bulanan")
    (langkah, _) = rencana_terapkan(tim.matriks, oleh=tim.ketua).langkah
    assert langkah.status == Langkah.DIHAPUS
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert hasil.dibuat == [] and [r.teks for r in rk_of(cast.pegawai)] == [
        "Terpetakannya data unit"
    ]


def test_the_owner_takes_the_proposal_and_later_cell_changes_reach_the_rk_again(tim, cast):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    ubah_target(rk.indikator.get(), cast.pegawai, 6)
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(7), satuan="laporan"
    )
    assert terapkan_ke_skp(tim.matriks, oleh=tim.ketua).konflik == [rk]

    with pytest.raises(SkpError):
        terima_usulan_matriks(rk, oleh=tim.ketua)  # only the owner
    terima_usulan_matriks(rk, oleh=cast.pegawai)
    rk.refresh_from_db()
    assert rk.indikator.get().target_min == Decimal(7)
    assert rk.matriks_usulan == {} and rk.kabar_matriks == "" and rk.matriks_versi == 2
    assert terapkan_ke_skp(tim.matriks, oleh=tim.ketua).tetap == 1

    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(9), satuan="laporan"
    )
    assert terapkan_ke_skp(tim.matriks, oleh=tim.ketua).diperbarui == [rk]
    assert rk.indikator.get().target_min == Decimal(9)


def test_taking_the_proposal_writes_only_what_it_named_and_keeps_the_owners_iki_text(tim, cast):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    ubah_indikator(
        rk.indikator.get(),
        oleh=cast.pegawai,
        isian=IsianIndikator(
            aspek=Aspek.KUANTITAS,
            teks="Laporan yang diverifikasi",
            target_min=Decimal(6),
            satuan="laporan",
        ),
    )
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(7), satuan="laporan"
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    rk.refresh_from_db()
    assert "Target: “6 laporan” → “7 laporan”" in rk.kabar_matriks

    terima_usulan_matriks(rk, oleh=cast.pegawai)
    iki = rk.indikator.get()
    assert (iki.teks, iki.target_min) == ("Laporan yang diverifikasi", Decimal(7))
    isi(
        tim,
        tim.anggota,
        tim.k1,
        "Tersusunnya laporan layanan bulanan",
        indikator="Jumlah laporan bulanan",
        target=Decimal(7),
        satuan="laporan",
    )
    assert terapkan_ke_skp(tim.matriks, oleh=tim.ketua).konflik == [rk]  # its IKI is still theirs


def test_a_kualitatif_members_rhk_starts_its_narrative_from_the_cell(tim, cast):
    jadikan_6_2022(cast.periode)
    mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai, pendekatan=Pendekatan.KUALITATIF)
    isi(
        tim,
        tim.anggota,
        tim.k1,
        "Tersusunnya laporan layanan",
        target=Decimal("12"),
        satuan="laporan",
    )
    isi(tim, tim.anggota, tim.k2, "Terpetakannya data unit")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    rk1, rk2 = rk_of(cast.pegawai)
    assert rk1.ukuran_keberhasilan.endswith(": 12 laporan")
    assert rk2.ukuran_keberhasilan == ""  # no indicator in the cell: flagged for its owner


def test_a_range_target_in_a_cell_becomes_the_ikis_range(tim, cast):
    isi(
        tim,
        tim.anggota,
        tim.k1,
        "Terlayaninya permintaan data",
        indikator="Persentase permintaan terlayani",
        target=Decimal(80),
        target_max=Decimal(90),
        satuan="%",
    )
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    (rk,) = rk_of(cast.pegawai)
    iki = rk.indikator.get()
    assert (iki.target_min, iki.target_max, iki.target_tampil) == (80, 90, "80–90%")
    # Applied again with nothing changed: in line, no update.
    hasil = terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    assert (hasil.tetap, hasil.diperbarui) == (1, [])


def _dilewati(tim, status, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    skp = Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode, status=status)
    (langkah,) = rencana_terapkan(tim.matriks, oleh=tim.ketua).dilewati
    return skp, langkah.alasan


def test_a_ketua_who_is_the_atasan_is_told_to_return_the_submitted_skp_himself(tim, cast):
    # The tim fixture's ketua is the member's atasan langsung.
    _, alasan = _dilewati(tim, StatusSkp.DIAJUKAN, cast)
    assert "Anda sendiri atasannya: kembalikan SKP itu dari halaman validasi" in alasan
    assert "Anda dapat memperbaikinya" not in alasan  # the member's words, not the ketua's


def test_a_ketua_who_is_not_the_atasan_is_told_whom_to_ask(tim, cast):
    _, alasan = _dilewati(tim, StatusSkp.DISETUJUI_ATASAN_LANGSUNG, cast)
    assert f"minta {cast.atasan_penilai.nama_lengkap} mengembalikannya" in alasan


def test_a_ditetapkan_skp_is_said_to_be_beyond_returning(tim, cast):
    _, alasan = _dilewati(tim, StatusSkp.DITETAPKAN, cast)
    assert "sudah ditetapkan dan tidak dapat dikembalikan lagi" in alasan
    assert "kembalikan" not in alasan.replace("dikembalikan", "")
