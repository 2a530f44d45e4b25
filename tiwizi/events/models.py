"""Events (workshops, meetings, fairs, information days), who registered and attended,
and the recommendations that came out of them and must be followed up."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tiwizi.core.i18n import localized
from tiwizi.core.models import TimeStampedModel
from tiwizi.events.querysets import EventQuerySet, OutcomeQuerySet, RegistrationQuerySet


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    MEETING = "meeting", _("Meeting")
    FAIR = "fair", _("Fair")
    INFO_DAY = "info_day", _("Information day")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Event(TimeStampedModel):
    Kind = EventKind
    Status = EventStatus

    # Optional: a regional fair or an institutional meeting may lie outside any program.
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    venue = models.CharField(
        _("venue"),
        max_length=255,
        blank=True,
        help_text=_("The hall, building or address where people should come."),
    )
    organizers = models.ManyToManyField(
        "registry.Organization",
        verbose_name=_("organizers"),
        blank=True,
        related_name="organized_events",
    )
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=255, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_ar="") | ~models.Q(title_fr="") | ~models.Q(title_en=""),
                name="event_has_a_title",
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="event_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="event_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=EventStatus.values), name="event_status_known"
            ),
        ]
        indexes = [models.Index(fields=["status", "start"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()

    @property
    def is_held(self) -> bool:
        """Held: marked so, or over and not cancelled (see EventQuerySet.held)."""
        if self.status == EventStatus.HELD:
            return True
        return self.status == EventStatus.PLANNED and self.end < timezone.now()

    @property
    def period(self) -> str:
        """When it takes place, in the reader's language and the platform's time zone."""
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        if start.date() == end.date():
            return gettext("%(date)s, %(start)s–%(end)s") % {  # noqa: RUF001
                "date": date_format(start, "DATE_FORMAT"),
                "start": time_format(start, "TIME_FORMAT"),
                "end": time_format(end, "TIME_FORMAT"),
            }
        return gettext("%(start)s – %(end)s") % {  # noqa: RUF001
            "start": date_format(start, "DATETIME_FORMAT"),
            "end": date_format(end, "DATETIME_FORMAT"),
        }

    @property
    def place(self) -> str:
        """Venue and commune, as one line."""
        commune = self.commune.name if self.commune_id and self.commune else ""
        if self.venue and commune:
            return gettext("%(venue)s, %(commune)s") % {"venue": self.venue, "commune": commune}
        return self.venue or commune

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if not (self.title_ar.strip() or self.title_fr.strip() or self.title_en.strip()):
            errors["title_fr"] = ValidationError(
                _("Give the event a title in at least one language.")
            )
        if self.start and self.end and self.end <= self.start:
            errors["end"] = ValidationError(_("The end must be after the start."))
        if self.status == EventStatus.HELD and self.start and self.start > timezone.now():
            errors["status"] = ValidationError(
                _("An event cannot be marked as held before it starts.")
            )
        if errors:
            raise ValidationError(errors)


class RegistrationRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    SPEAKER = "speaker", _("Speaker")
    ORGANIZER = "organizer", _("Organizer")
    INSTITUTION_REPRESENTATIVE = "institution_representative", _("Institution representative")


class Registration(TimeStampedModel):
    """An organization, a person, or a person on behalf of an organization, at an event."""

    Role = RegistrationRole

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=RegistrationRole.choices,
        default=RegistrationRole.PARTICIPANT,
    )
    # None until attendance is recorded: "did not come" is not the same as "not known".
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(person__isnull=False),
                name="registration_has_organization_or_person",
                violation_error_message=_("Choose an organization, a person, or both."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=RegistrationRole.values), name="registration_role_known"
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=models.Q(person__isnull=False),
                name="registration_unique_person_per_event",
                violation_error_message=_("This person is already registered for this event."),
            ),
            models.UniqueConstraint(
                fields=["event", "organization"],
                condition=models.Q(person__isnull=True),
                name="registration_unique_organization_per_event",
                violation_error_message=_(
                    "This organization is already registered for this event."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The person's name, else the organization's."""
        if self.person_id:
            return str(self.person)
        return str(self.organization) if self.organization_id else ""


class OutcomeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Outcome(TimeStampedModel):
    """A recommendation or decision taken at an event, followed up until done or dropped."""

    Status = OutcomeStatus
    # Statuses that still need someone to act.
    PENDING = (OutcomeStatus.OPEN, OutcomeStatus.IN_PROGRESS)

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="outcomes"
    )
    text = models.TextField(_("recommendation"))
    owner_name = models.CharField(
        _("who follows it up"),
        max_length=200,
        blank=True,
        help_text=_("A person or a team, as people name them."),
    )
    owner_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("responsible organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_outcomes",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("follow-up status"),
        max_length=16,
        choices=OutcomeStatus.choices,
        default=OutcomeStatus.OPEN,
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["event_id", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OutcomeStatus.values), name="outcome_status_known"
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="outcome_has_text"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in self.PENDING
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )

    def clean(self) -> None:
        if not self.text.strip():
            raise ValidationError({"text": _("Write the recommendation.")})
