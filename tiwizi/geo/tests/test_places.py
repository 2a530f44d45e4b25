"""The HCP reference data loaded by the migration, and names in the reader's language."""

import pytest
from django.utils import translation

from tiwizi.geo.models import Commune, Province, Region

pytestmark = pytest.mark.django_db


def test_migration_loads_every_region_province_and_commune():
    assert Region.objects.count() == 12
    assert Province.objects.count() == 83
    assert Commune.objects.count() == 1503


def test_every_place_has_both_official_names_and_a_parent():
    assert not Region.objects.filter(name_ar="").exists()
    assert not Province.objects.filter(name_fr="").exists()
    assert not Commune.objects.filter(name_ar="").exists()
    assert not Commune.objects.filter(province__isnull=True).exists()


def test_ouarzazate_has_its_hcp_code_and_arabic_name():
    ouarzazate = Province.objects.get(code="08.401")
    assert ouarzazate.name_fr == "Ouarzazate"
    assert ouarzazate.name_ar == "ورزازات"
    assert ouarzazate.region.code == "08"
    assert ouarzazate.communes.exists()
    assert all(c.code.startswith("08.401") for c in ouarzazate.communes.all())


@pytest.mark.parametrize(
    ("language", "expected"), [("ar", "ورزازات"), ("fr", "Ouarzazate"), ("en", "Ouarzazate")]
)
def test_names_follow_the_language_and_english_falls_back_to_french(language, expected):
    ouarzazate = Province.objects.get(code="08.401")
    with translation.override(language):
        assert ouarzazate.name == expected
        assert str(ouarzazate) == expected
