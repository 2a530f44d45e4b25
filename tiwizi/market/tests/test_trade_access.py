"""Who sees and changes what on the trade side: 404 outside what one may see, 403 for
what one sees but may not change. Every trade page is checked against an outsider."""

import pytest
from django.test import Client
from django.urls import reverse

from tiwizi.market.models import OrderStatus, Sale
from tiwizi.market.trade import services


@pytest.fixture
def trade(make_order, producer_manager, producer):
    """An inquiry with its order (confirmed) and a manual sale of the producer."""
    order = make_order()
    sale = services.record_manual_sale(
        producer_manager,
        producer,
        {"date": order.confirmed_on, "channel": "local", "country": "MA", "amount_mad": 500},
    )
    return {"inquiry": order.inquiry, "order": order, "sale": sale}


def _pages(trade):
    inquiry, order, sale = trade["inquiry"], trade["order"], trade["sale"]
    return [
        ("get", reverse("market:inquiry_detail", args=[inquiry.pk])),
        ("post", reverse("market:inquiry_detail", args=[inquiry.pk])),
        ("get", reverse("market:inquiry_close", args=[inquiry.pk])),
        ("get", reverse("market:order_create", args=[inquiry.pk])),
        ("get", reverse("market:order_detail", args=[order.pk])),
        ("post", reverse("market:order_move", args=[order.pk])),
        ("get", reverse("market:order_cancel", args=[order.pk])),
        ("get", reverse("market:order_proforma", args=[order.pk]) + "?lang=fr"),
        ("get", reverse("market:sale_edit", args=[sale.pk])),
        ("get", reverse("market:sale_delete", args=[sale.pk])),
        ("get", reverse("market:sale_create", args=[sale.organization_id])),
    ]


@pytest.mark.parametrize("outsider", ["other_buyer", "other_producer_manager", "funder"])
def test_outsiders_get_404_on_every_trade_object(request, client_for, trade, outsider):
    client = client_for(request.getfixturevalue(outsider))
    for method, url in _pages(trade):
        response = getattr(client, method)(url, {"status": "shipped", "on": "2026-01-01"})
        assert response.status_code == 404, (outsider, method, url)


def test_anonymous_visitors_are_sent_to_sign_in(trade):
    client = Client()
    for method, url in _pages(trade):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert reverse("accounts:login") in response.url


def test_the_buyer_sees_but_cannot_act_for_the_producer(client_for, buyer, trade):
    client = client_for(buyer)
    inquiry, order, sale = trade["inquiry"], trade["order"], trade["sale"]
    assert client.get(reverse("market:inquiry_detail", args=[inquiry.pk])).status_code == 200
    assert client.get(reverse("market:order_detail", args=[order.pk])).status_code == 200
    assert client.get(reverse("market:order_create", args=[inquiry.pk])).status_code == 403
    moved = client.post(reverse("market:order_move", args=[order.pk]), {"status": "shipped"})
    assert moved.status_code == 403
    assert client.get(reverse("market:order_cancel", args=[order.pk])).status_code == 403
    # The producer's ledger is not the buyer's to read.
    assert client.get(reverse("market:sale_edit", args=[sale.pk])).status_code == 404
    assert client.get(reverse("market:sale_list")).status_code == 403
    assert client.get(reverse("market:inquiry_list")).status_code == 403


def test_a_trainer_of_the_supporting_ngo_reads_but_does_not_change(client_for, trainer, trade):
    client = client_for(trainer)
    order, sale = trade["order"], trade["sale"]
    assert client.get(reverse("market:order_detail", args=[order.pk])).status_code == 200
    moved = client.post(
        reverse("market:order_move", args=[order.pk]), {"status": "shipped", "on": "2026-01-01"}
    )
    assert moved.status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert client.get(reverse("market:sale_edit", args=[sale.pk])).status_code == 403
    assert client.get(reverse("market:sale_create", args=[sale.organization_id])).status_code == 403
    ledger = client.get(reverse("market:sale_list"))
    assert [s.pk for s in ledger.context["page_obj"]] == [sale.pk]


def test_a_program_manager_of_the_supporting_ngo_acts_for_the_producer(
    client_for, program_manager, trade
):
    order = trade["order"]
    response = client_for(program_manager).post(
        reverse("market:order_move", args=[order.pk]),
        {"status": "shipped", "on": order.confirmed_on.isoformat()},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


def test_lists_show_nothing_of_others(client_for, trade, other_buyer, other_producer_manager):
    for user, url in [
        (other_buyer, "market:my_inquiries"),
        (other_buyer, "market:my_orders"),
        (other_producer_manager, "market:inquiry_list"),
        (other_producer_manager, "market:order_list"),
        (other_producer_manager, "market:sale_list"),
    ]:
        response = client_for(user).get(reverse(url))
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == 0, url


def test_funders_get_no_trade_list(client_for, funder, trade):
    client = client_for(funder)
    for url in ("market:inquiry_list", "market:order_list", "market:sale_list",
                "market:my_inquiries", "market:my_orders"):  # fmt: skip
        assert client.get(reverse(url)).status_code == 403, url


def test_a_sale_from_an_order_cannot_be_edited_by_hand(client_for, make_order, producer_manager):
    make_order(OrderStatus.PAID)
    sale = Sale.objects.get(source=Sale.Source.PLATFORM)
    client = client_for(producer_manager)
    assert client.get(reverse("market:sale_edit", args=[sale.pk])).status_code == 403
    assert client.post(reverse("market:sale_delete", args=[sale.pk])).status_code == 403
    assert Sale.objects.filter(pk=sale.pk).exists()
