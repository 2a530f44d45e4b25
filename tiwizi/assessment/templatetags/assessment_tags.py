"""Template helpers of the assessment pages: scores and changes, in the reader's format."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()

MINUS = "\u2212"  # a real minus sign, as wide as the plus


@register.filter
def score(value: Decimal | None) -> str:
    """62.5 -> "62.5" / "62,5" (one decimal, per the language); None -> "—"."""
    if value is None or value == "":
        return "—"
    return number_format(value, 1)


@register.filter
def signed(value: Decimal | None) -> str:
    """A change between two scores: "+12.5", a minus sign and "3.0", "0.0"; None -> "—"."""
    if value is None or value == "":
        return "—"
    text = number_format(abs(value), 1)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"{MINUS}{text}"
    return text


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None
