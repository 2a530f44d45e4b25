"""Main menu entries that domain apps contribute, each shown only to the roles it serves.

Core may not import domain apps, so apps call `register_nav_item` from AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    is_visible: Callable[[Any], bool]
    order: int = 100
    # URL prefix that marks the item active (defaults to its own URL).
    active_prefix: str | None = None


_items: list[NavItem] = []


def register_nav_item(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _items):
        _items.append(item)


def nav_items_for(user: Any, path: str) -> list[dict[str, Any]]:
    entries = []
    for item in sorted(_items, key=lambda i: i.order):
        if not item.is_visible(user):
            continue
        url = reverse(item.url_name)
        prefix = item.active_prefix or url
        entries.append(
            {
                "label": item.label,
                "url": url,
                "active": path.startswith(prefix) and (prefix != "/" or path == "/"),
            }
        )
    return entries
