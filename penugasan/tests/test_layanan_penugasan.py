"""Penugasan through the services (DOMAIN.md §10): routed through the pejabat penilai, into
the SKP directly while it is editable and as a new version once it is submitted."""

import datetime

import pytest

from accounts.models import AuditLog
from penugasan.models import AnggotaPenugasan, JenisPenugasan, StatusAnggota
from penugasan.services import (
    BukanGiliran,
    IsianTugas,
    PenugasanError,
    ajukan_diri,
    buat_penugasan,
    konfirmasi_relawan,
    putuskan_penilai,
    terima_ke_skp,
)
from skp.models import AksiSkp, AsalRencanaKinerja, SkpVersi, StatusSkp
from skp.services.drafting import hapus_rencana_kinerja, mulai_skp
from skp.services.workflow import SkpError
from skp.tests.bantuan_tugas import pesan_menunggu
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

pytestmark = pytest.mark.django_db

S = StatusAnggota


def _isian(cast, *anggota, **lain):
    tahun = cast.periode.tahun
    nilai = {
        "judul": "Panitia UTBK",
        "hasil": "Terlaksananya tugas Panitia UTBK",
        "iki_teks": "Jumlah sesi ujian yang didukung",
        "target": "12",
        "satuan": "sesi",
        "nomor_sk": "12/UN48/KP/2026",
        "mulai": datetime.date(tahun, 4, 1),
        "selesai": datetime.date(tahun, 6, 30),
        "anggota": [(p, "Anggota") for p in anggota],
    }
    nilai.update(lain)
    return IsianTugas(**nilai)


def _anggota(p, pegawai):
    return AnggotaPenugasan.objects.get(penugasan=p, pegawai=pegawai)


def _email_ke(pegawai):
    return [pesan.subjek for pesan in pesan_menunggu(pegawai)]


def test_an_official_outside_the_line_reaches_the_pegawai_only_through_their_pejabat_penilai(
    cast,
):
    # The Wakil Rektor assigns two staff of two units.
    p = buat_penugasan(
        cast.periode, _isian(cast, cast.pegawai, cast.pegawai_lain), oleh=cast.atasan_penilai
    )
    satu, dua = _anggota(p, cast.pegawai), _anggota(p, cast.pegawai_lain)
    assert (satu.status, satu.penilai) == (S.MENUNGGU_PENILAI, cast.atasan_langsung)
    assert (dua.status, dua.penilai) == (S.MENUNGGU_PENILAI, cast.atasan_lain)
    assert not satu.is_terlihat_pegawai
    assert _email_ke(cast.pegawai) == []  # nothing for the pegawai yet
    assert len(_email_ke(cast.atasan_langsung)) == 1


def test_the_agreed_assignee_finds_it_in_their_draft_marked_with_its_assigner_and_sk(cast):
    skp = skp_siap(cast.pegawai, cast.periode)
    p = buat_penugasan(cast.periode, _isian(cast, cast.pegawai), oleh=cast.atasan_penilai)
    a = putuskan_penilai(_anggota(p, cast.pegawai), oleh=cast.atasan_langsung, setuju=True)
    assert a.status == S.DI_SKP
    rk = a.rencana_kinerja
    assert rk.skp == skp and rk.jenis == "tambahan" and rk.asal == AsalRencanaKinerja.PENUGASAN
    assert rk.keterangan_penugasan == "Penugasan dari Wakil Rektor; SK 12/UN48/KP/2026"
    assert rk.pemberi_tugas == cast.atasan_penilai
    assert rk.indikator.get().target_tampil == "12 sesi"
    assert _email_ke(cast.pegawai) == ["Penugasan baru: Panitia UTBK"]


def test_declining_needs_a_reason_and_tells_the_assigner(cast):
    p = buat_penugasan(cast.periode, _isian(cast, cast.pegawai_lain), oleh=cast.atasan_penilai)
    a = _anggota(p, cast.pegawai_lain)
    with pytest.raises(PenugasanError, match="alasan"):
        putuskan_penilai(a, oleh=cast.atasan_lain, setuju=False, alasan="  ")
    a = putuskan_penilai(a, oleh=cast.atasan_lain, setuju=False, alasan="Sedang tugas belajar")
    assert (a.status, a.alasan) == (S.DITOLAK, "Sedang tugas belajar")
    assert not a.is_terlihat_pegawai
    assert any("ditolak" in s for s in _email_ke(cast.atasan_penilai))
    assert _email_ke(cast.pegawai_lain) == []


def test_only_the_current_pejabat_penilai_decides_and_only_once(cast):
    p = buat_penugasan(cast.periode, _isian(cast, cast.pegawai), oleh=cast.atasan_penilai)
    a = _anggota(p, cast.pegawai)
    for orang in (cast.atasan_lain, cast.pegawai, cast.atasan_penilai):
        with pytest.raises(BukanGiliran):
            putuskan_penilai(a, oleh=orang, setuju=True)
    putuskan_penilai(a, oleh=cast.atasan_langsung, setuju=True)
    with pytest.raises(PenugasanError, match="sudah tidak menunggu"):  # a second tab
        putuskan_penilai(a, oleh=cast.atasan_langsung, setuju=False, alasan="x")


def test_an_assignment_by_the_pejabat_penilai_goes_straight_to_the_pegawai(cast):
    skp_siap(cast.pegawai, cast.periode)
    p = buat_penugasan(cast.periode, _isian(cast, cast.pegawai), oleh=cast.atasan_langsung)
    assert _anggota(p, cast.pegawai).status == S.DI_SKP


def test_agreed_work_without_an_skp_waits_and_goes_in_when_the_pegawai_started_one(cast):
    p = buat_penugasan(cast.periode, _isian(cast, cast.pegawai), oleh=cast.atasan_langsung)
    a = _anggota(p, cast.pegawai)
    assert a.status == S.DISETUJUI and a.is_terlihat_pegawai
    with pytest.raises(PenugasanError, match="belum memulai SKP"):
        terima_ke_skp(a, oleh=cast.pegawai)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    a = terima_ke_skp(a, oleh=cast.pegawai)
    assert a.status == S.DI_SKP and a.rencana_kinerja.skp == skp


def test_after_penetapan_it_becomes_version_two_without_reopening_the_skp(cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DITETAPKAN, cast)
    assert skp.versi.count() == 1
    p = buat_penugasan(cast.periode, _isian(cast, cast.pegawai), oleh=cast.atasan_penilai)
    a = putuskan_penilai(_anggota(p, cast.pegawai), oleh=cast.atasan_langsung, setuju=True)
    assert a.status == S.MENUNGGU_SKP
    assert skp.rencana_kinerja.count() == 1  # not yet
    with pytest.raises(BukanGiliran):
        terima_ke_skp(a, oleh=cast.pegawai)
    a = terima_ke_skp(a, oleh=cast.atasan_langsung)
    skp.refresh_from_db()
    assert a.status == S.DI_SKP and skp.status == StatusSkp.DITETAPKAN
    v1, v2 = SkpVersi.objects.filter(skp=skp).order_by("nomor")
    assert len(v1.isi) == 1 and len(v2.isi) == 2
    assert v2.isi[1]["penugasan_dari"] == "Wakil Rektor"
    t = skp.transisi.order_by("-pk").first()
    assert (t.aksi, t.dari, t.ke, t.versi) == (AksiSkp.PERUBAHAN, "ditetapkan", "ditetapkan", v2)
    assert AuditLog.objects.filter(aksi="skp.perubahan").count() == 1
    assert any("versi 2" in s for s in _email_ke(cast.pegawai))


def test_accepting_into_a_submitted_skp_needs_a_complete_indicator(cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    p = buat_penugasan(
        cast.periode,
        _isian(cast, cast.pegawai, iki_teks="", target="", satuan=""),
        oleh=cast.atasan_penilai,
    )
    a = putuskan_penilai(_anggota(p, cast.pegawai), oleh=cast.atasan_langsung, setuju=True)
    with pytest.raises(PenugasanError, match="indikator"):
        terima_ke_skp(a, oleh=cast.atasan_langsung)
    a = terima_ke_skp(
        a, oleh=cast.atasan_langsung, iki_teks="Jumlah sesi", target="6", satuan="sesi"
    )
    assert a.status == S.DI_SKP and skp.versi.count() == 2


def test_the_owner_cannot_drop_agreed_work_from_their_skp(cast):
    skp_siap(cast.pegawai, cast.periode)
    p = buat_penugasan(cast.periode, _isian(cast, cast.pegawai), oleh=cast.atasan_langsung)
    with pytest.raises(SkpError, match="tidak dapat dihapus"):
        hapus_rencana_kinerja(_anggota(p, cast.pegawai).rencana_kinerja, oleh=cast.pegawai)


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"judul": " "}, "judul"),
        ({"hasil": ""}, "hasil yang diharapkan"),
        ({"mulai": datetime.date(2000, 1, 1)}, "dalam periode"),
        ({"selesai": datetime.date(2000, 1, 1)}, "sebelum tanggal mulai"),
        ({"target": "banyak"}, "angka"),
        ({"anggota": []}, "minimal satu"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_and_changes_nothing(cast, ubah, pesan):
    with pytest.raises(PenugasanError, match=pesan):
        buat_penugasan(cast.periode, _isian(cast, cast.pegawai, **ubah), oleh=cast.atasan_penilai)
    assert not AnggotaPenugasan.objects.exists()


def test_nobody_assigns_to_themselves_and_a_plain_pegawai_assigns_nobody(cast):
    with pytest.raises(PenugasanError, match="dirinya sendiri"):
        buat_penugasan(cast.periode, _isian(cast, cast.atasan_langsung), oleh=cast.atasan_langsung)
    with pytest.raises(PenugasanError, match="pemegang jabatan"):
        buat_penugasan(cast.periode, _isian(cast, cast.pegawai_lain), oleh=cast.pegawai)
    cast.pegawai.is_pemberi_tugas = True
    cast.pegawai.save()
    assert buat_penugasan(cast.periode, _isian(cast, cast.pegawai_lain), oleh=cast.pegawai)


def test_the_admin_records_an_assignment_of_an_official_of_another_instansi(cast):
    p = buat_penugasan(
        cast.periode,
        _isian(
            cast,
            cast.pegawai,
            pemberi_nama="Ketua Panitia Pusat SNPMB",
            pemberi_jabatan="Ketua Panitia Pusat SNPMB 2026",
        ),
        oleh=cast.admin,
    )
    assert p.pemberi is None and p.nama_pemberi == "Ketua Panitia Pusat SNPMB 2026"
    assert _anggota(p, cast.pegawai).status == S.MENUNGGU_PENILAI
    with pytest.raises(PenugasanError, match="admin kepegawaian"):
        buat_penugasan(
            cast.periode, _isian(cast, cast.pegawai, pemberi_nama="Orang Lain"), oleh=cast.pegawai
        )


def test_a_volunteer_joins_another_units_opportunity_after_both_approve(cast):
    peluang = buat_penugasan(
        cast.periode,
        _isian(
            cast,
            jenis=JenisPenugasan.PELUANG,
            kuota=1,
            judul="Tim Helpdesk PMB",
            selesai=datetime.date(cast.periode.tahun, 12, 31),
        ),
        oleh=cast.atasan_lain,
    )
    a = ajukan_diri(peluang, oleh=cast.pegawai, alasan="Pernah menangani helpdesk")
    assert a.status == S.MENUNGGU_PENILAI and a.is_terlihat_pegawai
    with pytest.raises(PenugasanError, match="sudah mengajukan"):
        ajukan_diri(peluang, oleh=cast.pegawai)
    with pytest.raises(PenugasanError, match="sudah terisi"):  # the one place is in process
        ajukan_diri(peluang, oleh=cast.atasan_langsung)
    a = putuskan_penilai(a, oleh=cast.atasan_langsung, setuju=True)
    assert a.status == S.MENUNGGU_PEMBUKA
    with pytest.raises(BukanGiliran):
        konfirmasi_relawan(a, oleh=cast.atasan_langsung, terima=True)
    a = konfirmasi_relawan(a, oleh=cast.atasan_lain, terima=True)
    assert a.status == S.DISETUJUI  # no SKP yet
