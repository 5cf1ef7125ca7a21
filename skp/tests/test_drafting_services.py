"""The drafting services: every rule of DOMAIN.md §4 and the edit guard on every path."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import AuditLog, JenisJabatan
from accounts.tests.factories import buat_pegawai
from periode.models import Periode
from skp.exceptions import SkpError
from skp.models import (
    AsalRencanaKinerja,
    Aspek,
    Indikator,
    ModelForm,
    RencanaKinerja,
    Skp,
    StatusSkp,
)
from skp.services.drafting import (
    IsianError,
    IsianIndikator,
    hapus_indikator,
    hapus_rencana_kinerja,
    mulai_skp,
    peringatan_indikator,
    peringatan_rencana_kinerja,
    pindahkan_rencana_kinerja,
    salin_dari_periode_sebelumnya,
    tambah_indikator,
    ubah_indikator,
    ubah_model_form,
    ubah_rencana_kinerja,
)
from skp.services.uraian_tugas import can_edit_uraian_tugas, simpan_uraian_tugas
from skp.services.workflow import kekurangan_isi
from skp.tests.drafting_helpers import kuantitas, skp_atasan_dengan_rk, tambah_rk

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def skp(cast):
    return mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)


@pytest.fixture
def rk_atasan(cast):
    return skp_atasan_dengan_rk(cast)[1]


def test_pegawai_starts_a_draf_with_the_non_jpt_model(skp, cast):
    assert skp.status == StatusSkp.DRAF and skp.model_form == ModelForm.NON_JPT
    assert AuditLog.objects.filter(aksi="skp.mulai", objek_id=str(skp.pk)).exists()


def test_jpt_pegawai_gets_the_jpt_model(cast):
    jpt = buat_pegawai("Pejabat JPT", jenis_jabatan=JenisJabatan.JPT_PRATAMA)
    assert mulai_skp(jpt, cast.periode, oleh=jpt).model_form == ModelForm.JPT


def test_starting_twice_returns_the_same_skp(skp, cast):
    assert mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai) == skp
    assert Skp.objects.filter(pegawai=cast.pegawai).count() == 1


def test_nobody_starts_an_skp_for_someone_else(cast):
    with pytest.raises(SkpError, match="Hanya pegawai"):
        mulai_skp(cast.pegawai, cast.periode, oleh=cast.atasan_langsung)


def test_no_skp_is_started_after_the_window_closed(cast):
    periode = cast.periode
    closed = datetime.datetime.combine(
        periode.penyusunan_selesai + datetime.timedelta(days=1), datetime.time(), tzinfo=WITA
    )
    with time_machine.travel(closed, tick=False), pytest.raises(SkpError, match="berakhir"):
        mulai_skp(cast.pegawai, periode, oleh=cast.pegawai)


def test_new_rk_keeps_its_first_kuantitas_iki(skp, rk_atasan):
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    assert [i.aspek for i in rk.indikator.all()] == [Aspek.KUANTITAS]
    assert rk.intervensi == rk_atasan and rk.asal == AsalRencanaKinerja.PEGAWAI


def test_first_iki_of_a_new_rk_must_be_kuantitas(skp, rk_atasan):
    waktu = IsianIndikator(aspek=Aspek.WAKTU, teks="Selesai", target_teks="Maret")
    with pytest.raises(IsianError, match="harus beraspek Kuantitas"):
        tambah_rk(skp, intervensi_id=rk_atasan.pk, indikator=waktu)
    assert not RencanaKinerja.objects.filter(skp=skp).exists()


def test_kuantitas_target_must_be_a_number(skp, rk_atasan):
    teks = IsianIndikator(aspek=Aspek.KUANTITAS, teks="Jumlah laporan", target_teks="banyak")
    with pytest.raises(IsianError, match="angka atau rentang") as info:
        tambah_rk(skp, intervensi_id=rk_atasan.pk, indikator=teks)
    assert info.value.field == "iki_target"


def test_the_last_kuantitas_iki_cannot_be_deleted_or_changed_away(skp, rk_atasan):
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    iki = rk.indikator.get()
    with pytest.raises(SkpError, match="satu-satunya indikator aspek Kuantitas"):
        hapus_indikator(iki, oleh=skp.pegawai)
    kualitas = IsianIndikator(aspek=Aspek.KUALITAS, teks="Mutu", target_teks="Baik")
    with pytest.raises(IsianError, match="minimal satu indikator aspek Kuantitas"):
        ubah_indikator(iki, oleh=skp.pegawai, isian=kualitas)
    assert Indikator.objects.get(pk=iki.pk).aspek == Aspek.KUANTITAS


def test_a_second_kuantitas_iki_makes_the_first_removable(skp, rk_atasan):
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    first = rk.indikator.get()
    tambah_indikator(rk, oleh=skp.pegawai, isian=kuantitas("Jumlah pengguna", 100))
    hapus_indikator(first, oleh=skp.pegawai)
    assert rk.indikator.count() == 1


def test_utama_rk_must_name_the_atasan_rk_when_he_has_one(skp, rk_atasan):
    with pytest.raises(IsianError, match="Pilih rencana kinerja atasan") as info:
        tambah_rk(skp)
    assert info.value.field == "intervensi"
    with pytest.raises(IsianError, match="bukan teks bebas"):
        tambah_rk(skp, intervensi_teks_bebas="Apa saja")


def test_free_text_intervensi_is_allowed_when_the_atasan_has_no_skp(skp):
    with pytest.raises(IsianError, match="teks bebas") as info:
        tambah_rk(skp)
    assert info.value.field == "intervensi_teks_bebas"
    rk = tambah_rk(skp, intervensi_teks_bebas="Terkelolanya layanan TIK")
    assert rk.intervensi is None and rk.intervensi_teks_bebas == "Terkelolanya layanan TIK"


def test_only_the_atasan_langsungs_rk_can_be_intervened(skp, cast, rk_atasan):
    skp_lain = mulai_skp(cast.atasan_lain, cast.periode, oleh=cast.atasan_lain)
    rk_lain = tambah_rk(skp_lain, intervensi_teks_bebas="x")
    with pytest.raises(IsianError, match="tidak tersedia"):
        tambah_rk(skp, intervensi_id=rk_lain.pk)


def test_tambahan_needs_no_intervensi(skp, rk_atasan):
    rk = tambah_rk(skp, teks="Terlaksananya tugas Panitia UTBK", jenis="tambahan")
    assert rk.intervensi is None


def test_jpt_rk_has_no_intervensi(skp, cast, rk_atasan):
    ubah_model_form(skp, oleh=cast.admin, model_form=ModelForm.JPT)
    skp.refresh_from_db()
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    assert rk.intervensi is None


def test_activity_verbs_and_absolute_targets_are_warnings_only():
    assert "Tersusunnya" in peringatan_rencana_kinerja("Menyusun laporan bulanan")[0]
    assert peringatan_rencana_kinerja("Tersusunnya laporan bulanan") == []
    kuantitas = Aspek.KUANTITAS
    assert (
        "semua"
        in peringatan_indikator("Semua server terbackup", "", aspek=kuantitas, is_jpt=False)[0]
    )
    assert peringatan_indikator("Laporan", "Setiap minggu", aspek=Aspek.KUALITAS, is_jpt=False)
    assert peringatan_indikator("Semua server terbackup", "", aspek=kuantitas, is_jpt=True) == []


def test_a_waktu_target_stating_a_frequency_is_the_seeds_model_and_gets_no_warning():
    # DOMAIN.md §4: "setiap minggu", "minggu kedua bulan April" are how Waktu is written.
    for target in ("Setiap minggu", "Minggu kedua bulan April"):
        assert (
            peringatan_indikator("Laporan terkirim", target, aspek=Aspek.WAKTU, is_jpt=False) == []
        )


def test_an_rk_written_as_activity_is_still_saved(skp, rk_atasan):
    rk = tambah_rk(skp, teks="Menyusun laporan", intervensi_id=rk_atasan.pk)
    assert rk.pk


def test_waktu_and_biaya_are_lower_is_better_unless_told_otherwise(skp, rk_atasan):
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    waktu = tambah_indikator(
        rk,
        oleh=skp.pegawai,
        isian=IsianIndikator(
            aspek=Aspek.WAKTU, teks="Lama penyusunan", target_min=Decimal(3), satuan="bulan"
        ),
    )
    biaya = tambah_indikator(
        rk,
        oleh=skp.pegawai,
        isian=IsianIndikator(
            aspek=Aspek.BIAYA, teks="Biaya", target_min=Decimal(1000), lebih_rendah_lebih_baik=False
        ),
    )
    assert waktu.lebih_rendah_lebih_baik and not biaya.lebih_rendah_lebih_baik
    assert not rk.indikator.get(aspek=Aspek.KUANTITAS).lebih_rendah_lebih_baik


def test_a_range_target_is_stored_in_order(skp, rk_atasan):
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    iki = tambah_indikator(
        rk,
        oleh=skp.pegawai,
        isian=IsianIndikator(
            aspek=Aspek.KUALITAS,
            teks="Kepuasan",
            target_min=Decimal(80),
            target_max=Decimal(90),
            satuan="%",
        ),
    )
    assert iki.target_tampil == "80–90%"
    with pytest.raises(IsianError, match="angka kecil ke besar"):
        tambah_indikator(
            rk,
            oleh=skp.pegawai,
            isian=IsianIndikator(
                aspek=Aspek.KUALITAS,
                teks="Kepuasan",
                target_min=Decimal(90),
                target_max=Decimal(80),
            ),
        )


def test_rk_moves_up_and_down_within_its_section(skp, rk_atasan):
    a, b, c = (tambah_rk(skp, teks=t, intervensi_id=rk_atasan.pk) for t in "ABC")
    tambahan = tambah_rk(skp, teks="T", jenis="tambahan")
    assert pindahkan_rencana_kinerja(c, oleh=skp.pegawai, arah="naik")
    assert not pindahkan_rencana_kinerja(a, oleh=skp.pegawai, arah="naik")
    urut = list(
        skp.rencana_kinerja.filter(jenis="utama").order_by("urutan").values_list("teks", flat=True)
    )
    assert urut == ["A", "C", "B"]
    assert RencanaKinerja.objects.get(pk=tambahan.pk).urutan == 0
    with pytest.raises(SkpError, match="Arah"):
        pindahkan_rencana_kinerja(b, oleh=skp.pegawai, arah="samping")


def test_moving_an_rk_to_tambahan_puts_it_last_there(skp, rk_atasan):
    tambah_rk(skp, teks="T1", jenis="tambahan")
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    rk = ubah_rencana_kinerja(rk, oleh=skp.pegawai, jenis="tambahan", teks="Pindah")
    assert (rk.jenis, rk.urutan, rk.intervensi) == ("tambahan", 1, None)


def test_an_rk_intervened_by_a_bawahan_cannot_be_deleted(skp, cast, rk_atasan):
    tambah_rk(skp, intervensi_id=rk_atasan.pk)
    with pytest.raises(SkpError, match="diintervensi oleh 1"):
        hapus_rencana_kinerja(rk_atasan, oleh=cast.atasan_langsung)


def test_deleting_an_rk_removes_its_iki_and_is_audited(skp, rk_atasan):
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    hapus_rencana_kinerja(rk, oleh=skp.pegawai)
    assert not Indikator.objects.filter(rencana_kinerja_id=rk.pk).exists()
    assert AuditLog.objects.filter(aksi="skp.rk.hapus", objek_id=str(rk.pk)).exists()


def test_copy_from_previous_periode_keeps_free_text_intervensi_and_marks_salinan(cast, skp):
    lalu = Periode.objects.create(
        tahun=cast.periode.tahun - 1,
        tanggal_mulai=datetime.date(cast.periode.tahun - 1, 1, 1),
        tanggal_selesai=datetime.date(cast.periode.tahun - 1, 12, 31),
        penyusunan_mulai=datetime.date(cast.periode.tahun - 1, 5, 1),
        penyusunan_selesai=datetime.date(cast.periode.tahun - 1, 5, 7),
        validasi_mulai=datetime.date(cast.periode.tahun - 1, 5, 7),
        validasi_selesai=datetime.date(cast.periode.tahun - 1, 5, 10),
    )
    skp_lama = Skp.objects.create(pegawai=cast.pegawai, periode=lalu)
    rk_lama = RencanaKinerja.objects.create(
        skp=skp_lama, teks="Tersusunnya laporan", intervensi_teks_bebas="lama"
    )
    Indikator.objects.create(rencana_kinerja=rk_lama, teks="Jumlah", target_min=4)
    Indikator.objects.create(
        rencana_kinerja=rk_lama,
        teks="Waktu",
        aspek=Aspek.WAKTU,
        target_teks="Setiap bulan",
        urutan=1,
    )
    assert salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai).jumlah == 1
    baru = skp.rencana_kinerja.get()
    assert baru.asal == AsalRencanaKinerja.SALINAN and baru.intervensi_teks_bebas == "lama"
    assert [(i.aspek, i.target_tampil) for i in baru.indikator.all()] == [
        (Aspek.KUANTITAS, "4"),
        (Aspek.WAKTU, "Setiap bulan"),
    ]
    with pytest.raises(SkpError, match="sudah berisi salinan"):
        salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai)
    assert kekurangan_isi(skp) == []


def test_copy_without_previous_skp_says_so(skp):
    with pytest.raises(SkpError, match="tidak memiliki SKP periode sebelumnya"):
        salin_dari_periode_sebelumnya(skp, oleh=skp.pegawai)


@pytest.fixture
def skp_2022(cast):
    periode = Periode.objects.create(
        tahun=2022,
        tanggal_mulai=datetime.date(2022, 1, 1),
        tanggal_selesai=datetime.date(2022, 12, 31),
        penyusunan_mulai=datetime.date(2022, 5, 20),
        penyusunan_selesai=datetime.date(2022, 5, 27),
        validasi_mulai=datetime.date(2022, 5, 27),
        validasi_selesai=datetime.date(2022, 5, 31),
    )
    return Skp.objects.create(pegawai=cast.pegawai, periode=periode)


def test_adding_an_rk_works_at_2359_59_wita_on_the_closing_day(skp_2022):
    with time_machine.travel(datetime.datetime(2022, 5, 27, 23, 59, 59, tzinfo=WITA), tick=False):
        tambah_rk(skp_2022, intervensi_teks_bebas="Atasan belum ada di sistem")
    assert skp_2022.rencana_kinerja.count() == 1


def test_adding_an_rk_is_refused_at_midnight_wita_after_the_closing_day(skp_2022):
    midnight = datetime.datetime(2022, 5, 28, 0, 0, 0, tzinfo=WITA)
    with (
        time_machine.travel(midnight, tick=False),
        pytest.raises(SkpError, match="berakhir 27 Mei 2022"),
    ):
        tambah_rk(skp_2022, intervensi_teks_bebas="Atasan belum ada di sistem")
    assert not skp_2022.rencana_kinerja.exists()


def test_a_submitted_skp_refuses_every_change(skp, rk_atasan):
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    Skp.objects.filter(pk=skp.pk).update(status=StatusSkp.DIAJUKAN)
    for change in [
        lambda: tambah_rk(skp, intervensi_id=rk_atasan.pk),
        lambda: ubah_rencana_kinerja(
            rk, oleh=skp.pegawai, jenis="utama", teks="x", intervensi_id=rk_atasan.pk
        ),
        lambda: hapus_rencana_kinerja(rk, oleh=skp.pegawai),
        lambda: tambah_indikator(rk, oleh=skp.pegawai, isian=kuantitas()),
        lambda: salin_dari_periode_sebelumnya(skp, oleh=skp.pegawai),
    ]:
        with pytest.raises(SkpError, match="Diajukan sedang divalidasi"):
            change()


def test_only_the_owner_changes_content(skp, cast, rk_atasan):
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    with pytest.raises(SkpError, match="Hanya pemilik"):
        tambah_indikator(rk, oleh=cast.atasan_langsung, isian=kuantitas())


def test_admin_changes_the_form_model_others_cannot(skp, cast):
    ubah_model_form(skp, oleh=cast.admin, model_form=ModelForm.JPT)
    assert Skp.objects.get(pk=skp.pk).model_form == ModelForm.JPT
    assert AuditLog.objects.filter(aksi="skp.model_form").count() == 1
    with pytest.raises(SkpError, match="Hanya admin"):
        ubah_model_form(skp, oleh=cast.pegawai, model_form=ModelForm.NON_JPT)
    Skp.objects.filter(pk=skp.pk).update(status=StatusSkp.DITETAPKAN)
    with pytest.raises(SkpError, match="Ditetapkan"):
        ubah_model_form(skp, oleh=cast.admin, model_form=ModelForm.NON_JPT)


def test_uraian_tugas_is_edited_by_the_pegawai_and_the_units_koordinator(cast):
    koordinator = buat_pegawai("Koordinator", unit_kerja=cast.root)
    cast.root.koordinator = koordinator
    cast.root.save(update_fields=["koordinator"])
    simpan_uraian_tugas(cast.pegawai, oleh=cast.pegawai, teks="- Tersedianya laporan\n\n")
    uraian = simpan_uraian_tugas(cast.pegawai, oleh=koordinator, teks="A\nB")
    assert uraian.butir == ["A", "B"] and uraian.diubah_oleh == koordinator
    assert not can_edit_uraian_tugas(cast.atasan_langsung, cast.pegawai)
    with pytest.raises(SkpError, match="koordinator"):
        simpan_uraian_tugas(cast.pegawai, oleh=cast.pegawai_lain, teks="x")
