"""Events (workshops, meetings, fairs)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tiwizi.api.common import get_visible, responses, user_of
from tiwizi.api.pagination import DbId, IsoDate, PageParams, keyset_page, page_of
from tiwizi.events.models import Event, EventKind, EventStatus

router = Router(tags=["events"])


class EventOut(Schema):
    id: int
    program_id: int | None
    kind: str
    title: str
    title_ar: str
    title_fr: str
    title_en: str
    start: datetime.datetime
    end: datetime.datetime
    commune_id: int | None
    venue: str
    organizer_ids: list[int]
    agenda: str
    status: str
    cancellation_reason: str

    @staticmethod
    def resolve_title(obj: Event) -> str:
        return obj.title

    @staticmethod
    def resolve_organizer_ids(obj: Event) -> list[int]:
        return [organization.pk for organization in obj.organizers.all()]


class EventFilters(PageParams):
    program: DbId | None = None
    kind: EventKind | None = None
    status: EventStatus | None = None
    date_from: IsoDate | None = Field(None, alias="from", description="Ending on or after.")
    date_to: IsoDate | None = Field(None, alias="to", description="Starting on or before.")


def _events(user: Any) -> Any:
    return Event.objects.visible_to(user).prefetch_related("organizers")


@router.get("/events", response=responses(page_of(EventOut, "EventPage")), summary="List events")
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> Any:
    events = _events(user_of(request))
    if filters.program:
        events = events.filter(program_id=filters.program)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.status:
        events = events.filter(status=filters.status)
    if filters.date_from:
        events = events.filter(end__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(start__date__lte=filters.date_to)
    return keyset_page(events, filters)


@router.get("/events/{event_id}", response=responses(EventOut), summary="One event")
def get_event(request: HttpRequest, event_id: int) -> Any:
    return get_visible(_events(user_of(request)), event_id)
