"""Who may do what in the registry, as named predicates (see ARCHITECTURE.md).

Views first look an object up in a `visible_to(user)` queryset (missing: 404), then ask
one of these (refused: 403). Each predicate is one cheap query at most: a user's grants
are read once per request (`User.role_pairs`).
"""

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.registry.models import Membership, Organization, Person

# Roles that work with people's records; funders and buyers only ever see aggregates.
PEOPLE_ROLES = (Role.PROGRAM_MANAGER, Role.TRAINER, Role.COOPERATIVE_MANAGER)


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def can_see_organizations(user: Any) -> bool:
    """Anyone with a grant sees at least their own organization."""
    return _signed_in(user) and (user.is_platform_admin or bool(user.role_pairs))


def can_see_people(user: Any) -> bool:
    return _signed_in(user) and user.has_role(*PEOPLE_ROLES)


def can_create_organization(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.PROGRAM_MANAGER)


def can_manage_organization(user: Any, organization: Organization) -> bool:
    """Edit an organization and its members: its managers, its stewards' program managers."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return Organization.objects.manageable_by(user).filter(pk=organization.pk).exists()


def can_archive_organization(user: Any, organization: Organization) -> bool:
    """Archive or restore: staff who support it, not the organization's own managers
    (a cooperative should not be able to take itself out of a program's registry)."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    supporting = user.organization_ids(Role.PROGRAM_MANAGER)
    return bool(supporting) and organization.stewards.filter(pk__in=supporting).exists()


def can_see_members(user: Any, organization: Organization) -> bool:
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return Organization.objects.members_visible_to(user).filter(pk=organization.pk).exists()


def can_manage_person(user: Any, person: Person) -> bool:
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return Person.objects.manageable_by(user).filter(pk=person.pk).exists()


def can_manage_membership(user: Any, membership: Membership) -> bool:
    return can_manage_organization(user, membership.organization)


def can_add_memberships(user: Any) -> bool:
    """Whether there is any organization in which `user` may record a membership."""
    if not _signed_in(user):
        return False
    return user.is_platform_admin or Organization.objects.manageable_by(user).active().exists()
