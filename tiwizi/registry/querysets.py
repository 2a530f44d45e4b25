"""Reads of the registry, always scoped to what a user may see.

Views and the API start from `visible_to(user)`, so a missing right is a 404, never a
leak. Programs (a later app) will widen what staff see to their participants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from tiwizi.core.i18n import localized_expression
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


def current_membership_condition(prefix: str = "") -> Q:
    """Memberships that have not ended: no end date, or one still to come."""
    today = timezone.localdate()
    return Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gt": today})


def _supported_by(organization_ids: set[int]) -> Any:
    """Ids of the organizations that these organizations steward (a subquery)."""
    from tiwizi.registry.models import Organization

    return Organization.stewards.through.objects.filter(
        to_organization_id__in=organization_ids
    ).values("from_organization_id")


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
        supported = _supported_by(supporting)
        return self.filter(Q(id__in=own) | Q(id__in=supported))

    def members_visible_to(self, user: User | Any) -> OrganizationQuerySet:
        """Organizations whose members `user` may see: never for funders and buyers."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_platform_admin:
            return self.all()
        managed = user.organization_ids("cooperative_manager", *STAFF_ROLES)
        supporting = user.organization_ids(*STAFF_ROLES)
        supported = _supported_by(supporting)
        return self.filter(Q(id__in=managed) | Q(id__in=supported))

    def manageable_by(self, user: User | Any) -> OrganizationQuerySet:
        """Organizations `user` may edit: program managers' supported ones, managers' own."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_platform_admin:
            return self.all()
        own = user.organization_ids("cooperative_manager")
        supporting = user.organization_ids("program_manager")
        supported = _supported_by(supporting)
        return self.filter(Q(id__in=own) | Q(id__in=supported))

    def active(self) -> OrganizationQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> OrganizationQuerySet:
        return self.filter(archived_at__isnull=False)

    def in_region(self, region_id: int) -> OrganizationQuerySet:
        return self.filter(province__region_id=region_id)

    def with_display_name(self) -> OrganizationQuerySet:
        """Annotate `display_name`, the name a reader of the active language sees."""
        return self.annotate(display_name=localized_expression("name_fr", "name_ar"))

    def with_current_members(self) -> OrganizationQuerySet:
        """Annotate `has_current_members` (one EXISTS per row, no join)."""
        from tiwizi.registry.models import Membership

        current = Membership.objects.current().filter(organization=OuterRef("pk"))
        return self.annotate(has_current_members=Exists(current))

    def without_current_members(self) -> OrganizationQuerySet:
        return self.with_current_members().filter(has_current_members=False)

    def with_member_counts(self, youth_born_after: int) -> OrganizationQuerySet:
        """Annotate current members: `members_total`, `members_women`, `members_men`,
        `members_youth` (born after `youth_born_after`)."""
        current = current_membership_condition("memberships__")

        def members(condition: Q | None = None) -> Count:
            condition = condition or Q()
            return Count("memberships__person", filter=current & condition, distinct=True)

        return self.annotate(
            members_total=members(),
            members_women=members(Q(memberships__person__sex="female")),
            members_men=members(Q(memberships__person__sex="male")),
            members_youth=members(Q(memberships__person__birth_year__gt=youth_born_after)),
        )


class PersonQuerySet(SearchableQuerySet):
    """People are seen through their memberships: whoever sees an organization's members
    sees those people (past members included). Funders and buyers never do."""

    def visible_to(self, user: User | Any) -> PersonQuerySet:
        from tiwizi.registry.models import Membership, Organization

        if user and user.is_authenticated and user.is_platform_admin:
            return self.all()  # including people whose memberships were all removed
        organizations = Organization.objects.members_visible_to(user)
        people = Membership.objects.filter(organization__in=organizations).values("person_id")
        return self.filter(id__in=people)

    def manageable_by(self, user: User | Any) -> PersonQuerySet:
        from tiwizi.registry.models import Membership, Organization

        if user and user.is_authenticated and user.is_platform_admin:
            return self.all()
        organizations = Organization.objects.manageable_by(user)
        people = Membership.objects.filter(organization__in=organizations).values("person_id")
        return self.filter(id__in=people)

    def with_display_name(self) -> PersonQuerySet:
        """Annotate `display_last_name` and `display_first_name` in the reader's script."""
        last = localized_expression("last_name_latin", "last_name_ar")
        first = localized_expression("first_name_latin", "first_name_ar")
        return self.annotate(display_last_name=last, display_first_name=first)

    def active(self) -> PersonQuerySet:
        return self.filter(archived_at__isnull=True)


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user: User | Any) -> MembershipQuerySet:
        from tiwizi.registry.models import Organization

        return self.filter(organization__in=Organization.objects.members_visible_to(user))

    def current(self) -> MembershipQuerySet:
        return self.filter(current_membership_condition())

    def ended(self) -> MembershipQuerySet:
        return self.exclude(current_membership_condition())
