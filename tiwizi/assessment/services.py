"""Everything that changes frameworks and assessments: one verb per change, one
transaction each, and an audit record of who did what.

Views, the admin, the demo loader and tests call these functions. They refuse, with a
ValidationError, any change to a published framework version or to a submitted
assessment (the models refuse it too, as a last line).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tiwizi.assessment import results
from tiwizi.assessment.models import (
    LEVELS,
    Answer,
    Assessment,
    Dimension,
    FrameworkVersion,
    Level,
    PublishedVersionError,
    Question,
    SubmittedAssessmentError,
)
from tiwizi.core import audit
from tiwizi.core.models import AuditEntry
from tiwizi.registry.models import Organization

ASSESSMENT_FIELDS = ("organization", "version", "kind", "date", "is_self_assessment", "status")
# Keys of the changes recorded in an assessment's history besides its fields.
SUPERSEDES = "supersedes"
OVERALL = "overall"
ANSWERED = "answered"
DISCARDED = "discarded"


def _snapshot(assessment: Assessment) -> audit.Snapshot:
    """Untranslated values, related records by id (the history names them per reader)."""
    with translation.override(None):
        values = audit.snapshot(assessment, ["kind", "date", "is_self_assessment", "status"])
    values["organization"] = str(assessment.organization_id)
    values["version"] = str(assessment.version_id)
    return {name: values[name] for name in ASSESSMENT_FIELDS}


def _field_error(field: str, message: Any, code: str) -> ValidationError:
    """A refusal filed under a form field, keeping its code for callers and tests."""
    return ValidationError({field: ValidationError(message, code=code)})


# Frameworks


def publish_version(actor: Any, version: FrameworkVersion) -> FrameworkVersion:
    """Publish a draft version, after checking it is complete: at least one dimension,
    each with at least one question, each question with its five levels described."""
    with transaction.atomic():
        version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise PublishedVersionError
        problems = _incomplete(version)
        if problems:
            raise ValidationError(problems)
        version.status = FrameworkVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.full_clean()
        version.save()
        audit.record_change(
            actor, version, AuditEntry.Action.UPDATE, {"status": ["draft", "published"]}
        )
    return version


def _incomplete(version: FrameworkVersion) -> list[ValidationError]:
    dimensions = list(version.dimensions.prefetch_related("questions__levels"))
    if not dimensions:
        return [ValidationError(_("A version needs at least one dimension."), code="empty")]
    problems = []
    codes: set[str] = set()
    for dimension in dimensions:
        questions = list(dimension.questions.all())
        if not questions:
            problems.append(
                ValidationError(
                    _("The dimension %(dimension)s has no question."),
                    code="empty_dimension",
                    params={"dimension": dimension.code},
                )
            )
        for question in questions:
            if question.code in codes:
                problems.append(
                    ValidationError(
                        _("Two questions have the code %(code)s."),
                        code="duplicate_question",
                        params={"code": question.code},
                    )
                )
            codes.add(question.code)
            if sorted(level.value for level in question.levels.all()) != list(LEVELS):
                problems.append(
                    ValidationError(
                        _("The question %(code)s does not describe each level from 0 to 4."),
                        code="levels",
                        params={"code": question.code},
                    )
                )
    return problems


def draft_new_version(
    framework_version: FrameworkVersion, *, actor: Any = None
) -> FrameworkVersion:
    """A new draft version of the same framework, a deep copy of `framework_version`
    (dimensions, questions and levels), numbered after the framework's last version."""
    source = framework_version
    with transaction.atomic():
        framework = source.framework
        existing = FrameworkVersion.objects.filter(framework=framework).drafts().first()
        if existing is not None:
            raise ValidationError(
                _("This framework already has a draft, version %(number)s: edit that one."),
                code="draft_exists",
                params={"number": existing.number},
            )
        last = FrameworkVersion.objects.filter(framework=framework).aggregate(n=Max("number"))
        draft = FrameworkVersion.objects.create(
            framework=framework, number=(last["n"] or 0) + 1, based_on=source
        )
        for dimension in source.dimensions.prefetch_related("questions__levels"):
            copy = Dimension.objects.create(
                version=draft,
                code=dimension.code,
                position=dimension.position,
                name_ar=dimension.name_ar,
                name_fr=dimension.name_fr,
                name_en=dimension.name_en,
                description_ar=dimension.description_ar,
                description_fr=dimension.description_fr,
                description_en=dimension.description_en,
            )
            for question in dimension.questions.all():
                question_copy = Question.objects.create(
                    dimension=copy,
                    code=question.code,
                    position=question.position,
                    text_ar=question.text_ar,
                    text_fr=question.text_fr,
                    text_en=question.text_en,
                )
                Level.objects.bulk_create(
                    Level(
                        question=question_copy,
                        value=level.value,
                        description_ar=level.description_ar,
                        description_fr=level.description_fr,
                        description_en=level.description_en,
                    )
                    for level in question.levels.all()
                )
        audit.record_change(
            actor, draft, AuditEntry.Action.CREATE, {"based_on": ["", str(source.pk)]}
        )
    return draft


# Assessments


def _refuse_if_submitted(assessment: Assessment) -> None:
    if not Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT).exists():
        raise SubmittedAssessmentError


def start_assessment(
    actor: Any,
    organization: Organization,
    *,
    kind: str,
    date: datetime.date,
    version: FrameworkVersion | None = None,
    is_self_assessment: bool = False,
    notes: str = "",
) -> Assessment:
    """Open a draft assessment of `organization` with a published framework version
    (the newest one by default).

    One open assessment of each kind at a time: an organization has one baseline (by
    staff, and one self-assessed); correct a submitted one with `supersede`.
    """
    with transaction.atomic():
        version = version or FrameworkVersion.objects.latest_published()
        if version is None or not version.is_published:
            raise _field_error("version", _("Choose a published framework version."), "unpublished")
        if date > timezone.localdate():
            raise _field_error(
                "date", _("The date of an assessment cannot be in the future."), "future"
            )
        same = Assessment.objects.filter(
            organization=organization, is_self_assessment=is_self_assessment
        )
        if same.drafts().filter(kind=kind).exists():
            raise _field_error(
                "kind",
                _(
                    "An assessment of this kind is already being filled in for this "
                    "organization: continue it or discard it first."
                ),
                "draft_exists",
            )
        if (
            kind == Assessment.Kind.BASELINE
            and same.filter(kind=kind).with_successor().filter(has_successor=False).exists()
        ):
            raise _field_error(
                "kind",
                _(
                    "This organization already has a baseline. To correct it, supersede "
                    "it with a new assessment."
                ),
                "baseline_exists",
            )
        assessment = Assessment(
            organization=organization,
            version=version,
            kind=kind,
            date=date,
            assessor=actor if getattr(actor, "is_authenticated", False) else None,
            is_self_assessment=is_self_assessment,
            notes=notes,
        )
        assessment.full_clean()
        assessment.save()
        audit.record_change(
            actor, assessment, AuditEntry.Action.CREATE, audit.diff({}, _snapshot(assessment))
        )
    return assessment


def record_answer(
    actor: Any, assessment: Assessment, question: Question, level: int, comment: str = ""
) -> Answer:
    """Save (or change) the level chosen for one question of a draft assessment."""
    with transaction.atomic():
        _refuse_if_submitted(assessment)
        if not Question.objects.filter(
            pk=question.pk, dimension__version_id=assessment.version_id
        ).exists():
            raise _field_error(
                "level", _("This question is not part of this assessment."), "question"
            )
        if level not in LEVELS:
            raise _field_error("level", _("Choose a level from 0 to 4."), "level")
        answer = Answer.objects.filter(assessment=assessment, question=question).first()
        if answer is None:
            answer = Answer(assessment=assessment, question=question)
        elif answer.level == level and answer.comment == comment:
            return answer
        answer.level = level
        answer.comment = comment
        answer.full_clean()
        answer.save()
    return answer


def clear_answer(actor: Any, assessment: Assessment, question: Question) -> None:
    """Take back the answer to one question of a draft (it becomes unanswered)."""
    with transaction.atomic():
        _refuse_if_submitted(assessment)
        Answer.objects.filter(assessment=assessment, question=question).delete()


def submit_assessment(
    actor: Any,
    assessment: Assessment,
    *,
    date: datetime.date | None = None,
    notes: str | None = None,
) -> Assessment:
    """Lock a draft, with its final date and notes when given: from now on nothing in it
    changes. It needs at least one answer; unanswered questions are left out of the
    scores (see scoring.py)."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not assessment.is_draft:
            raise SubmittedAssessmentError
        if not assessment.answers.exists():
            raise ValidationError(
                _("Answer at least one question before submitting."), code="no_answer"
            )
        before = _snapshot(assessment)
        if date is not None:
            if date > timezone.localdate():
                raise _field_error(
                    "date", _("The date of an assessment cannot be in the future."), "future"
                )
            assessment.date = date
        if notes is not None:
            assessment.notes = notes
        assessment.status = Assessment.Status.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.full_clean()
        assessment.save()
        scores = results.scores_for([assessment])[assessment.pk]
        changes = audit.diff(before, _snapshot(assessment))
        changes[OVERALL] = ["", "" if scores.overall is None else str(scores.overall)]
        changes[ANSWERED] = ["", f"{scores.answered}/{scores.total}"]
        audit.record_change(actor, assessment, AuditEntry.Action.UPDATE, changes)
    return assessment


def supersede(assessment: Assessment, *, actor: Any = None) -> Assessment:
    """Open a correction of a submitted assessment: a new draft of the same organization,
    kind, date and framework version, prefilled with its answers, that supersedes it. The
    old assessment keeps counting until the correction is submitted."""
    with transaction.atomic():
        old = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not old.is_submitted:
            raise ValidationError(
                _("Only a submitted assessment can be superseded; change the draft instead."),
                code="draft",
            )
        if Assessment.objects.filter(supersedes=old).exists():
            raise ValidationError(
                _("This assessment has already been superseded."), code="superseded"
            )
        new = Assessment(
            organization_id=old.organization_id,
            version_id=old.version_id,
            kind=old.kind,
            date=old.date,
            assessor=actor if getattr(actor, "is_authenticated", False) else old.assessor,
            is_self_assessment=old.is_self_assessment,
            supersedes=old,
            notes=old.notes,
        )
        new.full_clean()
        new.save()
        Answer.objects.bulk_create(
            Answer(assessment=new, question_id=a.question_id, level=a.level, comment=a.comment)
            for a in old.answers.all()
        )
        changes = audit.diff({}, _snapshot(new))
        changes[SUPERSEDES] = ["", str(old.pk)]
        audit.record_change(actor, new, AuditEntry.Action.CREATE, changes)
    return new


def discard_draft(actor: Any, assessment: Assessment) -> None:
    """Delete a draft that will not be submitted (a submitted assessment stays forever)."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not assessment.is_draft:
            raise SubmittedAssessmentError
        before = _snapshot(assessment)
        audit.record_change(
            actor,
            assessment,
            AuditEntry.Action.UPDATE,
            {**{name: [value, ""] for name, value in before.items()}, DISCARDED: ["", "yes"]},
        )
        assessment.delete()
