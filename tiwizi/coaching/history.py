"""A plan's history: its own changes and those of its goals, visits and action items,
readable in the reader's language (values are stored as the registry stores them)."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal, Visit
from tiwizi.core.models import AuditEntry
from tiwizi.registry.history import Change, HistoryRow, _readable, _related_records

HISTORY_LENGTH = 50


def _subject(instance: models.Model | None) -> str:
    if isinstance(instance, Goal):
        return _("Goal: %(text)s") % {"text": instance}
    if isinstance(instance, ActionItem):
        return _("Action item: %(text)s") % {"text": instance}
    if isinstance(instance, Visit):
        return str(instance)
    return ""


def plan_history(
    plan: CoachingPlan,
    goals: Iterable[Goal],
    visits: Iterable[Visit],
    actions: Iterable[ActionItem],
) -> list[HistoryRow]:
    """The latest changes to the plan and to the given records of it (already loaded)."""
    types = ContentType.objects.get_for_models(CoachingPlan, Goal, Visit, ActionItem)
    records: dict[tuple[int, str], models.Model] = {}
    condition = Q(content_type=types[CoachingPlan], object_id=str(plan.pk))
    children: list[tuple[type[models.Model], Iterable[models.Model]]] = [
        (Goal, goals), (Visit, visits), (ActionItem, actions),
    ]  # fmt: skip
    for child, instances in children:
        keys = [str(instance.pk) for instance in instances]
        records.update({(types[child].pk, str(i.pk)): i for i in instances})
        if keys:
            condition |= Q(content_type=types[child], object_id__in=keys)
    entries = list(
        AuditEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:HISTORY_LENGTH]
    )
    related = _related_records(entries)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, (old, new) in (entry.changes or {}).items():
            try:
                model_field = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:
                model_field = None
            label = capfirst(model_field.verbose_name) if model_field else name  # type: ignore[union-attr]
            changes.append(
                Change(
                    str(label),
                    _readable(model_field, old, related),
                    _readable(model_field, new, related),
                )
            )
        subject = _subject(records.get((entry.content_type_id, entry.object_id)))
        rows.append(
            HistoryRow(
                entry=entry, action=entry.get_action_display(), subject=subject, changes=changes
            )
        )
    return rows
