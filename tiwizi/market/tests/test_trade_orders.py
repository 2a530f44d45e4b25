"""Orders: numbering, the allowed moves (and only those), and the sales they create."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from tiwizi.core.models import AuditEntry
from tiwizi.market.models import ORDER_TRANSITIONS, Inquiry, Order, OrderStatus, Sale
from tiwizi.market.trade import services

ALL = list(OrderStatus.values)
ALLOWED = [(a, b) for a in ALL for b in ALL if b in ORDER_TRANSITIONS[a]]
REFUSED = [(a, b) for a in ALL for b in ALL if b not in ORDER_TRANSITIONS[a]]
DATE_OF = services.STATUS_DATE_FIELD


def test_the_transition_table_is_the_one_the_issue_describes():
    assert ALLOWED == [
        ("confirmed", "shipped"),
        ("confirmed", "cancelled"),
        ("shipped", "delivered"),
        ("delivered", "paid"),
    ]


@pytest.mark.parametrize(("start", "target"), ALLOWED)
def test_each_allowed_move_is_made_and_dated(make_order, producer_manager, start, target):
    order = make_order(start)
    day = timezone.localdate()
    moved = services.move_order(order, target, producer_manager, on=day)
    moved.refresh_from_db()
    assert moved.status == target
    assert getattr(moved, DATE_OF[OrderStatus(target)]) == day
    entry = AuditEntry.objects.filter(object_id=str(order.pk)).latest("id")
    assert entry.changes["status"] == [start, target]


@pytest.mark.parametrize(("start", "target"), REFUSED)
def test_each_other_move_is_refused_and_changes_nothing(
    make_order, producer_manager, start, target
):
    order = make_order(start)
    before = Order.objects.filter(pk=order.pk).values().get()
    with pytest.raises(ValidationError) as refused:
        services.move_order(order, target, producer_manager)
    assert "cannot become" in " ".join(refused.value.messages)
    assert Order.objects.filter(pk=order.pk).values().get() == before


def test_an_unknown_status_is_refused(make_order, producer_manager):
    order = make_order()
    with pytest.raises(ValidationError):
        services.move_order(order, "lost", producer_manager)


def test_a_move_cannot_be_dated_in_the_future_or_before_confirmation(make_order, producer_manager):
    order = make_order()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.move_order(order, OrderStatus.SHIPPED, producer_manager, on=tomorrow)
    assert "on" in refused.value.error_dict
    before = order.confirmed_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.move_order(order, OrderStatus.SHIPPED, producer_manager, on=before)
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_orders_are_numbered_in_sequence_per_year(make_order, make_inquiry):
    first, second = make_order(), make_order()
    year = timezone.localdate().year
    assert first.number == f"TWZ-{year}-00001"
    assert second.number == f"TWZ-{year}-00002"


def test_a_taken_number_makes_the_next_order_take_the_following_one(
    make_inquiry, producer_manager, monkeypatch
):
    first = make_inquiry()
    order = services.create_order_from_inquiry(
        producer_manager, first, [services.LineInput(first.product, Decimal(100), Decimal(30))]
    )
    # Simulate a concurrent writer: the first computed number is already taken.
    calls = []
    real = services.next_order_number

    def stale(year):
        calls.append(year)
        return order.number if len(calls) == 1 else real(year)

    monkeypatch.setattr(services, "next_order_number", stale)
    inquiry = make_inquiry()
    second = services.create_order_from_inquiry(
        producer_manager, inquiry, [services.LineInput(inquiry.product, Decimal(100), Decimal(30))]
    )
    assert len(calls) == 2
    assert second.number != order.number


def test_the_database_refuses_two_orders_with_one_number(make_order):
    order = make_order()
    clone = Order(
        number=order.number,
        seller=order.seller,
        buyer=order.buyer,
        destination=order.destination,
        country=order.country,
    )
    with pytest.raises(IntegrityError):
        clone.save()


def test_an_order_from_an_inquiry_marks_it_ordered_and_refuses_a_second(
    make_inquiry, producer_manager
):
    inquiry = make_inquiry()
    line = services.LineInput(inquiry.product, Decimal(200), Decimal("32.50"))
    order = services.create_order_from_inquiry(producer_manager, inquiry, [line])
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ORDERED
    assert order.status == OrderStatus.CONFIRMED
    assert (order.seller_id, order.buyer_id) == (inquiry.seller_id, inquiry.buyer_id)
    assert order.lines.get().total_mad == Decimal("6500.00")
    with pytest.raises(ValidationError):
        services.create_order_from_inquiry(producer_manager, inquiry, [line])


def test_an_order_line_must_be_of_the_producers_own_products(
    make_inquiry, producer_manager, make_trade_product, other_producer
):
    inquiry = make_inquiry()
    foreign = make_trade_product(other_producer)
    with pytest.raises(ValidationError):
        services.create_order_from_inquiry(
            producer_manager, inquiry, [services.LineInput(foreign, Decimal(1), Decimal(1))]
        )
    assert not Order.objects.exists()
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.OPEN


def test_a_bad_line_leaves_no_order_behind(make_inquiry, producer_manager):
    inquiry = make_inquiry()
    good = services.LineInput(inquiry.product, Decimal(100), Decimal(30))
    bad = services.LineInput(inquiry.product, Decimal(-1), Decimal(30))
    with pytest.raises(ValidationError) as refused:
        services.create_order_from_inquiry(producer_manager, inquiry, [good, bad])
    assert "2" in refused.value.messages[0]
    assert not Order.objects.exists()


# Sales from paid orders


def test_paying_an_order_records_one_sale_per_line_in_the_same_step(
    make_inquiry, producer_manager, make_trade_product, producer
):
    inquiry = make_inquiry(destination="export", country="FR")
    rose = make_trade_product(producer, name_fr="Eau de rose", unit="l", price_mad=Decimal(90))
    order = services.create_order_from_inquiry(
        producer_manager,
        inquiry,
        [
            services.LineInput(inquiry.product, Decimal(500), Decimal("30.00")),
            services.LineInput(rose, Decimal("2.5"), Decimal("90.00")),
        ],
    )
    services.move_order(order, OrderStatus.SHIPPED, producer_manager)
    services.move_order(order, OrderStatus.DELIVERED, producer_manager)
    assert not Sale.objects.exists()
    paid_on = timezone.localdate()
    services.move_order(order, OrderStatus.PAID, producer_manager, on=paid_on)
    sales = list(Sale.objects.order_by("amount_mad"))
    assert [s.amount_mad for s in sales] == [Decimal("225.00"), Decimal("15000.00")]
    for sale in sales:
        assert sale.source == Sale.Source.PLATFORM
        assert sale.organization_id == order.seller_id
        assert (sale.channel, str(sale.country), sale.date) == ("export", "FR", paid_on)
        assert sale.order_line.order_id == order.pk


def test_sales_of_a_paid_order_are_recorded_only_once(make_order, producer_manager):
    order = make_order(OrderStatus.PAID)
    assert Sale.objects.count() == 1
    assert services.record_sales_for_paid_order(order, producer_manager) == []
    assert Sale.objects.count() == 1
    with pytest.raises(ValidationError):
        services.move_order(order, OrderStatus.PAID, producer_manager)
    assert Sale.objects.count() == 1


def test_an_unpaid_order_never_enters_the_ledger(make_order):
    for status in (OrderStatus.CONFIRMED, OrderStatus.DELIVERED, OrderStatus.CANCELLED):
        order = make_order(status)
        with pytest.raises(ValidationError):
            services.record_sales_for_paid_order(order)
    assert not Sale.objects.exists()


def test_a_failed_sale_rolls_the_payment_back(make_order, producer_manager, monkeypatch):
    order = make_order(OrderStatus.DELIVERED)

    def broken(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(services, "record_sales_for_paid_order", broken)
    with pytest.raises(IntegrityError):
        services.move_order(order, OrderStatus.PAID, producer_manager)
    order.refresh_from_db()
    assert (order.status, order.paid_on) == (OrderStatus.DELIVERED, None)
