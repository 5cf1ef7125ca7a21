"""The one reader of a typed target and the one writer of "target + satuan" (skp/target.py)."""

from decimal import Decimal

import pytest

from skp.models import Aspek, Indikator
from skp.target import TargetTidakSah, baca_target, isian_target, periksa_target, tulis_target


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("5", ("5", None, "")),
        ("2,5", ("2.5", None, "")),
        ("80-90", ("80", "90", "")),
        ("80–90", ("80", "90", "")),
        ("80 s.d. 90", ("80", "90", "")),
        ("1.250.000", ("1250000", None, "")),
        ("Minggu kedua bulan April", (None, None, "Minggu kedua bulan April")),
        ("1 x 24", (None, None, "1 x 24")),
        ("2 kali 3 bulan", (None, None, "2 kali 3 bulan")),
    ],
)
def test_targets_are_read_the_indonesian_way(typed, parsed):
    target = baca_target(typed)
    assert (
        str(target.bawah) if target.bawah is not None else None,
        str(target.atas) if target.atas is not None else None,
        target.teks,
    ) == parsed


def test_a_unit_typed_after_the_number_fills_an_empty_satuan():
    target, satuan = periksa_target("12 dokumen", "")
    assert (target.bawah, target.teks, satuan) == (Decimal(12), "", "dokumen")
    target, satuan = periksa_target("80–90 %", "")
    assert (target.bawah, target.atas, satuan) == (Decimal(80), Decimal(90), "%")


def test_a_unit_other_than_the_satuan_makes_the_target_a_description():
    target, satuan = periksa_target("12 dokumen", "laporan")
    assert (target.bawah, target.teks, satuan) == (None, "12 dokumen", "laporan")


def test_a_reversed_range_and_a_number_too_large_are_refused():
    with pytest.raises(TargetTidakSah, match="kecil ke besar"):
        periksa_target("90-80", "%")
    with pytest.raises(TargetTidakSah, match="terlalu besar"):
        periksa_target("1000000000000000", "rupiah")
    with pytest.raises(TargetTidakSah, match="dua angka di belakang koma"):
        periksa_target("2,555", "kali")


@pytest.mark.parametrize(
    ("bawah", "atas", "satuan", "teks", "tertulis"),
    [
        ("5", None, "dokumen", "", "5 dokumen"),
        ("80", "90", "%", "", "80–90%"),
        ("2.5", None, "", "", "2,5"),
        (None, None, "jam", "1 x 24", "1 x 24 jam"),
        (None, None, "", "Setiap minggu", "Setiap minggu"),
        (None, None, "laporan", "", ""),
    ],
)
def test_a_target_is_written_with_its_satuan(bawah, atas, satuan, teks, tertulis):
    bawah = None if bawah is None else Decimal(bawah)
    atas = None if atas is None else Decimal(atas)
    assert tulis_target(bawah, atas, satuan, teks) == tertulis


def test_the_edit_field_gets_the_target_back_as_typed_without_its_satuan():
    assert isian_target(Decimal("80.00"), Decimal("90.00")) == "80–90"
    assert isian_target(Decimal("2.50")) == "2,5"
    assert isian_target(None, None, "1 x 24") == "1 x 24"


def test_an_iki_shows_lower_is_better_under_a_number_only():
    waktu_angka = Indikator(aspek=Aspek.WAKTU, target_min=Decimal(3), satuan="hari")
    waktu_teks = Indikator(aspek=Aspek.WAKTU, target_teks="Setiap minggu")
    waktu_angka.lebih_rendah_lebih_baik = waktu_teks.lebih_rendah_lebih_baik = True
    assert waktu_angka.keterangan_arah == "makin kecil makin baik"
    assert waktu_teks.keterangan_arah == ""
    assert waktu_teks.target_tampil == "Setiap minggu"
