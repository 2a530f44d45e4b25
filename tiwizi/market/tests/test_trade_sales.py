"""The sales ledger: sales entered by hand, the list with totals and exports, and the
revenue section on the organization's page."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tiwizi.market.models import OrderStatus, Sale
from tiwizi.market.trade import services
from tiwizi.market.trade.panels import monthly_revenue

TODAY = timezone.localdate()


def _sale_form(**changes):
    return {
        "date": TODAY.isoformat(),
        "channel": "local",
        "country": "MA",
        "product": "",
        "description": "Souk hebdomadaire de Taliouine",
        "quantity": "",
        "amount_mad": "1250.50",
        **changes,
    }


def test_a_manager_records_a_sale_by_hand(client_for, producer_manager, producer, trade_product):
    response = client_for(producer_manager).post(
        reverse("market:sale_create", args=[producer.pk]),
        _sale_form(product=trade_product.pk, quantity="300"),
    )
    assert response.status_code == 302
    sale = Sale.objects.get()
    assert (sale.organization_id, sale.source, sale.amount_mad) == (
        producer.pk,
        Sale.Source.MANUAL,
        Decimal("1250.50"),
    )
    assert sale.recorded_by == producer_manager


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"channel": "export", "country": "MA"}, "country"),
        ({"channel": "local", "country": "FR"}, "country"),
        ({"date": (TODAY + datetime.timedelta(days=1)).isoformat()}, "date"),
        ({"amount_mad": "-10"}, "amount_mad"),
        ({"amount_mad": ""}, "amount_mad"),
        ({"quantity": "-2"}, "quantity"),
    ],
)
def test_a_refused_sale_names_the_field_and_stores_nothing(
    client_for, producer_manager, producer, changes, field
):
    response = client_for(producer_manager).post(
        reverse("market:sale_create", args=[producer.pk]), _sale_form(**changes)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Sale.objects.exists()


def test_an_export_sale_to_a_foreign_country_is_accepted(client_for, producer_manager, producer):
    client_for(producer_manager).post(
        reverse("market:sale_create", args=[producer.pk]),
        _sale_form(channel="export", country="DE", description="Salon Biofach"),
    )
    assert str(Sale.objects.get().country) == "DE"


def test_the_product_must_be_the_organizations_own(
    producer_manager, producer, make_trade_product, other_producer
):
    foreign = make_trade_product(other_producer)
    with pytest.raises(Exception, match="product"):
        services.record_manual_sale(
            producer_manager,
            producer,
            {
                "date": TODAY,
                "channel": "local",
                "country": "MA",
                "amount_mad": 1,
                "product": foreign,
            },
        )
    assert not Sale.objects.exists()


def test_a_manual_sale_is_edited_and_deleted_after_confirmation(
    client_for, producer_manager, producer
):
    sale = services.record_manual_sale(
        producer_manager, producer, {"date": TODAY, "channel": "local", "amount_mad": 100}
    )
    client = client_for(producer_manager)
    client.post(reverse("market:sale_edit", args=[sale.pk]), _sale_form(amount_mad="150"))
    sale.refresh_from_db()
    assert sale.amount_mad == Decimal("150")
    assert client.get(reverse("market:sale_delete", args=[sale.pk])).status_code == 200
    assert Sale.objects.filter(pk=sale.pk).exists()
    client.post(reverse("market:sale_delete", args=[sale.pk]))
    assert not Sale.objects.filter(pk=sale.pk).exists()


def test_the_ledger_filters_totals_and_exports(client_for, producer_manager, producer, make_order):
    make_order(OrderStatus.PAID)  # 100 g at 35 MAD, export to France
    services.record_manual_sale(
        producer_manager, producer, {"date": TODAY, "channel": "local", "amount_mad": 600}
    )
    services.record_manual_sale(
        producer_manager,
        producer,
        {"date": TODAY.replace(year=TODAY.year - 1), "channel": "national", "amount_mad": 900},
    )
    client = client_for(producer_manager)
    page = client.get(reverse("market:sale_list"))
    assert page.context["totals"]["all"] == Decimal("5000.00")
    this_year = client.get(reverse("market:sale_list"), {"year": TODAY.year})
    assert this_year.context["page_obj"].paginator.count == 2
    assert this_year.context["totals"]["all"] == Decimal("4100.00")
    export = client.get(reverse("market:sale_list"), {"channel": "export", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2  # header + the paid order's sale
    assert rows[1][7] == "3500.00"
    xlsx = client.get(reverse("market:sale_list"), {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_monthly_revenue_sums_per_month_and_channel(producer_manager, producer):
    first_of_month = TODAY.replace(day=1)
    last_month = first_of_month - datetime.timedelta(days=1)
    long_ago = first_of_month.replace(year=first_of_month.year - 2)
    for day, channel, amount in [
        (first_of_month, "local", 100),
        (first_of_month, "local", 50),
        (first_of_month, "national", 30),
        (last_month, "local", 7),
        (long_ago, "local", 999),  # outside the 12 months
    ]:
        services.record_manual_sale(
            producer_manager, producer, {"date": day, "channel": channel, "amount_mad": amount}
        )
    revenue = monthly_revenue(producer.pk)
    assert len(revenue["months"]) == 12
    current, previous = revenue["months"][-1], revenue["months"][-2]
    assert current["month"] == first_of_month
    assert current["amounts"] == [Decimal(150), Decimal(30), Decimal(0)]
    assert previous["amounts"][0] == Decimal(7)
    assert revenue["total"] == Decimal(187)


def test_the_revenue_section_shows_on_the_organization_page_to_those_who_may_see_it(
    client_for, producer_manager, producer, trainer, funder, buyer, django_assert_max_num_queries
):
    services.record_manual_sale(
        producer_manager, producer, {"date": TODAY, "channel": "local", "amount_mad": 4321}
    )
    url = reverse("registry:organization_detail", args=[producer.pk])
    for user in (producer_manager, trainer):
        page = client_for(user).get(url).content.decode()
        assert 'id="revenue-table"' in page
        assert 'id="revenue-chart-data"' in page
        assert reverse("market:sale_list") in page
    # Funders and buyers do not see the organization page's sales (nor the page at all).
    for user in (funder, buyer):
        response = client_for(user).get(url)
        assert 'id="revenue-table"' not in response.content.decode()


def test_the_revenue_section_runs_the_same_queries_whatever_the_sales(
    rf, producer_manager, producer, django_assert_max_num_queries
):
    from tiwizi.market.trade.panels import revenue_section

    request = rf.get("/")
    request.user = producer_manager
    _ = producer_manager.role_pairs
    with django_assert_max_num_queries(3):
        assert revenue_section(request, producer) is not None
    for day in range(1, 28):
        services.record_manual_sale(
            producer_manager,
            producer,
            {"date": TODAY.replace(day=1) - datetime.timedelta(days=day * 11),
             "channel": ("local", "national")[day % 2], "amount_mad": day},
        )  # fmt: skip
    with django_assert_max_num_queries(3):
        section = revenue_section(request, producer)
    assert section is not None
    assert section.context["total"] == sum(range(1, 28))
