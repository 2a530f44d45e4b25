"""Who may do what with impact figures, as named predicates (see ARCHITECTURE.md).

- Periodic reports: cooperative managers of their own organization, program staff of the
  organizations they support, admins (querysets.reporting_organizations).
- A program's dashboard, targets and measurements: its partners' program managers,
  trainers and funders, and admins; targets and measurements are changed by the
  program managers of an implementing organization and admins (programs' rule).
- Funders and cooperative managers see figures with small numbers suppressed; program
  staff and admins see them all (`audience_for`).
"""

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.impact.querysets import reporting_organizations
from tiwizi.impact.results import Audience
from tiwizi.programs import permissions as program_permissions
from tiwizi.programs.models import Program

# Roles for which a program's dashboard may be visible.
DASHBOARD_ROLES = ("program_manager", "trainer", "funder")
IMPACT_ROLES = (Role.PROGRAM_MANAGER, Role.TRAINER, Role.FUNDER)


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def sees_impact(user: Any) -> bool:
    """The "Impact" menu: program staff, funders and admins."""
    return _signed_in(user) and (user.is_platform_admin or user.has_role(*IMPACT_ROLES))


def sees_reports(user: Any) -> bool:
    """The periodic reports menu: whoever may enter a report."""
    return _signed_in(user) and (
        user.is_platform_admin
        or user.has_role(Role.COOPERATIVE_MANAGER, Role.PROGRAM_MANAGER, Role.TRAINER)
    )


def dashboard_programs(user: Any) -> Any:
    """Programs whose dashboard `user` may open (a queryset)."""
    return Program.objects.partnered_with(user, *DASHBOARD_ROLES)


def can_report_for(user: Any, organization: Any) -> bool:
    return reporting_organizations(user).filter(pk=organization.pk).exists()


def can_manage_targets(user: Any, program: Program) -> bool:
    return program_permissions.can_manage_program(user, program)


def audience_for(user: Any, program: Program | None) -> Audience:
    """Staff who may see the people behind the figures see them all; others (funders,
    and anyone on the platform-wide figures who is not an admin) see them suppressed."""
    if _signed_in(user) and user.is_platform_admin:
        return Audience.STAFF
    if program is not None and program_permissions.can_see_program_people(user, program):
        return Audience.STAFF
    return Audience.FUNDER
