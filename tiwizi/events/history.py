"""The history on an event's page: its own changes, its registrations' and outcomes'.

Services store plain values as untranslated source text and related records by id (see
services._snapshot); here they become readable in the reader's language, with one query
per kind of related record for the whole page.
"""

import datetime
from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tiwizi.core.models import AuditEntry
from tiwizi.events.models import Event, Outcome, Registration
from tiwizi.registry.history import Change, HistoryRow

HISTORY_LENGTH = 50
# Removed registrations are recorded on the event under this key (services.unregister).
REMOVED_REGISTRATION = "registrations"


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_stored_relation(model_field: Any) -> bool:
    """A relation the services store by id (not a reverse relation)."""
    return isinstance(model_field, (models.ForeignKey, models.ManyToManyField))


def _ids(value: str) -> list[int] | None:
    parts = [part for part in (value or "").split(",") if part]
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def _choice_label(model_field: Any, value: str) -> str:
    with translation.override(None):
        labels = {str(label): label for _value, label in model_field.flatchoices}
    return str(labels.get(value, value))


def _readable(model_field: Any, value: str, related: dict[Any, dict[int, Any]]) -> str:
    if not value or model_field is None:
        return value
    if _is_stored_relation(model_field):
        ids = _ids(value)
        if ids is None:
            return value
        found = related.get(model_field.related_model, {})
        separator = pgettext("list separator", ", ")
        return separator.join(str(found[i]) if i in found else _("(deleted)") for i in ids)
    if model_field.choices:
        return _choice_label(model_field, value)
    if isinstance(model_field, models.BooleanField):
        return {"True": _("Yes"), "False": _("No")}.get(value, value)
    if isinstance(model_field, models.DateTimeField):
        try:
            moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        except ValueError:
            return value
        return date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


def _related_records(entries: list[AuditEntry], models_by_type: dict[int, Any]) -> Any:
    wanted: dict[Any, set[int]] = defaultdict(set)
    for entry in entries:
        model = models_by_type.get(entry.content_type_id)
        for name, values in (entry.changes or {}).items():
            model_field = _field(model, name)
            if not _is_stored_relation(model_field):
                continue
            for value in values:
                wanted[model_field.related_model].update(_ids(value or "") or [])
    return {
        related_model: related_model._default_manager.in_bulk(ids)
        for related_model, ids in wanted.items()
        if ids
    }


def _keys(queryset: models.QuerySet[Any]) -> Any:
    # AuditEntry.object_id is text: compare it with the ids as text.
    return queryset.annotate(key=Cast("pk", CharField())).values("key")


def event_history(event: Event) -> list[HistoryRow]:
    types = ContentType.objects.get_for_models(Event, Registration, Outcome)
    models_by_type = {content_type.pk: model for model, content_type in types.items()}
    registrations = Registration.objects.filter(event=event)
    outcomes = Outcome.objects.filter(event=event)
    condition = (
        Q(content_type=types[Event], object_id=str(event.pk))
        | Q(content_type=types[Registration], object_id__in=_keys(registrations))
        | Q(content_type=types[Outcome], object_id__in=_keys(outcomes))
    )
    entries = list(
        AuditEntry.objects.filter(condition)
        .select_related("actor")
        .order_by("-created_at", "-id")[:HISTORY_LENGTH]
    )

    def ids_of(model: Any) -> list[int]:
        return [
            int(e.object_id)
            for e in entries
            if e.content_type_id == types[model].pk and e.object_id.isdigit()
        ]

    subjects: dict[tuple[Any, str], str] = {}
    if wanted := ids_of(Registration):
        found = registrations.filter(pk__in=wanted).select_related("person", "organization")
        subjects.update({(Registration, str(r.pk)): r.label for r in found})
    if wanted := ids_of(Outcome):
        subjects.update({(Outcome, str(o.pk)): str(o) for o in outcomes.filter(pk__in=wanted)})

    related = _related_records(entries, models_by_type)
    rows = []
    for entry in entries:
        model = models_by_type.get(entry.content_type_id)
        changes = []
        for name, (old, new) in (entry.changes or {}).items():
            if model is Event and name == REMOVED_REGISTRATION:
                label = capfirst(Registration._meta.verbose_name)
                changes.append(Change(str(label), old, new))
                continue
            model_field = _field(model, name)
            label = capfirst(model_field.verbose_name) if model_field else name
            changes.append(
                Change(
                    str(label),
                    _readable(model_field, old, related),
                    _readable(model_field, new, related),
                )
            )
        subject = subjects.get((model, entry.object_id), "") if model is not Event else ""
        if model is not Event and not subject and model is not None:
            subject = str(capfirst(model._meta.verbose_name))
        rows.append(
            HistoryRow(
                entry=entry, action=entry.get_action_display(), subject=subject, changes=changes
            )
        )
    return rows
