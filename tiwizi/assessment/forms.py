"""Forms of the assessment pages: parse and validate what people send; services save."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiwizi.accounts.models import Role
from tiwizi.assessment.models import LEVELS, Assessment, FrameworkVersion
from tiwizi.assessment.querysets import followed_organization_ids
from tiwizi.core.forms import BootstrapFormMixin
from tiwizi.registry.models import Organization

_DATE = {"type": "date"}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=_DATE, format="%Y-%m-%d")


def assessable_organizations(user: Any) -> Any:
    """Organizations `user` may start an assessment of: those taking part in a program
    their organization implements (staff), and their own (a self-assessment)."""
    if not user or not user.is_authenticated:
        return Organization.objects.none()
    organizations = Organization.objects.active()
    if not user.is_platform_admin:
        condition = Q(pk__in=user.organization_ids(Role.COOPERATIVE_MANAGER))
        if user.has_role(Role.PROGRAM_MANAGER, Role.TRAINER):
            condition |= Q(pk__in=followed_organization_ids(user, participating_only=True))
        organizations = organizations.filter(condition)
    return organizations.with_display_name().order_by("display_name", "pk")


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class StartAssessmentForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind of assessment"), choices=Assessment.Kind.choices)
    date = forms.DateField(label=_("Date of the assessment"), widget=_date_input())
    version = VersionChoiceField(
        label=_("Framework"),
        queryset=FrameworkVersion.objects.none(),
        help_text=_("The newest published version, unless you must compare with an older one."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who took part, where it took place…"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization = self.fields["organization"]
        organization.queryset = assessable_organizations(user)  # type: ignore[attr-defined]
        versions = FrameworkVersion.objects.published().select_related("framework")
        version = self.fields["version"]
        version.queryset = versions.order_by("framework__code", "-number")  # type: ignore[attr-defined]
        latest = versions.latest_published()
        self.fields["version"].initial = latest.pk if latest else None
        self.fields["version"].empty_label = None  # type: ignore[attr-defined]
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of an assessment cannot be in the future."))
        return value


class AnswerForm(forms.Form):
    """One question's answer, sent by the radio buttons (HTMX) or the save button."""

    level = forms.TypedChoiceField(
        choices=[(str(level), str(level)) for level in LEVELS],
        coerce=int,
        error_messages={"required": _("Choose a level before adding a comment.")},
    )
    comment = forms.CharField(required=False, max_length=2000)


class SubmitForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("Date of the assessment"), widget=_date_input())
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of an assessment cannot be in the future."))
        return value


class AssessmentFilterForm(BootstrapFormMixin, forms.Form):
    """Filters of the assessment list; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Organization"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Assessment.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Assessment.Status.choices],
    )
    author = forms.ChoiceField(
        label=_("Filled in by"),
        required=False,
        choices=[
            ("", _("Anyone")),
            ("staff", _("Program staff")),
            ("self", _("The cooperative (self-assessment)")),
        ],
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    cohort = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**53
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _("Name of the organization"), "autocomplete": "off"}
        )
