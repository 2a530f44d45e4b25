"""Everything that changes training records: one verb per change, one transaction each,
and an audit record of who changed what (shown as the history on detail pages).

Views, the API, imports and tests call these functions; none of them saves a training
model directly. Each raises `ValidationError` for a refused change, having saved nothing.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from tiwizi.core import audit
from tiwizi.core.models import AuditEntry
from tiwizi.programs.models import Cohort, Participation
from tiwizi.registry.models import Membership, Organization, Person
from tiwizi.training.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    Course,
    Enrollment,
    Session,
    SessionStatus,
    TrainerCalendar,
    new_certificate_code,
)

# Fields recorded in the history, in the order the history lists them.
COURSE_FIELDS = (
    "title_ar", "title_fr", "title_en", "objectives", "topics", "duration_hours",
    "languages", "is_active",
)  # fmt: skip
SESSION_FIELDS = (
    "course", "cohort", "starts_at", "ends_at", "commune", "venue", "trainer", "capacity",
    "status",
)  # fmt: skip
# Keys of the history entries that summarize several rows at once.
ENROLLMENTS_KEY = "enrollments"
ATTENDANCE_KEY = "attendance"

# Participations whose organization's members may be enrolled in the cohort's sessions:
# the organizations taking part (as programs counts them), not applicants or withdrawn.
ENROLLING_PARTICIPATIONS = (
    Participation.Status.SELECTED,
    Participation.Status.ACTIVE,
    Participation.Status.GRADUATED,
)


def _snapshot(instance: models.Model, fields: Iterable[str]) -> audit.Snapshot:
    """Values as stored, not as displayed: related records by id, choices by code,
    moments in ISO 8601 (UTC), lists comma-separated. training/history.py shows them in
    each reader's language, whoever made the change."""
    values: audit.Snapshot = {}
    for name in fields:
        model_field = instance._meta.get_field(name)
        raw = getattr(instance, model_field.attname)  # type: ignore[union-attr]
        if raw is None:
            values[name] = ""
        elif isinstance(raw, list):
            values[name] = ",".join(str(item) for item in raw)
        elif isinstance(raw, bool):
            values[name] = "true" if raw else "false"
        elif hasattr(raw, "isoformat"):
            values[name] = raw.isoformat()
        else:
            values[name] = str(raw)
    return values


def _assign(instance: models.Model, data: Mapping[str, Any], fields: Iterable[str]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


# Courses


def create_course(actor: Any, data: Mapping[str, Any]) -> Course:
    with transaction.atomic():
        course = Course()
        _assign(course, data, COURSE_FIELDS)
        course.full_clean()
        course.save()
        after = _snapshot(course, COURSE_FIELDS)
        audit.record_change(actor, course, AuditEntry.Action.CREATE, audit.diff({}, after))
    return course


def update_course(actor: Any, course: Course, data: Mapping[str, Any]) -> Course:
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        before = _snapshot(course, COURSE_FIELDS)
        _assign(course, data, COURSE_FIELDS)
        course.full_clean()
        course.save()
        changes = audit.diff(before, _snapshot(course, COURSE_FIELDS))
        if changes:
            audit.record_change(actor, course, AuditEntry.Action.UPDATE, changes)
    return course


# Sessions


def schedule_session(actor: Any, data: Mapping[str, Any]) -> Session:
    """Plan a session of a course for a cohort (status "planned")."""
    with transaction.atomic():
        session = Session(status=SessionStatus.PLANNED)
        _assign(session, data, [f for f in SESSION_FIELDS if f != "status"])
        if Course.objects.filter(pk=session.course_id, is_active=False).exists():
            raise ValidationError({"course": _("This course is no longer active.")})
        session.full_clean()
        session.save()
        after = _snapshot(session, SESSION_FIELDS)
        audit.record_change(actor, session, AuditEntry.Action.CREATE, audit.diff({}, after))
    return session


def update_session(actor: Any, session: Session, data: Mapping[str, Any]) -> Session:
    """Change a session's course, dates, place, trainer or capacity (not its status:
    attendance makes it held, cancel_session cancels it)."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise ValidationError(_("This session is cancelled and can no longer be changed."))
        before = _snapshot(session, SESSION_FIELDS)
        enrolled = session.enrollments.count()
        _assign(session, data, [f for f in SESSION_FIELDS if f != "status"])
        if enrolled and str(session.cohort_id) != before["cohort"]:
            raise ValidationError(
                {"cohort": _("People are enrolled: the session cannot move to another cohort.")}
            )
        if session.capacity is not None and session.capacity < enrolled:
            raise ValidationError(
                {
                    "capacity": ngettext(
                        "%(count)s person is already enrolled: the capacity cannot be lower.",
                        "%(count)s people are already enrolled: the capacity cannot be lower.",
                        enrolled,
                    )
                    % {"count": enrolled}
                }
            )
        session.full_clean()
        session.save()
        changes = audit.diff(before, _snapshot(session, SESSION_FIELDS))
        if changes:
            audit.record_change(actor, session, AuditEntry.Action.UPDATE, changes)
    return session


def cancel_session(actor: Any, session: Session) -> Session:
    """Cancel a session; refused once attendance is recorded (it took place)."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            return session
        if Attendance.objects.filter(enrollment__session=session).exists():
            raise ValidationError(
                _("Attendance has been recorded for this session: it cannot be cancelled.")
            )
        before = _snapshot(session, SESSION_FIELDS)
        session.status = SessionStatus.CANCELLED
        session.save(update_fields=["status", "updated_at"])
        changes = audit.diff(before, _snapshot(session, SESSION_FIELDS))
        audit.record_change(actor, session, AuditEntry.Action.UPDATE, changes)
    return session


# Enrollments


def enrollable_memberships(session: Session) -> Any:
    """Current memberships of people who may be enrolled: members of the organizations
    taking part in the session's cohort (selected, active or graduated), not archived,
    not yet enrolled."""
    organizations = Participation.objects.filter(
        cohort_id=session.cohort_id, status__in=ENROLLING_PARTICIPATIONS
    ).values("organization_id")
    return (
        Membership.objects.current()
        .filter(
            organization_id__in=organizations,
            organization__archived_at__isnull=True,
            person__archived_at__isnull=True,
        )
        .exclude(person_id__in=session.enrollments.values("person_id"))
    )


def enroll_people(
    actor: Any, session: Session, people: Iterable[tuple[Person, Organization]]
) -> list[Enrollment]:
    """Enroll each (person, organization they represent) in the session, all or none.

    Each person must be a current member of the organization, the organization must take
    part in the session's cohort, nobody may be enrolled twice, and the session's
    capacity holds.
    """
    pairs = [(person.pk, organization.pk) for person, organization in people]
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        if session.is_cancelled:
            raise ValidationError(_("This session is cancelled: nobody can be enrolled."))
        if not pairs:
            raise ValidationError(_("Choose at least one person to enroll."))
        counts = Counter(person_id for person_id, _org in pairs)
        if any(count > 1 for count in counts.values()):
            raise ValidationError(_("A person can be enrolled only once in a session."))
        allowed = set(
            enrollable_memberships(session)
            .filter(person_id__in=counts)
            .values_list("person_id", "organization_id")
        )
        refused = [pair for pair in pairs if pair not in allowed]
        if refused:
            names = Person.objects.filter(pk__in=[p for p, _o in refused])
            raise ValidationError(
                _(
                    "These people cannot be enrolled for this organization (not a current "
                    "member of an organization of the cohort, or already enrolled): %(names)s."
                )
                % {
                    "names": pgettext("list separator", ", ").join(
                        sorted(str(person) for person in names)
                    )
                }
            )
        already = session.enrollments.count()
        if already + len(pairs) > session.capacity:
            raise ValidationError(
                _("Places left in this session: %(free)s. People chosen: %(count)s.")
                % {"free": max(session.capacity - already, 0), "count": len(pairs)}
            )
        enrolled_by = actor if getattr(actor, "is_authenticated", False) else None
        try:
            enrollments = Enrollment.objects.bulk_create(
                Enrollment(session=session, person_id=p, organization_id=o, enrolled_by=enrolled_by)
                for p, o in pairs
            )
        except IntegrityError as error:  # enrolled at the same moment by someone else
            raise ValidationError(
                _("Some of these people were just enrolled: try again.")
            ) from error
        changes = {ENROLLMENTS_KEY: [str(already), str(already + len(pairs))]}
        audit.record_change(actor, session, AuditEntry.Action.UPDATE, changes)
    return enrollments


def unenroll(actor: Any, enrollment: Enrollment) -> None:
    """Take a person off a session; refused once their attendance is recorded."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=enrollment.session_id)
        enrollment = Enrollment.objects.get(pk=enrollment.pk)
        if Attendance.objects.filter(enrollment=enrollment).exists():
            raise ValidationError(
                _("Attendance is recorded for this person: they cannot be taken off the session.")
            )
        before = session.enrollments.count()
        enrollment.delete()
        changes = {ENROLLMENTS_KEY: [str(before), str(before - 1)]}
        audit.record_change(actor, session, AuditEntry.Action.UPDATE, changes)


# Attendance


def attendance_summary(session: Session) -> str:
    """'present:12,excused:1,unexcused:2' — how the history stores a sheet's totals."""
    counts = dict(
        Attendance.objects.filter(enrollment__session=session)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return ",".join(f"{status}:{counts.get(status, 0)}" for status in AttendanceStatus.values)


def record_attendance(actor: Any, session: Session, statuses: Mapping[Any, str]) -> int:
    """Record a whole attendance sheet, {enrollment id: status}, in one transaction.

    Every row is checked before anything is written, and the writes happen in one
    transaction: a refused or failing sheet leaves the stored attendance as it was.
    Attendance can be recorded once a session has started; recording it marks a planned
    session as held (a session that has started and has an attendance sheet took place).
    Returns the number of rows written (unchanged rows are not rewritten).
    """
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise ValidationError(_("This session is cancelled: attendance cannot be recorded."))
        if not session.has_started:
            raise ValidationError(
                _("This session has not started yet: record attendance once it has begun.")
            )
        enrollments = {
            enrollment.pk: enrollment
            for enrollment in session.enrollments.select_related("attendance", "person")
        }
        rows: list[tuple[Enrollment, str]] = []
        errors: list[ValidationError] = []
        for raw_id, status in statuses.items():
            enrollment_id = int(raw_id) if str(raw_id).isdecimal() else None
            enrollment = enrollments.get(enrollment_id) if enrollment_id else None
            if enrollment is None:
                errors.append(
                    ValidationError(
                        _("Enrollment %(id)s is not part of this session.") % {"id": raw_id}
                    )
                )
            elif status not in AttendanceStatus.values:
                errors.append(
                    ValidationError(
                        _("%(person)s: choose present, excused absence or unexcused absence.")
                        % {"person": enrollment.person}
                    )
                )
            else:
                rows.append((enrollment, status))
        if errors:
            raise ValidationError(errors)

        before = attendance_summary(session)
        now = timezone.now()
        recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        to_create, to_update = [], []
        for enrollment, status in rows:
            existing = _attendance_of(enrollment)
            if existing is None:
                to_create.append(
                    Attendance(
                        enrollment=enrollment, status=status, recorded_by=recorded_by,
                        recorded_at=now,
                    )
                )  # fmt: skip
            elif existing.status != status:
                existing.status, existing.recorded_by, existing.recorded_at = (
                    status, recorded_by, now,
                )  # fmt: skip
                to_update.append(existing)
        Attendance.objects.bulk_create(to_create)
        Attendance.objects.bulk_update(to_update, ["status", "recorded_by", "recorded_at"])

        session_before = _snapshot(session, ["status"])
        if session.status == SessionStatus.PLANNED:
            session.status = SessionStatus.HELD
            session.save(update_fields=["status", "updated_at"])
        changes = audit.diff(session_before, _snapshot(session, ["status"]))
        after = attendance_summary(session)
        if after != before:
            changes[ATTENDANCE_KEY] = [before, after]
        if changes:
            audit.record_change(actor, session, AuditEntry.Action.UPDATE, changes)
    return len(to_create) + len(to_update)


def _attendance_of(enrollment: Enrollment) -> Attendance | None:
    try:
        return enrollment.attendance
    except Attendance.DoesNotExist:
        return None


# Certificates


def minimum_attendance() -> Fraction:
    """The share of held sessions to attend, exactly (0.75 -> 3/4): no float rounding."""
    return Fraction(str(getattr(settings, "TIWIZI_CERTIFICATE_MIN_ATTENDANCE", 0.75)))


def qualifying_people(course: Course, cohort: Cohort) -> list[int]:
    """Ids of the people who earn the certificate of `course` within `cohort`.

    The rule: a person qualifies when they were present at least
    settings.TIWIZI_CERTIFICATE_MIN_ATTENDANCE (a share, 0.75 by default) of the
    course's HELD sessions in that cohort. Planned and cancelled sessions do not count;
    excused absences count as absences. With no held session, nobody qualifies.
    Two queries, whatever the number of people.
    """
    held = Session.objects.filter(course=course, cohort=cohort, status=SessionStatus.HELD)
    held_count = held.count()
    if not held_count:
        return []
    needed = max(1, math.ceil(minimum_attendance() * held_count))
    return list(
        Attendance.objects.filter(enrollment__session__in=held, status=AttendanceStatus.PRESENT)
        .values("enrollment__person_id")
        .annotate(present=Count("pk"))
        .filter(present__gte=needed)
        .order_by("enrollment__person_id")
        .values_list("enrollment__person_id", flat=True)
    )


def issue_certificates(actor: Any, course: Course, cohort: Cohort) -> list[Certificate]:
    """Create the missing certificates of everyone who qualifies; returns the new ones.

    Idempotent: people who already hold the certificate are skipped. Refused while a
    session of the course in the cohort is still planned: its attendance could change
    who qualifies (record it, or cancel the session, first).
    """
    with transaction.atomic():
        # One issuer at a time per cohort: two clicks must not race each other.
        Cohort.objects.select_for_update().get(pk=cohort.pk)
        planned = Session.objects.filter(
            course=course, cohort=cohort, status=SessionStatus.PLANNED
        ).count()
        if planned:
            raise ValidationError(
                ngettext(
                    # Same message as certificate_issue.html, so one translation serves both.
                    "%(counter)s session of this course is still planned in this cohort: "
                    "record its attendance or cancel it before issuing certificates.",
                    "%(counter)s sessions of this course are still planned in this cohort: "
                    "record their attendance or cancel them before issuing certificates.",
                    planned,
                )
                % {"counter": planned}
            )
        qualified = set(qualifying_people(course, cohort))
        holders = set(
            Certificate.objects.filter(course=course, cohort=cohort).values_list(
                "person_id", flat=True
            )
        )
        issued_by = actor if getattr(actor, "is_authenticated", False) else None
        created = []
        for person_id in sorted(qualified - holders):
            certificate = Certificate(
                person_id=person_id, course=course, cohort=cohort, issued_by=issued_by,
                code=_unused_code(),
            )  # fmt: skip
            certificate.save()
            after = _snapshot(certificate, ["person", "course", "cohort", "code"])
            audit.record_change(actor, certificate, AuditEntry.Action.CREATE, audit.diff({}, after))
            created.append(certificate)
    return created


def _unused_code() -> str:
    # 32**10 codes: a clash is all but impossible, but cheap to rule out.
    while True:
        code = new_certificate_code()
        if not Certificate.objects.filter(code=code).exists():
            return code


# Trainers' calendar feeds


def calendar_for(user: Any) -> TrainerCalendar:
    """The user's calendar link, created the first time they ask for it."""
    with transaction.atomic():
        calendar, _created = TrainerCalendar.objects.get_or_create(
            user=user, defaults={"token": TrainerCalendar.new_token()}
        )
    return calendar


def regenerate_calendar(user: Any) -> TrainerCalendar:
    """A new secret link: the old one stops working (when it was shared by mistake)."""
    with transaction.atomic():
        calendar = calendar_for(user)
        calendar.token = TrainerCalendar.new_token()
        calendar.save(update_fields=["token"])
    return calendar
