"""Who may do what with events, as named predicates (see ARCHITECTURE.md).

Views first look an event up in `Event.objects.visible_to(user)` (missing: 404), then ask
one of these (refused: 403). Each predicate runs one cheap query at most.
"""

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.events.models import Event, Registration

# Roles that find events in the menu.
EVENT_ROLES = (Role.PROGRAM_MANAGER, Role.TRAINER, Role.COOPERATIVE_MANAGER)


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def can_see_events(user: Any) -> bool:
    """The menu entry: administrators, staff and cooperative managers."""
    return _signed_in(user) and user.has_role(*EVENT_ROLES)


def can_open_event_list(user: Any) -> bool:
    """Funders also reach the list (from a program's page), to see their programs' events."""
    return _signed_in(user) and user.has_role(*EVENT_ROLES, Role.FUNDER)


def can_create_event(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.PROGRAM_MANAGER)


def can_manage_event(user: Any, event: Event) -> bool:
    """Edit and cancel: program managers of the organizers or of a program implementer."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return Event.objects.manageable_by(user).filter(pk=event.pk).exists()


def can_follow_up_event(user: Any, event: Event) -> bool:
    """Staff of the event (trainers included): see its people, record attendance, export
    the participants, follow up its outcomes."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return Event.objects.staffed_by(user).filter(pk=event.pk).exists()


def can_register_at(user: Any, event: Event) -> bool:
    """Open the registration form: staff, and cooperative managers (who may register only
    their own organization and its members: services.register enforces it)."""
    if not _signed_in(user) or event.is_cancelled:
        return False
    if user.has_role(Role.COOPERATIVE_MANAGER) and user.organization_ids(Role.COOPERATIVE_MANAGER):
        return True
    return can_follow_up_event(user, event)


def can_unregister(user: Any, registration: Registration) -> bool:
    """Staff remove any registration; a cooperative manager their own organization's,
    while the event is still to come."""
    event = registration.event
    if can_follow_up_event(user, event):
        return True
    if not _signed_in(user) or event.status != Event.Status.PLANNED:
        return False
    return registration.organization_id in user.organization_ids(Role.COOPERATIVE_MANAGER)
