"""Search matches what people meant: Arabic plurals and spellings, French without accents."""

import pytest
from django.urls import reverse

from tiwizi.registry import services
from tiwizi.registry.models import Organization, Person


@pytest.fixture
def named(make_organization):
    return {
        "ar": make_organization(name_fr="", name_ar="تعاونية النور للزعفران"),
        "fr": make_organization(name_fr="Coopérative Féminine Tifaouine"),
        "other": make_organization(name_fr="Association Oasis", name_ar="جمعية الواحة"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("تعاونيات", {"ar"}),  # plural finds the singular
        ("التعاونية", {"ar"}),  # with the article
        ("تعاونيه", {"ar"}),  # ta marbuta typed as ha
        ("الزعفران", {"ar"}),
        ("cooperatives", {"fr"}),  # plural, no accent
        ("COOPÉRATIVE féminine", {"fr"}),
        ("feminines", {"fr"}),
        ("coop", {"fr"}),  # prefix while typing
        ("oasis", {"other"}),
        ("واحة", {"other"}),
        ("introuvable", set()),
    ],
)
def test_search_finds_plural_arabic_and_unaccented_french(named, query, expected):
    found = set(Organization.objects.search(query))
    assert found == {named[key] for key in expected}


def test_empty_search_keeps_everything(named):
    assert Organization.objects.search("  ").count() == Organization.objects.count()


@pytest.mark.parametrize(("query", "key"), [("تعاونيات", "ar"), ("cooperatives", "fr")])
def test_search_page_finds_plural_arabic_and_french(client_for, platform_admin, named, query, key):
    for language in ("ar", "fr", "en"):
        response = client_for(platform_admin, language).get(
            reverse("registry:organization_list"), {"q": query}
        )
        assert list(response.context["page_obj"]) == [named[key]]


def test_search_finds_identifiers(program_manager, cooperative):
    assert list(Organization.objects.search("ODCO-2019-001")) == [cooperative]


def test_people_are_found_by_either_script_but_never_by_national_id(
    client_for, program_manager, member
):
    assert list(Person.objects.search("فاطمه")) == [member]  # ta marbuta as ha
    assert list(Person.objects.search("ait lahcen")) == [member]
    assert list(Person.objects.search("آيت")) == [member]
    assert not Person.objects.search("JB123456").exists()
    response = client_for(program_manager, "ar").get(
        reverse("registry:person_list"), {"q": "فاطمة"}
    )
    assert list(response.context["page_obj"]) == [member]


def test_renamed_organization_is_found_by_its_new_name(program_manager, cooperative):
    services.update_organization(program_manager, cooperative, {"name_fr": "Coopérative Amandier"})
    assert list(Organization.objects.search("amandiers")) == [cooperative]
    assert not Organization.objects.search("taliouine").exists()
