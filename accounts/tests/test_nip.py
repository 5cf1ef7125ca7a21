from django.core.exceptions import ValidationError
import pytest

from accounts.nip import format_nip, validate_nip


def test_seed_nip_is_valid():
    assert validate_nip("198412012012121002") == "198412012012121002"


def test_spaces_typed_inside_nip_are_ignored():
    assert validate_nip("19860926 201505 1 001") == "198609262015051001"


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("", "required"),
        ("19841201201212100", "length"),
        ("1984120120121210021", "length"),
        ("19841201201212100A", "digits"),
        ("1.98412012012121E+17", "digits"),
        ("198402302012121002", "birth_date"),  # 30 February
        ("198412012012131002", "tmt"),  # month 13
        ("198412012012001002", "tmt"),  # month 00
        ("198412012012123002", "gender"),
        ("198412012012121000", "seq"),
    ],
)
def test_invalid_nip_is_refused_with_a_reason(nip, code):
    with pytest.raises(ValidationError) as error:
        validate_nip(nip)
    assert error.value.code == code


def test_pppk_number_may_carry_a_code_where_pns_have_the_tmt_month():
    assert validate_nip("199203152021211003", is_pns=False) == "199203152021211003"
    with pytest.raises(ValidationError):
        validate_nip("199203152021211003", is_pns=True)


def test_nip_prints_in_its_usual_groups():
    assert format_nip("198412012012121002") == "19841201 201212 1 002"
