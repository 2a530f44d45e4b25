"""Products (public read), inquiries, orders and sales."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tiwizi.api.auth import optional_token_auth
from tiwizi.api.common import get_visible, responses, user_of
from tiwizi.api.pagination import DbId, IsoDate, PageParams, keyset_page, page_of
from tiwizi.market.models import (
    Destination,
    Inquiry,
    InquiryStatus,
    Label,
    LabelKind,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    Sale,
    SaleSource,
    StockStatus,
    Unit,
)

router = Router(tags=["market"])

# The catalogue is public: a token is optional (OpenAPI's empty security requirement).
PUBLIC: dict[str, Any] = {"security": [{}]}


# Products


class LabelOut(Schema):
    kind: LabelKind
    name: str
    number: str
    issued_by: str
    expires_on: datetime.date | None


class ProductOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    province_id: int | None
    name: str
    name_ar: str
    name_fr: str
    name_en: str
    description: str
    description_ar: str
    description_fr: str
    description_en: str
    category_id: int
    category_code: str
    unit: Unit
    price_mad: Decimal | None = Field(description="Price per unit; null: price on request.")
    minimum_order: Decimal
    monthly_capacity: Decimal | None
    season_start_month: int | None
    season_end_month: int | None
    stock_status: StockStatus
    published: bool
    labels: list[LabelOut] = Field(description="Labels that have not expired.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_organization_name(obj: Product) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_province_id(obj: Product) -> int | None:
        return obj.organization.province_id

    @staticmethod
    def resolve_category_code(obj: Product) -> str:
        return obj.category.code

    @staticmethod
    def resolve_labels(obj: Product) -> list[Label]:
        return list(obj.valid_labels)  # type: ignore[attr-defined]


class ProductFilters(PageParams):
    q: str | None = Field(None, max_length=200, description="Search in Arabic, French or English.")
    category: DbId | None = Field(None, description="Category (sector) id.")
    province: DbId | None = Field(None, description="The producer's province id.")
    label: LabelKind | None = Field(None, description="Products with a valid label of this kind.")
    organization: DbId | None = Field(None, description="Producer id.")
    published: bool | None = Field(None, description="Staff only: published or not.")


def _products(user: Any) -> Any:
    """Published products for everyone; signed-in staff also see their unpublished ones."""
    products = Product.objects.published()
    if user.is_authenticated:
        products = products | Product.objects.visible_to(user)
    return products.select_related("organization", "category").prefetch_related(
        Prefetch("labels", Label.objects.valid().order_by("kind", "id"), to_attr="valid_labels")
    )


@router.get(
    "/products",
    response=responses(page_of(ProductOut, "ProductPage")),
    auth=optional_token_auth,
    openapi_extra=PUBLIC,
    summary="List products (public: published products; no token needed)",
)
def list_products(request: HttpRequest, filters: Query[ProductFilters]) -> Any:
    products = _products(user_of(request))
    if filters.category:
        products = products.filter(category_id=filters.category)
    if filters.province:
        products = products.filter(organization__province_id=filters.province)
    if filters.organization:
        products = products.filter(organization_id=filters.organization)
    if filters.label:
        labelled = Label.objects.valid().filter(kind=filters.label).values("product_id")
        products = products.filter(id__in=labelled)
    if filters.published is not None:
        products = products.filter(published=filters.published)
    return keyset_page(products.search(filters.q or ""), filters)


@router.get(
    "/products/{product_id}",
    response=responses(ProductOut),
    auth=optional_token_auth,
    openapi_extra=PUBLIC,
    summary="One product (public when published)",
)
def get_product(request: HttpRequest, product_id: int) -> Any:
    return get_visible(_products(user_of(request)), product_id)


# Inquiries


class InquiryOut(Schema):
    id: int
    buyer_id: int
    seller_id: int
    product_id: int
    quantity: Decimal
    destination: Destination
    country: str
    message: str
    status: InquiryStatus
    created_at: datetime.datetime

    @staticmethod
    def resolve_country(obj: Inquiry) -> str:
        return str(obj.country or "")


class TradeFilters(PageParams):
    seller: DbId | None = Field(None, description="Producer id.")
    buyer: DbId | None = Field(None, description="Buyer id.")


class InquiryFilters(TradeFilters):
    status: InquiryStatus | None = None
    product: DbId | None = None


@router.get(
    "/inquiries", response=responses(page_of(InquiryOut, "InquiryPage")), summary="List inquiries"
)
def list_inquiries(request: HttpRequest, filters: Query[InquiryFilters]) -> Any:
    inquiries = Inquiry.objects.visible_to(user_of(request))
    lookups = {"status": "status", "seller": "seller_id", "buyer": "buyer_id",
               "product": "product_id"}  # fmt: skip
    for name, lookup in lookups.items():
        value = getattr(filters, name)
        if value:
            inquiries = inquiries.filter(**{lookup: value})
    return keyset_page(inquiries, filters)


@router.get("/inquiries/{inquiry_id}", response=responses(InquiryOut), summary="One inquiry")
def get_inquiry(request: HttpRequest, inquiry_id: int) -> Any:
    return get_visible(Inquiry.objects.visible_to(user_of(request)), inquiry_id)


# Orders


class OrderLineOut(Schema):
    id: int
    product_id: int
    quantity: Decimal
    unit_price_mad: Decimal
    total_mad: Decimal


class OrderOut(Schema):
    id: int
    number: str
    inquiry_id: int | None
    seller_id: int
    buyer_id: int
    destination: Destination
    country: str
    status: OrderStatus
    confirmed_on: datetime.date
    shipped_on: datetime.date | None
    delivered_on: datetime.date | None
    paid_on: datetime.date | None
    cancelled_on: datetime.date | None
    notes: str
    lines: list[OrderLineOut]
    total_mad: Decimal

    @staticmethod
    def resolve_country(obj: Order) -> str:
        return str(obj.country or "")

    @staticmethod
    def resolve_lines(obj: Order) -> list[OrderLine]:
        return list(obj.lines.all())

    @staticmethod
    def resolve_total_mad(obj: Order) -> Decimal:
        return sum((line.total_mad for line in obj.lines.all()), Decimal("0.00"))


class OrderFilters(TradeFilters):
    status: OrderStatus | None = None
    date_from: IsoDate | None = Field(None, alias="from", description="Confirmed on or after.")
    date_to: IsoDate | None = Field(None, alias="to", description="Confirmed on or before.")


def _orders(user: Any) -> Any:
    return Order.objects.visible_to(user).prefetch_related(
        Prefetch("lines", OrderLine.objects.order_by("id"))
    )


@router.get("/orders", response=responses(page_of(OrderOut, "OrderPage")), summary="List orders")
def list_orders(request: HttpRequest, filters: Query[OrderFilters]) -> Any:
    orders = _orders(user_of(request))
    lookups = {"status": "status", "seller": "seller_id", "buyer": "buyer_id"}
    for name, lookup in lookups.items():
        value = getattr(filters, name)
        if value:
            orders = orders.filter(**{lookup: value})
    if filters.date_from:
        orders = orders.filter(confirmed_on__gte=filters.date_from)
    if filters.date_to:
        orders = orders.filter(confirmed_on__lte=filters.date_to)
    return keyset_page(orders, filters)


@router.get("/orders/{order_id}", response=responses(OrderOut), summary="One order")
def get_order(request: HttpRequest, order_id: int) -> Any:
    return get_visible(_orders(user_of(request)), order_id)


# Sales


class SaleOut(Schema):
    id: int
    organization_id: int
    date: datetime.date
    channel: Destination
    country: str
    product_id: int | None
    description: str
    quantity: Decimal | None
    amount_mad: Decimal
    source: SaleSource
    order_line_id: int | None

    @staticmethod
    def resolve_country(obj: Sale) -> str:
        return str(obj.country or "")


class SaleFilters(PageParams):
    organization: DbId | None = Field(None, description="Seller id.")
    channel: Destination | None = None
    product: DbId | None = None
    date_from: IsoDate | None = Field(None, alias="from")
    date_to: IsoDate | None = Field(None, alias="to")


@router.get("/sales", response=responses(page_of(SaleOut, "SalePage")), summary="List sales")
def list_sales(request: HttpRequest, filters: Query[SaleFilters]) -> Any:
    sales = Sale.objects.visible_to(user_of(request))
    lookups = {"organization": "organization_id", "channel": "channel", "product": "product_id"}
    for name, lookup in lookups.items():
        value = getattr(filters, name)
        if value:
            sales = sales.filter(**{lookup: value})
    if filters.date_from:
        sales = sales.filter(date__gte=filters.date_from)
    if filters.date_to:
        sales = sales.filter(date__lte=filters.date_to)
    return keyset_page(sales, filters)


@router.get("/sales/{sale_id}", response=responses(SaleOut), summary="One sale")
def get_sale(request: HttpRequest, sale_id: int) -> Any:
    return get_visible(Sale.objects.visible_to(user_of(request)), sale_id)
