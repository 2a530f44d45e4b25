"""Forms of programs: parse and validate what people type; services do the saving.

Bootstrap classes and `is-invalid` come from BootstrapFormMixin; templates render each
field with components/field.html.
"""

from typing import Any

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tiwizi.core.forms import BootstrapFormMixin
from tiwizi.geo.forms import places_in_reading_order
from tiwizi.geo.models import Province
from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program
from tiwizi.programs.querysets import FOLLOWED_KINDS
from tiwizi.registry.models import Organization

# Kinds of organization that fund, implement or support programs: offered as partners
# (cooperatives and GIEs take part in programs, they are not their partners).
PARTNER_KINDS = (
    Organization.Kind.NGO,
    Organization.Kind.INSTITUTION,
    Organization.Kind.ASSOCIATION,
    Organization.Kind.COMPANY,
)

_DATE = {"type": "date"}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=_DATE, format="%Y-%m-%d")


def _money_input() -> forms.NumberInput:
    # Amounts read left to right even on Arabic pages.
    return forms.NumberInput(attrs={"dir": "ltr", "min": "0", "step": "0.01"})


def _choice_field(form: forms.BaseForm, name: str) -> Any:
    """A form's choice field, typed loosely: ChoiceField and ModelChoiceField alike."""
    return form.fields[name]


def organizations_by_name(queryset: Any) -> Any:
    return queryset.with_display_name().order_by("display_name", "pk")


def partner_candidates(user: Any) -> Any:
    """Organizations that may be named as a partner: those of the usual partner kinds,
    and the user's own organizations (a short list, even for administrators)."""
    own = user.organization_ids() if user.is_authenticated else set()
    return organizations_by_name(
        Organization.objects.active().filter(Q(kind__in=PARTNER_KINDS) | Q(pk__in=own))
    )


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids that are not database integers before querying (SQLite cannot even
    compare a 40-digit number), with the usual "not a valid value" error."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


class ProgramForm(BootstrapFormMixin, forms.ModelForm):
    """A program's details. When creating, `implementer` names the implementing
    organization if the user could choose several (admins, staff of several NGOs)."""

    implementer = forms.ModelChoiceField(
        label=_("Implementing organization"),
        queryset=Organization.objects.none(),
        help_text=_("Its program managers will manage the program."),
    )

    class Meta:
        model = Program
        fields = [
            "name_fr", "name_ar", "name_en", "description_fr", "description_ar",
            "description_en", "status", "start_date", "end_date", "budget_mad",
            "target_provinces",
        ]  # fmt: skip
        widgets = {
            "name_fr": forms.TextInput(attrs={"lang": "fr", "dir": "ltr"}),
            "name_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
            "name_en": forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
            "description_fr": forms.Textarea(attrs={"rows": 3, "lang": "fr", "dir": "ltr"}),
            "description_ar": forms.Textarea(attrs={"rows": 3, "lang": "ar", "dir": "rtl"}),
            "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en", "dir": "ltr"}),
            "start_date": _date_input(),
            "end_date": _date_input(),
            "budget_mad": _money_input(),
            "target_provinces": forms.SelectMultiple(attrs={"size": "8"}),
        }
        field_classes = {"target_provinces": SafeModelMultipleChoiceField}
        help_texts = {
            "name_fr": _("Give a name in at least one language."),
            "target_provinces": _(
                "Hold Ctrl (or Cmd on a Mac) to choose several provinces; on a phone, tap each one."
            ),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "target_provinces").queryset = places_in_reading_order(
            Province.objects.all()
        )
        own = user.organization_ids("program_manager")
        if self.instance.pk or (len(own) == 1 and not user.is_platform_admin):
            # Editing, or only one possible implementer: the service knows which.
            del self.fields["implementer"]
            return
        implementer = _choice_field(self, "implementer")
        if user.is_platform_admin:
            implementer.queryset = partner_candidates(user)
        else:
            implementer.queryset = organizations_by_name(Organization.objects.filter(pk__in=own))
        implementer.empty_label = _("— choose an organization —")
        if len(own) == 1:
            implementer.initial = next(iter(own))


class CohortForm(BootstrapFormMixin, forms.ModelForm):
    """A cohort's name and dates; the form's instance carries its program, so that
    Cohort.clean() checks the dates lie within the program's."""

    class Meta:
        model = Cohort
        fields = ["name", "start_date", "end_date"]
        widgets = {"start_date": _date_input(), "end_date": _date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program = self.instance.program
        help_text = _("Between %(start)s and %(end)s, the program's dates.") % {
            "start": date_format(program.start_date, "SHORT_DATE_FORMAT"),
            "end": date_format(program.end_date, "SHORT_DATE_FORMAT"),
        }
        for name in ("start_date", "end_date"):
            self.fields[name].help_text = help_text
            self.fields[name].widget.attrs.update(
                {"min": program.start_date.isoformat(), "max": program.end_date.isoformat()}
            )

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        same = Cohort.objects.filter(program=self.instance.program, name=name)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("This program already has a cohort with this name."))
        return name


class PartnerForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.Role.choices)

    def __init__(self, *args: Any, user: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        organization = _choice_field(self, "organization")
        organization.queryset = partner_candidates(user)
        organization.empty_label = _("— choose an organization —")
        _choice_field(self, "role").choices = [
            ("", _("— choose a role —")),
            *PartnerRole.Role.choices,
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organization, role = cleaned.get("organization"), cleaned.get("role")
        if (
            organization
            and role
            and PartnerRole.objects.filter(
                program=self.program, organization=organization, role=role
            ).exists()
        ):
            self.add_error(
                "organization", _("This organization already has this role in the program.")
            )
        return cleaned


class ContributionForm(BootstrapFormMixin, forms.ModelForm):
    """A partner's contribution; the instance carries its program."""

    class Meta:
        model = Contribution
        fields = ["partner", "kind", "amount_mad", "status", "date", "description"]
        widgets = {"date": _date_input(), "amount_mad": _money_input()}
        help_texts = {
            "status": _("Pledged: promised, not yet received."),
            "amount_mad": _("For a contribution in kind, its value in dirhams."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = PartnerRole.objects.filter(program=self.instance.program).values(
            "organization_id"
        )
        partner = _choice_field(self, "partner")
        partner.queryset = organizations_by_name(Organization.objects.filter(pk__in=partners))
        partner.empty_label = _("— choose a partner —")
        _choice_field(self, "kind").choices = [
            ("", _("— choose a kind —")),
            *Contribution.Kind.choices,
        ]


class EnrollForm(BootstrapFormMixin, forms.Form):
    """Enroll several organizations in a cohort at once."""

    organizations = SafeModelMultipleChoiceField(
        label=_("Organizations"),
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": "12"}),
        help_text=_(
            "Organizations you follow that are not in this cohort yet, cooperatives and "
            "GIEs first. Hold Ctrl (or Cmd on a Mac) to choose several."
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Participation.Status.choices, initial="selected"
    )
    since = forms.DateField(label=_("Since"), widget=_date_input())

    def __init__(self, *args: Any, user: Any, cohort: Cohort, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("since", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        followed_first = Case(
            When(kind__in=FOLLOWED_KINDS, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        candidates = (
            Organization.objects.visible_to(user)
            .active()
            .exclude(participations__cohort=cohort)
            # An implementing NGO does not take part in its own program.
            .exclude(
                pk__in=PartnerRole.objects.filter(
                    program=cohort.program_id, role=PartnerRole.Role.IMPLEMENTER
                ).values("organization_id")
            )
            .with_display_name()
            .annotate(followed_first=followed_first)
            .order_by("followed_first", "display_name", "pk")
        )
        field = _choice_field(self, "organizations")
        field.queryset = candidates
        # Shown in two <optgroup>s (one query); validation still uses the queryset.
        followed: list[tuple[int, str]] = []
        others: list[tuple[int, str]] = []
        for organization in candidates:
            label = f"{organization.name} — {organization.get_kind_display()}"
            group = followed if organization.kind in FOLLOWED_KINDS else others
            group.append((organization.pk, label))
        groups = [(_("Cooperatives and GIEs"), followed), (_("Other organizations"), others)]
        field.widget.choices = [(title, options) for title, options in groups if options]
        self.candidate_count = len(followed) + len(others)


class ParticipationStatusForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Participation.Status.choices)
    since = forms.DateField(label=_("Since"), required=False, widget=_date_input())


# Filters of the list page. Every field is optional and a bad value is ignored (the view
# reads only the fields that validated), so no query string can cause an error.


class ProgramFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All statuses")), *Program.Status.choices],
    )  # fmt: skip
    province = forms.ModelChoiceField(
        label=_("Target province"), required=False, queryset=Province.objects.all(),
        empty_label=_("All provinces"),
    )  # fmt: skip
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "province").queryset = places_in_reading_order(Province.objects.all())
