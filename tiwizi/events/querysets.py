"""Reads of events, scoped to what a user may see (views start from these: missing is 404).

Who sees an event:
- platform administrators: every event;
- program managers and trainers: events their organization organizes, and events of a
  program their organization implements ("staff" of the event: they see its people);
- cooperative managers: events their organization is registered to, and the events of
  the programs it takes part in (so that they can register to them);
- funders: events of the programs they fund, without the people registered;
- buyers: none.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from tiwizi.core.i18n import FALLBACKS, current_language
from tiwizi.programs.models import Participation, PartnerRole

STAFF_ROLES = ("program_manager", "trainer")


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def _organized_by(organization_ids: set[int]) -> Any:
    """Ids of the events these organizations organize (a subquery)."""
    from tiwizi.events.models import Event

    return Event.organizers.through.objects.filter(organization_id__in=organization_ids).values(
        "event_id"
    )


def _programs_where(organization_ids: set[int], role: str) -> Any:
    return PartnerRole.objects.filter(organization_id__in=organization_ids, role=role).values(
        "program_id"
    )


def _programs_joined_by(organization_ids: set[int]) -> Any:
    """Programs in which these organizations take part (selected, active or graduated)."""
    return (
        Participation.objects.participating()
        .filter(organization_id__in=organization_ids)
        .values("cohort__program_id")
    )


def _staff_condition(organization_ids: set[int]) -> Q:
    return Q(id__in=_organized_by(organization_ids)) | Q(
        program_id__in=_programs_where(organization_ids, PartnerRole.Role.IMPLEMENTER)
    )


def localized_title(language: str | None = None) -> Coalesce:
    """The title a reader sees, as an expression (for sorting in the database)."""
    order = FALLBACKS.get(language or current_language(), FALLBACKS["fr"])
    return Coalesce(*(NullIf(f"title_{lang}", Value("")) for lang in order), Value(""))


class EventQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> EventQuerySet:
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        from tiwizi.events.models import Registration

        condition = Q(pk__in=[])
        staff = user.organization_ids(*STAFF_ROLES)
        if staff:
            condition |= _staff_condition(staff)
        cooperatives = user.organization_ids("cooperative_manager")
        if cooperatives:
            registered = Registration.objects.filter(organization_id__in=cooperatives)
            condition |= Q(id__in=registered.values("event_id"))
            condition |= Q(program_id__in=_programs_joined_by(cooperatives))
        funders = user.organization_ids("funder")
        if funders:
            condition |= Q(program_id__in=_programs_where(funders, PartnerRole.Role.FUNDER))
        return self.filter(condition)

    def staffed_by(self, user: Any) -> EventQuerySet:
        """Events whose registered people `user` sees: administrators and the staff of
        the organizers or of an implementer of the event's program."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        staff = user.organization_ids(*STAFF_ROLES)
        return self.filter(_staff_condition(staff)) if staff else self.none()

    def manageable_by(self, user: Any) -> EventQuerySet:
        """Events `user` may edit or cancel: program managers of the organizers or of an
        implementer of the event's program."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        managers = user.organization_ids("program_manager")
        return self.filter(_staff_condition(managers)) if managers else self.none()

    def held(self) -> EventQuerySet:
        """Events that took place: marked as held, or over and not cancelled.

        Field staff do not always come back to mark an event as held; an event whose end
        has passed and that nobody cancelled is counted as held.
        """
        return self.filter(Q(status="held") | Q(status="planned", end__lt=timezone.now()))

    def upcoming(self) -> EventQuerySet:
        return self.filter(status="planned", end__gte=timezone.now())

    def with_display_title(self) -> EventQuerySet:
        return self.annotate(display_title=localized_title())


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> RegistrationQuerySet:
        """Staff see everyone registered; cooperative managers their own organization's
        registrations and other organizations (never other people); funders organizations
        only."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        from tiwizi.events.models import Event

        condition = Q(event__in=Event.objects.staffed_by(user))
        condition |= Q(event__in=Event.objects.visible_to(user), person__isnull=True)
        cooperatives = user.organization_ids("cooperative_manager")
        if cooperatives:
            condition |= Q(organization_id__in=cooperatives)
        return self.filter(condition)


class OutcomeQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> OutcomeQuerySet:
        from tiwizi.events.models import Event

        return self.filter(event__in=Event.objects.visible_to(user))

    def pending(self) -> OutcomeQuerySet:
        return self.filter(status__in=("open", "in_progress"))

    def overdue(self) -> OutcomeQuerySet:
        return self.pending().filter(due_date__lt=timezone.localdate())
