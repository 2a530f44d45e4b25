"""Menu entries, home panels and organization sections of the market's catalogue half."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiwizi.core.dashboards import Panel, register_panel
from tiwizi.core.navigation import NavItem, register_nav_item
from tiwizi.market.catalogue import permissions
from tiwizi.market.models import Label, Product
from tiwizi.registry.sections import register_organization_section

# Labels whose expiry comes within this many days are flagged on the home panel.
EXPIRY_WARNING_DAYS = 60
EXPIRING_ROWS = 5


def _product_counts(products: Any) -> dict[str, int]:
    return products.aggregate(
        # distinct: the join on photos repeats a product once per photo
        total=Count("pk", distinct=True),
        published=Count("pk", filter=Q(published=True), distinct=True),
        without_photo=Count("pk", filter=Q(photos__isnull=True), distinct=True),
    )


def catalogue_panel(user: Any) -> Panel | None:
    """Home panel for cooperative managers: their catalogue and labels about to expire."""
    if not user or not user.is_authenticated or "cooperative_manager" not in user.roles:
        return None
    products = Product.objects.manageable_by(user)
    counts = _product_counts(products)
    soon = timezone.localdate() + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    expiring = (
        Label.objects.filter(product__in=products.values("pk"), expires_on__lte=soon)
        .select_related("product")
        .order_by("expires_on", "pk")
    )
    return Panel(
        template="market/catalogue/panels/catalogue.html",
        context={"counts": counts, "expiring": list(expiring[:EXPIRING_ROWS])},
        order=35,
    )


def products_section(request: Any, organization: Any) -> Panel | None:
    """The products of an organization, on its page, for those who see them."""
    if not permissions.can_see_catalogue(request.user):
        return None
    products = Product.objects.visible_to(request.user).filter(organization=organization)
    counts = _product_counts(products)
    if not counts["total"] and not permissions.can_manage_product_of(request.user, organization):
        return None
    return Panel(
        template="market/catalogue/panels/organization_products.html",
        context={
            "organization": organization,
            "counts": counts,
            "can_add": permissions.can_manage_product_of(request.user, organization),
        },
        order=50,
    )


def register() -> None:
    """Called once from MarketConfig.ready()."""
    register_nav_item(
        NavItem(
            label=_("Products"),
            url_name="market:product_list",
            is_visible=permissions.can_see_catalogue,
            order=70,
            active_prefix="/catalogue/",
            group=_("Market"),
        )
    )
    register_panel(catalogue_panel)
    register_organization_section(products_section)
