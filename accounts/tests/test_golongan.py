import pytest

from accounts.golongan import pangkat_golongan, parse_golongan_pns, parse_golongan_pppk


@pytest.mark.parametrize(
    "text",
    [
        "III/d",
        "III.d",
        "III d",
        "III-d",
        "IIId",
        "iii/D",
        " III / d ",
        "Penata Tk. I, III/d",
        "Penata Tingkat I (III/d)",
        "Penata Tk1, III/d",
    ],
)
def test_every_spelling_of_a_golongan_reads_the_same(text):
    assert parse_golongan_pns(text) == "III/d"


@pytest.mark.parametrize("text", ["", "III/f", "V/a", "I/e", "Penata", "3/d"])
def test_unknown_golongan_reads_as_none(text):
    assert parse_golongan_pns(text) is None


def test_pppk_golongan_is_a_roman_numeral_up_to_xvii():
    assert parse_golongan_pppk("ix") == "IX"
    assert parse_golongan_pppk("9") == "IX"
    assert parse_golongan_pppk("XVII") == "XVII"
    assert parse_golongan_pppk("XVIII") is None
    assert parse_golongan_pppk("18") is None


@pytest.mark.parametrize("text", ["Gol. IX", "golongan ix", "Golongan IX", "GOL 9"])
def test_pppk_golongan_may_carry_the_word_golongan_in_any_case(text):
    """ "Golongan IX" is how the form prints it, so it comes back that way too."""
    assert parse_golongan_pppk(text) == "IX"


def test_pangkat_prints_with_golongan_long_and_short():
    assert pangkat_golongan("III/d") == "Penata Tingkat I, III/d"
    assert pangkat_golongan("III/d", short=True) == "Penata Tk. I, III/d"
    assert pangkat_golongan("IV/e") == "Pembina Utama, IV/e"
