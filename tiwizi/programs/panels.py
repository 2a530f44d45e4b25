"""Home page panels of programs (see core.dashboards): funders see the programs they
fund, program managers the programs they run. Each runs a fixed number of queries."""

from typing import Any

from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tiwizi.accounts.models import Role
from tiwizi.core.dashboards import Panel
from tiwizi.programs import permissions
from tiwizi.programs.models import Cohort, Contribution, Program

PANEL_PROGRAMS = 6
MONEY = DecimalField(max_digits=16, decimal_places=2)


def _roles(user: Any) -> frozenset[str]:
    return frozenset(user.roles) if user and user.is_authenticated else frozenset()


def _contributed(partner_ids: set[int], status: str) -> Coalesce:
    """The sum one set of partners contributed to the outer program, in one status."""
    sums = (
        Contribution.objects.filter(
            program=OuterRef("pk"), partner_id__in=partner_ids, status=status
        )
        .order_by()
        .values("program")
        .annotate(total=Sum("amount_mad"))
        .values("total")
    )
    return Coalesce(Subquery(sums, output_field=MONEY), Value(0, output_field=MONEY))


def funder_panel(user: Any) -> Panel | None:
    """Funders: the programs their organization funds, with figures and their money."""
    if Role.FUNDER not in _roles(user):
        return None
    funded = Program.objects.funded_by(user)
    funder_orgs = user.organization_ids(Role.FUNDER)
    programs = list(
        funded.with_participation_counts()
        .with_display_name()
        .annotate(
            pledged=_contributed(funder_orgs, Contribution.Status.PLEDGED),
            received=_contributed(funder_orgs, Contribution.Status.RECEIVED),
        )
        .order_by("-start_date", "pk")[:PANEL_PROGRAMS]
    )
    if not programs:
        return None
    return Panel(
        template="programs/panels/funder.html",
        context={"programs": programs, "total": funded.count()},
        order=25,
    )


def manager_panel(user: Any) -> Panel | None:
    """Program managers and admins: the programs they run, with cohorts and counts."""
    if not user or not user.is_authenticated:
        return None
    if not (user.is_platform_admin or Role.PROGRAM_MANAGER in _roles(user)):
        return None
    running = Program.objects.manageable_by(user).exclude(status=Program.Status.CLOSED)
    cohorts = Cohort.objects.with_participation_counts().order_by("start_date", "pk")
    programs = list(
        running.with_participation_counts()
        .with_display_name()
        .prefetch_related(Prefetch("cohorts", cohorts, to_attr="cohort_list"))
        .order_by("-start_date", "pk")[:PANEL_PROGRAMS]
    )
    return Panel(
        template="programs/panels/manager.html",
        context={
            "programs": programs,
            "total": running.count(),
            "can_create": permissions.can_create_program(user),
        },
        order=15,
    )
