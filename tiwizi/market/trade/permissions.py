"""Who may do what with inquiries, orders and sales, as named predicates.

Views first look an object up in a `visible_to(user)` queryset (missing: 404), then ask
one of these (refused: 403). Buyers act on their own organization's side; the producer's
side (answer, quote, ship, record sales) belongs to the cooperative's managers and the
program managers who support it. Trainers read, they do not change; funders see nothing.
"""

from __future__ import annotations

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.market.models import Inquiry, Order
from tiwizi.market.querysets import producer_ids_managed_by, producer_ids_seen_by
from tiwizi.registry.models import Organization

# Roles that work on the producer's side of the market (read at least).
PRODUCER_SIDE_ROLES = (Role.COOPERATIVE_MANAGER, Role.PROGRAM_MANAGER, Role.TRAINER)
# Organizations that sell: the ledger and the revenue section exist for these kinds.
SELLING_KINDS = (
    Organization.Kind.COOPERATIVE,
    Organization.Kind.GIE,
    Organization.Kind.ASSOCIATION,
    Organization.Kind.COMPANY,
)


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def is_buyer(user: Any) -> bool:
    return _signed_in(user) and Role.BUYER in user.roles


def works_for_producers(user: Any) -> bool:
    """Sees the producers' side: inquiries received, orders received, sales."""
    return _signed_in(user) and user.has_role(*PRODUCER_SIDE_ROLES)


def buyer_organization(user: Any) -> Organization | None:
    """The organization a buyer acts for (the first, when a login buys for several)."""
    if not is_buyer(user):
        return None
    return (
        Organization.objects.filter(id__in=user.organization_ids(Role.BUYER), kind="buyer")
        .order_by("pk")
        .first()
    )


def is_buyer_side(user: Any, trade: Inquiry | Order) -> bool:
    return _signed_in(user) and trade.buyer_id in user.organization_ids(Role.BUYER)


def can_answer(user: Any, trade: Inquiry | Order) -> bool:
    """The producer's side of an inquiry or an order: answer, quote, ship, cancel."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return type(trade).objects.answerable_by(user).filter(pk=trade.pk).exists()


def can_write_in_thread(user: Any, inquiry: Inquiry) -> bool:
    return is_buyer_side(user, inquiry) or can_answer(user, inquiry)


def can_see_sales(user: Any, organization: Organization) -> bool:
    if not _signed_in(user) or organization.kind not in SELLING_KINDS:
        return False
    if user.is_platform_admin:
        return True
    return producer_ids_seen_by(user).filter(id=organization.pk).exists()


def can_record_sales(user: Any, organization: Organization) -> bool:
    if not _signed_in(user) or organization.kind not in SELLING_KINDS:
        return False
    if user.is_platform_admin:
        return True
    return producer_ids_managed_by(user).filter(id=organization.pk).exists()


def sales_organizations(user: Any) -> Any:
    """Selling organizations whose ledger `user` may read (for filters and menus)."""
    organizations = Organization.objects.filter(kind__in=SELLING_KINDS)
    if user.is_platform_admin:
        return organizations
    return organizations.filter(id__in=producer_ids_seen_by(user))


def recordable_organizations(user: Any) -> Any:
    """Selling organizations in whose ledger `user` may enter sales by hand."""
    organizations = Organization.objects.filter(kind__in=SELLING_KINDS, archived_at__isnull=True)
    if user.is_platform_admin:
        return organizations
    return organizations.filter(id__in=producer_ids_managed_by(user))
