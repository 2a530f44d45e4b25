"""Dashboards, the public page, targets and measurements: who sees what, suppression on
funders' and public pages, bounded queries, and the map."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiwizi.accounts.models import Role
from tiwizi.impact.maps import fold, province_map_svg
from tiwizi.impact.models import Indicator, Measurement, Target
from tiwizi.impact.results import Audience, Cell, Period, program_results, province_values
from tiwizi.impact.tests.conftest import YEAR
from tiwizi.market.models import Sale
from tiwizi.programs.models import PartnerRole, Program
from tiwizi.registry.models import Organization

pytestmark = pytest.mark.django_db
PERIOD = {"period": str(YEAR)}


@pytest.fixture
def other_program(db, make_organization):
    other_ngo = make_organization(Organization.Kind.NGO, name_fr="Autre ONG")
    program = Program.objects.create(
        name_fr="Autre programme",
        start_date=datetime.date(YEAR, 1, 1),
        end_date=datetime.date(YEAR, 12, 31),
    )
    PartnerRole.objects.create(
        program=program, organization=other_ngo, role=PartnerRole.Role.IMPLEMENTER
    )
    return program


def _dashboard_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, PERIOD)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _add_cooperatives(make_cooperative, make_report, count: int) -> None:
    for _ in range(count):
        cooperative = make_cooperative()
        make_report(cooperative, quarter=1)
        make_report(cooperative, quarter=2, jobs_permanent=7)
        Sale.objects.create(
            organization=cooperative,
            date=datetime.date(YEAR, 2, 3),
            channel="local",
            amount_mad=Decimal(500),
        )


def test_program_dashboard_queries_do_not_grow_with_organizations(
    client_for, program_manager, program, make_cooperative, make_report
):
    client = client_for(program_manager)
    url = reverse("impact:program_dashboard", args=[program.pk])
    _add_cooperatives(make_cooperative, make_report, 3)
    few = _dashboard_queries(client, url)
    _add_cooperatives(make_cooperative, make_report, 27)
    assert _dashboard_queries(client, url) == few


def test_platform_dashboard_and_public_page_queries_do_not_grow(
    client, client_for, platform_admin, make_cooperative, make_report
):
    _add_cooperatives(make_cooperative, make_report, 3)
    admin = client_for(platform_admin)
    few = (
        _dashboard_queries(admin, reverse("impact:platform_dashboard")),
        _dashboard_queries(client, reverse("impact:public")),
    )
    _add_cooperatives(make_cooperative, make_report, 27)
    many = (
        _dashboard_queries(admin, reverse("impact:platform_dashboard")),
        _dashboard_queries(client, reverse("impact:public")),
    )
    assert many == few


def test_funders_see_their_programs_dashboard_with_small_numbers_suppressed(
    client_for, funder, program, make_cooperative, make_report
):
    make_report(
        make_cooperative(),
        quarter=1,
        jobs_permanent=2,
        jobs_seasonal=1,
        jobs_women=1,
        jobs_under_35=1,
    )
    response = client_for(funder).get(
        reverse("impact:program_dashboard", args=[program.pk]), PERIOD
    )
    assert response.status_code == 200
    assert response.context["audience"] == Audience.FUNDER
    jobs = next(r for r in response.context["results"] if r.indicator.code == "jobs")
    assert jobs.actual.suppressed and jobs.actual.value is None
    assert "&lt;5" in response.content.decode()
    # Read-only: they see targets but may not change them.
    assert (
        client_for(funder).get(reverse("impact:program_targets", args=[program.pk])).status_code
        == 200
    )
    assert (
        client_for(funder).get(reverse("impact:target_add", args=[program.pk])).status_code == 403
    )


def test_program_staff_see_every_figure(
    client_for, program_manager, program, make_cooperative, make_report
):
    make_report(
        make_cooperative(),
        quarter=1,
        jobs_permanent=2,
        jobs_seasonal=1,
        jobs_women=1,
        jobs_under_35=1,
    )
    response = client_for(program_manager).get(
        reverse("impact:program_dashboard", args=[program.pk]), PERIOD
    )
    jobs = next(r for r in response.context["results"] if r.indicator.code == "jobs")
    assert response.context["audience"] == Audience.STAFF and jobs.actual.value == 3


def test_other_programs_dashboards_and_targets_are_not_found(
    client_for, program_manager, funder, other_program
):
    for user in (program_manager, funder):
        client = client_for(user)
        for name in (
            "impact:program_dashboard",
            "impact:program_targets",
            "impact:program_measurements",
            "impact:target_add",
        ):
            assert client.get(reverse(name, args=[other_program.pk])).status_code == 404, name


def test_cooperative_managers_and_buyers_do_not_see_dashboards(
    client_for, make_user, make_cooperative, program
):
    cooperative = make_cooperative()
    manager = make_user(Role.COOPERATIVE_MANAGER, cooperative)
    buyer = make_user(Role.BUYER)
    for user in (manager, buyer):
        client = client_for(user)
        assert client.get(reverse("impact:program_dashboard", args=[program.pk])).status_code == 404
        assert client.get(reverse("impact:platform_dashboard")).status_code == 403
        assert client.get(reverse("impact:index")).status_code == 403


def test_the_public_page_needs_no_login_and_shows_public_indicators_only(
    client, make_cooperative, make_report
):
    make_report(make_cooperative(), quarter=1)
    response = client.get(reverse("impact:public"), PERIOD)
    assert response.status_code == 200
    codes = {r.indicator.code for r in response.context["results"]}
    assert codes == set(Indicator.objects.filter(is_public=True).values_list("code", flat=True))
    jobs = next(r for r in response.context["results"] if r.indicator.code == "jobs")
    assert jobs.actual.value == 7  # 7 jobs: shown; people_trained would be "<5" if 1-4
    assert "impact-chart-data" in response.content.decode()


def test_a_program_manager_sets_targets_and_sees_actual_against_them(
    client_for, program_manager, program, make_cooperative, make_report
):
    make_report(make_cooperative(), quarter=1)
    client = client_for(program_manager)
    jobs = Indicator.objects.get(code="jobs")
    data = {
        "indicator": jobs.pk,
        "year": YEAR,
        "quarter": "",
        "cell": "",
        "value": "14",
    }
    response = client.post(reverse("impact:target_add", args=[program.pk]), data)
    assert response.status_code == 302
    response = client.post(
        reverse("impact:target_add", args=[program.pk]),
        {**data, "cell": "sex:female", "value": "6"},
    )
    assert response.status_code == 302
    # The same cell twice, and a split the indicator does not allow, are refused.
    again = client.post(reverse("impact:target_add", args=[program.pk]), data)
    assert "indicator" in again.context["form"].errors
    visits = Indicator.objects.get(code="coaching_visits")
    bad = client.post(
        reverse("impact:target_add", args=[program.pk]),
        {**data, "indicator": visits.pk, "cell": "sex:female"},
    )
    assert "cell" in bad.context["form"].errors
    result = next(
        r
        for r in program_results(program, Period(YEAR), audience=Audience.STAFF)
        if r.indicator.code == "jobs"
    )
    assert result.target == Decimal(14) and result.achievement == Decimal("50.0")
    assert next(i for i in result.breakdown if i.key == "female").target == Decimal(6)
    target = Target.objects.get(dimension="")
    assert (
        client.get(reverse("impact:target_delete", args=[program.pk, target.pk])).status_code == 200
    )
    client.post(reverse("impact:target_delete", args=[program.pk, target.pk]))
    assert not Target.objects.filter(pk=target.pk).exists()


def test_hand_entered_values_feed_manual_indicators(client_for, program_manager, program):
    client = client_for(program_manager)
    agreements = Indicator.objects.get(code="market_agreements")
    for quarter, value in (("1", "2"), ("2", "3")):
        response = client.post(
            reverse("impact:measurement_add", args=[program.pk]),
            {
                "indicator": agreements.pk,
                "year": YEAR,
                "quarter": quarter,
                "cell": "",
                "value": value,
            },
        )
        assert response.status_code == 302
    assert Measurement.objects.count() == 2
    results = {
        r.indicator.code: r for r in program_results(program, Period(YEAR), audience=Audience.STAFF)
    }
    assert results["market_agreements"].actual.value == Decimal(5)
    quarter = {
        r.indicator.code: r
        for r in program_results(program, Period(YEAR, 2), audience=Audience.STAFF)
    }
    assert quarter["market_agreements"].actual.value == Decimal(3)


def test_province_values_and_the_svg_map(program, make_cooperative, make_report, province):
    make_report(make_cooperative(), quarter=1)
    rows = province_values(program, Period(YEAR), "jobs", audience=Audience.FUNDER)
    assert rows == [(province.code, province.name, Cell(Decimal(7)))]
    svg = province_map_svg(
        {province.code: Cell(Decimal(7)), "06.141": Cell(None, suppressed=True)}, title="Emplois"
    )
    assert svg.startswith("<svg") and svg.count("<path") == 75
    assert 'data-code="08.401"' in svg and "#006d2c" in svg and "#d9d9d9" in svg
    assert "Emplois" in svg


def test_casablanca_prefectures_fold_into_casablanca_on_the_map():
    folded = fold(
        {
            "06.141.01.00": Decimal(3),
            "06.141.01.10": Decimal(4),
            "08.401": Cell(None, suppressed=True),
        }
    )
    assert folded["06.141"] == Cell(Decimal(7)) and folded["08.401"].suppressed


def test_periods_parse_and_label():
    assert Period.parse("2026-Q2") == Period(2026, 2) and Period.parse("2026") == Period(2026)
    assert Period(2026, 2).start == datetime.date(2026, 4, 1) and Period(
        2026, 2
    ).end == datetime.date(2026, 6, 30)
    assert Period(2026, 4).end == datetime.date(2026, 12, 31) and Period(2026).key == "2026"
    assert Period(2026, 1).key == "2026-Q1"
    with pytest.raises(ValueError):
        Period.parse("2026-Q7")
    with pytest.raises(ValueError):
        Period.parse("nonsense")


def test_dashboard_pages_carry_no_inline_code(
    client, client_for, program_manager, program, make_cooperative, make_report
):
    """Data goes in json_script blocks (type application/json, never run, which the CSP
    allows); everything else is a static file: no inline script, style or handler."""
    import re

    from tiwizi.core.tests.test_security import inline_code

    make_report(make_cooperative(), quarter=1)
    staff = client_for(program_manager)
    for response in (
        staff.get(reverse("impact:program_dashboard", args=[program.pk]), PERIOD),
        client.get(reverse("impact:public"), PERIOD),
    ):
        html = response.content.decode()
        data_blocks = re.compile(r'<script id="[\w-]+" type="application/json">.*?</script>', re.S)
        assert len(data_blocks.findall(html)) == 1
        assert inline_code(data_blocks.sub("", html)) == []
