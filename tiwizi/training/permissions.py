"""Who may do what in training, as named predicates (see ARCHITECTURE.md).

Views first look a record up in a `visible_to(user)` queryset (missing: 404), then ask
one of these (refused: 403). A user's grants are read once per request.
"""

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.programs.models import Cohort, Program
from tiwizi.training.models import Session


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def can_see_training(user: Any) -> bool:
    """The Training menu: administrators, program managers, trainers, cooperatives."""
    return _signed_in(user) and user.has_role(
        Role.PROGRAM_MANAGER, Role.TRAINER, Role.COOPERATIVE_MANAGER
    )


def can_manage_courses(user: Any) -> bool:
    """The course catalogue is kept by program managers."""
    return _signed_in(user) and user.has_role(Role.PROGRAM_MANAGER)


def can_schedule_sessions(user: Any) -> bool:
    """Whether there is any program in which `user` may schedule a session."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    if Role.PROGRAM_MANAGER not in user.roles:
        return False
    return Program.objects.manageable_by(user).exists()


def can_manage_session(user: Any, session: Session) -> bool:
    """Reschedule, cancel, enroll people: program managers of an implementing partner."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    if Role.PROGRAM_MANAGER not in user.roles:
        return False
    return Program.objects.manageable_by(user).filter(pk=session.cohort.program_id).exists()


def can_record_attendance(user: Any, session: Session) -> bool:
    """Program staff (managers and trainers) of the program, and the session's trainer.

    Cooperative managers read their people's attendance but never record it.
    """
    if not _signed_in(user):
        return False
    if user.is_platform_admin or (session.trainer_id and session.trainer_id == user.pk):
        return True
    if not user.roles.intersection((Role.PROGRAM_MANAGER, Role.TRAINER)):
        return False
    return (
        Program.objects.implemented_by_staff_of(user).filter(pk=session.cohort.program_id).exists()
    )


def can_see_all_enrolled(user: Any, session: Session) -> bool:
    """Everyone enrolled (sign-in sheet, full lists): staff and the session's trainer."""
    if not _signed_in(user):
        return False
    return Session.objects.with_full_view(user).filter(pk=session.pk).exists()


def can_issue_certificates(user: Any, cohort: Cohort) -> bool:
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    if Role.PROGRAM_MANAGER not in user.roles:
        return False
    return Program.objects.manageable_by(user).filter(pk=cohort.program_id).exists()


def can_subscribe_calendar(user: Any) -> bool:
    """Trainers get a calendar feed of the sessions they give."""
    return _signed_in(user) and Role.TRAINER in user.roles
