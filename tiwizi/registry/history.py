"""The history shown on detail pages: audit entries, readable in the reader's language.

Services store changed values as untranslated source text (see services._snapshot);
here field names become their verbose names and choice labels are translated back.
"""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst

from tiwizi.core.models import AuditEntry
from tiwizi.core.phone import format_moroccan_phone
from tiwizi.registry.models import Membership, Organization, Person

HISTORY_LENGTH = 50


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    entry: AuditEntry
    action: str
    # What the entry is about when it is not the page's own record (a membership).
    subject: str = ""
    changes: list[Change] = field(default_factory=list)


@lru_cache(maxsize=256)
def _choice_labels(model: type[models.Model], name: str) -> dict[str, Any]:
    """{source label: lazy label} for one field's choices."""
    choices = model._meta.get_field(name).flatchoices  # type: ignore[union-attr]
    with translation.override(None):
        return {str(label): label for _value, label in choices}


def _readable(model: type[models.Model], name: str, value: str) -> str:
    if not value:
        return ""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    if name == "phone":
        return format_moroccan_phone(value)
    if getattr(model_field, "choices", None):
        return str(_choice_labels(model, name).get(value, value))
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return name


def _rows(entries: list[AuditEntry], subjects: dict[str, str]) -> list[HistoryRow]:
    membership_type = ContentType.objects.get_for_model(Membership)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        is_membership = entry.content_type_id == membership_type.pk
        changes = [
            Change(_label(model, name), _readable(model, name, old), _readable(model, name, new))
            for name, (old, new) in (entry.changes or {}).items()
        ] if model else []  # fmt: skip
        rows.append(
            HistoryRow(
                entry=entry,
                action=entry.get_action_display(),
                subject=subjects.get(entry.object_id, "") if is_membership else "",
                changes=changes,
            )
        )
    return rows


def _membership_keys(memberships: models.QuerySet[Membership]) -> Any:
    # AuditEntry.object_id is text: compare it with the membership ids as text.
    return memberships.annotate(key=Cast("pk", CharField())).values("key")


def _history(
    own: Q, memberships: models.QuerySet[Membership] | None, subject: Any
) -> list[HistoryRow]:
    condition = own
    if memberships is not None:
        condition |= Q(
            content_type=ContentType.objects.get_for_model(Membership),
            object_id__in=_membership_keys(memberships),
        )
    entries = list(
        AuditEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:HISTORY_LENGTH]
    )
    membership_ids = [
        int(e.object_id) for e in entries
        if e.content_type.model_class() is Membership and e.object_id.isdigit()
    ]  # fmt: skip
    subjects = {}
    if membership_ids:
        related = Membership.objects.filter(pk__in=membership_ids).select_related(
            "person", "organization"
        )
        subjects = {str(m.pk): subject(m) for m in related}
    return _rows(entries, subjects)


def _own(instance: models.Model) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk))


def organization_history(organization: Organization, with_members: bool) -> list[HistoryRow]:
    """The organization's changes, and its memberships' when the reader sees members."""
    memberships = Membership.objects.filter(organization=organization) if with_members else None
    return _history(_own(organization), memberships, lambda m: str(m.person))


def person_history(person: Person, visible_memberships: Any) -> list[HistoryRow]:
    """The person's changes and those of the memberships the reader may see."""
    return _history(_own(person), visible_memberships, lambda m: str(m.organization))
