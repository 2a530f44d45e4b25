"""Catalogue and storefront pages run the same number of queries for 3 products as for 30."""

import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from tiwizi.market.models import Label, Product, ProductPhoto
from tiwizi.registry.models import Sector

pytestmark = pytest.mark.django_db
_numbers = itertools.count()


@pytest.fixture
def add_products(cooperative):
    saffron = Sector.objects.get(code="saffron")

    def add(count):
        products = []
        for _ in range(count):
            n = next(_numbers)
            product = Product(
                organization=cooperative, name_fr=f"Safran lot {n}", name_ar="زعفران",
                category=saffron, unit="g", price_mad=Decimal("30"), published=True,
            )  # fmt: skip
            product.save()
            products.append(product)
        Label.objects.bulk_create(
            Label(product=p, kind="origin", name="IGP Safran de Taliouine") for p in products
        )
        ProductPhoto.objects.bulk_create(
            ProductPhoto(
                product=p, image=f"products/{p.pk}/a.jpg", thumbnail=f"products/{p.pk}/t.jpg"
            )
            for p in products
        )
        return products

    return add


def _max_queries(django_assert_max_num_queries, client, url, params, limit):
    client.get(url, params)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(limit):
        response = client.get(url, params)
    assert response.status_code == 200
    return response


PAGES = [
    ("shop_home", (), {}, 8),
    ("shop_category", ("saffron",), {}, 7),
    ("shop_search", (), {"q": "saffron"}, 8),
    ("shop_label", ("origin",), {}, 7),
]


@pytest.mark.parametrize(("name", "args", "params", "limit"), PAGES)
@pytest.mark.parametrize("count", [3, 30])
def test_storefront_pages_are_bounded(
    client, add_products, django_assert_max_num_queries, name, args, params, limit, count
):
    add_products(count)
    _max_queries(django_assert_max_num_queries, client, reverse(f"market:{name}", args=args),
                 params, limit)  # fmt: skip


@pytest.mark.parametrize("count", [3, 30])
def test_product_and_producer_pages_are_bounded(
    client, add_products, cooperative, django_assert_max_num_queries, count
):
    product = add_products(count)[0]
    _max_queries(django_assert_max_num_queries, client, product.get_absolute_url(), {}, 9)
    url = reverse("market:producer_page", args=[cooperative.pk, "cooperative-safran-siroua"])
    _max_queries(django_assert_max_num_queries, client, url, {}, 7)


@pytest.mark.parametrize("count", [3, 30])
def test_catalogue_list_is_bounded(
    client_for, cooperative_manager, add_products, django_assert_max_num_queries, count
):
    add_products(count)
    client = client_for(cooperative_manager)
    _max_queries(django_assert_max_num_queries, client, reverse("market:product_list"),
                 {"q": "safran"}, 9)  # fmt: skip


@pytest.mark.parametrize("count", [3, 30])
def test_catalogue_detail_is_bounded(
    client_for, cooperative_manager, add_products, django_assert_max_num_queries, count
):
    product = add_products(count)[0]
    Label.objects.bulk_create(
        Label(product=product, kind="organic", name=f"Bio {n}") for n in range(count)
    )
    client = client_for(cooperative_manager)
    url = reverse("market:product_detail", args=[product.pk])
    _max_queries(django_assert_max_num_queries, client, url, {}, 9)
