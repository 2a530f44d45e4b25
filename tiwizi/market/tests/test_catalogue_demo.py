"""The demo catalogue: enough products to show the shop, loaded idempotently."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.urls import reverse

from tiwizi.market.catalogue.search import search_products
from tiwizi.market.models import ExchangeRate, Label, Product

pytestmark = pytest.mark.django_db


def _state():
    return {
        model.__name__: (model.objects.count(), model.objects.aggregate(m=Max("updated_at"))["m"])
        for model in (Product, Label, ExchangeRate)
    }


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def test_demo_catalogue_loads_once_and_twice_changes_nothing(demo, client):
    before = _state()
    assert before["Product"][0] >= 60

    call_command("load_demo", stdout=io.StringIO())

    assert _state() == before
    published = Product.objects.published()
    assert published.count() >= 50
    assert Product.objects.filter(price_mad__isnull=True).exists()  # some "on request"
    assert Product.objects.filter(published=False).exists()
    assert Label.objects.filter(expires_on__lt="2026-07-01").count() == 1  # one expired
    # Arabic-only products are found in the three languages through their category.
    arabic_only = published.filter(name_fr="", category__code="saffron")
    assert arabic_only.exists()
    for query in ("safran", "saffron", "زعفران"):
        assert set(arabic_only) <= set(search_products(published, query))
    assert client.get(reverse("market:shop_home")).status_code == 200
    saffron = Product.objects.published().filter(price_mad__isnull=False).first()
    assert client.get(saffron.get_absolute_url()).status_code == 200
