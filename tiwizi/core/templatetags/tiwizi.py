"""Template helpers shared by every app: money, phones, localized names, query strings."""

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import gettext as _

from tiwizi.core.i18n import localized as _localized
from tiwizi.core.money import format_mad
from tiwizi.core.phone import format_moroccan_phone

register = template.Library()


@register.filter
def mad(amount: Any) -> str:
    """{{ organization.capital_mad|mad }} -> 12 500,00 MAD (per the active language)."""
    return format_mad(amount)


@register.filter
def phone(value: str) -> str:
    return format_moroccan_phone(value) if value else ""


@register.filter
def localized(obj: Any, field: str) -> str:
    """{{ sector|localized:"name" }} reads name_<language> with fallbacks."""
    return _localized(obj, field)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)  # a new sort or filter starts again at page 1
    return params.urlencode()


@register.simple_tag(takes_context=True)
def sort_header(context: dict[str, Any], field: str, label: str) -> str:
    """A column header that sorts by `field`, toggling direction, with aria-sort."""
    request = context["request"]
    current = request.GET.get("sort", context.get("default_sort", ""))
    if current == field:
        next_sort, state, arrow = f"-{field}", "ascending", "▲"
    elif current == f"-{field}":
        next_sort, state, arrow = field, "descending", "▼"
    else:
        next_sort, state, arrow = field, "none", ""
    query = query_with(context, sort=next_sort)
    hint = _("Sort by %(column)s") % {"column": label}
    return format_html(
        '<th scope="col" aria-sort="{}"><a href="?{}" title="{}">'
        '{} <span aria-hidden="true">{}</span></a></th>',
        state,
        query,
        hint,
        label,
        arrow,
    )
