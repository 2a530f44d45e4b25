"""The support a cooperative received between two assessments, shown beside its scores
(two queries whatever the number of sessions or visits):

- training hours: the sum of the lengths (end minus start) of the training sessions
  whose status is "held", that took place between the two dates (both included, by
  local date), and where at least one person enrolled on behalf of the organization was
  marked present; each session counts once, however many of its members came;
- coaching visits: the number of visits recorded in the organization's coaching plans
  (any program, any coach) dated between the two dates, both included.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import DurationField, Exists, ExpressionWrapper, F, OuterRef, Sum

from tiwizi.coaching.models import Visit
from tiwizi.training.models import Attendance, AttendanceStatus, Session, SessionStatus


@dataclass(frozen=True)
class Support:
    start: datetime.date
    end: datetime.date
    training_hours: Decimal
    coaching_visits: int


def _hours(duration: datetime.timedelta | None) -> Decimal:
    if not duration:
        return Decimal("0.0")
    return (Decimal(duration.total_seconds()) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)


def training_hours(organization: Any, start: datetime.date, end: datetime.date) -> Decimal:
    attended = Attendance.objects.filter(
        enrollment__session=OuterRef("pk"),
        enrollment__organization=organization,
        status=AttendanceStatus.PRESENT,
    )
    length = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    total = (
        Session.objects.filter(
            status=SessionStatus.HELD, starts_at__date__gte=start, starts_at__date__lte=end
        )
        .filter(Exists(attended))
        .aggregate(duration=Sum(length))
    )
    return _hours(total["duration"])


def coaching_visits(organization: Any, start: datetime.date, end: datetime.date) -> int:
    return Visit.objects.filter(
        plan__organization=organization, date__gte=start, date__lte=end
    ).count()


def support_between(organization: Any, start: datetime.date, end: datetime.date) -> Support:
    return Support(
        start=start,
        end=end,
        training_hours=training_hours(organization, start, end),
        coaching_visits=coaching_visits(organization, start, end),
    )
