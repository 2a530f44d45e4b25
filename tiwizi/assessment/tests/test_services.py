"""Assessments through the services: drafts filled in, submitted and locked, corrected
by a new assessment that supersedes them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tiwizi.assessment import results, services
from tiwizi.assessment.models import (
    Answer,
    Assessment,
    Question,
    SubmittedAssessmentError,
)
from tiwizi.assessment.tests.conftest import BASELINE_DAY, FOLLOW_UP_DAY


def _entries(assessment):
    from tiwizi.core.audit import history_for

    return history_for(assessment)


def _start(actor, organization, version, **kwargs):
    kwargs.setdefault("kind", Assessment.Kind.BASELINE)
    kwargs.setdefault("date", BASELINE_DAY)
    return services.start_assessment(actor, organization, version=version, **kwargs)


def test_starting_opens_a_draft_with_the_newest_version(program_manager, cooperative, version):
    assessment = services.start_assessment(
        program_manager, cooperative, kind=Assessment.Kind.BASELINE, date=BASELINE_DAY
    )
    assert assessment.is_draft and assessment.version == version
    assert assessment.assessor == program_manager
    entry = _entries(assessment).get(action="create")
    assert entry.changes["kind"] == ["", "Baseline"]


def test_an_assessment_cannot_be_dated_in_the_future(program_manager, cooperative, version):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        _start(program_manager, cooperative, version, date=tomorrow)
    assert "date" in refused.value.error_dict


def test_one_baseline_per_organization_and_author(
    program_manager, cooperative, version, make_assessment
):
    make_assessment(cooperative)
    with pytest.raises(ValidationError) as refused:
        _start(program_manager, cooperative, version)
    assert refused.value.error_dict["kind"][0].code == "baseline_exists"
    # A self-assessed baseline is another matter.
    self_assessed = _start(program_manager, cooperative, version, is_self_assessment=True)
    assert self_assessed.is_self_assessment


def test_one_draft_of_each_kind_at_a_time(program_manager, cooperative, version):
    _start(program_manager, cooperative, version, kind=Assessment.Kind.FOLLOW_UP)
    with pytest.raises(ValidationError) as refused:
        _start(program_manager, cooperative, version, kind=Assessment.Kind.FOLLOW_UP)
    assert refused.value.error_dict["kind"][0].code == "draft_exists"


def test_an_unpublished_version_cannot_be_used(program_manager, cooperative, version):
    draft = services.draft_new_version(version)
    with pytest.raises(ValidationError) as refused:
        _start(program_manager, cooperative, draft)
    assert "version" in refused.value.error_dict


def test_answers_are_saved_and_changed_while_a_draft(
    program_manager, cooperative, version, questions
):
    assessment = _start(program_manager, cooperative, version)
    question = questions["governance"][0]
    services.record_answer(program_manager, assessment, question, 1, "Pas de PV")
    services.record_answer(program_manager, assessment, question, 3, "PV 2024 signé")
    answer = Answer.objects.get(assessment=assessment)
    assert (answer.level, answer.comment) == (3, "PV 2024 signé")
    services.clear_answer(program_manager, assessment, question)
    assert not Answer.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize("level", [-1, 5, 99])
def test_a_level_outside_0_to_4_is_refused(program_manager, cooperative, version, questions, level):
    assessment = _start(program_manager, cooperative, version)
    with pytest.raises(ValidationError):
        services.record_answer(program_manager, assessment, questions["finance"][0], level)
    assert not Answer.objects.exists()


def test_a_question_of_another_version_is_refused(program_manager, cooperative, version):
    draft = services.draft_new_version(version)
    foreign = Question.objects.filter(dimension__version=draft).first()
    assessment = _start(program_manager, cooperative, version)
    with pytest.raises(ValidationError):
        services.record_answer(program_manager, assessment, foreign, 2)


def test_submitting_needs_at_least_one_answer(program_manager, cooperative, version):
    assessment = _start(program_manager, cooperative, version)
    with pytest.raises(ValidationError) as refused:
        services.submit_assessment(program_manager, assessment)
    assert refused.value.code == "no_answer"


def test_submitting_locks_the_assessment_and_records_its_scores(
    program_manager, cooperative, make_assessment
):
    assessment = make_assessment(cooperative, {"governance": [2, 3]})
    assert assessment.is_submitted and assessment.submitted_at is not None
    entry = _entries(assessment).get(action="update")
    assert entry.changes["status"] == ["Draft", "Submitted"]
    # governance (2 + 3) / 2 / 4 * 100 = 62.5, the only dimension answered
    assert entry.changes[services.OVERALL] == ["", "62.5"]
    assert entry.changes[services.ANSWERED] == ["", "2/30"]


def test_services_refuse_any_change_to_a_submitted_assessment(
    program_manager, cooperative, make_assessment, questions
):
    assessment = make_assessment(cooperative, {"governance": [2, 3]})
    question = questions["governance"][0]
    with pytest.raises(SubmittedAssessmentError):
        services.record_answer(program_manager, assessment, question, 4)
    with pytest.raises(SubmittedAssessmentError):
        services.record_answer(program_manager, assessment, questions["finance"][0], 4)
    with pytest.raises(SubmittedAssessmentError):
        services.clear_answer(program_manager, assessment, question)
    with pytest.raises(SubmittedAssessmentError):
        services.submit_assessment(program_manager, assessment)
    with pytest.raises(SubmittedAssessmentError):
        services.discard_draft(program_manager, assessment)
    assert list(
        assessment.answers.order_by("question__position").values_list("level", flat=True)
    ) == [2, 3]


def test_the_models_refuse_changes_to_a_submitted_assessment_too(
    cooperative, make_assessment, questions
):
    assessment = make_assessment(cooperative, {"governance": [2]})
    answer = assessment.answers.get()
    answer.level = 4
    with pytest.raises(SubmittedAssessmentError):
        answer.save()
    with pytest.raises(SubmittedAssessmentError):
        Answer.objects.filter(pk=answer.pk).update(level=4)
    with pytest.raises(SubmittedAssessmentError):
        Answer.objects.filter(pk=answer.pk).delete()
    with pytest.raises(SubmittedAssessmentError):
        Answer.objects.create(assessment=assessment, question=questions["finance"][0], level=1)
    assessment.date = FOLLOW_UP_DAY
    with pytest.raises(SubmittedAssessmentError):
        assessment.save()
    with pytest.raises(SubmittedAssessmentError):
        assessment.delete()
    assert Answer.objects.get(pk=answer.pk).level == 2


def test_supersede_opens_a_prefilled_draft_pointing_to_the_old_one(
    trainer, cooperative, participation, make_assessment
):
    old = make_assessment(cooperative, {"governance": [2, 3], "finance": [1]})
    new = services.supersede(old, actor=trainer)
    assert new.is_draft and new.supersedes == old
    assert (new.organization, new.kind, new.date, new.version) == (
        old.organization, old.kind, old.date, old.version
    )  # fmt: skip
    assert new.assessor == trainer
    assert sorted(new.answers.values_list("question_id", "level")) == sorted(
        old.answers.values_list("question_id", "level")
    )
    old.refresh_from_db()
    assert old.is_submitted  # the old one never changes
    entry = _entries(new).get(action="create")
    assert entry.changes[services.SUPERSEDES] == ["", str(old.pk)]


def test_a_submitted_assessment_is_superseded_once_and_a_draft_never(
    program_manager, cooperative, make_assessment
):
    old = make_assessment(cooperative)
    services.supersede(old, actor=program_manager)
    with pytest.raises(ValidationError) as refused:
        services.supersede(old, actor=program_manager)
    assert refused.value.code == "superseded"
    draft = make_assessment(cooperative, kind=Assessment.Kind.FOLLOW_UP, submit=False)
    with pytest.raises(ValidationError) as refused:
        services.supersede(draft)
    assert refused.value.code == "draft"


def test_the_old_assessment_counts_until_its_correction_is_submitted(
    program_manager, cooperative, make_assessment, questions
):
    old = make_assessment(cooperative, 2)
    new = services.supersede(old, actor=program_manager)
    assert list(Assessment.objects.current()) == [old]
    services.record_answer(program_manager, new, questions["governance"][0], 4)
    services.submit_assessment(program_manager, new)
    assert list(Assessment.objects.current()) == [new]
    scores = results.scores_for([new])[new.pk]
    # governance: four questions at 2 and one at 4 -> 12 / 5 / 4 * 100 = 60.0
    assert scores.dimensions["governance"] == pytest.approx(60)


def test_discarding_deletes_a_draft_and_records_it(
    program_manager, cooperative, version, questions
):
    assessment = _start(program_manager, cooperative, version)
    services.record_answer(program_manager, assessment, questions["governance"][0], 1)
    pk = assessment.pk
    services.discard_draft(program_manager, assessment)
    assert not Assessment.objects.filter(pk=pk).exists()
    assert not Answer.objects.exists()
    entry = _entries(Assessment(pk=pk)).order_by("-id").first()
    assert entry.changes[services.DISCARDED] == ["", "yes"]


def test_submitting_can_set_the_final_date_and_notes(program_manager, cooperative, make_assessment):
    draft = make_assessment(cooperative, submit=False)
    submitted = services.submit_assessment(
        program_manager, draft, date=datetime.date(2025, 3, 12), notes="Avec le bureau"
    )
    assert (submitted.date, submitted.notes) == (datetime.date(2025, 3, 12), "Avec le bureau")
