"""The home page is made of panels that domain apps contribute.

Core sits below every domain app and may not import them, so each app registers its
panels from its AppConfig.ready(); a panel returns None when it has nothing for the user.
Panels are ordered by `order`, so "what needs attention" comes first.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelFactory = Callable[[Any], Panel | None]
_factories: list[PanelFactory] = []


def register_panel(factory: PanelFactory) -> PanelFactory:
    if factory not in _factories:
        _factories.append(factory)
    return factory


def home_context(user: Any) -> dict[str, Any]:
    panels = [panel for factory in _factories if (panel := factory(user)) is not None]
    return {"panels": sorted(panels, key=lambda p: p.order)}
