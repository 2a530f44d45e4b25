"""Exports of list pages, and importing them back changes nothing."""

from typing import Any

import pytest
from django.urls import reverse

from tiwizi.geo.models import Commune
from tiwizi.imports.models import ImportJob
from tiwizi.imports.tests.conftest import problems, run_import
from tiwizi.registry.models import Membership, Organization, Person, Sector

pytestmark = pytest.mark.django_db


def _download(client: Any, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.getvalue()


@pytest.fixture
def registry_data(cooperative: Organization, make_organization: Any, ngo: Organization) -> None:
    commune = Commune.objects.select_related("province").order_by("code")[10]
    cooperative.commune, cooperative.phone, cooperative.ice = (
        commune,
        "+212528123456",
        "001234567000089",
    )
    cooperative.creation_date, cooperative.capital_mad = "2019-03-15", "12500.50"
    cooperative.save()
    cooperative.sectors.set(Sector.objects.filter(code__in=["olive-oil", "henna", "argan"]))
    make_organization(name_fr="=Formule", name_ar="جمعية", kind="association", stewards=[ngo])
    # A foreign buyer (its country's name differs in each language).
    buyer = make_organization(
        name_fr="Épices du Monde SARL", kind="buyer", country="FR", rc_number="B-1", stewards=[ngo]
    )
    buyer.sectors.set(Sector.objects.filter(code__in=["cactus", "saffron"]))
    people = [
        Person.objects.create(first_name_latin="Fatima", last_name_latin="Aït Ali",
                              first_name_ar="فاطمة", last_name_ar="آيت علي", sex="female",
                              birth_year=1990, phone="+212661234567", email="f@example.org"),
        Person.objects.create(first_name_ar="أحمد", last_name_ar="والي", sex="male"),
        Person.objects.create(first_name_latin="-Hyphen", last_name_latin="+Plus", sex="male"),
    ]  # fmt: skip
    for person in people:
        Membership.objects.create(person=person, organization=cooperative, role="treasurer")


def _snapshot() -> dict[str, list[Any]]:
    return {
        "organizations": list(Organization.objects.values().order_by("pk")),
        "sectors": list(Organization.sectors.through.objects.values().order_by("pk")),
        "people": list(Person.objects.values().order_by("pk")),
        "memberships": list(Membership.objects.values().order_by("pk")),
    }


def test_organization_export_shows_sectors_and_country_in_the_readers_language(
    client_for, manager, registry_data
) -> None:
    client = client_for(manager)
    client.cookies["tiwizi_language"] = "fr"
    lines = (
        _download(client, reverse("registry:organization_list") + "?export=csv")
        .decode("utf-8-sig")
        .splitlines()
    )
    assert ",Secteurs," in lines[0] and ",Pays," in lines[0]
    assert any("Tafoukt" in line and ",Argan; Henné; Huile d'olive," in line and ",Maroc," in line
               for line in lines)  # fmt: skip
    assert any("Monde" in line and ",Safran; Figue de Barbarie (cactus)," in line
               and ",France," in line for line in lines)  # fmt: skip


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("url_name,kind", [("registry:organization_list", "organizations"),
                                           ("registry:person_list", "people")])  # fmt: skip
@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_export_then_import_changes_nothing(
    client_for, manager, registry_data, url_name: str, kind: str, file_format: str, language: str
) -> None:
    client = client_for(manager)
    client.cookies["tiwizi_language"] = language
    data = _download(client, f"{reverse(url_name)}?export={file_format}")
    before = _snapshot()
    job = run_import(
        manager, kind, data, f"export.{file_format}", update_existing=True, language=language
    )
    assert job.status == ImportJob.Status.READY, problems(job)
    assert (job.created_count, job.updated_count, job.ignored_headers) == (0, 0, [])
    assert job.unchanged_count == job.total_rows > 0
    from tiwizi.imports import services

    services.confirm_import(manager, job)
    assert _snapshot() == before


def test_exports_keep_filters_neutralize_formulas_and_start_with_a_bom(
    client_for, manager, registry_data
) -> None:
    client = client_for(manager)
    data = _download(client, reverse("registry:organization_list") + "?export=csv&kind=association")
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    assert "'=Formule" in text and "Tafoukt" not in text
    people = _download(client, reverse("registry:person_list") + "?export=csv&q=fatima").decode()
    assert "Fatima" in people and "'+Plus" not in people
    assert "National ID" not in people  # never in lists


def test_export_links_keep_the_filters(client_for, manager, registry_data) -> None:
    page = client_for(manager).get(
        reverse("registry:organization_list") + "?kind=association&page=1"
    )
    assert b"?kind=association&amp;export=csv" in page.content


def test_exports_run_a_bounded_number_of_queries(
    client_for, manager, cooperative, django_assert_max_num_queries
) -> None:
    client = client_for(manager)
    for count in (3, 30):
        for n in range(count):
            person = Person.objects.create(
                first_name_latin=f"P{n}", last_name_latin="X", sex="male"
            )
            Membership.objects.create(person=person, organization=cooperative)
        with django_assert_max_num_queries(12):
            _download(client, reverse("registry:person_list") + "?export=xlsx")
        with django_assert_max_num_queries(12):
            _download(client, reverse("registry:organization_list") + "?export=csv")
