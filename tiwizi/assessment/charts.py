"""Data for the radar chart, rendered into the page with Django's json_script filter and
drawn by static/assessment/radar.js (ECharts). The same figures are in the table beside
the chart, which is the accessible alternative to it."""

from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tiwizi.assessment.results import Comparison
from tiwizi.core.i18n import is_rtl


def _values(scores: list[Decimal | None]) -> list[float | None]:
    return [None if value is None else float(value) for value in scores]


def comparison_chart(comparison: Comparison, *, cohort: bool = False) -> dict[str, Any]:
    """{"dir", "indicators": [{"name", "max"}], "series": [{"name", "values"}]}: baseline
    first, then latest, each only when it has a score."""
    rows = comparison.rows
    series = []
    baseline = [row.baseline for row in rows]
    latest = [row.latest for row in rows]
    if any(value is not None for value in baseline):
        if cohort:
            name = _("Baseline (average)")
        elif comparison.baseline_date:
            name = _("Baseline, %(date)s") % {
                "date": date_format(comparison.baseline_date, "SHORT_DATE_FORMAT")
            }
        else:
            name = _("Baseline")
        series.append({"name": name, "values": _values(baseline), "role": "baseline"})
    if any(value is not None for value in latest):
        if cohort:
            name = _("Latest (average)")
        elif comparison.latest_date:
            name = _("Latest, %(date)s") % {
                "date": date_format(comparison.latest_date, "SHORT_DATE_FORMAT")
            }
        else:
            name = _("Latest")
        series.append({"name": name, "values": _values(latest), "role": "latest"})
    return {
        "dir": "rtl" if is_rtl() else "ltr",
        "indicators": [{"name": row.name, "max": 100} for row in rows],
        "series": series,
    }
