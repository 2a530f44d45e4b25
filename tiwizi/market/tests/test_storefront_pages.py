"""The public storefront: published products of active organizations only, friendly URLs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tiwizi.geo.models import Province
from tiwizi.market.models import Label

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return Province.objects.get(code="08.401")  # Ouarzazate


def test_home_lists_categories_with_counts_and_latest_products(client, make_product):
    make_product(name_fr="Safran en filaments")
    make_product(name_fr="Safran moulu")
    make_product(name_fr="Caché", published=False)

    response = client.get(reverse("market:shop_home"))

    assert response.status_code == 200
    categories = {c.code: c.product_count for c in response.context["categories"]}
    assert categories == {"saffron": 2}
    assert "Safran moulu" in response.text
    assert "Caché" not in response.text


def test_category_page_shows_only_its_published_products(client, make_product):
    make_product(name_fr="Safran en filaments")
    make_product(name_fr="Eau de rose", sector="roses-aromatic-plants")

    response = client.get(reverse("market:shop_category", args=["saffron"]))

    assert "Safran en filaments" in response.text
    assert "Eau de rose" not in response.text
    assert client.get(reverse("market:shop_category", args=["nothing"])).status_code == 404


def test_province_page_has_a_friendly_canonical_url(client, make_product, cooperative, province):
    cooperative.province = province
    cooperative.save()
    make_product(name_fr="Safran du Siroua")

    response = client.get(reverse("market:shop_province", args=[province.pk, "ouarzazate"]))
    wrong = client.get(reverse("market:shop_province", args=[province.pk, "wrong"]))

    assert "Safran du Siroua" in response.text
    assert wrong.status_code == 302
    assert wrong["Location"] == reverse("market:shop_province", args=[province.pk, "ouarzazate"])


def test_label_page_lists_products_with_a_valid_label_of_that_kind(client, make_product):
    certified = make_product(name_fr="Safran IGP")
    lapsed = make_product(name_fr="Safran périmé")
    make_product(name_fr="Safran sans label")
    Label.objects.create(product=certified, kind="origin", name="IGP Safran de Taliouine")
    Label.objects.create(
        product=lapsed, kind="origin", name="IGP",
        expires_on=timezone.localdate() - timezone.timedelta(days=1),
    )  # fmt: skip

    response = client.get(reverse("market:shop_label", args=["origin"]))

    assert "Safran IGP" in response.text
    assert "Safran périmé" not in response.text
    assert "Safran sans label" not in response.text
    assert client.get(reverse("market:shop_label", args=["made-up"])).status_code == 404


def test_product_page_redirects_to_its_canonical_slug(client, make_product):
    product = make_product(name_fr="Safran en filaments")
    assert product.get_absolute_url() == f"/shop/products/{product.pk}-safran-en-filaments/"

    response = client.get(reverse("market:product_page", args=[product.pk, "old-name"]))

    assert response.status_code == 301
    assert response["Location"] == product.get_absolute_url()
    assert client.get(product.get_absolute_url()).status_code == 200


def test_unpublished_products_and_archived_producers_are_404(client, make_product, cooperative):
    hidden = make_product(published=False)
    shown = make_product(name_fr="Safran visible")
    assert client.get(hidden.get_absolute_url()).status_code == 404

    cooperative.archived_at = timezone.now()
    cooperative.save()
    assert client.get(shown.get_absolute_url()).status_code == 404
    assert "Safran visible" not in client.get(reverse("market:shop_home")).text


def test_product_page_in_arabic_shows_the_arabic_name(client, make_product):
    product = make_product(name_ar="زعفران حر", name_fr="Safran en filaments")
    client.cookies["tiwizi_language"] = "ar"
    response = client.get(product.get_absolute_url())
    assert 'lang="ar"' in response.text
    assert "زعفران حر" in response.text


def test_producer_page_tells_the_story_with_products_and_valid_labels(
    client, make_product, cooperative
):
    product = make_product(name_fr="Safran du Siroua")
    Label.objects.create(product=product, kind="origin", name="IGP Safran de Taliouine")
    url = reverse("market:producer_page", args=[cooperative.pk, "cooperative-safran-siroua"])

    response = client.get(url)

    assert response.status_code == 200
    assert "Culture et séchage de safran du massif du Siroua." in response.text
    assert "Safran du Siroua" in response.text
    assert "IGP Safran de Taliouine" in response.text
    assert (
        client.get(reverse("market:producer_page", args=[cooperative.pk, "x"])).status_code == 302
    )


def test_producer_without_published_products_is_404(client, make_product, cooperative):
    make_product(published=False)
    url = reverse("market:producer_page", args=[cooperative.pk, "cooperative-safran-siroua"])
    assert client.get(url).status_code == 404


def test_search_page_without_a_query_invites_to_type(client, make_product):
    make_product()
    response = client.get(reverse("market:shop_search"))
    assert response.status_code == 200
    assert "Type what you are looking for" in response.text


def test_shop_pages_are_public_and_paginated(client, make_product, settings):
    for n in range(30):
        make_product(name_fr=f"Safran lot {n}")
    first = client.get(reverse("market:shop_category", args=["saffron"]))
    second = client.get(reverse("market:shop_category", args=["saffron"]), {"page": 2})
    assert len(first.context["page_obj"]) == 24
    assert len(second.context["page_obj"]) == 6
