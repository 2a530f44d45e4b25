"""Every computed indicator, on the demo data, against an independent count from the raw
rows: plain queries read every row, and Python does the counting the database did.

The demo is loaded once for the module, in a transaction rolled back at the end; each
test runs in a savepoint inside it. A few sales are added to the ledger when the market
demo has none, so that the sales indicators are checked on real amounts.
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from tiwizi.assessment import results as assessment_results
from tiwizi.assessment import scoring
from tiwizi.coaching.models import Visit
from tiwizi.demo import activity_data
from tiwizi.demo.loader import load_demo
from tiwizi.demo.records import LoadReport
from tiwizi.impact.demo import load_impact_demo
from tiwizi.impact.models import Indicator, Measurement, PeriodicReport
from tiwizi.impact.results import COMPUTATIONS, Audience, Period, program_results
from tiwizi.market.models import Sale
from tiwizi.programs.models import Participation, Program
from tiwizi.training.models import Attendance

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TENTH = Decimal("0.1")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        report = load_demo()
        if _ensure_sales():
            # The reports' sales are prefilled from the ledger: bring them up to date.
            load_impact_demo(LoadReport())
        yield report
        transaction.set_rollback(True)


def _ensure_sales() -> bool:
    """Add a few sales when the market demo has none (True when it added some)."""
    if Sale.objects.exists():
        return False
    today = timezone.localdate()
    participations = Participation.objects.participating().select_related("organization")
    for index, participation in enumerate(participations.order_by("pk")[:12]):
        for days, channel, country in (
            (10, "local", "MA"),
            (40, "national", "MA"),
            (70, "export", "FR"),
        ):
            Sale.objects.create(
                organization=participation.organization,
                date=today - datetime.timedelta(days=days + index),
                channel=channel,
                country=country,
                amount_mad=Decimal(1000 + 137 * index),
            )
    return True


@pytest.fixture
def program(demo, db) -> Program:
    return Program.objects.get(name_fr=activity_data.PROGRAM_NAME["fr"])


PERIODS = [Period(timezone.localdate().year), Period.containing(timezone.localdate())]


def _results(program: Program, period: Period) -> dict[str, Any]:
    return {r.indicator.code: r for r in program_results(program, period, audience=Audience.STAFF)}


def _scope(program: Program) -> dict[int, Participation]:
    """Organizations taking part in the program: raw rows, filtered in Python."""
    rows = Participation.objects.select_related("cohort", "organization__province")
    return {
        p.organization_id: p
        for p in rows
        if p.cohort.program_id == program.pk and p.status in Participation.PARTICIPATING
    }


def _breakdown(result: Any, dimension: str) -> dict[str, Decimal | None]:
    return {item.key: item.actual.value for item in result.by_dimension(dimension)}


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP)


def test_every_computed_indicator_of_the_catalogue_has_a_computation(demo, db):
    computed = Indicator.objects.filter(source=Indicator.Source.COMPUTED)
    assert {i.computation for i in computed} == set(COMPUTATIONS)


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_organizations_supported(program, period):
    expected: dict[int, set[int]] = defaultdict(set)
    for p in Participation.objects.select_related("cohort"):
        if (
            p.cohort.program_id == program.pk
            and p.status in Participation.PARTICIPATING
            and p.cohort.start_date <= period.end
            and p.cohort.end_date >= period.start
        ):
            expected[p.cohort_id].add(p.organization_id)
    result = _results(program, period)["organizations_supported"]
    everyone = set().union(*expected.values()) if expected else set()
    assert result.actual.value == len(everyone) > 0
    assert _breakdown(result, "cohort") == {str(k): len(v) for k, v in expected.items()}


def _attendances(program: Program, period: Period, present_only: bool = True) -> list[Attendance]:
    scope = _scope(program)
    rows = Attendance.objects.select_related(
        "enrollment__session__cohort", "enrollment__person", "enrollment__organization__province"
    )
    kept = []
    for a in rows:
        session = a.enrollment.session
        day = timezone.localtime(session.starts_at).date()
        if (
            session.status == "held"
            and period.start <= day <= period.end
            and session.cohort.program_id == program.pk
            and a.enrollment.organization_id in scope
            and (a.status == "present" or not present_only)
        ):
            kept.append(a)
    return kept


def _age_group(person: Any, period: Period) -> str:
    if person.birth_year is None:
        return "unknown"
    return "under_35" if period.year - person.birth_year < 35 else "35_plus"


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_people_trained_by_sex_age_province_and_cohort(program, period):
    present = _attendances(program, period)
    people = {a.enrollment.person for a in present}
    groups: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for a in present:
        person = a.enrollment.person
        groups["sex"][person.sex].add(person.pk)
        groups["age_group"][_age_group(person, period)].add(person.pk)
        groups["province"][a.enrollment.organization.province.code].add(person.pk)
        groups["cohort"][str(a.enrollment.session.cohort_id)].add(person.pk)
    result = _results(program, period)["people_trained"]
    assert result.actual.value == len(people)
    for dimension, cells in groups.items():
        assert _breakdown(result, dimension) == {k: len(v) for k, v in cells.items()}


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_training_hours_and_attendance_rate_and_share_of_women(program, period):
    present = _attendances(program, period)
    recorded = _attendances(program, period, present_only=False)
    seconds = sum(
        (a.enrollment.session.ends_at - a.enrollment.session.starts_at).total_seconds()
        for a in present
    )
    results = _results(program, period)
    hours = (Decimal(seconds) / 3600).quantize(TENTH, ROUND_HALF_UP)
    assert results["training_hours"].actual.value == hours
    if recorded:
        assert results["attendance_rate"].actual.value == _percent(len(present), len(recorded))
        women = {a.enrollment.person_id for a in present if a.enrollment.person.sex == "female"}
        everyone = {a.enrollment.person_id for a in present}
        assert results["women_share_trained"].actual.value == _percent(len(women), len(everyone))


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_coaching_visits(program, period):
    scope = _scope(program)
    visits = [
        v
        for v in Visit.objects.select_related("plan__organization__province")
        if v.plan.program_id == program.pk
        and v.plan.organization_id in scope
        and period.start <= v.date <= period.end
    ]
    by_province: dict[str, int] = defaultdict(int)
    for v in visits:
        by_province[v.plan.organization.province.code] += 1
    result = _results(program, period)["coaching_visits"]
    assert result.actual.value == len(visits)
    assert _breakdown(result, "province") == dict(by_province)


def test_capacity_score_change_matches_the_assessment_summary(program):
    """Against the assessment app's own program summary (its per-organization changes)."""
    summary = assessment_results.program_summary(program)
    changes = [m.change for m in summary.members if m.compared and m.change is not None]
    result = _results(program, Period(timezone.localdate().year))["capacity_score_change"]
    assert changes, "the demo has follow-up assessments"
    assert result.actual.value == scoring.mean_score(changes)


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_revenue_and_sales_by_channel(program, period):
    scope = _scope(program)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for sale in Sale.objects.all():
        if sale.organization_id in scope and period.start <= sale.date <= period.end:
            totals[sale.channel] += sale.amount_mad
            totals["revenue"] += sale.amount_mad
    results = _results(program, period)
    for code, key in (
        ("revenue", "revenue"),
        ("sales_local", "local"),
        ("sales_national", "national"),
        ("sales_export", "export"),
    ):
        expected = totals.get(key)
        assert results[code].actual.value == expected, code
    assert totals["revenue"] > 0


def _latest_and_first_reports(program: Program, period: Period) -> tuple[dict, dict]:
    scope = _scope(program)
    reports = list(PeriodicReport.objects.all())

    def rank(r: PeriodicReport) -> tuple[int, int, int]:
        return (r.year, r.quarter or 5, r.pk)

    latest: dict[int, PeriodicReport] = {}
    first: dict[int, PeriodicReport] = {}
    for r in reports:
        if r.organization_id not in scope:
            continue
        if r.organization_id not in first or rank(r) < rank(first[r.organization_id]):
            first[r.organization_id] = r
        in_period = r.year == period.year and (
            period.quarter is None or r.quarter == period.quarter
        )
        if in_period and (
            r.organization_id not in latest or rank(r) > rank(latest[r.organization_id])
        ):
            latest[r.organization_id] = r
    return latest, first


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_jobs_members_and_jobs_created_from_periodic_reports(program, period):
    latest, first = _latest_and_first_reports(program, period)
    assert latest, "the demo has periodic reports in the period"
    results = _results(program, period)
    jobs = results["jobs"]
    assert jobs.actual.value == sum(r.jobs_total for r in latest.values())
    assert _breakdown(jobs, "sex") == {
        "female": sum(r.jobs_women for r in latest.values()),
        "male": sum(r.jobs_total - r.jobs_women for r in latest.values()),
    }
    assert _breakdown(jobs, "age_group") == {
        "under_35": sum(r.jobs_under_35 for r in latest.values()),
        "35_plus": sum(r.jobs_total - r.jobs_under_35 for r in latest.values()),
    }
    assert results["jobs_created"].actual.value == sum(
        r.jobs_total - first[org].jobs_total for org, r in latest.items()
    )
    members = sum(r.members_total for r in latest.values())
    assert results["members"].actual.value == members
    assert results["members"].baseline.value == sum(r.members_total for r in first.values())
    women = sum(r.members_women for r in latest.values())
    assert results["women_share_members"].actual.value == _percent(women, members)


def test_manual_indicator_adds_up_its_quarters_over_a_year(program):
    year = timezone.localdate().year
    values = [
        m.value
        for m in Measurement.objects.filter(program=program, indicator__code="market_agreements")
        if m.year == year and m.quarter is not None and not m.dimension
    ]
    result = _results(program, Period(year))["market_agreements"]
    assert result.actual.value == (sum(values) if values else None)


def test_targets_and_achievement(program):
    result = _results(program, Period(timezone.localdate().year))["people_trained"]
    assert result.target == Decimal(150)
    expected = (result.actual.value * 100 / result.target).quantize(TENTH, ROUND_HALF_UP)
    assert result.achievement == expected
    women = next(item for item in result.breakdown if item.key == "female")
    assert women.target == Decimal(75)


def test_platform_wide_results_cover_every_program(program):
    period = Period(timezone.localdate().year)
    platform = {r.indicator.code: r for r in program_results(None, period, audience=Audience.STAFF)}
    assert (
        platform["people_trained"].actual.value
        >= _results(program, period)["people_trained"].actual.value
    )
    assert platform["people_trained"].target is None


def test_funders_see_suppressed_cells_where_groups_are_small(program):
    period = Period.containing(timezone.localdate())
    staff = _results(program, period)
    funder = {
        r.indicator.code: r for r in program_results(program, period, audience=Audience.FUNDER)
    }
    for code, result in staff.items():
        if not result.indicator.counts_people:
            continue
        for item, seen in zip(result.breakdown, funder[code].breakdown, strict=True):
            if item.actual.value is not None and 0 < item.actual.value < 5:
                assert seen.actual.suppressed and seen.actual.value is None


def test_results_run_a_bounded_number_of_queries(program, django_assert_max_num_queries):
    with django_assert_max_num_queries(90):
        program_results(program, Period(timezone.localdate().year), audience=Audience.FUNDER)


def test_loading_the_impact_demo_again_changes_nothing(demo, db):
    report = LoadReport()
    load_impact_demo(report)
    assert report.changed == 0
    assert report.outcomes["PeriodicReport"]["unchanged"] > 20
