"""Geography in the admin: searchable by code and names, read-mostly."""

import pytest
from django.urls import reverse

from tiwizi.geo.models import Commune, Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for, platform_admin):
    platform_admin.is_superuser = True
    platform_admin.save()
    return client_for(platform_admin)


@pytest.mark.parametrize("query", ["08.401", "Ouarzazate", "ورزازات"])
def test_provinces_are_searchable_by_code_and_both_names(admin_client, query):
    response = admin_client.get(reverse("admin:geo_province_changelist"), {"q": query})
    assert response.status_code == 200
    codes = [p.code for p in response.context["cl"].result_list]
    assert "08.401" in codes


def test_communes_are_searchable_by_province(admin_client):
    response = admin_client.get(reverse("admin:geo_commune_changelist"), {"q": "ورزازات"})
    assert response.status_code == 200
    assert any(c.province.code == "08.401" for c in response.context["cl"].result_list)


def test_region_list_and_filters_load(admin_client):
    assert admin_client.get(reverse("admin:geo_region_changelist")).status_code == 200
    response = admin_client.get(reverse("admin:geo_commune_changelist"), {"kind": "rural"})
    assert response.status_code == 200


def test_places_cannot_be_added_or_deleted(admin_client):
    commune = Commune.objects.first()
    assert admin_client.get(reverse("admin:geo_commune_add")).status_code == 403
    assert admin_client.get(reverse("admin:geo_province_add")).status_code == 403
    delete = reverse("admin:geo_commune_delete", args=[commune.pk])
    assert admin_client.get(delete).status_code == 403


def test_names_can_be_corrected_but_the_code_cannot(admin_client):
    province = Province.objects.get(code="08.401")
    url = reverse("admin:geo_province_change", args=[province.pk])
    response = admin_client.post(
        url,
        {"code": "99.999", "name_fr": "Ouarzazate", "name_ar": "ورزازات", "population_2024": "1"},
    )
    assert response.status_code == 302
    province.refresh_from_db()
    assert province.code == "08.401"
    assert province.population_2024 == 1
