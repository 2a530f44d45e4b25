"""The history on an event's page: its own changes, its registrations' and outcomes'.

Services store plain values as untranslated source text and related records by id (see
services._snapshot); core.history makes them readable in the reader's language, with
one query per kind of related record for the whole page. Here: which entries, what each
line is about, and the line a removed registration leaves on the event.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst

from tiwizi.core.history import (
    Change,
    HistoryReader,
    HistoryRow,
    Related,
    latest_entries,
    object_ids,
    record_keys,
)
from tiwizi.core.models import AuditEntry
from tiwizi.events.models import Event, Outcome, Registration

# Removed registrations are recorded on the event under this key (services.unregister).
REMOVED_REGISTRATION = "registrations"


class _EventReader(HistoryReader):
    def change(
        self, model: type[models.Model] | None, name: str, old: str, new: str, related: Related
    ) -> Change:
        if model is Event and name == REMOVED_REGISTRATION:
            # The registration's label, as it read when it was removed.
            return Change(str(capfirst(Registration._meta.verbose_name)), old, new)
        return super().change(model, name, old, new, related)


_READER = _EventReader()


def event_history(event: Event) -> list[HistoryRow]:
    types = ContentType.objects.get_for_models(Event, Registration, Outcome)
    registrations = Registration.objects.filter(event=event)
    outcomes = Outcome.objects.filter(event=event)
    condition = (
        Q(content_type=types[Event], object_id=str(event.pk))
        | Q(content_type=types[Registration], object_id__in=record_keys(registrations))
        | Q(content_type=types[Outcome], object_id__in=record_keys(outcomes))
    )
    entries = latest_entries(condition)

    subjects: dict[tuple[Any, str], str] = {}
    if wanted := object_ids(entries, Registration):
        found = registrations.filter(pk__in=wanted).select_related("person", "organization")
        subjects.update({(Registration, str(r.pk)): r.label for r in found})
    if wanted := object_ids(entries, Outcome):
        subjects.update({(Outcome, str(o.pk)): str(o) for o in outcomes.filter(pk__in=wanted)})

    def subject(entry: AuditEntry) -> str:
        model = entry.content_type.model_class()
        if model is Event or model is None:
            return ""
        # A record deleted since is named by its kind.
        return subjects.get((model, entry.object_id)) or str(capfirst(model._meta.verbose_name))

    return _READER.rows(entries, subject)
