"""Forms of training: parse and validate what people type; services do the saving."""

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiwizi.accounts.models import Role, User
from tiwizi.core.forms import BootstrapFormMixin
from tiwizi.geo.forms import link_province_and_commune
from tiwizi.geo.models import Commune, Province
from tiwizi.programs.models import Cohort, PartnerRole, Program
from tiwizi.registry.models import Organization
from tiwizi.registry.querysets import localized_expression
from tiwizi.training.models import (
    AttendanceStatus,
    Course,
    Enrollment,
    Session,
    SessionStatus,
    TeachingLanguage,
)

DATE_WIDGET = {"type": "date"}
# An id that int() can read and a database integer can hold; anything else is ignored.
_MAX_ID = 2**62


def as_id(raw: Any) -> int | None:
    text = str(raw or "")
    if not text.isascii() or not text.isdecimal():
        return None
    value = int(text)
    return value if 0 < value < _MAX_ID else None


def _choice_field(form: forms.BaseForm, name: str) -> Any:
    return form.fields[name]


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.program.name} — {obj.name}"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name()


def cohorts_in_reading_order(queryset: Any) -> Any:
    return queryset.select_related("program").order_by(
        "-program__start_date", "program_id", "start_date", "pk"
    )


def courses_in_reading_order(queryset: Any) -> Any:
    return queryset.annotate(
        display_title=localized_expression("title_fr", "title_ar", "title_en")
    ).order_by("display_title", "pk")


def trainers_for(user: Any) -> Any:
    """Trainers a user may assign: those of the organizations implementing the programs
    the user manages (every trainer, for a platform administrator)."""
    trainers = User.objects.filter(is_active=True, grants__role=Role.TRAINER)
    if not user.is_platform_admin:
        implementers = PartnerRole.objects.filter(
            role=PartnerRole.Role.IMPLEMENTER,
            program__in=Program.objects.manageable_by(user).values("id"),
        ).values("organization_id")
        trainers = trainers.filter(grants__organization_id__in=implementers)
    return User.objects.filter(pk__in=trainers.values("pk")).order_by("full_name", "email")


# Courses


class CourseForm(BootstrapFormMixin, forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages taught"),
        required=False,
        choices=TeachingLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Course
        fields = [
            "title_fr", "title_ar", "title_en", "objectives", "topics", "duration_hours",
            "languages", "is_active",
        ]  # fmt: skip
        widgets = {
            "title_fr": forms.TextInput(attrs={"lang": "fr", "dir": "ltr"}),
            "title_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
            "title_en": forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
            "objectives": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "topics": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
            "duration_hours": forms.NumberInput(
                attrs={"min": "0.5", "step": "0.5", "dir": "ltr", "inputmode": "decimal"}
            ),
        }

    def clean_languages(self) -> list[str]:
        chosen = set(self.cleaned_data.get("languages") or [])
        return [code for code in TeachingLanguage.values if code in chosen]


class CourseFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    language = forms.ChoiceField(
        label=_("Language taught"), required=False,
        choices=[("", _("All languages")), *TeachingLanguage.choices],
    )  # fmt: skip
    active = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Active courses")), ("inactive", _("Inactive courses")),
                 ("all", _("All courses"))],
    )  # fmt: skip
    sort = forms.CharField(required=False, widget=forms.HiddenInput)


# Sessions


class SessionForm(BootstrapFormMixin, forms.Form):
    """A session: its course, cohort, day and times, place, trainer and capacity.

    A session is one day's training, so the form asks for a date and two times.
    """

    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    cohort = CohortChoiceField(label=_("Program and cohort"), queryset=Cohort.objects.none())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(DATE_WIDGET, "%Y-%m-%d"))
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput({"type": "time"}, "%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End time"), widget=forms.TimeInput({"type": "time"}, "%H:%M")
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), required=False,
        empty_label=_("— choose a province —"),
    )  # fmt: skip
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.all(),
        help_text=_("The list shows the communes of the chosen province."),
    )  # fmt: skip
    venue = forms.CharField(
        label=_("Venue"), required=False, max_length=200,
        help_text=_("Where in the commune: a cooperative's premises, a youth centre…"),
    )  # fmt: skip
    trainer = UserChoiceField(
        label=_("Trainer"), queryset=User.objects.none(), required=False,
        empty_label=_("— not decided yet —"),
    )  # fmt: skip
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, max_value=500,
        widget=forms.NumberInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
        help_text=_("Places available."),
    )  # fmt: skip

    def __init__(self, *args: Any, user: Any, session: Session | None = None, **kwargs: Any):
        if session is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(session)
        super().__init__(*args, **kwargs)
        self.session = session
        courses = Course.objects.active()
        cohorts = Cohort.objects.filter(program__in=Program.objects.manageable_by(user))
        trainers = trainers_for(user)
        if session is not None:  # keep what the session already has on offer
            courses = Course.objects.filter(Q(is_active=True) | Q(pk=session.course_id))
            cohorts = Cohort.objects.filter(
                Q(pk__in=cohorts.values("pk")) | Q(pk=session.cohort_id)
            )
            if session.trainer_id:
                trainers = User.objects.filter(
                    Q(pk__in=trainers.values("pk")) | Q(pk=session.trainer_id)
                ).order_by("full_name", "email")
            if session.enrollments.exists():
                self.fields["cohort"].disabled = True
                self.fields["cohort"].help_text = _(
                    "People are enrolled: the session stays in its cohort."
                )
        _choice_field(self, "course").queryset = courses_in_reading_order(courses)
        _choice_field(self, "cohort").queryset = cohorts_in_reading_order(cohorts)
        _choice_field(self, "trainer").queryset = trainers
        link_province_and_commune(self, self._chosen_province_id())

    @staticmethod
    def initial_for(session: Session) -> dict[str, Any]:
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {
            "course": session.course_id, "cohort": session.cohort_id, "date": starts.date(),
            "start_time": starts.time(), "end_time": ends.time(),
            "province": session.commune.province_id, "commune": session.commune_id,
            "venue": session.venue, "trainer": session.trainer_id, "capacity": session.capacity,
        }  # fmt: skip

    def _chosen_province_id(self) -> int | None:
        if self.is_bound:
            province = as_id(self.data.get(self.add_prefix("province")))
            if province:
                return province
            commune_id = as_id(self.data.get(self.add_prefix("commune")))
            commune = Commune.objects.filter(pk=commune_id).first() if commune_id else None
            return commune.province_id if commune else None
        return as_id(getattr(self.initial.get("province"), "pk", self.initial.get("province")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("A session must end after it starts."))
            else:
                zone = timezone.get_current_timezone()
                cleaned["starts_at"] = timezone.make_aware(
                    datetime.datetime.combine(day, start), zone
                )
                cleaned["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, end), zone)
        commune, province = cleaned.get("commune"), cleaned.get("province")
        if commune and province and commune.province_id != province.pk:
            self.add_error("commune", _("This commune is not in the chosen province."))
        return cleaned

    def session_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("course", "cohort", "starts_at", "ends_at", "commune", "venue", "trainer",
                 "capacity")  # fmt: skip
        return {name: data[name] for name in names if name in data}


# Where a service's refusal about a model field is shown on the session form.
SESSION_FIELD_FOR = {"starts_at": "date", "ends_at": "end_time"}


class SessionFilterForm(BootstrapFormMixin, forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program"), required=False, queryset=Program.objects.none(),
        empty_label=_("All programs"),
    )  # fmt: skip
    cohort = CohortChoiceField(
        label=_("Cohort"), required=False, queryset=Cohort.objects.none(),
        empty_label=_("All cohorts"),
    )  # fmt: skip
    course = forms.ModelChoiceField(
        label=_("Course"), required=False, queryset=Course.objects.none(),
        empty_label=_("All courses"),
    )  # fmt: skip
    trainer = UserChoiceField(
        label=_("Trainer"), required=False, queryset=User.objects.none(),
        empty_label=_("All trainers"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All statuses")), *SessionStatus.choices],
    )  # fmt: skip
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(DATE_WIDGET, "%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(DATE_WIDGET, "%Y-%m-%d")
    )
    mine = forms.BooleanField(label=_("Only the sessions I give"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort_ids = sessions.values("cohort_id")
        _choice_field(self, "program").queryset = (
            Program.objects.filter(cohorts__in=cohort_ids)
            .distinct()
            .annotate(display_name=localized_expression("name_fr", "name_ar", "name_en"))
            .order_by("display_name", "pk")
        )
        _choice_field(self, "cohort").queryset = cohorts_in_reading_order(
            Cohort.objects.filter(pk__in=cohort_ids)
        )
        _choice_field(self, "course").queryset = courses_in_reading_order(
            Course.objects.filter(pk__in=sessions.values("course_id"))
        )
        _choice_field(self, "trainer").queryset = User.objects.filter(
            pk__in=sessions.values("trainer_id")
        ).order_by("full_name", "email")
        if Role.TRAINER not in user.roles:
            del self.fields["mine"]


# Enrollment


class EnrollFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search by name"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    organization = forms.ModelChoiceField(
        label=_("Organization"), required=False, queryset=Organization.objects.none(),
        empty_label=_("All participating organizations"),
    )  # fmt: skip

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "organization").queryset = organizations


# Attendance


class AttendanceSheetForm(forms.Form):
    """One choice per enrolled person, named status_<enrollment id>.

    A row left without a value keeps what was recorded (someone enrolled after the
    page was opened is simply not part of this sheet). Rendered by hand as large
    radio buttons (training/attendance.html), hence no Bootstrap mixin.
    """

    def __init__(self, *args: Any, enrollments: list[Enrollment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrollments = enrollments
        for enrollment in enrollments:
            recorded = getattr(enrollment, "recorded_status", None)
            self.fields[self.field_name(enrollment)] = forms.ChoiceField(
                label=str(enrollment.person),
                choices=AttendanceStatus.choices,
                required=False,
                initial=recorded or AttendanceStatus.PRESENT,
            )

    @staticmethod
    def field_name(enrollment: Enrollment) -> str:
        return f"status_{enrollment.pk}"

    @property
    def all_present(self) -> bool:
        return self.is_bound and "all_present" in self.data

    def full_clean(self) -> None:
        if self.all_present:
            # "Mark everyone present" ignores the radios: it only needs the list.
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def statuses(self) -> dict[int, str]:
        if self.all_present:
            return {e.pk: AttendanceStatus.PRESENT for e in self.enrollments}
        return {
            e.pk: self.cleaned_data[self.field_name(e)]
            for e in self.enrollments
            if self.cleaned_data.get(self.field_name(e))
        }

    def rows(self) -> list[dict[str, Any]]:
        """For the template: each person, the field's name, the choice to show checked."""
        rows = []
        for number, enrollment in enumerate(self.enrollments, start=1):
            name = self.field_name(enrollment)
            bound = self[name]
            value = bound.value() or self.fields[name].initial
            if value not in AttendanceStatus.values:
                value = self.fields[name].initial
            rows.append(
                {
                    "number": number,
                    "enrollment": enrollment,
                    "name": name,
                    "value": value,
                    "errors": bound.errors,
                    "recorded": getattr(enrollment, "recorded_status", None),
                }
            )
        return rows


# Certificates


class CertificateFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search by name"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    cohort = CohortChoiceField(
        label=_("Cohort"), required=False, queryset=Cohort.objects.none(),
        empty_label=_("All cohorts"),
    )  # fmt: skip
    course = forms.ModelChoiceField(
        label=_("Course"), required=False, queryset=Course.objects.none(),
        empty_label=_("All courses"),
    )  # fmt: skip
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, cohorts: Any, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "cohort").queryset = cohorts_in_reading_order(cohorts)
        _choice_field(self, "course").queryset = courses_in_reading_order(courses)


class IssueCertificatesForm(BootstrapFormMixin, forms.Form):
    cohort = CohortChoiceField(label=_("Program and cohort"), queryset=Cohort.objects.none())
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohorts = Cohort.objects.filter(program__in=Program.objects.manageable_by(user))
        _choice_field(self, "cohort").queryset = cohorts_in_reading_order(cohorts)
        courses = Course.objects.filter(
            pk__in=Session.objects.filter(cohort__in=cohorts).values("course_id")
        )
        _choice_field(self, "course").queryset = courses_in_reading_order(courses)
