"""Live figures on a program page, contributed by the apps that hold the activity.

`programs` sits below training, coaching and events and may not import them, so each of
those apps registers a provider from its AppConfig.ready(). A provider computes its
figures for one program in the database, with a fixed number of queries whatever the
data size, and returns them in display order.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Figure:
    key: str  # stable, for tests and exports: "sessions_held", "training_hours"…
    label: str | Promise
    value: Any  # int, Decimal or a preformatted string
    hint: str | Promise = ""


FigureProvider = Callable[[Any], list[Figure]]
_providers: list[tuple[int, FigureProvider]] = []


def register_figure_provider(provider: FigureProvider, order: int = 100) -> None:
    if all(existing is not provider for _o, existing in _providers):
        _providers.append((order, provider))


def program_figures(program: Any) -> list[Figure]:
    figures: list[Figure] = []
    for _order, provider in sorted(_providers, key=lambda pair: pair[0]):
        figures.extend(provider(program))
    return figures


def unregister_figure_provider(provider: FigureProvider) -> None:
    """Take a provider out (tests register fakes and remove them afterwards)."""
    _providers[:] = [pair for pair in _providers if pair[1] is not provider]


def participation_figures(program: Any) -> list[Figure]:
    """The program's own figures, from its participations (one query)."""
    # Imported here: apps import this module from their AppConfig, models or not.
    from tiwizi.programs.models import Participation
    from tiwizi.programs.querysets import FOLLOWED_KINDS

    counts = (
        Participation.objects.participating()
        .filter(cohort__program=program)
        .aggregate(
            organizations=Count("organization", distinct=True),
            followed=Count(
                "organization", filter=Q(organization__kind__in=FOLLOWED_KINDS), distinct=True
            ),
            provinces=Count("organization__province", distinct=True),
        )
    )
    return [
        Figure(
            "participating_organizations",
            _("Participating organizations"),
            counts["organizations"],
            _("Selected, active or graduated, in any cohort."),
        ),
        Figure(
            "participating_cooperatives_and_gies",
            _("Of which cooperatives and GIEs"),
            counts["followed"],
        ),
        Figure(
            "provinces_covered",
            _("Provinces covered"),
            counts["provinces"],
            _("Provinces where the participating organizations are based."),
        ),
    ]
