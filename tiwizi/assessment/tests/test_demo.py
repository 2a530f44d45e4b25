"""The demo assessments: baselines for the cooperatives, follow-ups for most, the same
every time, and loading twice changes nothing."""

from collections import Counter

import pytest

from tiwizi.assessment import results
from tiwizi.assessment.demo import load_assessment_demo
from tiwizi.assessment.models import Answer, Assessment


class Report:
    def __init__(self):
        self.outcomes = Counter()

    def count(self, model, outcome):
        self.outcomes[(model.__name__, outcome)] += 1


@pytest.fixture
def cooperatives(make_organization, ngo, make_user):
    from tiwizi.accounts.models import Role

    make_user(Role.TRAINER, ngo)
    return [make_organization(stewards=[ngo]) for _ in range(10)]


def _state():
    return sorted(
        Assessment.objects.values_list("organization_id", "kind", "date", "status", "updated_at")
    ), Answer.objects.count()


def test_loading_twice_changes_nothing(cooperatives, version):
    first = Report()
    load_assessment_demo(first)
    before = _state()
    second = Report()
    load_assessment_demo(second)
    assert _state() == before
    created = first.outcomes[("Assessment", "created")]
    assert second.outcomes == Counter({("Assessment", "unchanged"): created})


def test_every_cooperative_has_a_baseline_and_most_a_follow_up(cooperatives, version):
    load_assessment_demo(Report())
    baselines = Assessment.objects.filter(kind="baseline", status="submitted")
    follow_ups = Assessment.objects.filter(kind="follow_up", status="submitted")
    assert baselines.count() == 10
    assert 5 <= follow_ups.count() < 10
    assert all(a.assessor is not None for a in baselines)
    assert Answer.objects.filter(assessment__in=baselines).count() == 10 * 30


def test_improvement_is_plausible_and_varies(cooperatives, version):
    load_assessment_demo(Report())
    assessments = list(Assessment.objects.all())
    scores = results.scores_for(assessments)
    changes = []
    for organization in cooperatives:
        own = [a for a in assessments if a.organization_id == organization.pk]
        baseline = results.pick_baseline(own)
        latest = results.pick_latest(own)
        if latest.pk != baseline.pk:
            changes.append(scores[latest.pk].overall - scores[baseline.pk].overall)
    assert len(set(changes)) > 3  # not the same for everyone
    assert sum(1 for c in changes if c > 0) > len(changes) / 2  # most improve
    assert all(-30 < c < 60 for c in changes)


def test_the_same_seed_draws_the_same_levels(cooperatives, version):
    load_assessment_demo(Report())
    levels = sorted(
        Answer.objects.values_list("assessment__organization_id", "question_id", "level")
    )
    Answer.objects.all()._raw_delete(Answer.objects.db)
    Assessment.objects.all()._raw_delete(Assessment.objects.db)
    load_assessment_demo(Report())
    assert (
        sorted(Answer.objects.values_list("assessment__organization_id", "question_id", "level"))
        == levels
    )
