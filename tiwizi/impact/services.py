"""Verbs that change impact records, each in one transaction with an audit record."""

import json
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Sum

from tiwizi.core import audit
from tiwizi.core.models import AuditEntry
from tiwizi.impact.models import Measurement, PeriodicReport, Target
from tiwizi.impact.results import Period

REPORT_FIELDS = [
    "organization",
    "year",
    "quarter",
    "members_women",
    "members_men",
    "members_under_35",
    "jobs_permanent",
    "jobs_seasonal",
    "jobs_women",
    "jobs_under_35",
    "revenue_mad",
    "sales_local_mad",
    "sales_national_mad",
    "sales_export_mad",
    "notes",
]
TARGET_FIELDS = ["indicator", "year", "quarter", "dimension", "dimension_value", "value"]
MEASUREMENT_FIELDS = TARGET_FIELDS


def _save(actor: Any, instance: Any, data: dict[str, Any], fields: list[str]) -> Any:
    """Assign, validate, save and record one record (create or update)."""
    creating = instance.pk is None
    before = {} if creating else audit.source_snapshot(instance, fields)
    for name, value in data.items():
        if name in fields:
            setattr(instance, name, value)
    instance.full_clean()
    _normalize_decimals(instance, fields)
    instance.save()
    changes = audit.diff(before, audit.source_snapshot(instance, fields))
    if creating or changes:
        action = AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE
        audit.record_change(actor, instance, action, changes)
    return instance


def _normalize_decimals(instance: Any, fields: list[str]) -> None:
    """Amounts as stored (50000 -> 50000.00), so the history records real changes only."""
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, name)
        if isinstance(field, models.DecimalField) and value is not None:
            setattr(
                instance, name, Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
            )


def ledger_sales(organization_id: int, period: Period) -> dict[str, Decimal]:
    """The organization's sales in the period by channel, from the sales ledger
    (market.Sale): {"local": …, "national": …, "export": …}, one query."""
    from tiwizi.market.models import Sale

    sums = {"local": Decimal(0), "national": Decimal(0), "export": Decimal(0)}
    rows = (
        Sale.objects.filter(
            organization_id=organization_id, date__gte=period.start, date__lte=period.end
        )
        .order_by()
        .values("channel")
        .annotate(total=Sum("amount_mad"))
    )
    for row in rows:
        sums[row["channel"]] = row["total"] or Decimal(0)
    return sums


@transaction.atomic
def save_report(
    actor: Any, data: dict[str, Any], report: PeriodicReport | None = None
) -> PeriodicReport:
    """Create or update a periodic report (ValidationError names the field)."""
    report = report or PeriodicReport()
    if report.pk is None:
        report.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    return _save(actor, report, data, REPORT_FIELDS)


@transaction.atomic
def save_target(
    actor: Any, program: Any, data: dict[str, Any], target: Target | None = None
) -> Target:
    target = target or Target(program=program)
    return _save(actor, target, data, TARGET_FIELDS)


# Key of the change recorded on the program when a target or measurement is deleted.
REMOVED_TARGET = "removed_target"
REMOVED_MEASUREMENT = "removed_measurement"


def _record_removal(actor: Any, instance: Any, key: str, fields: list[str]) -> None:
    """A deleted record leaves a line on its program: its snapshot as JSON."""
    removed = json.dumps(audit.source_snapshot(instance, fields), ensure_ascii=False)
    audit.record_change(actor, instance.program, AuditEntry.Action.UPDATE, {key: [removed, ""]})


@transaction.atomic
def delete_target(actor: Any, target: Target) -> None:
    _record_removal(actor, target, REMOVED_TARGET, TARGET_FIELDS)
    target.delete()


@transaction.atomic
def save_measurement(
    actor: Any, program: Any, data: dict[str, Any], measurement: Measurement | None = None
) -> Measurement:
    measurement = measurement or Measurement(program=program)
    if measurement.pk is None:
        measurement.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    return _save(actor, measurement, data, MEASUREMENT_FIELDS)


@transaction.atomic
def delete_measurement(actor: Any, measurement: Measurement) -> None:
    _record_removal(actor, measurement, REMOVED_MEASUREMENT, MEASUREMENT_FIELDS)
    measurement.delete()
