"""Home page panels of the capacity assessment (see core.dashboards), each with a fixed
number of queries whatever the number of assessments or cooperatives.

- Program managers and trainers (and admins): drafts being filled in, and the
  cooperatives taking part in their programs that have no baseline yet.
- Cooperative managers: their organization's latest scores.
"""

from typing import Any

from django.db.models import Exists, OuterRef

from tiwizi.accounts.models import Role
from tiwizi.assessment import results
from tiwizi.assessment.models import Assessment
from tiwizi.assessment.querysets import followed_organization_ids
from tiwizi.core.dashboards import Panel
from tiwizi.registry.models import Organization

PANEL_ROWS = 5


def _roles(user: Any) -> frozenset[str]:
    return frozenset(user.roles) if user and user.is_authenticated else frozenset()


def staff_panel(user: Any) -> Panel | None:
    if not user or not user.is_authenticated:
        return None
    if not (user.is_platform_admin or _roles(user) & {Role.PROGRAM_MANAGER, Role.TRAINER}):
        return None
    drafts = Assessment.objects.visible_to(user).drafts().external()
    draft_rows = list(
        drafts.select_related("organization", "assessor").order_by("-updated_at", "-pk")[
            :PANEL_ROWS
        ]
    )
    baseline = Assessment.objects.filter(
        organization=OuterRef("pk"), kind=Assessment.Kind.BASELINE, is_self_assessment=False
    )
    without_baseline = (
        Organization.objects.active()
        .filter(pk__in=followed_organization_ids(user, participating_only=True))
        .filter(~Exists(baseline))
    )
    missing = list(without_baseline.with_display_name().order_by("display_name", "pk")[:PANEL_ROWS])
    draft_count = drafts.count()
    missing_count = without_baseline.count()
    if not draft_rows and not missing:
        return None
    return Panel(
        template="assessment/panels/staff.html",
        context={
            "drafts": draft_rows,
            "draft_count": draft_count,
            "missing": missing,
            "missing_count": missing_count,
        },
        order=40,
    )


def cooperative_panel(user: Any) -> Panel | None:
    """The latest scores of the manager's organization(s): the most recent assessment
    that counts, by staff or self-assessed."""
    if Role.COOPERATIVE_MANAGER not in _roles(user):
        return None
    own = user.organization_ids(Role.COOPERATIVE_MANAGER)
    organizations = {o.pk: o for o in Organization.objects.filter(pk__in=own)}
    assessments = list(
        Assessment.objects.current().filter(organization_id__in=own).select_related("version")
    )
    structure = results.version_structures({a.version_id for a in assessments})
    scores = results.scores_for(assessments, structure)
    cards = []
    for organization in sorted(organizations.values(), key=lambda o: (str(o), o.pk)):
        latest = results.pick_latest(a for a in assessments if a.organization_id == organization.pk)
        dimensions = structure.get(latest.version_id, []) if latest else []
        cards.append(
            {
                "organization": organization,
                "assessment": latest,
                "scores": scores[latest.pk] if latest else None,
                "rows": [
                    {"name": d.name, "score": scores[latest.pk].dimensions.get(d.code)}
                    for d in dimensions
                ]
                if latest
                else [],
            }
        )
    return Panel(template="assessment/panels/cooperative.html", context={"cards": cards}, order=22)
