"""Reads of coaching records, scoped to what a user may see (views start from these).

Who sees a plan, with its goals, visits and action items:
- platform administrators: every plan;
- program managers of an organization that implements the plan's program;
- the coach, while they hold the trainer role;
- the managers of the coached cooperative or GIE (read-only, see permissions.py).
Funders and buyers see none: they get the program's aggregate figures only.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from tiwizi.core.i18n import FALLBACKS, current_language

TRAINER = "trainer"
COOPERATIVE_MANAGER = "cooperative_manager"


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def program_name_expression(prefix: str = "") -> Coalesce:
    """A program's name as the reader sees it (Program.name), for sorting in SQL."""
    languages = FALLBACKS.get(current_language(), FALLBACKS["fr"])
    names = [f"{prefix}name_{code}" for code in languages]
    return Coalesce(*(NullIf(name, Value("")) for name in names), Value(""))


def _count(queryset: models.QuerySet[Any]) -> Coalesce:
    """COUNT(*) of `queryset` (already correlated with OuterRef) as a scalar subquery."""
    counted = queryset.order_by().values("plan_id").annotate(count=Count("pk")).values("count")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class CoachingPlanQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CoachingPlanQuerySet:
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        from tiwizi.programs.models import Program

        condition = Q(program__in=Program.objects.manageable_by(user))
        if TRAINER in user.roles:
            condition |= Q(coach=user)
        managed = user.organization_ids(COOPERATIVE_MANAGER)
        if managed:
            condition |= Q(organization_id__in=managed)
        return self.filter(condition)

    def manageable_by(self, user: Any) -> CoachingPlanQuerySet:
        """Plans `user` may edit and close: the program's managers (and administrators)."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        from tiwizi.programs.models import Program

        return self.filter(program__in=Program.objects.manageable_by(user))

    def followed_by(self, user: Any) -> CoachingPlanQuerySet:
        """Plans whose goals, visits and action items `user` records: the coach's own
        plans and the plans the user manages."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        from tiwizi.programs.models import Program

        condition = Q(program__in=Program.objects.manageable_by(user))
        if TRAINER in user.roles:
            condition |= Q(coach=user)
        return self.filter(condition)

    def active(self) -> CoachingPlanQuerySet:
        return self.filter(status="active")

    def closed(self) -> CoachingPlanQuerySet:
        return self.filter(status="closed")

    def with_progress(self) -> CoachingPlanQuerySet:
        """Annotate `goals_total`, `goals_achieved`, `actions_open`, `actions_overdue` and
        `last_visit` with one scalar subquery each (no joins that multiply rows)."""
        from tiwizi.coaching.models import ActionItem, Goal, Visit

        goals = Goal.objects.filter(plan=OuterRef("pk"))
        actions = ActionItem.objects.filter(plan=OuterRef("pk")).open()
        last_visit = (
            Visit.objects.filter(plan=OuterRef("pk"))
            .order_by()
            .values("plan_id")
            .annotate(last=Max("date"))
            .values("last")[:1]
        )
        return self.annotate(
            goals_total=_count(goals),
            goals_achieved=_count(goals.filter(status="achieved")),
            actions_open=_count(actions),
            actions_overdue=_count(actions.overdue()),
            last_visit=Subquery(last_visit, output_field=models.DateField()),
        )

    def with_next_action(self) -> CoachingPlanQuerySet:
        """Annotate the open action item due first: `next_action_text`, `next_action_due`."""
        from tiwizi.coaching.models import ActionItem

        first = ActionItem.objects.filter(plan=OuterRef("pk")).open().order_by("due_date", "pk")
        return self.annotate(
            next_action_text=Subquery(first.values("text")[:1]),
            next_action_due=Subquery(first.values("due_date")[:1]),
        )


class _PlanChildQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Any:
        from tiwizi.coaching.models import CoachingPlan

        if _signed_in(user) and user.is_platform_admin:
            return self.all()
        return self.filter(plan__in=CoachingPlan.objects.visible_to(user))

    def in_program(self, program: Any) -> Any:
        return self.filter(plan__program=program)


class GoalQuerySet(_PlanChildQuerySet):
    def open(self) -> GoalQuerySet:
        return self.filter(status="open")

    def achieved(self) -> GoalQuerySet:
        return self.filter(status="achieved")


class VisitQuerySet(_PlanChildQuerySet):
    pass


class ActionItemQuerySet(_PlanChildQuerySet):
    def open(self) -> ActionItemQuerySet:
        return self.filter(status="open")

    def overdue(self, today: Any = None) -> ActionItemQuerySet:
        """Open and past their due date; an item due today is not overdue yet."""
        return self.filter(status="open", due_date__lt=today or timezone.localdate())
