"""Forms of the events pages: parse and validate what people type; services do the saving."""

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tiwizi.core.forms import BootstrapFormMixin
from tiwizi.events import permissions, services
from tiwizi.events.models import Event, Outcome, Registration
from tiwizi.geo.forms import link_province_and_commune, places_in_reading_order
from tiwizi.geo.models import Province
from tiwizi.programs.models import Program
from tiwizi.registry.models import Organization, Person

# datetime-local inputs send "2025-03-14T09:30".
DATETIME_WIDGET = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATE_WIDGET = {"type": "date"}
# Kinds that do not organize events: they take part in them.
NON_ORGANIZER_KINDS = (Organization.Kind.COOPERATIVE, Organization.Kind.BUYER)
_MAX_ID = 2**62


def _field(form: forms.BaseForm, name: str) -> Any:
    """A form's field, typed loosely: ChoiceField and ModelChoiceField alike."""
    return form.fields[name]


def as_id(raw: Any) -> int | None:
    """A primary key from what a browser sent, or None for anything int() or the
    database could not take."""
    raw = str(getattr(raw, "pk", raw) or "")
    if not raw.isascii() or not raw.isdecimal():
        return None
    value = int(raw)
    return value if 0 < value < _MAX_ID else None


def _in_reading_order(organizations: Any) -> Any:
    return organizations.with_display_name().order_by("display_name", "pk")


class EventForm(BootstrapFormMixin, forms.ModelForm):
    province = forms.ModelChoiceField(
        label=_("Province"), required=False, queryset=Province.objects.none()
    )

    class Meta:
        model = Event
        fields = [
            "kind", "program", "title_fr", "title_ar", "title_en", "start", "end",
            "commune", "venue", "organizers", "agenda", "status",
        ]  # fmt: skip
        widgets = {
            "title_fr": forms.TextInput(attrs={"lang": "fr", "dir": "ltr"}),
            "title_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
            "title_en": forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
            "start": forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT),
            "end": forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT),
            "organizers": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "agenda": _("The programme of the day, one item per line."),
        }

    field_order = [
        "kind", "program", "title_fr", "title_ar", "title_en", "start", "end",
        "province", "commune", "venue", "organizers", "agenda", "status",
    ]  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        kind = _field(self, "kind")
        kind.choices = [("", _("— choose a kind —")), *Event.Kind.choices]
        if instance.pk:
            # Cancelling goes through its own confirmation page.
            status = _field(self, "status")
            status.choices = [c for c in Event.Status.choices if c[0] != Event.Status.CANCELLED]
            status.help_text = _("Mark the event as held once it has taken place.")
        else:
            del self.fields["status"]  # a new event is planned

        programs = Program.objects.manageable_by(user)
        if instance.program_id:
            programs = programs | Program.objects.filter(pk=instance.program_id)
        program = _field(self, "program")
        program.queryset = programs.distinct().order_by("-start_date", "pk")
        program.empty_label = _("No program")
        program.help_text = _("Leave empty for an event outside any program.")

        organizers = (
            Organization.objects.visible_to(user).active().exclude(kind__in=NON_ORGANIZER_KINDS)
        )
        if instance.pk:
            organizers = organizers | Organization.objects.filter(organized_events=instance)
        _field(self, "organizers").queryset = _in_reading_order(organizers.distinct())

        if not self.is_bound and instance.commune_id:
            self.initial.setdefault("province", instance.commune.province_id)
        link_province_and_commune(self, self._chosen_province_id())

    def _chosen_province_id(self) -> int | None:
        if self.is_bound:
            return as_id(self.data.get(self.add_prefix("province"), ""))
        return as_id(self.initial.get("province"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        commune, province = cleaned.get("commune"), cleaned.get("province")
        if commune is not None and province is not None and commune.province_id != province.pk:
            self.add_error("commune", _("This commune is not in the chosen province."))
        return cleaned


class CancelEventForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        required=False,
        max_length=255,
        help_text=_("Optional. Shown on the event's page."),
    )


class RegistrationForm(BootstrapFormMixin, forms.Form):
    """An organization, one of its current members, or both."""

    organization = forms.ModelChoiceField(
        label=_("Organization"), required=False, queryset=Organization.objects.none()
    )
    person = forms.ModelChoiceField(
        label=_("Person"), required=False, queryset=Person.objects.none()
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Registration.Role.choices, initial=Registration.Role.PARTICIPANT
    )

    def __init__(self, *args: Any, user: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.event = user, event
        organizations = services.registrable_organizations(user, event)
        organization = _field(self, "organization")
        organization.queryset = _in_reading_order(organizations)
        organization.empty_label = _("— choose an organization —")
        organization.widget.attrs.update({
            "hx-get": reverse("events:registration_member_options", args=[event.pk]),
            "hx-target": "#id_person",
            "hx-swap": "innerHTML",
            "hx-trigger": "change",
            "aria-controls": "id_person",
        })  # fmt: skip
        self.is_staff = permissions.can_follow_up_event(user, event)
        if not self.is_staff:
            organization.required = True
            if not self.is_bound and len(ids := [o.pk for o in organization.queryset]) == 1:
                self.initial.setdefault("organization", ids[0])
        chosen = self.chosen_organization()
        person = _field(self, "person")
        person.queryset = services.registrable_people(user, event, chosen)
        person.empty_label = _("— the organization as a whole —")
        person.help_text = _(
            "Choose an organization to list its current members; leave the person empty "
            "to register the organization without naming anyone yet."
        )
        offered = (
            services.registrable_people(user, event, chosen).with_display_name()
            .order_by("display_last_name", "display_first_name", "pk")
            if chosen is not None
            else []
        )  # fmt: skip
        person.widget.choices = [("", person.empty_label)] + [(p.pk, str(p)) for p in offered]

    def chosen_organization(self) -> Organization | None:
        raw = (
            self.data.get(self.add_prefix("organization"), "")
            if self.is_bound
            else self.initial.get("organization")
        )
        pk = as_id(raw)
        if pk is None:
            return None
        return _field(self, "organization").queryset.filter(pk=pk).first()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if (
            not self.errors
            and cleaned.get("organization") is None
            and cleaned.get("person") is None
        ):
            self.add_error("organization", _("Choose an organization, a person, or both."))
        return cleaned


class AttendanceForm(forms.Form):
    """Every registration listed on the page, and the ones ticked as attended."""

    registration = forms.TypedMultipleChoiceField(coerce=int, choices=())
    attended = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False)

    def __init__(self, *args: Any, registration_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(pk, pk) for pk in registration_ids]
        _field(self, "registration").choices = choices
        _field(self, "attended").choices = choices

    def marks(self) -> dict[int, bool]:
        attended = set(self.cleaned_data.get("attended") or ())
        return {pk: pk in attended for pk in self.cleaned_data["registration"]}


class OutcomeForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["text", "owner_name", "owner_organization", "due_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = _field(self, "owner_organization")
        owner.queryset = _in_reading_order(Organization.objects.visible_to(user).active())
        owner.empty_label = _("— none —")


class OutcomeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Follow-up status"), choices=Outcome.Status.choices)


# The list's filters: every field is optional and a bad value is ignored (the view reads
# only the fields that validated), so no query string can cause an error.


class EventFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All statuses")), *Event.Status.choices],
    )  # fmt: skip
    program = forms.ModelChoiceField(
        label=_("Program"), required=False, queryset=Program.objects.none(),
        empty_label=_("All programs"),
    )  # fmt: skip
    province = forms.ModelChoiceField(
        label=_("Province"), required=False, queryset=Province.objects.none(),
        empty_label=_("All provinces"),
    )  # fmt: skip
    date_from = forms.DateField(
        label=_("From"), required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
    )  # fmt: skip
    date_to = forms.DateField(
        label=_("To"), required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
    )  # fmt: skip
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "program").queryset = Program.objects.visible_to(user).order_by(
            "-start_date", "pk"
        )
        _field(self, "province").queryset = places_in_reading_order(Province.objects.all())
