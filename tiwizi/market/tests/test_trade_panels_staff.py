"""The program staff's market panel on the home page: inquiries left unanswered for more
than three days and orders not shipped fourteen days after confirmation, at the
cooperatives their organization supports only, in a fixed number of queries."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tiwizi.accounts.models import Role, User
from tiwizi.core.dashboards import home_context
from tiwizi.market.models import Inquiry, Order, OrderStatus
from tiwizi.market.trade import services
from tiwizi.market.trade.panels import PANEL_ROWS, staff_market_panel
from tiwizi.registry.models import Organization

PANEL = "market/trade/panels/staff_market.html"


def _age_inquiry(inquiry: Inquiry, days: float) -> Inquiry:
    Inquiry.objects.filter(pk=inquiry.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    return inquiry


def _confirm_days_ago(order: Order, days: int) -> Order:
    Order.objects.filter(pk=order.pk).update(
        confirmed_on=timezone.localdate() - datetime.timedelta(days=days)
    )
    return order


def _context(user: User) -> dict[str, Any]:
    panel = staff_market_panel(user)
    assert panel is not None
    return panel.context


def _templates(user: User) -> set[str]:
    return {panel.template for panel in home_context(User.objects.get(pk=user.pk))["panels"]}


@pytest.fixture
def elsewhere_product(make_organization: Callable[..., Any], make_trade_product) -> Any:
    """A product of a cooperative supported by another NGO."""
    other_ngo = make_organization(Organization.Kind.NGO, name_fr="Autre association")
    cooperative = make_organization(name_fr="Coopérative d'ailleurs", stewards=[other_ngo])
    return make_trade_product(cooperative, name_fr="Argan d'ailleurs")


def test_only_program_staff_get_the_panel(
    program_manager, trainer, producer_manager, buyer, funder, platform_admin
):
    assert PANEL in _templates(program_manager)
    assert PANEL in _templates(trainer)
    for user in (producer_manager, buyer, funder, platform_admin):
        assert PANEL not in _templates(user)
        assert staff_market_panel(user) is None


def test_inquiries_waiting_more_than_three_days_at_supported_cooperatives(
    program_manager, trainer, make_inquiry, elsewhere_product, producer_manager
):
    late = _age_inquiry(make_inquiry(), 4)
    _age_inquiry(make_inquiry(), 2)  # still within the three days
    answered = _age_inquiry(make_inquiry(), 10)
    services.post_message(producer_manager, answered, "Oui, disponible.")
    _age_inquiry(make_inquiry(product=elsewhere_product), 10)  # another NGO's cooperative

    for user in (program_manager, trainer):
        context = _context(user)
        assert context["inquiry_count"] == 1
        assert [i.pk for i in context["inquiries"]] == [late.pk]


def test_oldest_inquiries_first_five_at_most(program_manager, make_inquiry):
    inquiries = [_age_inquiry(make_inquiry(), 4 + n) for n in range(PANEL_ROWS + 2)]
    context = _context(program_manager)
    assert context["inquiry_count"] == PANEL_ROWS + 2
    oldest_first = [i.pk for i in reversed(inquiries)][:PANEL_ROWS]
    assert [i.pk for i in context["inquiries"]] == oldest_first


def test_orders_confirmed_more_than_fourteen_days_ago_and_not_shipped(
    program_manager, make_order, make_inquiry, elsewhere_product, buyer
):
    late = _confirm_days_ago(make_order(), 15)
    _confirm_days_ago(make_order(), 14)  # exactly fourteen days: not yet late
    _confirm_days_ago(make_order(OrderStatus.SHIPPED), 30)
    _confirm_days_ago(make_order(OrderStatus.CANCELLED), 30)
    other_manager_inquiry = make_inquiry(product=elsewhere_product)
    elsewhere = Order.objects.create(
        number="ELSE-1",
        inquiry=other_manager_inquiry,
        seller=elsewhere_product.organization,
        buyer=other_manager_inquiry.buyer,
        destination="export",
        country="FR",
    )
    _confirm_days_ago(elsewhere, 30)

    context = _context(program_manager)
    assert context["order_count"] == 1
    assert [o.pk for o in context["orders"]] == [late.pk]


def test_the_home_page_shows_the_panel_with_its_links(
    program_manager, make_inquiry, make_order, client_for
):
    inquiry = _age_inquiry(make_inquiry(), 5)
    order = _confirm_days_ago(make_order(), 20)
    response = client_for(program_manager).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="staff-market-heading"' in html
    assert reverse("market:inquiry_detail", args=[inquiry.pk]) in html
    assert order.get_absolute_url() in html
    assert "?status=open&amp;sort=created" in html
    assert "?status=confirmed&amp;sort=confirmed" in html


def test_empty_panel_renders_its_empty_states(trainer, client_for):
    trainer.language = "en"
    trainer.save(update_fields=["language"])
    response = client_for(trainer).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No inquiry has been waiting for more than 3 days." in html
    assert "No order has been waiting to be shipped for more than 14 days." in html


def _queries(user: User) -> int:
    user = User.objects.get(pk=user.pk)
    assert user.roles  # grants read first, as once per request
    with CaptureQueriesContext(connection) as captured:
        assert staff_market_panel(user) is not None
    return len(captured)


def test_the_panel_runs_a_fixed_number_of_queries(program_manager, make_inquiry, make_order):
    _age_inquiry(make_inquiry(), 5)
    _confirm_days_ago(make_order(), 20)
    few = _queries(program_manager)
    for _ in range(8):
        _age_inquiry(make_inquiry(), 5)
        _confirm_days_ago(make_order(), 20)
    assert _queries(program_manager) == few == 4


def test_another_ngo_staff_see_nothing_of_this_cooperative(
    make_user, make_organization, make_inquiry, make_order
):
    _age_inquiry(make_inquiry(), 5)
    _confirm_days_ago(make_order(), 20)
    other_ngo = make_organization(Organization.Kind.NGO, name_fr="Autre association")
    outsider = make_user(Role.PROGRAM_MANAGER, other_ngo)
    context = _context(outsider)
    assert (context["inquiry_count"], context["order_count"]) == (0, 0)
