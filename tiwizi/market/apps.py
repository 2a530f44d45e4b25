from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "tiwizi.market"
    label = "market"
    verbose_name = _("Market")

    def ready(self) -> None:
        # The catalogue (products, storefront) and trade (inquiries, orders, sales)
        # halves each register their menu entries, panels and organization sections.
        from tiwizi.market.catalogue import wiring as catalogue
        from tiwizi.market.trade import wiring as trade

        catalogue.register()
        trade.register()
