"""The HTMX endpoint that fills a commune <select> once a province is chosen."""

import re

import pytest
from django.urls import reverse

from tiwizi.geo.models import Commune, Province

URL = reverse("geo:commune_options")
OPTION = re.compile(r'<option value="(\d*)">')

pytestmark = pytest.mark.django_db


def _option_values(response) -> list[str]:
    assert response.status_code == 200
    return OPTION.findall(response.content.decode())


def test_returns_only_the_provinces_communes_sorted_by_name(client):
    ouarzazate = Province.objects.get(code="08.401")
    values = _option_values(client.get(URL, {"province": ouarzazate.pk}))
    assert values[0] == ""  # the "choose a commune" prompt
    expected = list(
        Commune.objects.filter(province=ouarzazate).order_by("name_fr").values_list("pk", flat=True)
    )
    assert [int(v) for v in values[1:]] == expected


def test_names_are_in_the_visitors_language(client):
    ouarzazate = Province.objects.get(code="08.401")
    commune = ouarzazate.communes.order_by("name_fr").first()
    html = client.get(URL, {"province": ouarzazate.pk}, headers={"accept-language": "ar"})
    assert commune.name_ar in html.content.decode()


@pytest.mark.parametrize("province", ["abc", "", "-1", "1.5", "999999", "1 OR 1=1"])
def test_bad_or_unknown_province_gives_only_the_prompt(client, province):
    assert _option_values(client.get(URL, {"province": province})) == [""]


def test_missing_province_gives_only_the_prompt(client):
    assert _option_values(client.get(URL)) == [""]


def test_needs_no_login_and_answers_htmx(client):
    response = client.get(URL, {"province": "1"}, headers={"hx-request": "true"})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["1" * 30, "²", "١٢", "-1", "0"])
def test_commune_options_survive_odd_province_values(client, value):
    response = client.get(reverse("geo:commune_options"), {"province": value})
    assert response.status_code == 200
    assert response.text.count("<option") == 1  # only the "choose a commune" prompt


@pytest.mark.django_db
def test_commune_options_follow_arabic_order(client):
    from tiwizi.geo.models import Province

    ouarzazate = Province.objects.get(code="08.401")
    response = client.get(
        reverse("geo:commune_options"), {"province": ouarzazate.pk}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    names = [c.name_ar for c in ouarzazate.communes.order_by("name_ar")]
    positions = [response.text.index(name) for name in names]
    assert positions == sorted(positions)
