"""Search across languages: the category names bridge a buyer's language and the
language the cooperative wrote in (see tiwizi/market/catalogue/search.py)."""

import pytest
from django.urls import reverse

from tiwizi.market.catalogue.search import search_products
from tiwizi.market.models import Product
from tiwizi.registry.models import Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_only_saffron(make_product):
    """A saffron product named and described only in Arabic."""
    return make_product(
        name_fr="",
        name_ar="خيوط حمراء من تالوين",
        description_ar="محصول هذا الموسم، مجفف في الظل.",
    )


@pytest.fixture
def french_only_dates(make_product):
    return make_product(
        name_fr="Majhoul extra", description_fr="Récolte d'octobre.", sector="dates", unit="kg"
    )


def _found(query):
    return set(search_products(Product.objects.published(), query))


@pytest.mark.parametrize("query", ["safran", "saffron", "زعفران", "Saffron", "SAFRAN"])
def test_each_language_finds_a_saffron_product_written_only_in_arabic(
    arabic_only_saffron, make_product, query
):
    make_product(name_fr="Eau de rose", sector="roses-aromatic-plants", unit="l")
    assert _found(query) == {arabic_only_saffron}


@pytest.mark.parametrize(
    "query",
    [
        "الزعفران",  # with the article
        "زَعْفَرَان",  # with harakat
        "زعفـــران",  # with tatweel
        "زعفرانة",  # a longer form that stems differently (found through the category)
        "الزعفران الحر",  # every word must match: "الحر" is in no saffron text
    ],
)
def test_arabic_normalization_variants(arabic_only_saffron, query):
    expected = set() if "الحر" in query else {arabic_only_saffron}
    assert _found(query) == expected


def test_hamza_and_alef_forms_are_one(make_product):
    argan = make_product(name_fr="", name_ar="زيت أركان", sector="argan", unit="l")
    assert _found("اركان") == {argan}
    assert _found("إركان") == {argan}


def test_the_category_bridges_even_when_the_stored_text_lacks_it(arabic_only_saffron):
    # Text stored before the category had its names (or after they changed): only the
    # query-time bridge through the categories can find the product.
    Product.objects.filter(pk=arabic_only_saffron.pk).update(search_text=" خيوط ")
    assert _found("saffron") == {arabic_only_saffron}
    assert _found("زعفران") == {arabic_only_saffron}


def test_everyday_words_name_a_category_the_stemmer_cannot_join(french_only_dates):
    # The category is "التمور" (a broken plural); buyers type the singular "تمر".
    assert _found("تمر") == {french_only_dates}
    assert _found("dattes") == {french_only_dates}
    assert _found("dates") == {french_only_dates}


def test_a_query_word_that_names_no_category_and_no_text_finds_nothing(arabic_only_saffron):
    assert _found("tapis") == set()
    assert _found("") == set(Product.objects.published())


def test_sector_data_has_a_saffron_category_in_three_languages():
    saffron = Sector.objects.get(code="saffron")
    assert (saffron.name_ar, saffron.name_fr, saffron.name_en) == ("الزعفران", "Safran", "Saffron")


@pytest.mark.parametrize("query", ["safran", "saffron", "زعفران"])
def test_the_shop_search_page_finds_it(client, arabic_only_saffron, query):
    response = client.get(reverse("market:shop_search"), {"q": query})
    assert list(response.context["page_obj"]) == [arabic_only_saffron]
    assert "خيوط حمراء من تالوين" in response.text


def test_unpublished_products_are_never_found(client, make_product):
    make_product(name_fr="Safran caché", published=False)
    response = client.get(reverse("market:shop_search"), {"q": "safran"})
    assert "Safran caché" not in response.text
