"""Training: reusable courses, their sessions in a cohort, enrollments, attendance and
the certificates it earns.

A session is one day's training: a training that lasts several days is recorded as one
session per day, so that attendance is taken (and signed) per day, as in the field, and
a session's duration (end minus start) is the hours actually delivered.
"""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from tiwizi.core.i18n import localized
from tiwizi.core.models import TimeStampedModel
from tiwizi.training.querysets import (
    AttendanceQuerySet,
    CertificateQuerySet,
    CourseQuerySet,
    EnrollmentQuerySet,
    SessionQuerySet,
)

# Longest session we accept: a day's training. Longer trainings are one session per day.
MAX_SESSION_HOURS = 12


class TeachingLanguage(models.TextChoices):
    """Languages a course is taught in (codes as in ISO 639)."""

    ARABIC = "ar", _("Arabic")
    DARIJA = "ary", _("Moroccan Arabic (Darija)")
    AMAZIGH = "ber", _("Amazigh")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class Course(TimeStampedModel):
    """A reusable training module (bookkeeping, cooperative governance, hygiene…)."""

    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    objectives = models.TextField(
        _("objectives"), blank=True, help_text=_("What participants can do after the course.")
    )
    topics = models.TextField(_("topics"), blank=True, help_text=_("One topic per line."))
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("The planned length of the whole course, shown on its certificate."),
    )
    # A small multiple choice: a JSON list of TeachingLanguage codes, e.g. ["ar", "ber"].
    languages = models.JSONField(_("languages taught"), default=list, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active courses can be scheduled.")
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title_fr", "title_ar", "title_en", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_ar="") | ~models.Q(title_fr="") | ~models.Q(title_en=""),
                name="course_has_a_title",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_hours__gt=0), name="course_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("training:course_detail", args=[self.pk])

    @property
    def language_labels(self) -> list[str]:
        labels = dict(TeachingLanguage.choices)
        return [str(labels[code]) for code in self.languages or [] if code in labels]

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if not (self.title_ar.strip() or self.title_fr.strip() or self.title_en.strip()):
            errors.setdefault("title_fr", []).append(
                ValidationError(_("Give the course a title in at least one language."))
            )
        languages = self.languages or []
        if not isinstance(languages, list) or any(
            code not in TeachingLanguage.values for code in languages
        ):
            errors.setdefault("languages", []).append(
                ValidationError(_("Choose languages from the list."))
            )
        if errors:
            raise ValidationError(errors)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Session(TimeStampedModel):
    """One day of a course given to a cohort, at a place, by a trainer."""

    Status = SessionStatus

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions"
    )
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    venue = models.CharField(
        _("venue"),
        max_length=200,
        blank=True,
        help_text=_("Where in the commune: a cooperative's premises, a youth centre…"),
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions",
        limit_choices_to={"grants__role": "trainer"},
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), validators=[MinValueValidator(1)], help_text=_("Places available.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="session_has_places"),
            models.CheckConstraint(
                condition=models.Q(status__in=SessionStatus.values), name="session_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "course", "status"]),
            models.Index(fields=["trainer", "starts_at"]),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.course} — {local:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("training:session_detail", args=[self.pk])

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def duration_hours(self) -> Decimal:
        seconds = Decimal(self.duration.total_seconds())
        return (seconds / 3600).quantize(Decimal("0.1"))

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def place(self) -> str:
        commune = self.commune.name if self.commune_id else ""
        separator = pgettext("list separator", ", ")
        return separator.join(part for part in (self.venue, commune) if part)

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors.setdefault("ends_at", []).append(
                    ValidationError(_("A session must end after it starts."))
                )
            elif self.ends_at - self.starts_at > timedelta(hours=MAX_SESSION_HOURS):
                errors.setdefault("ends_at", []).append(
                    ValidationError(
                        _(
                            "A session lasts at most %(hours)s hours: record a training of "
                            "several days as one session per day."
                        )
                        % {"hours": MAX_SESSION_HOURS}
                    )
                )
        cohort = self.cohort if self.cohort_id else None
        if cohort is not None and self.starts_at:
            day = timezone.localtime(self.starts_at).date()
            if not cohort.start_date <= day <= cohort.end_date:
                errors.setdefault("starts_at", []).append(
                    ValidationError(
                        _(
                            "The session must take place within the cohort's dates "
                            "(%(start)s to %(end)s)."
                        ),
                        code="outside_cohort",
                        params={
                            "start": date_format(cohort.start_date, "SHORT_DATE_FORMAT"),
                            "end": date_format(cohort.end_date, "SHORT_DATE_FORMAT"),
                        },
                    )
                )
        if self.trainer_id and not self.trainer.grants.filter(role="trainer").exists():  # type: ignore[union-attr]
            errors.setdefault("trainer", []).append(
                ValidationError(_("The trainer must be a user with the trainer role."))
            )
        if errors:
            raise ValidationError(errors)


class Enrollment(TimeStampedModel):
    """A person registered for a session, on behalf of an organization they belong to."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="enrollments"
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="training_enrollments",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization represented"),
        on_delete=models.PROTECT,
        related_name="training_enrollments",
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["session_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="enrollment_unique_per_session",
                violation_error_message=_("This person is already enrolled in this session."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}"

    def clean(self) -> None:
        from tiwizi.registry.models import Membership

        if (
            self.person_id
            and self.organization_id
            and not Membership.objects.current()
            .filter(person_id=self.person_id, organization_id=self.organization_id)
            .exists()
        ):
            raise ValidationError(
                {
                    "organization": _(
                        "This person is not a current member of the organization they represent."
                    )
                }
            )


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused absence")
    UNEXCUSED = "unexcused", _("Unexcused absence")


class Attendance(models.Model):
    """Whether an enrolled person came: one row per enrollment, once it is recorded."""

    Status = AttendanceStatus

    enrollment = models.OneToOneField(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["enrollment_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AttendanceStatus.values),
                name="attendance_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} — {self.get_status_display()}"


# Certificate codes: no 0/O, 1/I to misread on paper; 32 symbols, 10 of them = 50 bits.
CERTIFICATE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CERTIFICATE_CODE_LENGTH = 10


def new_certificate_code() -> str:
    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH))


def normalize_certificate_code(raw: str) -> str:
    """A code as people type it from paper (lower case, spaces, dashes) in stored form."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:40]


class Certificate(models.Model):
    """Earned by a person for a course within a cohort (see services.qualifying_people)."""

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="training_certificates",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates"
    )
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="training_certificates",
    )
    code = models.CharField(
        _("verification code"), max_length=16, unique=True, default=new_certificate_code
    )
    issued_at = models.DateTimeField(_("issued on"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "cohort"], name="certificate_one_per_course_and_cohort"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.person} — {self.course}"

    def get_absolute_url(self) -> str:
        return reverse("training:certificate_pdf", args=[self.pk])

    def get_verify_url(self) -> str:
        return reverse("training:verify", args=[self.code])


class TrainerCalendar(models.Model):
    """A trainer's secret calendar address: whoever has the link reads their sessions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="training_calendar",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("trainer calendar")
        verbose_name_plural = _("trainer calendars")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)  # 32 URL-safe characters
