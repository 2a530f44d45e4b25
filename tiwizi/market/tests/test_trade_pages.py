"""Trade pages: the proforma invoice in both languages, the order page and its moves,
bounded queries on every list, home panels and menu entries."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tiwizi.core.dashboards import home_context
from tiwizi.core.navigation import nav_items_for
from tiwizi.market.models import Inquiry, OrderStatus
from tiwizi.market.trade import services


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_proforma_renders_in_french_and_arabic(client_for, buyer, make_order, language):
    order = make_order()
    response = client_for(buyer).get(
        reverse("market:order_proforma", args=[order.pk]), {"lang": language}
    )
    assert response.status_code == 200
    assert f"proforma-{order.number}-{language}.pdf" in response["Content-Disposition"]
    text = _pdf_text(response)
    assert order.number in text
    assert "001234567000089" in text  # the seller's ICE
    assert "تالوين" in text  # Arabic shaped with Amiri, extracted back as written
    assert "Épices du Rhône" in text
    if language == "ar":
        assert "زعفران حر" in text  # lines show the product's Arabic name
    else:
        assert "Safran en filaments" in text


def test_the_order_page_shows_the_timeline_and_moves_only_forward(
    client_for, make_order, producer_manager
):
    order = make_order(OrderStatus.SHIPPED)
    client = client_for(producer_manager)
    page = client.get(order.get_absolute_url())
    assert [s["status"] for s in page.context["timeline"]] == [
        "confirmed", "shipped", "delivered", "paid",
    ]  # fmt: skip
    assert [c[0] for c in page.context["move_form"].fields["status"].choices] == ["delivered"]
    assert not page.context["can_cancel"]
    client.post(
        reverse("market:order_move", args=[order.pk]),
        {"status": "paid", "on": order.confirmed_on.isoformat()},
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED  # skipping delivery is refused


def test_cancelling_asks_for_confirmation_first(client_for, make_order, producer_manager):
    order = make_order()
    client = client_for(producer_manager)
    url = reverse("market:order_cancel", args=[order.pk])
    # The manager reads in Arabic (profile language).
    assert _in_arabic("Keep the order") in client.get(url).content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    client.post(url)
    order.refresh_from_db()
    assert (order.status, order.cancelled_on) == (OrderStatus.CANCELLED, order.confirmed_on)


@pytest.mark.parametrize(
    ("url_name", "user_fixture"),
    [
        ("market:inquiry_list", "producer_manager"),
        ("market:my_inquiries", "buyer"),
        ("market:order_list", "producer_manager"),
        ("market:my_orders", "buyer"),
        ("market:sale_list", "producer_manager"),
    ],
)
def test_lists_run_the_same_queries_for_3_or_30_rows(
    request, client_for, make_order, django_assert_max_num_queries, url_name, user_fixture, settings
):
    settings.TIWIZI_PAGE_SIZE = 50
    client = client_for(request.getfixturevalue(user_fixture))
    url = reverse(url_name)
    # Each paid order brings its inquiry, its order and its sale: one row in every list.
    for _ in range(3):
        make_order(OrderStatus.PAID)
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(12) as few:
        small = client.get(url)
    for _ in range(27):
        make_order(OrderStatus.PAID)
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = client.get(url)
    assert (
        large.context["page_obj"].paginator.count >= 30 > small.context["page_obj"].paginator.count
    )


def test_home_panels_for_managers_and_buyers(make_inquiry, make_order, producer_manager, buyer):
    waiting = make_inquiry()
    answered = make_inquiry()
    services.post_message(producer_manager, answered, "Oui, disponible.")
    order = make_order(OrderStatus.SHIPPED)

    manager_panels = {p.template: p for p in home_context(producer_manager)["panels"]}
    to_answer = manager_panels["market/trade/panels/inquiries_to_answer.html"]
    assert to_answer.context["count"] == 1
    assert [i.pk for i in to_answer.context["inquiries"]] == [waiting.pk]

    buyer_panels = {p.template: p for p in home_context(buyer)["panels"]}
    orders = buyer_panels["market/trade/panels/buyer_orders.html"]
    assert [o.pk for o in orders.context["orders"]] == [order.pk]
    assert (
        orders.context["open_inquiries"]
        == Inquiry.objects.filter(status__in=("open", "answered")).count()
    )


def test_menu_entries_follow_the_roles(producer_manager, buyer, funder, trainer):
    def labels(user):
        return [str(item["label"]) for item in nav_items_for(user, "/")]

    assert {"Inquiries", "Orders", "Sales"} <= set(labels(producer_manager))
    assert {"Inquiries", "Orders", "Sales"} <= set(labels(trainer))
    assert {"My inquiries", "My orders"} <= set(labels(buyer))
    assert not {"Inquiries", "Orders", "Sales"} & set(labels(buyer))
    assert not {"Inquiries", "Orders", "Sales", "My inquiries", "My orders"} & set(labels(funder))


def test_the_order_total_is_the_sum_of_its_lines_in_lists(
    client_for, make_inquiry, producer_manager
):
    inquiry = make_inquiry()
    services.create_order_from_inquiry(
        producer_manager,
        inquiry,
        [
            services.LineInput(inquiry.product, Decimal(100), Decimal("30.00")),
            services.LineInput(inquiry.product, Decimal("0.5"), Decimal("11.00")),
        ],
    )
    page = client_for(producer_manager).get(reverse("market:order_list"))
    assert page.context["page_obj"][0].total_mad == Decimal("3005.50")


def _in_arabic(message: str) -> str:
    from django.utils import translation

    with translation.override("ar"):
        return translation.gettext(message)
