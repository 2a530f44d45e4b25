"""Reads of the market, scoped to what a user may see (views and the API start here).

Who sees what:
- the public: published products of active organizations, with unexpired labels;
- platform administrators: everything;
- cooperative managers: their own organization's products, inquiries, orders and sales;
- program staff (program managers, trainers): those of the organizations their
  organization supports (registry stewards), to help them; program managers may edit;
- buyers: the published catalogue, and only their own inquiries and orders;
- funders: nothing here (they get aggregates from the impact app).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tiwizi.registry.querysets import SearchableQuerySet

STAFF_ROLES = ("program_manager", "trainer")


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def producer_ids_seen_by(user: Any) -> Any:
    """Ids (a subquery or a set) of the producers whose private market data `user` sees."""
    from tiwizi.registry.models import Organization

    own = user.organization_ids("cooperative_manager")
    supported = Organization.stewards.through.objects.filter(
        to_organization_id__in=user.organization_ids(*STAFF_ROLES)
    ).values("from_organization_id")
    return Organization.objects.filter(Q(id__in=own) | Q(id__in=supported)).values("id")


def producer_ids_managed_by(user: Any) -> Any:
    """Producers whose catalogue, inquiries, orders and sales `user` may change."""
    from tiwizi.registry.models import Organization

    own = user.organization_ids("cooperative_manager")
    supported = Organization.stewards.through.objects.filter(
        to_organization_id__in=user.organization_ids("program_manager")
    ).values("from_organization_id")
    return Organization.objects.filter(Q(id__in=own) | Q(id__in=supported)).values("id")


class ProductQuerySet(SearchableQuerySet):
    def published(self) -> ProductQuerySet:
        """What the public storefront shows."""
        return self.filter(published=True, organization__archived_at__isnull=True)

    def visible_to(self, user: Any) -> ProductQuerySet:
        """Products a signed-in user may open in the back office (published or not)."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        return self.filter(organization_id__in=producer_ids_seen_by(user))

    def manageable_by(self, user: Any) -> ProductQuerySet:
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        return self.filter(organization_id__in=producer_ids_managed_by(user))


class LabelQuerySet(models.QuerySet):
    def valid(self, on: Any = None) -> LabelQuerySet:
        """Labels that may be shown publicly: not expired on `on` (today by default)."""
        day = on or timezone.localdate()
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))


class _TradeQuerySet(models.QuerySet):
    """Inquiries and orders: the buyer's side and the producer's side."""

    def visible_to(self, user: Any) -> Any:
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        buyers = user.organization_ids("buyer")
        return self.filter(Q(buyer_id__in=buyers) | Q(seller_id__in=producer_ids_seen_by(user)))

    def received_by(self, user: Any) -> Any:
        """The producer's side as seen: the producers' own managers and the staff who
        steward them (trainers included, read only)."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        return self.filter(seller_id__in=producer_ids_seen_by(user))

    def answerable_by(self, user: Any) -> Any:
        """The producer's side: answer, quote, confirm, ship."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        return self.filter(seller_id__in=producer_ids_managed_by(user))

    def placed_by(self, user: Any) -> Any:
        """The buyer's side."""
        if not _signed_in(user):
            return self.none()
        return self.filter(buyer_id__in=user.organization_ids("buyer"))


class InquiryQuerySet(_TradeQuerySet):
    pass


class OrderQuerySet(_TradeQuerySet):
    pass


class SaleQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> SaleQuerySet:
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        return self.filter(organization_id__in=producer_ids_seen_by(user))

    def manageable_by(self, user: Any) -> SaleQuerySet:
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        return self.filter(organization_id__in=producer_ids_managed_by(user))
