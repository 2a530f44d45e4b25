"""Training figures on the program page, on a small dataset built by hand."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tiwizi.programs.figures import program_figures
from tiwizi.programs.models import Cohort, PartnerRole, Program
from tiwizi.registry.models import Membership, Person
from tiwizi.training import services
from tiwizi.training.figures import training_figures
from tiwizi.training.tests.helpers import enroll, moment

KEYS = [
    "sessions_held", "training_hours", "people_trained", "people_trained_women",
    "people_trained_men", "people_trained_youth", "attendance_rate",
]  # fmt: skip


def _person(cooperative, first_name, sex, age):
    person = Person.objects.create(
        first_name_latin=first_name, last_name_latin="Test", sex=sex,
        birth_year=timezone.localdate().year - age,
    )  # fmt: skip
    Membership.objects.create(person=person, organization=cooperative)
    return person


def _sheet(trainer, session, marks):
    by_person = {e.person_id: e.pk for e in session.enrollments.all()}
    services.record_attendance(
        trainer, session, {by_person[p.pk]: status for p, status in marks.items()}
    )


@pytest.fixture
def dataset(make_session, trainer, program_manager, cooperative):
    amina = _person(cooperative, "Amina", "female", 30)  # youth
    brahim = _person(cooperative, "Brahim", "male", 45)
    chama = _person(cooperative, "Chama", "female", 66)
    driss = _person(cooperative, "Driss", "male", 25)  # youth, never present
    essaid = _person(cooperative, "Essaid", "male", 35)  # 35 this year: not youth

    first = make_session(starts_at=moment(-10, 9))  # 09:00-12:00: 3 hours
    second = make_session(
        starts_at=moment(-5, 14), ends_at=moment(-5, 14) + datetime.timedelta(hours=2.5)
    )
    cancelled = make_session(days=-3, hours=4)
    make_session(days=4, hours=6)  # planned, in the future

    enroll(first, [amina, brahim, chama, driss], cooperative)
    _sheet(trainer, first, {amina: "present", brahim: "present", chama: "excused",
                            driss: "unexcused"})  # fmt: skip
    enroll(second, [amina, brahim, chama, essaid], cooperative)
    _sheet(trainer, second, {amina: "present", brahim: "unexcused", chama: "present",
                             essaid: "present"})  # fmt: skip
    enroll(cancelled, [driss], cooperative)
    services.cancel_session(program_manager, cancelled)
    return first.cohort.program


def _values(figures):
    return {figure.key: figure.value for figure in figures}


def test_training_figures_on_a_hand_built_program(dataset):
    values = _values(training_figures(dataset))
    assert values == {
        "sessions_held": 2,
        "training_hours": Decimal("5.5"),
        "people_trained": 4,  # Amina, Brahim, Chama, Essaid
        "people_trained_women": 2,
        "people_trained_men": 2,
        "people_trained_youth": 1,  # Amina (Driss was never present, Essaid is 35)
        "attendance_rate": Decimal("62.5"),  # 5 present of 8 marks
    }
    assert [f.key for f in training_figures(dataset)] == KEYS


def test_training_figures_take_two_queries(dataset):
    with CaptureQueriesContext(connection) as queries:
        training_figures(dataset)
    assert len(queries.captured_queries) == 2


def test_training_figures_ignore_other_programs(dataset, ngo, course, commune, trainer,
                                                program_manager, cooperative):  # fmt: skip
    today = timezone.localdate()
    other = Program.objects.create(
        name_fr="Autre programme", start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=30),
    )  # fmt: skip
    PartnerRole.objects.create(program=other, organization=ngo, role="implementer")
    cohort = Cohort.objects.create(program=other, name="A", start_date=other.start_date,
                                   end_date=other.end_date)  # fmt: skip
    session = services.schedule_session(program_manager, {
        "course": course, "cohort": cohort, "starts_at": moment(-1),
        "ends_at": moment(-1) + datetime.timedelta(hours=8), "commune": commune,
        "trainer": trainer, "capacity": 10,
    })  # fmt: skip
    stranger = _person(cooperative, "Farid", "male", 20)
    cohort.participations.create(organization=cooperative, status="active")
    enroll(session, [stranger], cooperative)
    _sheet(trainer, session, {stranger: "present"})
    assert _values(training_figures(dataset))["people_trained"] == 4
    assert _values(training_figures(other)) == {
        "sessions_held": 1, "training_hours": Decimal("8.0"), "people_trained": 1,
        "people_trained_women": 0, "people_trained_men": 1, "people_trained_youth": 1,
        "attendance_rate": Decimal("100.0"),
    }  # fmt: skip


def test_a_program_without_training_has_zeros_and_no_rate(program):
    values = _values(training_figures(program))
    assert values["sessions_held"] == 0
    assert values["training_hours"] == Decimal("0.0")
    assert values["people_trained"] == 0
    assert values["attendance_rate"] == "—"


def test_training_figures_are_registered_for_the_program_page(dataset):
    keys = [figure.key for figure in program_figures(dataset)]
    assert all(key in keys for key in KEYS)
