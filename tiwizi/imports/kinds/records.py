"""What the simpler kinds share: one row is one record, found by a key, then created,
updated, left unchanged or skipped."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from tiwizi.imports.kinds.base import BATCH_SIZE, Context, Plan


class RecordPlan(Plan):
    def __init__(self) -> None:
        super().__init__()
        self.to_create: list[models.Model] = []
        self.to_update: list[models.Model] = []
        self.changed_fields: set[str] = set()


def assign(instance: models.Model, values: dict[str, Any]) -> set[str]:
    changed = set()
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.add(name)
    return changed


def settle(
    plan: RecordPlan,
    context: Context,
    existing: models.Model | None,
    new: models.Model,
    values: dict[str, Any],
) -> None:
    """Count and queue one row: `new` (already filled) when nothing exists, else the
    existing record updated with `values` (or skipped, or unchanged)."""
    if existing is None:
        plan.to_create.append(new)
        plan.created += 1
    elif not context.update_existing:
        plan.skipped += 1
    else:
        changed = assign(existing, values)
        if changed:
            plan.to_update.append(existing)
            plan.changed_fields |= changed
            plan.updated += 1
        else:
            plan.unchanged += 1


def write_records(model: type[models.Model], plan: RecordPlan, extra_fields: set[str]) -> list[int]:
    now = timezone.now()
    has_updated_at = hasattr(model, "updated_at")
    if has_updated_at:
        for instance in plan.to_update:
            instance.updated_at = now  # type: ignore[attr-defined]
    created = model._default_manager.bulk_create(plan.to_create, batch_size=BATCH_SIZE)
    if plan.to_update:
        fields = plan.changed_fields | extra_fields | ({"updated_at"} if has_updated_at else set())
        model._default_manager.bulk_update(plan.to_update, sorted(fields), batch_size=BATCH_SIZE)
    return [instance.pk for instance in created]
