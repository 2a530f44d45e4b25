"""Amounts in dirhams, as each language writes them."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from tiwizi.core.money import NBSP, NNBSP, format_mad

LRM = "\u200e"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", f"12{NNBSP}500,50{NBSP}MAD"),
        ("en", f"MAD{NBSP}12,500.50"),
        ("ar", f"{LRM}12.500,50{NBSP}درهم"),
    ],
)
def test_format_mad_per_language(language, expected):
    assert format_mad(12500.5, language) == expected
    assert format_mad(Decimal("12500.50"), language) == expected


def test_french_groups_with_a_narrow_no_break_space():
    assert format_mad(1234567, "fr") == f"1{NNBSP}234{NNBSP}567,00{NBSP}MAD"
    assert " " not in format_mad(1234567, "fr")  # never a breakable space


def test_arabic_uses_western_digits():
    text = format_mad(9876543.21, "ar")
    assert text == f"{LRM}9.876.543,21{NBSP}درهم"
    assert not any("\u0660" <= ch <= "\u0669" for ch in text)


def test_small_negative_and_rounded_amounts():
    assert format_mad(0, "fr") == f"0,00{NBSP}MAD"
    assert format_mad(999, "en") == f"MAD{NBSP}999.00"
    assert format_mad(-1500, "en") == f"-MAD{NBSP}1,500.00"
    assert format_mad(-1500, "ar") == f"{LRM}-1.500,00{NBSP}درهم"
    assert format_mad(Decimal("0.005"), "fr") == f"0,01{NBSP}MAD"  # half up, not banker's
    assert format_mad(Decimal("2.675"), "en") == f"MAD{NBSP}2.68"


def test_whole_dirhams_without_decimals():
    assert format_mad(12500, "fr", decimals=0) == f"12{NNBSP}500{NBSP}MAD"
    assert format_mad(12500, "en", decimals=0) == f"MAD{NBSP}12,500"


def test_none_is_blank():
    assert format_mad(None) == ""


def test_follows_the_active_language_and_the_template_filter():
    template = Template("{% load tiwizi %}{{ amount|mad }}")
    with translation.override("en"):
        assert format_mad(12500.5) == f"MAD{NBSP}12,500.50"
        assert template.render(Context({"amount": 12500.5})) == f"MAD{NBSP}12,500.50"
    with translation.override("fr-ma"):
        assert format_mad(12500.5) == f"12{NNBSP}500,50{NBSP}MAD"
