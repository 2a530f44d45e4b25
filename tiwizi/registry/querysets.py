"""Reads of the registry, always scoped to what a user may see.

Views and the API start from `visible_to(user)`, so a missing right is a 404, never a
leak. Programs (a later app) will widen what staff see to their participants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tiwizi.core.text import search_terms

if TYPE_CHECKING:
    from tiwizi.accounts.models import User

# Staff of an implementing organization see the organizations it supports.
STAFF_ROLES = ("program_manager", "trainer")


def _matches_all_terms(query: str) -> Q | None:
    """Every word of the query, in any of its stemmed variants, must appear."""
    terms = search_terms(query)
    if not terms:
        return None
    condition = Q()
    for variants in terms:
        any_variant = Q()
        for stem in variants:
            any_variant |= Q(search_text__contains=stem)
        condition &= any_variant
    return condition


class SearchableQuerySet(models.QuerySet):
    def search(self, query: str) -> Any:
        condition = _matches_all_terms(query or "")
        return self if condition is None else self.filter(condition)


class OrganizationQuerySet(SearchableQuerySet):
    def visible_to(self, user: User | Any) -> OrganizationQuerySet:
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_platform_admin:
            return self.all()
        own = user.organization_ids()
        supporting = user.organization_ids(*STAFF_ROLES)
        supported = self.model.stewards.through.objects.filter(
            to_organization_id__in=supporting
        ).values("from_organization_id")
        return self.filter(Q(id__in=own) | Q(id__in=supported))

    def members_visible_to(self, user: User | Any) -> OrganizationQuerySet:
        """Organizations whose members `user` may see: never for funders and buyers."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_platform_admin:
            return self.all()
        managed = user.organization_ids("cooperative_manager", *STAFF_ROLES)
        supporting = user.organization_ids(*STAFF_ROLES)
        supported = self.model.stewards.through.objects.filter(
            to_organization_id__in=supporting
        ).values("from_organization_id")
        return self.filter(Q(id__in=managed) | Q(id__in=supported))

    def manageable_by(self, user: User | Any) -> OrganizationQuerySet:
        """Organizations `user` may edit: program managers' supported ones, managers' own."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_platform_admin:
            return self.all()
        own = user.organization_ids("cooperative_manager")
        supporting = user.organization_ids("program_manager")
        supported = self.model.stewards.through.objects.filter(
            to_organization_id__in=supporting
        ).values("from_organization_id")
        return self.filter(Q(id__in=own) | Q(id__in=supported))

    def active(self) -> OrganizationQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> OrganizationQuerySet:
        return self.filter(archived_at__isnull=False)

    def in_region(self, region_id: int) -> OrganizationQuerySet:
        return self.filter(province__region_id=region_id)


class PersonQuerySet(SearchableQuerySet):
    def visible_to(self, user: User | Any) -> PersonQuerySet:
        from tiwizi.registry.models import Membership, Organization

        organizations = Organization.objects.members_visible_to(user)
        people = Membership.objects.filter(organization__in=organizations).values("person_id")
        return self.filter(id__in=people)

    def manageable_by(self, user: User | Any) -> PersonQuerySet:
        from tiwizi.registry.models import Membership, Organization

        organizations = Organization.objects.manageable_by(user)
        people = Membership.objects.filter(organization__in=organizations).values("person_id")
        return self.filter(id__in=people)

    def active(self) -> PersonQuerySet:
        return self.filter(archived_at__isnull=True)


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user: User | Any) -> MembershipQuerySet:
        from tiwizi.registry.models import Organization

        return self.filter(organization__in=Organization.objects.members_visible_to(user))

    def current(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(Q(until__isnull=True) | Q(until__gt=today))
