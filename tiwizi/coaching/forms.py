"""Forms of coaching: parse and validate what people type; services do the saving."""

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiwizi.accounts.models import Role, User
from tiwizi.coaching.models import COACHED_KINDS, ActionItem, CoachingPlan, Goal, Visit
from tiwizi.coaching.querysets import program_name_expression
from tiwizi.core.forms import BootstrapFormMixin
from tiwizi.programs.models import PartnerRole, Program
from tiwizi.registry.models import Organization
from tiwizi.registry.querysets import localized_expression

DATE_WIDGET = {"type": "date"}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


def _choice_field(form: forms.BaseForm, name: str) -> Any:
    return form.fields[name]


def programs_in_reading_order(queryset: QuerySet[Program]) -> QuerySet[Program]:
    return queryset.order_by(program_name_expression(), "pk")


def users_in_reading_order(queryset: QuerySet[User]) -> QuerySet[User]:
    return queryset.order_by("full_name", "email", "pk")


def trainers_of_programs(programs: QuerySet[Program]) -> QuerySet[User]:
    """Users with the trainer role in an organization implementing one of `programs`."""
    implementers = PartnerRole.objects.filter(
        program__in=programs, role=PartnerRole.Role.IMPLEMENTER
    ).values("organization_id")
    trainers = User.objects.filter(
        grants__role=Role.TRAINER, grants__organization_id__in=implementers, is_active=True
    ).values("pk")
    return User.objects.filter(pk__in=trainers)


def possible_owners(plan: CoachingPlan) -> QuerySet[User]:
    """People with an account who can own an action item: the coach and the managers of
    the coached organization."""
    managers = User.objects.filter(
        grants__organization_id=plan.organization_id, grants__role=Role.COOPERATIVE_MANAGER
    ).values("pk")
    return users_in_reading_order(
        User.objects.filter(Q(pk=plan.coach_id) | Q(pk__in=managers), is_active=True)
    )


class PlanForm(BootstrapFormMixin, forms.ModelForm):
    """A new plan (all fields) or an existing one (coach, dates, objective)."""

    class Meta:
        model = CoachingPlan
        fields = ["program", "organization", "coach", "start_date", "end_date", "objective"]
        widgets = {
            "start_date": _date_input(),
            "end_date": _date_input(),
            "objective": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            # The program and the organization of a plan do not change (services.py).
            del self.fields["program"]
            del self.fields["organization"]
            programs = Program.objects.filter(pk=self.instance.program_id)
        else:
            programs = Program.objects.manageable_by(user).exclude(status=Program.Status.CLOSED)
            program = _choice_field(self, "program")
            program.queryset = programs_in_reading_order(programs)
            program.empty_label = _("— choose a program —")
            organization = _choice_field(self, "organization")
            organization.queryset = (
                Organization.objects.visible_to(user)
                .active()
                .filter(kind__in=COACHED_KINDS)
                .with_display_name()
                .order_by("display_name", "pk")
            )
            organization.empty_label = _("— choose a cooperative or GIE —")
        coach = _choice_field(self, "coach")
        coach.queryset = users_in_reading_order(trainers_of_programs(programs))
        coach.empty_label = _("— choose a coach —")
        coach.help_text = _(
            "A trainer of an organization that implements the program. Only they and the "
            "program's managers record visits."
        )
        coach.label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )


class GoalForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["text", "target_date"]
        widgets = {"text": forms.TextInput(), "target_date": _date_input()}
        help_texts = {"text": _("One goal that can be checked: “Obtain the ONSSA approval”.")}


class StatusForm(BootstrapFormMixin, forms.Form):
    """A goal's or an action item's new status, and optionally the date it happened."""

    status = forms.ChoiceField(label=_("New status"), choices=())
    on = forms.DateField(
        label=_("On"),
        required=False,
        widget=_date_input(),
        help_text=_("When it was achieved or done; today if left empty."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "status").choices = choices

    def clean_on(self) -> Any:
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return on


class VisitForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["date", "mode", "duration_minutes", "topics", "next_steps", "notes"]
        widgets = {
            "date": _date_input(),
            "mode": forms.RadioSelect,
            "duration_minutes": forms.NumberInput(
                attrs={"min": "1", "max": "1440", "step": "1", "inputmode": "numeric"}
            ),
            "topics": forms.TextInput(),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, plan: CoachingPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        _choice_field(self, "mode").choices = Visit.Mode.choices


class ActionItemForm(BootstrapFormMixin, forms.ModelForm):
    """One action item: on its own page, or as a row of the visit form.

    The owners with an account are offered as plain choices read once by the caller
    (`owners`), so that a formset of many rows runs one query for all of them.
    """

    owner_user = forms.ChoiceField(label=_("Owner"), required=False, choices=())

    class Meta:
        model = ActionItem
        fields = ["text", "owner_user", "owner_name", "due_date"]
        widgets = {
            "text": forms.TextInput(),
            "owner_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "due_date": _date_input(),
        }
        labels = {"owner_name": _("or another person")}
        help_texts = {"owner_name": _("A member without an account: type their name.")}

    def __init__(
        self, *args: Any, plan: CoachingPlan, owners: list[User] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.owners = {str(user.pk): user for user in owners or possible_owners(plan)}
        _choice_field(self, "owner_user").choices = [
            ("", _("— someone without an account —")),
            *((pk, str(user)) for pk, user in self.owners.items()),
        ]

    def clean_owner_user(self) -> User | None:
        return self.owners.get(self.cleaned_data.get("owner_user") or "")

    def clean_owner_name(self) -> str:
        # That there is an owner at all is checked by ActionItem.clean().
        return (self.cleaned_data.get("owner_name") or "").strip()


class BaseActionItemFormSet(forms.BaseFormSet):
    """The action items decided at a visit; rows left empty are ignored."""

    def __init__(self, *args: Any, plan: CoachingPlan, **kwargs: Any) -> None:
        self.plan = plan
        self.owners = list(possible_owners(plan))  # one query for every row
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"plan": self.plan, "owners": self.owners, "use_required_attribute": False}

    def filled_rows(self) -> list[dict[str, Any]]:
        """The cleaned data of the rows someone typed into (call after is_valid())."""
        return [form.cleaned_data for form in self.forms if form.has_changed()]


MAX_ACTION_ROWS = 10
ActionItemFormSet = cast(
    type[BaseActionItemFormSet],
    forms.formset_factory(
        ActionItemForm,
        formset=BaseActionItemFormSet,
        extra=2,
        max_num=MAX_ACTION_ROWS,
        absolute_max=MAX_ACTION_ROWS,
        validate_max=True,
    ),
)


# Filters of the plan list. Every field is optional and a bad value is ignored (the
# view reads only the fields that validated), so no query string can cause an error.


class PlanFilterForm(BootstrapFormMixin, forms.Form):
    MAX_ORGANIZATION_CHOICES = 300

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        help_text=_("The organization's name."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    program = forms.ModelChoiceField(
        label=_("Program"), required=False, queryset=Program.objects.none(),
        empty_label=_("All programs"),
    )  # fmt: skip
    coach = forms.ModelChoiceField(
        label=_("Coach"), required=False, queryset=User.objects.none(),
        empty_label=_("All coaches"),
    )  # fmt: skip
    organization = forms.ModelChoiceField(
        label=_("Organization"), required=False, queryset=Organization.objects.none(),
        empty_label=_("All organizations"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All statuses")), *CoachingPlan.Status.choices],
    )  # fmt: skip
    overdue = forms.BooleanField(label=_("With overdue actions"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, plans: QuerySet[CoachingPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "program").queryset = programs_in_reading_order(
            Program.objects.filter(pk__in=plans.values("program_id"))
        )
        coach = _choice_field(self, "coach")
        coach.queryset = users_in_reading_order(
            User.objects.filter(pk__in=plans.values("coach_id"))
        )
        coach.label_from_instance = str
        organizations = (
            Organization.objects.filter(pk__in=plans.values("organization_id"))
            .annotate(display_name=localized_expression("name_fr", "name_ar"))
            .order_by("display_name", "pk")
        )
        organization = _choice_field(self, "organization")
        organization.queryset = organizations
        # Past this many a select is unusable: the search box finds an organization.
        if organizations.count() > self.MAX_ORGANIZATION_CHOICES:
            organization.widget = forms.HiddenInput()
        self.organization_is_hidden = isinstance(organization.widget, forms.HiddenInput)
