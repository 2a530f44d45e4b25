"""Menu entries, home panels and organization sections of the market's trade half."""

from django.utils.translation import gettext_lazy as _

from tiwizi.core.dashboards import register_panel
from tiwizi.core.navigation import NavItem, register_nav_item
from tiwizi.registry.sections import register_organization_section


def register() -> None:
    """Called once from MarketConfig.ready()."""
    from tiwizi.market.trade import panels, permissions

    def sees_sales(user: object) -> bool:
        return bool(
            getattr(user, "is_authenticated", False)
            and (user.is_platform_admin or permissions.works_for_producers(user))  # type: ignore[attr-defined]
        )

    for item in (
        NavItem(
            _("Inquiries"),
            "market:inquiry_list",
            permissions.works_for_producers,
            order=70,
            group=_("Market"),
        ),
        NavItem(
            _("Orders"),
            "market:order_list",
            permissions.works_for_producers,
            order=71,
            group=_("Market"),
        ),
        NavItem(_("Sales"), "market:sale_list", sees_sales, order=72, group=_("Market")),
        NavItem(_("My inquiries"), "market:my_inquiries", permissions.is_buyer, order=73),
        NavItem(_("My orders"), "market:my_orders", permissions.is_buyer, order=74),
    ):
        register_nav_item(item)
    register_panel(panels.inquiries_to_answer_panel)
    register_panel(panels.buyer_orders_panel)
    register_panel(panels.staff_market_panel)
    register_organization_section(panels.revenue_section)
