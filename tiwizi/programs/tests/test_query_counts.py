"""Program pages run the same number of queries whatever the number of rows."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiwizi.accounts.models import User
from tiwizi.programs import services
from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program
from tiwizi.programs.tests.conftest import END, START
from tiwizi.registry.models import Organization

_numbers = itertools.count()


def _queries(client, url, **params):
    headers = params.pop("headers", {})
    client.get(url, params, **headers)  # warm the content type and other caches up
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params, **headers)
    assert response.status_code == 200
    return len(context.captured_queries)


def _add_programs(count, ngo, fund, provinces):
    programs = Program.objects.bulk_create(
        Program(name_fr=f"Programme {next(_numbers)}", name_ar="برنامج", start_date=START,
                end_date=END, status="active", search_text=" programm ")
        for _ in range(count)
    )  # fmt: skip
    PartnerRole.objects.bulk_create(
        PartnerRole(program=p, organization=o, role=r)
        for p in programs
        for o, r in ((ngo, "implementer"), (fund, "funder"))
    )
    Program.target_provinces.through.objects.bulk_create(
        Program.target_provinces.through(program_id=p.pk, province_id=province.pk)
        for p in programs
        for province in provinces
    )
    cohorts = Cohort.objects.bulk_create(
        Cohort(program=p, name="Promotion", start_date=START, end_date=END) for p in programs
    )
    _add_participants(cohorts, 2)
    return programs


def _add_participants(cohorts, per_cohort, province=None):
    organizations = Organization.objects.bulk_create(
        Organization(kind="cooperative", name_fr=f"Coopérative {next(_numbers)}",
                     province=province)
        for _ in range(len(cohorts) * per_cohort)
    )  # fmt: skip
    Participation.objects.bulk_create(
        Participation(cohort=cohort, organization=organizations[i * per_cohort + j],
                      status="active")
        for i, cohort in enumerate(cohorts)
        for j in range(per_cohort)
    )  # fmt: skip
    return organizations


def _grow_program(program, count, fund, other_partner, provinces):
    """`count` more cohorts, participants, partners and contributions, in bulk."""
    day = datetime.date(2025, 2, 1)
    cohorts = Cohort.objects.bulk_create(
        Cohort(program=program, name=f"Cohorte {next(_numbers)}", start_date=day, end_date=day)
        for _ in range(count)
    )
    for n, province in enumerate(provinces):
        _add_participants(cohorts[n :: len(provinces)], 1, province=province)
    partners = Organization.objects.bulk_create(
        Organization(kind="company", name_fr=f"Entreprise {next(_numbers)}") for _ in range(count)
    )
    PartnerRole.objects.bulk_create(
        PartnerRole(program=program, organization=o, role="technical") for o in partners
    )
    Contribution.objects.bulk_create(
        Contribution(program=program, partner=partner, kind="cash", date=day,
                     amount_mad=Decimal("10.10"), status=status)
        for partner in (fund, other_partner)
        for status in ("pledged", "received")
        for _ in range(count // 2)
    )  # fmt: skip


@pytest.mark.parametrize("user_name", ["program_manager", "funder", "platform_admin"])
def test_program_page_query_count_is_bounded(
    request, user_name, client_for, program, cohort, participation, fund, other_ngo,
    program_manager, ouarzazate, zagora,
):  # fmt: skip
    user = request.getfixturevalue(user_name)
    services.add_partner(program_manager, program, other_ngo, PartnerRole.Role.TECHNICAL)
    services.record_contribution(
        program_manager, program, {"partner": fund, "kind": "cash", "amount_mad": 5}
    )
    client = client_for(user)
    url = program.get_absolute_url()
    _grow_program(program, 3, fund, other_ngo, [ouarzazate, zagora])
    few = _queries(client, url)
    _grow_program(program, 30, fund, other_ngo, [ouarzazate, zagora])
    assert _queries(client, url) == few
    # Training, coaching and events add a few queries each for their figures.
    assert few <= 40


def test_cohort_page_query_count_is_bounded(
    client_for, program_manager, cohort, participation, make_organization, ngo, ouarzazate
):
    client = client_for(program_manager)
    url = cohort.get_absolute_url()
    few = _queries(client, url)
    newcomers = _add_participants([cohort] * 30, 1, province=ouarzazate)
    Organization.stewards.through.objects.bulk_create(
        Organization.stewards.through(from_organization_id=o.pk, to_organization_id=ngo.pk)
        for o in newcomers
    )
    # Organizations the manager could still enroll.
    for _ in range(30):
        make_organization(name_fr=f"Candidate {next(_numbers)}", stewards=[ngo])
    assert _queries(client, url) == few


@pytest.mark.parametrize("sort", ["-start", "name", "participants", "status"])
def test_list_query_count_is_constant(
    sort, client_for, program_manager, platform_admin, funder, ngo, fund, ouarzazate, zagora
):
    url = reverse("programs:program_list")
    users = (program_manager, platform_admin, funder)
    _add_programs(5, ngo, fund, [ouarzazate, zagora])
    few = {user: _queries(client_for(user), url, sort=sort, q="programme") for user in users}
    _add_programs(45, ngo, fund, [ouarzazate, zagora])
    many = {user: _queries(client_for(user), url, sort=sort, q="programme") for user in users}
    assert few == many
    assert max(many.values()) <= 12


def test_list_partial_query_count_is_constant(client_for, program_manager, ngo, fund, zagora):
    url = reverse("programs:program_list")
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "program-results"}
    client = client_for(program_manager)
    _add_programs(5, ngo, fund, [zagora])
    few = _queries(client, url, headers=dict(headers))
    _add_programs(45, ngo, fund, [zagora])
    assert _queries(client, url, headers=dict(headers)) == few


def test_home_panels_query_count_is_constant(program_manager, funder, ngo, fund, zagora):
    from tiwizi.core.dashboards import home_context

    def queries(user):
        home_context(User.objects.get(pk=user.pk))
        with CaptureQueriesContext(connection) as context:
            home_context(User.objects.get(pk=user.pk))
        return len(context.captured_queries)

    # The impact panel shows at most three programs' figures (one computation each):
    # start above that cap, then the count must not move however many programs follow.
    _add_programs(4, ngo, fund, [zagora])
    few = {user: queries(user) for user in (program_manager, funder)}
    _add_programs(30, ngo, fund, [zagora])
    assert {user: queries(user) for user in (program_manager, funder)} == few
