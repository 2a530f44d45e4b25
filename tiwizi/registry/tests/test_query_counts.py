"""List pages run the same queries for 5 rows as for 500; detail pages stay bounded."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiwizi.accounts.models import User
from tiwizi.registry import services
from tiwizi.registry.models import Membership, Organization, Person, Sector

_numbers = itertools.count()


def _queries(client, url, **params):
    headers = params.pop("headers", {})
    # Content types are cached after their first use: warm the caches up first.
    client.get(url, params, **headers)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params, **headers)
    assert response.status_code == 200
    return len(context.captured_queries)


def _add_organizations(count, commune, ngo):
    organizations = Organization.objects.bulk_create(
        Organization(kind="cooperative", name_fr=f"Coopérative {next(_numbers)}",
                     name_ar="تعاونية", commune=commune, province_id=commune.province_id,
                     search_text=" cooper ")
        for _ in range(count)
    )  # fmt: skip
    sectors = list(Sector.objects.all()[:2])
    Organization.sectors.through.objects.bulk_create(
        Organization.sectors.through(organization_id=o.pk, sector_id=s.pk)
        for o in organizations
        for s in sectors
    )
    Organization.stewards.through.objects.bulk_create(
        Organization.stewards.through(from_organization_id=o.pk, to_organization_id=ngo.pk)
        for o in organizations
    )
    return organizations


def _add_members(count, organization):
    people = Person.objects.bulk_create(
        Person(first_name_latin="Membre", last_name_latin=f"N{next(_numbers)}",
               first_name_ar="عضو", last_name_ar="رقم", sex="female", birth_year=1990,
               phone="+212661234567", national_id="", search_text=" membr ")
        for _ in range(count)
    )  # fmt: skip
    Membership.objects.bulk_create(
        Membership(person=p, organization=organization, role="member") for p in people
    )
    return people


@pytest.mark.parametrize("sort", ["name", "-province", "kind", "created"])
def test_list_query_count_is_constant(
    sort, client_for, program_manager, platform_admin, commune, ngo
):
    url = reverse("registry:organization_list")
    _add_organizations(5, commune, ngo)
    few = {
        user: _queries(client_for(user), url, sort=sort, q="coop")
        for user in (program_manager, platform_admin)
    }
    _add_organizations(495, commune, ngo)
    many = {
        user: _queries(client_for(user), url, sort=sort, q="coop")
        for user in (program_manager, platform_admin)
    }
    assert few == many
    assert max(many.values()) <= 12


def test_list_partial_query_count_is_constant(client_for, program_manager, commune, ngo):
    url = reverse("registry:organization_list")
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "organization-results"}
    client = client_for(program_manager)
    _add_organizations(5, commune, ngo)
    few = _queries(client, url, headers=dict(headers))
    _add_organizations(495, commune, ngo)
    assert _queries(client, url, headers=dict(headers)) == few


@pytest.mark.parametrize("sort", ["name", "-birth_year", "created"])
def test_person_list_query_count_is_constant(sort, client_for, program_manager, cooperative):
    url = reverse("registry:person_list")
    client = client_for(program_manager)
    _add_members(5, cooperative)
    few = _queries(client, url, sort=sort)
    _add_members(495, cooperative)
    assert _queries(client, url, sort=sort) == few
    assert few <= 12


def test_organization_detail_query_count_is_bounded(
    client_for, program_manager, cooperative, member
):
    client = client_for(program_manager)
    url = cooperative.get_absolute_url()
    _add_members(3, cooperative)
    few = _queries(client, url)
    _add_members(60, cooperative)
    for person in _add_members(3, cooperative)[:3]:
        services.update_person(program_manager, person, {"birth_year": 1985})
    assert _queries(client, url) == few


def test_person_detail_query_count_is_bounded(
    client_for, program_manager, member, make_organization, ngo
):
    client = client_for(program_manager)
    url = member.get_absolute_url()
    few = _queries(client, url)
    for n in range(6):
        organization = make_organization(name_fr=f"Coopérative en plus {n}", stewards=[ngo])
        services.add_membership(program_manager, member, organization)
    assert _queries(client, url) == few


def test_home_panels_query_count_is_constant(client_for, program_manager, commune, ngo):
    from tiwizi.core.dashboards import home_context

    def queries():
        user = User.objects.get(pk=program_manager.pk)  # grants are read once per user object
        home_context(user)
        with CaptureQueriesContext(connection) as context:
            home_context(User.objects.get(pk=program_manager.pk))
        return len(context.captured_queries)

    _add_organizations(5, commune, ngo)
    services.update_organization(
        program_manager, Organization.objects.last(), {"status": "dormant"}
    )
    few = queries()
    _add_organizations(200, commune, ngo)
    assert queries() == few
