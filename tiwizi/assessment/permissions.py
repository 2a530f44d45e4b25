"""Who may do what with assessments, as named predicates (see ARCHITECTURE.md).

Views first look an assessment up in `Assessment.objects.visible_to(user)` (missing:
404), then ask one of these (refused: 403). Each is one cheap query at most.

- Program managers and trainers of an organization implementing a program assess the
  organizations taking part in its cohorts (selected, active or graduated).
- A cooperative manager may fill in a self-assessment of their own organization.
- Funders see cohort averages only, never one organization's assessment.
"""

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.assessment.models import Assessment
from tiwizi.assessment.querysets import COHORT_VIEWER_ROLES, followed_organization_ids
from tiwizi.registry.models import Organization

# Roles that may have something to see under the Assessment menu item.
ASSESSMENT_ROLES = (Role.PROGRAM_MANAGER, Role.TRAINER, Role.COOPERATIVE_MANAGER, Role.FUNDER)
STAFF_ROLES = (Role.PROGRAM_MANAGER, Role.TRAINER)


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def can_see_assessment_pages(user: Any) -> bool:
    """The menu item: anyone who may have results or cohort averages to see."""
    return _signed_in(user) and user.has_role(*ASSESSMENT_ROLES)


def sees_individual_assessments(user: Any) -> bool:
    """Staff, cooperative managers and admins; funders only ever see averages."""
    return _signed_in(user) and user.has_role(*STAFF_ROLES, Role.COOPERATIVE_MANAGER)


def can_assess(user: Any, organization: Organization) -> bool:
    """Start or fill in an assessment by program staff of this organization."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    if not user.has_role(*STAFF_ROLES):
        return False
    return (
        Organization.objects.filter(pk=organization.pk)
        .filter(pk__in=followed_organization_ids(user, participating_only=True))
        .exists()
    )


def can_self_assess(user: Any, organization: Organization) -> bool:
    """A cooperative manager fills in a self-assessment of their own organization."""
    return _signed_in(user) and organization.pk in user.organization_ids(Role.COOPERATIVE_MANAGER)


def can_see_results(user: Any, organization: Organization) -> bool:
    """An organization's results page: its staff, its own managers and admins."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin or can_self_assess(user, organization):
        return True
    if not user.has_role(*STAFF_ROLES):
        return False
    return (
        Organization.objects.filter(pk=organization.pk)
        .filter(pk__in=followed_organization_ids(user))
        .exists()
    )


def can_change_assessment(user: Any, assessment: Assessment) -> bool:
    """Fill in or discard a draft: its organization's manager for a self-assessment,
    the organization's program staff otherwise (and admins)."""
    if not assessment.is_draft or not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    if assessment.is_self_assessment:
        return can_self_assess(user, assessment.organization)
    return can_assess(user, assessment.organization)


def can_supersede(user: Any, assessment: Assessment, *, has_successor: bool) -> bool:
    """Correct a submitted assessment with a new one, once, by whoever could fill it."""
    if not assessment.is_submitted or has_successor or not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    if assessment.is_self_assessment:
        return can_self_assess(user, assessment.organization)
    return can_assess(user, assessment.organization)


def can_see_cohort_results(user: Any, program: Any) -> bool:
    """A cohort's averages: the program's partners' program managers, trainers and
    funders, and admins."""
    from tiwizi.programs.models import Program

    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return Program.objects.partnered_with(user, *COHORT_VIEWER_ROLES).filter(pk=program.pk).exists()


def sees_cohort_members(user: Any, program: Any) -> bool:
    """The per-organization table of a cohort page: implementers' staff and admins."""
    from tiwizi.programs.models import Program

    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return Program.objects.implemented_by_staff_of(user).filter(pk=program.pk).exists()


def can_export(user: Any) -> bool:
    """The Excel export of individual scores: never funders."""
    return sees_individual_assessments(user)
