"""Everything that changes events: one verb per change, one transaction each, and an
audit record of who changed what (shown as the history on the event's page).

Views, the API, imports and tests call these functions. Each checks the actor's right
(PermissionDenied when refused outright) and validates the records it writes
(ValidationError, keyed by field where there is one, for input to correct).
"""

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tiwizi.accounts.models import Role
from tiwizi.core import audit
from tiwizi.core.models import AuditEntry
from tiwizi.events import permissions
from tiwizi.events.models import Event, Outcome, Registration
from tiwizi.programs.models import Program
from tiwizi.registry.models import Membership, Organization, Person
from tiwizi.registry.querysets import OrganizationQuerySet, PersonQuerySet

# Fields recorded in the history, in the order the history lists them.
EVENT_FIELDS = (
    "program", "kind", "title_fr", "title_ar", "title_en", "start", "end",
    "commune", "venue", "organizers", "agenda", "status", "cancellation_reason",
)  # fmt: skip
REGISTRATION_FIELDS = ("organization", "person", "role", "attended")
OUTCOME_FIELDS = ("text", "owner_name", "owner_organization", "due_date", "status")
# What create_event and update_event accept (the status changes through its own verbs,
# except planned <-> held).
EDITABLE_EVENT_FIELDS = tuple(f for f in EVENT_FIELDS if f != "cancellation_reason")


# Events


def _check_staff_keeps_access(actor: Any, program: Program | None, organizers: Any) -> None:
    """A program manager must stay able to manage the event they save: one of their
    organizations organizes it, or it belongs to a program their organization runs."""
    if actor.is_platform_admin:
        return
    own = actor.organization_ids(Role.PROGRAM_MANAGER)
    if any(getattr(o, "pk", o) in own for o in organizers or ()):
        return
    if program is not None and Program.objects.manageable_by(actor).filter(pk=program.pk).exists():
        return
    raise ValidationError(
        {
            "organizers": _(
                "Include your own organization among the organizers, or choose a program "
                "your organization implements."
            )
        }
    )


def create_event(actor: Any, data: Mapping[str, Any]) -> Event:
    """Plan an event from `data` (a form's cleaned_data or the like)."""
    if not permissions.can_create_event(actor):
        raise PermissionDenied
    with transaction.atomic():
        event = Event()
        many = audit.assign(event, data, EDITABLE_EVENT_FIELDS)
        if event.status == Event.Status.CANCELLED:
            raise ValidationError({"status": _("Plan the event first; cancel it afterwards.")})
        event.full_clean()
        _check_staff_keeps_access(actor, event.program, data.get("organizers"))
        event.save()
        for name in many:
            getattr(event, name).set(data[name] or [])
        after = audit.source_snapshot(event, EVENT_FIELDS)
        audit.record_change(actor, event, AuditEntry.Action.CREATE, audit.diff({}, after))
    return event


def update_event(actor: Any, event: Event, data: Mapping[str, Any]) -> Event:
    """Change the fields given in `data`; record the differences, if any."""
    with transaction.atomic():
        # Start from the stored row, not the caller's copy (a bound form has changed it).
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not permissions.can_manage_event(actor, event):
            raise PermissionDenied
        if event.is_cancelled:
            raise ValidationError(_("This event is cancelled: it can no longer be changed."))
        before = audit.source_snapshot(event, EVENT_FIELDS)
        many = audit.assign(event, data, EDITABLE_EVENT_FIELDS)
        if event.status == Event.Status.CANCELLED:
            raise ValidationError({"status": _("Use the cancel button to cancel an event.")})
        event.full_clean()
        organizers = data["organizers"] if "organizers" in data else event.organizers.all()
        _check_staff_keeps_access(actor, event.program, organizers)
        event.save()
        for name in many:
            getattr(event, name).set(data[name] or [])
        changes = audit.diff(before, audit.source_snapshot(event, EVENT_FIELDS))
        if changes:
            audit.record_change(actor, event, AuditEntry.Action.UPDATE, changes)
    return event


def cancel_event(actor: Any, event: Event, reason: str = "") -> Event:
    """Call an event off. Registrations and outcomes are kept, for the record."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not permissions.can_manage_event(actor, event):
            raise PermissionDenied
        if event.is_cancelled:
            return event
        if event.status == Event.Status.HELD:
            raise ValidationError(_("This event has been held: it cannot be cancelled."))
        before = audit.source_snapshot(event, EVENT_FIELDS)
        event.status = Event.Status.CANCELLED
        event.cancellation_reason = (reason or "").strip()[:255]
        event.save(update_fields=["status", "cancellation_reason", "updated_at"])
        changes = audit.diff(before, audit.source_snapshot(event, EVENT_FIELDS))
        audit.record_change(actor, event, AuditEntry.Action.UPDATE, changes)
    return event


# Registrations


def registrable_organizations(actor: Any, event: Event) -> OrganizationQuerySet:
    """The organizations `actor` may register for `event`: any organization they see when
    they are staff of the event, only their own when they manage a cooperative."""
    active = Organization.objects.active()
    if permissions.can_follow_up_event(actor, event):
        return active.visible_to(actor)
    if getattr(actor, "is_authenticated", False):
        return active.filter(id__in=actor.organization_ids(Role.COOPERATIVE_MANAGER))
    return active.none()


def registrable_people(
    actor: Any, event: Event, organization: Organization | None
) -> PersonQuerySet:
    """The people `actor` may register: with an organization, its current members (that
    `actor` may see); without one, any person a staff member sees."""
    people = Person.objects.visible_to(actor).active()
    if organization is not None:
        members = Membership.objects.current().filter(organization=organization)
        return people.filter(id__in=members.values("person_id"))
    if permissions.can_follow_up_event(actor, event):
        return people
    return people.none()


def register(
    actor: Any,
    event: Event,
    organization: Organization | None = None,
    person: Person | None = None,
    role: str = Registration.Role.PARTICIPANT,
) -> Registration:
    """Register an organization, a person, or a person on behalf of their organization.

    Staff of the event register any organization and person they see; a cooperative
    manager only their own organization and its current members.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        visible = Event.objects.visible_to(actor).filter(pk=event.pk).exists()
        if not visible or not permissions.can_register_at(actor, event):
            if visible and event.is_cancelled:
                raise ValidationError(_("This event is cancelled: nobody can register."))
            raise PermissionDenied
        if organization is None and person is None:
            raise ValidationError({"organization": _("Choose an organization, a person, or both.")})
        errors: dict[str, Any] = {}
        if organization is not None:
            allowed = registrable_organizations(actor, event)
            if not allowed.filter(pk=organization.pk).exists():
                errors["organization"] = _("You cannot register this organization.")
        elif not permissions.can_follow_up_event(actor, event):
            errors["organization"] = _("Choose your organization.")
        people = registrable_people(actor, event, organization)
        if (
            person is not None
            and "organization" not in errors
            and not people.filter(pk=person.pk).exists()
        ):
            errors["person"] = (
                _("This person is not a current member of this organization.")
                if organization is not None
                else _("You cannot register this person.")
            )
        if not errors:
            duplicates = Registration.objects.filter(event=event)
            if person is not None and duplicates.filter(person=person).exists():
                errors["person"] = _("This person is already registered for this event.")
            elif (
                person is None
                and duplicates.filter(organization=organization, person__isnull=True).exists()
            ):
                errors["organization"] = _(
                    "This organization is already registered for this event."
                )
        if errors:
            raise ValidationError(errors)
        registration = Registration(
            event=event, organization=organization, person=person, role=role,
            registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        registration.full_clean()
        registration.save()
        after = audit.source_snapshot(registration, REGISTRATION_FIELDS)
        audit.record_change(actor, registration, AuditEntry.Action.CREATE, audit.diff({}, after))
    return registration


def unregister(actor: Any, registration: Registration) -> None:
    """Remove a registration. The event's history keeps who was removed, and by whom."""
    with transaction.atomic():
        registration = (
            # Lock the registration row only: PostgreSQL refuses FOR UPDATE on the
            # nullable side of the outer joins that person and organization need.
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "person", "organization")
            .get(pk=registration.pk)
        )
        if not permissions.can_unregister(actor, registration):
            raise PermissionDenied
        with translation.override(None):
            label = registration.label
        event = registration.event
        registration.delete()
        audit.record_change(actor, event, AuditEntry.Action.UPDATE, {"registrations": [label, ""]})


def record_attendance(actor: Any, event: Event, marks: Mapping[int, bool | None]) -> int:
    """Record who attended, for many registrations at once: all or nothing.

    `marks` maps registration ids of this event to True (came), False (did not come) or
    None (not known). An event whose attendance is recorded has been held. Returns the
    number of registrations that changed.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not permissions.can_follow_up_event(actor, event):
            raise PermissionDenied
        if event.is_cancelled:
            raise ValidationError(_("This event is cancelled: there is no attendance to record."))
        if not event.has_started:
            raise ValidationError(_("Attendance can be recorded once the event has started."))
        registrations = list(
            Registration.objects.select_for_update().filter(event=event, pk__in=list(marks))
        )
        if len(registrations) != len(set(marks)):
            raise ValidationError(_("Some of these registrations are not part of this event."))
        changed, entries, now = [], [], timezone.now()
        registration_type = ContentType.objects.get_for_model(Registration)
        for registration in registrations:
            before = audit.source_snapshot(registration, ["attended"])
            registration.attended = marks[registration.pk]
            changes = audit.diff(before, audit.source_snapshot(registration, ["attended"]))
            if changes:
                registration.updated_at = now
                changed.append(registration)
                entries.append(
                    AuditEntry(
                        content_type=registration_type,
                        object_id=str(registration.pk),
                        action=AuditEntry.Action.UPDATE,
                        actor=_actor(actor),
                        changes=changes,
                    )
                )
        # One statement for the rows and one for their history, whatever their number.
        Registration.objects.bulk_update(changed, ["attended", "updated_at"])
        AuditEntry.objects.bulk_create(entries)
        if changed and event.status == Event.Status.PLANNED:
            before = audit.source_snapshot(event, ["status"])
            event.status = Event.Status.HELD
            event.save(update_fields=["status", "updated_at"])
            changes = audit.diff(before, audit.source_snapshot(event, ["status"]))
            audit.record_change(actor, event, AuditEntry.Action.UPDATE, changes)
    return len(changed)


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# Outcomes


def add_outcome(actor: Any, event: Event, data: Mapping[str, Any]) -> Outcome:
    """Record a recommendation of the event, to be followed up."""
    with transaction.atomic():
        if not permissions.can_follow_up_event(actor, event):
            raise PermissionDenied
        outcome = Outcome(event=event)
        audit.assign(outcome, data, OUTCOME_FIELDS)
        outcome.full_clean()
        outcome.save()
        after = audit.source_snapshot(outcome, OUTCOME_FIELDS)
        audit.record_change(actor, outcome, AuditEntry.Action.CREATE, audit.diff({}, after))
    return outcome


def set_outcome_status(actor: Any, outcome: Outcome, status: str) -> Outcome:
    """Move a recommendation along: open, in progress, done or dropped."""
    with transaction.atomic():
        outcome = Outcome.objects.select_for_update().select_related("event").get(pk=outcome.pk)
        if not permissions.can_follow_up_event(actor, outcome.event):
            raise PermissionDenied
        if status not in Outcome.Status.values:
            raise ValidationError({"status": _("Choose one of the listed statuses.")})
        before = audit.source_snapshot(outcome, OUTCOME_FIELDS)
        outcome.status = status
        outcome.save(update_fields=["status", "updated_at"])
        changes = audit.diff(before, audit.source_snapshot(outcome, OUTCOME_FIELDS))
        if changes:
            audit.record_change(actor, outcome, AuditEntry.Action.UPDATE, changes)
    return outcome
