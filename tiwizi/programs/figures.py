"""Live figures on a program page, contributed by the apps that hold the activity.

`programs` sits below training, coaching and events and may not import them, so each of
those apps registers a provider from its AppConfig.ready(). A provider computes its
figures for one program in the database, with a fixed number of queries whatever the
data size, and returns them in display order.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


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
