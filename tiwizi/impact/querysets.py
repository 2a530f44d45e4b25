"""Reads of periodic reports, scoped to what a user may see (views start here).

A cooperative's periodic reports are seen and entered by its managers, and by the program
staff (program managers, trainers acting as coaches) of the organizations that support it
(registry stewards). Funders never see one organization's report: they get aggregates.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

STAFF_ROLES = ("program_manager", "trainer")


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def reporting_organizations(user: Any) -> Any:
    """The organizations whose periodic reports `user` sees and enters (a queryset)."""
    from tiwizi.registry.models import Organization

    if not _signed_in(user):
        return Organization.objects.none()
    if user.is_platform_admin:
        return Organization.objects.all()
    own = user.organization_ids("cooperative_manager")
    supported = Organization.stewards.through.objects.filter(
        to_organization_id__in=user.organization_ids(*STAFF_ROLES)
    ).values("from_organization_id")
    return Organization.objects.filter(Q(id__in=own) | Q(id__in=supported))


class PeriodicReportQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> PeriodicReportQuerySet:
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        return self.filter(organization__in=reporting_organizations(user).values("id"))

    def in_period(self, year: int, quarter: int | None = None) -> PeriodicReportQuerySet:
        reports = self.filter(year=year)
        return reports if quarter is None else reports.filter(quarter=quarter)
