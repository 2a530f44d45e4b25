"""Moroccan phone numbers in every way people write them, stored as +212…"""

import pytest

from tiwizi.core.phone import format_moroccan_phone, normalize_moroccan_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0661234567", "+212661234567"),
        ("+212 661-234567", "+212661234567"),
        ("00212661234567", "+212661234567"),
        ("212661234567", "+212661234567"),
        ("0522 12 34 56", "+212522123456"),
        ("06.61.23.45.67", "+212661234567"),
        ("(0661) 23 45 67", "+212661234567"),
        ("0712345678", "+212712345678"),
        ("+212 0661 23 45 67", "+212661234567"),  # the trunk zero kept by mistake
    ],
)
def test_moroccan_numbers_are_normalized(raw, expected):
    assert normalize_moroccan_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "12345",
        "0161234567",  # no Moroccan line starts with 1
        "+33612345678",  # French mobile
        "06612345678",  # one digit too many
        "066123456",  # one digit too few
        "0661abc567",
        "",
        None,
    ],
)
def test_other_inputs_are_refused(raw):
    assert normalize_moroccan_phone(raw) is None


def test_formatting_groups_digits_as_read_aloud():
    assert format_moroccan_phone("+212661234567") == "+212 6 61 23 45 67"
    assert format_moroccan_phone("+33612345678") == "+33612345678"
