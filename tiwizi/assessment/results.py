"""Reading scores out of the database, in a fixed number of queries whatever the number
of assessments: the framework structure of the versions involved (2 queries), the
answers (1 query), then scoring.score() for each assessment.

Which assessments count (the rule every page, panel and figure follows):
- only submitted assessments that no submitted correction replaces (`current()`);
- comparisons (results page, cohort page, figures) use assessments by program staff;
  self-assessments are shown beside them on the results page but never mixed in;
- the baseline is the earliest such assessment of kind "baseline"; the latest is the most
  recent one of any kind (by date, then submission time). With no later assessment, the
  latest is the baseline itself and there is nothing to compare yet.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Sum

from tiwizi.assessment import scoring
from tiwizi.assessment.models import Answer, Assessment, Dimension, Question
from tiwizi.core.i18n import localized


@dataclass
class DimensionInfo:
    id: int
    code: str
    position: int
    name_ar: str
    name_fr: str
    name_en: str
    question_ids: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return localized(self, "name")

    def as_scoring(self) -> scoring.DimensionQuestions:
        return scoring.DimensionQuestions(self.code, self.question_ids)


Structure = dict[int, list[DimensionInfo]]  # version id -> its dimensions, in order


def version_structures(version_ids: Iterable[int]) -> Structure:
    """The dimensions of each version with their questions' ids (2 queries)."""
    ids = set(version_ids)
    if not ids:
        return {}
    structure: Structure = defaultdict(list)
    by_id: dict[int, DimensionInfo] = {}
    dimensions = Dimension.objects.filter(version_id__in=ids).order_by(
        "version_id", "position", "pk"
    )
    for row in dimensions.values(
        "id", "version_id", "code", "position", "name_ar", "name_fr", "name_en"
    ):
        info = DimensionInfo(
            id=row["id"],
            code=row["code"],
            position=row["position"],
            name_ar=row["name_ar"],
            name_fr=row["name_fr"],
            name_en=row["name_en"],
        )
        structure[row["version_id"]].append(info)
        by_id[info.id] = info
    questions = Question.objects.filter(dimension__version_id__in=ids).order_by(
        "dimension_id", "position", "pk"
    )
    for question_id, dimension_id in questions.values_list("id", "dimension_id"):
        by_id[dimension_id].question_ids.append(question_id)
    return dict(structure)


def answer_levels(assessment_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """assessment id -> {question id: level} (1 query)."""
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    ids = set(assessment_ids)
    if ids:
        rows = Answer.objects.filter(assessment_id__in=ids).values_list(
            "assessment_id", "question_id", "level"
        )
        for assessment_id, question_id, level in rows:
            levels[assessment_id][question_id] = level
    return levels


def overall_scores(assessment_ids: Iterable[int]) -> dict[int, Decimal | None]:
    """assessment id -> overall score, in one query that sums and counts the levels of
    each dimension in the database; only the per-dimension sums are combined here, with
    exactly the arithmetic of scoring.score() (for figures over many organizations)."""
    ids = set(assessment_ids)
    rows = (
        Answer.objects.filter(
            assessment_id__in=ids,
            question__dimension__version_id=F("assessment__version_id"),
        )
        .values("assessment_id", "question__dimension_id")
        .annotate(levels=Sum("level"), answered=Count("id"))
        .order_by()
    )
    sums: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        sums[row["assessment_id"]].append((row["levels"], row["answered"]))
    return {pk: scoring.overall_from_sums(sums.get(pk, [])) for pk in ids}


def scores_for(
    assessments: Sequence[Assessment], structure: Structure | None = None
) -> dict[int, scoring.Scores]:
    """assessment id -> its scores (3 queries, or 1 when the structure is given)."""
    if structure is None:
        structure = version_structures(a.version_id for a in assessments)
    levels = answer_levels(a.pk for a in assessments)
    return {
        a.pk: scoring.score(
            [d.as_scoring() for d in structure.get(a.version_id, [])], levels.get(a.pk, {})
        )
        for a in assessments
    }


def dimension_columns(structure: Structure) -> list[DimensionInfo]:
    """One entry per dimension code across versions, in the newest version's order (a
    code only found in older versions comes after, in their order)."""
    columns: dict[str, DimensionInfo] = {}
    for version_id in sorted(structure, reverse=True):
        for dimension in structure[version_id]:
            columns.setdefault(dimension.code, dimension)
    return list(columns.values())


def _recency(assessment: Assessment) -> tuple[Any, ...]:
    return (assessment.date, assessment.submitted_at or assessment.created_at, assessment.pk)


def pick_baseline(assessments: Iterable[Assessment]) -> Assessment | None:
    baselines = [a for a in assessments if a.kind == Assessment.Kind.BASELINE]
    return min(baselines, key=_recency) if baselines else None


def pick_latest(assessments: Iterable[Assessment]) -> Assessment | None:
    candidates = list(assessments)
    return max(candidates, key=_recency) if candidates else None


# Averages over fewer organizations than this are not shown to those who may not see
# the organizations' own results (funders): with one or two, an average gives them away.
MIN_GROUP = 3
# How many of the weakest dimensions a cohort page names (to plan the next training).
WEAKEST = 2


@dataclass
class Row:
    code: str
    name: str
    baseline: Decimal | None
    latest: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return scoring.change(self.latest, self.baseline)


@dataclass
class Comparison:
    """Baseline against latest for one organization (or one cohort's averages)."""

    baseline_date: date | None
    latest_date: date | None
    rows: list[Row]
    overall: Row
    baseline: Assessment | None = None
    latest: Assessment | None = None

    @property
    def has_both(self) -> bool:
        return self.baseline_date is not None and self.latest_date is not None

    @property
    def weakest(self) -> list[Row]:
        """The dimensions with the lowest latest score, lowest first."""
        return weakest(self.rows)


def weakest(rows: Iterable[Row], count: int = WEAKEST) -> list[Row]:
    scored = [row for row in rows if row.latest is not None]
    return sorted(scored, key=lambda row: (row.latest, row.code))[:count]


def compare(
    assessments: Sequence[Assessment],
    scores: dict[int, scoring.Scores],
    columns: list[DimensionInfo],
) -> Comparison:
    """Baseline and latest of one organization's current staff assessments."""
    baseline = pick_baseline(assessments)
    later = [a for a in assessments if baseline is None or _recency(a) > _recency(baseline)]
    latest = pick_latest(later)
    if baseline is None and latest is None:
        return Comparison(None, None, [], Row("overall", "", None, None))
    base = scores[baseline.pk] if baseline else None
    last = scores[latest.pk] if latest else None
    rows = [
        Row(
            code=column.code,
            name=column.name,
            baseline=base.dimensions.get(column.code) if base else None,
            latest=last.dimensions.get(column.code) if last else None,
        )
        for column in columns
    ]
    overall = Row("overall", "", base.overall if base else None, last.overall if last else None)
    return Comparison(
        baseline_date=baseline.date if baseline else None,
        latest_date=latest.date if latest else None,
        rows=rows,
        overall=overall,
        baseline=baseline,
        latest=latest,
    )


def current_staff_assessments(organization_ids: Any) -> Any:
    """The assessments that count in comparisons, for some organizations (a queryset)."""
    return Assessment.objects.current().external().filter(organization_id__in=organization_ids)


@dataclass
class MemberRow:
    """One organization of a cohort: its overall scores at baseline and latest."""

    organization: Any
    baseline: Decimal | None
    latest: Decimal | None
    latest_date: date | None
    compared: bool  # it has a baseline and a later assessment

    @property
    def change(self) -> Decimal | None:
        return scoring.change(self.latest, self.baseline) if self.compared else None


@dataclass
class CohortSummary:
    organizations: int  # taking part in the cohort (selected, active, graduated)
    assessed: int  # of which with at least one assessment that counts
    with_baseline: int
    compared: int  # with a baseline and a later assessment
    improved: int  # of those, latest overall > baseline overall
    rows: list[Row]  # per dimension: mean at baseline, mean of the latest
    overall: Row
    members: list[MemberRow]

    @property
    def weakest(self) -> list[Row]:
        return weakest(self.rows)


def cohort_summary(cohort: Any) -> CohortSummary:
    """The summary over the organizations taking part in one cohort."""
    from tiwizi.programs.models import Participation

    return summarize(Participation.objects.participating().filter(cohort=cohort))


def program_summary(program: Any) -> CohortSummary:
    """The summary over the organizations taking part in any cohort of a program."""
    from tiwizi.programs.models import Participation

    return summarize(Participation.objects.participating().filter(cohort__program=program))


def summarize(participations: Any) -> CohortSummary:
    """Averages per dimension at baseline and latest over the organizations of some
    participations, in 5 queries whatever their number.

    Baseline mean: over the organizations that have a baseline. Latest mean: over every
    assessed organization, with its most recent assessment (its baseline when it has
    nothing later). Improved: latest overall above baseline overall, among organizations
    with a baseline and a later assessment.
    """
    participations = list(participations.select_related("organization__province"))
    organizations = {p.organization_id: p.organization for p in participations}
    assessments = list(current_staff_assessments(list(organizations)))
    structure = version_structures(a.version_id for a in assessments)
    scores = scores_for(assessments, structure)
    columns = dimension_columns(structure)

    by_organization: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        by_organization[assessment.organization_id].append(assessment)

    baselines: list[scoring.Scores] = []
    latests: list[scoring.Scores] = []
    members: list[MemberRow] = []
    compared = improved = 0
    for organization_id, own in by_organization.items():
        baseline = pick_baseline(own)
        latest = pick_latest(own)
        assert latest is not None  # own is never empty
        later = baseline is not None and latest.pk != baseline.pk
        if baseline is not None:
            baselines.append(scores[baseline.pk])
        latests.append(scores[latest.pk])
        base_overall = scores[baseline.pk].overall if baseline else None
        last_overall = scores[latest.pk].overall
        if later:
            compared += 1
            if (
                base_overall is not None
                and last_overall is not None
                and last_overall > base_overall
            ):
                improved += 1
        members.append(
            MemberRow(
                organization=organizations[organization_id],
                baseline=base_overall,
                latest=last_overall,
                latest_date=latest.date,
                compared=later,
            )
        )
    rows = [
        Row(
            code=column.code,
            name=column.name,
            baseline=scoring.mean_score(s.dimensions.get(column.code) for s in baselines),
            latest=scoring.mean_score(s.dimensions.get(column.code) for s in latests),
        )
        for column in columns
    ]
    overall = Row(
        "overall",
        "",
        scoring.mean_score(s.overall for s in baselines),
        scoring.mean_score(s.overall for s in latests),
    )
    members.sort(key=lambda m: (str(m.organization), m.organization.pk))
    return CohortSummary(
        organizations=len(organizations),
        assessed=len(by_organization),
        with_baseline=len(baselines),
        compared=compared,
        improved=improved,
        rows=rows,
        overall=overall,
        members=members,
    )
