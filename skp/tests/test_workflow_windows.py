"""Windows at the exact boundary instants (WITA, inclusive dates) and dispensasi."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import AuditLog
from accounts.tests.factories import buat_unit
from periode.models import Dispensasi, Periode, TahapJendela
from periode.services import PeriodeError, beri_dispensasi, tetapkan_supervisi
from skp.exceptions import SkpError
from skp.models import SkpTransisi, StatusSkp
from skp.services.workflow import ajukan_skp, setujui_skp
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

WITA = ZoneInfo("Asia/Makassar")
S = StatusSkp


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=WITA), tick=False)


@pytest.fixture
def p2022(cast):
    periode = Periode.objects.create(
        tahun=2022,
        tanggal_mulai=datetime.date(2022, 1, 1),
        tanggal_selesai=datetime.date(2022, 12, 31),
        penyusunan_mulai=datetime.date(2022, 5, 20),
        penyusunan_selesai=datetime.date(2022, 5, 27),
        validasi_mulai=datetime.date(2022, 5, 27),
        validasi_selesai=datetime.date(2022, 5, 31),
    )
    tetapkan_supervisi(
        cast.pegawai,
        periode,
        atasan_langsung=cast.atasan_langsung,
        atasan_penilai=cast.atasan_penilai,
    )
    tetapkan_supervisi(
        cast.pegawai_lain,
        periode,
        atasan_langsung=cast.atasan_lain,
        atasan_penilai=cast.atasan_penilai,
    )
    return periode


@pytest.fixture
def skp22(cast, p2022):
    return skp_siap(cast.pegawai, p2022)


def test_draf_can_be_submitted_at_the_last_second_of_penyusunan(skp22, cast):
    with at(2022, 5, 27, 23, 59, 59):
        ajukan_skp(skp22, oleh=cast.pegawai)
    skp22.refresh_from_db()
    assert skp22.status == S.DIAJUKAN


def test_draf_cannot_be_submitted_from_midnight_after_penyusunan(skp22, cast):
    with at(2022, 5, 28, 0, 0, 0), pytest.raises(SkpError, match="berakhir 27 Mei 2022"):
        ajukan_skp(skp22, oleh=cast.pegawai)
    skp22.refresh_from_db()
    assert skp22.status == S.DRAF
    assert not SkpTransisi.objects.filter(skp=skp22).exists()


def test_draf_cannot_be_submitted_before_penyusunan_opens(skp22, cast):
    with at(2022, 5, 19, 23, 59, 59), pytest.raises(SkpError, match="baru dibuka 20 Mei 2022"):
        ajukan_skp(skp22, oleh=cast.pegawai)
    with at(2022, 5, 20, 0, 0, 0):
        ajukan_skp(skp22, oleh=cast.pegawai)


def test_returned_skp_can_be_resubmitted_until_validasi_closes(skp22, cast):
    with at(2022, 5, 27, 10, 0):
        bawa_ke(skp22, S.DIKEMBALIKAN, cast)
    with at(2022, 6, 1, 0, 0, 0), pytest.raises(SkpError, match="berakhir 31 Mei 2022"):
        ajukan_skp(skp22, oleh=cast.pegawai)
    with at(2022, 5, 31, 23, 59, 59):
        ajukan_skp(skp22, oleh=cast.pegawai)
    skp22.refresh_from_db()
    assert skp22.status == S.DIAJUKAN


def test_validasi_opens_at_midnight_of_its_first_day(skp22, cast):
    with at(2022, 5, 26, 12, 0):
        bawa_ke(skp22, S.DIAJUKAN, cast)
    with at(2022, 5, 26, 23, 59, 59), pytest.raises(SkpError, match="baru dibuka 27 Mei 2022"):
        setujui_skp(skp22, oleh=cast.atasan_langsung)
    with at(2022, 5, 27, 0, 0, 0):
        setujui_skp(skp22, oleh=cast.atasan_langsung)


def test_validasi_closes_after_its_last_second(skp22, cast):
    with at(2022, 5, 26, 12, 0):
        bawa_ke(skp22, S.DIAJUKAN, cast)
    with at(2022, 5, 31, 23, 59, 59):
        setujui_skp(skp22, oleh=cast.atasan_langsung)
    with at(2022, 6, 1, 0, 0, 0), pytest.raises(SkpError, match="berakhir 31 Mei 2022"):
        setujui_skp(skp22, oleh=cast.atasan_penilai)
    skp22.refresh_from_db()
    assert skp22.status == S.DISETUJUI_ATASAN_LANGSUNG


def test_a_utc_clock_still_judges_submission_by_wita_date(skp22, cast):
    # 27 May 16:00 UTC is already 28 May 00:00 WITA.
    with (
        time_machine.travel(datetime.datetime(2022, 5, 27, 16, 0, tzinfo=datetime.UTC), tick=False),
        pytest.raises(SkpError),
    ):
        ajukan_skp(skp22, oleh=cast.pegawai)


def test_dispensasi_for_the_pegawai_extends_their_submission_window(skp22, cast, p2022):
    with at(2022, 5, 28, 9, 0):
        beri_dispensasi(
            p2022,
            oleh=cast.admin,
            tahap=TahapJendela.PENYUSUNAN,
            berlaku_sampai=datetime.date(2022, 5, 30),
            alasan="Sakit",
            pegawai=cast.pegawai,
        )
    with at(2022, 5, 30, 23, 59, 59):
        ajukan_skp(skp22, oleh=cast.pegawai)


def test_dispensasi_ends_at_its_own_last_second(skp22, cast, p2022):
    beri_dispensasi(
        p2022,
        oleh=cast.admin,
        tahap=TahapJendela.PENYUSUNAN,
        berlaku_sampai=datetime.date(2022, 5, 30),
        alasan="Sakit",
        pegawai=cast.pegawai,
    )
    with at(2022, 5, 31, 0, 0, 0), pytest.raises(SkpError, match="berakhir 30 Mei 2022"):
        ajukan_skp(skp22, oleh=cast.pegawai)


def test_dispensasi_for_a_unit_covers_its_sub_units(skp22, cast, p2022):
    sub = buat_unit("Sub Unit A", cast.unit_a)
    cast.pegawai.unit_kerja = sub
    cast.pegawai.save()
    beri_dispensasi(
        p2022,
        oleh=cast.admin,
        tahap=TahapJendela.PENYUSUNAN,
        berlaku_sampai=datetime.date(2022, 5, 29),
        alasan="Gangguan jaringan",
        unit_kerja=cast.unit_a,
    )
    with at(2022, 5, 29, 15, 0):
        ajukan_skp(skp22, oleh=cast.pegawai)


def test_validasi_dispensasi_counts_for_the_validator_not_the_pegawai(skp22, cast, p2022):
    with at(2022, 5, 26, 12, 0):
        bawa_ke(skp22, S.DIAJUKAN, cast)
    beri_dispensasi(
        p2022,
        oleh=cast.admin,
        tahap=TahapJendela.VALIDASI,
        berlaku_sampai=datetime.date(2022, 6, 3),
        alasan="Dinas luar",
        pegawai=cast.pegawai,
    )
    with at(2022, 6, 2, 9, 0), pytest.raises(SkpError, match="berakhir 31 Mei 2022"):
        setujui_skp(skp22, oleh=cast.atasan_langsung)
    beri_dispensasi(
        p2022,
        oleh=cast.admin,
        tahap=TahapJendela.VALIDASI,
        berlaku_sampai=datetime.date(2022, 6, 3),
        alasan="Dinas luar",
        pegawai=cast.atasan_langsung,
    )
    with at(2022, 6, 2, 9, 0):
        setujui_skp(skp22, oleh=cast.atasan_langsung)


def test_only_the_admin_grants_dispensasi(cast, p2022):
    with pytest.raises(PeriodeError, match="Hanya admin kepegawaian"):
        beri_dispensasi(
            p2022,
            oleh=cast.atasan_penilai,
            tahap=TahapJendela.PENYUSUNAN,
            berlaku_sampai=datetime.date(2022, 6, 3),
            alasan="x",
            pegawai=cast.pegawai,
        )
    assert not Dispensasi.objects.exists()


def test_dispensasi_is_audited_with_its_reason(cast, p2022):
    d = beri_dispensasi(
        p2022,
        oleh=cast.admin,
        tahap=TahapJendela.PENYUSUNAN,
        berlaku_sampai=datetime.date(2022, 6, 3),
        alasan="Cuti melahirkan",
        pegawai=cast.pegawai,
    )
    row = AuditLog.objects.get(aksi="skp.dispensasi")
    assert (row.aktor, row.objek_id, row.data["alasan"]) == (
        cast.admin,
        str(d.pk),
        "Cuti melahirkan",
    )


@pytest.mark.parametrize(
    ("sampai", "alasan", "pesan"),
    [
        (datetime.date(2022, 5, 27), "Sakit", "harus sesudah batas semula"),
        (datetime.date(2023, 1, 2), "Sakit", "tidak boleh melewati akhir periode"),
        (datetime.date(2022, 6, 3), "  ", "Tuliskan alasan"),
    ],
)
def test_dispensasi_must_extend_within_the_periode_with_a_reason(
    cast, p2022, sampai, alasan, pesan
):
    with pytest.raises(PeriodeError, match=pesan):
        beri_dispensasi(
            p2022,
            oleh=cast.admin,
            tahap=TahapJendela.PENYUSUNAN,
            berlaku_sampai=sampai,
            alasan=alasan,
            pegawai=cast.pegawai,
        )
    assert not Dispensasi.objects.exists()
    assert not AuditLog.objects.filter(aksi="skp.dispensasi").exists()


def test_dispensasi_names_one_pegawai_or_one_unit(cast, p2022):
    with pytest.raises(PeriodeError, match="satu pegawai atau satu unit"):
        beri_dispensasi(
            p2022,
            oleh=cast.admin,
            tahap=TahapJendela.PENYUSUNAN,
            berlaku_sampai=datetime.date(2022, 6, 3),
            alasan="x",
            pegawai=cast.pegawai,
            unit_kerja=cast.unit_a,
        )
