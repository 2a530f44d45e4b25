"""The history of courses and sessions, readable in the reader's language.

Services store values as stored (related records by id, choices by code, moments in
ISO 8601, see services._snapshot); here they become names, labels and local times, with
one query per kind of related record for the whole page. Rows have the shape that
components/history.html expects (entry, action, subject, changes).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tiwizi.core.models import AuditEntry
from tiwizi.training.models import AttendanceStatus, TeachingLanguage
from tiwizi.training.services import ATTENDANCE_KEY, ENROLLMENTS_KEY

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
    subject: str = ""
    changes: list[Change] = field(default_factory=list)


def _field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _attendance(value: str) -> str:
    """'present:12,excused:1,unexcused:0' -> 'Present: 12, Excused absence: 1, …'."""
    labels = dict(AttendanceStatus.choices)
    parts = []
    for item in value.split(","):
        status, _sep, count = item.partition(":")
        if status in labels:
            parts.append(_("%(status)s: %(count)s") % {"status": labels[status], "count": count})
    return pgettext("list separator", ", ").join(parts)


def _readable(model_field: Any, value: str, related: dict[Any, dict[int, Any]]) -> str:
    if not value or model_field is None:
        return value
    if model_field.is_relation:
        found = related.get(model_field.related_model, {})
        return str(found[int(value)]) if value.isdecimal() and int(value) in found else value
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value == "true" else _("No")
    if isinstance(model_field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if model_field.name == "languages":
        labels = dict(TeachingLanguage.choices)
        return pgettext("list separator", ", ").join(
            str(labels.get(code, code)) for code in value.split(",")
        )
    return value


def history_of(instance: models.Model) -> list[HistoryRow]:
    model = type(instance)
    entries = list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:HISTORY_LENGTH]
    )
    wanted: dict[Any, set[int]] = defaultdict(set)
    for entry in entries:
        for name, values in (entry.changes or {}).items():
            model_field = _field(model, name)
            if model_field is not None and model_field.is_relation:
                wanted[model_field.related_model].update(
                    int(v) for v in values if v and str(v).isdecimal()
                )
    related = {
        related_model: related_model._default_manager.in_bulk(ids)
        for related_model, ids in wanted.items()
    }
    rows = []
    for entry in entries:
        changes = []
        for name, (old, new) in (entry.changes or {}).items():
            if name == ATTENDANCE_KEY:
                changes.append(Change(_("Attendance"), _attendance(old), _attendance(new)))
            elif name == ENROLLMENTS_KEY:
                changes.append(Change(_("People enrolled"), old, new))
            else:
                model_field = _field(model, name)
                label = capfirst(model_field.verbose_name) if model_field else name
                changes.append(
                    Change(
                        str(label),
                        _readable(model_field, old, related),
                        _readable(model_field, new, related),
                    )
                )
        rows.append(HistoryRow(entry=entry, action=entry.get_action_display(), changes=changes))
    return rows
