"""Coaching: a coach follows a cooperative or GIE within a program, through a plan with
goals, visits (on site, by phone or video) and the action items decided along the way.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tiwizi.accounts.models import Grant, Role
from tiwizi.coaching.querysets import (
    ActionItemQuerySet,
    CoachingPlanQuerySet,
    GoalQuerySet,
    VisitQuerySet,
)
from tiwizi.core.models import TimeStampedModel
from tiwizi.programs.models import PartnerRole

# Kinds of organization that are coached (the others are partners, not coachees).
COACHED_KINDS = ("cooperative", "gie")
MAX_VISIT_MINUTES = 24 * 60


def _short_date(value: Any) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class CoachingPlan(TimeStampedModel):
    """One coach following one organization within one program, from start to end.

    The status is stored: a plan stays active past its end date until someone closes
    it (see services.close_plan), so that late visits can still be recorded.
    """

    Status = PlanStatus

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="coaching_plans",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="coaching_plans",
        help_text=_("The cooperative or GIE being coached."),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="coaching_plans",
        help_text=_("A trainer of an organization that implements the program."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    objective = models.TextField(
        _("objective"),
        blank=True,
        help_text=_("What the coaching should achieve, in a few sentences."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = CoachingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("coaching plan")
        verbose_name_plural = _("coaching plans")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="coaching_plan_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PlanStatus.values),
                name="coaching_plan_status_known",
            ),
            models.CheckConstraint(
                condition=(models.Q(status=PlanStatus.CLOSED) & models.Q(closed_on__isnull=False))
                | (models.Q(status=PlanStatus.ACTIVE) & models.Q(closed_on__isnull=True)),
                name="coaching_plan_closed_on_iff_closed",
            ),
            # One plan at a time per organization and program: the cooperative manager's
            # panel and the coach's list speak of "the" plan.
            models.UniqueConstraint(
                fields=["program", "organization"],
                condition=models.Q(status=PlanStatus.ACTIVE),
                name="coaching_plan_one_active_per_program_and_organization",
                violation_error_message=_(
                    "This organization already has an active coaching plan in this program."
                ),
            ),
        ]
        indexes = [models.Index(fields=["coach", "status"])]

    def __str__(self) -> str:
        return gettext("%(organization)s — %(program)s") % {
            "organization": self.organization,
            "program": self.program,
        }

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE

    @property
    def is_past_end(self) -> bool:
        return self.is_active and self.end_date < timezone.localdate()

    def get_absolute_url(self) -> str:
        return reverse("coaching:plan_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date must be on or after the start date.")
        organization = self.organization if self.organization_id else None
        if organization is not None and organization.kind not in COACHED_KINDS:
            errors["organization"] = _("Only a cooperative or a GIE can be coached.")
        if self.coach_id and self.program_id and not _coaches_in(self.program_id, self.coach_id):
            errors["coach"] = _(
                "The coach must be a trainer of an organization that implements this program."
            )
        if errors:
            raise ValidationError(errors)


def _coaches_in(program_id: int, user_id: int) -> bool:
    """Whether the user is a trainer of one of the program's implementing organizations."""
    implementers = PartnerRole.objects.filter(
        program_id=program_id, role=PartnerRole.Role.IMPLEMENTER
    ).values("organization_id")
    return Grant.objects.filter(
        user_id=user_id, role=Role.TRAINER, organization_id__in=implementers
    ).exists()


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(TimeStampedModel):
    """Something the organization means to reach by a date (a label, a first export…)."""

    Status = GoalStatus

    plan = models.ForeignKey(
        CoachingPlan, verbose_name=_("coaching plan"), on_delete=models.CASCADE,
        related_name="goals",
    )  # fmt: skip
    text = models.CharField(_("goal"), max_length=300)
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["target_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=GoalStatus.values), name="goal_status_known"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=GoalStatus.ACHIEVED) & models.Q(achieved_on__isnull=False)
                )
                | (~models.Q(status=GoalStatus.ACHIEVED) & models.Q(achieved_on__isnull=True)),
                name="goal_achieved_on_iff_achieved",
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.text).chars(80)

    def clean(self) -> None:
        if self.achieved_on and self.achieved_on > timezone.localdate():
            raise ValidationError({"achieved_on": _("This date cannot be in the future.")})


class VisitMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")


class Visit(TimeStampedModel):
    """A coaching session with the organization, on site or at a distance."""

    Mode = VisitMode

    plan = models.ForeignKey(
        CoachingPlan, verbose_name=_("coaching plan"), on_delete=models.CASCADE,
        related_name="visits",
    )  # fmt: skip
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VISIT_MINUTES)],
        help_text=_("In minutes: 90 for an hour and a half."),
    )
    mode = models.CharField(
        _("mode"), max_length=16, choices=VisitMode.choices, default=VisitMode.ON_SITE
    )
    topics = models.CharField(
        _("topics"), max_length=300, help_text=_("What was worked on: accounts, labels, sales…")
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("The coach's notes. The cooperative's managers do not see them."),
    )
    next_steps = models.TextField(_("next steps"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mode__in=VisitMode.values), name="visit_mode_known"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1)
                & models.Q(duration_minutes__lte=MAX_VISIT_MINUTES),
                name="visit_duration_within_a_day",
            ),
        ]
        indexes = [models.Index(fields=["plan", "date"])]

    def __str__(self) -> str:
        return gettext("Visit of %(date)s") % {"date": _short_date(self.date)}

    def get_absolute_url(self) -> str:
        return reverse("coaching:visit_detail", args=[self.pk])

    @property
    def duration_display(self) -> str:
        hours, minutes = divmod(self.duration_minutes or 0, 60)
        if not hours:
            return gettext("%(minutes)d min") % {"minutes": minutes}
        if not minutes:
            return gettext("%(hours)d h") % {"hours": hours}
        return gettext("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": minutes}

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("A visit cannot be recorded in advance: the date is in the future.")
        plan = self.plan if self.plan_id else None
        if plan is not None and self.date and self.date < plan.start_date:
            errors["date"] = _("The visit cannot be before the plan starts (%(date)s).") % {
                "date": _short_date(plan.start_date)
            }
        if errors:
            raise ValidationError(errors)


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(TimeStampedModel):
    """Something to do by a date, usually decided at a visit.

    Owners are often members of the cooperative without an account: `owner_name` names
    them; `owner_user` links an owner who signs in (the coach, a cooperative manager).
    """

    Status = ActionStatus

    plan = models.ForeignKey(
        CoachingPlan, verbose_name=_("coaching plan"), on_delete=models.CASCADE,
        related_name="action_items",
    )  # fmt: skip
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("decided at the visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    text = models.CharField(_("action"), max_length=300)
    owner_name = models.CharField(
        _("owner"),
        max_length=120,
        blank=True,
        help_text=_("Who will do it, when they have no account: a member's name."),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner with an account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coaching_action_items",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values), name="action_item_status_known"
            ),
            models.CheckConstraint(
                condition=(models.Q(status=ActionStatus.DONE) & models.Q(done_on__isnull=False))
                | (~models.Q(status=ActionStatus.DONE) & models.Q(done_on__isnull=True)),
                name="action_item_done_on_iff_done",
            ),
            models.CheckConstraint(
                condition=~models.Q(owner_name="") | models.Q(owner_user__isnull=False),
                name="action_item_has_an_owner",
                violation_error_message=_(
                    "Say who will do it: choose a person with an account or type a name."
                ),
            ),
        ]
        indexes = [models.Index(fields=["plan", "status", "due_date"])]

    def __str__(self) -> str:
        return Truncator(self.text).chars(80)

    @property
    def owner(self) -> str:
        """The owner as shown on pages: the account's name, else the typed name."""
        if self.owner_user_id:
            return str(self.owner_user)
        return self.owner_name

    @property
    def is_overdue(self) -> bool:
        """Open and past its due date (due today is not overdue yet)."""
        return self.status == ActionStatus.OPEN and self.due_date < timezone.localdate()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.owner_name.strip() and not self.owner_user_id:
            errors["owner_name"] = _(
                "Say who will do it: choose a person with an account or type a name."
            )
        if self.done_on and self.done_on > timezone.localdate():
            errors["done_on"] = _("This date cannot be in the future.")
        visit = self.visit if self.visit_id else None
        if visit is not None and self.plan_id and visit.plan_id != self.plan_id:
            errors["visit"] = _("This visit belongs to another coaching plan.")
        if errors:
            raise ValidationError(errors)
