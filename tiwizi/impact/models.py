"""Impact: what cooperatives report each period (members, jobs, revenue), the catalogue
of indicators (computed from the data or entered by hand), programs' targets, and
hand-entered measurements. Computed values are never stored: they are aggregated from
the other apps' rows when asked (see tiwizi/impact/results.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tiwizi.core.i18n import localized
from tiwizi.core.models import TimeStampedModel
from tiwizi.impact.querysets import PeriodicReportQuerySet

QUARTER = [MinValueValidator(1), MaxValueValidator(4)]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class PeriodicReport(TimeStampedModel):
    """A cooperative's own figures for a quarter (quarter 1-4) or a whole year (no
    quarter). Sales by channel are prefilled from the sales ledger, then confirmed."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="periodic_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=QUARTER,
        help_text=_("Leave empty for a report on the whole year."),
    )  # fmt: skip
    members_women = models.PositiveIntegerField(_("women members"), default=0)
    members_men = models.PositiveIntegerField(_("men members"), default=0)
    members_under_35 = models.PositiveIntegerField(_("members under 35"), default=0)
    jobs_permanent = models.PositiveIntegerField(_("permanent jobs"), default=0)
    jobs_seasonal = models.PositiveIntegerField(_("seasonal jobs"), default=0)
    jobs_women = models.PositiveIntegerField(_("jobs held by women"), default=0)
    jobs_under_35 = models.PositiveIntegerField(_("jobs held by people under 35"), default=0)
    revenue_mad = models.DecimalField(
        _("revenue (MAD)"), max_digits=14, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    sales_local_mad = models.DecimalField(
        _("local sales (MAD)"), max_digits=14, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    sales_national_mad = models.DecimalField(
        _("national sales (MAD)"), max_digits=14, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    sales_export_mad = models.DecimalField(
        _("export sales (MAD)"), max_digits=14, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PeriodicReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-year", models.F("quarter").desc(nulls_first=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "quarter"],
                name="one_quarterly_report_per_period",
            ),
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=models.Q(quarter__isnull=True),
                name="one_yearly_report_per_year",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__isnull=True) | models.Q(quarter__range=(1, 4)),
                name="report_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    members_under_35__lte=models.F("members_women") + models.F("members_men")
                ),
                name="report_young_members_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    jobs_women__lte=models.F("jobs_permanent") + models.F("jobs_seasonal")
                ),
                name="report_women_jobs_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    jobs_under_35__lte=models.F("jobs_permanent") + models.F("jobs_seasonal")
                ),
                name="report_young_jobs_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.period_label}"

    @property
    def period(self) -> Any:
        from tiwizi.impact.results import Period

        return Period(self.year, self.quarter)

    @property
    def period_label(self) -> str:
        return str(self.period.label)

    @property
    def sales_total(self) -> Decimal:
        return self.sales_local_mad + self.sales_national_mad + self.sales_export_mad

    @property
    def members_total(self) -> int:
        return self.members_women + self.members_men

    @property
    def jobs_total(self) -> int:
        return self.jobs_permanent + self.jobs_seasonal

    def get_absolute_url(self) -> str:
        return reverse("impact:report_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.members_under_35 > self.members_women + self.members_men:
            errors["members_under_35"] = ValidationError(
                _("Members under 35 cannot outnumber all members (women and men).")
            )
        jobs = self.jobs_permanent + self.jobs_seasonal
        if self.jobs_women > jobs:
            errors["jobs_women"] = ValidationError(
                _("Jobs held by women cannot outnumber all jobs.")
            )
        if self.jobs_under_35 > jobs:
            errors["jobs_under_35"] = ValidationError(
                _("Jobs held by people under 35 cannot outnumber all jobs.")
            )
        sales = self.sales_local_mad + self.sales_national_mad + self.sales_export_mad
        if self.revenue_mad is not None and sales > self.revenue_mad:
            errors["revenue_mad"] = ValidationError(
                _("The revenue cannot be less than the sales of all channels together.")
            )
        if errors:
            raise ValidationError(errors)


class IndicatorUnit(models.TextChoices):
    COUNT = "count", _("number")
    PERCENT = "percent", _("percentage")
    HOURS = "hours", _("hours")
    MAD = "mad", _("dirhams")
    SCORE = "score", _("score points")


class IndicatorSource(models.TextChoices):
    COMPUTED = "computed", _("Computed from the data")
    MANUAL = "manual", _("Entered by hand")


class Dimension(models.TextChoices):
    """Ways a figure can be split (disaggregated). "" is the total."""

    TOTAL = "", _("Total")
    SEX = "sex", _("Sex")
    AGE_GROUP = "age_group", _("Age group")
    PROVINCE = "province", _("Province")
    COHORT = "cohort", _("Cohort")


# A total has no dimension value; a disaggregated cell has both.
DIMENSION_AND_VALUE_TOGETHER = (models.Q(dimension="") & models.Q(dimension_value="")) | (
    ~models.Q(dimension="") & ~models.Q(dimension_value="")
)


class Indicator(models.Model):
    """One line of the catalogue. Computed indicators name their computation
    (`computation`, a key of tiwizi.impact.results.COMPUTATIONS)."""

    Unit = IndicatorUnit
    Source = IndicatorSource

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=IndicatorUnit.choices)
    source = models.CharField(_("source"), max_length=16, choices=IndicatorSource.choices)
    computation = models.CharField(_("computation"), max_length=40, blank=True)
    # Comma-separated Dimension values this indicator can be split by ("sex,age_group").
    dimensions = models.CharField(_("disaggregations"), max_length=80, blank=True)
    # Counts of people: subject to small-number suppression on funder and public views.
    counts_people = models.BooleanField(_("counts people"), default=False)
    is_public = models.BooleanField(_("shown on the public impact page"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source="manual") | ~models.Q(computation=""),
                name="computed_indicator_names_its_computation",
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

    @property
    def dimension_list(self) -> list[str]:
        return [d for d in self.dimensions.split(",") if d]


class Target(TimeStampedModel):
    """What a program aims for on an indicator in a period, in total or for one
    disaggregation value (dimension "sex", value "female")."""

    program = models.ForeignKey(
        "programs.Program", verbose_name=_("program"), on_delete=models.CASCADE,
        related_name="targets",
    )  # fmt: skip
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=QUARTER
    )
    dimension = models.CharField(
        _("disaggregation"), max_length=16, choices=Dimension.choices, blank=True, default=""
    )
    # "female", "under_35", a province code, a cohort id; "" with the total.
    dimension_value = models.CharField(_("value of the disaggregation"), max_length=40, blank=True)
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator__position", "year", "quarter", "dimension", "dimension_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "indicator", "year", "quarter", "dimension", "dimension_value"],
                name="one_target_per_quarter_cell",
            ),
            models.UniqueConstraint(
                fields=["program", "indicator", "year", "dimension", "dimension_value"],
                condition=models.Q(quarter__isnull=True),
                name="one_target_per_year_cell",
            ),
            models.CheckConstraint(
                condition=DIMENSION_AND_VALUE_TOGETHER,
                name="target_dimension_and_value_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.value}"


class Measurement(TimeStampedModel):
    """A value entered by hand for a manual indicator, for a program and period."""

    program = models.ForeignKey(
        "programs.Program", verbose_name=_("program"), on_delete=models.CASCADE,
        related_name="measurements",
    )  # fmt: skip
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="measurements",
        limit_choices_to={"source": IndicatorSource.MANUAL},
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=QUARTER
    )
    dimension = models.CharField(
        _("disaggregation"), max_length=16, choices=Dimension.choices, blank=True, default=""
    )
    dimension_value = models.CharField(_("value of the disaggregation"), max_length=40, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator__position", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "indicator", "year", "quarter", "dimension", "dimension_value"],
                name="one_measurement_per_quarter_cell",
            ),
            models.UniqueConstraint(
                fields=["program", "indicator", "year", "dimension", "dimension_value"],
                condition=models.Q(quarter__isnull=True),
                name="one_measurement_per_year_cell",
            ),
            models.CheckConstraint(
                condition=DIMENSION_AND_VALUE_TOGETHER,
                name="measurement_dimension_and_value_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.value}"
