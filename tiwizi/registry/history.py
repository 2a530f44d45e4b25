"""The history shown on detail pages: audit entries, readable in the reader's language.

Services store plain values as untranslated source text and related records (a commune,
sectors, a person) by id (see services._snapshot); core.history makes them readable.
Here: which entries an organization's or a person's page shows, what a membership's
line is about, and phone numbers written the Moroccan way.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from tiwizi.core.history import (
    HistoryReader,
    HistoryRow,
    Related,
    among,
    latest_entries,
    object_ids,
    own,
)
from tiwizi.core.phone import format_moroccan_phone
from tiwizi.registry.models import Membership, Organization, Person


class _RegistryReader(HistoryReader):
    def readable(self, model_field: models.Field | None, value: str, related: Related) -> str:
        if value and model_field is not None and model_field.name == "phone":
            return format_moroccan_phone(value)
        return super().readable(model_field, value, related)


_READER = _RegistryReader()


def _history(
    own_entries: Q,
    memberships: models.QuerySet[Membership] | None,
    subject: Callable[[Membership], str],
) -> list[HistoryRow]:
    condition = own_entries
    if memberships is not None:
        condition |= among(Membership, memberships)
    entries = latest_entries(condition)
    subjects = {}
    if membership_ids := object_ids(entries, Membership):
        related = Membership.objects.filter(pk__in=membership_ids).select_related(
            "person", "organization"
        )
        subjects = {str(m.pk): subject(m) for m in related}
    membership_type = ContentType.objects.get_for_model(Membership)
    return _READER.rows(
        entries,
        lambda entry: (
            subjects.get(entry.object_id, "") if entry.content_type_id == membership_type.pk else ""
        ),
    )


def organization_history(organization: Organization, with_members: bool) -> list[HistoryRow]:
    """The organization's changes, and its memberships' when the reader sees members."""
    memberships = Membership.objects.filter(organization=organization) if with_members else None
    return _history(own(organization), memberships, lambda m: str(m.person))


def person_history(person: Person, visible_memberships: Any) -> list[HistoryRow]:
    """The person's changes and those of the memberships the reader may see."""
    return _history(own(person), visible_memberships, lambda m: str(m.organization))
