"""Everything that changes the registry: one verb per change, one transaction each,
and an audit record of who changed what (shown as the history on detail pages).

Views, the API, imports and tests all call these functions; none of them saves a
registry model directly. Each function validates the model (`full_clean`) so that a
caller that skipped a form still cannot store an invalid record, and raises
`ValidationError` for a refused change.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiwizi.accounts.models import Role
from tiwizi.core import audit
from tiwizi.core.models import AuditEntry
from tiwizi.registry.models import Membership, Organization, Person

# Fields recorded in the history, in the order the history lists them.
ORGANIZATION_FIELDS = (
    "kind", "name_fr", "name_ar", "status", "description",
    "odco_number", "local_register_number", "court", "rc_number", "ice",
    "creation_date", "capital_mad", "address", "province", "commune",
    "phone", "email", "website", "sectors",
)  # fmt: skip
PERSON_FIELDS = (
    "first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar", "sex",
    "birth_year", "phone", "email", "national_id", "consent_date", "consent_scope",
)  # fmt: skip
MEMBERSHIP_FIELDS = ("person", "organization", "role", "since", "until")

# Never written to the history in clear: the history shows it masked.
_MASKED = {"national_id": "masked_national_id"}


def _snapshot(instance: models.Model, fields: Iterable[str]) -> audit.Snapshot:
    """The values the history compares and keeps, one string per field.

    Plain values are stored as untranslated source text (choice labels in English) and
    related records (a commune, sectors, a person) by id, so that history.py can show
    both in each reader's language and script, whoever made the change.
    """
    fields = list(fields)
    values = audit.source_snapshot(instance, [f for f in fields if f not in _MASKED])
    values.update({f: getattr(instance, prop) for f, prop in _MASKED.items() if f in fields})
    return {f: values[f] for f in fields}


def _set_many(instance: models.Model, data: Mapping[str, Any], names: list[str]) -> None:
    for name in names:
        getattr(instance, name).set(data[name] or [])


# Organizations


def _with_province(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A commune given without a province brings its own province."""
    commune = data.get("commune")
    if commune is not None and "province" not in data:
        return {**data, "province": commune.province}
    return data


def create_organization(actor: Any, data: Mapping[str, Any]) -> Organization:
    """Register an organization from `data` (a form's cleaned_data or the like).

    A program manager's own organizations become its stewards, so that the staff who
    registered it keep seeing and supporting it.
    """
    with transaction.atomic():
        organization = Organization()
        many = audit.assign(organization, _with_province(data), ORGANIZATION_FIELDS)
        organization.full_clean()
        organization.save()
        _set_many(organization, data, many)
        stewards = set(data.get("stewards") or ())
        if getattr(actor, "is_authenticated", False):
            stewards |= set(actor.organization_ids(Role.PROGRAM_MANAGER))
        if stewards:
            organization.stewards.set(stewards)
        after = _snapshot(organization, ORGANIZATION_FIELDS)
        audit.record_change(actor, organization, AuditEntry.Action.CREATE, audit.diff({}, after))
    return organization


def update_organization(
    actor: Any, organization: Organization, data: Mapping[str, Any]
) -> Organization:
    """Change the fields given in `data`; record the differences, if any."""
    with transaction.atomic():
        # Start from the stored row, not the caller's copy (a bound form has changed it).
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        before = _snapshot(organization, ORGANIZATION_FIELDS)
        many = audit.assign(organization, _with_province(data), ORGANIZATION_FIELDS)
        organization.full_clean()
        organization.save()
        _set_many(organization, data, many)
        changes = audit.diff(before, _snapshot(organization, ORGANIZATION_FIELDS))
        if changes:
            audit.record_change(actor, organization, AuditEntry.Action.UPDATE, changes)
    return organization


def archive_organization(actor: Any, organization: Organization) -> Organization:
    """Take an organization out of lists; nothing is deleted and it can be restored."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if organization.is_archived:
            return organization
        organization.archived_at = timezone.now()
        organization.save(update_fields=["archived_at", "updated_at"])
        audit.record_change(actor, organization, AuditEntry.Action.ARCHIVE)
    return organization


def restore_organization(actor: Any, organization: Organization) -> Organization:
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if not organization.is_archived:
            return organization
        organization.archived_at = None
        organization.save(update_fields=["archived_at", "updated_at"])
        audit.record_change(actor, organization, AuditEntry.Action.RESTORE)
    return organization


# People and memberships


def _normalize_person(person: Person) -> None:
    # The CIN is validated in capitals without spaces; people type it any way.
    person.national_id = (person.national_id or "").upper().replace(" ", "")


def create_person(actor: Any, data: Mapping[str, Any]) -> Person:
    with transaction.atomic():
        person = Person()
        audit.assign(person, data, PERSON_FIELDS)
        _normalize_person(person)
        person.full_clean()
        person.save()
        after = _snapshot(person, PERSON_FIELDS)
        audit.record_change(actor, person, AuditEntry.Action.CREATE, audit.diff({}, after))
    return person


def create_person_with_membership(
    actor: Any,
    person_data: Mapping[str, Any],
    organization: Organization,
    role: str = Membership.Role.MEMBER,
    since: date | None = None,
    until: date | None = None,
) -> Membership:
    """Register a new person as a member of `organization`, both or neither."""
    with transaction.atomic():
        person = create_person(actor, person_data)
        return add_membership(actor, person, organization, role, since, until)


def update_person(actor: Any, person: Person, data: Mapping[str, Any]) -> Person:
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = _snapshot(person, PERSON_FIELDS)
        audit.assign(person, data, PERSON_FIELDS)
        _normalize_person(person)
        person.full_clean()
        person.save()
        changes = audit.diff(before, _snapshot(person, PERSON_FIELDS))
        if changes:
            audit.record_change(actor, person, AuditEntry.Action.UPDATE, changes)
    return person


def add_membership(
    actor: Any,
    person: Person,
    organization: Organization,
    role: str = Membership.Role.MEMBER,
    since: date | None = None,
    until: date | None = None,
) -> Membership:
    with transaction.atomic():
        # Read the stored state: the caller's copy may predate an archiving.
        if Organization.objects.archived().filter(pk=organization.pk).exists():
            raise ValidationError(
                _("This organization is archived: restore it before adding members.")
            )
        membership = Membership(
            person=person, organization=organization, role=role,
            since=since or timezone.localdate(), until=until,
        )  # fmt: skip
        membership.full_clean()
        membership.save()
        after = _snapshot(membership, MEMBERSHIP_FIELDS)
        audit.record_change(actor, membership, AuditEntry.Action.CREATE, audit.diff({}, after))
    return membership


def end_membership(actor: Any, membership: Membership, until: date | None = None) -> Membership:
    """Record that a membership ended on `until` (today by default); the row stays."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("person", "organization")
            .get(pk=membership.pk)
        )
        if not membership.is_current:
            raise ValidationError(_("This membership has already ended."))
        before = _snapshot(membership, MEMBERSHIP_FIELDS)
        membership.until = until or timezone.localdate()
        membership.full_clean()
        membership.save()
        changes = audit.diff(before, _snapshot(membership, MEMBERSHIP_FIELDS))
        audit.record_change(actor, membership, AuditEntry.Action.UPDATE, changes)
    return membership
