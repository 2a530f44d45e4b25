"""The impact app's home panel (core.dashboards): headline figures of the programs a
program manager or funder follows, and, for program managers, the cooperatives late
with their periodic report.

Query count: a fixed number, plus about ten per program shown (the audience check and
program_results' few aggregates: one per headline indicator, its target, a baseline);
at most PANEL_PROGRAMS programs are shown, so the panel stays bounded however many
programs, organizations or rows there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from tiwizi.accounts.models import Role
from tiwizi.core.dashboards import Panel
from tiwizi.core.i18n import localized_expression
from tiwizi.impact import permissions
from tiwizi.impact.models import Indicator, PeriodicReport
from tiwizi.impact.querysets import reporting_organizations
from tiwizi.impact.reports.access import reportable_programs
from tiwizi.impact.results import Cell, IndicatorResult, Period, program_results
from tiwizi.programs.models import Participation, Program
from tiwizi.registry.models import Organization

# The few figures shown per program, in this order (when the catalogue has them).
HEADLINE_CODES = ("organizations_supported", "people_trained", "revenue", "jobs")
PANEL_PROGRAMS = 3
LATE_REPORT_ROWS = 5
PANEL_ROLES = frozenset({Role.PROGRAM_MANAGER, Role.FUNDER})
REPORTING_KINDS = (Organization.Kind.COOPERATIVE, Organization.Kind.GIE)


@dataclass(frozen=True)
class Headline:
    """One figure of a program for the year, as shown on the panel."""

    name: str
    actual: str
    suppressed: bool
    target: str | None
    achievement: Decimal | None

    @classmethod
    def of(cls, result: IndicatorResult) -> Headline:
        unit = result.unit
        return cls(
            name=result.indicator.name,
            actual=result.actual.format(unit),
            suppressed=result.actual.suppressed,
            target=Cell(result.target).format(unit) if result.target is not None else None,
            achievement=result.achievement,
        )


@dataclass(frozen=True)
class ProgramFigures:
    program: Program
    headlines: list[Headline]
    can_download_report: bool


def _roles(user: Any) -> frozenset[str]:
    return frozenset(user.roles) if user and user.is_authenticated else frozenset()


def panel_programs(user: Any) -> QuerySet[Program]:
    """The programs of the panel: those whose dashboard `user` opens, running ones first,
    then the most recent; drafts have no figures yet and are left out."""
    running_first = Case(
        When(status=Program.Status.ACTIVE, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        permissions.dashboard_programs(user)
        .exclude(status=Program.Status.DRAFT)
        .annotate(running_first=running_first)
        .order_by("running_first", "-start_date", "pk")
    )


def headline_indicators() -> list[Indicator]:
    """The headline indicators, without their disaggregations: the panel shows totals
    only, and program_results then runs no breakdown query. These instances are this
    panel's own (fetched here, never saved)."""
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=HEADLINE_CODES)}
    indicators = [by_code[code] for code in HEADLINE_CODES if code in by_code]
    for indicator in indicators:
        indicator.dimensions = ""
    return indicators


def program_figures(user: Any, programs: list[Program], period: Period) -> list[ProgramFigures]:
    """The headline figures of each program, for the audience `user` belongs to."""
    if not programs:
        return []
    indicators = headline_indicators()
    downloadable = set(
        reportable_programs(user)
        .filter(pk__in=[p.pk for p in programs])
        .values_list("pk", flat=True)
    )
    rows = []
    for program in programs:
        results = program_results(
            program,
            period,
            audience=permissions.audience_for(user, program),
            indicators=indicators,
        )
        rows.append(
            ProgramFigures(
                program=program,
                headlines=[Headline.of(result) for result in results],
                can_download_report=program.pk in downloadable,
            )
        )
    return rows


def last_completed_quarter(today: date) -> Period:
    current = Period.containing(today)
    assert current.quarter is not None
    if current.quarter == 1:
        return Period(current.year - 1, 4)
    return Period(current.year, current.quarter - 1)


def organizations_late_with_report(user: Any, quarter: Period) -> QuerySet[Organization]:
    """Cooperatives and GIEs taking part in a cohort of `user`'s programs during
    `quarter`, that `user` reports for, with no periodic report for that quarter (a
    yearly report covers the fourth quarter: it is filed once the year is over)."""
    programs = Program.objects.partnered_with(user, Role.PROGRAM_MANAGER)
    taking_part = (
        Participation.objects.participating()
        .filter(
            cohort__program__in=programs.values("pk"),
            cohort__start_date__lte=quarter.end,
            cohort__end_date__gte=quarter.start,
        )
        .values("organization_id")
    )
    covering = Q(quarter=quarter.quarter)
    if quarter.quarter == 4:
        covering |= Q(quarter__isnull=True)
    reported = PeriodicReport.objects.filter(covering, year=quarter.year).values("organization_id")
    return (
        reporting_organizations(user)
        .filter(
            kind__in=REPORTING_KINDS,
            archived_at__isnull=True,
            pk__in=taking_part,
        )
        .exclude(pk__in=reported)
    )


def impact_panel(user: Any, today: date | None = None) -> Panel | None:
    """Program managers and funders: this year's headline figures of their programs;
    program managers also see who has not reported for the last quarter."""
    roles = _roles(user)
    if not roles & PANEL_ROLES:
        return None
    today = today or timezone.localdate()
    year = Period(today.year)
    programs = panel_programs(user)
    shown = list(programs[:PANEL_PROGRAMS])
    figures = program_figures(user, shown, year)
    context: dict[str, Any] = {
        "year": year,
        "programs": figures,
        "any_suppressed": any(h.suppressed for row in figures for h in row.headlines),
        "more_programs": programs.count() - len(shown) if len(shown) == PANEL_PROGRAMS else 0,
    }
    if Role.PROGRAM_MANAGER in roles:
        quarter = last_completed_quarter(today)
        late = organizations_late_with_report(user, quarter)
        by_name = late.annotate(display_name=localized_expression("name_fr", "name_ar"))
        context["late_reports"] = {
            "quarter": quarter,
            "count": late.count(),
            "organizations": list(by_name.order_by("display_name", "pk")[:LATE_REPORT_ROWS]),
        }
    return Panel(template="impact/panels/impact.html", context=context, order=30)
