"""The history of an assessment (started, corrected, submitted), readable in the
reader's language, for components/history.html. Two queries whatever its length.

Services store choice labels as untranslated source text and related records by id
(see services._snapshot); here they are translated back and named.
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from tiwizi.assessment import services
from tiwizi.assessment.models import Assessment, FrameworkVersion
from tiwizi.core.audit import history_for
from tiwizi.core.history import Change, HistoryRow
from tiwizi.core.models import AuditEntry


def _labels() -> dict[str, str]:
    return {
        "kind": _("Kind"),
        "date": _("Date"),
        "is_self_assessment": _("Self-assessment"),
        "status": _("Status"),
        "version": _("Framework version"),
        services.OVERALL: _("Overall score"),
        services.ANSWERED: _("Questions answered"),
    }


def _choices(choices: Any) -> dict[str, Any]:
    with translation.override(None):
        return {str(label): label for _value, label in choices}


def _readable(name: str, value: str, versions: dict[int, FrameworkVersion]) -> str:
    if not value:
        return ""
    if name == "kind":
        return str(_choices(Assessment.Kind.choices).get(value, value))
    if name == "status":
        return str(_choices(Assessment.Status.choices).get(value, value))
    if name == "is_self_assessment":
        return _("Yes") if value == "True" else _("No")
    if name == "date":
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if name == "version":
        version = versions.get(int(value)) if value.isdigit() else None
        return str(version) if version else value
    if name == services.OVERALL:
        try:
            return number_format(Decimal(value), 1)
        except InvalidOperation:
            return value
    return value


def _action(entry: AuditEntry) -> str:
    changes = entry.changes or {}
    if entry.action == AuditEntry.Action.CREATE:
        if services.SUPERSEDES in changes:
            return _("opened as a correction of a submitted assessment")
        return _("started")
    if changes.get("status", ["", ""])[1] == "Submitted":
        return _("submitted")
    return str(entry.get_action_display())


def assessment_history(assessment: Assessment) -> list[HistoryRow]:
    entries = list(history_for(assessment))
    version_ids = {
        int(value)
        for entry in entries
        for value in (entry.changes or {}).get("version", [])
        if str(value).isdigit()
    }
    versions = FrameworkVersion.objects.select_related("framework").in_bulk(version_ids)
    labels = _labels()
    rows = []
    for entry in entries:
        changes = []
        for name, label in labels.items():
            old, new = (entry.changes or {}).get(name, ["", ""])
            if old or new:
                changes.append(
                    Change(label, _readable(name, old, versions), _readable(name, new, versions))
                )
        rows.append(HistoryRow(entry=entry, action=_action(entry), changes=changes))
    return rows
