"""Record who changed a record, when and what, for the history on detail pages.

Services take a `snapshot` before changing an instance and call `record_change` after
saving; the difference between the two snapshots is what the history shows.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

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


def related_ids(instance: models.Model, name: str) -> str:
    """A foreign key as its id; a many-to-many field as its sorted ids, comma-separated."""
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        if instance.pk is None:
            return ""
        ids = sorted(getattr(instance, name).values_list("pk", flat=True))
        return ",".join(str(pk) for pk in ids)
    value = getattr(instance, model_field.attname)  # type: ignore[union-attr]
    return "" if value is None else str(value)


def source_snapshot(instance: models.Model, fields: Iterable[str]) -> Snapshot:
    """One string per field, kept in a language-neutral form: plain values as untranslated
    source text (choice labels in English), related records by id. A history page then
    shows both in each reader's language and script, whoever made the change."""
    fields = list(fields)
    related = {f for f in fields if instance._meta.get_field(f).is_relation}
    with translation.override(None):
        values = snapshot(instance, [f for f in fields if f not in related])
    values.update({f: related_ids(instance, f) for f in related})
    return {f: values[f] for f in fields}


def assign(instance: models.Model, data: Mapping[str, Any], fields: Iterable[str]) -> list[str]:
    """Set the plain fields named in `fields` that `data` holds; return the names of the
    many-to-many ones, which can only be set once the instance is saved."""
    many = []
    for name in fields:
        if name not in data:
            continue
        if instance._meta.get_field(name).many_to_many:
            many.append(name)
        else:
            setattr(instance, name, data[name])
    return many


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
