"""How the demo loader writes one row: found again by its stable demo key (see
`DemoRecord`) or its natural key, created when missing, saved only when it differs.

Shared by the registry part (loader.py) and the activity part (activity.py) of the demo.
"""

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from tiwizi.demo.models import DemoRecord

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadReport:
    """What one run did, per model: {"Organization": Counter(created=…, updated=…)}."""

    outcomes: dict[str, Counter[str]] = field(default_factory=dict)
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)  # role, email, …
    summary: str = ""  # one line of activity counts, printed by load_demo

    def count(self, model: type[models.Model], outcome: str) -> None:
        self.outcomes.setdefault(model.__name__, Counter())[outcome] += 1

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.outcomes.values())


def _differs(instance: models.Model, values: dict[str, Any]) -> bool:
    return any(getattr(instance, name) != value for name, value in values.items())


def _upsert(
    report: LoadReport,
    model: type[M],
    values: dict[str, Any],
    *,
    key: str = "",
    natural: dict[str, Any] | None = None,
    clean: bool = False,
) -> M:
    """Create or update one row; save it only when something differs.

    With `clean`, a row about to be written is validated first (`full_clean`), so demo
    data obeys the same model rules as what people type.
    """
    instance: M | None = None
    record = DemoRecord.objects.filter(key=key).first() if key else None
    if record is not None:
        instance = model._default_manager.filter(pk=record.object_id).first()
    if instance is None and natural and all(v is not None and v != "" for v in natural.values()):
        instance = model._default_manager.filter(**natural).first()
    if instance is None:
        instance = model(**values)
        if clean:
            instance.full_clean()
        instance.save()
        report.count(model, "created")
    elif _differs(instance, values):
        for name, value in values.items():
            setattr(instance, name, value)
        if clean:
            instance.full_clean()
        instance.save()
        report.count(model, "updated")
    else:
        report.count(model, "unchanged")
    if key and (record is None or record.object_id != instance.pk):
        DemoRecord.objects.update_or_create(
            key=key,
            defaults={
                "content_type": ContentType.objects.get_for_model(model),
                "object_id": instance.pk,
            },
        )
    return instance


def _upsert_many(
    report: LoadReport,
    model: type[M],
    rows: Iterable[tuple[Hashable, dict[str, Any]]],
    existing: dict[Hashable, M],
    *,
    trusted: Iterable[str] = (),
) -> dict[Hashable, M]:
    """`_upsert` for many rows of one model at once: `rows` are (natural key, values),
    `existing` the stored rows by the same key (read in one query by the caller). New rows
    are validated, then inserted in one statement; changed rows are saved one by one.

    `trusted` names foreign keys the caller has just read from the database: their
    existence is not checked again row by row. The model's fields and its clean() are
    validated; its constraints are left to the database, which enforces them on insert
    (the natural keys already rule out duplicates), rather than one query per row each.
    """
    exclude = list(trusted)
    found: dict[Hashable, M] = {}
    new: list[M] = []
    for natural, values in rows:
        instance = existing.get(natural)
        if instance is None:
            instance = model(**values)
            instance.full_clean(exclude=exclude, validate_constraints=False)
            new.append(instance)
            report.count(model, "created")
        elif _differs(instance, values):
            for name, value in values.items():
                setattr(instance, name, value)
            instance.full_clean(exclude=exclude, validate_constraints=False)
            instance.save()
            report.count(model, "updated")
        else:
            report.count(model, "unchanged")
        found[natural] = instance
    model._default_manager.bulk_create(new)
    return found
