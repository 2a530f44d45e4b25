"""The event services: who may do what, what they refuse, and what they record."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tiwizi.core.models import AuditEntry
from tiwizi.events import services
from tiwizi.events.models import Event, Outcome, Registration
from tiwizi.events.tests.conftest import event_data
from tiwizi.registry import services as registry_services


def _entries(instance):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    ).order_by("id")


# Events


def test_creating_an_event_records_it_in_the_history(event, program_manager, ngo):
    (entry,) = _entries(event)
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == program_manager
    assert entry.changes["kind"] == ["", "Workshop"]
    assert entry.changes["organizers"] == ["", str(ngo.pk)]
    assert event.status == Event.Status.PLANNED


def test_an_event_needs_a_title_and_an_end_after_its_start(program_manager, ngo):
    with pytest.raises(ValidationError) as error:
        services.create_event(program_manager, event_data(title_fr="", organizers=[ngo]))
    assert "title_fr" in error.value.error_dict
    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.create_event(program_manager, event_data(start=start, end=start, organizers=[ngo]))
    assert "end" in error.value.error_dict
    assert not Event.objects.exists()


def test_the_database_refuses_an_event_ending_before_it_starts(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(end=event.start - datetime.timedelta(hours=1))


def test_an_event_in_arabic_only_is_accepted(program_manager, ngo):
    event = services.create_event(
        program_manager, event_data(title_fr="", title_ar="ملتقى التعاونيات", organizers=[ngo])
    )
    assert event.title == "ملتقى التعاونيات"


def test_a_program_manager_must_keep_access_to_the_event(program_manager, other_ngo):
    with pytest.raises(ValidationError) as error:
        services.create_event(program_manager, event_data(organizers=[other_ngo]))
    assert "organizers" in error.value.error_dict


def test_an_event_of_a_program_they_run_needs_no_organizer_of_theirs(program_manager, program):
    event = services.create_event(program_manager, event_data(organizers=[], program=program))
    assert event.program == program


def test_others_cannot_create_events(trainer, cooperative_manager, funder):
    for user in (trainer, cooperative_manager, funder):
        with pytest.raises(PermissionDenied):
            services.create_event(user, event_data())


def test_updating_records_only_what_changed(event, program_manager):
    services.update_event(program_manager, event, {"venue": "Salle communale"})
    entry = _entries(event).last()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes == {"venue": ["Maison des jeunes", "Salle communale"]}
    services.update_event(program_manager, event, {"venue": "Salle communale"})
    assert _entries(event).count() == 2


def test_an_event_cannot_be_marked_held_before_it_starts(event, program_manager):
    with pytest.raises(ValidationError) as error:
        services.update_event(program_manager, event, {"status": Event.Status.HELD})
    assert "status" in error.value.error_dict


def test_program_manager_of_another_ngo_cannot_update(event, other_program_manager):
    with pytest.raises(PermissionDenied):
        services.update_event(other_program_manager, event, {"venue": "Ailleurs"})


def test_cancelling_keeps_registrations_and_freezes_the_event(event, program_manager, cooperative):
    services.register(program_manager, event, organization=cooperative)
    event = services.cancel_event(program_manager, event, "Routes coupées")
    assert event.status == Event.Status.CANCELLED
    assert event.cancellation_reason == "Routes coupées"
    assert event.registrations.count() == 1
    assert _entries(event).last().changes["status"] == ["Planned", "Cancelled"]
    with pytest.raises(ValidationError):
        services.update_event(program_manager, event, {"venue": "x"})
    with pytest.raises(ValidationError):
        services.register(program_manager, event, organization=cooperative, person=None)


def test_a_held_event_cannot_be_cancelled(past_event, program_manager):
    services.update_event(program_manager, past_event, {"status": Event.Status.HELD})
    with pytest.raises(ValidationError):
        services.cancel_event(program_manager, past_event)


# Registrations


def test_staff_register_any_organization_and_person_they_see(
    event, trainer, cooperative, other_cooperative, member, other_member
):
    services.register(trainer, event, organization=other_cooperative)
    registration = services.register(trainer, event, organization=cooperative, person=member)
    assert registration.registered_by == trainer
    assert _entries(registration).get().changes["person"] == ["", str(member.pk)]
    services.register(trainer, event, person=other_member, role=Registration.Role.SPEAKER)
    assert event.registrations.count() == 3


def test_staff_cannot_register_an_organization_they_do_not_see(
    event, program_manager, make_organization
):
    stranger = make_organization(name_fr="Coopérative Inconnue")
    with pytest.raises(ValidationError) as error:
        services.register(program_manager, event, organization=stranger)
    assert "organization" in error.value.error_dict


def test_a_person_registered_with_an_organization_must_be_a_current_member(
    event, program_manager, cooperative, other_member, member
):
    with pytest.raises(ValidationError) as error:
        services.register(program_manager, event, organization=cooperative, person=other_member)
    assert "person" in error.value.error_dict
    membership = member.memberships.get()
    registry_services.end_membership(program_manager, membership, timezone.localdate())
    with pytest.raises(ValidationError):
        services.register(program_manager, event, organization=cooperative, person=member)


def test_cooperative_manager_registers_own_organization_and_members_only(
    event, program_manager, cooperative_manager, cooperative, other_cooperative, member,
    other_member,
):  # fmt: skip
    # The cooperative sees the event once it is registered to it.
    services.register(program_manager, event, organization=cooperative)
    services.register(cooperative_manager, event, organization=cooperative, person=member)
    with pytest.raises(ValidationError) as error:
        services.register(cooperative_manager, event, organization=other_cooperative)
    assert "organization" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.register(cooperative_manager, event, organization=cooperative, person=other_member)
    assert "person" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.register(cooperative_manager, event, person=member)
    assert "organization" in error.value.error_dict
    assert event.registrations.count() == 2


def test_cooperative_manager_cannot_register_at_an_event_they_do_not_see(
    event, cooperative_manager, cooperative
):
    with pytest.raises(PermissionDenied):
        services.register(cooperative_manager, event, organization=cooperative)
    assert not event.registrations.exists()


def test_funders_and_buyers_cannot_register(event, program_manager, funder, buyer, cooperative):
    services.register(program_manager, event, organization=cooperative)
    for user in (funder, buyer):
        with pytest.raises(PermissionDenied):
            services.register(user, event, organization=cooperative)


def test_registering_twice_is_refused_next_to_the_field(
    event, program_manager, cooperative, member
):
    services.register(program_manager, event, organization=cooperative)
    services.register(program_manager, event, organization=cooperative, person=member)
    with pytest.raises(ValidationError) as error:
        services.register(program_manager, event, organization=cooperative)
    assert "organization" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.register(program_manager, event, organization=cooperative, person=member)
    assert "person" in error.value.error_dict


def test_the_database_refuses_a_registration_of_nobody(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event)


def test_the_database_refuses_a_person_registered_twice(event, member, cooperative):
    Registration.objects.create(event=event, person=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, person=member, organization=cooperative)


def test_unregistering_is_recorded_on_the_event(event, program_manager, cooperative, member):
    registration = services.register(
        program_manager, event, organization=cooperative, person=member
    )
    services.unregister(program_manager, registration)
    assert not event.registrations.exists()
    entry = _entries(event).last()
    assert entry.changes == {"registrations": [member.full_name_latin, ""]}


def test_cooperative_manager_removes_only_their_own_registrations(
    event, program_manager, cooperative_manager, cooperative, other_cooperative
):
    own = services.register(program_manager, event, organization=cooperative)
    other = services.register(program_manager, event, organization=other_cooperative)
    with pytest.raises(PermissionDenied):
        services.unregister(cooperative_manager, other)
    services.unregister(cooperative_manager, own)
    assert list(event.registrations.all()) == [other]


# Attendance


@pytest.fixture
def registrations(past_event, program_manager, cooperative, other_cooperative, member):
    return [
        services.register(program_manager, past_event, organization=cooperative, person=member),
        services.register(program_manager, past_event, organization=cooperative),
        services.register(program_manager, past_event, organization=other_cooperative),
    ]


def test_attendance_is_recorded_for_many_at_once(past_event, trainer, registrations):
    first, second, third = registrations
    changed = services.record_attendance(
        trainer, past_event, {first.pk: True, second.pk: False, third.pk: None}
    )
    assert changed == 2
    assert [r.attended for r in past_event.registrations.order_by("pk")] == [True, False, None]
    assert _entries(first).last().changes == {"attended": ["", "True"]}
    past_event.refresh_from_db()
    assert past_event.status == Event.Status.HELD


def test_attendance_with_a_foreign_registration_saves_nothing(
    past_event, event, program_manager, registrations, cooperative
):
    elsewhere = services.register(program_manager, event, organization=cooperative)
    marks = {registrations[0].pk: True, elsewhere.pk: True}
    with pytest.raises(ValidationError):
        services.record_attendance(program_manager, past_event, marks)
    assert not Registration.objects.filter(attended__isnull=False).exists()


def test_a_failure_while_recording_attendance_leaves_nothing(
    past_event, program_manager, registrations, monkeypatch
):
    before = AuditEntry.objects.count()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # The rows are updated first; the failure comes when their history is written.
    monkeypatch.setattr(AuditEntry.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        services.record_attendance(program_manager, past_event, {r.pk: True for r in registrations})
    assert not Registration.objects.filter(attended__isnull=False).exists()
    assert AuditEntry.objects.count() == before
    past_event.refresh_from_db()
    assert past_event.status == Event.Status.PLANNED


def test_attendance_waits_for_the_event_to_start(event, program_manager, cooperative):
    registration = services.register(program_manager, event, organization=cooperative)
    with pytest.raises(ValidationError):
        services.record_attendance(program_manager, event, {registration.pk: True})


def test_only_the_events_staff_record_attendance(
    past_event, registrations, cooperative_manager, other_program_manager
):
    for user in (cooperative_manager, other_program_manager):
        with pytest.raises(PermissionDenied):
            services.record_attendance(user, past_event, {registrations[0].pk: True})


# Outcomes


def test_outcomes_are_added_and_followed_up(past_event, program_manager, trainer, cooperative):
    outcome = services.add_outcome(
        program_manager, past_event,
        {"text": "Créer un point de vente collectif", "owner_name": "Comité",
         "owner_organization": cooperative, "due_date": datetime.date(2025, 6, 30)},
    )  # fmt: skip
    assert outcome.status == Outcome.Status.OPEN
    services.set_outcome_status(trainer, outcome, Outcome.Status.IN_PROGRESS)
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.IN_PROGRESS
    assert _entries(outcome).last().changes == {"status": ["Open", "In progress"]}
    with pytest.raises(ValidationError):
        services.set_outcome_status(trainer, outcome, "forgotten")


def test_an_outcome_needs_text(past_event, program_manager):
    with pytest.raises(ValidationError) as error:
        services.add_outcome(program_manager, past_event, {"text": "   "})
    assert "text" in error.value.error_dict


def test_funders_cannot_follow_up_outcomes(past_event, program_manager, funder):
    outcome = services.add_outcome(program_manager, past_event, {"text": "Suivi"})
    with pytest.raises(PermissionDenied):
        services.set_outcome_status(funder, outcome, Outcome.Status.DONE)
    with pytest.raises(PermissionDenied):
        services.add_outcome(funder, past_event, {"text": "Autre"})
