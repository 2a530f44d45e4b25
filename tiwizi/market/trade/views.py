"""Pages of the trade side: buyer registration, inquiries and their thread, orders and
their proforma invoice, the sales ledger.

Thin: look up within what the user may see (missing: 404), check the named permission
(refused: 403), parse with a form, call a service, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, DecimalField, F, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tiwizi.core.i18n import current_language, localized_expression, set_language_cookie
from tiwizi.core.listing import (
    GET_POST,
    is_htmx,
    list_response,
    ordering,
    paginate,
    safe_next,
    service_errors,
)
from tiwizi.core.pdf import pdf_response, render_pdf
from tiwizi.core.spreadsheets import Column, export_response, requested_format
from tiwizi.market.models import (
    Inquiry,
    Order,
    OrderStatus,
    Product,
    Sale,
    SaleSource,
)
from tiwizi.market.trade import permissions, services
from tiwizi.market.trade.forms import (
    BuyerRegistrationForm,
    InquiryForm,
    ManualSaleForm,
    MessageForm,
    OrderForm,
    OrderLineFormSet,
    OrderMoveForm,
    SaleFilterForm,
    TradeFilterForm,
)
from tiwizi.registry.models import Organization

BUYER_SIDE = "buyer"
PRODUCER_SIDE = "producer"
INQUIRY_SORTS = {
    "created": ("created_at", "pk"),
    "product": ("product_name", "pk"),
    "status": ("status", "created_at", "pk"),
    "quantity": ("quantity", "pk"),
}
ORDER_SORTS = {
    "number": ("number", "pk"),
    "confirmed": ("confirmed_on", "pk"),
    "status": ("status", "confirmed_on", "pk"),
    "total": ("total_mad", "pk"),
}
SALE_SORTS = {
    "date": ("date", "pk"),
    "amount": ("amount_mad", "pk"),
    "channel": ("channel", "date", "pk"),
}
LINE_TOTAL = Sum(
    F("lines__quantity") * F("lines__unit_price_mad"),
    output_field=DecimalField(max_digits=16, decimal_places=2),
)
PROFORMA_LANGUAGES = ("ar", "fr")
# "Record a sale" offers at most this many organizations (staff filter to find others).
RECORDABLE_MENU_SIZE = 12


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# Buyers


@GET_POST
def buyer_register(request: HttpRequest) -> HttpResponse:
    """A buyer registers their organization and their login in one form, then goes back
    to where they were (typically the inquiry they wanted to send)."""
    back = safe_next(request, reverse("core:home"))
    if request.user.is_authenticated:
        return redirect(back)
    form = BuyerRegistrationForm(request.POST or None)
    if form.is_valid():
        try:
            user = services.register_buyer(form.cleaned_data)
        except ValidationError as error:
            service_errors(
                form, error, {"name_fr": "organization_name", "name_ar": "organization_name"}
            )
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            translation.activate(user.language)
            messages.success(request, _("Welcome! Your organization is registered as a buyer."))
            response = redirect(back)
            set_language_cookie(response, user.language)
            return response
    login_url = f"{reverse('accounts:login')}?{urlencode({'next': back})}"
    return render(
        request,
        "market/trade/buyer_register.html",
        {"form": form, "next": back, "login_url": login_url},
    )


# Inquiries


def _inquiries_for(user: Any, side: str) -> QuerySet[Inquiry]:
    if side == BUYER_SIDE:
        return Inquiry.objects.placed_by(user)
    return Inquiry.objects.received_by(user)


def inquiry_create(request: HttpRequest, product_pk: int) -> HttpResponse:
    product = get_object_or_404(
        Product.objects.published().select_related("organization"), pk=product_pk
    )
    here = request.get_full_path()
    if not request.user.is_authenticated:
        # Register (or sign in from that page), then come back here.
        return redirect(f"{reverse('market:buyer_register')}?{urlencode({'next': here})}")
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    buyer = permissions.buyer_organization(request.user)
    if buyer is None:
        raise PermissionDenied(_("Only buyers can send inquiries."))
    form = InquiryForm(
        request.POST or None,
        product=product,
        initial={
            "quantity": services.plain_number(product.minimum_order),
            "country": buyer.country,
        },
    )
    if form.is_valid():
        try:
            inquiry = services.send_inquiry(
                request.user, buyer, product, form.cleaned_data, site_url=_site_url(request)
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your inquiry has been sent to %(producer)s.")
                % {"producer": product.organization},
            )
            return redirect("market:inquiry_detail", inquiry.pk)
    return render(
        request,
        "market/trade/inquiry_form.html",
        {"form": form, "product": product, "buyer": buyer},
    )


def _inquiry_list(request: HttpRequest, side: str) -> HttpResponse:
    user = request.user
    if side == PRODUCER_SIDE and not permissions.works_for_producers(user):
        raise PermissionDenied
    if side == BUYER_SIDE and not permissions.is_buyer(user):
        raise PermissionDenied
    form = TradeFilterForm(request.GET, statuses=Inquiry.Status.choices)
    form.is_valid()
    data = form.cleaned_data
    inquiries = _inquiries_for(user, side)
    if data.get("status"):
        inquiries = inquiries.filter(status=data["status"])
    sort, order_by = ordering(data.get("sort"), INQUIRY_SORTS, "-created")
    inquiries = (
        inquiries.select_related("product", "buyer", "seller")
        .annotate(
            message_count=Count("messages"),
            product_name=localized_expression(
                "product__name_fr", "product__name_ar", "product__name_en"
            ),
        )
        .order_by(*order_by)
    )
    url_name = "market:my_inquiries" if side == BUYER_SIDE else "market:inquiry_list"
    context = {
        "form": form,
        "page_obj": paginate(request, inquiries),
        "filtered": bool(data.get("status")),
        "sort": sort,
        "default_sort": "-created",
        "side": side,
        "list_url": reverse(url_name),
        "title": _("My inquiries") if side == BUYER_SIDE else _("Inquiries received"),
    }
    return list_response(
        request, "market/trade/inquiry_list.html",
        "market/trade/partials/inquiry_results.html", "inquiry-results", context,
    )  # fmt: skip


@login_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    """Inquiries received by the producers the user works for."""
    return _inquiry_list(request, PRODUCER_SIDE)


@login_required
def my_inquiries(request: HttpRequest) -> HttpResponse:
    """A buyer's own inquiries."""
    return _inquiry_list(request, BUYER_SIDE)


def _visible_inquiry(request: HttpRequest, pk: int) -> Inquiry:
    return get_object_or_404(
        Inquiry.objects.visible_to(request.user).select_related(
            "product", "buyer", "seller", "created_by"
        ),
        pk=pk,
    )


def _thread_context(request: HttpRequest, inquiry: Inquiry, form: MessageForm) -> dict[str, Any]:
    user = request.user
    return {
        "inquiry": inquiry,
        "thread": list(inquiry.messages.select_related("author")),
        "message_form": form,
        "can_write": permissions.can_write_in_thread(user, inquiry)
        and inquiry.status in services.WRITABLE_INQUIRY_STATUSES,
        "is_buyer_side": permissions.is_buyer_side(user, inquiry),
    }


@login_required
@GET_POST
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The inquiry and its thread; both sides answer here (HTMX appends without reload)."""
    inquiry = _visible_inquiry(request, pk)
    user = request.user
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_write_in_thread(user, inquiry):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.post_message(
                    user, inquiry, form.cleaned_data["body"], site_url=_site_url(request)
                )
            except ValidationError as error:
                service_errors(form, error)
            else:
                inquiry.refresh_from_db()
                if is_htmx(request, "inquiry-thread"):
                    context = _thread_context(request, inquiry, MessageForm())
                    return render(request, "market/trade/partials/thread.html", context)
                messages.success(request, _("Your message has been sent."))
                return redirect("market:inquiry_detail", inquiry.pk)
        if is_htmx(request, "inquiry-thread"):
            return render(
                request,
                "market/trade/partials/thread.html",
                _thread_context(request, inquiry, form),
            )
    can_answer = permissions.can_answer(user, inquiry)
    order = Order.objects.filter(inquiry=inquiry).only("pk", "number").first()
    context = {
        **_thread_context(request, inquiry, form),
        "order": order,
        "can_order": can_answer
        and order is None
        and inquiry.status in (Inquiry.Status.OPEN, Inquiry.Status.ANSWERED),
        "can_close": (can_answer or permissions.is_buyer_side(user, inquiry))
        and inquiry.status in (Inquiry.Status.OPEN, Inquiry.Status.ANSWERED),
    }
    return render(request, "market/trade/inquiry_detail.html", context)


@login_required
@GET_POST
def inquiry_close(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _visible_inquiry(request, pk)
    user = request.user
    if not (permissions.can_answer(user, inquiry) or permissions.is_buyer_side(user, inquiry)):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.close_inquiry(user, inquiry)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The inquiry has been closed."))
        return redirect("market:inquiry_detail", inquiry.pk)
    return render(request, "market/trade/inquiry_close.html", {"inquiry": inquiry})


# Orders


def _orders_for(user: Any, side: str) -> QuerySet[Order]:
    if side == BUYER_SIDE:
        return Order.objects.placed_by(user)
    return Order.objects.received_by(user)


@login_required
@GET_POST
def order_create(request: HttpRequest, inquiry_pk: int) -> HttpResponse:
    """The producer turns an inquiry into a confirmed order, prefilled from the inquiry."""
    inquiry = _visible_inquiry(request, inquiry_pk)
    if not permissions.can_answer(request.user, inquiry):
        raise PermissionDenied
    if inquiry.status not in (Inquiry.Status.OPEN, Inquiry.Status.ANSWERED):
        messages.info(request, _("This inquiry can no longer become an order."))
        return redirect("market:inquiry_detail", inquiry.pk)
    products = Product.objects.filter(organization_id=inquiry.seller_id).order_by(
        localized_expression("name_fr", "name_ar", "name_en"), "pk"
    )
    data = request.POST or None
    form = OrderForm(data, initial={"destination": inquiry.destination, "country": inquiry.country})
    lines = OrderLineFormSet(
        data,
        prefix="lines",
        form_kwargs={"products": products},
        initial=[
            {
                "product": inquiry.product,
                "quantity": services.plain_number(inquiry.quantity),
                "unit_price_mad": inquiry.product.price_mad,
            }
        ],
    )
    if form.is_valid() & lines.is_valid():  # both, to show every error at once
        line_inputs = [
            services.LineInput(
                product=line["product"],
                quantity=line["quantity"],
                unit_price_mad=line["unit_price_mad"],
            )
            for line in lines.cleaned_data
            if line and not line.get("DELETE")
        ]
        try:
            order = services.create_order_from_inquiry(
                request.user,
                inquiry,
                line_inputs,
                destination=form.cleaned_data["destination"],
                country=form.cleaned_data["country"],
                notes=form.cleaned_data["notes"],
                site_url=_site_url(request),
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, _("Order %(number)s has been confirmed.") % {"number": order.number}
            )
            return redirect(order)
    return render(
        request,
        "market/trade/order_form.html",
        {"form": form, "lines": lines, "inquiry": inquiry},
    )


def _order_columns() -> list[Column]:
    return [
        Column(gettext_lazy("Number"), lambda o: o.number),
        Column(gettext_lazy("Confirmed on"), lambda o: o.confirmed_on),
        Column(gettext_lazy("Status"), lambda o: o.get_status_display()),
        Column(gettext_lazy("Producer"), lambda o: o.seller.name),
        Column(gettext_lazy("Buyer"), lambda o: o.buyer.name),
        Column(gettext_lazy("Destination"), lambda o: o.get_destination_display()),
        Column(gettext_lazy("Country"), lambda o: o.country.name),
        Column(gettext_lazy("Total (MAD)"), lambda o: o.total_mad),
        Column(gettext_lazy("Shipped on"), lambda o: o.shipped_on),
        Column(gettext_lazy("Delivered on"), lambda o: o.delivered_on),
        Column(gettext_lazy("Paid on"), lambda o: o.paid_on),
    ]


def _order_list(request: HttpRequest, side: str) -> Any:
    user = request.user
    if side == PRODUCER_SIDE and not permissions.works_for_producers(user):
        raise PermissionDenied
    if side == BUYER_SIDE and not permissions.is_buyer(user):
        raise PermissionDenied
    form = TradeFilterForm(request.GET, statuses=OrderStatus.choices)
    form.is_valid()
    data = form.cleaned_data
    orders = _orders_for(user, side)
    if data.get("status"):
        orders = orders.filter(status=data["status"])
    sort, order_by = ordering(data.get("sort"), ORDER_SORTS, "-confirmed")
    orders = (
        orders.select_related("buyer", "seller").annotate(total_mad=LINE_TOTAL).order_by(*order_by)
    )
    if file_format := requested_format(request):
        return export_response(orders.iterator(), _order_columns(), "orders", file_format)
    url_name = "market:my_orders" if side == BUYER_SIDE else "market:order_list"
    context = {
        "form": form,
        "page_obj": paginate(request, orders),
        "filtered": bool(data.get("status")),
        "sort": sort,
        "default_sort": "-confirmed",
        "side": side,
        "list_url": reverse(url_name),
        "title": _("My orders") if side == BUYER_SIDE else _("Orders"),
    }
    return list_response(
        request, "market/trade/order_list.html",
        "market/trade/partials/order_results.html", "order-results", context,
    )  # fmt: skip


@login_required
def order_list(request: HttpRequest) -> Any:
    """Orders received by the producers the user works for."""
    return _order_list(request, PRODUCER_SIDE)


@login_required
def my_orders(request: HttpRequest) -> Any:
    return _order_list(request, BUYER_SIDE)


def _visible_order(request: HttpRequest, pk: int) -> Order:
    return get_object_or_404(
        Order.objects.visible_to(request.user).select_related("buyer", "seller", "inquiry"),
        pk=pk,
    )


def _timeline(order: Order) -> list[dict[str, Any]]:
    """The steps of the order, reached (with their date) or still ahead."""
    steps = [OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.PAID]
    if order.status == OrderStatus.CANCELLED:
        steps = [OrderStatus.CONFIRMED, OrderStatus.CANCELLED]
    return [
        {
            "status": step,
            "label": step.label,
            "date": getattr(order, services.STATUS_DATE_FIELD[step]),
            "current": order.status == step,
        }
        for step in steps
    ]


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _visible_order(request, pk)
    lines = list(order.lines.select_related("product"))
    can_manage = permissions.can_answer(request.user, order)
    forward = [s for s in order.next_statuses if s != OrderStatus.CANCELLED]
    context = {
        "order": order,
        "lines": lines,
        "total": sum((line.total_mad for line in lines), start=0),
        "timeline": _timeline(order),
        "can_manage": can_manage,
        "move_form": OrderMoveForm(order=order) if can_manage and forward else None,
        "can_cancel": can_manage and order.can_move_to(OrderStatus.CANCELLED),
        "is_buyer_side": permissions.is_buyer_side(request.user, order),
    }
    return render(request, "market/trade/order_detail.html", context)


@login_required
@require_POST
def order_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Ship, deliver, mark paid (cancelling has its own confirmation page)."""
    order = _visible_order(request, pk)
    if not permissions.can_answer(request.user, order):
        raise PermissionDenied
    form = OrderMoveForm(request.POST, order=order)
    if form.is_valid() and form.cleaned_data["status"] != OrderStatus.CANCELLED:
        try:
            order = services.move_order(
                order, form.cleaned_data["status"], request.user, on=form.cleaned_data["on"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Order %(number)s is now %(status)s.")
                % {"number": order.number, "status": order.get_status_display().lower()},
            )
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors) or _("Choose one of the offered statuses."))
    return redirect(order)


@login_required
@GET_POST
def order_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    order = _visible_order(request, pk)
    if not permissions.can_answer(request.user, order):
        raise PermissionDenied
    if not order.can_move_to(OrderStatus.CANCELLED):
        messages.info(request, _("This order can no longer be cancelled."))
        return redirect(order)
    if request.method == "POST":
        try:
            services.move_order(order, OrderStatus.CANCELLED, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Order %(number)s has been cancelled.") % {"number": order.number}
            )
        return redirect(order)
    return render(request, "market/trade/order_cancel.html", {"order": order})


@login_required
def order_proforma(request: HttpRequest, pk: int) -> HttpResponse:
    """The proforma invoice as a PDF, in Arabic or French (?lang=ar|fr)."""
    order = _visible_order(request, pk)
    language = request.GET.get("lang") or current_language()
    if language not in PROFORMA_LANGUAGES:
        language = "fr"
    lines = list(order.lines.select_related("product"))
    with translation.override(language):
        pdf = render_pdf(
            "market/trade/pdf/proforma.html",
            {
                "order": order,
                "lines": lines,
                "total": sum((line.total_mad for line in lines), start=0),
                "pdf_language": language,
                "today": timezone.localdate(),
            },
        )
    return pdf_response(pdf, f"proforma-{order.number}-{language}.pdf")


# Sales


def _sale_columns() -> list[Column]:
    return [
        Column(gettext_lazy("Date"), lambda s: s.date),
        Column(gettext_lazy("Organization"), lambda s: s.organization.name),
        Column(gettext_lazy("Channel"), lambda s: s.get_channel_display()),
        Column(gettext_lazy("Country"), lambda s: s.country.name),
        Column(gettext_lazy("Product"), lambda s: s.product.name if s.product else ""),
        Column(gettext_lazy("Description"), lambda s: s.description),
        Column(gettext_lazy("Quantity"), lambda s: s.quantity),
        Column(gettext_lazy("Amount (MAD)"), lambda s: s.amount_mad),
        Column(gettext_lazy("Source"), lambda s: s.get_source_display()),
    ]


@login_required
def sale_list(request: HttpRequest) -> Any:
    """The sales ledger of the organizations the user may see, with totals."""
    user: Any = request.user
    if not (user.is_platform_admin or permissions.works_for_producers(user)):
        raise PermissionDenied
    organizations = permissions.sales_organizations(user).order_by("name_fr", "name_ar", "pk")
    visible = Sale.objects.visible_to(user)
    years = sorted({d.year for d in visible.dates("date", "year")}, reverse=True)
    form = SaleFilterForm(request.GET, organizations=organizations, years=years)
    form.is_valid()
    data = form.cleaned_data
    sales = visible
    for name in ("organization", "channel", "product", "source"):
        if data.get(name):
            sales = sales.filter(**{name: data[name]})
    if data.get("year"):
        sales = sales.filter(date__year=data["year"])
    sort, order_by = ordering(data.get("sort"), SALE_SORTS, "-date")
    sales = sales.select_related("organization", "product").order_by(*order_by)
    if file_format := requested_format(request):
        return export_response(sales.iterator(), _sale_columns(), "sales", file_format)
    by_channel = {
        row["channel"]: row["total"]
        for row in sales.order_by().values("channel").annotate(total=Sum("amount_mad"))
    }
    totals = {
        "all": sum(by_channel.values(), start=0),
        "channels": [
            {"label": label, "total": by_channel.get(value, 0)}
            for value, label in Sale.Channel.choices
        ],
    }
    chosen = data.get("organization")
    if user.is_platform_admin:
        manageable_ids = None  # everything
        recordable = [chosen] if chosen else []
    else:
        recordable_organizations = permissions.recordable_organizations(user)
        manageable_ids = set(recordable_organizations.values_list("pk", flat=True))
        recordable = list(
            recordable_organizations.filter(pk=chosen.pk)
            if chosen
            else recordable_organizations.order_by("name_fr", "name_ar")[:RECORDABLE_MENU_SIZE]
        )
    context = {
        "form": form,
        "page_obj": paginate(request, sales),
        "filtered": any(
            data.get(n) for n in ("organization", "channel", "product", "source", "year")
        ),
        "sort": sort,
        "default_sort": "-date",
        "totals": totals,
        "recordable": recordable,
        "manageable_ids": manageable_ids,
    }
    return list_response(
        request, "market/trade/sale_list.html",
        "market/trade/partials/sale_results.html", "sale-results", context,
    )  # fmt: skip


def _sale_organization(request: HttpRequest, organization_pk: int) -> Organization:
    organization = get_object_or_404(
        permissions.sales_organizations(request.user), pk=organization_pk
    )
    if not permissions.can_record_sales(request.user, organization):
        raise PermissionDenied
    return organization


@login_required
@GET_POST
def sale_create(request: HttpRequest, organization_pk: int) -> HttpResponse:
    organization = _sale_organization(request, organization_pk)
    form = ManualSaleForm(
        request.POST or None,
        organization=organization,
        initial={"date": timezone.localdate(), "channel": Sale.Channel.LOCAL, "country": "MA"},
    )
    if form.is_valid():
        try:
            services.record_manual_sale(request.user, organization, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The sale has been recorded."))
            return redirect(f"{reverse('market:sale_list')}?organization={organization.pk}")
    return render(
        request, "market/trade/sale_form.html", {"form": form, "organization": organization}
    )


def _manageable_manual_sale(request: HttpRequest, pk: int) -> Sale:
    sale = get_object_or_404(
        Sale.objects.visible_to(request.user).select_related("organization", "product"), pk=pk
    )
    if not Sale.objects.manageable_by(request.user).filter(pk=sale.pk).exists():
        raise PermissionDenied
    if sale.source != SaleSource.MANUAL:
        raise PermissionDenied(
            _("This sale comes from a paid order: it cannot be changed by hand.")
        )
    return sale


@login_required
@GET_POST
def sale_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sale = _manageable_manual_sale(request, pk)
    form = ManualSaleForm(request.POST or None, instance=sale, organization=sale.organization)
    if form.is_valid():
        try:
            services.update_manual_sale(request.user, sale, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The sale has been saved."))
            return redirect(f"{reverse('market:sale_list')}?organization={sale.organization_id}")
    return render(
        request,
        "market/trade/sale_form.html",
        {"form": form, "organization": sale.organization, "sale": sale},
    )


@login_required
@GET_POST
def sale_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sale = _manageable_manual_sale(request, pk)
    if request.method == "POST":
        organization_id = sale.organization_id
        services.delete_manual_sale(request.user, sale)
        messages.success(request, _("The sale has been deleted."))
        return redirect(f"{reverse('market:sale_list')}?organization={organization_id}")
    return render(request, "market/trade/sale_delete.html", {"sale": sale})
