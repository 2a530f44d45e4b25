"""Many plans at once, for query-count tests (bulk inserts, no audit records)."""

import datetime
import itertools

from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal, Visit
from tiwizi.registry.models import Organization

from .conftest import TODAY

_numbers = itertools.count()


def add_plans(count, program, coach, ngo):
    """`count` active plans, each with a goal, two visits and two actions (one overdue)."""
    organizations = Organization.objects.bulk_create(
        Organization(kind="cooperative", name_fr=f"Coopérative {next(_numbers)}",
                     name_ar="تعاونية", search_text=" cooper ")
        for _ in range(count)
    )  # fmt: skip
    Organization.stewards.through.objects.bulk_create(
        Organization.stewards.through(from_organization_id=o.pk, to_organization_id=ngo.pk)
        for o in organizations
    )
    plans = CoachingPlan.objects.bulk_create(
        CoachingPlan(program=program, organization=o, coach=coach,
                     start_date=TODAY - datetime.timedelta(days=90),
                     end_date=TODAY + datetime.timedelta(days=90))
        for o in organizations
    )  # fmt: skip
    Goal.objects.bulk_create(Goal(plan=p, text="Vendre en ligne", target_date=TODAY) for p in plans)
    Visit.objects.bulk_create(
        Visit(plan=p, date=TODAY - datetime.timedelta(days=days), duration_minutes=60,
              topics="Ventes", recorded_by=coach)
        for p in plans
        for days in (5, 20)
    )  # fmt: skip
    ActionItem.objects.bulk_create(
        ActionItem(plan=p, text="Action", owner_name="Fatima",
                   due_date=TODAY + datetime.timedelta(days=days))
        for p in plans
        for days in (-2, 7)
    )  # fmt: skip
    return plans
