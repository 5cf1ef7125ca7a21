"""Every transition of DOMAIN.md §6 through the services: the allowed ones do exactly one
step with its transition and audit rows; every other (state, action, actor) changes nothing."""

import pytest

from accounts.models import AuditLog
from accounts.tests.factories import buat_pegawai
from periode.services import tetapkan_supervisi
from skp.exceptions import SkpError
from skp.models import (
    AksiSkp,
    JenisRencanaKinerja,
    ModelForm,
    RencanaKinerja,
    Skp,
    SkpTransisi,
    StatusSkp,
)
from skp.rules import can_edit
from skp.services.workflow import (
    IsiBelumLengkap,
    TidakBerwenang,
    ajukan_skp,
    kembalikan_skp,
    setujui_skp,
)
from skp.tests.bantuan_workflow import CATATAN, bawa_ke, isi_lengkap

S = StatusSkp


def audit(skp, aksi):
    return AuditLog.objects.filter(aksi=aksi, objek_tipe="skp.skp", objek_id=str(skp.pk))


def test_pegawai_submits_draf_and_it_is_snapshotted_as_version_one(skp, cast):
    ajukan_skp(skp, oleh=cast.pegawai)
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN
    assert skp.diajukan_pada is not None
    assert skp.snapshot_header["pejabat_penilai"]["nip"] == cast.atasan_langsung.nip
    (t,) = SkpTransisi.objects.filter(skp=skp)
    assert (t.aksi, t.dari, t.ke, t.aktor) == (AksiSkp.AJUKAN, S.DRAF, S.DIAJUKAN, cast.pegawai)
    assert t.versi.nomor == 1
    assert t.versi.isi[0]["teks"] == "Tersusunnya laporan layanan TIK"
    assert t.versi.isi[0]["indikator"][0]["target"] == "12 laporan"
    assert audit(skp, "skp.ajukan").count() == 1


def test_atasan_langsung_can_approve_submitted_skp(skp, cast):
    bawa_ke(skp, S.DIAJUKAN, cast)
    setujui_skp(skp, oleh=cast.atasan_langsung)
    skp.refresh_from_db()
    assert skp.status == S.DISETUJUI_ATASAN_LANGSUNG
    t = SkpTransisi.objects.filter(skp=skp).last()
    assert (t.aksi, t.aktor, t.ke) == (
        AksiSkp.SETUJUI,
        cast.atasan_langsung,
        S.DISETUJUI_ATASAN_LANGSUNG,
    )
    assert audit(skp, "skp.setujui").count() == 1


def test_atasan_penilai_ditetapkan_after_the_atasan_langsung(skp, cast):
    bawa_ke(skp, S.DISETUJUI_ATASAN_LANGSUNG, cast)
    setujui_skp(skp, oleh=cast.atasan_penilai)
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN
    t = SkpTransisi.objects.filter(skp=skp).last()
    assert (t.aksi, t.aktor, t.dari) == (
        AksiSkp.TETAPKAN,
        cast.atasan_penilai,
        S.DISETUJUI_ATASAN_LANGSUNG,
    )
    assert audit(skp, "skp.tetapkan").count() == 1


def test_second_step_is_skipped_without_an_atasan_penilai(skp, cast):
    tetapkan_supervisi(
        cast.pegawai, cast.periode, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
    )
    bawa_ke(skp, S.DIAJUKAN, cast)
    setujui_skp(skp, oleh=cast.atasan_langsung)
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN
    t = SkpTransisi.objects.filter(skp=skp).last()
    assert (t.aksi, t.dari, t.ke) == (AksiSkp.SETUJUI, S.DIAJUKAN, S.DITETAPKAN)


def test_second_step_is_skipped_when_atasan_penilai_is_the_same_person(skp, cast):
    tetapkan_supervisi(
        cast.pegawai,
        cast.periode,
        atasan_langsung=cast.atasan_langsung,
        atasan_penilai=cast.atasan_langsung,
    )
    bawa_ke(skp, S.DIAJUKAN, cast)
    setujui_skp(skp, oleh=cast.atasan_langsung)
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN
    assert SkpTransisi.objects.filter(skp=skp).count() == 2


def test_atasan_langsung_returns_with_a_note_and_pegawai_resubmits_version_two(skp, cast):
    bawa_ke(skp, S.DIKEMBALIKAN, cast)
    t = SkpTransisi.objects.filter(skp=skp).last()
    assert (t.aksi, t.catatan, t.ke) == (AksiSkp.KEMBALIKAN, CATATAN, S.DIKEMBALIKAN)
    rk = skp.rencana_kinerja.get()
    rk.teks = "Tersusunnya laporan layanan TIK bulanan"
    rk.save()
    ajukan_skp(skp, oleh=cast.pegawai)
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN
    assert list(skp.versi.values_list("nomor", flat=True)) == [1, 2]
    assert skp.versi.get(nomor=2).isi[0]["teks"] == "Tersusunnya laporan layanan TIK bulanan"


def test_atasan_penilai_returns_an_approved_skp(skp, cast):
    bawa_ke(skp, S.DISETUJUI_ATASAN_LANGSUNG, cast)
    kembalikan_skp(skp, oleh=cast.atasan_penilai, catatan="Selaraskan dengan KPI unit.")
    skp.refresh_from_db()
    assert skp.status == S.DIKEMBALIKAN
    assert audit(skp, "skp.kembalikan").count() == 1


@pytest.mark.parametrize("catatan", ["", "   \n "])
def test_returning_without_a_note_is_refused_and_nothing_changes(skp, cast, catatan):
    bawa_ke(skp, S.DIAJUKAN, cast)
    with pytest.raises(SkpError, match="Tuliskan catatan"):
        kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=catatan)
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN
    assert SkpTransisi.objects.filter(skp=skp).count() == 1


def test_ditetapkan_skp_is_read_only(skp, cast):
    bawa_ke(skp, S.DITETAPKAN, cast)
    assert not can_edit(skp, cast.pegawai)


# The whole table, written out: (state, action, actor) → allowed. Everything else is refused.
ALLOWED = {
    (S.DRAF, "ajukan", "pegawai"),
    (S.DIKEMBALIKAN, "ajukan", "pegawai"),
    (S.DIAJUKAN, "setujui", "atasan_langsung"),
    (S.DIAJUKAN, "kembalikan", "atasan_langsung"),
    (S.DISETUJUI_ATASAN_LANGSUNG, "setujui", "atasan_penilai"),
    (S.DISETUJUI_ATASAN_LANGSUNG, "kembalikan", "atasan_penilai"),
}
ACTORS = ["pegawai", "atasan_langsung", "atasan_penilai", "pegawai_lain", "atasan_lain", "admin"]
ACTIONS = {
    "ajukan": lambda skp, oleh: ajukan_skp(skp, oleh=oleh),
    "setujui": lambda skp, oleh: setujui_skp(skp, oleh=oleh),
    "kembalikan": lambda skp, oleh: kembalikan_skp(skp, oleh=oleh, catatan=CATATAN),
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("aksi", list(ACTIONS))
@pytest.mark.parametrize("aktor", ACTORS)
def test_only_the_table_moves_an_skp(skp, cast, status, aksi, aktor):
    bawa_ke(skp, status, cast)
    before = SkpTransisi.objects.filter(skp=skp).count()
    audits = AuditLog.objects.count()
    if (status, aksi, aktor) in ALLOWED:
        ACTIONS[aksi](skp, getattr(cast, aktor))
        assert SkpTransisi.objects.filter(skp=skp).count() == before + 1
        assert AuditLog.objects.count() == audits + 1
    else:
        with pytest.raises(SkpError):
            ACTIONS[aksi](skp, getattr(cast, aktor))
        skp.refresh_from_db()
        assert skp.status == status
        assert SkpTransisi.objects.filter(skp=skp).count() == before
        assert AuditLog.objects.count() == audits


def test_authority_follows_the_current_supervision_not_the_one_at_submission(skp, cast):
    bawa_ke(skp, S.DIAJUKAN, cast)
    baru = buat_pegawai("Atasan Baru", unit_kerja=cast.unit_a)
    tetapkan_supervisi(
        cast.pegawai, cast.periode, atasan_langsung=baru, atasan_penilai=cast.atasan_penilai
    )
    with pytest.raises(TidakBerwenang):
        setujui_skp(skp, oleh=cast.atasan_langsung)
    setujui_skp(skp, oleh=baru)
    skp.refresh_from_db()
    assert skp.status == S.DISETUJUI_ATASAN_LANGSUNG


def test_submitting_without_any_rencana_kinerja_is_refused(cast):
    skp = Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode)
    with pytest.raises(IsiBelumLengkap) as info:
        ajukan_skp(skp, oleh=cast.pegawai)
    assert info.value.butir == [
        "Tuliskan minimal satu rencana kinerja pada bagian A. Kinerja Utama."
    ]
    skp.refresh_from_db()
    assert skp.status == S.DRAF and not skp.versi.exists()


def test_submission_lists_every_rk_to_fix(cast):
    skp = Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode)
    isi_lengkap(skp)
    RencanaKinerja.objects.create(skp=skp, teks="Terlaksananya backup server", urutan=2)
    RencanaKinerja.objects.create(
        skp=skp, teks="Terlaksananya Panitia UTBK", jenis=JenisRencanaKinerja.TAMBAHAN
    )
    with pytest.raises(IsiBelumLengkap) as info:
        ajukan_skp(skp, oleh=cast.pegawai)
    assert info.value.butir == [
        "Rencana kinerja A.2 «Terlaksananya backup server»: Indikator belum diisi: isi minimal satu indikator aspek Kuantitas untuk rencana kinerja ini.",
        "Rencana kinerja A.2 «Terlaksananya backup server»: Pilih rencana kinerja atasan langsung yang diintervensi.",
        "Rencana kinerja B.1 «Terlaksananya Panitia UTBK»: Indikator belum diisi: isi minimal satu indikator aspek Kuantitas untuk rencana kinerja ini.",
    ]


def test_an_indikator_without_target_blocks_submission(cast):
    """QA found a matriks-made IKI with an empty target submitted and approved."""
    skp = Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode)
    isi_lengkap(skp)
    iki = skp.rencana_kinerja.first().indikator.first()
    iki.target_min, iki.target_max, iki.target_teks = None, None, ""
    iki.save()
    with pytest.raises(IsiBelumLengkap) as info:
        ajukan_skp(skp, oleh=cast.pegawai)
    assert any(f"Isi target indikator «{iki.teks[:60]}»" in b for b in info.value.butir)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DRAF


def test_jpt_kinerja_utama_needs_no_intervensi(cast):
    skp = Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode, model_form=ModelForm.JPT)
    rk = isi_lengkap(skp)
    rk.intervensi_teks_bebas = ""
    rk.save()
    ajukan_skp(skp, oleh=cast.pegawai)
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN


def test_pegawai_without_any_atasan_cannot_submit(cast):
    tetapkan_supervisi(cast.pegawai, cast.periode, atasan_langsung=None, atasan_penilai=None)
    skp = Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode)
    isi_lengkap(skp)
    with pytest.raises(SkpError, match="belum ditetapkan"):
        ajukan_skp(skp, oleh=cast.pegawai)
