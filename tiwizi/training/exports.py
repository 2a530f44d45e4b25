"""Columns of the session list and attendance sheet exports.

The attendance headers are those of the attendance import (tiwizi.imports), so that a
sheet exported, filled in and imported again records exactly what was filled in.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiwizi.core.spreadsheets import Column
from tiwizi.registry.exports import ID_LABEL, ORGANIZATION_LABEL, field_label
from tiwizi.training.models import Attendance, Enrollment, Session


def _local(value: Any) -> Any:
    return timezone.localtime(value) if value else None


def session_columns() -> list[Column]:
    return [
        Column(ID_LABEL, lambda session: session.pk),
        Column(field_label(Session, "course"), lambda session: session.course.title),
        Column(_("Date"), lambda session: _local(session.starts_at).date()),
        Column(
            field_label(Session, "starts_at"), lambda session: f"{_local(session.starts_at):%H:%M}"
        ),
        Column(field_label(Session, "ends_at"), lambda session: f"{_local(session.ends_at):%H:%M}"),
        Column(_("Program"), lambda session: session.cohort.program.name),
        Column(field_label(Session, "cohort"), lambda session: session.cohort.name),
        Column(field_label(Session, "commune"), lambda session: session.commune.name),
        Column(field_label(Session, "venue"), lambda session: session.venue),
        Column(
            field_label(Session, "trainer"),
            lambda session: session.trainer.full_name if session.trainer_id else "",
        ),
        Column(field_label(Session, "capacity"), lambda session: session.capacity),
        Column(_("Enrolled"), lambda session: session.enrolled_count),
        Column(field_label(Session, "status"), lambda session: session.get_status_display()),
    ]


def attendance_columns() -> list[Column]:
    """One row per enrolled person the reader sees, with the recorded status if any."""

    def status(enrollment: Enrollment) -> str:
        attendance = getattr(enrollment, "attendance", None)
        return attendance.get_status_display() if attendance else ""

    def person_name(enrollment: Enrollment) -> str:
        return enrollment.person.full_name

    return [
        Column(field_label(Enrollment, "session"), lambda enrollment: enrollment.session_id),
        Column(ID_LABEL, lambda enrollment: enrollment.person_id),
        Column(_("Name"), person_name),
        Column(ORGANIZATION_LABEL, lambda enrollment: enrollment.organization.name),
        Column(field_label(Attendance, "status"), status),
    ]
