"""Who may do what in the catalogue, as named predicates (see ARCHITECTURE.md).

Views first look a product up in `Product.objects.visible_to(user)` (missing: 404), then
ask one of these (refused: 403). The public storefront needs none: it reads only
`Product.objects.published()`.
"""

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.market.models import Product
from tiwizi.registry.models import Organization

# Roles that work with a cooperative's catalogue in the back office.
CATALOGUE_ROLES = (Role.PROGRAM_MANAGER, Role.TRAINER, Role.COOPERATIVE_MANAGER)
# Staff who keep the exchange-rate table.
RATE_ROLES = (Role.PROGRAM_MANAGER,)


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def can_see_catalogue(user: Any) -> bool:
    return _signed_in(user) and (user.is_platform_admin or user.has_role(*CATALOGUE_ROLES))


def producers_managed_by(user: Any) -> Any:
    """Active organizations whose products `user` may add (never buyers)."""
    return Organization.objects.manageable_by(user).active().exclude(kind=Organization.Kind.BUYER)


def can_add_products(user: Any) -> bool:
    return _signed_in(user) and producers_managed_by(user).exists()


def can_manage_product(user: Any, product: Product) -> bool:
    """Edit, delete, photos and labels: the producer's managers, its stewards' program
    managers, platform admins."""
    if not _signed_in(user):
        return False
    if user.is_platform_admin:
        return True
    return Product.objects.manageable_by(user).filter(pk=product.pk).exists()


def can_manage_rates(user: Any) -> bool:
    return _signed_in(user) and (user.is_platform_admin or user.has_role(*RATE_ROLES))


def can_manage_product_of(user: Any, organization: Organization) -> bool:
    """Whether `user` may add products for `organization`."""
    return _signed_in(user) and producers_managed_by(user).filter(pk=organization.pk).exists()
