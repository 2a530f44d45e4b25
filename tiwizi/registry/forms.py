"""Forms of the registry: parse and validate what people type; services do the saving.

Bootstrap classes, `is-invalid` and `aria-describedby` come from BootstrapFormMixin and
Django's BoundField; templates render each field with components/field.html.
"""

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tiwizi.core.forms import BootstrapFormMixin
from tiwizi.core.phone import normalize_moroccan_phone
from tiwizi.geo.forms import link_province_and_commune, places_in_reading_order
from tiwizi.geo.models import Province, Region
from tiwizi.registry.models import Membership, Organization, Person, Sector

# Separators people type inside numbers: 001 234 567 000 089, 0661-23-45-67.
_NUMBER_SEPARATORS = str.maketrans("", "", " .-\u00a0\u202f")


def _model_field(model: type[Model], name: str) -> Any:
    return model._meta.get_field(name)


def _label(model: type[Model], name: str) -> Any:
    return capfirst(_model_field(model, name).verbose_name)


def _help(model: type[Model], name: str) -> Any:
    return _model_field(model, name).help_text


def _choice_field(form: forms.BaseForm, name: str) -> Any:
    """A form's choice field, typed loosely: ChoiceField and ModelChoiceField alike."""
    return form.fields[name]


def _clean_phone(value: str) -> str:
    if not value:
        return ""
    normalized = normalize_moroccan_phone(value)
    if normalized is None:
        raise forms.ValidationError(
            _("Enter a Moroccan phone number, for example 0661 23 45 67 or +212 661 23 45 67."),
            code="invalid_phone",
        )
    return normalized


def _ltr(**attrs: str) -> dict[str, str]:
    # Numbers, addresses on the web and emails read left to right even on Arabic pages.
    return {"dir": "ltr", **attrs}


class OrganizationForm(BootstrapFormMixin, forms.ModelForm):
    # Declared here, wider than the model column, so that `001 234 567 000 089` or
    # `+212 6 61 23 45 67` reach clean_<field>() and get normalized instead of refused.
    ice = forms.CharField(
        label=_label(Organization, "ice"), help_text=_help(Organization, "ice"),
        required=False, max_length=30,
        widget=forms.TextInput(attrs=_ltr(inputmode="numeric", autocomplete="off")),
    )  # fmt: skip
    website = forms.URLField(
        label=_label(Organization, "website"), required=False, assume_scheme="https",
        widget=forms.URLInput(attrs=_ltr(autocomplete="url")),
    )  # fmt: skip
    phone = forms.CharField(
        label=_label(Organization, "phone"), required=False, max_length=30,
        help_text=_("A Moroccan number, for example 0528 12 34 56."),
        widget=forms.TextInput(attrs=_ltr(type="tel", autocomplete="tel")),
    )  # fmt: skip

    class Meta:
        model = Organization
        fields = [
            "kind", "name_fr", "name_ar", "status", "description", "sectors",
            "odco_number", "local_register_number", "court", "rc_number", "ice",
            "creation_date", "capital_mad",
            "address", "province", "commune", "country", "phone", "email", "website",
        ]  # fmt: skip
        widgets = {
            "name_fr": forms.TextInput(attrs={"lang": "fr", "dir": "ltr"}),
            "name_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "sectors": forms.CheckboxSelectMultiple,
            "odco_number": forms.TextInput(attrs=_ltr()),
            "local_register_number": forms.TextInput(attrs=_ltr()),
            "rc_number": forms.TextInput(attrs=_ltr()),
            "creation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "capital_mad": forms.NumberInput(attrs=_ltr(min="0", step="0.01")),
            "email": forms.EmailInput(attrs=_ltr(autocomplete="email")),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = _choice_field(self, "kind")
        kind.choices = [("", _("— choose a kind —")), *Organization.Kind.choices]
        kind.widget.attrs["data-kind-select"] = ""
        _choice_field(self, "sectors").queryset = Sector.objects.all()
        link_province_and_commune(self, self._chosen_province_id())
        # Most organizations are Moroccan: an empty country means Morocco.
        self.fields["country"].required = False

    def _chosen_province_id(self) -> int | None:
        if self.is_bound:
            raw = self.data.get(self.add_prefix("province"), "")
        else:
            raw = self.initial.get("province") or self.instance.province_id or ""
        raw = str(getattr(raw, "pk", raw))
        # ASCII digits that fit a database integer; anything else chooses no province.
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None

    def legal_fields(self) -> list[tuple[forms.BoundField, str]]:
        """The kind-specific fields, each with the kinds it applies to (for the template)."""
        kinds_by_field: dict[str, list[str]] = {}
        for kind, names in Organization.KIND_FIELDS.items():
            for name in names:
                kinds_by_field.setdefault(name, []).append(str(kind))
        order = ["odco_number", "local_register_number", "rc_number", "court", "ice",
                 "capital_mad"]  # fmt: skip
        return [(self[name], " ".join(sorted(kinds_by_field[name]))) for name in order]

    def clean_country(self) -> str:
        return self.cleaned_data.get("country") or "MA"

    def clean_ice(self) -> str:
        ice = (self.cleaned_data.get("ice") or "").translate(_NUMBER_SEPARATORS)
        if ice and not (ice.isascii() and ice.isdigit() and len(ice) == 15):
            raise forms.ValidationError(
                _("The ICE must have exactly 15 digits."), code="invalid_ice"
            )
        return ice

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind = cleaned.get("kind")
        if kind:
            # Details that do not apply to the chosen kind are dropped, not refused: the
            # form hides them for that kind, so a value there is a leftover from
            # another choice of kind.
            allowed = Organization.KIND_FIELDS.get(kind, frozenset())
            for name in Organization.KIND_SPECIFIC_FIELDS - allowed:
                if name in cleaned:
                    cleaned[name] = None if name == "capital_mad" else ""
        rc_number, court = cleaned.get("rc_number"), cleaned.get("court", "")
        if rc_number:
            duplicates = Organization.objects.filter(rc_number=rc_number, court=court)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if duplicates.exists():
                self.add_error("rc_number", _(
                    "Another organization already has this commercial register number "
                    "at this court."
                ))  # fmt: skip
        return cleaned


class PersonForm(BootstrapFormMixin, forms.ModelForm):
    phone = forms.CharField(
        label=_label(Person, "phone"), required=False, max_length=30,
        help_text=_("A Moroccan number, for example 0661 23 45 67."),
        widget=forms.TextInput(attrs=_ltr(type="tel", autocomplete="off")),
    )  # fmt: skip
    national_id = forms.CharField(
        label=_label(Person, "national_id"), help_text=_help(Person, "national_id"),
        required=False, max_length=12,
        widget=forms.TextInput(attrs=_ltr(autocomplete="off")),
    )  # fmt: skip
    remove_national_id = forms.BooleanField(
        label=_("Remove the recorded national ID"), required=False
    )

    class Meta:
        model = Person
        fields = [
            "first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar",
            "sex", "birth_year", "phone", "email", "national_id",
            "consent_date", "consent_scope",
        ]  # fmt: skip
        widgets = {
            "first_name_latin": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
            "last_name_latin": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
            "first_name_ar": forms.TextInput(
                attrs={"lang": "ar", "dir": "rtl", "autocomplete": "off"}
            ),
            "last_name_ar": forms.TextInput(
                attrs={"lang": "ar", "dir": "rtl", "autocomplete": "off"}
            ),
            "birth_year": forms.NumberInput(attrs=_ltr(min="1900", max="2100", step="1")),
            "email": forms.EmailInput(attrs=_ltr(autocomplete="off")),
            "consent_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "sex").choices = [("", _("— choose —")), *Person.Sex.choices]
        _choice_field(self, "consent_scope").choices = [
            ("", _("Not recorded")),
            *Person.ConsentScope.choices,
        ]
        # A recorded CIN is never sent back to the browser: the field starts empty and
        # an empty field keeps the recorded number.
        recorded = self.instance.national_id if self.instance.pk else ""
        if recorded:
            self.initial["national_id"] = ""
            self.fields["national_id"].help_text = _(
                "Recorded: %(masked)s. Leave empty to keep it, or type a new number."
            ) % {"masked": self.instance.masked_national_id}
        else:
            del self.fields["remove_national_id"]

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone", ""))

    def clean_national_id(self) -> str:
        value = (self.cleaned_data.get("national_id") or "").upper().translate(_NUMBER_SEPARATORS)
        if not value and self.instance.pk:
            return self.instance.national_id  # left empty: keep the recorded number
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("remove_national_id"):
            cleaned["national_id"] = ""
        return cleaned


class MembershipForm(BootstrapFormMixin, forms.ModelForm):
    """Role and dates of a membership; the person and organization come from the page."""

    class Meta:
        model = Membership
        fields = ["role", "since", "until"]
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"until": _("Leave empty while the membership lasts.")}

    # That `until` is not before `since` is checked by Membership.clean().


class PersonMembershipForm(MembershipForm):
    """A membership of an existing person in one more organization the user manages."""

    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )

    class Meta(MembershipForm.Meta):
        fields = ["organization", "role", "since", "until"]

    def __init__(self, *args: Any, person: Person, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        already = Membership.objects.current().filter(person=person).values("organization_id")
        _choice_field(self, "organization").queryset = (
            Organization.objects.manageable_by(user)
            .active()
            .exclude(id__in=already)
            .with_display_name()
            .order_by("display_name", "pk")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        organization = cleaned.get("organization")
        if (
            organization
            and Membership.objects.current()
            .filter(person=self.person, organization=organization)
            .exists()
        ):
            self.add_error(
                "organization", _("This person is already a member of this organization.")
            )
        return cleaned


class EndMembershipForm(BootstrapFormMixin, forms.Form):
    until = forms.DateField(
        label=_("End date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean_until(self) -> Any:
        until = self.cleaned_data["until"]
        if until < self.membership.since:
            raise forms.ValidationError(
                _("The end date must be on or after the start date (%(since)s)."),
                params={"since": date_format(self.membership.since, "SHORT_DATE_FORMAT")},
            )
        return until


# Filters of the list pages. Every field is optional and a bad value is ignored (the
# view reads only the fields that validated), so no query string can cause an error.


class OrganizationFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind"), required=False,
        choices=[("", _("All kinds")), *Organization.Kind.choices],
    )  # fmt: skip
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )  # fmt: skip
    province = forms.ModelChoiceField(
        label=_("Province"), required=False, queryset=Province.objects.all(),
        empty_label=_("All provinces"),
    )  # fmt: skip
    sector = forms.ModelChoiceField(
        label=_("Sector"), required=False, queryset=Sector.objects.all(),
        empty_label=_("All sectors"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All statuses")), *Organization.Status.choices],
    )  # fmt: skip
    archived = forms.BooleanField(label=_("Show archived organizations"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "region").queryset = places_in_reading_order(Region.objects.all())
        _choice_field(self, "province").queryset = places_in_reading_order(Province.objects.all())


class PersonFilterForm(BootstrapFormMixin, forms.Form):
    # Past this many organizations a select is unusable: the filter is then set from an
    # organization's page ("see its members") and shown as a removable choice.
    MAX_ORGANIZATION_CHOICES = 300

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("Everyone")), *Person.Sex.choices]
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"), required=False, queryset=Organization.objects.none(),
        empty_label=_("All organizations"),
    )  # fmt: skip
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organizations = (
            Organization.objects.members_visible_to(user)
            .with_display_name()
            .order_by("display_name", "pk")
        )
        field = _choice_field(self, "organization")
        field.queryset = organizations
        if organizations.count() > self.MAX_ORGANIZATION_CHOICES:
            field.widget = forms.HiddenInput()
        self.organization_is_hidden = isinstance(field.widget, forms.HiddenInput)
