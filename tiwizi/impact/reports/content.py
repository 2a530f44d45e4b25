"""What a funder report says, computed once for the PDF and the Excel file.

Build it inside `translation.override(language)`: labels (periods, disaggregations,
units) are resolved in the active language. Figures come from
tiwizi.impact.results.program_results with the reader's audience, so a funder's report
shows "<5" wherever the dashboards do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tiwizi.core.i18n import current_language, is_rtl, localized
from tiwizi.core.money import format_mad
from tiwizi.impact.models import Dimension
from tiwizi.impact.reports.charts import ChartRow, achievement_chart, amount_chart
from tiwizi.impact.results import Audience, Cell, IndicatorResult, Period, program_results
from tiwizi.programs.models import PartnerRole, Program

# The indicator drawn on the map, and the sales channels charted side by side.
MAP_INDICATOR = "organizations_supported"
CHANNEL_INDICATORS = ("sales_local", "sales_national", "sales_export")
# Headline figures on the cover, when the period has them.
HIGHLIGHTS = ("organizations_supported", "people_trained", "jobs_created", "revenue")
ROLE_ORDER = [role.value for role in PartnerRole.Role]
DIMENSION_TITLES = {
    Dimension.SEX: _("By sex"),
    Dimension.AGE_GROUP: _("By age group"),
    Dimension.PROVINCE: _("By province"),
    Dimension.COHORT: _("By cohort"),
}


def percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return gettext("%(value)s%%") % {"value": number_format(value, 1)}


def ratio(actual: Cell, target: Decimal | None) -> Decimal | None:
    """actual / target as a fraction (None when it cannot be computed or is hidden)."""
    if actual.value is None or actual.suppressed or not target:
        return None
    return actual.value / target


def _target_text(target: Decimal | None, unit: str) -> str:
    return Cell(target).format(unit) if target is not None else "—"


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator in the report's main table."""

    result: IndicatorResult
    name: str
    unit: str
    baseline: str
    target: str
    actual: str
    achievement: str


@dataclass(frozen=True)
class BreakdownLine:
    indicator: str
    category: str
    unit: str
    target_value: Decimal | None
    actual: Cell
    target: str
    actual_text: str
    achievement: str


@dataclass
class BreakdownTable:
    dimension: str
    title: str
    lines: list[BreakdownLine] = field(default_factory=list)


@dataclass
class PartnerGroup:
    role: str
    label: str
    names: list[str]


@dataclass
class FunderReport:
    program: Program
    period: Period
    audience: Audience
    language: str
    generated_on: date
    partners: list[PartnerGroup]
    lines: list[IndicatorLine]
    highlights: list[IndicatorLine]
    tables: list[BreakdownTable]
    achievement_rows: list[ChartRow]
    channel_rows: list[ChartRow]
    map_svg: str
    map_title: str
    map_rows: list[tuple[str, str]]
    map_cells: dict[str, Cell]

    @property
    def rtl(self) -> bool:
        return is_rtl(self.language)

    @property
    def budget_text(self) -> str:
        return format_mad(self.program.budget_mad, self.language, decimals=0)

    @property
    def suppresses(self) -> bool:
        return self.audience.suppresses

    @property
    def program_names(self) -> list[tuple[str, str]]:
        """The program's name in each language entered, the reader's first."""
        names = [(lang, getattr(self.program, f"name_{lang}")) for lang in ("ar", "fr", "en")]
        names = [(lang, name) for lang, name in names if name]
        return sorted(names, key=lambda pair: pair[0] != self.language)


def _has_figures(result: IndicatorResult) -> bool:
    actual = result.actual
    return result.target is not None or actual.suppressed or actual.value is not None


def _line(result: IndicatorResult) -> IndicatorLine:
    unit = result.unit
    baseline = result.baseline.format(unit) if result.baseline is not None else "—"
    return IndicatorLine(
        result=result,
        name=result.indicator.name,
        unit=result.indicator.get_unit_display(),
        baseline=baseline,
        target=_target_text(result.target, unit),
        actual=result.actual.format(unit),
        achievement=percent(result.achievement),
    )


def _breakdown_tables(results: list[IndicatorResult]) -> list[BreakdownTable]:
    tables: dict[str, BreakdownTable] = {
        str(dim): BreakdownTable(dim, str(title)) for dim, title in DIMENSION_TITLES.items()
    }
    for result in results:
        for item in result.breakdown:
            table = tables.get(item.dimension)
            if table is None:
                continue
            fraction = ratio(item.actual, item.target)
            table.lines.append(
                BreakdownLine(
                    indicator=result.indicator.name,
                    category=item.label,
                    unit=result.unit,
                    target_value=item.target,
                    actual=item.actual,
                    target=_target_text(item.target, result.unit),
                    actual_text=item.actual.format(result.unit),
                    achievement=percent(None if fraction is None else fraction * 100),
                )
            )
    return [table for table in tables.values() if table.lines]


def _partners(program: Program) -> list[PartnerGroup]:
    labels = dict(PartnerRole.Role.choices)
    groups: dict[str, list[str]] = {}
    partners = (
        PartnerRole.objects.filter(program=program)
        .select_related("organization")
        .order_by("role", "organization__name_fr", "pk")
    )
    for partner in partners:
        groups.setdefault(partner.role, []).append(partner.organization.name)
    return [
        PartnerGroup(role, str(labels[role]), groups[role]) for role in ROLE_ORDER if role in groups
    ]


def _province_map(program: Program, period: Period, audience: Audience) -> tuple[str, list[Any]]:
    from tiwizi.impact.results import province_values

    rows = province_values(program, period, MAP_INDICATOR, audience=audience)
    try:
        from tiwizi.impact.maps import province_map_svg
    except ImportError:  # the map module is not there: the table below still is
        return "", rows
    return province_map_svg({code: cell for code, _name, cell in rows}), rows


def build_report(program: Program, period: Period, audience: Audience) -> FunderReport:
    language = current_language()
    rtl = is_rtl(language)
    results = [r for r in program_results(program, period, audience=audience) if _has_figures(r)]
    by_code = {result.indicator.code: result for result in results}
    lines = [_line(result) for result in results]
    achievement_rows = achievement_chart(
        (
            (r.indicator.name, ratio(r.actual, r.target), percent(r.achievement))
            for r in results
            if r.target
        ),
        rtl=rtl,
    )
    channels = [by_code[code] for code in CHANNEL_INDICATORS if code in by_code]
    channel_rows = amount_chart(
        (
            (
                result.indicator.name,
                None if result.actual.suppressed else result.actual.value,
                result.actual.format(result.unit),
            )
            for result in channels
        ),
        rtl=rtl,
    )
    map_svg, map_values = _province_map(program, period, audience)
    map_indicator = by_code.get(MAP_INDICATOR)
    return FunderReport(
        program=program,
        period=period,
        audience=audience,
        language=language,
        generated_on=timezone.localdate(),
        partners=_partners(program),
        lines=lines,
        highlights=[line for line in lines if line.result.indicator.code in HIGHLIGHTS],
        tables=_breakdown_tables(results),
        achievement_rows=achievement_rows,
        channel_rows=channel_rows,
        map_svg=map_svg,
        map_title=map_indicator.indicator.name if map_indicator else "",
        map_rows=[(name, cell.display) for _code, name, cell in map_values],
        map_cells={code: cell for code, _name, cell in map_values},
    )


def program_name(program: Program) -> str:
    return localized(program, "name")
