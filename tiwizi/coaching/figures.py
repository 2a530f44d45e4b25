"""Coaching figures on a program page (see programs.figures): three queries, in the
database, whatever the number of plans, visits and action items."""

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tiwizi.coaching.models import ActionItem, CoachingPlan, Visit
from tiwizi.programs.figures import Figure


def coaching_figures(program: Any) -> list[Figure]:
    """`coaching_plans`: plans in the program, whatever their status (the hint says how
    many are active); `coaching_visits`: visits recorded in those plans;
    `actions_open`: action items still open; `actions_overdue`: open and due before
    today (an item due today is not overdue yet)."""
    today = timezone.localdate()
    plans = CoachingPlan.objects.filter(program=program).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(status=CoachingPlan.Status.ACTIVE))
    )
    visits = Visit.objects.in_program(program).count()
    actions = ActionItem.objects.in_program(program).aggregate(
        open=Count("pk", filter=Q(status=ActionItem.Status.OPEN)),
        overdue=Count("pk", filter=Q(status=ActionItem.Status.OPEN, due_date__lt=today)),
    )
    active_hint = ngettext("%(count)s active", "%(count)s active", plans["active"]) % {
        "count": plans["active"]
    }
    return [
        Figure("coaching_plans", _("Coaching plans"), plans["total"], active_hint),
        Figure("coaching_visits", _("Coaching visits"), visits),
        Figure("actions_open", _("Open action items"), actions["open"]),
        Figure(
            "actions_overdue",
            _("Overdue action items"),
            actions["overdue"],
            _("Open and past their due date"),
        ),
    ]
