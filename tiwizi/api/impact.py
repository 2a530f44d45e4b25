"""Periodic reports, the indicator catalogue, programs' targets and their results
(actuals against targets, from tiwizi.impact.results)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tiwizi.api.common import get_visible, responses, user_of
from tiwizi.api.errors import ApiError
from tiwizi.api.pagination import DbId, PageParams, keyset_page, page_of
from tiwizi.impact.models import (
    Indicator,
    IndicatorSource,
    IndicatorUnit,
    PeriodicReport,
    Target,
)
from tiwizi.impact.permissions import audience_for, dashboard_programs
from tiwizi.impact.results import Cell, Period, program_results
from tiwizi.programs.models import Program

router = Router(tags=["impact"])


# Periodic reports


class PeriodicReportOut(Schema):
    id: int
    organization_id: int
    year: int
    quarter: int | None = Field(description="1 to 4; null for a report on the whole year.")
    members_women: int
    members_men: int
    members_under_35: int
    jobs_permanent: int
    jobs_seasonal: int
    jobs_women: int
    jobs_under_35: int
    revenue_mad: Decimal
    sales_local_mad: Decimal
    sales_national_mad: Decimal
    sales_export_mad: Decimal
    notes: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class PeriodicReportFilters(PageParams):
    organization: DbId | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    quarter: int | None = Field(None, ge=1, le=4)
    yearly: bool | None = Field(None, description="true: yearly reports only; false: quarterly.")


@router.get(
    "/periodic-reports",
    response=responses(page_of(PeriodicReportOut, "PeriodicReportPage")),
    summary="List periodic reports",
)
def list_periodic_reports(request: HttpRequest, filters: Query[PeriodicReportFilters]) -> Any:
    reports = PeriodicReport.objects.visible_to(user_of(request))
    if filters.organization:
        reports = reports.filter(organization_id=filters.organization)
    if filters.year:
        reports = reports.filter(year=filters.year)
    if filters.quarter:
        reports = reports.filter(quarter=filters.quarter)
    if filters.yearly is not None:
        reports = reports.filter(quarter__isnull=filters.yearly)
    return keyset_page(reports, filters)


@router.get(
    "/periodic-reports/{report_id}",
    response=responses(PeriodicReportOut),
    summary="One periodic report",
)
def get_periodic_report(request: HttpRequest, report_id: int) -> Any:
    return get_visible(PeriodicReport.objects.visible_to(user_of(request)), report_id)


# Indicators and targets


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    name_ar: str
    name_fr: str
    name_en: str
    description: str
    unit: IndicatorUnit
    source: IndicatorSource
    dimensions: list[str]
    counts_people: bool
    is_public: bool

    @staticmethod
    def resolve_dimensions(obj: Indicator) -> list[str]:
        return obj.dimension_list


@router.get(
    "/indicators",
    response=responses(page_of(IndicatorOut, "IndicatorPage")),
    summary="The indicator catalogue",
)
def list_indicators(request: HttpRequest, filters: Query[PageParams]) -> Any:
    return keyset_page(Indicator.objects.all(), filters)


class TargetOut(Schema):
    id: int
    program_id: int
    indicator_id: int
    indicator_code: str
    year: int
    quarter: int | None
    dimension: str = Field(description="Empty for the total.")
    dimension_value: str
    value: Decimal

    @staticmethod
    def resolve_indicator_code(obj: Target) -> str:
        return obj.indicator.code


class TargetFilters(PageParams):
    indicator: DbId | None = None
    year: int | None = Field(None, ge=2000, le=2100)


@router.get(
    "/programs/{program_id}/targets",
    response=responses(page_of(TargetOut, "TargetPage")),
    summary="A program's targets",
)
def list_targets(request: HttpRequest, program_id: int, filters: Query[TargetFilters]) -> Any:
    program: Program = get_visible(dashboard_programs(user_of(request)), program_id)  # type: ignore[assignment]
    targets = Target.objects.filter(program=program).select_related("indicator")
    if filters.indicator:
        targets = targets.filter(indicator_id=filters.indicator)
    if filters.year:
        targets = targets.filter(year=filters.year)
    return keyset_page(targets, filters)


# Results


class CellOut(Schema):
    value: Decimal | None = Field(description="null when there is no data or it is suppressed.")
    suppressed: bool = Field(description="A figure about fewer than 5 people, hidden.")


class BreakdownOut(Schema):
    dimension: str
    key: str
    label: str
    actual: CellOut
    target: Decimal | None


class IndicatorResultOut(Schema):
    indicator_id: int
    indicator_code: str
    indicator_name: str
    unit: str
    period: str
    actual: CellOut
    target: Decimal | None
    baseline: CellOut | None
    baseline_year: int | None
    achievement: Decimal | None = Field(description="Actual / target x 100.")
    breakdown: list[BreakdownOut]


class ResultsOut(Schema):
    program_id: int
    period: str
    suppressed_small_numbers: bool
    results: list[IndicatorResultOut]


class ResultFilters(Schema):
    period: str = Field(
        description="A year (2026) or a quarter (2026-Q2).", min_length=4, max_length=10
    )
    province: DbId | None = Field(None, description="Province id.")
    cohort: DbId | None = Field(None, description="Cohort id.")


def _cell(cell: Cell | None) -> dict[str, Any] | None:
    return None if cell is None else {"value": cell.value, "suppressed": cell.suppressed}


@router.get(
    "/programs/{program_id}/results",
    response=responses(ResultsOut),
    summary="A program's indicators: actuals against targets for a period",
    description=(
        "For readers who may not see the people behind the figures (funders), figures "
        "about fewer than 5 people are suppressed, as on the funder reports."
    ),
)
def get_results(request: HttpRequest, program_id: int, filters: Query[ResultFilters]) -> Any:
    user = user_of(request)
    program: Program = get_visible(dashboard_programs(user), program_id)  # type: ignore[assignment]
    try:
        period = Period.parse(filters.period)
    except ValueError:
        raise ApiError(
            400,
            "invalid",
            _("The request is not valid: see the details."),
            [
                {
                    "loc": ["query", "period"],
                    "code": "invalid_period",
                    "message": _("Give a year (2026) or a quarter (2026-Q2)."),
                }
            ],
        ) from None
    audience = audience_for(user, program)
    cohort_id = filters.cohort
    if cohort_id and not program.cohorts.filter(pk=cohort_id).exists():
        cohort_id = -1  # a cohort of another program: nothing in scope, not an error
    results = program_results(
        program, period, audience=audience, province_id=filters.province, cohort_id=cohort_id
    )
    return {
        "program_id": program.pk,
        "period": period.key,
        "suppressed_small_numbers": audience.suppresses,
        "results": [
            {
                "indicator_id": result.indicator.pk,
                "indicator_code": result.indicator.code,
                "indicator_name": result.indicator.name,
                "unit": result.unit,
                "period": result.period.key,
                "actual": _cell(result.actual),
                "target": result.target,
                "baseline": _cell(result.baseline),
                "baseline_year": result.baseline_year,
                "achievement": result.achievement,
                "breakdown": [
                    {
                        "dimension": item.dimension,
                        "key": item.key,
                        "label": str(item.label),
                        "actual": _cell(item.actual),
                        "target": item.target,
                    }
                    for item in result.breakdown
                ],
            }
            for result in results
        ],
    }
