"""A plan's history: its own changes and those of its goals, visits and action items,
readable in the reader's language (values are stored as the registry stores them, and
read by core.history)."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal, Visit
from tiwizi.core.history import HistoryReader, HistoryRow, latest_entries

_READER = HistoryReader()


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
    return _READER.rows(
        latest_entries(condition),
        lambda entry: _subject(records.get((entry.content_type_id, entry.object_id))),
    )
