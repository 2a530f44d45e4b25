"""Storefront search across Arabic, French and English: the category bridge.

A buyer types one language; a cooperative may have described its product in another
(often only in Arabic). Words never translate themselves, but every product has a
category, and categories (registry sectors) carry their names in all three languages:
"Safran" / "Saffron" / "الزعفران". That is the bridge, used twice:

1. When a product is saved, `Product.search_text` stores the normalized stems of its
   own names and descriptions *and of its category's three names* (models.py, through
   `tiwizi.core.text.search_document`). So `safran`, `saffron` and `زعفران` all find a
   saffron product written only in Arabic, with the same Arabic folding (harakat,
   tatweel, alef and hamza forms, ta marbuta) and Snowball stems as the registry.

2. At query time (`search_products`), each word of the query is also matched against
   the categories themselves: against their three names and a few everyday words
   buyers use for them (`CATEGORY_KEYWORDS`: `تمر` for dates, whose category is named
   with the broken plural `التمور`, which no stemmer joins to its singular; `rug`
   for carpets…). A word that names a category matches every product of that category,
   in addition to the products whose own text contains it. This second path also covers
   what stemming alone misses: a longer form of a category word (`زعفرانة`,
   `rosewater`, `argania`) finds the category, and a product saved before its
   category's names changed is still found.

Every word of the query must match (through the product's text or its category), as in
the registry's search. Categories are read once per search (a handful of rows), so the
search costs one query more than the list it filters, whatever the number of products.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tiwizi.core.text import search_document, search_terms
from tiwizi.registry.models import Sector

# Everyday words for a category, beyond its three official names (any language).
# Keyed by sector code; unknown codes are ignored.
CATEGORY_KEYWORDS: dict[str, str] = {
    "saffron": "زعفران saffran zafferano azafran pistils",
    "dates": "تمر تمرة dattier majhoul mejhoul medjool boufeggous",
    "roses-aromatic-plants": "ورد وردة rose roses rosewater",
    "argan": "أركان argane argania",
    "almonds": "لوز لوزة amande almond",
    "honey": "عسل honig",
    "couscous-cereals": "كسكس couscous orge barley blé wheat",
    "henna": "حناء henne",
    "carpets-weaving": "زربية زرابي tapis rug rugs kilim",
    "pottery": "فخار poterie ceramic céramique",
    "olive-oil": "زيت زيتون olive huile",
    "cactus": "هندية nopal",
}
# A query word of at least this length also finds a category word it starts with
# ("rosewater" finds "rose"); shorter words would find too much.
MIN_EXTENDED_WORD = 4


def category_words(sector: Sector) -> list[str]:
    """The stems a category answers to: its three names and its everyday words."""
    keywords = CATEGORY_KEYWORDS.get(sector.code, "")
    return search_document(sector.name_ar, sector.name_fr, sector.name_en, keywords).split()


def _word_names_category(variants: tuple[str, ...], words: list[str]) -> bool:
    for stem in variants:
        for word in words:
            if word.startswith(stem) and len(stem) >= 2:
                return True  # the query word begins a category word (prefix, as typed)
            if len(word) >= MIN_EXTENDED_WORD and stem.startswith(word):
                return True  # the query word extends a category word
    return False


def search_products(products: Any, query: str) -> Any:
    """Filter `products` to those matching every word of `query`, in any language,
    through their own text or their category (see the module docstring)."""
    terms = search_terms(query or "")
    if not terms:
        return products
    categories = [(sector.pk, category_words(sector)) for sector in Sector.objects.all()]
    condition = Q()
    for variants in terms:
        matches = Q()
        for stem in variants:
            matches |= Q(search_text__contains=stem)
        named = [pk for pk, words in categories if _word_names_category(variants, words)]
        if named:
            matches |= Q(category_id__in=named)
        condition &= matches
    return products.filter(condition)
