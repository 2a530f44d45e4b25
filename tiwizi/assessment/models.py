"""Capacity assessment: frameworks of questions on a 0-4 scale, and the assessments of a
cooperative's organization made with them (baseline, midline, endline, follow-up).

A framework is versioned. A version is drafted, then published; once published it never
changes again (save() and delete() refuse, here and on querysets), so that an assessment
always reads the exact questions and level descriptions it was answered with. A new
version is drafted from an old one (services.draft_new_version).

An assessment is a draft while it is being filled in, then submitted and locked: its
answers can no longer change. A correction is a new assessment that supersedes it
(services.supersede). Scores are computed from the answers by scoring.py, never stored.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tiwizi.assessment.querysets import (
    AnswerQuerySet,
    AssessmentQuerySet,
    FrameworkPartQuerySet,
    FrameworkVersionQuerySet,
)
from tiwizi.core.i18n import localized
from tiwizi.core.models import TimeStampedModel

MIN_LEVEL = 0
MAX_LEVEL = 4
LEVELS = range(MIN_LEVEL, MAX_LEVEL + 1)


class PublishedVersionError(ValidationError):
    """Raised on any attempt to change or delete part of a published framework version."""

    def __init__(self) -> None:
        super().__init__(
            _("This framework version is published and can no longer be changed."),
            code="published",
        )


class SubmittedAssessmentError(ValidationError):
    """Raised on any attempt to change an assessment, or its answers, once submitted."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This assessment has been submitted and can no longer be changed; "
                "supersede it with a new assessment to correct it."
            ),
            code="submitted",
        )


class Framework(TimeStampedModel):
    """A named set of dimensions and questions (e.g. the cooperative capacity framework);
    its content lives in its versions."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class LockedOnceFinal(models.Model):
    """Refuses save() and delete() once the row as stored has reached its final status.

    Reaching it is the last change accepted: the row stored before that save was not
    final. Publishing a framework version and submitting an assessment work this way.
    """

    final_status: ClassVar[str]
    locked_error: ClassVar[type[Exception]]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._stored_is_final():
            raise self.locked_error
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._stored_is_final():
            raise self.locked_error
        return super().delete(*args, **kwargs)

    def _stored_is_final(self) -> bool:
        # The subclasses have a `status` field; the abstract base cannot name it for mypy.
        final = {"pk": self.pk, "status": self.final_status}
        return self.pk is not None and type(self)._default_manager.filter(**final).exists()


class FrameworkVersion(LockedOnceFinal, TimeStampedModel):
    Status = VersionStatus
    # Once published, a version never changes: assessments point to it.
    final_status = VersionStatus.PUBLISHED
    locked_error = PublishedVersionError

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("drafted from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("What changed in this version."))

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="framework_version_unique_number",
                violation_error_message=_("This framework already has a version with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=VersionStatus.values),
                name="framework_version_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status=VersionStatus.DRAFT, published_at__isnull=True)
                | models.Q(status=VersionStatus.PUBLISHED, published_at__isnull=False),
                name="framework_version_published_at_iff_published",
            ),
        ]

    def __str__(self) -> str:
        return _("%(framework)s, version %(number)s") % {
            "framework": self.framework.name,
            "number": self.number,
        }

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


def _refuse_if_published(model: type[models.Model], instance: Any, version_id: int | None) -> None:
    """Refuse a change to a part of a published version, whether the part is in one now
    (as stored) or is being moved into one."""
    path = model.VERSION_PATH  # type: ignore[attr-defined]
    if instance.pk is not None:
        stored = model._default_manager.filter(
            pk=instance.pk, **{f"{path}__status": VersionStatus.PUBLISHED}
        )
        if stored.exists():
            raise PublishedVersionError
    if (
        version_id is not None
        and FrameworkVersion.objects.filter(pk=version_id, status=VersionStatus.PUBLISHED).exists()
    ):
        raise PublishedVersionError


class Dimension(models.Model):
    """One area of capacity (governance, finance…): a group of questions, scored 0-100."""

    VERSION_PATH = "version"

    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Stable across versions: scores of two versions are compared by code."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    objects = FrameworkPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["version_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="dimension_unique_code_per_version",
                violation_error_message=_("This version already has a dimension with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_published(Dimension, self, self.version_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _refuse_if_published(Dimension, self, None)
        return super().delete(*args, **kwargs)

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Question(models.Model):
    VERSION_PATH = "dimension__version"

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(_("code"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_ar = models.TextField(_("question in Arabic"))
    text_fr = models.TextField(_("question in French"))
    text_en = models.TextField(_("question in English"))

    objects = FrameworkPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["dimension_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"],
                name="question_unique_code_per_dimension",
                violation_error_message=_("This dimension already has a question with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_published(Question, self, self._version_id())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _refuse_if_published(Question, self, None)
        return super().delete(*args, **kwargs)

    @property
    def text(self) -> str:
        return localized(self, "text")

    def _version_id(self) -> int | None:
        if self.dimension_id is None:
            return None
        dimension = Dimension.objects.filter(pk=self.dimension_id)
        return dimension.values_list("version_id", flat=True).first()


class Level(models.Model):
    """What one step of a question's 0-4 scale means, in three languages."""

    VERSION_PATH = "question__dimension__version"

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="levels"
    )
    value = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(MIN_LEVEL), MaxValueValidator(MAX_LEVEL)]
    )
    description_ar = models.TextField(_("description in Arabic"))
    description_fr = models.TextField(_("description in French"))
    description_en = models.TextField(_("description in English"))

    objects = FrameworkPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["question_id", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "value"],
                name="level_unique_value_per_question",
                violation_error_message=_("This question already describes this level."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=MIN_LEVEL, value__lte=MAX_LEVEL),
                name="level_value_0_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} — {self.description}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_published(Level, self, self._version_id())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _refuse_if_published(Level, self, None)
        return super().delete(*args, **kwargs)

    @property
    def description(self) -> str:
        return localized(self, "description")

    def _version_id(self) -> int | None:
        if self.question_id is None:
            return None
        return (
            Question.objects.filter(pk=self.question_id)
            .values_list("dimension__version_id", flat=True)
            .first()
        )


class AssessmentKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    MIDLINE = "midline", _("Midline")
    ENDLINE = "endline", _("Endline")
    FOLLOW_UP = "follow_up", _("Follow-up")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Assessment(LockedOnceFinal, TimeStampedModel):
    Kind = AssessmentKind
    Status = AssessmentStatus
    # Once submitted, an assessment is locked; a correction supersedes it.
    final_status = AssessmentStatus.SUBMITTED
    locked_error = SubmittedAssessmentError

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AssessmentKind.choices)
    date = models.DateField(_("date"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    is_self_assessment = models.BooleanField(
        _("self-assessment"),
        default=False,
        help_text=_("Filled in by the cooperative itself rather than by program staff."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["organization_id", "-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AssessmentKind.values), name="assessment_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status=AssessmentStatus.DRAFT, submitted_at__isnull=True)
                | models.Q(status=AssessmentStatus.SUBMITTED, submitted_at__isnull=False),
                name="assessment_submitted_at_iff_submitted",
            ),
            # A submitted assessment is corrected once: the correction is corrected in turn.
            models.UniqueConstraint(
                fields=["supersedes"],
                condition=models.Q(supersedes__isnull=False),
                name="assessment_superseded_once",
                violation_error_message=_("This assessment has already been superseded."),
            ),
            models.CheckConstraint(
                condition=~models.Q(supersedes=models.F("pk")),
                name="assessment_does_not_supersede_itself",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status", "date"])]

    def __str__(self) -> str:
        return _("%(kind)s of %(organization)s, %(date)s") % {
            "kind": self.get_kind_display(),
            "organization": self.organization,
            "date": self.date.isoformat(),
        }

    def get_absolute_url(self) -> str:
        return reverse("assessment:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class Answer(TimeStampedModel):
    """The level chosen for one question of one assessment. An unanswered question has
    no Answer row."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(MIN_LEVEL), MaxValueValidator(MAX_LEVEL)]
    )
    comment = models.TextField(
        _("evidence or comment"),
        blank=True,
        help_text=_("What was seen or shown: a register, a bank statement, minutes…"),
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assessment_id", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"],
                name="answer_unique_per_question",
                violation_error_message=_("This question has already been answered."),
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                name="answer_level_0_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.level}"

    def _refuse_if_locked(self) -> None:
        if Assessment.objects.filter(
            pk=self.assessment_id, status=AssessmentStatus.SUBMITTED
        ).exists():
            raise SubmittedAssessmentError

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_if_locked()
        return super().delete(*args, **kwargs)
