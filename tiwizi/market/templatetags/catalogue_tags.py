"""Template helpers of the catalogue and the storefront: friendly URLs, foreign prices."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils import dates

from tiwizi.core.money import format_mad

register = template.Library()

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$"}


@register.simple_tag
def producer_url(organization: Any) -> str:
    from tiwizi.market.catalogue.storefront import producer_slug

    return reverse("market:producer_page", args=[organization.pk, producer_slug(organization)])


@register.simple_tag
def province_url(province: Any) -> str:
    from tiwizi.market.catalogue.storefront import province_slug

    return reverse("market:shop_province", args=[province.pk, province_slug(province)])


@register.filter
def foreign_money(amount: Any, currency: str) -> str:
    """{{ price.amount|foreign_money:"EUR" }}: the language's layout of amounts (as for
    dirhams: grouping, decimal mark, symbol side) with the currency's symbol."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    return format_mad(amount).replace("MAD", symbol).replace("درهم", symbol)


@register.filter
def month_name(number: Any) -> str:
    try:
        return str(dates.MONTHS[int(number)])
    except (KeyError, TypeError, ValueError):
        return ""
