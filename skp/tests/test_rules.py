"""Windows, dispensasi and the edit guard, at the exact boundary instants (WITA)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.tests.factories import buat_pegawai, buat_unit
from periode.jendela import batas_akhir
from periode.models import Dispensasi, Periode, TahapJendela
from skp.exceptions import SkpError
from skp.models import Skp, StatusSkp
from skp.rules import can_edit, pastikan_dapat_diedit

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def periode_2022(db):
    return Periode.objects.create(
        tahun=2022,
        tanggal_mulai=datetime.date(2022, 1, 1),
        tanggal_selesai=datetime.date(2022, 12, 31),
        penyusunan_mulai=datetime.date(2022, 5, 20),
        penyusunan_selesai=datetime.date(2022, 5, 27),
        validasi_mulai=datetime.date(2022, 5, 27),
        validasi_selesai=datetime.date(2022, 5, 31),
    )


@pytest.fixture
def skp(cast, periode_2022):
    return Skp.objects.create(pegawai=cast.pegawai, periode=periode_2022)


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=WITA), tick=False)


def test_draf_is_editable_until_the_last_second_of_the_closing_day(skp):
    with at(2022, 5, 27, 23, 59, 59):
        pastikan_dapat_diedit(skp, skp.pegawai)


def test_draf_is_locked_from_midnight_after_the_closing_day(skp):
    with at(2022, 5, 28, 0, 0, 0), pytest.raises(SkpError, match="berakhir 27 Mei 2022"):
        pastikan_dapat_diedit(skp, skp.pegawai)


def test_draf_is_locked_before_the_window_opens(skp):
    with at(2022, 5, 19, 23, 59, 59), pytest.raises(SkpError, match="baru dibuka 20 Mei 2022"):
        pastikan_dapat_diedit(skp, skp.pegawai)
    with at(2022, 5, 20, 0, 0, 0):
        assert can_edit(skp, skp.pegawai)


def test_a_utc_clock_still_judges_by_wita_date(skp):
    # 27 May 16:00 UTC is already 28 May 00:00 WITA.
    with time_machine.travel(
        datetime.datetime(2022, 5, 27, 16, 0, tzinfo=datetime.UTC), tick=False
    ):
        assert not can_edit(skp, skp.pegawai)


def test_returned_skp_is_editable_until_validasi_closes(skp):
    skp.status = StatusSkp.DIKEMBALIKAN
    with at(2022, 5, 31, 23, 59, 59):
        assert can_edit(skp, skp.pegawai)
    with at(2022, 6, 1, 0, 0, 0), pytest.raises(SkpError, match="dikembalikan"):
        pastikan_dapat_diedit(skp, skp.pegawai)


@pytest.mark.parametrize(
    "status",
    [StatusSkp.DIAJUKAN, StatusSkp.DISETUJUI_ATASAN_LANGSUNG, StatusSkp.DITETAPKAN],
)
def test_submitted_skp_is_never_editable(skp, status):
    skp.status = status
    with at(2022, 5, 21, 10, 0), pytest.raises(SkpError, match="tidak dapat diubah"):
        pastikan_dapat_diedit(skp, skp.pegawai)


def test_only_the_owner_edits(skp, cast):
    with at(2022, 5, 21, 10, 0):
        for other in [cast.atasan_langsung, cast.atasan_penilai, cast.admin, cast.pegawai_lain]:
            assert not can_edit(skp, other)


def test_dispensasi_for_the_pegawai_extends_penyusunan(skp, cast):
    Dispensasi.objects.create(
        periode=skp.periode,
        tahap=TahapJendela.PENYUSUNAN,
        pegawai=cast.pegawai,
        berlaku_sampai=datetime.date(2022, 6, 3),
        alasan="Sakit",
        diberikan_oleh=cast.admin,
    )
    assert batas_akhir(skp.periode, TahapJendela.PENYUSUNAN, cast.pegawai) == datetime.date(
        2022, 6, 3
    )
    with at(2022, 6, 3, 23, 59, 59):
        assert can_edit(skp, cast.pegawai)
    with at(2022, 6, 4, 0, 0, 0):
        assert not can_edit(skp, cast.pegawai)


def test_dispensasi_for_a_unit_covers_its_sub_units_only(skp, cast):
    sub = buat_unit("Sub Unit A", cast.unit_a)
    cast.pegawai.unit_kerja = sub
    cast.pegawai.save(update_fields=["unit_kerja"])
    Dispensasi.objects.create(
        periode=skp.periode,
        tahap=TahapJendela.PENYUSUNAN,
        unit_kerja=cast.unit_a,
        berlaku_sampai=datetime.date(2022, 6, 3),
        alasan="Gangguan jaringan",
    )
    with at(2022, 6, 1, 9, 0):
        assert can_edit(skp, cast.pegawai)
        other = Skp.objects.create(pegawai=cast.pegawai_lain, periode=skp.periode)
        assert not can_edit(other, cast.pegawai_lain)


def test_a_shorter_dispensasi_never_shortens_the_window(skp, cast):
    Dispensasi.objects.create(
        periode=skp.periode,
        tahap=TahapJendela.PENYUSUNAN,
        pegawai=cast.pegawai,
        berlaku_sampai=datetime.date(2022, 5, 22),
        alasan="x",
    )
    assert batas_akhir(skp.periode, TahapJendela.PENYUSUNAN, cast.pegawai) == datetime.date(
        2022, 5, 27
    )


def test_the_displayed_end_date_agrees_with_the_rule_and_lags_at_most_half_a_minute(skp, cast):
    import time
    from unittest import mock

    from periode.jendela import BATAS_TAMPIL_DETIK, batas_akhir_tampilan

    sub = buat_unit("Sub Unit A", cast.unit_a)
    orang_sub = buat_pegawai("Staf Sub", unit_kerja=sub)
    semua = (cast.pegawai, cast.pegawai_lain, orang_sub, cast.atasan_langsung)

    def sama():
        for orang in semua:
            for tahap in (TahapJendela.PENYUSUNAN, TahapJendela.VALIDASI):
                assert batas_akhir_tampilan(skp.periode, tahap, orang) == batas_akhir(
                    skp.periode, tahap, orang
                )

    sama()  # no dispensasi at all
    Dispensasi.objects.create(
        periode=skp.periode,
        tahap=TahapJendela.PENYUSUNAN,
        unit_kerja=cast.unit_a,
        berlaku_sampai=datetime.date(2022, 6, 3),
        alasan="Gangguan jaringan",
    )
    Dispensasi.objects.create(
        periode=skp.periode,
        tahap=TahapJendela.VALIDASI,
        pegawai=cast.pegawai_lain,
        berlaku_sampai=datetime.date(2022, 6, 9),
        alasan="Sakit",
    )
    assert batas_akhir_tampilan(skp.periode, TahapJendela.PENYUSUNAN, orang_sub) == (
        datetime.date(2022, 5, 27)  # remembered from before the grant
    )
    nanti = time.time() + BATAS_TAMPIL_DETIK + 1
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=nanti):
        sama()
        assert batas_akhir_tampilan(skp.periode, TahapJendela.PENYUSUNAN, orang_sub) == (
            datetime.date(2022, 6, 3)
        )


def test_the_end_date_a_page_judges_by_lags_only_inside_the_periodes_own_window(skp, cast):
    """Until the periode's last day the window is open whatever the dispensasi say, so the
    date may lag; after it, a dispensasi granted a moment ago counts at once."""
    from periode.jendela import batas_akhir_terkini

    penyusunan = TahapJendela.PENYUSUNAN
    selesai = skp.periode.penyusunan_selesai
    assert batas_akhir_terkini(skp.periode, penyusunan, cast.pegawai, selesai) == selesai
    sampai = selesai + datetime.timedelta(days=7)
    Dispensasi.objects.create(
        periode=skp.periode,
        tahap=penyusunan,
        pegawai=cast.pegawai,
        berlaku_sampai=sampai,
        alasan="Tugas luar",
    )
    # Remembered from before the grant, and still open that day either way.
    assert batas_akhir_terkini(skp.periode, penyusunan, cast.pegawai, selesai) == selesai
    sehari_lewat = selesai + datetime.timedelta(days=1)
    assert batas_akhir_terkini(skp.periode, penyusunan, cast.pegawai, sehari_lewat) == sampai
