"""Training services: what they refuse, all-or-nothing, and what they record."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tiwizi.core.audit import history_for
from tiwizi.programs.models import Participation
from tiwizi.registry.models import Membership
from tiwizi.training import services
from tiwizi.training.models import Course, Enrollment, Session
from tiwizi.training.tests.helpers import add_members, enroll, moment


def test_a_course_needs_a_title_in_one_language(program_manager):
    with pytest.raises(ValidationError) as error:
        services.create_course(program_manager, {"duration_hours": Decimal("3")})
    assert "title_fr" in error.value.message_dict
    course = services.create_course(
        program_manager, {"title_ar": "تسويق المنتجات", "duration_hours": Decimal("3")}
    )
    assert course.title == "تسويق المنتجات"  # French readers fall back to Arabic


def test_course_languages_are_codes_from_the_list(program_manager):
    with pytest.raises(ValidationError) as error:
        services.create_course(
            program_manager,
            {"title_fr": "Hygiène", "duration_hours": Decimal("2"), "languages": ["klingon"]},
        )
    assert "languages" in error.value.message_dict


def test_course_changes_are_recorded(program_manager, course):
    services.update_course(program_manager, course, {"duration_hours": Decimal("15"),
                                                     "languages": ["ar", "fr"]})  # fmt: skip
    entry = history_for(course).first()
    assert entry.changes["duration_hours"] == ["12.0", "15"]
    assert entry.changes["languages"] == ["ar,ber", "ar,fr"]


def test_the_database_refuses_a_session_ending_before_it_starts(course, cohort, commune):
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            course=course, cohort=cohort, commune=commune, capacity=10,
            starts_at=moment(-1, 12), ends_at=moment(-1, 9),
        )  # fmt: skip


def test_the_database_refuses_a_session_without_places(course, cohort, commune):
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            course=course, cohort=cohort, commune=commune, capacity=0,
            starts_at=moment(-1, 9), ends_at=moment(-1, 12),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": moment(-1, 8)}, "ends_at"),
        ({"ends_at": moment(-1, 9) + datetime.timedelta(hours=13)}, "ends_at"),
        ({"starts_at": moment(-800, 9), "ends_at": moment(-800, 12)}, "starts_at"),
        ({"capacity": 0}, "capacity"),
    ],
)
def test_schedule_session_refuses_bad_sessions(changes, field, make_session):
    with pytest.raises(ValidationError) as error:
        make_session(**{"starts_at": moment(-1, 9), **changes})
    assert field in error.value.message_dict
    assert not Session.objects.exists()


def test_the_trainer_must_have_the_trainer_role(make_session, program_manager):
    with pytest.raises(ValidationError) as error:
        make_session(trainer=program_manager)
    assert "trainer" in error.value.message_dict


def test_an_inactive_course_cannot_be_scheduled(make_session, course, program_manager):
    services.update_course(program_manager, course, {"is_active": False})
    with pytest.raises(ValidationError) as error:
        make_session()
    assert "course" in error.value.message_dict


def test_enroll_people_all_or_nothing(past_session, cooperative, make_organization, fatima):
    outsider_org = make_organization(name_fr="Coopérative hors cohorte")
    outsider = add_members(outsider_org, 1)[0]
    with pytest.raises(ValidationError, match="cannot be enrolled"):
        services.enroll_people(
            None, past_session, [(fatima, cooperative), (outsider, outsider_org)]
        )
    assert not Enrollment.objects.exists()


def test_enrolled_people_must_be_current_members(past_session, cooperative, other_cooperative,
                                                 fatima):  # fmt: skip
    # Fatima is not a member of the other cooperative.
    with pytest.raises(ValidationError):
        services.enroll_people(None, past_session, [(fatima, other_cooperative)])
    Membership.objects.filter(person=fatima).update(until=timezone.localdate())  # ends today
    with pytest.raises(ValidationError):
        services.enroll_people(None, past_session, [(fatima, cooperative)])
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize("status", ["applied", "withdrawn"])
def test_only_organizations_taking_part_in_the_cohort(status, past_session, cooperative, fatima):
    Participation.objects.filter(organization=cooperative).update(status=status)
    with pytest.raises(ValidationError):
        services.enroll_people(None, past_session, [(fatima, cooperative)])


def test_a_person_is_enrolled_once(past_session, cooperative, fatima):
    with pytest.raises(ValidationError, match="only once"):
        services.enroll_people(None, past_session, [(fatima, cooperative), (fatima, cooperative)])
    enroll(past_session, [fatima], cooperative)
    with pytest.raises(ValidationError):
        enroll(past_session, [fatima], cooperative)
    assert Enrollment.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(session=past_session, person=fatima, organization=cooperative)


def test_capacity_is_respected(make_session, cooperative):
    session = make_session(capacity=3)
    people = add_members(cooperative, 4)
    with pytest.raises(ValidationError, match="Places left in this session: 3"):
        enroll(session, people, cooperative)
    enroll(session, people[:3], cooperative)
    assert session.enrollments.count() == 3


def test_enrollment_validates_membership_in_the_model(past_session, other_cooperative, fatima):
    enrollment = Enrollment(session=past_session, person=fatima, organization=other_cooperative)
    with pytest.raises(ValidationError) as error:
        enrollment.full_clean()
    assert "organization" in error.value.message_dict


def test_a_cancelled_session_takes_no_enrollment(past_session, program_manager, cooperative,
                                                 fatima):  # fmt: skip
    services.cancel_session(program_manager, past_session)
    with pytest.raises(ValidationError, match="cancelled"):
        enroll(past_session, [fatima], cooperative)
    with pytest.raises(ValidationError, match="cancelled"):
        services.update_session(program_manager, past_session, {"venue": "ailleurs"})


def test_people_enrolled_keep_the_session_in_its_cohort(past_session, program_manager, cooperative,
                                                         fatima, program):  # fmt: skip
    enroll(past_session, [fatima, *add_members(cooperative, 2)], cooperative)
    other = program.cohorts.create(name="Autre", start_date=program.start_date,
                                   end_date=program.end_date)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.update_session(program_manager, past_session, {"cohort": other})
    assert "cohort" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.update_session(program_manager, past_session, {"capacity": 2})
    assert "capacity" in error.value.message_dict


def test_enrollments_are_recorded_in_the_session_history(past_session, program_manager,
                                                         cooperative):  # fmt: skip
    services.enroll_people(program_manager, past_session,
                           [(p, cooperative) for p in add_members(cooperative, 3)])  # fmt: skip
    entry = history_for(past_session).first()
    assert entry.changes == {services.ENROLLMENTS_KEY: ["0", "3"]}
    assert entry.actor == program_manager


def test_unenroll_until_attendance_is_recorded(past_session, trainer, program_manager,
                                               cooperative):  # fmt: skip
    first, second = enroll(past_session, add_members(cooperative, 2), cooperative)
    services.unenroll(program_manager, first)
    services.record_attendance(trainer, past_session, {second.pk: "present"})
    with pytest.raises(ValidationError):
        services.unenroll(program_manager, second)
    assert list(Enrollment.objects.values_list("pk", flat=True)) == [second.pk]


def test_course_str_and_helpers(course):
    assert str(course) == "Gestion comptable d'une coopérative"
    assert course.topic_list == ["Livre de caisse", "Factures"]
    assert [str(label) for label in course.language_labels] == ["Arabic", "Amazigh"]
    assert Course.objects.active().count() == 1
