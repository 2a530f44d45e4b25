"""The trade demo: buyers, inquiries in every state, orders in every status and a year of
sales; loading it twice changes nothing."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Max
from django.test import override_settings

from tiwizi.demo import data
from tiwizi.demo.loader import load_demo
from tiwizi.market.models import (
    Inquiry,
    InquiryMessage,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    Sale,
)
from tiwizi.market.trade.demo import load_trade_demo
from tiwizi.registry.models import Organization, Sector

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TRADE_MODELS = (Organization, Inquiry, InquiryMessage, Order, OrderLine, Sale)


def _state():
    return {
        model.__name__: (
            model.objects.count(),
            model.objects.aggregate(latest=Max("pk"))["latest"],
            model.objects.aggregate(changed=Max("updated_at"))["changed"]
            if hasattr(model, "updated_at")
            else None,
        )
        for model in TRADE_MODELS
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for the module in a transaction rolled back at the end."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo()
        _ensure_products()
        report = load_demo()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def _ensure_products():
    """Until the catalogue demo makes products, give each demo producer two of its own."""
    from tiwizi.demo.models import DemoRecord

    if Product.objects.filter(published=True).count() >= 60:
        return
    saffron = Sector.objects.get(code="saffron")
    for spec in data.COOPERATIVES + data.GIES:
        record = DemoRecord.objects.get(key=f"organization:{spec.key}")
        for n in range(2):
            Product.objects.get_or_create(
                organization_id=record.object_id,
                name_fr=f"Produit {n} de {spec.name_fr}",
                defaults={
                    "category": saffron,
                    "unit": "kg",
                    "price_mad": Decimal(120 + n),
                    "published": True,
                },
            )


def test_the_demo_has_buyers_inquiries_orders_and_sales(demo):
    assert Organization.objects.filter(kind="buyer").count() >= 5
    countries = Organization.objects.filter(kind="buyer").values_list("country", flat=True)
    assert {str(c) for c in countries} >= {"MA", "FR", "AE", "CA"}
    assert set(Inquiry.objects.values_list("status", flat=True)) == set(Inquiry.Status.values)
    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    assert InquiryMessage.objects.filter(body__contains="السلام").exists()
    paid_lines = OrderLine.objects.filter(order__status="paid")
    assert Sale.objects.filter(source="platform").count() == paid_lines.count() > 0
    assert set(Sale.objects.values_list("channel", flat=True)) == {"local", "national", "export"}
    months = Sale.objects.dates("date", "month")
    assert len(months) >= 12
    # buyer@tiwizi.ma has orders to follow.
    atlas = Organization.objects.get(ice=data.BUYER.ice)
    assert Order.objects.filter(buyer=atlas).exists()


def test_every_trade_record_passes_model_validation(demo):
    for model in (Inquiry, Order, Sale):
        for record in model.objects.all():
            record.full_clean()


def test_loading_the_trade_demo_again_changes_nothing(demo):
    from tiwizi.demo.records import LoadReport

    before = _state()
    report = LoadReport()
    load_trade_demo(report)
    assert _state() == before
    assert report.changed == 0
