"""The dashboard in a one-step periode (DOMAIN.md §9): who set the SKP, and an atasan
penilai without a step is told so (the workflow: skp/tests/test_alur_satu_tahap.py)."""

import pytest

from accounts.tests.factories import buat_pegawai
from beranda.dasbor import beranda_untuk
from beranda.roles import peran_untuk
from periode.models import AlurPersetujuan, ProfilRegulasi
from periode.services import tetapkan_supervisi
from skp.models import StatusSkp
from skp.services.workflow import setujui_skp
from skp.tests.bantuan_workflow import bawa_ke

S = StatusSkp


@pytest.fixture
def satu_tahap(cast):
    cast.periode.profil_regulasi = ProfilRegulasi.PERMENPANRB_6_2022
    cast.periode.alur_persetujuan = AlurPersetujuan.SATU_TAHAP
    cast.periode.save(update_fields=["profil_regulasi", "alur_persetujuan"])
    return cast


def _langkah(pegawai, periode):
    data = beranda_untuk(pegawai, peran_untuk(pegawai, periode), periode)
    return [(lk.judul, lk.teks) for lk in data.langkah]


def test_in_one_step_the_dashboard_says_who_set_the_skp(satu_tahap, skp):
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)
    setujui_skp(skp, oleh=satu_tahap.atasan_langsung)
    ((judul, teks),) = _langkah(satu_tahap.pegawai, satu_tahap.periode)
    assert "sudah ditetapkan" in judul
    assert "ditetapkan oleh pejabat penilai kinerja" in teks


def test_in_two_steps_the_dashboard_still_names_the_atasan_penilai(cast, skp):
    bawa_ke(skp, S.DITETAPKAN, cast)
    ((_, teks),) = _langkah(cast.pegawai, cast.periode)
    assert "ditetapkan oleh atasan penilai" in teks


def test_in_one_step_an_atasan_penilai_only_is_told_there_is_nothing_to_validate(satu_tahap):
    hanya_penilai = buat_pegawai("Penilai Saja", unit_kerja=satu_tahap.root)
    tetapkan_supervisi(
        satu_tahap.pegawai_lain,
        satu_tahap.periode,
        atasan_langsung=satu_tahap.atasan_lain,
        atasan_penilai=hanya_penilai,
    )
    (langkah,) = _langkah(hanya_penilai, satu_tahap.periode)[1:]  # after his own SKP's step
    assert langkah[0] == "Pegawai yang Anda nilai"
    assert "tidak ada yang perlu Anda validasi" in langkah[1]


def test_the_dashboard_names_the_one_step_alur_beside_the_atasan(client, cast):
    client.force_login(cast.pegawai)
    assert "persetujuan satu tahap" not in client.get("/").content.decode()
    cast.periode.alur_persetujuan = AlurPersetujuan.SATU_TAHAP
    cast.periode.save(update_fields=["alur_persetujuan"])
    assert "memakai persetujuan satu tahap" in client.get("/").content.decode()
