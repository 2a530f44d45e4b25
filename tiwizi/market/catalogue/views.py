"""Back-office pages of the catalogue (signed in). Thin: look up within what the user may
see (missing: 404), check the named permission (refused: 403), parse with a form, call a
service, render. The public storefront is in storefront.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiwizi.core.i18n import localized_expression
from tiwizi.core.listing import (
    GET_POST,
    list_response,
    ordering,
    paginate,
    service_errors,
)
from tiwizi.core.spreadsheets import Column, export_response, requested_format
from tiwizi.market.catalogue import permissions, services
from tiwizi.market.catalogue.forms import (
    ExchangeRateForm,
    LabelForm,
    PhotoForm,
    ProductFilterForm,
    ProductForm,
)
from tiwizi.market.catalogue.search import search_products
from tiwizi.market.models import ExchangeRate, Label, Product, ProductPhoto
from tiwizi.registry.models import Organization

PRODUCT_SORTS = {
    "name": ("display_name", "pk"),
    "producer": ("producer_name", "display_name", "pk"),
    "category": ("category__position", "display_name", "pk"),
    "price": ("price_mad", "pk"),
    "updated": ("updated_at", "pk"),
}
DEFAULT_SORT = "name"


# Helpers


def _visible_product(request: HttpRequest, pk: int) -> Product:
    return get_object_or_404(
        Product.objects.visible_to(request.user).select_related(
            "organization__province", "category"
        ),
        pk=pk,
    )


def _manageable_product(request: HttpRequest, pk: int) -> Product:
    product = _visible_product(request, pk)
    if not permissions.can_manage_product(request.user, product):
        raise PermissionDenied
    return product


def _manage_url(product: Product) -> str:
    return reverse("market:product_detail", args=[product.pk])


# Products


def _filtered_products(request: HttpRequest) -> tuple[ProductFilterForm, Any, dict[str, Any]]:
    user = request.user
    visible = Product.objects.visible_to(user)
    producers = (
        Organization.objects.filter(id__in=visible.values("organization_id"))
        .with_display_name()
        .order_by("display_name", "pk")
    )
    form = ProductFilterForm(request.GET, producers=producers)
    form.is_valid()  # invalid values are left out of cleaned_data, hence ignored
    data = form.cleaned_data
    products = visible
    if data.get("organization"):
        products = products.filter(organization=data["organization"])
    if data.get("category"):
        products = products.filter(category=data["category"])
    if data.get("published") in ("yes", "no"):
        products = products.filter(published=data["published"] == "yes")
    if data.get("stock"):
        products = products.filter(stock_status=data["stock"])
    products = search_products(products, data.get("q", ""))
    return form, products, data


@login_required
def product_list(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    if not permissions.can_see_catalogue(user):
        raise PermissionDenied
    form, products, data = _filtered_products(request)
    sort, order_by = ordering(data.get("sort"), PRODUCT_SORTS, DEFAULT_SORT)
    products = (
        products.annotate(
            display_name=localized_expression("name_fr", "name_en", "name_ar"),
            producer_name=localized_expression("organization__name_fr", "organization__name_ar"),
            photo_count=Count("photos", distinct=True),
        )
        .select_related("organization", "category")
        .order_by(*order_by)
    )
    if file_format := requested_format(request):
        return export_response(products.iterator(), _export_columns(), "products", file_format)
    filtered = any(data.get(n) for n in ("q", "organization", "category", "published", "stock"))
    context = {
        "form": form,
        "page_obj": paginate(request, products),
        "filtered": filtered,
        "sort": sort,
        "default_sort": DEFAULT_SORT,
        "can_create": permissions.can_add_products(user),
        "can_manage_rates": permissions.can_manage_rates(user),
    }
    return list_response(
        request, "market/catalogue/product_list.html",
        "market/catalogue/partials/product_results.html", "product-results", context,
    )  # fmt: skip


def _export_columns() -> list[Column]:
    return [
        Column(_("Name in Arabic"), lambda p: p.name_ar),
        Column(_("Name in French"), lambda p: p.name_fr),
        Column(_("Name in English"), lambda p: p.name_en),
        Column(_("Producer"), lambda p: p.organization.name),
        Column(_("Category"), lambda p: p.category.name),
        Column(_("Unit"), lambda p: p.get_unit_display()),
        Column(_("Price per unit (MAD)"), lambda p: p.price_mad),
        Column(_("Minimum order"), lambda p: p.minimum_order),
        Column(_("Monthly capacity"), lambda p: p.monthly_capacity),
        Column(_("Stock"), lambda p: p.get_stock_status_display()),
        Column(_("Published"), lambda p: p.published),
        Column(_("Photos"), lambda p: p.photo_count),
        Column(_("Last changed"), lambda p: p.updated_at),
    ]


@login_required
@GET_POST
def product_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_add_products(request.user):
        raise PermissionDenied
    # ?organization=<pk> preselects the producer (from an organization's page).
    initial = {"organization": request.GET["organization"]} if "organization" in request.GET else {}
    form = ProductForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        try:
            product = services.create_product(request.user, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": product.name})
            return redirect(_manage_url(product))
    return render(request, "market/catalogue/product_form.html", {"form": form})


@login_required
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = _visible_product(request, pk)
    can_manage = permissions.can_manage_product(request.user, product)
    context = {
        "product": product,
        "photos": list(product.photos.all()),
        "labels": list(product.labels.all()),
        "can_manage": can_manage,
        "photo_form": PhotoForm() if can_manage else None,
        "max_photos": services.MAX_PHOTOS_PER_PRODUCT,
    }
    return render(request, "market/catalogue/product_detail.html", context)


@login_required
@GET_POST
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = _manageable_product(request, pk)
    form = ProductForm(request.POST or None, instance=product, user=request.user)
    if form.is_valid():
        try:
            product = services.update_product(request.user, product, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, _("Changes to %(name)s have been saved.") % {"name": product.name}
            )
            return redirect(_manage_url(product))
    return render(
        request, "market/catalogue/product_form.html",
        {"form": form, "product": Product.objects.get(pk=product.pk)},
    )  # fmt: skip


@login_required
@GET_POST
def product_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete; a product that trade refers to can only be unpublished."""
    product = _manageable_product(request, pk)
    in_trade = services.has_trade(product)
    if request.method == "POST":
        if in_trade:
            services.set_published(request.user, product, False)
            messages.success(
                request, _("%(name)s is no longer shown in the shop.") % {"name": product.name}
            )
            return redirect(_manage_url(product))
        try:
            services.delete_product(request.user, product)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_manage_url(product))
        messages.success(request, _("%(name)s has been deleted.") % {"name": product.name})
        return redirect("market:product_list")
    return render(
        request, "market/catalogue/product_delete.html", {"product": product, "in_trade": in_trade}
    )


# Photos


@login_required
@GET_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = _manageable_product(request, pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            services.add_photo(
                request.user, product, form.cleaned_data["image"], form.cleaned_data["alt_text"]
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect(_manage_url(product))
    status = 400 if form.is_bound else 200
    return render(
        request, "market/catalogue/photo_form.html", {"product": product, "form": form},
        status=status,
    )  # fmt: skip


def _manageable_photo(request: HttpRequest, pk: int) -> ProductPhoto:
    photo = get_object_or_404(
        ProductPhoto.objects.filter(
            product__in=Product.objects.visible_to(request.user)
        ).select_related("product"),
        pk=pk,
    )
    if not permissions.can_manage_product(request.user, photo.product):
        raise PermissionDenied
    return photo


@login_required
@GET_POST
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    photo = _manageable_photo(request, pk)
    if request.method == "POST":
        services.delete_photo(request.user, photo)
        messages.success(request, _("The photo has been deleted."))
        return redirect(_manage_url(photo.product))
    return render(request, "market/catalogue/photo_delete.html", {"photo": photo})


@login_required
@require_POST
def photo_move(request: HttpRequest, pk: int) -> HttpResponse:
    photo = _manageable_photo(request, pk)
    step = {"earlier": -1, "later": 1}.get(request.POST.get("direction", ""))
    if step is None:
        raise Http404
    services.move_photo(request.user, photo, step)
    return redirect(f"{_manage_url(photo.product)}#photos")


# Labels


def _manageable_label(request: HttpRequest, pk: int) -> Label:
    label = get_object_or_404(
        Label.objects.filter(product__in=Product.objects.visible_to(request.user)).select_related(
            "product"
        ),
        pk=pk,
    )
    if not permissions.can_manage_product(request.user, label.product):
        raise PermissionDenied
    return label


def _label_form(request: HttpRequest, product: Product, label: Label | None) -> HttpResponse:
    form = LabelForm(request.POST or None, request.FILES or None, instance=label)
    if form.is_valid():
        try:
            services.save_label(request.user, product, form.cleaned_data, label)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The label has been saved."))
            return redirect(f"{_manage_url(product)}#labels")
    return render(
        request, "market/catalogue/label_form.html",
        {"product": product, "form": form, "label": label},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@GET_POST
def label_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = _manageable_product(request, pk)
    return _label_form(request, product, None)


@login_required
@GET_POST
def label_edit(request: HttpRequest, pk: int) -> HttpResponse:
    label = _manageable_label(request, pk)
    return _label_form(request, label.product, label)


@login_required
@GET_POST
def label_delete(request: HttpRequest, pk: int) -> HttpResponse:
    label = _manageable_label(request, pk)
    if request.method == "POST":
        services.delete_label(request.user, label)
        messages.success(request, _("The label has been deleted."))
        return redirect(f"{_manage_url(label.product)}#labels")
    return render(request, "market/catalogue/label_delete.html", {"label": label})


@login_required
def label_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The certificate behind a label, for those who see the product in the back office
    (media files are not served publicly)."""
    label = get_object_or_404(
        Label.objects.filter(product__in=Product.objects.visible_to(request.user)), pk=pk
    )
    if not label.evidence:
        raise Http404
    try:
        handle = label.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=(label.evidence.name or "").split("/")[-1]
    )


# Exchange rates


@login_required
@GET_POST
def exchange_rates(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_rates(request.user):
        raise PermissionDenied
    form = ExchangeRateForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_exchange_rate(
                request.user, data["currency"], data["mad_per_unit"], data["valid_from"]
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The exchange rate has been recorded."))
            return redirect("market:exchange_rates")
    rates = ExchangeRate.objects.select_related("recorded_by").order_by(
        "-valid_from", "currency", "-id"
    )
    context = {
        "form": form,
        "page_obj": paginate(request, rates),
        "current": services.current_rates(),
    }
    return render(request, "market/catalogue/exchange_rates.html", context)


@login_required
@GET_POST
def exchange_rate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_rates(request.user):
        raise PermissionDenied
    rate = get_object_or_404(ExchangeRate, pk=pk)
    if request.method == "POST":
        services.delete_exchange_rate(request.user, rate)
        messages.success(request, _("The exchange rate has been deleted."))
        return redirect("market:exchange_rates")
    return render(request, "market/catalogue/exchange_rate_delete.html", {"rate": rate})
