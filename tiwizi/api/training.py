"""Courses, sessions and attendance (read, and the whole attendance sheet as one write)."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tiwizi.api.common import get_visible, responses, user_of
from tiwizi.api.errors import ApiError, forbidden
from tiwizi.api.pagination import DbId, IsoDate, PageParams, keyset_page, page_of
from tiwizi.training import permissions, services
from tiwizi.training.models import (
    AttendanceStatus,
    Course,
    Enrollment,
    Session,
    SessionStatus,
)

router = Router(tags=["training"])


class CourseOut(Schema):
    id: int
    title: str
    title_ar: str
    title_fr: str
    title_en: str
    objectives: str
    topics: str
    duration_hours: float
    languages: list[str]
    is_active: bool


class CourseFilters(PageParams):
    active: bool | None = None


@router.get(
    "/courses", response=responses(page_of(CourseOut, "CoursePage")), summary="List courses"
)
def list_courses(request: HttpRequest, filters: Query[CourseFilters]) -> Any:
    courses = Course.objects.visible_to(user_of(request))
    if filters.active is not None:
        courses = courses.filter(is_active=filters.active)
    return keyset_page(courses, filters)


class SessionOut(Schema):
    id: int
    course_id: int
    course_title: str
    cohort_id: int
    program_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    commune_id: int
    venue: str
    trainer_id: int | None
    trainer_name: str | None
    capacity: int
    status: SessionStatus
    enrolled_count: int

    @staticmethod
    def resolve_course_title(obj: Session) -> str:
        return obj.course.title

    @staticmethod
    def resolve_program_id(obj: Session) -> int:
        return obj.cohort.program_id

    @staticmethod
    def resolve_trainer_name(obj: Session) -> str | None:
        return obj.trainer.get_full_name() if obj.trainer else None


class SessionFilters(PageParams):
    program: DbId | None = None
    cohort: DbId | None = None
    course: DbId | None = None
    trainer: DbId | None = Field(None, description="User id of the trainer.")
    status: SessionStatus | None = None
    date_from: IsoDate | None = Field(None, alias="from", description="Starting on or after.")
    date_to: IsoDate | None = Field(None, alias="to", description="Starting on or before.")


def _sessions(user: Any) -> Any:
    return (
        Session.objects.visible_to(user)
        .select_related("course", "cohort", "trainer")
        .annotate(enrolled_count=Count("enrollments"))
    )


@router.get(
    "/sessions", response=responses(page_of(SessionOut, "SessionPage")), summary="List sessions"
)
def list_sessions(request: HttpRequest, filters: Query[SessionFilters]) -> Any:
    sessions = _sessions(user_of(request))
    lookups = {"program": "cohort__program_id", "cohort": "cohort_id", "course": "course_id",
               "trainer": "trainer_id", "status": "status"}  # fmt: skip
    for name, lookup in lookups.items():
        value = getattr(filters, name)
        if value:
            sessions = sessions.filter(**{lookup: value})
    if filters.date_from:
        sessions = sessions.filter(starts_at__date__gte=filters.date_from)
    if filters.date_to:
        sessions = sessions.filter(starts_at__date__lte=filters.date_to)
    return keyset_page(sessions, filters)


@router.get("/sessions/{session_id}", response=responses(SessionOut), summary="One session")
def get_session(request: HttpRequest, session_id: int) -> Any:
    return get_visible(_sessions(user_of(request)), session_id)


# Attendance


class AttendanceRowOut(Schema):
    enrollment_id: int
    person_id: int
    organization_id: int
    status: AttendanceStatus | None = Field(description="null until attendance is recorded.")
    recorded_at: datetime.datetime | None


class AttendanceSheetOut(Schema):
    session_id: int
    rows: list[AttendanceRowOut]


class AttendanceRowIn(Schema):
    person: int = Field(description="Id of a person enrolled in the session.")
    status: AttendanceStatus


class AttendanceSheetIn(Schema):
    rows: list[AttendanceRowIn] = Field(min_length=1, max_length=1000)


def _sheet(user: Any, session: Session) -> dict[str, Any]:
    """The session's enrolled people `user` may see, with their recorded attendance."""
    enrollments = (
        Enrollment.objects.visible_to(user)
        .filter(session=session)
        .select_related("attendance")
        .order_by("id")
    )
    rows = []
    for enrollment in enrollments:
        attendance = services._attendance_of(enrollment)
        rows.append(
            {
                "enrollment_id": enrollment.pk,
                "person_id": enrollment.person_id,
                "organization_id": enrollment.organization_id,
                "status": attendance.status if attendance else None,
                "recorded_at": attendance.recorded_at if attendance else None,
            }
        )
    return {"session_id": session.pk, "rows": rows}


@router.get(
    "/sessions/{session_id}/attendance",
    response=responses(AttendanceSheetOut),
    summary="A session's attendance sheet",
)
def get_attendance(request: HttpRequest, session_id: int) -> Any:
    user = user_of(request)
    session = get_visible(Session.objects.visible_to(user), session_id)
    return _sheet(user, session)  # type: ignore[arg-type]


@router.put(
    "/sessions/{session_id}/attendance",
    response=responses(AttendanceSheetOut),
    summary="Record a session's attendance (all rows or none)",
    description=(
        "Each row names an enrolled person and their status. Every row is checked "
        "before anything is written: one refused row and nothing is saved, and the "
        "error names the row. Same right as the attendance page: the program's staff "
        "and the session's trainer."
    ),
)
def put_attendance(request: HttpRequest, session_id: int, payload: AttendanceSheetIn) -> Any:
    user = user_of(request)
    session: Session = get_visible(  # type: ignore[assignment]
        Session.objects.visible_to(user).select_related("cohort"), session_id
    )
    if not permissions.can_record_attendance(user, session):
        raise forbidden()
    enrollment_of = dict(Enrollment.objects.filter(session=session).values_list("person_id", "pk"))
    repeated = Counter(row.person for row in payload.rows)
    details = []
    for index, row in enumerate(payload.rows):
        loc = ["body", "rows", index, "person"]
        names = {"row": index + 1, "person": row.person}
        if row.person not in enrollment_of:
            message = _("Row %(row)s: person %(person)s is not enrolled in this session.")
            details.append({"loc": loc, "code": "not_enrolled", "message": message % names})
        elif repeated[row.person] > 1:
            message = _("Row %(row)s: person %(person)s appears more than once.")
            details.append({"loc": loc, "code": "duplicate", "message": message % names})
    if details:
        raise ApiError(400, "invalid", _("The request is not valid: see the details."), details)
    statuses = {enrollment_of[row.person]: row.status.value for row in payload.rows}
    services.record_attendance(user, session, statuses)
    return _sheet(user, session)
