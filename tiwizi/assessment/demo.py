"""Demo capacity assessments, for the demo loader (tiwizi/demo calls this function).

Every active cooperative gets a baseline when the demo program starts (about 14 months
before the day the demo is first loaded, as in tiwizi/demo/activity_data.py) and most of
them a follow-up in the last three months, with the default framework's latest version,
so that the training and coaching between the two show on the results pages. Levels are
drawn from a seeded random generator, so every run draws the same values: each
cooperative starts from its own level per dimension and improves by its own amount (a
few stagnate or slip back).

Idempotent on (organization, kind): an assessment that exists is left as it is, even on
a later day (a submitted assessment never changes), and a draft left over is completed.
Written through the ORM, like the rest of the demo data: not an audited user action.
"""

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from tiwizi.accounts.models import Grant, Role
from tiwizi.assessment import results
from tiwizi.assessment.models import MAX_LEVEL, Answer, Assessment, FrameworkVersion
from tiwizi.registry.models import Organization

SEED = 2026
# Days before today: the demo program started 426 days ago; follow-ups are recent.
BASELINE_DAYS_AGO = 430
FOLLOW_UP_DAYS_AGO = 95
FOLLOW_UP_SHARE = 0.8  # about four cooperatives in five have been assessed again


def _clamp(value: float) -> int:
    return max(0, min(MAX_LEVEL, round(value)))


def _draw(
    rng: random.Random, dimensions: list[results.DimensionInfo], today: datetime.date
) -> dict[str, Any]:
    """One cooperative's dates and levels, drawn in a fixed order."""
    baseline_date = today - datetime.timedelta(days=BASELINE_DAYS_AGO - rng.randint(0, 45))
    follow_up_date = today - datetime.timedelta(days=FOLLOW_UP_DAYS_AGO - rng.randint(0, 60))
    assessed_again = rng.random() < FOLLOW_UP_SHARE
    strength = rng.uniform(0.6, 2.4)  # where the cooperative starts, on the 0-4 scale
    progress = rng.choice([-0.3, 0.0, 0.4, 0.7, 0.9, 1.1, 1.4])  # how far it moves
    baseline: dict[int, int] = {}
    follow_up: dict[int, int] = {}
    for dimension in dimensions:
        start = strength + rng.uniform(-0.8, 0.8)
        gain = progress + rng.uniform(-0.4, 0.6)
        for question_id in dimension.question_ids:
            level = start + rng.gauss(0, 0.6)
            baseline[question_id] = _clamp(level)
            follow_up[question_id] = _clamp(level + gain + rng.gauss(0, 0.4))
    return {
        "baseline_date": baseline_date,
        "follow_up_date": follow_up_date,
        "assessed_again": assessed_again,
        "baseline": baseline,
        "follow_up": follow_up,
    }


def _assessors(organizations: list[Organization]) -> dict[int, Any]:
    """A program manager or trainer of one of each cooperative's supporting
    organizations, to stand as the assessor (None when there is none)."""
    stewards = Organization.stewards.through.objects.filter(
        from_organization_id__in=[o.pk for o in organizations]
    ).values_list("from_organization_id", "to_organization_id")
    grants = Grant.objects.filter(role__in=(Role.TRAINER, Role.PROGRAM_MANAGER)).select_related(
        "user"
    )
    staff: dict[int, Any] = {}
    for grant in grants.order_by("-role", "pk"):  # trainers first
        staff.setdefault(grant.organization_id, grant.user)
    assessors: dict[int, Any] = {}
    for cooperative_id, steward_id in sorted(stewards):
        if steward_id in staff:
            assessors.setdefault(cooperative_id, staff[steward_id])
    return assessors


def _write(
    report: Any,
    organization: Organization,
    version: FrameworkVersion,
    kind: str,
    date: datetime.date,
    levels: dict[int, int],
    assessor: Any,
) -> None:
    existing = Assessment.objects.filter(
        organization=organization, kind=kind, is_self_assessment=False
    ).first()
    if existing is not None and existing.is_submitted:
        report.count(Assessment, "unchanged")
        return
    if existing is None:
        assessment = Assessment.objects.create(
            organization=organization, version=version, kind=kind, date=date, assessor=assessor
        )
        outcome = "created"
    else:  # a draft left over (by an earlier run stopped halfway, or by hand)
        assessment = existing
        assessment.version = version
        Answer.objects.filter(assessment=assessment).delete()
        outcome = "updated"
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_id=question_id, level=level)
        for question_id, level in levels.items()
    )
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.make_aware(
        datetime.datetime.combine(date, datetime.time(17, 0))
    )
    assessment.save()
    report.count(Assessment, outcome)


@transaction.atomic
def load_assessment_demo(report: Any) -> None:
    """Baselines for every active cooperative, follow-ups for most (see the module)."""
    version = FrameworkVersion.objects.latest_published()
    if version is None:
        return
    dimensions = results.version_structures([version.pk]).get(version.pk, [])
    cooperatives = list(
        Organization.objects.active()
        .filter(kind=Organization.Kind.COOPERATIVE)
        .order_by("name_fr", "name_ar", "pk")
    )
    assessors = _assessors(cooperatives)
    rng = random.Random(SEED)  # noqa: S311 (demo data, not secrets)
    today = timezone.localdate()
    for cooperative in cooperatives:
        drawn = _draw(rng, dimensions, today)
        assessor = assessors.get(cooperative.pk)
        baseline_date = min(drawn["baseline_date"], today)
        _write(report, cooperative, version, Assessment.Kind.BASELINE, baseline_date,
               drawn["baseline"], assessor)  # fmt: skip
        follow_up_date = min(drawn["follow_up_date"], today)
        if drawn["assessed_again"] and follow_up_date > baseline_date:
            _write(report, cooperative, version, Assessment.Kind.FOLLOW_UP, follow_up_date,
                   drawn["follow_up"], assessor)  # fmt: skip
