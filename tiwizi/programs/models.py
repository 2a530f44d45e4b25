"""Programs: who funds and implements them, their cohorts and participating organizations."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tiwizi.core.i18n import localized
from tiwizi.core.models import TimeStampedModel
from tiwizi.core.text import search_document
from tiwizi.programs.querysets import (
    CohortQuerySet,
    ContributionQuerySet,
    ParticipationQuerySet,
    ProgramQuerySet,
)


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Program(TimeStampedModel):
    Status = ProgramStatus

    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    target_provinces = models.ManyToManyField(
        "geo.Province", verbose_name=_("target provinces"), blank=True, related_name="programs"
    )
    budget_mad = models.DecimalField(
        _("budget (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Folded, stemmed names in every language (see core.text); kept up to date by save().
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_ar="") | ~models.Q(name_fr="") | ~models.Q(name_en=""),
                name="program_has_a_name",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="program_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    def get_absolute_url(self) -> str:
        return reverse("programs:program_detail", args=[self.pk])

    def clean(self) -> None:
        if not (self.name_ar.strip() or self.name_fr.strip() or self.name_en.strip()):
            raise ValidationError(
                {"name_fr": _("Give the program a name in at least one language.")}
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date must be on or after the start date.")}
            )

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = search_document(self.name_ar, self.name_fr, self.name_en)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PartnerRoleKind(models.TextChoices):
    FUNDER = "funder", _("Funder")
    IMPLEMENTER = "implementer", _("Implementer")
    INSTITUTIONAL = "institutional", _("Institutional partner")
    TECHNICAL = "technical", _("Technical partner")


class PartnerRole(models.Model):
    Role = PartnerRoleKind

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="partner_roles"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="partner_roles",
    )
    role = models.CharField(_("role"), max_length=16, choices=PartnerRoleKind.choices)

    class Meta:
        verbose_name = _("partner role")
        verbose_name_plural = _("partner roles")
        ordering = ["program_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "organization", "role"],
                name="partner_role_unique",
                violation_error_message=_(
                    "This organization already has this role in the program."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=PartnerRoleKind.values), name="partner_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_role_display()}"


class Cohort(TimeStampedModel):
    """A phase or intake of a program; its dates lie within the program's."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="cohorts"
    )
    name = models.CharField(_("name"), max_length=120)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["program_id", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="cohort_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["program", "name"],
                name="cohort_unique_name",
                violation_error_message=_("This program already has a cohort with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:cohort_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(
                _("The end date must be on or after the start date."), code="ends_before_start"
            )
        program = self.program if self.program_id else None
        if program and self.start_date and self.start_date < program.start_date:
            errors["start_date"] = ValidationError(
                _("A cohort cannot start before its program (%(date)s)."),
                code="before_program",
                params={"date": date_format(program.start_date, "SHORT_DATE_FORMAT")},
            )
        if program and self.end_date and self.end_date > program.end_date:
            errors["end_date"] = ValidationError(
                _("A cohort cannot end after its program (%(date)s)."),
                code="after_program",
                params={"date": date_format(program.end_date, "SHORT_DATE_FORMAT")},
            )
        if errors:
            raise ValidationError(errors)


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SELECTED = "selected", _("Selected")
    ACTIVE = "active", _("Active")
    GRADUATED = "graduated", _("Graduated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which an organization counts as taking part in a program (in the figures,
# the program page and the panels): applicants not yet selected and withdrawals do not.
PARTICIPATING_STATUSES = (
    ParticipationStatus.SELECTED,
    ParticipationStatus.ACTIVE,
    ParticipationStatus.GRADUATED,
)


class Participation(TimeStampedModel):
    """An organization (cooperative, GIE…) taking part in a cohort; `since` is the date
    its current status began."""

    Status = ParticipationStatus
    PARTICIPATING = PARTICIPATING_STATUSES

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="participations"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.APPLIED,
    )
    since = models.DateField(_("since"), default=timezone.localdate)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["cohort_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "organization"],
                name="participation_unique_per_cohort",
                violation_error_message=_("This organization is already in this cohort."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ParticipationStatus.values),
                name="participation_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.cohort}"


class ContributionKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class ContributionStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    RECEIVED = "received", _("Received")


class Contribution(TimeStampedModel):
    """Money or in-kind support a partner pledged to, or gave, a program (valued in MAD)."""

    Kind = ContributionKind
    Status = ContributionStatus

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="contributions"
    )
    partner = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ContributionKind.choices)
    amount_mad = models.DecimalField(
        _("amount (MAD)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ContributionStatus.choices,
        default=ContributionStatus.PLEDGED,
    )
    date = models.DateField(_("date"), default=timezone.localdate)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["program_id", "-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_mad__gte=0), name="contribution_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ContributionKind.values), name="contribution_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ContributionStatus.values),
                name="contribution_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.amount_mad} MAD"

    def clean(self) -> None:
        if (
            self.program_id
            and self.partner_id
            and not PartnerRole.objects.filter(
                program_id=self.program_id, organization_id=self.partner_id
            ).exists()
        ):
            raise ValidationError(
                {"partner": _("Only a partner of the program can make a contribution to it.")}
            )
