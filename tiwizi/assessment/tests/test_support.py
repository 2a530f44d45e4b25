"""Training hours and coaching visits a cooperative received between its baseline and
its latest assessment, beside its scores."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tiwizi.assessment.models import Assessment
from tiwizi.assessment.support import support_between
from tiwizi.assessment.tests.conftest import BASELINE_DAY, FOLLOW_UP_DAY
from tiwizi.coaching.models import CoachingPlan, Visit
from tiwizi.geo.models import Commune
from tiwizi.registry.models import Person
from tiwizi.training.models import Attendance, Course, Enrollment, Session

_numbers = itertools.count()


@pytest.fixture
def course(db):
    return Course.objects.create(title_fr="Comptabilité coopérative", duration_hours=12)


@pytest.fixture
def commune(db):
    return Commune.objects.order_by("code").first()


@pytest.fixture
def session_for(cohort, course, commune, cooperative):
    """A session on `day`, lasting `hours`, with people of `organization` marked."""

    def make(day, hours, *, organization=cooperative, status="held", marks=("present",)):
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
        session = Session.objects.create(
            course=course, cohort=cohort, commune=commune, capacity=20, status=status,
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours),
        )  # fmt: skip
        for mark in marks:
            person = Person.objects.create(
                first_name_latin="Fatima", last_name_latin=f"N{next(_numbers)}", sex="female"
            )
            enrollment = Enrollment.objects.create(
                session=session, person=person, organization=organization
            )
            Attendance.objects.create(enrollment=enrollment, status=mark)
        return session

    return make


@pytest.fixture
def plan(program, cooperative, trainer):
    return CoachingPlan.objects.create(
        program=program, organization=cooperative, coach=trainer,
        start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 12, 31),
    )  # fmt: skip


def _visit(plan, day):
    return Visit.objects.create(plan=plan, date=day, duration_minutes=90, topics="Comptes")


def test_training_hours_sum_held_sessions_attended_between_the_dates(
    cooperative, other_cooperative, session_for
):
    session_for(datetime.date(2025, 4, 2), 3)  # counted: 3 h
    session_for(datetime.date(2025, 6, 10), 4.5, marks=("present", "present"))  # once: 4.5 h
    session_for(datetime.date(2025, 7, 1), 2, marks=("excused", "unexcused"))  # nobody came
    session_for(datetime.date(2025, 8, 1), 5, status="planned")  # not held
    session_for(datetime.date(2025, 9, 1), 6, status="cancelled")  # not held
    session_for(datetime.date(2025, 3, 9), 2)  # before the baseline
    session_for(datetime.date(2026, 3, 11), 2)  # after the latest assessment
    session_for(datetime.date(2025, 10, 1), 8, organization=other_cooperative)  # someone else
    session_for(BASELINE_DAY, 1.5)  # on the baseline day: included
    support = support_between(cooperative, BASELINE_DAY, FOLLOW_UP_DAY)
    assert support.training_hours == Decimal("9.0")  # 3 + 4.5 + 1.5


def test_coaching_visits_count_the_organizations_plans_between_the_dates(
    cooperative, plan, program, other_cooperative, trainer
):
    for day in (
        BASELINE_DAY,
        datetime.date(2025, 5, 5),
        datetime.date(2025, 11, 20),
        FOLLOW_UP_DAY,
    ):
        _visit(plan, day)
    _visit(plan, datetime.date(2025, 1, 15))  # before
    _visit(plan, datetime.date(2026, 6, 1))  # after
    elsewhere = CoachingPlan.objects.create(
        program=program, organization=other_cooperative, coach=trainer,
        start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 12, 31),
    )  # fmt: skip
    _visit(elsewhere, datetime.date(2025, 5, 5))
    assert support_between(cooperative, BASELINE_DAY, FOLLOW_UP_DAY).coaching_visits == 4


def test_support_takes_two_queries_whatever_the_number_of_sessions_and_visits(
    cooperative, session_for, plan
):
    def queries():
        with CaptureQueriesContext(connection) as context:
            support_between(cooperative, BASELINE_DAY, FOLLOW_UP_DAY)
        return len(context.captured_queries)

    session_for(datetime.date(2025, 4, 2), 3)
    _visit(plan, datetime.date(2025, 5, 5))
    few = queries()
    for month in range(4, 12):
        session_for(datetime.date(2025, month, 15), 2, marks=("present", "present", "excused"))
        _visit(plan, datetime.date(2025, month, 16))
    assert queries() == few == 2


def test_the_results_page_shows_the_support_between_baseline_and_latest(
    client_for, program_manager, cooperative, participation, make_assessment, session_for, plan
):
    make_assessment(cooperative, 1)
    make_assessment(cooperative, 3, kind=Assessment.Kind.FOLLOW_UP, date=FOLLOW_UP_DAY)
    session_for(datetime.date(2025, 4, 2), 6)
    _visit(plan, datetime.date(2025, 5, 5))
    _visit(plan, datetime.date(2025, 9, 5))
    response = client_for(program_manager).get(
        reverse("assessment:organization", args=[cooperative.pk])
    )
    html = response.content.decode()
    assert response.context["support"].training_hours == Decimal("6.0")
    assert response.context["support"].coaching_visits == 2
    assert 'data-figure="training-hours">6.0<' in html
    assert 'data-figure="coaching-visits">2<' in html
    assert "Between the baseline (10/03/2025) and the latest assessment (10/03/2026)." in html
