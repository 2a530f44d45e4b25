"""Reads of programs, scoped to what a user may see (start every view from these)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

# Roles whose organization's partner roles make a program visible to them.
PARTNER_VIEWER_ROLES = ("program_manager", "trainer", "funder")


class ProgramQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ProgramQuerySet:
        """Partners' staff and funders see their programs; cooperatives the ones they join."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_platform_admin:
            return self.all()
        partner_orgs = user.organization_ids(*PARTNER_VIEWER_ROLES)
        member_orgs = user.organization_ids("cooperative_manager")
        return self.filter(
            Q(id__in=_program_ids_with_partners(partner_orgs))
            | Q(id__in=_program_ids_with_participants(member_orgs))
        )

    def manageable_by(self, user: Any) -> ProgramQuerySet:
        """Program managers of an implementing organization change their programs."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_platform_admin:
            return self.all()
        from tiwizi.programs.models import PartnerRole

        implementers = user.organization_ids("program_manager")
        return self.filter(
            id__in=PartnerRole.objects.filter(
                organization_id__in=implementers, role=PartnerRole.Role.IMPLEMENTER
            ).values("program_id")
        )

    def implemented_by_staff_of(self, user: Any) -> ProgramQuerySet:
        """Programs run by the organizations where `user` is program manager or trainer."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_platform_admin:
            return self.all()
        from tiwizi.programs.models import PartnerRole

        staff_orgs = user.organization_ids("program_manager", "trainer")
        return self.filter(
            id__in=PartnerRole.objects.filter(
                organization_id__in=staff_orgs, role=PartnerRole.Role.IMPLEMENTER
            ).values("program_id")
        )


def _program_ids_with_partners(organization_ids: set[int]) -> Any:
    from tiwizi.programs.models import PartnerRole

    return PartnerRole.objects.filter(organization_id__in=organization_ids).values("program_id")


def _program_ids_with_participants(organization_ids: set[int]) -> Any:
    from tiwizi.programs.models import Participation

    return Participation.objects.filter(organization_id__in=organization_ids).values(
        "cohort__program_id"
    )


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CohortQuerySet:
        from tiwizi.programs.models import Program

        return self.filter(program__in=Program.objects.visible_to(user))


class ParticipationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ParticipationQuerySet:
        from tiwizi.programs.models import Program

        return self.filter(cohort__program__in=Program.objects.visible_to(user))


class ContributionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ContributionQuerySet:
        from tiwizi.programs.models import Program

        return self.filter(program__in=Program.objects.visible_to(user))
