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
    # Items sharing a group label are shown together in one drop-down menu.
    group: str | Promise | None = None


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
                "group": item.group,
            }
        )
    return entries


def nav_menu_for(user: Any, path: str) -> list[dict[str, Any]]:
    """The menu as the navbar draws it: grouped items folded into one drop-down, placed
    where the group's first item is; a group with a single visible item stays a link."""
    menu: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for entry in nav_items_for(user, path):
        if entry["group"] is None:
            menu.append(entry)
            continue
        key = str(entry["group"])
        if key not in groups:
            groups[key] = {"label": entry["group"], "children": [], "active": False}
            menu.append(groups[key])
        groups[key]["children"].append(entry)
        groups[key]["active"] |= entry["active"]
    return [m["children"][0] if "children" in m and len(m["children"]) == 1 else m for m in menu]
