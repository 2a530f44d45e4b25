"""The history shown on the program and cohort pages, readable in the reader's language.

Services store plain values as untranslated source text and related records by id (see
services._snapshot); core.history makes them readable. Here: which entries each page
shows, what each line is about, amounts in dirhams, and the lines a removed partner or
contribution leaves on the program (its snapshot as JSON, named field by field).

The rows fit components/history.html. Only staff see them: they name the people who
made each change.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from tiwizi.core.history import (
    Change,
    HistoryReader,
    HistoryRow,
    Related,
    among,
    field_of,
    latest_entries,
    list_separator,
    own,
)
from tiwizi.core.models import AuditEntry
from tiwizi.core.money import format_mad
from tiwizi.programs import services
from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program

# Changes recorded on a program when one of its records is removed: key -> the removed
# record's model and the label of the line.
_REMOVALS: dict[str, tuple[type[models.Model], Any]] = {
    services.REMOVED_PARTNER: (PartnerRole, lambda: _("Partner removed")),
    services.REMOVED_CONTRIBUTION: (Contribution, lambda: _("Contribution deleted")),
}


def _removed(value: str) -> dict[str, str]:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


class _ProgramReader(HistoryReader):
    def mentions(self, entry: AuditEntry) -> Iterator[tuple[models.Field, str]]:
        """The fields' related records, and those of the records removed."""
        yield from super().mentions(entry)
        for name, values in (entry.changes or {}).items():
            if name in _REMOVALS:
                removed_model = _REMOVALS[name][0]
                for key, value in _removed(values[0]).items():
                    model_field = field_of(removed_model, key)
                    if model_field is not None and model_field.is_relation:
                        yield model_field, value

    def change(
        self, model: type[models.Model] | None, name: str, old: str, new: str, related: Related
    ) -> Change:
        if name in _REMOVALS:
            removed_model, label = _REMOVALS[name]
            parts = [
                self.readable(field_of(removed_model, key), value, related)
                for key, value in _removed(old).items()
                if value
            ]
            return Change(label(), list_separator().join(parts), "")
        return super().change(model, name, old, new, related)

    def readable(self, model_field: models.Field | None, value: str, related: Related) -> str:
        if (
            value
            and isinstance(model_field, models.DecimalField)
            and model_field.name.endswith("_mad")
        ):
            try:
                return format_mad(Decimal(value))
            except (InvalidOperation, ValueError):
                return value
        return super().readable(model_field, value, related)


_READER = _ProgramReader()


def _rows(condition: Q, subject: Callable[[models.Model | None], str]) -> list[HistoryRow]:
    entries = latest_entries(condition)
    subjects = _subjects(entries)
    return _READER.rows(
        entries, lambda entry: subject(subjects.get((entry.content_type_id, entry.object_id)))
    )


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
        own(program)
        | among(PartnerRole, PartnerRole.objects.filter(program=program))
        | among(Cohort, Cohort.objects.filter(program=program))
        | among(Contribution, Contribution.objects.filter(program=program))
    )
    return _rows(condition, _describe)


def cohort_history(cohort: Cohort) -> list[HistoryRow]:
    """Changes to the cohort and its participations."""
    condition = own(cohort) | among(Participation, Participation.objects.filter(cohort=cohort))
    # The cohort's own lines need no subject: the page is about it.
    return _rows(condition, lambda record: "" if isinstance(record, Cohort) else _describe(record))
