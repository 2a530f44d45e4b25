"""Who may import, as named predicates (see ARCHITECTURE.md)."""

from typing import Any

from tiwizi.accounts.models import Role

IMPORT_ROLES = (Role.PROGRAM_MANAGER, Role.COOPERATIVE_MANAGER, Role.TRAINER)


def can_import(user: Any) -> bool:
    """The Import menu: administrators, program managers, cooperative managers, and
    trainers (attendance sheets). Each kind then says whom it serves."""
    return bool(user and user.is_authenticated) and user.has_role(*IMPORT_ROLES)


def can_confirm(user: Any, job: Any) -> bool:
    """Only the person who sent the file imports it (an administrator sees, not acts)."""
    return bool(user and user.is_authenticated) and job.user_id == user.pk


def can_undo(user: Any, job: Any) -> bool:
    return bool(user and user.is_authenticated) and (
        job.user_id == user.pk or user.is_platform_admin
    )
