"""The history shown on the program and cohort pages, readable in the reader's language.

Services store plain values as untranslated source text and related records by id (see
services._snapshot); here field names become their verbose names, choice labels are
translated back, amounts and dates are formatted, and related records are named in the
reader's language, with one query per kind of related record for the whole page.

The rows fit components/history.html. Only staff see them: they name the people who
made each change.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
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
from tiwizi.core.money import format_mad
from tiwizi.programs import services
from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program

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
    subject: str = ""
    changes: list[Change] = field(default_factory=list)


# Changes recorded on a program when one of its records is removed: key -> the removed
# record's model and the label of the line.
_REMOVALS: dict[str, tuple[type[models.Model], Any]] = {
    services.REMOVED_PARTNER: (PartnerRole, lambda: _("Partner removed")),
    services.REMOVED_CONTRIBUTION: (Contribution, lambda: _("Contribution deleted")),
}


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


@lru_cache(maxsize=128)
def _choice_labels(model: type[models.Model], name: str) -> dict[str, Any]:
    """{source label: lazy label} for one field's choices."""
    choices = model._meta.get_field(name).flatchoices  # type: ignore[union-attr]
    with translation.override(None):
        return {str(label): label for _value, label in choices}


def _ids(value: str) -> list[int] | None:
    parts = [part for part in value.split(",") if part]
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def _removed(value: str) -> dict[str, str]:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


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
    if model_field.choices:
        return str(_choice_labels(model_field.model, model_field.name).get(value, value))
    if isinstance(model_field, models.DecimalField) and model_field.name.endswith("_mad"):
        try:
            return format_mad(Decimal(value))
        except (InvalidOperation, ValueError):
            return value
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


def _related_records(entries: list[AuditEntry]) -> Related:
    """Every related record the entries mention (removed records included), once per model."""
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)

    def want(model: type[models.Model] | None, name: str, value: str) -> None:
        model_field = _field(model, name)
        if model_field is not None and model_field.is_relation:
            wanted[model_field.related_model].update(_ids(value or "") or [])

    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes or {}).items():
            if name in _REMOVALS:
                removed_model = _REMOVALS[name][0]
                for key, value in _removed(values[0]).items():
                    want(removed_model, key, value)
                continue
            for value in values:
                want(model, name, value or "")
    return {
        related_model: related_model._default_manager.in_bulk(ids)
        for related_model, ids in wanted.items()
        if ids
    }


def _changes(model: Any, changes: dict[str, list[str]], related: Related) -> list[Change]:
    rows = []
    for name, (old, new) in changes.items():
        if name in _REMOVALS:
            removed_model, label = _REMOVALS[name]
            parts = [
                _readable(_field(removed_model, key), value, related)
                for key, value in _removed(old).items()
                if value
            ]
            separator = pgettext("list separator", ", ")
            rows.append(Change(label(), separator.join(parts), ""))
            continue
        model_field = _field(model, name)
        label = capfirst(model_field.verbose_name) if model_field else name
        rows.append(
            Change(
                str(label),
                _readable(model_field, old, related),
                _readable(model_field, new, related),
            )
        )
    return rows


def _keys(queryset: models.QuerySet[Any]) -> Any:
    # AuditEntry.object_id is text: compare it with the ids as text.
    return queryset.annotate(key=Cast("pk", CharField())).values("key")


def _of(model: type[models.Model], queryset: models.QuerySet[Any]) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(model), object_id__in=_keys(queryset))


def _rows(condition: Q, subject: Any) -> list[HistoryRow]:
    entries = list(
        AuditEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:HISTORY_LENGTH]
    )
    related = _related_records(entries)
    subjects = _subjects(entries)
    return [
        HistoryRow(
            entry=entry,
            action=entry.get_action_display(),
            subject=subject(subjects.get((entry.content_type_id, entry.object_id))),
            changes=_changes(entry.content_type.model_class(), entry.changes or {}, related),
        )
        for entry in entries
    ]


def _subjects(entries: list[AuditEntry]) -> dict[tuple[int, str], models.Model]:
    """The records the entries are about, other than programs (one query per model)."""
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    content_types: dict[type[models.Model], int] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        if (
            model in (PartnerRole, Cohort, Contribution, Participation)
            and entry.object_id.isdigit()
        ):
            wanted[model].add(int(entry.object_id))
            content_types[model] = entry.content_type_id
    select = {
        PartnerRole: ("organization",),
        Contribution: ("partner",),
        Participation: ("organization",),
        Cohort: (),
    }
    found: dict[tuple[int, str], models.Model] = {}
    for model, ids in wanted.items():
        records = model._default_manager.select_related(*select[model]).in_bulk(ids)
        for pk, record in records.items():
            found[(content_types[model], str(pk))] = record
    return found


def _describe(record: models.Model | None) -> str:
    if isinstance(record, PartnerRole):
        return _("Partner: %(organization)s") % {"organization": record.organization}
    if isinstance(record, Cohort):
        return _("Cohort: %(cohort)s") % {"cohort": record.name}
    if isinstance(record, Contribution):
        return _("Contribution of %(partner)s") % {"partner": record.partner}
    if isinstance(record, Participation):
        return str(record.organization)
    return ""


def program_history(program: Program) -> list[HistoryRow]:
    """Changes to the program, its partners, cohorts and contributions."""
    condition = (
        Q(content_type=ContentType.objects.get_for_model(Program), object_id=str(program.pk))
        | _of(PartnerRole, PartnerRole.objects.filter(program=program))
        | _of(Cohort, Cohort.objects.filter(program=program))
        | _of(Contribution, Contribution.objects.filter(program=program))
    )
    return _rows(condition, _describe)


def cohort_history(cohort: Cohort) -> list[HistoryRow]:
    """Changes to the cohort and its participations."""
    condition = Q(
        content_type=ContentType.objects.get_for_model(Cohort), object_id=str(cohort.pk)
    ) | _of(Participation, Participation.objects.filter(cohort=cohort))
    # The cohort's own lines need no subject: the page is about it.
    return _rows(condition, lambda record: "" if isinstance(record, Cohort) else _describe(record))
