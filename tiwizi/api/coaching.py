"""Coaching visits (the coach's notes only for those the pages show them to)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tiwizi.api.common import get_visible, responses, user_of
from tiwizi.api.pagination import DbId, IsoDate, PageParams, keyset_page, page_of
from tiwizi.coaching.models import CoachingPlan, Visit, VisitMode

router = Router(tags=["coaching"])


class VisitOut(Schema):
    id: int
    plan_id: int
    program_id: int
    organization_id: int
    date: datetime.date
    duration_minutes: int
    mode: VisitMode
    topics: str
    next_steps: str
    notes: str | None = Field(
        description="The coach's notes: null for readers the pages do not show them to "
        "(the coached organization's managers)."
    )

    @staticmethod
    def resolve_program_id(obj: Visit) -> int:
        return obj.plan.program_id

    @staticmethod
    def resolve_organization_id(obj: Visit) -> int:
        return obj.plan.organization_id

    @staticmethod
    def resolve_notes(obj: Visit) -> str | None:
        return obj.notes if obj.sees_notes else None  # type: ignore[attr-defined]


class VisitFilters(PageParams):
    plan: DbId | None = None
    program: DbId | None = None
    organization: DbId | None = None
    date_from: IsoDate | None = Field(None, alias="from")
    date_to: IsoDate | None = Field(None, alias="to")


def _visits(user: Any) -> Any:
    # Notes are for staff following the plan (coaching.permissions.can_see_visit_notes).
    followed = CoachingPlan.objects.followed_by(user).filter(pk=OuterRef("plan_id"))
    return (
        Visit.objects.visible_to(user).select_related("plan").annotate(sees_notes=Exists(followed))
    )


@router.get(
    "/coaching/visits",
    response=responses(page_of(VisitOut, "VisitPage")),
    summary="List coaching visits",
)
def list_visits(request: HttpRequest, filters: Query[VisitFilters]) -> Any:
    visits = _visits(user_of(request))
    lookups = {"plan": "plan_id", "program": "plan__program_id",
               "organization": "plan__organization_id"}  # fmt: skip
    for name, lookup in lookups.items():
        value = getattr(filters, name)
        if value:
            visits = visits.filter(**{lookup: value})
    if filters.date_from:
        visits = visits.filter(date__gte=filters.date_from)
    if filters.date_to:
        visits = visits.filter(date__lte=filters.date_to)
    return keyset_page(visits, filters)


@router.get("/coaching/visits/{visit_id}", response=responses(VisitOut), summary="One visit")
def get_visit(request: HttpRequest, visit_id: int) -> Any:
    return get_visible(_visits(user_of(request)), visit_id)
