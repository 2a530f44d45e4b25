"""Sections that higher apps add to an organization's page (sales, products, reports…).

The registry sits below those apps and may not import them, so each registers a section
factory from its AppConfig.ready(). A factory returns None when it has nothing to show
this user for this organization; it must run a bounded number of queries.
"""

from collections.abc import Callable
from typing import Any

from tiwizi.core.dashboards import Panel

SectionFactory = Callable[[Any, Any], Panel | None]  # (request, organization) -> Panel
_factories: list[SectionFactory] = []


def register_organization_section(factory: SectionFactory) -> SectionFactory:
    if factory not in _factories:
        _factories.append(factory)
    return factory


def organization_sections(request: Any, organization: Any) -> list[Panel]:
    sections = [s for f in _factories if (s := f(request, organization)) is not None]
    return sorted(sections, key=lambda s: s.order)
