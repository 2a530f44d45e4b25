"""The program page's capacity figures (see programs.figures), from the assessments of
the organizations taking part: 5 queries whatever their number."""

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tiwizi.assessment import results
from tiwizi.programs.figures import Figure


def assessment_figures(program: Any) -> list[Figure]:
    summary = results.program_summary(program)
    if not summary.assessed:
        return []
    figures = [
        Figure(
            "capacity_baselines",
            _("Organizations with a capacity baseline"),
            summary.with_baseline,
            _("Out of %(count)s taking part.") % {"count": summary.organizations},
        )
    ]
    # Averages of one or two organizations would give their own scores away.
    if summary.compared >= results.MIN_GROUP:
        figures.append(
            Figure(
                "capacity_improved",
                _("Organizations whose capacity score improved"),
                summary.improved,
                _("Out of %(count)s assessed again since their baseline.")
                % {"count": summary.compared},
            )
        )
    if summary.assessed >= results.MIN_GROUP and summary.overall.latest is not None:
        hint = _("Latest assessments, out of 100.")
        if summary.overall.baseline is not None:
            hint = _("Latest assessments, out of 100; %(baseline)s at baseline.") % {
                "baseline": number_format(summary.overall.baseline, 1)
            }
        figures.append(
            Figure(
                "capacity_score",
                _("Average capacity score"),
                number_format(summary.overall.latest, 1),
                hint,
            )
        )
    return figures
