"""Forms of the impact app: parse and validate what people type; services save."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tiwizi.core.forms import BootstrapFormMixin
from tiwizi.geo.models import Province
from tiwizi.impact.models import (
    Indicator,
    IndicatorSource,
    Measurement,
    PeriodicReport,
    Target,
)
from tiwizi.impact.querysets import reporting_organizations
from tiwizi.impact.results import Period
from tiwizi.programs.models import Cohort
from tiwizi.registry.models import Organization
from tiwizi.registry.querysets import localized_expression


def _quarter_label(number: int) -> str:
    return gettext("Quarter %(number)s") % {"number": number}


quarter_label = lazy(_quarter_label, str)
QUARTERS = [(str(q), quarter_label(q)) for q in range(1, 5)]
QUARTER_CHOICES = [("", _("Whole year")), *QUARTERS]


def _year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year, this_year - 8, -1)]


def _count_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"dir": "ltr", "min": "0", "step": "1"})


def _money_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"dir": "ltr", "min": "0", "step": "0.01"})


class PeriodicReportForm(BootstrapFormMixin, forms.ModelForm):
    """A cooperative's figures for a quarter or a year. The organization is chosen among
    those the user reports for; one report per organization and period."""

    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTER_CHOICES, required=False, coerce=int, empty_value=None,
        help_text=_("Leave on “Whole year” for a report on the whole year."),
    )  # fmt: skip

    class Meta:
        model = PeriodicReport
        fields = [
            "organization", "year", "quarter",
            "members_women", "members_men", "members_under_35",
            "jobs_permanent", "jobs_seasonal", "jobs_women", "jobs_under_35",
            "revenue_mad", "sales_local_mad", "sales_national_mad", "sales_export_mad",
            "notes",
        ]  # fmt: skip
        widgets = {
            "year": forms.NumberInput(attrs={"dir": "ltr", "min": "2000", "max": "2100"}),
            **{
                name: _count_input()
                for name in (
                    "members_women",
                    "members_men",
                    "members_under_35",
                    "jobs_permanent",
                    "jobs_seasonal",
                    "jobs_women",
                    "jobs_under_35",
                )
            },
            **{
                name: _money_input()
                for name in (
                    "revenue_mad",
                    "sales_local_mad",
                    "sales_national_mad",
                    "sales_export_mad",
                )
            },
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organizations = reporting_organizations(user).active().with_display_name()
        field = self.fields["organization"]
        field.queryset = organizations.order_by("display_name", "pk")  # type: ignore[attr-defined]
        if self.instance.pk:
            # A report stays with its organization and period: edit the figures only.
            for name in ("organization", "year", "quarter"):
                self.fields[name].disabled = True
        elif not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organization, year = data.get("organization"), data.get("year")
        quarter = data.get("quarter")
        if organization and year:
            taken = PeriodicReport.objects.filter(
                organization=organization, year=year, quarter=quarter
            )
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                field = "quarter" if "quarter" in self.fields else None
                self.add_error(
                    field,
                    _("%(organization)s already has a report for %(period)s: edit it instead.")
                    % {"organization": organization, "period": Period(year, quarter).label},
                )
        return data

    def validate_unique(self) -> None:
        # The uniqueness of the period is checked in clean() with a clearer message.
        pass


class ReportFilterForm(BootstrapFormMixin, forms.Form):
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )
    year = forms.TypedChoiceField(
        label=_("Year"), choices=[], required=False, coerce=int, empty_value=None
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Any")), *QUARTERS],
    )  # fmt: skip
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organizations = (
            reporting_organizations(user).with_display_name().order_by("display_name", "pk")
        )
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", _("Any")), *_year_choices()]  # type: ignore[attr-defined]


class DashboardFilterForm(BootstrapFormMixin, forms.Form):
    """Period, province and cohort of a dashboard (the period defaults to this year)."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.none(),
        required=False,
        empty_label=_("All provinces"),
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("All cohorts"),
    )

    def __init__(self, *args: Any, program: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()  # type: ignore[attr-defined]
        provinces = Province.objects.order_by(localized_expression("name_fr", "name_ar"), "pk")
        if program is not None:
            provinces = provinces.filter(
                organizations__participations__cohort__program=program
            ).distinct()
            self.fields["cohort"].queryset = Cohort.objects.filter(program=program)  # type: ignore[attr-defined]
        else:
            provinces = provinces.filter(organizations__participations__isnull=False).distinct()
            del self.fields["cohort"]
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]

    def selected_period(self) -> Period:
        raw = self.cleaned_data.get("period") if hasattr(self, "cleaned_data") else None
        try:
            return Period.parse(raw) if raw else default_period()
        except ValueError:
            return default_period()


def default_period() -> Period:
    return Period(timezone.localdate().year)


def period_choices() -> list[tuple[str, str]]:
    choices = []
    for year_text, _label in _year_choices():
        year = int(year_text)
        choices.append((str(year), str(Period(year).label)))
        for quarter in range(4, 0, -1):
            period = Period(year, quarter)
            if period.start <= timezone.localdate():
                choices.append((period.key, str(period.label)))
    return choices


def disaggregation_choices(program: Any) -> list[Any]:
    """Total, then each part a target or value can be given for: sex, age group, the
    program's target provinces and its cohorts (two queries)."""
    provinces = program.target_provinces.order_by(localized_expression("name_fr", "name_ar"))
    return [
        ("", _("Total")),
        (_("Sex"), [("sex:female", _("Women")), ("sex:male", _("Men"))]),
        (_("Age group"), [("age_group:under_35", _("Under 35")),
                          ("age_group:35_plus", _("35 and over"))]),
        (_("Province"), [(f"province:{p.code}", p.name) for p in provinces]),
        (_("Cohort"), [(f"cohort:{c.pk}", c.name) for c in program.cohorts.order_by("start_date")]),
    ]  # fmt: skip


def disaggregation_labels(program: Any) -> dict[tuple[str, str], str]:
    """{(dimension, value): label} for the lists of targets and values."""
    labels: dict[tuple[str, str], str] = {}
    for group in disaggregation_choices(program)[1:]:
        for key, label in group[1]:
            dimension, _sep, value = key.partition(":")
            labels[(dimension, value)] = str(label)
    return labels


class _ValueForm(BootstrapFormMixin, forms.ModelForm):
    """Shared by targets and measurements: indicator, period, optional disaggregation."""

    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTER_CHOICES, required=False, coerce=int, empty_value=None
    )

    # One choice names both the disaggregation and its value ("sex:female"), so that
    # nobody has to type a code.
    cell = forms.ChoiceField(
        label=_("For"),
        required=False,
        help_text=_("The whole figure, or one part of it (women, under 35, a province…)."),
    )

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        self.program = program
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = disaggregation_choices(program)  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.dimension:
            self.initial["cell"] = f"{self.instance.dimension}:{self.instance.dimension_value}"
        self.fields["value"].widget.attrs.update({"dir": "ltr", "step": "0.01"})
        if not self.initial.get("year") and not self.instance.pk:
            self.initial["year"] = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        indicator = data.get("indicator")
        dimension, _sep, value = (data.get("cell") or "").partition(":")
        data["dimension"], data["dimension_value"] = dimension, value
        if indicator and dimension and dimension not in indicator.dimension_list:
            self.add_error("cell", _("This indicator cannot be split this way."))
        if indicator and data.get("year") and not self.errors:
            model = self._meta.model
            taken = model.objects.filter(
                program=self.program, indicator=indicator, year=data["year"],
                quarter=data.get("quarter"), dimension=dimension, dimension_value=value,
            )  # fmt: skip
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("indicator", self.duplicate_message)
        return data

    def validate_unique(self) -> None:
        pass  # checked in clean() with a clearer message

    duplicate_message: Any = ""


class TargetForm(_ValueForm):
    duplicate_message = _(
        "There is already a target for this indicator, period and disaggregation."
    )

    class Meta:
        model = Target
        fields = ["indicator", "year", "quarter", "value"]
        widgets = {"year": forms.NumberInput(attrs={"dir": "ltr", "min": "2000", "max": "2100"})}


class MeasurementForm(_ValueForm):
    duplicate_message = _("There is already a value for this indicator, period and disaggregation.")

    class Meta:
        model = Measurement
        fields = ["indicator", "year", "quarter", "value"]
        widgets = {"year": forms.NumberInput(attrs={"dir": "ltr", "min": "2000", "max": "2100"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(source=IndicatorSource.MANUAL)  # type: ignore[attr-defined]
