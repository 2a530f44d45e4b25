"""The history of courses and sessions, readable in the reader's language.

Services store values as stored (related records by id, choices by code, moments in
ISO 8601, see services._snapshot); core.history makes them names, labels and local
times, with one query per kind of related record for the whole page. Here: the lines
that summarize several rows at once (attendance, enrollments) and the languages taught.
Rows have the shape that components/history.html expects (entry, action, subject,
changes).
"""

from django.db import models
from django.utils.translation import gettext as _

from tiwizi.core.history import (
    Change,
    HistoryReader,
    HistoryRow,
    Related,
    latest_entries,
    list_separator,
    own,
)
from tiwizi.training.models import AttendanceStatus, TeachingLanguage
from tiwizi.training.services import ATTENDANCE_KEY, ENROLLMENTS_KEY


def _attendance(value: str) -> str:
    """'present:12,excused:1,unexcused:0' -> 'Present: 12, Excused absence: 1, …'."""
    labels = dict(AttendanceStatus.choices)
    parts = []
    for item in value.split(","):
        status, _sep, count = item.partition(":")
        if status in labels:
            parts.append(_("%(status)s: %(count)s") % {"status": labels[status], "count": count})
    return list_separator().join(parts)


class _TrainingReader(HistoryReader):
    choices_stored_as = "code"

    def change(
        self, model: type[models.Model] | None, name: str, old: str, new: str, related: Related
    ) -> Change:
        if name == ATTENDANCE_KEY:
            return Change(_("Attendance"), _attendance(old), _attendance(new))
        if name == ENROLLMENTS_KEY:
            return Change(_("People enrolled"), old, new)
        return super().change(model, name, old, new, related)

    def readable(self, model_field: models.Field | None, value: str, related: Related) -> str:
        if value and model_field is not None and model_field.name == "languages":
            labels = dict(TeachingLanguage.choices)
            return list_separator().join(str(labels.get(code, code)) for code in value.split(","))
        return super().readable(model_field, value, related)

    def missing(self, pk: int) -> str:
        # A related record deleted since (a trainer's account) shows its id, as it always has.
        return str(pk)


_READER = _TrainingReader()


def history_of(instance: models.Model) -> list[HistoryRow]:
    return _READER.rows(latest_entries(own(instance)))
