"""Who may do what with programs, as named predicates (see ARCHITECTURE.md).

Views first look a program up in `Program.objects.visible_to(user)` (missing: 404),
then ask one of these (refused: 403). Each is one cheap query at most.
"""

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.programs.models import Program
from tiwizi.programs.querysets import CONTRIBUTION_VIEWER_ROLES

# Roles for which a program may be visible (the menu item is shown to them).
PROGRAM_ROLES = (Role.PROGRAM_MANAGER, Role.TRAINER, Role.FUNDER, Role.COOPERATIVE_MANAGER)


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def can_see_programs(user: Any) -> bool:
    """Whether the user may have programs to see at all (the menu item)."""
    return _signed_in(user) and user.has_role(*PROGRAM_ROLES)


def can_create_program(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.PROGRAM_MANAGER)


def can_manage_program(user: Any, program: Program) -> bool:
    """Change the program, its partners, cohorts, participants and contributions:
    platform admins and the program managers of an implementing organization."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return Program.objects.manageable_by(user).filter(pk=program.pk).exists()


def can_see_program_people(user: Any, program: Program) -> bool:
    """See people's records through the program (trainees, attendance, coaching): its
    implementers' program managers and trainers, and admins; never funders."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return Program.objects.implemented_by_staff_of(user).filter(pk=program.pk).exists()


def can_see_contributions(user: Any, program: Program) -> bool:
    """The money: program managers and funders of a partner organization, and admins."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return (
        Program.objects.partnered_with(user, *CONTRIBUTION_VIEWER_ROLES)
        .filter(pk=program.pk)
        .exists()
    )
