"""Demo impact data, for the demo loader (runs after the market demo, whose sales ledger
it reads).

- Quarterly periodic reports for every cooperative and GIE taking part in the demo
  program, for the last four completed quarters and the current one: members counted
  from their memberships as they stood at the end of each quarter (women, men, under
  35), jobs drawn from a seeded generator within those members' numbers and growing a
  little, sales by channel from the sales ledger when it has any for the quarter
  (revenue = ledger sales plus some sales made outside it).
- Targets for the demo program's indicators: yearly for this year and next, quarterly
  for people trained this year, and some by sex (women trained, women's jobs).
- A few values entered by hand for the manual indicators.

Idempotent: rows are found again by their natural key and saved only when they differ
(tiwizi.demo.records._upsert); the generator is seeded per organization, so a second
run draws the same figures. Written through the ORM: not an audited user action.
"""

import random
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from tiwizi.demo.records import _upsert
from tiwizi.impact.models import Indicator, Measurement, PeriodicReport, Target
from tiwizi.impact.results import YOUTH_AGE, Period
from tiwizi.impact.services import ledger_sales

SEED = 606
QUARTERS_BACK = 4


def _recent_quarters(today: Any) -> list[Period]:
    """The last four completed quarters and the current one, oldest first."""
    current = Period.containing(today)
    periods = [current]
    for _ in range(QUARTERS_BACK):
        year, quarter = periods[0].year, periods[0].quarter or 1
        periods.insert(0, Period(year - 1, 4) if quarter == 1 else Period(year, quarter - 1))
    return periods


def _members_at(organization_ids: list[int], period: Period) -> dict[int, dict[str, Any]]:
    """Members at the end of the period (joined by then, not left before), per
    organization, in one query."""
    from tiwizi.registry.models import Organization

    active = Q(memberships__since__lte=period.end) & (
        Q(memberships__until__isnull=True) | Q(memberships__until__gt=period.end)
    )
    rows = (
        Organization.objects.filter(pk__in=organization_ids)
        .annotate(
            women=Count(
                "memberships__person",
                filter=active & Q(memberships__person__sex="female"),
                distinct=True,
            ),
            men=Count(
                "memberships__person",
                filter=active & Q(memberships__person__sex="male"),
                distinct=True,
            ),
            young=Count(
                "memberships__person",
                filter=active & Q(memberships__person__birth_year__gt=period.year - YOUTH_AGE),
                distinct=True,
            ),
        )
        .values("pk", "women", "men", "young")
    )
    return {row["pk"]: dict(row) for row in rows}


def _program() -> Any:
    from tiwizi.demo import activity_data
    from tiwizi.programs.models import Program

    return Program.objects.filter(name_fr=activity_data.PROGRAM_NAME["fr"]).first()


def load_impact_demo(report: Any) -> None:
    """Idempotent: loading twice changes nothing (see tiwizi/demo/records.py)."""
    program = _program()
    if program is None:
        return
    today = timezone.localdate()
    _load_reports(report, program, today)
    _load_targets(report, program, today)
    _load_measurements(report, program, today)


def _load_reports(report: Any, program: Any, today: Any) -> None:
    from tiwizi.programs.models import Participation

    organization_ids = sorted(
        set(
            Participation.objects.participating()
            .filter(cohort__program=program, organization__kind__in=("cooperative", "gie"))
            .values_list("organization_id", flat=True)
        )
    )
    for period in _recent_quarters(today):
        members = _members_at(organization_ids, period)
        for organization_id in organization_ids:
            counts = members.get(organization_id)
            if not counts or counts["women"] + counts["men"] == 0:
                continue
            values = _report_values(organization_id, period, counts, today)
            _upsert(
                report,
                PeriodicReport,
                values,
                natural={
                    "organization_id": organization_id,
                    "year": period.year,
                    "quarter": period.quarter,
                },
                clean=True,
            )


def _report_values(
    organization_id: int, period: Period, counts: dict[str, Any], today: Any
) -> dict[str, Any]:
    rng = random.Random(f"{SEED}-{organization_id}")  # noqa: S311 (demo figures)
    members = counts["women"] + counts["men"]
    base_jobs = max(1, members // 3 + rng.randint(0, 3))
    growth = rng.choice([0, 0, 1, 1, 2])
    # Quarters since the first demo report: jobs grow by `growth` every two quarters.
    step = (period.year * 4 + (period.quarter or 4)) - _origin(today)
    permanent = base_jobs + growth * (step // 2)
    seasonal = rng.randint(0, 6) + (3 if period.quarter in (3, 4) else 0)  # harvest season
    total = permanent + seasonal
    women = min(total, round(total * counts["women"] / members))
    young = min(total, round(total * max(counts["young"], 1) / members))
    sales = ledger_sales(organization_id, period)
    off_ledger = Decimal(rng.randint(4, 30) * 500 + step * 250)
    return {
        "organization_id": organization_id,
        "year": period.year,
        "quarter": period.quarter,
        "members_women": counts["women"],
        "members_men": counts["men"],
        "members_under_35": counts["young"],
        "jobs_permanent": permanent,
        "jobs_seasonal": seasonal,
        "jobs_women": women,
        "jobs_under_35": young,
        "sales_local_mad": sales["local"],
        "sales_national_mad": sales["national"],
        "sales_export_mad": sales["export"],
        "revenue_mad": sum(sales.values(), Decimal(0)) + off_ledger,
        "notes": "",
    }


def _origin(today: Any) -> int:
    first = _recent_quarters(today)[0]
    return first.year * 4 + (first.quarter or 4)


# Yearly targets of the demo program: indicator code -> value this year (next year: +25%).
YEARLY_TARGETS = {
    "organizations_supported": 30,
    "people_trained": 150,
    "training_hours": 6000,
    "coaching_visits": 160,
    "jobs": 420,
    "jobs_created": 40,
    "revenue": 2_500_000,
    "sales_export": 300_000,
    "women_share_trained": 50,
    "market_agreements": 8,
}
# Disaggregated yearly targets: (code, dimension, value, share of the total target).
SPLIT_TARGETS = [
    ("people_trained", "sex", "female", Decimal("0.5")),
    ("people_trained", "age_group", "under_35", Decimal("0.3")),
    ("jobs", "sex", "female", Decimal("0.45")),
]


def _target(
    report: Any,
    program: Any,
    indicator: Indicator,
    year: int,
    quarter: int | None,
    value: Any,
    dimension: str = "",
    key: str = "",
) -> None:
    _upsert(
        report,
        Target,
        {
            "program_id": program.pk,
            "indicator_id": indicator.pk,
            "year": year,
            "quarter": quarter,
            "dimension": dimension,
            "dimension_value": key,
            "value": Decimal(value).quantize(Decimal("0.01")),
        },
        # A demo key, not a natural key: the quarter and disaggregation may be empty.
        key=f"impact:target:{program.pk}:{indicator.code}:{year}:{quarter or ''}:{dimension}:{key}",
    )


def _load_targets(report: Any, program: Any, today: Any) -> None:
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=YEARLY_TARGETS)}
    for year, factor in ((today.year, Decimal(1)), (today.year + 1, Decimal("1.25"))):
        for code, value in YEARLY_TARGETS.items():
            if code not in indicators:
                continue
            scale = Decimal(1) if indicators[code].unit == "percent" else factor
            _target(report, program, indicators[code], year, None, Decimal(value) * scale)
        for code, dimension, key, share in SPLIT_TARGETS:
            if code in indicators:
                total = Decimal(YEARLY_TARGETS[code]) * factor
                _target(
                    report,
                    program,
                    indicators[code],
                    year,
                    None,
                    (total * share).quantize(Decimal(1)),
                    dimension,
                    key,
                )
    # Quarterly targets for people trained this year (a quarter of the year's, rounded).
    if "people_trained" in indicators:
        for quarter in range(1, 5):
            _target(
                report,
                program,
                indicators["people_trained"],
                today.year,
                quarter,
                YEARLY_TARGETS["people_trained"] // 4 + 5,
            )


def _load_measurements(report: Any, program: Any, today: Any) -> None:
    indicators = {i.code: i for i in Indicator.objects.filter(source=Indicator.Source.MANUAL)}
    agreements = indicators.get("market_agreements")
    financing = indicators.get("financing_obtained")
    periods = [p for p in _recent_quarters(today) if p.end < today]
    for index, period in enumerate(periods):
        if agreements is not None:
            _measure(report, program, agreements, period, Decimal(1 + index % 3))
    if financing is not None:
        _measure(report, program, financing, Period(today.year - 1), Decimal("180000"))


def _measure(
    report: Any, program: Any, indicator: Indicator, period: Period, value: Decimal
) -> None:
    natural = {
        "program_id": program.pk,
        "indicator_id": indicator.pk,
        "year": period.year,
        "quarter": period.quarter,
        "dimension": "",
        "dimension_value": "",
    }
    key = f"impact:measurement:{program.pk}:{indicator.code}:{period.key}"
    _upsert(report, Measurement, {**natural, "value": value.quantize(Decimal("0.01"))}, key=key)
