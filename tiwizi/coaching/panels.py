"""Home page panels of coaching (see core.dashboards), each with a fixed number of
queries whatever the number of plans."""

from typing import Any

from django.db.models import F, Prefetch
from django.utils import timezone

from tiwizi.accounts.models import Role
from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal
from tiwizi.core.dashboards import Panel
from tiwizi.registry.querysets import localized_expression


def _roles(user: Any) -> frozenset[str]:
    return frozenset(user.roles) if user and user.is_authenticated else frozenset()


def coach_panel(user: Any) -> Panel | None:
    """Trainers: "My cooperatives", one row per active plan they coach, the ones with
    overdue actions first. One query (with the grants read once per request)."""
    if Role.TRAINER not in _roles(user):
        return None
    plans = list(
        CoachingPlan.objects.filter(coach=user)
        .active()
        .with_progress()
        .with_next_action()
        .select_related("organization", "program")
        .annotate(
            organization_name=localized_expression("organization__name_fr", "organization__name_ar")
        )
        .order_by("-actions_overdue", F("last_visit").asc(nulls_first=True), "organization_name")
    )
    return Panel(
        template="coaching/panels/coach.html",
        context={"plans": plans, "today": timezone.localdate()},
        order=12,
    )


def cooperative_panel(user: Any) -> Panel | None:
    """Cooperative managers: their active plan(s), with goals and open actions. Three
    queries: plans, goals, open actions."""
    if Role.COOPERATIVE_MANAGER not in _roles(user):
        return None
    organizations = user.organization_ids(Role.COOPERATIVE_MANAGER)
    open_actions = ActionItem.objects.open().select_related("owner_user").order_by("due_date", "pk")
    plans = list(
        CoachingPlan.objects.filter(organization_id__in=organizations)
        .active()
        .select_related("organization", "program", "coach")
        .prefetch_related(
            Prefetch("goals", Goal.objects.order_by("target_date", "pk"), to_attr="goal_list"),
            Prefetch("action_items", open_actions, to_attr="open_actions"),
        )
        .order_by("start_date", "pk")
    )
    if not plans:
        return None
    for plan in plans:
        plan.goals_achieved = sum(1 for g in plan.goal_list if g.status == Goal.Status.ACHIEVED)
        for item in plan.open_actions:
            item.plan = plan
            item.marks_done = item.owner_user_id in (None, user.pk)
    return Panel(
        template="coaching/panels/cooperative.html",
        context={"plans": plans},
        order=25,
    )
