"""What issue 18's second pass added, through the services: the assigner's conversation on his
RK (he replies, replies are emailed), Kinerja Utama naming the pimpinan's RK, the withdrawal of
agreed work (out of a draft, or as a new version of a submitted SKP), the volunteer's reason
kept apart from the decision's note, and the version an acceptance made."""

import datetime

from django.apps import apps as django_apps
import pytest

from accounts.models import AuditLog
from penugasan.models import AnggotaPenugasan, JenisPenugasan, Penugasan, StatusAnggota
from penugasan.services import (
    BukanGiliran,
    IsianTugas,
    PenugasanError,
    ajukan_diri,
    buat_penugasan,
    pejabat_penilai_semua,
    putuskan_penilai,
    tarik_penugasan,
    terima_ke_skp,
)
from skp.models import AksiSkp, RencanaKinerja, SkpVersi, StatusSkp
from skp.services.drafting import mulai_skp
from skp.services.komentar import balas_komentar, komentar_pemberi_tugas
from skp.services.workflow import TidakBerwenang, tambah_komentar
from skp.tests.bantuan_tugas import email_menunggu, pesan_menunggu
from skp.tests.bantuan_workflow import bawa_ke, skp_siap
from skp.tests.drafting_helpers import skp_atasan_dengan_rk

pytestmark = pytest.mark.django_db

S = StatusAnggota


def _tugas(cast, *anggota, oleh=None, **lain) -> Penugasan:
    tahun = cast.periode.tahun
    nilai = {
        "judul": "Panitia UTBK",
        "hasil": "Terlaksananya tugas Panitia UTBK",
        "iki_teks": "Jumlah sesi ujian yang didukung",
        "target": "12",
        "satuan": "sesi",
        "mulai": datetime.date(tahun, 4, 1),
        "selesai": datetime.date(tahun, 6, 30),
        "anggota": [(p, "Anggota") for p in anggota],
        **lain,
    }
    return buat_penugasan(cast.periode, IsianTugas(**nilai), oleh=oleh or cast.atasan_penilai)


def _baris(p, pegawai) -> AnggotaPenugasan:
    return AnggotaPenugasan.objects.get(penugasan=p, pegawai=pegawai)


def _email(pegawai) -> list[tuple[str, str]]:
    return [(p.subjek, p.isi) for p in pesan_menunggu(pegawai)]


def _di_skp_oleh_atasan_lain(cast):
    """pegawai's draft holds a penugasan from atasan_lain (the head of another unit: no
    validator of pegawai), agreed by pegawai's pejabat penilai."""
    skp = skp_siap(cast.pegawai, cast.periode)
    p = _tugas(cast, cast.pegawai, oleh=cast.atasan_lain)
    a = putuskan_penilai(_baris(p, cast.pegawai), oleh=cast.atasan_langsung, setuju=True)
    assert a.status == S.DI_SKP
    return skp, p, a


# --- The assigner's conversation ---------------------------------------------------------------


def test_the_assigner_replies_in_the_conversation_he_opened_on_his_rk_and_nowhere_else(cast):
    skp, _, a = _di_skp_oleh_atasan_lain(cast)
    rk = a.rencana_kinerja
    catatan = komentar_pemberi_tugas(rk, oleh=cast.atasan_lain, teks="Kirim laporan tiap Jumat.")
    jawaban = balas_komentar(catatan, oleh=cast.pegawai, teks="Baik, Pak.")
    balas_komentar(jawaban, oleh=cast.atasan_lain, teks="Terima kasih.")
    assert catatan.balasan.count() == 2
    # A validator's comment on the same RK is between the pegawai and the validators.
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    validator = tambah_komentar(
        skp, oleh=cast.atasan_langsung, teks="Rinci sesinya.", rencana_kinerja=rk
    )
    with pytest.raises(TidakBerwenang):
        balas_komentar(validator, oleh=cast.atasan_lain, teks="Menyela.")
    # Nobody else who merely holds a position may join the assigner's conversation.
    with pytest.raises(TidakBerwenang):
        balas_komentar(catatan, oleh=cast.pegawai_lain, teks="Saya juga.")


def test_a_reply_is_emailed_to_the_other_participants_with_the_tembusan_to_the_pejabat_penilai(
    cast,
):
    _, p, a = _di_skp_oleh_atasan_lain(cast)
    catatan = komentar_pemberi_tugas(
        a.rencana_kinerja, oleh=cast.atasan_lain, teks="Kirim laporan tiap Jumat."
    )
    email_menunggu().delete()
    balas_komentar(catatan, oleh=cast.pegawai, teks="Laporan pertama terlampir.")
    assert _email(cast.pegawai) == []  # not to the writer
    [(subjek, isi)] = _email(cast.atasan_lain)
    assert "Laporan pertama terlampir." in isi and f"/penugasan/{p.pk}/#anggota-{a.pk}" in isi
    [(_, tembusan)] = _email(cast.atasan_langsung)
    assert "Tembusan kepada Anda sebagai pejabat penilai" in tembusan and "/tinjau" in tembusan
    email_menunggu().delete()
    balas_komentar(catatan, oleh=cast.atasan_lain, teks="Diterima.")
    assert [s for s, _ in _email(cast.pegawai)] == [subjek]
    assert len(_email(cast.atasan_langsung)) == 1 and _email(cast.atasan_lain) == []


def test_a_reply_to_a_validators_comment_goes_to_that_validator_only(cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    email_menunggu().delete()
    catatan = tambah_komentar(skp, oleh=cast.atasan_langsung, teks="Rinci sumber datanya.")
    balas_komentar(catatan, oleh=cast.pegawai, teks="Dari aplikasi layanan.")
    assert {t.args_kwargs["kwargs"]["penerima_id"] for t in email_menunggu()} == {
        cast.atasan_langsung.pk
    }


# --- Kinerja Utama names the pimpinan's RK -----------------------------------------------------


def test_agreeing_to_kinerja_utama_needs_the_pimpinans_rk_it_intervenes(cast):
    _, rk_atasan = skp_atasan_dengan_rk(cast)
    skp_siap(cast.pegawai, cast.periode)
    p = _tugas(cast, cast.pegawai)
    a = _baris(p, cast.pegawai)
    with pytest.raises(PenugasanError, match="wajib menyebutkannya") as galat:
        putuskan_penilai(a, oleh=cast.atasan_langsung, setuju=True, jenis_rk="utama")
    assert galat.value.field == "intervensi"
    lain = RencanaKinerja.objects.exclude(pk=rk_atasan.pk).first()  # the pegawai's own RK
    with pytest.raises(PenugasanError, match="tidak tersedia"):
        putuskan_penilai(
            a, oleh=cast.atasan_langsung, setuju=True, jenis_rk="utama", intervensi_id=lain.pk
        )
    assert _baris(p, cast.pegawai).status == S.MENUNGGU_PENILAI  # nothing changed
    a = putuskan_penilai(
        a, oleh=cast.atasan_langsung, setuju=True, jenis_rk="utama", intervensi_id=rk_atasan.pk
    )
    assert a.intervensi == rk_atasan and a.rencana_kinerja.intervensi == rk_atasan


def test_the_chosen_rk_waits_with_the_row_until_the_pegawai_starts_the_skp(cast):
    _, rk_atasan = skp_atasan_dengan_rk(cast)
    p = _tugas(cast, cast.pegawai)
    a = putuskan_penilai(
        _baris(p, cast.pegawai),
        oleh=cast.atasan_langsung,
        setuju=True,
        jenis_rk="utama",
        intervensi_id=rk_atasan.pk,
    )
    assert a.status == S.DISETUJUI
    mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    a = terima_ke_skp(a, oleh=cast.pegawai)
    assert a.rencana_kinerja.jenis == "utama" and a.rencana_kinerja.intervensi == rk_atasan


def test_without_any_rk_of_the_pimpinan_in_the_system_the_pejabat_penilai_writes_it(cast):
    p = _tugas(cast, cast.pegawai)
    a = _baris(p, cast.pegawai)
    with pytest.raises(PenugasanError, match="teks bebas") as galat:
        putuskan_penilai(a, oleh=cast.atasan_langsung, setuju=True, jenis_rk="utama")
    assert galat.value.field == "intervensi_teks_bebas"
    a = putuskan_penilai(
        a,
        oleh=cast.atasan_langsung,
        setuju=True,
        jenis_rk="utama",
        intervensi_teks_bebas="Terkelolanya layanan TIK unit",
    )
    assert a.intervensi_teks_bebas == "Terkelolanya layanan TIK unit"


# --- Withdrawal ----------------------------------------------------------------------------------


def test_withdrawing_agreed_work_removes_it_from_a_draft_and_tells_both(cast):
    skp, p, a = _di_skp_oleh_atasan_lain(cast)
    rk_pk = a.rencana_kinerja_id
    email_menunggu().delete()
    [a] = tarik_penugasan(p, oleh=cast.atasan_lain, alasan="Kegiatan dibatalkan.", anggota=a)
    a.refresh_from_db()
    assert (a.status, a.alasan_tarik, a.ditarik_oleh) == (
        S.DITARIK,
        "Kegiatan dibatalkan.",
        cast.atasan_lain,
    )
    assert a.rencana_kinerja is None and not RencanaKinerja.objects.filter(pk=rk_pk).exists()
    assert skp.rencana_kinerja.count() == 1 and a.is_terlihat_pegawai
    [(_, isi)] = _email(cast.pegawai)
    assert "Kegiatan dibatalkan." in isi and "masih disusun" in isi
    assert "Tembusan" in _email(cast.atasan_langsung)[0][0]
    assert AuditLog.objects.filter(aksi="penugasan.tarik").count() == 1
    assert AuditLog.objects.filter(aksi="skp.rk.penugasan_ditarik").count() == 1


def test_withdrawing_from_a_ditetapkan_skp_makes_a_new_version_and_keeps_the_first(cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DITETAPKAN, cast)
    p = _tugas(cast, cast.pegawai, oleh=cast.atasan_lain)
    a = putuskan_penilai(_baris(p, cast.pegawai), oleh=cast.atasan_langsung, setuju=True)
    a = terima_ke_skp(a, oleh=cast.atasan_langsung)
    assert a.versi_skp == 2  # the acceptance says which version it made
    tarik_penugasan(p, oleh=cast.atasan_lain, alasan="Panitia dibubarkan.")
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DITETAPKAN and skp.rencana_kinerja.count() == 1
    v1, v2, v3 = SkpVersi.objects.filter(skp=skp).order_by("nomor")
    assert (len(v1.isi), len(v2.isi), len(v3.isi)) == (1, 2, 1)
    t = skp.transisi.order_by("-pk").first()
    assert (t.aksi, t.ke, t.versi, t.aktor) == (
        AksiSkp.PERUBAHAN,
        StatusSkp.DITETAPKAN,
        v3,
        cast.atasan_lain,
    )
    assert "Panitia dibubarkan." in t.catatan
    assert any("versi 3" in isi for _, isi in _email(cast.pegawai))
    p.refresh_from_db()
    assert p.ditarik_pada is not None and p.alasan_tarik == "Panitia dibubarkan."


def test_the_only_kinerja_utama_of_a_submitted_skp_is_not_withdrawn(cast):
    from skp.models import Skp

    skp = Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode)
    _, rk_atasan = skp_atasan_dengan_rk(cast)
    p = _tugas(cast, cast.pegawai, oleh=cast.atasan_lain)
    putuskan_penilai(
        _baris(p, cast.pegawai),
        oleh=cast.atasan_langsung,
        setuju=True,
        jenis_rk="utama",
        intervensi_id=rk_atasan.pk,
    )
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    sebelum = (SkpVersi.objects.count(), AuditLog.objects.count())
    with pytest.raises(PenugasanError, match="satu-satunya"):
        tarik_penugasan(p, oleh=cast.atasan_lain, alasan="Batal.")
    assert _baris(p, cast.pegawai).status == S.DI_SKP
    assert (SkpVersi.objects.count(), AuditLog.objects.count()) == sebelum


def test_a_row_withdrawn_before_the_pejabat_penilai_agreed_stays_unseen_by_the_pegawai(cast):
    p = _tugas(cast, cast.pegawai, cast.pegawai_lain)
    tarik_penugasan(
        p, oleh=cast.atasan_penilai, alasan="Salah orang.", anggota=_baris(p, cast.pegawai)
    )
    a = _baris(p, cast.pegawai)
    assert a.status == S.DITARIK and not a.is_terlihat_pegawai
    assert _email(cast.pegawai) == [] and any(
        "ditarik" in s for s, _ in _email(cast.atasan_langsung)
    )
    assert _baris(p, cast.pegawai_lain).status == S.MENUNGGU_PENILAI  # the squad goes on
    with pytest.raises(PenugasanError, match="tidak dapat ditarik lagi"):
        tarik_penugasan(p, oleh=cast.atasan_penilai, alasan="Lagi.", anggota=a)


def test_only_the_assigner_or_who_recorded_it_withdraws_and_always_with_a_reason(cast):
    p = _tugas(cast, cast.pegawai)
    for orang in (cast.atasan_langsung, cast.pegawai, cast.admin):
        with pytest.raises(BukanGiliran):
            tarik_penugasan(p, oleh=orang, alasan="Batal.")
    with pytest.raises(PenugasanError, match="Tuliskan alasan penarikan"):
        tarik_penugasan(p, oleh=cast.atasan_penilai, alasan=" \n ")
    dicatat = _tugas(
        cast,
        cast.pegawai_lain,
        oleh=cast.admin,
        pemberi_nama="Ketua Panitia Pusat",
        pemberi_jabatan="Ketua Panitia Pusat SNPMB",
    )
    tarik_penugasan(dicatat, oleh=cast.admin, alasan="Surat tugas dicabut.")
    assert _baris(dicatat, cast.pegawai_lain).status == S.DITARIK
    with pytest.raises(PenugasanError, match="sudah ditarik"):
        tarik_penugasan(dicatat, oleh=cast.admin, alasan="Lagi.")


# --- The volunteer's reason, the pejabat penilai's lookup ------------------------------------


def _peluang(cast):
    return _tugas(
        cast,
        jenis=JenisPenugasan.PELUANG,
        kuota=2,
        judul="Tim Helpdesk PMB",
        selesai=datetime.date(cast.periode.tahun, 12, 31),
        oleh=cast.atasan_lain,
    )


def test_a_decisions_note_no_longer_overwrites_the_volunteers_reason(cast):
    a = ajukan_diri(_peluang(cast), oleh=cast.pegawai, alasan="Pernah menangani helpdesk")
    a = putuskan_penilai(a, oleh=cast.atasan_langsung, setuju=True, alasan="Setuju, dua hari.")
    a.refresh_from_db()
    assert (a.alasan_relawan, a.alasan) == ("Pernah menangani helpdesk", "Setuju, dua hari.")


def test_the_migration_moves_an_undecided_volunteers_reason_and_keeps_decision_notes(cast):
    import importlib

    migrasi = importlib.import_module("penugasan.migrations.0002_pisah_alasan_intervensi_tarik")
    peluang = _peluang(cast)
    belum = ajukan_diri(peluang, oleh=cast.pegawai, alasan="x")
    sudah = ajukan_diri(peluang, oleh=cast.pegawai_lain)  # opener = pejabat penilai
    AnggotaPenugasan.objects.filter(pk=belum.pk).update(
        alasan="Pernah di helpdesk", alasan_relawan=""
    )
    AnggotaPenugasan.objects.filter(pk=sudah.pk).update(
        alasan="Diterima.", alasan_relawan="", diputuskan_oleh=cast.atasan_lain
    )
    migrasi.pisahkan_alasan(django_apps, None)
    belum.refresh_from_db()
    sudah.refresh_from_db()
    assert (belum.alasan_relawan, belum.alasan) == ("Pernah di helpdesk", "")
    assert (sudah.alasan_relawan, sudah.alasan) == ("", "Diterima.")


def test_the_pejabat_penilai_of_a_whole_squad_is_read_in_one_query(cast, django_assert_num_queries):
    ids = [cast.pegawai.pk, cast.pegawai_lain.pk, cast.admin.pk]
    with django_assert_num_queries(1):
        penilai = pejabat_penilai_semua(ids, cast.periode)
    assert penilai == {
        cast.pegawai.pk: cast.atasan_langsung,
        cast.pegawai_lain.pk: cast.atasan_lain,
    }


def test_the_withdrawal_email_names_the_assigner_once_and_ends_its_sentence_once(cast):
    cast.pegawai.gelar_belakang = "S.Kom., M.T."
    cast.pegawai.save(update_fields=["gelar_belakang"])
    skp, p, a = _di_skp_oleh_atasan_lain(cast)
    email_menunggu().delete()
    tarik_penugasan(p, oleh=cast.atasan_lain, alasan="Kegiatan dibatalkan.", anggota=a)
    [(_, isi)] = _email(cast.pegawai)
    kalimat_pertama = isi.splitlines()[0]
    # The assigner himself withdrew it: named once, as the one who withdrew; one period.
    assert kalimat_pertama.count(cast.atasan_lain.nama) == 1 and "((" not in kalimat_pertama
    assert kalimat_pertama.endswith("M.T.") and not kalimat_pertama.endswith("..")


def test_an_sk_date_is_written_as_every_document_writes_a_date(cast):
    p = _tugas(
        cast, cast.pegawai, nomor_sk="245/UN48/KP/2026", tanggal_sk=datetime.date(2026, 3, 10)
    )
    assert p.keterangan_sk == "SK 245/UN48/KP/2026 tanggal 10 Maret 2026"
