"""Grouped menu entries fold into one drop-down; a lone group member stays a link."""

from typing import Any

import pytest

from tiwizi.core import navigation
from tiwizi.core.navigation import NavItem, nav_menu_for


@pytest.fixture
def items(monkeypatch: pytest.MonkeyPatch) -> list[NavItem]:
    registered: list[NavItem] = []
    monkeypatch.setattr(navigation, "_items", registered)
    monkeypatch.setattr(navigation, "reverse", lambda name: f"/{name}/")
    return registered


def _everyone(user: Any) -> bool:
    return True


def _nobody(user: Any) -> bool:
    return False


def test_group_members_fold_into_one_menu_where_the_first_one_is(items):
    items += [
        NavItem("Programs", "programs", _everyone, order=10),
        NavItem("Products", "products", _everyone, order=70, group="Market"),
        NavItem("Events", "events", _everyone, order=60),
        NavItem("Orders", "orders", _everyone, order=71, group="Market"),
    ]
    menu = nav_menu_for(None, "/orders/")
    assert [str(m["label"]) for m in menu] == ["Programs", "Events", "Market"]
    market = menu[2]
    assert [c["label"] for c in market["children"]] == ["Products", "Orders"]
    assert market["active"] is True
    assert menu[0]["active"] is False


def test_a_group_with_one_visible_member_is_a_plain_link(items):
    items += [
        NavItem("Products", "products", _everyone, order=70, group="Market"),
        NavItem("Orders", "orders", _nobody, order=71, group="Market"),
    ]
    menu = nav_menu_for(None, "/")
    assert menu == [{"label": "Products", "url": "/products/", "active": False, "group": "Market"}]
