"""Training figures on a program page (registered with programs.figures in apps.py).

Definitions, all over the program's sessions whose status is "held":
- sessions_held: their number;
- training_hours: the sum of their durations (end minus start; a session is one day's
  training), in hours with one decimal — hours delivered, whatever the number of people;
- people_trained: distinct people marked present at one of them at least, and of whom
  women, men, and youth (born after the current year minus 35, i.e. under 35 this year);
- attendance_rate: present marks over all recorded marks (excused and unexcused
  absences count as absences), a percentage with one decimal; "—" when none is recorded.

Two queries, whatever the size of the program.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiwizi.programs.figures import Figure
from tiwizi.registry.models import YOUTH_MAX_AGE
from tiwizi.training.models import Attendance, AttendanceStatus, Session, SessionStatus

ONE_DECIMAL = Decimal("0.1")


def _hours(duration: timedelta | None) -> Decimal:
    if not duration:
        return Decimal("0.0")
    return (Decimal(duration.total_seconds()) / 3600).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def training_figures(program: Any) -> list[Figure]:
    held = Session.objects.filter(cohort__program=program, status=SessionStatus.HELD)
    length = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    sessions = held.aggregate(count=Count("pk"), duration=Sum(length))

    present = Q(status=AttendanceStatus.PRESENT)
    youth_born_after = timezone.localdate().year - YOUTH_MAX_AGE

    def people(condition: Q | None = None) -> Count:
        return Count("enrollment__person", filter=present & (condition or Q()), distinct=True)

    marks = Attendance.objects.filter(
        enrollment__session__cohort__program=program,
        enrollment__session__status=SessionStatus.HELD,
    ).aggregate(
        recorded=Count("pk"),
        present=Count("pk", filter=present),
        people=people(),
        women=people(Q(enrollment__person__sex="female")),
        men=people(Q(enrollment__person__sex="male")),
        youth=people(Q(enrollment__person__birth_year__gt=youth_born_after)),
    )
    rate: Decimal | str = "—"
    if marks["recorded"]:
        rate = (Decimal(100 * marks["present"]) / marks["recorded"]).quantize(
            ONE_DECIMAL, ROUND_HALF_UP
        )
    return [
        Figure("sessions_held", _("Training sessions held"), sessions["count"]),
        Figure(
            "training_hours",
            _("Training hours delivered"),
            _hours(sessions["duration"]),
            _("Sum of the lengths of the sessions held."),
        ),
        Figure(
            "people_trained",
            _("People trained"),
            marks["people"],
            _("Present at one held session at least."),
        ),
        Figure("people_trained_women", _("People trained: women"), marks["women"]),
        Figure("people_trained_men", _("People trained: men"), marks["men"]),
        Figure(
            "people_trained_youth",
            _("People trained: under 35"),
            marks["youth"],
        ),
        Figure(
            "attendance_rate",
            _("Attendance rate (%)"),
            rate,
            _("Present marks over all attendance recorded in held sessions."),
        ),
    ]
