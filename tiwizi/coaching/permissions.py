"""Who may do what in coaching, as named predicates (see ARCHITECTURE.md).

Views first look a record up in a `visible_to(user)` queryset (missing: 404), then ask
one of these (refused: 403). Each predicate runs one cheap query at most.

- Program managers of an implementing organization (and administrators) create, edit
  and close plans, and do everything the coach does.
- The coach records goals, goal status changes, visits and action items on their own
  plans, while the plan is active.
- The coached cooperative's managers read their plans (goals, visits without the
  coach's notes, action items) and may mark as done the open action items that belong
  to the cooperative: those assigned to them, or to a member without an account (no
  owner account). They cannot drop or reopen an item, nor touch one assigned to the
  coach or to someone else with an account.
- Funders and buyers see no plan.
"""

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.coaching.models import ActionItem, CoachingPlan

COACHING_ROLES = (Role.PROGRAM_MANAGER, Role.TRAINER, Role.COOPERATIVE_MANAGER)


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def can_see_coaching(user: Any) -> bool:
    """The menu entry: staff who run or give coaching, and coached cooperatives."""
    return _signed_in(user) and user.has_role(*COACHING_ROLES)


def can_create_plan(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.PROGRAM_MANAGER)


def can_manage_plan(user: Any, plan: CoachingPlan) -> bool:
    """Edit or close a plan: the program's managers."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    if Role.PROGRAM_MANAGER not in user.roles:
        return False
    return CoachingPlan.objects.manageable_by(user).filter(pk=plan.pk).exists()


def is_coach_of(user: Any, plan: CoachingPlan) -> bool:
    return _signed_in(user) and plan.coach_id == user.pk and Role.TRAINER in user.roles


def can_follow_plan(user: Any, plan: CoachingPlan) -> bool:
    """Record goals, visits and action items: the coach and the program's managers."""
    return is_coach_of(user, plan) or can_manage_plan(user, plan)


def can_change_plan_content(user: Any, plan: CoachingPlan) -> bool:
    return plan.is_active and can_follow_plan(user, plan)


def is_cooperative_manager_of(user: Any, plan: CoachingPlan) -> bool:
    return _signed_in(user) and plan.organization_id in user.organization_ids(
        Role.COOPERATIVE_MANAGER
    )


def can_see_visit_notes(user: Any, plan: CoachingPlan) -> bool:
    """The coach's notes are for staff: the cooperative sees topics and next steps."""
    return can_follow_plan(user, plan)


def cooperative_may_mark_done(user: Any, item: ActionItem) -> bool:
    """The cooperative manager's single right of change: mark its own open item done."""
    return (
        item.status == ActionItem.Status.OPEN
        and item.owner_user_id in (None, getattr(user, "pk", None))
        and is_cooperative_manager_of(user, item.plan)
    )


def allowed_action_statuses(user: Any, item: ActionItem, follows: bool | None = None) -> set[str]:
    """The statuses `user` may set on `item` (empty: no change allowed).

    `follows` is can_follow_plan(user, item.plan) when the caller already knows it, so
    that a page listing many items asks once.
    """
    plan = item.plan
    if not plan.is_active:
        return set()
    if follows is None:
        follows = can_follow_plan(user, plan)
    if follows:
        return set(ActionItem.Status.values) - {item.status}
    if cooperative_may_mark_done(user, item):
        return {ActionItem.Status.DONE}
    return set()
