"""How an assessment's answers become scores: the one definition, used everywhere
(pages, panels, cohort averages, the Excel export, the program figures).

Each question is answered on a 0-4 scale; an unanswered question has no level.

Dimension score (0-100)
    The mean of the levels of the dimension's ANSWERED questions, divided by 4 and
    multiplied by 100: ``sum(levels) * 25 / number_of_answered_questions``.
    Unanswered questions are left out: they count neither as 0 nor in the number of
    questions. A dimension with no answered question has no score (None), not 0.
    Example: levels 2, 3 and one unanswered question -> (2 + 3) / 2 / 4 * 100 = 62.5.

Overall score (0-100)
    The mean of the dimension scores, over the dimensions that have a score (at least one
    answered question); every such dimension weighs the same, whatever its number of
    questions. It is computed from the exact (unrounded) dimension scores. No answer at
    all gives no overall score (None).
    Example: dimension scores 62.5, 100/3 (33.33…) and none -> (62.5 + 33.33…) / 2 =
    47.916… -> 47.9.

Rounding
    Every score that leaves this module is rounded to one decimal, half up (62.45 ->
    62.5), and returned as a Decimal. The arithmetic before rounding is exact (fractions),
    so no floating-point error can tip a value over a rounding boundary.

Change between two assessments
    ``change(latest, baseline)`` is the difference of the two ROUNDED scores, so the
    change shown next to two scores is exactly their difference; None if either is None.

Averages over several organizations (cohort pages)
    ``mean_score(scores)`` is the mean of the given (rounded) scores, leaving out None,
    rounded to one decimal, half up; None if no score is given.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import floor

MAX_LEVEL = 4


@dataclass(frozen=True)
class DimensionQuestions:
    """A dimension of a framework version: its stable code and its questions' ids."""

    code: str
    question_ids: Sequence[int]


@dataclass(frozen=True)
class Scores:
    # Dimension code -> score 0-100 (one decimal), None when no question was answered;
    # in the framework's order.
    dimensions: dict[str, Decimal | None]
    overall: Decimal | None
    answered: int  # questions of the framework version that have an answer
    total: int  # questions in the framework version

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


def round_score(value: Fraction) -> Decimal:
    """One decimal, half up, exactly (62.45 -> 62.5; 47.916… -> 47.9)."""
    tenths = floor(value * 10 + Fraction(1, 2))
    return Decimal(tenths).scaleb(-1)


def _dimension_fraction(levels: list[int]) -> Fraction | None:
    if not levels:
        return None
    return Fraction(sum(levels) * 100, MAX_LEVEL * len(levels))


def score(dimensions: Sequence[DimensionQuestions], levels: Mapping[int, int]) -> Scores:
    """Scores of one assessment.

    `dimensions`: the framework version's dimensions in display order; `levels`: question
    id -> level (0-4) for the answered questions. Levels of questions that are not in
    `dimensions` are ignored.
    """
    exact: dict[str, Fraction | None] = {}
    answered = total = 0
    for dimension in dimensions:
        chosen = [levels[q] for q in dimension.question_ids if q in levels]
        answered += len(chosen)
        total += len(dimension.question_ids)
        exact[dimension.code] = _dimension_fraction(chosen)
    scored = [value for value in exact.values() if value is not None]
    overall = round_score(sum(scored, Fraction(0)) / len(scored)) if scored else None
    return Scores(
        dimensions={
            code: None if value is None else round_score(value) for code, value in exact.items()
        },
        overall=overall,
        answered=answered,
        total=total,
    )


def overall_from_sums(dimensions: Iterable[tuple[int, int]]) -> Decimal | None:
    """The overall score from each scored dimension's (sum of levels, answered
    questions), as `score` computes it; None when no dimension has an answer."""
    scored = [
        value
        for levels, answered in dimensions
        if (value := _dimension_fraction_of(levels, answered)) is not None
    ]
    return round_score(sum(scored, Fraction(0)) / len(scored)) if scored else None


def _dimension_fraction_of(levels: int, answered: int) -> Fraction | None:
    return Fraction(levels * 100, MAX_LEVEL * answered) if answered else None


def change(latest: Decimal | None, baseline: Decimal | None) -> Decimal | None:
    """Latest minus baseline, both as shown (rounded); None when either is missing."""
    if latest is None or baseline is None:
        return None
    return latest - baseline


def mean_score(scores: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of several scores (None left out), rounded to one decimal, half up."""
    values = [Fraction(value) for value in scores if value is not None]
    if not values:
        return None
    return round_score(sum(values, Fraction(0)) / len(values))
