"""Everything that changes coaching records: one verb per change, one transaction each,
with an audit record of who changed what (shown as the plan's history).

Views, the admin's future actions, imports and tests call these; none of them saves a
coaching model directly. Each verb validates the model (`full_clean`) so that a caller
that skipped a form still cannot store an invalid record, and raises `ValidationError`
for a refused change (a closed plan, an invalid action item…).
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal, Visit
from tiwizi.core import audit
from tiwizi.core.models import AuditEntry

# Fields recorded in the history, in the order the history lists them.
PLAN_FIELDS = (
    "program", "organization", "coach", "start_date", "end_date", "objective", "status",
    "closed_on",
)  # fmt: skip
PLAN_EDITABLE_FIELDS = ("coach", "start_date", "end_date", "objective")
GOAL_FIELDS = ("text", "target_date", "status", "achieved_on")
VISIT_FIELDS = ("date", "duration_minutes", "mode", "topics", "notes", "next_steps")
ACTION_FIELDS = ("text", "owner_name", "owner_user", "due_date", "status", "done_on")


def _created(actor: Any, instance: models.Model, fields: Iterable[str]) -> None:
    audit.record_change(
        actor,
        instance,
        AuditEntry.Action.CREATE,
        audit.diff({}, audit.source_snapshot(instance, fields)),
    )


def _require_active(plan: CoachingPlan) -> None:
    if not plan.is_active:
        raise ValidationError(_("This coaching plan is closed: it can no longer be changed."))


def _locked_plan(plan: CoachingPlan) -> CoachingPlan:
    """The stored plan, locked: the caller's copy may predate a closing."""
    return CoachingPlan.objects.select_for_update().get(pk=plan.pk)


# Plans


def create_plan(actor: Any, data: Mapping[str, Any]) -> CoachingPlan:
    """Start a coaching plan from `data` (program, organization, coach, dates, objective)."""
    with transaction.atomic():
        plan = CoachingPlan(status=CoachingPlan.Status.ACTIVE)
        audit.assign(plan, data, ("program", "organization", *PLAN_EDITABLE_FIELDS))
        plan.full_clean()
        plan.save()
        _created(actor, plan, PLAN_FIELDS)
    return plan


def update_plan(actor: Any, plan: CoachingPlan, data: Mapping[str, Any]) -> CoachingPlan:
    """Change the coach, the dates or the objective. The program and the organization
    stay: a plan moved to another program would move its visits in the figures."""
    with transaction.atomic():
        plan = _locked_plan(plan)
        _require_active(plan)
        before = audit.source_snapshot(plan, PLAN_FIELDS)
        audit.assign(plan, data, PLAN_EDITABLE_FIELDS)
        plan.full_clean()
        plan.save()
        changes = audit.diff(before, audit.source_snapshot(plan, PLAN_FIELDS))
        if changes:
            audit.record_change(actor, plan, AuditEntry.Action.UPDATE, changes)
    return plan


def close_plan(actor: Any, plan: CoachingPlan, closed_on: date | None = None) -> CoachingPlan:
    """Close a plan. Its open action items are dropped in the same transaction (nobody
    follows them any longer, and they would stay "overdue" in the program's figures);
    open goals stay open, that is, not achieved."""
    with transaction.atomic():
        plan = _locked_plan(plan)
        _require_active(plan)
        for item in plan.action_items.select_for_update().filter(status=ActionItem.Status.OPEN):
            _set_action_status(actor, item, ActionItem.Status.DROPPED, None)
        before = audit.source_snapshot(plan, PLAN_FIELDS)
        plan.status = CoachingPlan.Status.CLOSED
        plan.closed_on = closed_on or timezone.localdate()
        plan.full_clean()
        plan.save()
        audit.record_change(
            actor,
            plan,
            AuditEntry.Action.UPDATE,
            audit.diff(before, audit.source_snapshot(plan, PLAN_FIELDS)),
        )
    return plan


# Goals


def add_goal(actor: Any, plan: CoachingPlan, data: Mapping[str, Any]) -> Goal:
    with transaction.atomic():
        plan = _locked_plan(plan)
        _require_active(plan)
        goal = Goal(plan=plan, status=Goal.Status.OPEN)
        audit.assign(goal, data, ("text", "target_date"))
        goal.full_clean()
        goal.save()
        _created(actor, goal, GOAL_FIELDS)
    return goal


def set_goal_status(actor: Any, goal: Goal, status: str, on: date | None = None) -> Goal:
    """Mark a goal achieved (on `on`, today by default), dropped, or open again."""
    if status not in Goal.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    with transaction.atomic():
        _require_active(_locked_plan(goal.plan))
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        if goal.status == status:
            return goal
        before = audit.source_snapshot(goal, GOAL_FIELDS)
        goal.status = status
        goal.achieved_on = (on or timezone.localdate()) if status == Goal.Status.ACHIEVED else None
        goal.full_clean()
        goal.save()
        changes = audit.diff(before, audit.source_snapshot(goal, GOAL_FIELDS))
        audit.record_change(actor, goal, AuditEntry.Action.UPDATE, changes)
    return goal


# Visits and action items


def _new_action(plan: CoachingPlan, data: Mapping[str, Any], visit: Visit | None) -> ActionItem:
    item = ActionItem(plan=plan, visit=visit, status=ActionItem.Status.OPEN)
    audit.assign(item, data, ("text", "owner_name", "owner_user", "due_date"))
    item.owner_name = (item.owner_name or "").strip()
    owner_user = data.get("owner_user")
    if owner_user is not None and not item.owner_name:
        # Keep the name too: the item still names its owner if the account goes.
        item.owner_name = str(owner_user)[: ActionItem._meta.get_field("owner_name").max_length]
    return item


def record_visit(
    actor: Any,
    plan: CoachingPlan,
    data: Mapping[str, Any],
    actions: Sequence[Mapping[str, Any]] = (),
) -> Visit:
    """Record a visit and the action items decided at it: all of them or none.

    A refused action item raises ValidationError naming its row (`actions-<n>`), and
    nothing is saved.
    """
    with transaction.atomic():
        plan = _locked_plan(plan)
        _require_active(plan)
        visit = Visit(
            plan=plan, recorded_by=actor if getattr(actor, "is_authenticated", False) else None
        )
        audit.assign(visit, data, VISIT_FIELDS)
        visit.full_clean()
        visit.save()
        _created(actor, visit, VISIT_FIELDS)
        for index, action in enumerate(actions):
            item = _new_action(plan, action, visit)
            try:
                item.full_clean()
            except ValidationError as error:
                raise ValidationError({f"actions-{index}": error.messages}) from error
            item.save()
            _created(actor, item, ACTION_FIELDS)
    return visit


def add_action_item(
    actor: Any, plan: CoachingPlan, data: Mapping[str, Any], visit: Visit | None = None
) -> ActionItem:
    with transaction.atomic():
        plan = _locked_plan(plan)
        _require_active(plan)
        item = _new_action(plan, data, visit)
        item.full_clean()
        item.save()
        _created(actor, item, ACTION_FIELDS)
    return item


def _set_action_status(actor: Any, item: ActionItem, status: str, on: date | None) -> ActionItem:
    before = audit.source_snapshot(item, ACTION_FIELDS)
    item.status = status
    item.done_on = (on or timezone.localdate()) if status == ActionItem.Status.DONE else None
    item.full_clean()
    item.save()
    changes = audit.diff(before, audit.source_snapshot(item, ACTION_FIELDS))
    audit.record_change(actor, item, AuditEntry.Action.UPDATE, changes)
    return item


def set_action_status(
    actor: Any, item: ActionItem, status: str, on: date | None = None
) -> ActionItem:
    """Mark an action item done (on `on`, today by default), dropped, or open again."""
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    with transaction.atomic():
        _require_active(_locked_plan(item.plan))
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        if item.status == status:
            return item
        return _set_action_status(actor, item, status, on)
