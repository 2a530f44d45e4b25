"""The public storefront under /shop/ (no login): home, search, category, province and
label pages, product pages and the producers' public profiles.

Everything starts from `Product.objects.published()`: published products of active
organizations. An unpublished product, or a producer with nothing published, is a 404.
Only labels valid today are shown (`LabelQuerySet.valid`). Every page runs a bounded
number of queries (photos and labels are prefetched, counts aggregated in the database).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tiwizi.core.listing import paginate
from tiwizi.geo.models import Province
from tiwizi.market.catalogue import services
from tiwizi.market.catalogue.forms import ShopSearchForm
from tiwizi.market.catalogue.search import search_products
from tiwizi.market.models import Label, LabelKind, Product
from tiwizi.registry.models import Organization, Sector

SHOP_PAGE_SIZE = 24
LATEST_ON_HOME = 8
MORE_FROM_PRODUCER = 4
SHOP_SORTS = {
    "new": ("-updated_at", "-id"),
    "price": ("price_mad", "id"),
    "-price": ("-price_mad", "id"),
}


def slug_for(name: str, fallback: str) -> str:
    return slugify(name)[:80] or fallback


def producer_slug(organization: Organization) -> str:
    return slug_for(organization.name_fr, "producer")


def province_slug(province: Province) -> str:
    return slug_for(province.name_fr, "province")


def shop_products() -> Any:
    """Published products with what a product card shows, in a bounded number of queries."""
    return (
        Product.objects.published()
        .select_related("organization__province", "category")
        .prefetch_related(
            "photos", Prefetch("labels", Label.objects.valid(), to_attr="valid_labels")
        )
    )


def _listing(
    request: HttpRequest, products: Any, title: str, context: dict[str, Any] | None = None
) -> HttpResponse:
    sort = request.GET.get("sort", "new")
    products = products.order_by(*SHOP_SORTS.get(sort, SHOP_SORTS["new"]))
    context = {
        "title": title,
        "page_obj": paginate(request, products, SHOP_PAGE_SIZE),
        "sort": sort if sort in SHOP_SORTS else "new",
        "search_form": ShopSearchForm(request.GET or None),
        **(context or {}),
    }
    return render(request, "market/storefront/listing.html", context)


def shop_home(request: HttpRequest) -> HttpResponse:
    published = Q(products__published=True, products__organization__archived_at__isnull=True)
    categories = Sector.objects.annotate(product_count=Count("products", filter=published)).filter(
        product_count__gt=0
    )
    in_province = Q(
        organizations__products__published=True, organizations__archived_at__isnull=True
    )
    provinces = (
        Province.objects.annotate(
            product_count=Count("organizations__products", filter=in_province)
        )
        .filter(product_count__gt=0)
        .order_by("name_fr")
    )
    label_counts = dict(
        Label.objects.valid()
        .filter(product__in=Product.objects.published())
        .values_list("kind")
        .annotate(count=Count("product", distinct=True))
        .values_list("kind", "count")
    )
    labels = [
        {"kind": kind, "label": label, "count": label_counts[kind]}
        for kind, label in LabelKind.choices
        if label_counts.get(kind)
    ]
    context = {
        "search_form": ShopSearchForm(),
        "categories": list(categories),
        "provinces": [
            {"province": p, "slug": province_slug(p), "count": p.product_count} for p in provinces
        ],
        "labels": labels,
        "latest": list(shop_products().order_by("-updated_at", "-id")[:LATEST_ON_HOME]),
    }
    return render(request, "market/storefront/home.html", context)


def shop_search(request: HttpRequest) -> HttpResponse:
    form = ShopSearchForm(request.GET)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    products = search_products(shop_products(), query) if query else shop_products().none()
    return _listing(
        request,
        products,
        _("Search results for “%(query)s”") % {"query": query} if query else _("Search"),
        {"query": query, "is_search": True},
    )


def shop_category(request: HttpRequest, code: str) -> HttpResponse:
    category = get_object_or_404(Sector, code=code)
    return _listing(
        request, shop_products().filter(category=category), category.name, {"category": category}
    )


def shop_province(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    province = get_object_or_404(Province, pk=pk)
    if slug != province_slug(province):
        return redirect("market:shop_province", pk=province.pk, slug=province_slug(province))
    products = shop_products().filter(organization__province=province)
    return _listing(
        request,
        products,
        _("Products from %(province)s") % {"province": province.name},
        {"province": province},
    )


def shop_label(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LabelKind.values:
        raise Http404
    labelled = Label.objects.valid().filter(product=OuterRef("pk"), kind=kind)
    products = shop_products().filter(Exists(labelled))
    return _listing(request, products, str(LabelKind(kind).label), {"label_kind": kind})


def product_page(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    product = get_object_or_404(
        Product.objects.published().select_related(
            "organization__province", "organization__commune", "category"
        ),
        pk=pk,
    )
    if slug != product.slug:
        return redirect(product.get_absolute_url(), permanent=True)
    rates = services.current_rates()
    organization = product.organization
    context = {
        "product": product,
        "photos": list(product.photos.all()),
        "labels": list(product.labels.valid()),
        "indicative_prices": services.indicative_prices(product.price_mad, rates),
        "producer_slug": producer_slug(organization),
        "more": list(
            shop_products()
            .filter(organization=organization)
            .exclude(pk=product.pk)
            .order_by("-updated_at", "-id")[:MORE_FROM_PRODUCER]
        ),
    }
    return render(request, "market/storefront/product.html", context)


def producer_page(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    organization = get_object_or_404(
        Organization.objects.active()
        .filter(Exists(Product.objects.published().filter(organization=OuterRef("pk"))))
        .select_related("province", "commune"),
        pk=pk,
    )
    if slug != producer_slug(organization):
        return redirect(
            "market:producer_page", pk=organization.pk, slug=producer_slug(organization)
        )
    products = list(shop_products().filter(organization=organization).order_by("-updated_at"))
    labels: dict[tuple[str, str], Label] = {}
    for product in products:
        for label in product.valid_labels:
            labels.setdefault((label.kind, label.name or label.number), label)
    context = {
        "organization": organization,
        "products": products,
        "labels": list(labels.values()),
        "sectors": list(organization.sectors.all()),
    }
    return render(request, "market/storefront/producer.html", context)
