"""The history shown on detail pages: audit entries, readable in the reader's language.

Services store plain values as untranslated source text and related records (a commune,
sectors, a person) by id (see services._snapshot). Here field names become their verbose
names, choice labels are translated back, and related records are named in the reader's
language, with one query per kind of related record for the whole page.
"""

import datetime
from collections import defaultdict
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
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tiwizi.core.models import AuditEntry
from tiwizi.core.phone import format_moroccan_phone
from tiwizi.registry.models import Membership, Organization, Person

HISTORY_LENGTH = 50

Related = dict[type[models.Model], dict[int, models.Model]]


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


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


@lru_cache(maxsize=256)
def _choice_labels(model: type[models.Model], name: str) -> dict[str, Any]:
    """{source label: lazy label} for one field's choices."""
    choices = model._meta.get_field(name).flatchoices  # type: ignore[union-attr]
    with translation.override(None):
        return {str(label): label for _value, label in choices}


def _ids(value: str) -> list[int] | None:
    """The ids of a stored relation value ("12" or "3,5"), or None for older text."""
    parts = [part for part in value.split(",") if part]
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def _readable(model_field: Any, value: str, related: Related) -> str:
    if not value or model_field is None:
        return value
    if model_field.is_relation:
        ids = _ids(value)
        if ids is None:
            return value
        found = related.get(model_field.related_model, {})
        separator = pgettext("list separator", ", ")
        return separator.join(str(found[i]) if i in found else _("(deleted)") for i in ids)
    if model_field.name == "phone":
        return format_moroccan_phone(value)
    if model_field.choices:
        return str(_choice_labels(model_field.model, model_field.name).get(value, value))
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


def _related_records(entries: list[AuditEntry]) -> Related:
    """Every related record the entries mention, fetched once per model."""
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes or {}).items():
            model_field = _field(model, name)
            if model_field is None or not model_field.is_relation:
                continue
            for value in values:
                wanted[model_field.related_model].update(_ids(value or "") or [])
    return {
        related_model: related_model._default_manager.in_bulk(ids)
        for related_model, ids in wanted.items()
        if ids
    }


def _rows(entries: list[AuditEntry], subjects: dict[str, str]) -> list[HistoryRow]:
    membership_type = ContentType.objects.get_for_model(Membership)
    related = _related_records(entries)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, (old, new) in (entry.changes or {}).items():
            model_field = _field(model, name)
            label = capfirst(model_field.verbose_name) if model_field else name
            changes.append(
                Change(
                    str(label),
                    _readable(model_field, old, related),
                    _readable(model_field, new, related),
                )
            )
        is_membership = entry.content_type_id == membership_type.pk
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
        int(e.object_id)
        for e in entries
        if e.content_type.model_class() is Membership and e.object_id.isdigit()
    ]
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
