"""Indicator results: actual values computed from the data (or entered by hand), with
targets, baselines, disaggregation and small-number suppression. The ONE interface that
dashboards, the public page and the funder reports (PDF, Excel, IATI) read from.

Interface (stable; fields may be added, none removed)
-----------------------------------------------------
``Period(year, quarter=None)``
    A quarter (1-4) or a whole year. ``start``/``end`` (dates, inclusive), ``key``
    ("2026" / "2026-Q2"), ``label`` (translated: "2026 Q2", "T2 2026", Arabic),
    ``Period.parse("2026-Q2")`` (raises ValueError on bad text), ``quarters()`` (the four
    quarters of a year, or itself), ``containing(day)``.

``Audience.STAFF | FUNDER | PUBLIC``
    Suppression (below) applies to FUNDER and PUBLIC; STAFF sees every figure.

``Cell(value, suppressed=False)``
    ``value`` is a Decimal, or None for "no data" and always None when suppressed.
    ``display`` is the localized text ("<5" when suppressed, "—" when no data);
    ``format(unit)`` the same with the unit (MAD amounts, "%").

``BreakdownItem(dimension, key, label, actual: Cell, target: Decimal | None)``
    One disaggregated cell. ``dimension`` is a models.Dimension value ("sex",
    "age_group", "province", "cohort"); ``key`` is "female"/"male", "under_35"/
    "35_plus"/"unknown", a province HCP code ("08.301", "unknown"), or a cohort id as a
    string; ``label`` is translated. Targets use the same (dimension, key) pairs.

``IndicatorResult``
    ``indicator`` (the Indicator row), ``period``, ``actual: Cell``, ``target`` (Decimal or
    None: the Target of exactly this program, indicator and period, in total),
    ``baseline: Cell | None`` (see BASELINES; None when the indicator has none),
    ``baseline_year`` (int or None), ``achievement`` (actual / target x 100, one decimal;
    None when either is unknown, the target is 0 or the actual is suppressed),
    ``breakdown: list[BreakdownItem]`` (by every dimension of ``indicator.dimension_list``,
    in that order; cells with data only), ``unit`` (indicator.unit), and ``by_dimension(dim)``.

``program_results(program, period, *, audience, province_id=None, cohort_id=None,
indicators=None) -> list[IndicatorResult]``
    ``program`` None = platform-wide (every program; no targets then, manual indicators
    summed over programs). In catalogue order (Indicator.position). A bounded number of
    queries whatever the number of organizations: about one per indicator and
    dimension, plus five for the capacity scores and three for targets, measurements
    and labels. Access is NOT checked here: callers pass a program the user may see.

``province_values(program, period, indicator_code, *, audience) -> list[(code, name, Cell)]``
    The province breakdown of one indicator, for maps: (HCP code, localized name, Cell),
    sorted by name; provinces without data are left out.

Definitions
-----------
Scope: the organizations taking part (selected, active or graduated) in the program's
cohorts (any program's when platform-wide), narrowed by province (the organization's) and
cohort. An organization in two cohorts counts once in totals and in each cohort's cell.
People: trainees are counted through attendance in the program's held sessions (a
cohort's sessions, for the cohort filter). Age group: under 35 or 35 and over in the
period's year, from the year of birth ("unknown" without one). Periodic figures (jobs,
members) use each organization's latest report within the period (a yearly report ranks
after the fourth quarter). Each computation is listed in COMPUTATIONS with its definition.

Suppression (Audience.FUNDER and PUBLIC): see ``suppress`` and ``suppress_breakdown`` in
cells.py, with Period, Audience, Cell and IndicatorResult (re-exported here).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tiwizi.impact.cells import (  # re-exported: the results' vocabulary
    MIN_ORGANIZATIONS,
    MIN_PEOPLE,
    ONE_DECIMAL,
    UNKNOWN,
    YOUTH_AGE,
    Audience,
    BreakdownItem,
    Cell,
    Figure,
    IndicatorResult,
    Period,
    achievement,
    suppress,
    suppress_breakdown,
)
from tiwizi.impact.models import Dimension, Indicator, IndicatorSource

if TYPE_CHECKING:
    from tiwizi.programs.models import Program

__all__ = [
    "COMPUTATIONS",
    "MIN_ORGANIZATIONS",
    "MIN_PEOPLE",
    "UNKNOWN",
    "YOUTH_AGE",
    "Audience",
    "BreakdownItem",
    "Cell",
    "Figure",
    "IndicatorResult",
    "Period",
    "achievement",
    "latest_reports",
    "program_results",
    "province_values",
    "suppress",
    "suppress_breakdown",
]

# ---------------------------------------------------------------------------- context


@dataclass
class Context:
    """What one call of program_results computes over."""

    program: Program | None
    period: Period
    province_id: int | None = None
    cohort_id: int | None = None

    @property
    def participations(self) -> QuerySet[Any]:
        """Participations that put an organization in scope."""
        from tiwizi.programs.models import Participation

        taking_part = Participation.objects.participating()
        if self.program is not None:
            taking_part = taking_part.filter(cohort__program=self.program)
        if self.cohort_id is not None:
            taking_part = taking_part.filter(cohort_id=self.cohort_id)
        if self.province_id is not None:
            taking_part = taking_part.filter(organization__province_id=self.province_id)
        return taking_part

    @property
    def organization_ids(self) -> QuerySet[Any]:
        """The organizations in scope, as a subquery."""
        return self.participations.values("organization_id")

    @property
    def youth_born_after(self) -> int:
        """Born after this year: under 35 during the period's year."""
        return self.period.year - YOUTH_AGE


Rows = dict[str, dict[str, Any]]  # dimension key ("" for the total) -> aggregates
Computation = Callable[[Context, str], dict[str, Figure]]


def _age_group(person: str, ctx: Context) -> Case:
    birth_year = f"{person}__birth_year"
    return Case(
        When(**{f"{birth_year}__gt": ctx.youth_born_after}, then=Value("under_35")),
        When(**{f"{birth_year}__isnull": False}, then=Value("35_plus")),
        default=Value(UNKNOWN),
        output_field=CharField(),
    )


def _grouped(
    queryset: QuerySet[Any],
    dimension: str,
    ctx: Context,
    aggregates: dict[str, Any],
    *,
    organization: str,
    person: str | None = None,
    cohort: str | None = None,
) -> Rows:
    """One aggregate query: the total (dimension "") or one row per dimension key.

    `organization`, `person`, `cohort`: lookup paths from the queryset's model. Without a
    cohort path, the cohort is the organization's participation in the scope (a join).
    """
    queryset = queryset.order_by()
    if not dimension:
        return {"": queryset.aggregate(**aggregates)}
    if dimension == Dimension.SEX and person:
        key: Any = F(f"{person}__sex")
    elif dimension == Dimension.AGE_GROUP and person:
        key = _age_group(person, ctx)
    elif dimension == Dimension.PROVINCE:
        key = Coalesce(F(f"{organization}__province__code"), Value(UNKNOWN))
    elif dimension == Dimension.COHORT and cohort:
        key = F(cohort)
    elif dimension == Dimension.COHORT:
        # Filter and group on the same join: one row per (fact, scope participation).
        queryset = queryset.filter(**{f"{organization}__participations__in": ctx.participations})
        key = F(f"{organization}__participations__cohort")
    else:
        return {}
    rows = queryset.annotate(dimension_key=key).values("dimension_key").annotate(**aggregates)
    return {str(row.pop("dimension_key")): row for row in rows}


def _decimal(value: Any) -> Decimal:
    return Decimal(value or 0)


def _maybe(value: Any) -> Decimal | None:
    """A sum over no rows is "no data", not zero."""
    return None if value is None else Decimal(value)


def _percent(part: Any, whole: Any) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


# ----------------------------------------------------------------------- computations


def _organizations_supported(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Organizations taking part in a cohort whose dates overlap the period."""
    participations = ctx.participations.filter(
        cohort__start_date__lte=ctx.period.end, cohort__end_date__gte=ctx.period.start
    )
    rows = _grouped(
        participations,
        dimension,
        ctx,
        {"n": Count("organization", distinct=True)},
        organization="organization",
        cohort="cohort",
    )
    return {key: Figure(_decimal(row["n"])) for key, row in rows.items()}


def _attendances(ctx: Context, *, present_only: bool = True) -> QuerySet[Any]:
    """Recorded attendance in the scope's held sessions of the period."""
    from tiwizi.training.models import Attendance, SessionStatus

    attendances = Attendance.objects.filter(
        enrollment__session__status=SessionStatus.HELD,
        enrollment__session__starts_at__date__gte=ctx.period.start,
        enrollment__session__starts_at__date__lte=ctx.period.end,
        enrollment__organization__in=ctx.organization_ids,
    )
    if present_only:
        attendances = attendances.filter(status=Attendance.Status.PRESENT)
    if ctx.program is not None:
        attendances = attendances.filter(enrollment__session__cohort__program=ctx.program)
    if ctx.cohort_id is not None:
        attendances = attendances.filter(enrollment__session__cohort_id=ctx.cohort_id)
    return attendances


TRAINEE_PATHS = {
    "organization": "enrollment__organization",
    "person": "enrollment__person",
    "cohort": "enrollment__session__cohort",
}


def _people_trained(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Distinct people present at least once at a held session of the period."""
    rows = _grouped(
        _attendances(ctx),
        dimension,
        ctx,
        {"n": Count("enrollment__person", distinct=True)},
        **TRAINEE_PATHS,
    )
    return {key: Figure(_decimal(row["n"]), people=row["n"]) for key, row in rows.items()}


def _training_hours(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Person-hours of training: for every attendance marked present, the duration of
    its session (end minus start), summed. A day of 6 hours attended by 10 people is 60."""
    duration = ExpressionWrapper(
        F("enrollment__session__ends_at") - F("enrollment__session__starts_at"),
        output_field=DurationField(),
    )
    rows = _grouped(
        _attendances(ctx),
        dimension,
        ctx,
        {"time": Sum(duration), "n": Count("enrollment__person", distinct=True)},
        **TRAINEE_PATHS,
    )

    def hours(time: timedelta | None) -> Decimal:
        seconds = Decimal(time.total_seconds()) if time else Decimal(0)
        return (seconds / 3600).quantize(ONE_DECIMAL, ROUND_HALF_UP)

    return {key: Figure(hours(row["time"]), people=row["n"]) for key, row in rows.items()}


def _attendance_rate(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Attendances marked present out of all recorded attendances (present, excused or
    not), in percent, over the period's held sessions."""
    from tiwizi.training.models import Attendance

    rows = _grouped(
        _attendances(ctx, present_only=False),
        dimension,
        ctx,
        {
            "present": Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
            "recorded": Count("pk"),
            "n": Count("enrollment__person", distinct=True),
        },
        **TRAINEE_PATHS,
    )
    return {
        key: Figure(_percent(row["present"], row["recorded"]), people=row["n"])
        for key, row in rows.items()
    }


def _women_share_trained(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Women among the people trained (see people_trained), in percent."""
    rows = _grouped(
        _attendances(ctx),
        dimension,
        ctx,
        {
            "women": Count(
                "enrollment__person", distinct=True, filter=Q(enrollment__person__sex="female")
            ),
            "n": Count("enrollment__person", distinct=True),
        },
        **TRAINEE_PATHS,
    )
    return {
        key: Figure(_percent(row["women"], row["n"]), people=row["n"]) for key, row in rows.items()
    }


def _coaching_visits(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Coaching visits (on site or at a distance) to organizations in scope in the period,
    under the program's coaching plans."""
    from tiwizi.coaching.models import Visit

    visits = Visit.objects.filter(
        date__gte=ctx.period.start,
        date__lte=ctx.period.end,
        plan__organization__in=ctx.organization_ids,
    )
    if ctx.program is not None:
        visits = visits.filter(plan__program=ctx.program)
    rows = _grouped(
        visits, dimension, ctx, {"n": Count("pk", distinct=True)}, organization="plan__organization"
    )
    return {key: Figure(_decimal(row["n"])) for key, row in rows.items()}


def _sales(channel: str | None) -> Computation:
    def compute(ctx: Context, dimension: str) -> dict[str, Figure]:
        from tiwizi.market.models import Sale

        sales = Sale.objects.filter(
            date__gte=ctx.period.start,
            date__lte=ctx.period.end,
            organization__in=ctx.organization_ids,
        )
        if channel:
            sales = sales.filter(channel=channel)
        rows = _grouped(
            sales, dimension, ctx, {"amount": Sum("amount_mad")}, organization="organization"
        )
        return {key: Figure(_maybe(row["amount"])) for key, row in rows.items()}

    compute.__doc__ = "Sales recorded in the ledger (market.Sale) in the period" + (
        f", channel {channel}." if channel else ", every channel: the revenue."
    )
    return compute


# A yearly report counts as the year's last state, after the fourth quarter.
REPORT_RANK = Coalesce("quarter", Value(5), output_field=IntegerField())


def _reports_in(period: Period) -> QuerySet[Any]:
    from tiwizi.impact.models import PeriodicReport

    reports = PeriodicReport.objects.filter(year=period.year)
    if period.quarter is not None:
        reports = reports.filter(quarter=period.quarter)
    return reports


def latest_reports(ctx: Context) -> QuerySet[Any]:
    """Each scope organization's latest periodic report within the period (a queryset)."""
    in_period = _reports_in(ctx.period)
    latest = (
        in_period.filter(organization=OuterRef("organization"))
        .annotate(rank=REPORT_RANK)
        .order_by("-rank", "-pk")
        .values("pk")[:1]
    )
    return in_period.filter(organization__in=ctx.organization_ids, pk=Subquery(latest))


def _first_report_value(expression: Any) -> Subquery:
    """The value of `expression` in the organization's first report ever (its baseline)."""
    from tiwizi.impact.models import PeriodicReport

    first = (
        PeriodicReport.objects.filter(organization=OuterRef("organization"))
        .annotate(rank=REPORT_RANK, figure=expression)
        .order_by("year", "rank", "pk")
        .values("figure")[:1]
    )
    return Subquery(first, output_field=IntegerField())


JOBS = F("jobs_permanent") + F("jobs_seasonal")
MEMBERS = F("members_women") + F("members_men")


def _split(ctx: Context, dimension: str, total: Any, parts: dict[Any, dict[str, Any]]) -> Rows:
    """Periodic-report sums: sex and age group are columns of the report, not rows, so
    their cells are sums of columns (`parts`: dimension -> key -> expression)."""
    reports = latest_reports(ctx)
    if dimension in parts:
        sums = reports.order_by().aggregate(
            **{key: Sum(expression) for key, expression in parts[dimension].items()}
        )
        return {key: {"n": value} for key, value in sums.items()}
    return _grouped(reports, dimension, ctx, {"n": Sum(total)}, organization="organization")


def _jobs(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Jobs (permanent and seasonal) in each organization's latest report of the period."""
    parts = {
        Dimension.SEX: {"female": F("jobs_women"), "male": JOBS - F("jobs_women")},
        Dimension.AGE_GROUP: {"under_35": F("jobs_under_35"), "35_plus": JOBS - F("jobs_under_35")},
    }
    rows = _split(ctx, dimension, JOBS, parts)
    return {key: Figure(_maybe(row["n"]), people=row["n"] or 0) for key, row in rows.items()}


def _jobs_created(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Jobs in each organization's latest report of the period minus the jobs in its
    first report ever (its baseline), summed; negative when jobs were lost."""
    reports = latest_reports(ctx).annotate(first_jobs=_first_report_value(JOBS))
    rows = _grouped(
        reports,
        dimension,
        ctx,
        {"n": Sum(JOBS - F("first_jobs"))},
        organization="organization",
    )
    return {key: Figure(_maybe(row["n"]), people=row["n"] or 0) for key, row in rows.items()}


def _members(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Members (women and men) in each organization's latest report of the period."""
    parts: dict[Any, dict[str, Any]] = {
        Dimension.SEX: {"female": F("members_women"), "male": F("members_men")},
        Dimension.AGE_GROUP: {
            "under_35": F("members_under_35"),
            "35_plus": MEMBERS - F("members_under_35"),
        },
    }
    rows = _split(ctx, dimension, MEMBERS, parts)
    return {key: Figure(_maybe(row["n"]), people=row["n"] or 0) for key, row in rows.items()}


def _women_share_members(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Women among members, in percent, over the latest reports of the period."""
    rows = _grouped(
        latest_reports(ctx),
        dimension,
        ctx,
        {"women": Sum("members_women"), "n": Sum(MEMBERS)},
        organization="organization",
    )
    return {
        key: Figure(_percent(row["women"], row["n"]), people=row["n"] or 0)
        for key, row in rows.items()
    }


def _capacity_score_change(ctx: Context, dimension: str) -> dict[str, Figure]:
    """Mean change of the overall capacity score (0-100) between each organization's
    baseline assessment and its latest assessment dated up to the period's end, over
    the organizations that have both (assessment rules: see assessment/results.py).

    Levels are summed per assessment and dimension in the database
    (assessment.results.overall_scores); the baseline and latest assessment of each
    organization are then picked and their overall scores subtracted. A fixed number of
    queries whatever the number of organizations.
    """
    from tiwizi.assessment import results as assessment_results
    from tiwizi.assessment import scoring

    assessments = list(
        assessment_results.current_staff_assessments(ctx.organization_ids).filter(
            date__lte=ctx.period.end
        )
    )
    by_organization: dict[int, list[Any]] = defaultdict(list)
    for assessment in assessments:
        by_organization[assessment.organization_id].append(assessment)
    pairs = {}
    for organization_id, own in by_organization.items():
        baseline = assessment_results.pick_baseline(own)
        latest = assessment_results.pick_latest(own)
        if baseline is not None and latest is not None and latest.pk != baseline.pk:
            pairs[organization_id] = (baseline.pk, latest.pk)
    overall = assessment_results.overall_scores(pk for pair in pairs.values() for pk in pair)
    changes: dict[int, Decimal] = {}
    for organization_id, (baseline_pk, latest_pk) in pairs.items():
        change = scoring.change(overall[latest_pk], overall[baseline_pk])
        if change is not None:
            changes[organization_id] = change
    groups: dict[str, list[Decimal]] = defaultdict(list)
    if not dimension:
        groups[""] = list(changes.values())
    else:
        for key, organization_id in _organization_keys(ctx, dimension, changes):
            groups[key].append(changes[organization_id])
    return {
        key: Figure(scoring.mean_score(values), organizations=len(values))
        for key, values in groups.items()
        if values
    }


def _organization_keys(
    ctx: Context, dimension: str, organization_ids: Iterable[int]
) -> list[tuple[str, int]]:
    """(dimension key, organization id) pairs for some organizations (one query)."""
    participations = ctx.participations.filter(organization_id__in=list(organization_ids))
    if dimension == Dimension.PROVINCE:
        rows = participations.values_list("organization__province__code", "organization_id")
    elif dimension == Dimension.COHORT:
        rows = participations.values_list("cohort_id", "organization_id")
    else:
        return []
    return sorted({(str(key) if key is not None else UNKNOWN, org) for key, org in rows})


COMPUTATIONS: dict[str, Computation] = {
    "organizations_supported": _organizations_supported,
    "people_trained": _people_trained,
    "training_hours": _training_hours,
    "attendance_rate": _attendance_rate,
    "women_share_trained": _women_share_trained,
    "coaching_visits": _coaching_visits,
    "capacity_score_change": _capacity_score_change,
    "revenue": _sales(None),
    "sales_local": _sales("local"),
    "sales_national": _sales("national"),
    "sales_export": _sales("export"),
    "jobs": _jobs,
    "jobs_created": _jobs_created,
    "members": _members,
    "women_share_members": _women_share_members,
}

# Computations whose value at baseline is each organization's first periodic report.
BASELINES: dict[str, Any] = {"jobs": JOBS, "members": MEMBERS}


def _baseline(ctx: Context, computation: str) -> Figure | None:
    expression = BASELINES.get(computation)
    if expression is None:
        return None
    from tiwizi.impact.models import PeriodicReport

    first = (
        PeriodicReport.objects.filter(organization=OuterRef("organization"))
        .annotate(rank=REPORT_RANK)
        .order_by("year", "rank", "pk")
        .values("pk")[:1]
    )
    total = (
        PeriodicReport.objects.filter(
            organization__in=ctx.organization_ids, pk=Subquery(first), year__lte=ctx.period.year
        )
        .order_by()
        .aggregate(n=Sum(expression))["n"]
    )
    if total is None:
        return None
    return Figure(_decimal(total), people=total)


# ----------------------------------------------------------------------------- labels

SEX_LABELS = {"female": _("Women"), "male": _("Men")}
AGE_LABELS = {"under_35": _("Under 35"), "35_plus": _("35 and over"), UNKNOWN: _("Age unknown")}


@dataclass
class Labels:
    """Names of the provinces and cohorts that appear in breakdowns (2 queries at most)."""

    provinces: dict[str, str] = field(default_factory=dict)
    cohorts: dict[str, str] = field(default_factory=dict)

    def load(self, keys: dict[str, set[str]]) -> None:
        from tiwizi.geo.models import Province
        from tiwizi.programs.models import Cohort

        codes = keys.get(Dimension.PROVINCE, set()) - {UNKNOWN}
        if codes:
            for province in Province.objects.filter(code__in=codes).only(
                "code", "name_fr", "name_ar"
            ):
                self.provinces[province.code] = province.name
        cohort_ids = [int(k) for k in keys.get(Dimension.COHORT, set()) if k.isdigit()]
        if cohort_ids:
            for cohort in Cohort.objects.filter(pk__in=cohort_ids).only("pk", "name"):
                self.cohorts[str(cohort.pk)] = cohort.name

    def label(self, dimension: str, key: str) -> str:
        if dimension == Dimension.SEX:
            return str(SEX_LABELS.get(key, key))
        if dimension == Dimension.AGE_GROUP:
            return str(AGE_LABELS.get(key, key))
        if dimension == Dimension.PROVINCE:
            return self.provinces.get(key) or gettext("Province unknown")
        if dimension == Dimension.COHORT:
            return self.cohorts.get(key, key)
        return key


def _sort_key(dimension: str, key: str, label: str) -> tuple[Any, ...]:
    fixed = {"female": 0, "male": 1, "under_35": 0, "35_plus": 1, UNKNOWN: 9}
    if dimension in (Dimension.SEX, Dimension.AGE_GROUP):
        return (fixed.get(key, 5), key)
    return (key == UNKNOWN, label, key)


# ------------------------------------------------------------------ targets, measures


def _targets(program: Program | None, period: Period) -> dict[tuple[int, str, str], Decimal]:
    """(indicator id, dimension, key) -> target of exactly this period (1 query)."""
    from tiwizi.impact.models import Target

    if program is None:
        return {}
    rows = Target.objects.filter(program=program, year=period.year, quarter=period.quarter)
    return {
        (t.indicator_id, t.dimension, t.dimension_value): t.value
        for t in rows.only("indicator_id", "dimension", "dimension_value", "value")
    }


def _measurements(
    program: Program | None, period: Period, indicator_ids: list[int]
) -> dict[tuple[int, str, str], Decimal]:
    """Manual values: (indicator id, dimension, key) -> value, summed over programs when
    platform-wide. A year with no yearly measurement adds up its quarters' (1 query)."""
    from tiwizi.impact.models import Measurement

    if not indicator_ids:
        return {}
    rows = Measurement.objects.filter(indicator_id__in=indicator_ids, year=period.year)
    if program is not None:
        rows = rows.filter(program=program)
    if period.quarter is not None:
        rows = rows.filter(quarter=period.quarter)
    sums = rows.order_by().values("indicator_id", "dimension", "dimension_value", "quarter")
    yearly: dict[tuple[int, str, str], Decimal] = {}
    quarterly: dict[tuple[int, str, str], Decimal] = defaultdict(Decimal)
    for row in sums.annotate(total=Sum("value")):
        key = (row["indicator_id"], row["dimension"], row["dimension_value"])
        if period.quarter is None and row["quarter"] is None:
            yearly[key] = row["total"]
        else:
            quarterly[key] += row["total"]
    return {**quarterly, **yearly}


# ---------------------------------------------------------------------------- results


def program_results(
    program: Program | None,
    period: Period,
    *,
    audience: Audience,
    province_id: int | None = None,
    cohort_id: int | None = None,
    indicators: Iterable[Indicator] | None = None,
) -> list[IndicatorResult]:
    """Actual, target, baseline and breakdown of each indicator (see the module doc)."""
    ctx = Context(program, period, province_id, cohort_id)
    chosen = list(indicators) if indicators is not None else list(Indicator.objects.all())
    targets = _targets(program, period)
    manual_ids = [i.pk for i in chosen if i.source == IndicatorSource.MANUAL]
    measured = _measurements(program, period, manual_ids)

    raw: list[tuple[Indicator, Figure | None, dict[str, dict[str, Figure]], Figure | None]] = []
    keys: dict[str, set[str]] = defaultdict(set)
    for indicator in chosen:
        total, parts, baseline = _raw_figures(ctx, indicator, measured)
        for dimension, figures in parts.items():
            keys[dimension].update(figures)
        raw.append((indicator, total, parts, baseline))

    labels = Labels()
    labels.load(keys)
    results = []
    for indicator, total, parts, baseline in raw:
        actual = suppress(total, audience)
        breakdown: list[BreakdownItem] = []
        for dimension, figures in parts.items():
            cells = suppress_breakdown(figures, audience, total_shown=not actual.suppressed)
            items = [
                BreakdownItem(
                    dimension=dimension,
                    key=key,
                    label=labels.label(dimension, key),
                    actual=cell,
                    target=targets.get((indicator.pk, dimension, key)),
                )
                for key, cell in cells.items()
            ]
            items.sort(key=lambda item: _sort_key(item.dimension, item.key, item.label))
            breakdown.extend(items)
        target = targets.get((indicator.pk, "", ""))
        results.append(
            IndicatorResult(
                indicator=indicator,
                period=period,
                actual=actual,
                target=target,
                baseline=suppress(baseline, audience) if baseline is not None else None,
                achievement=achievement(actual, target),
                breakdown=breakdown,
                baseline_year=program.start_date.year if program is not None else None,
            )
        )
    return results


def _raw_figures(
    ctx: Context, indicator: Indicator, measured: dict[tuple[int, str, str], Decimal]
) -> tuple[Figure | None, dict[str, dict[str, Figure]], Figure | None]:
    """Unsuppressed total, breakdown per dimension and baseline of one indicator."""
    people = indicator.counts_people
    if indicator.source == IndicatorSource.MANUAL:
        value = measured.get((indicator.pk, "", ""))
        manual = Figure(value, people=int(value) if people and value is not None else None)
        parts: dict[str, dict[str, Figure]] = defaultdict(dict)
        for (indicator_id, dimension, key), cell in measured.items():
            if indicator_id == indicator.pk and dimension:
                parts[dimension][key] = Figure(cell, people=int(cell) if people else None)
        return manual, dict(parts), None
    compute = COMPUTATIONS.get(indicator.computation)
    if compute is None:
        return None, {}, None
    total = compute(ctx, "").get("")
    breakdown = {}
    for dimension in indicator.dimension_list:
        if dimension == Dimension.COHORT and ctx.cohort_id is not None:
            continue  # one cohort chosen: its breakdown would repeat the total
        if dimension == Dimension.PROVINCE and ctx.province_id is not None:
            continue
        figures = compute(ctx, dimension)
        if figures:
            breakdown[dimension] = figures
    return total, breakdown, _baseline(ctx, indicator.computation)


def province_values(
    program: Program | None, period: Period, indicator_code: str, *, audience: Audience
) -> list[tuple[str, str, Cell]]:
    """(province HCP code, localized name, value) of one indicator, for a map."""
    indicator = Indicator.objects.get(code=indicator_code)
    ctx = Context(program, period)
    if indicator.source == IndicatorSource.MANUAL:
        measured = _measurements(program, period, [indicator.pk])
        figures = {
            key: Figure(value)
            for (_id, dimension, key), value in measured.items()
            if dimension == Dimension.PROVINCE
        }
    else:
        figures = COMPUTATIONS[indicator.computation](ctx, Dimension.PROVINCE)
    cells = suppress_breakdown(figures, audience)
    labels = Labels()
    labels.load({Dimension.PROVINCE: set(cells)})
    rows = [
        (code, labels.label(Dimension.PROVINCE, code), cell)
        for code, cell in cells.items()
        if code != UNKNOWN
    ]
    return sorted(rows, key=lambda row: (row[1], row[0]))
