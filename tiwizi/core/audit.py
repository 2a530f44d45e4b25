"""Record who changed a record, when and what, for the history on detail pages.

Services take a `snapshot` before changing an instance and call `record_change` after
saving; the difference between the two snapshots is what the history shows.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from tiwizi.core.models import AuditEntry

Snapshot = dict[str, str]


def _display(instance: models.Model, field: models.Field) -> str:
    if isinstance(field, models.ManyToManyField):
        if instance.pk is None:
            return ""
        return ", ".join(sorted(str(o) for o in getattr(instance, field.name).all()))
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    value: Any = getattr(instance, field.name)
    return "" if value is None else str(value)


def snapshot(instance: models.Model, fields: list[str]) -> Snapshot:
    """The displayed value of each named field, to compare before and after a change."""
    meta = instance._meta
    return {name: _display(instance, meta.get_field(name)) for name in fields}  # type: ignore[arg-type]


def diff(before: Snapshot, after: Snapshot) -> dict[str, list[str]]:
    return {k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v}


def record_change(
    actor: Any, instance: models.Model, action: str, changes: dict[str, list[str]] | None = None
) -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        changes=changes or {},
    )


def history_for(instance: models.Model) -> models.QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
