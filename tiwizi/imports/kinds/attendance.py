"""Attendance of people enrolled in training sessions (a sign-in sheet typed up).

A row names a session by its Tiwizi ID and a person by Tiwizi ID, national ID (CIN) or
phone; that person must be enrolled in the session. The same session and person twice is
a repeated row. Only sessions the user may record attendance for, that have started and
are not cancelled, are accepted; recording attendance marks a planned session as held,
as the attendance sheet does.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiwizi.accounts.models import Role
from tiwizi.imports.cells import CellError, Choices, parse_int, parse_phone
from tiwizi.imports.kinds.base import (
    Column,
    Context,
    ImportKind,
    Plan,
    Row,
    chunked,
    fetch_by,
    label_of,
)
from tiwizi.imports.kinds.people import _parse_cin
from tiwizi.imports.kinds.records import RecordPlan, settle, write_records
from tiwizi.imports.readers import Table
from tiwizi.registry.exports import ID_LABEL, ORGANIZATION_LABEL
from tiwizi.registry.models import Person

ATTENDANCE_SYNONYMS = {"p": "present", "x": "present", "1": "present", "a": "unexcused",
                       "0": "unexcused", "absent": "unexcused", "غائب": "unexcused",
                       "حاضر": "present", "présente": "present"}  # fmt: skip


def attendance_labels() -> dict[str, Any]:
    """The headers the attendance export shares with this import."""
    from tiwizi.training.models import Attendance, Enrollment

    return {
        "session": label_of(Enrollment, "session"),
        "id": ID_LABEL,
        "name": gettext_lazy("Name"),
        "organization": ORGANIZATION_LABEL,
        "status": label_of(Attendance, "status"),
    }


class AttendanceKind(ImportKind):
    slug = "attendance"
    title = gettext_lazy("Session attendance")
    description = gettext_lazy(
        "Who came to training sessions: one row per session and enrolled person."
    )

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        from tiwizi.training.models import AttendanceStatus

        labels = attendance_labels()
        return [
            Column("session", labels["session"], required=True, example=1, as_text=True),
            Column("id", labels["id"], as_text=True),
            Column(
                "national_id", label_of(Person, "national_id"), example="JB123456", as_text=True
            ),
            Column("phone", label_of(Person, "phone"), as_text=True),
            # Read by people, not by the import: whose row it is.
            Column("name", labels["name"], example="Fatima Aït Ali"),
            Column("organization", labels["organization"]),
            Column("status", labels["status"], required=True,
                   example=AttendanceStatus.PRESENT.label,
                   choices=lambda: Choices(AttendanceStatus.choices).labels()),
        ]  # fmt: skip

    def may_import(self, user: Any) -> bool:
        return bool(user.is_authenticated) and user.has_role(Role.PROGRAM_MANAGER, Role.TRAINER)

    def plan(self, table: Table, context: Context) -> Plan:
        from tiwizi.training import permissions
        from tiwizi.training.models import Attendance, AttendanceStatus, Enrollment, Session

        plan = RecordPlan()
        rows = list(self.rows(table, plan, context))
        statuses = Choices(AttendanceStatus.choices, ATTENDANCE_SYNONYMS)
        session_ids = {int(row.raw("session")) for row in rows if str(row.raw("session")).isdigit()}
        sessions = {
            session.pk: session
            for batch in chunked(sorted(session_ids))
            for session in Session.objects.visible_to(context.user)
            .select_related("cohort")
            .filter(pk__in=batch)
        }
        recordable = {
            pk for pk, session in sessions.items()
            if permissions.can_record_attendance(context.user, session)
        }  # fmt: skip
        enrollments: dict[tuple[int, int], Any] = {}
        for batch in chunked(sorted(recordable)):
            for found in Enrollment.objects.filter(session_id__in=batch).select_related(
                "attendance"
            ):
                enrollments[(found.session_id, found.person_id)] = found
        people = Person.objects.only("id", "national_id", "phone")
        by_id = fetch_by(
            people, "id", {int(r.raw("id")) for r in rows if str(r.raw("id")).isdigit()}
        )
        by_cin = fetch_by(people, "national_id", {str(r.raw("national_id")).upper() for r in rows})
        phones = set()
        for row in rows:
            with contextlib.suppress(CellError):
                phones.add(parse_phone(row.raw("phone")))
        by_phone = fetch_by(people, "phone", phones)
        seen: dict[tuple[int, int], int] = {}
        now = timezone.now()
        for row in rows:
            session_id = row.parse("session", parse_int, 1)
            status = row.parse("status", statuses.parse)
            if status == "":
                row.require("status", status)
            person_ids = self._person(row, by_id, by_cin, by_phone)
            if session_id is None or not status or person_ids is None:
                if session_id is None and row.raw("session") == "":
                    row.require("session", "")
                continue
            session = sessions.get(session_id)
            if session is None or session_id not in recordable:
                row.error(
                    "session",
                    _("There is no session with this ID whose attendance you may record."),
                )
                continue
            if session.is_cancelled:
                row.error("session", _("This session is cancelled: attendance cannot be recorded."))
                continue
            if not session.has_started:
                row.error(
                    "session",
                    _("This session has not started yet: record attendance once it has begun."),
                )
                continue
            enrollment: Any = next(
                (
                    enrollments[(session_id, p)]
                    for p in person_ids
                    if (session_id, p) in enrollments
                ),
                None,
            )
            if enrollment is None:
                row.error(
                    self._person_column(row), _("This person is not enrolled in this session.")
                )
                continue
            pair = (session_id, enrollment.person_id)
            if pair in seen:
                row.error(
                    self._person_column(row),
                    _("This row repeats row %(row)s (same session and person).")
                    % {"row": seen[pair]},
                )
                continue
            seen[pair] = row.number
            existing = getattr(enrollment, "attendance", None)
            new = Attendance(
                enrollment=enrollment, status=status, recorded_by=context.user, recorded_at=now
            )
            values = {"status": status}
            if existing is not None and existing.status != status:
                values |= {"recorded_by_id": context.user.pk, "recorded_at": now}
            settle(plan, context, existing, new, values)
        plan.sessions = {  # type: ignore[attr-defined]
            instance.enrollment.session_id  # type: ignore[attr-defined]
            for instance in plan.to_create + plan.to_update
        }
        return plan

    def _person(
        self,
        row: Row,
        by_id: dict[Any, list[Person]],
        by_cin: dict[Any, list[Person]],
        by_phone: dict[Any, list[Person]],
    ) -> list[int] | None:
        """Ids of the people the row may mean (checked against the enrollments)."""
        if row.raw("id") != "":
            person_id = row.parse("id", parse_int, 1)
            if person_id is None:
                return None
            if person_id not in by_id:
                row.error("id", _("There is no person with this Tiwizi ID."))
                return None
            return [person_id]
        if row.raw("national_id") != "":
            cin = row.parse("national_id", _parse_cin)
            return [person.pk for person in by_cin.get(cin, [])] if cin else None
        if row.raw("phone") != "":
            phone = row.parse("phone", parse_phone)
            return [person.pk for person in by_phone.get(phone, [])] if phone else None
        row.error("id", _("Give the person's Tiwizi ID, national ID (CIN) or phone."))
        return None

    def _person_column(self, row: Row) -> str:
        return next((name for name in ("id", "national_id", "phone") if row.raw(name) != ""), "id")

    def write(self, plan: Plan, context: Context) -> dict[str, list[int]]:
        from tiwizi.training.models import Attendance, Session, SessionStatus

        assert isinstance(plan, RecordPlan)
        created = write_records(Attendance, plan, set())
        sessions: set[int] = getattr(plan, "sessions", set())
        if sessions:
            Session.objects.filter(pk__in=sessions, status=SessionStatus.PLANNED).update(
                status=SessionStatus.HELD, updated_at=timezone.now()
            )
        return {"training.attendance": created}
