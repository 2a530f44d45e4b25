"""Capacity assessments (read), with their scores per dimension."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tiwizi.api.common import get_visible, responses, user_of
from tiwizi.api.pagination import DbId, PageParams, keyset_page, page_of
from tiwizi.assessment.models import Assessment, AssessmentKind, AssessmentStatus
from tiwizi.assessment.results import scores_for

router = Router(tags=["assessment"])


class DimensionScoreOut(Schema):
    dimension: str = Field(description="The dimension's stable code.")
    score: float | None = Field(description="0 to 100; null when no question was answered.")


class AssessmentOut(Schema):
    id: int
    organization_id: int
    framework_code: str
    framework_version: int
    kind: AssessmentKind
    date: datetime.date
    is_self_assessment: bool
    status: AssessmentStatus
    submitted_at: datetime.datetime | None
    supersedes_id: int | None
    overall_score: float | None
    dimension_scores: list[DimensionScoreOut]
    answered: int
    questions: int

    @staticmethod
    def resolve_framework_code(obj: Assessment) -> str:
        return obj.version.framework.code

    @staticmethod
    def resolve_framework_version(obj: Assessment) -> int:
        return obj.version.number

    @staticmethod
    def resolve_overall_score(obj: Assessment) -> float | None:
        overall = obj.scores.overall  # type: ignore[attr-defined]
        return float(overall) if overall is not None else None

    @staticmethod
    def resolve_dimension_scores(obj: Assessment) -> list[dict[str, Any]]:
        dimensions = obj.scores.dimensions  # type: ignore[attr-defined]
        return [
            {"dimension": code, "score": float(value) if value is not None else None}
            for code, value in dimensions.items()
        ]

    @staticmethod
    def resolve_answered(obj: Assessment) -> int:
        return obj.scores.answered  # type: ignore[attr-defined]

    @staticmethod
    def resolve_questions(obj: Assessment) -> int:
        return obj.scores.total  # type: ignore[attr-defined]


class AssessmentFilters(PageParams):
    organization: DbId | None = None
    status: AssessmentStatus | None = None
    kind: AssessmentKind | None = None
    self_assessment: bool | None = None


def _with_scores(assessments: list[Assessment]) -> list[Assessment]:
    """Attach each assessment's scores (three queries for the whole page)."""
    scores = scores_for(assessments)
    for assessment in assessments:
        assessment.scores = scores[assessment.pk]  # type: ignore[attr-defined]
    return assessments


def _assessments(user: Any) -> Any:
    return Assessment.objects.visible_to(user).select_related("version__framework")


@router.get(
    "/assessments",
    response=responses(page_of(AssessmentOut, "AssessmentPage")),
    summary="List assessments",
)
def list_assessments(request: HttpRequest, filters: Query[AssessmentFilters]) -> Any:
    assessments = _assessments(user_of(request))
    if filters.organization:
        assessments = assessments.filter(organization_id=filters.organization)
    if filters.status:
        assessments = assessments.filter(status=filters.status)
    if filters.kind:
        assessments = assessments.filter(kind=filters.kind)
    if filters.self_assessment is not None:
        assessments = assessments.filter(is_self_assessment=filters.self_assessment)
    page = keyset_page(assessments, filters)
    page["items"] = _with_scores(page["items"])
    return page


@router.get(
    "/assessments/{assessment_id}", response=responses(AssessmentOut), summary="One assessment"
)
def get_assessment(request: HttpRequest, assessment_id: int) -> Any:
    assessment = get_visible(_assessments(user_of(request)), assessment_id)
    return _with_scores([assessment])[0]  # type: ignore[list-item]
