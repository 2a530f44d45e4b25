"""The history on detail pages: audit entries as rows readable in the reader's language.

Services record each changed field as one string (see audit.py and the apps' `_snapshot`):
plain values as untranslated source text (a choice's English label, "True", an ISO
date or moment), related records by id ("12", or "3,5" for a many-to-many), and private
values already masked (a national id). Here, driven by the model each entry is about,
field names become their verbose names, choice labels are translated back, booleans,
dates and moments are formatted for the reader, and related records are named in the
reader's language, with one query per kind of related record for the whole page.

An app's history module chooses the entries (its record's and those of the records that
belong to it), says what each line is about (its subject), and subclasses HistoryReader
for what only it stores: keys that are not fields, fields with a format of their own.
The rows fit components/history.html.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar, Literal

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

HISTORY_LENGTH = 50

# Related records by model and id, fetched once for a whole page.
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
    # What the entry is about when it is not the page's own record (a membership, a goal).
    subject: str = ""
    changes: list[Change] = field(default_factory=list)


# Choosing the entries


def own(instance: models.Model) -> Q:
    """The entries about this record."""
    return Q(content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk))


def record_keys(records: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The records' ids as text, to compare with AuditEntry.object_id in a subquery."""
    return records.annotate(key=Cast("pk", CharField())).values("key")


def among(model: type[models.Model], records: models.QuerySet[Any]) -> Q:
    """The entries about these records (a queryset of `model`), in one subquery."""
    return Q(
        content_type=ContentType.objects.get_for_model(model), object_id__in=record_keys(records)
    )


def latest_entries(condition: Q, length: int = HISTORY_LENGTH) -> list[AuditEntry]:
    """The latest entries matching `condition`, newest first, with who made them."""
    return list(
        AuditEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:length]
    )


def object_ids(entries: Iterable[AuditEntry], model: type[models.Model]) -> list[int]:
    """The ids of the records of `model` the entries are about."""
    return [
        int(entry.object_id)
        for entry in entries
        if entry.content_type.model_class() is model and entry.object_id.isdigit()
    ]


# Reading the values


def field_of(model: type[models.Model] | None, name: str) -> models.Field | None:
    """The model's field of that name; None for a key that is not one of its fields
    (a removed record, a count, a reverse relation)."""
    if model is None:
        return None
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return model_field if isinstance(model_field, models.Field) else None


def label_of(model_field: models.Field | None, name: str) -> str:
    """The field's verbose name in the reader's language, or the key itself."""
    return str(capfirst(model_field.verbose_name)) if model_field is not None else name


def stored_ids(value: str) -> list[int] | None:
    """The ids of a stored relation value ("12" or "3,5"), or None for older text."""
    parts = [part for part in value.split(",") if part]
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def list_separator() -> str:
    return pgettext("list separator", ", ")


@lru_cache(maxsize=256)
def _labels_by_source_text(model: type[models.Model], name: str) -> dict[str, Any]:
    """{untranslated label: lazy label} for one field's choices."""
    choices = model._meta.get_field(name).flatchoices  # type: ignore[union-attr]
    with translation.override(None):
        return {str(label): label for _value, label in choices}


@lru_cache(maxsize=256)
def _field_positions(model: type[models.Model] | None) -> dict[str, int]:
    if model is None:
        return {}
    concrete = [f for f in model._meta.get_fields() if f.concrete]
    return {f.name: i for i, f in enumerate(concrete)}


def _position(model: type[models.Model] | None, name: str) -> tuple[int, str]:
    positions = _field_positions(model)
    return (positions.get(name, len(positions)), name)


def _no_subject(entry: AuditEntry) -> str:
    return ""


class HistoryReader:
    """Turns audit entries into HistoryRows, in the reader's language.

    The defaults read values stored as the apps' `_snapshot` stores them (see the module
    docstring). Override `change` for keys that are not fields of the entry's model,
    `mentions` when such keys name related records too, and `readable` for a field with
    a format of its own (call super() for the rest).
    """

    #: How a choice is stored: its untranslated label (what audit.snapshot gives under
    #: translation.override(None)) or its code.
    choices_stored_as: ClassVar[Literal["label", "code"]] = "label"

    def rows(
        self,
        entries: Sequence[AuditEntry],
        subject: Callable[[AuditEntry], str] = _no_subject,
    ) -> list[HistoryRow]:
        """One row per entry; `subject` says what an entry is about ("" for the page's
        own record)."""
        related = self.related_records(entries)
        return [
            HistoryRow(
                entry=entry,
                action=entry.get_action_display(),
                subject=subject(entry),
                changes=self.changes(entry, related),
            )
            for entry in entries
        ]

    def changes(self, entry: AuditEntry, related: Related) -> list[Change]:
        model = entry.content_type.model_class()
        # PostgreSQL's jsonb does not keep the order keys were written in (SQLite does):
        # list the model's fields in their declared order, then any other keys by name.
        names = sorted((entry.changes or {}), key=lambda name: _position(model, name))
        return [
            self.change(model, name, entry.changes[name][0], entry.changes[name][1], related)
            for name in names
        ]

    def change(
        self, model: type[models.Model] | None, name: str, old: str, new: str, related: Related
    ) -> Change:
        """One line of an entry: the field's label, its old and new value."""
        model_field = field_of(model, name)
        return Change(
            label_of(model_field, name),
            self.readable(model_field, old, related),
            self.readable(model_field, new, related),
        )

    def mentions(self, entry: AuditEntry) -> Iterator[tuple[models.Field, str]]:
        """The relation fields of an entry with each value stored for them: the related
        records the page will name."""
        model = entry.content_type.model_class()
        for name, values in (entry.changes or {}).items():
            model_field = field_of(model, name)
            if model_field is not None and model_field.is_relation:
                for value in values:
                    yield model_field, value

    def related_records(self, entries: Iterable[AuditEntry]) -> Related:
        """Every related record the entries mention, fetched once per model."""
        wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        for entry in entries:
            for model_field, value in self.mentions(entry):
                related_model: Any = model_field.related_model
                wanted[related_model].update(stored_ids(value or "") or [])
        return {
            related_model: related_model._default_manager.in_bulk(ids)
            for related_model, ids in wanted.items()
            if ids
        }

    def missing(self, pk: int) -> str:
        """How a related record that no longer exists is named."""
        return _("(deleted)")

    def readable(self, model_field: models.Field | None, value: str, related: Related) -> str:
        """A stored value as the reader should see it."""
        if not value or model_field is None:
            return value
        if model_field.is_relation:
            ids = stored_ids(value)
            if ids is None:
                return value
            found = related.get(model_field.related_model, {})  # type: ignore[arg-type]
            return list_separator().join(
                str(found[pk]) if pk in found else self.missing(pk) for pk in ids
            )
        if model_field.choices:
            return self.choice_label(model_field, value)
        if isinstance(model_field, models.BooleanField):
            return {"True": _("Yes"), "true": _("Yes"), "False": _("No"), "false": _("No")}.get(
                value, value
            )
        if isinstance(model_field, models.DateTimeField):
            try:
                moment = timezone.localtime(datetime.datetime.fromisoformat(value))
            except ValueError:  # not a moment, or one without a time zone
                return value
            return date_format(moment, "SHORT_DATETIME_FORMAT")
        if isinstance(model_field, models.DateField):
            try:
                return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
            except ValueError:
                return value
        return value

    def choice_label(self, model_field: models.Field, value: str) -> str:
        """A choice's label in the reader's language (the value itself if unknown)."""
        if self.choices_stored_as == "code":
            return str(dict(model_field.flatchoices).get(value, value))
        labels = _labels_by_source_text(model_field.model, model_field.name)
        return str(labels.get(value, value))
