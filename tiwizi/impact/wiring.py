"""Menu entries, home panels and organization sections of the impact app."""

from typing import Any

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ImpactConfig.ready()."""
    from tiwizi.core.dashboards import register_panel
    from tiwizi.core.navigation import NavItem, register_nav_item
    from tiwizi.impact import panels, permissions
    from tiwizi.registry.sections import register_organization_section

    register_nav_item(
        NavItem(
            _("Impact"), "impact:index", permissions.sees_impact, order=80, active_prefix="/impact/"
        )
    )
    register_nav_item(
        NavItem(
            _("Periodic reports"),
            "impact:report_list",
            lambda user: permissions.sees_reports(user) and not permissions.sees_impact(user),
            order=81,
        )
    )
    register_organization_section(periodic_reports_section)
    register_panel(panels.impact_panel)


def periodic_reports_section(request: Any, organization: Any) -> Any:
    """The organization's page: its latest periodic reports (2 queries)."""
    from tiwizi.core.dashboards import Panel
    from tiwizi.impact import permissions
    from tiwizi.impact.models import PeriodicReport

    if organization.kind not in ("cooperative", "gie"):
        return None
    if not permissions.can_report_for(request.user, organization):
        return None
    reports = list(PeriodicReport.objects.filter(organization=organization)[:4])
    return Panel(
        template="impact/sections/periodic_reports.html",
        context={"organization": organization, "reports": reports},
        order=45,
    )
