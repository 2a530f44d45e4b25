"""The vocabulary of impact results: periods (a quarter or a year), audiences (who
reads), cells (a value, or "<5" when suppressed), indicator results, and the
small-number suppression rule applied for funders and the public.

Split from results.py, which computes the figures; results.py re-exports these names.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext

from tiwizi.core.money import format_mad
from tiwizi.impact.models import Indicator, IndicatorUnit

# Figures about fewer people than this are hidden from funders and the public.
MIN_PEOPLE = 5
# Averages over fewer organizations than this are hidden from them too (as on the
# assessment pages: with one or two, an average gives an organization's score away).
MIN_ORGANIZATIONS = 3
YOUTH_AGE = 35
UNKNOWN = "unknown"
ONE_DECIMAL = Decimal("0.1")


# ---------------------------------------------------------------------------- periods


@dataclass(frozen=True, order=True)
class Period:
    """A quarter (1-4) of a year, or the whole year (quarter None)."""

    year: int
    quarter: int | None = None

    def __post_init__(self) -> None:
        if not 2000 <= self.year <= 2100:
            raise ValueError(f"year out of range: {self.year}")
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter out of range: {self.quarter}")

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2026" or "2026-Q2" (also "2026-T2", "2026q2"); ValueError otherwise."""
        raw = (text or "").strip().upper().replace("T", "Q")
        year, _sep, quarter = raw.partition("-Q") if "-Q" in raw else raw.partition("Q")
        if not year.isdigit() or (quarter and not quarter.isdigit()):
            raise ValueError(f"not a period: {text!r}")
        return cls(int(year), int(quarter) if quarter else None)

    @classmethod
    def containing(cls, day: date, *, yearly: bool = False) -> Period:
        return cls(day.year, None if yearly else (day.month - 1) // 3 + 1)

    @property
    def is_year(self) -> bool:
        return self.quarter is None

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @property
    def key(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"

    @property
    def label(self) -> str:
        if self.quarter is None:
            return str(self.year)
        return gettext("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.quarter}

    def quarters(self) -> list[Period]:
        if self.quarter is not None:
            return [self]
        return [Period(self.year, q) for q in range(1, 5)]

    def __str__(self) -> str:
        return self.label


class Audience(enum.StrEnum):
    STAFF = "staff"
    FUNDER = "funder"
    PUBLIC = "public"

    @property
    def suppresses(self) -> bool:
        return self is not Audience.STAFF


# ------------------------------------------------------------------------------ cells


def _number(value: Decimal) -> str:
    places = 0 if value == value.to_integral_value() else 1
    return number_format(value.quantize(Decimal(1).scaleb(-places)), places, force_grouping=True)


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    suppressed: bool = False

    @property
    def display(self) -> str:
        if self.suppressed:
            return f"<{MIN_PEOPLE}"
        if self.value is None:
            return "—"
        return _number(self.value)

    def format(self, unit: str) -> str:
        """The display text with its unit: MAD amounts, percentages."""
        if self.suppressed or self.value is None:
            return self.display
        if unit == IndicatorUnit.MAD:
            return format_mad(self.value, decimals=0)
        if unit == IndicatorUnit.PERCENT:
            return gettext("%(value)s%%") % {"value": _number(self.value)}
        return self.display

    def __str__(self) -> str:
        return self.display


@dataclass
class BreakdownItem:
    dimension: str
    key: str
    label: str
    actual: Cell
    target: Decimal | None = None


@dataclass
class IndicatorResult:
    indicator: Indicator
    period: Period
    actual: Cell
    target: Decimal | None
    baseline: Cell | None
    achievement: Decimal | None
    breakdown: list[BreakdownItem] = field(default_factory=list)
    baseline_year: int | None = None

    @property
    def unit(self) -> str:
        return self.indicator.unit

    def by_dimension(self, dimension: str) -> list[BreakdownItem]:
        return [item for item in self.breakdown if item.dimension == dimension]


def achievement(actual: Cell, target: Decimal | None) -> Decimal | None:
    if actual.value is None or actual.suppressed or not target:
        return None
    return (actual.value * 100 / target).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------ suppression


@dataclass(frozen=True)
class Figure:
    """A raw computed value and what it is about: `people` (distinct persons, or jobs)
    and `organizations` (for averages over organizations), when that matters."""

    value: Decimal | None
    people: int | None = None
    organizations: int | None = None

    @property
    def too_small(self) -> bool:
        """About 1 to 4 people (or 1 or 2 organizations for an average). Zero is shown:
        a figure about nobody reveals nothing about anyone."""
        return bool(
            (self.people is not None and 0 < abs(self.people) < MIN_PEOPLE)
            or (self.organizations is not None and 0 < self.organizations < MIN_ORGANIZATIONS)
        )


def suppress(figure: Figure | None, audience: Audience) -> Cell:
    """Primary suppression of one figure: hidden ("<5") for funders and the public when
    it is about fewer than MIN_PEOPLE people."""
    if figure is None or figure.value is None:
        return Cell(None)
    if audience.suppresses and figure.too_small:
        return Cell(None, suppressed=True)
    return Cell(figure.value)


def suppress_breakdown(
    figures: dict[str, Figure], audience: Audience, total_shown: bool = True
) -> dict[str, Cell]:
    """Cells of one breakdown (one dimension), with complementary suppression.

    Primary: each cell about fewer than MIN_PEOPLE people is hidden (see `suppress`).
    Complementary: when exactly ONE cell is hidden and the total is shown, the total
    minus the visible cells would give it back. So the next smallest cell (by absolute
    value, preferring a non-zero one, since a hidden zero next to a shown total still
    pins the first cell down when the reader can guess it is zero) is hidden too: the
    reader then only learns the sum of two hidden cells, never either of them. With two
    or more hidden cells, or no total shown, nothing more is needed. Cells of a
    breakdown that is not a partition (an organization in two cohorts) are treated the
    same way, which only hides more than necessary.
    """
    cells = {key: suppress(figure, audience) for key, figure in figures.items()}
    hidden = [key for key, cell in cells.items() if cell.suppressed]
    if not (audience.suppresses and total_shown and len(hidden) == 1):
        return cells
    candidates = [
        key for key, cell in cells.items() if not cell.suppressed and cell.value is not None
    ]
    if not candidates:
        return cells

    def size(key: str) -> tuple[int, Decimal]:
        value = abs(figures[key].value or Decimal(0))
        return (0 if value else 1, value)

    complement = min(candidates, key=lambda key: (size(key), key))
    cells[complement] = Cell(None, suppressed=True)
    return cells
