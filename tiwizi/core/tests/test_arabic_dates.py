"""Dates in Arabic as written in Morocco: Moroccan month names and Western digits.

Django's own Arabic catalogue has the Middle-Eastern names (مايو, يوليو, أغسطس…); the
Moroccan names come from our ar catalogue (tiwizi/locale/ar), which overrides Django's.
This test fails until that catalogue provides them.
"""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

MOROCCAN_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
]
EASTERN_ARABIC_DIGITS = set("٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("month", range(1, 13))
def test_arabic_dates_use_moroccan_month_names_and_western_digits(month):
    template = Template('{{ d|date:"j F Y" }}')
    with translation.override("ar"):
        text = template.render(Context({"d": datetime.date(2025, month, 17)}))
    assert text == f"17 {MOROCCAN_MONTHS[month - 1]} 2025"
    assert not EASTERN_ARABIC_DIGITS.intersection(text)
