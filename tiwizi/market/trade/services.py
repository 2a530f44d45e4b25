"""Everything that changes the trade side of the market: one verb per change, one
transaction each. Views, the demo, commands and tests call these; none of them saves an
inquiry, an order or a sale directly.

Each function validates (`full_clean`) so that a caller that skipped a form still cannot
store an invalid record, and raises `ValidationError` (translated) for a refused change.
E-mails to the other side are sent once the transaction has committed, so nobody is told
about something that was rolled back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiwizi.accounts.models import Grant, Role, User
from tiwizi.core import audit
from tiwizi.core.models import AuditEntry
from tiwizi.market.models import (
    Inquiry,
    InquiryMessage,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    Sale,
    SaleSource,
)
from tiwizi.market.trade import notifications
from tiwizi.registry.models import Organization

ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
ORDER_NUMBER_PREFIX = "TWZ"
ORDER_NUMBER_ATTEMPTS = 5
# The date each status records when an order reaches it.
STATUS_DATE_FIELD = {
    OrderStatus.CONFIRMED: "confirmed_on",
    OrderStatus.SHIPPED: "shipped_on",
    OrderStatus.DELIVERED: "delivered_on",
    OrderStatus.PAID: "paid_on",
    OrderStatus.CANCELLED: "cancelled_on",
}
# Which thread states a new message may be posted in.
WRITABLE_INQUIRY_STATUSES = (Inquiry.Status.OPEN, Inquiry.Status.ANSWERED, Inquiry.Status.ORDERED)
MANUAL_SALE_FIELDS = (
    "date",
    "channel",
    "country",
    "product",
    "description",
    "quantity",
    "amount_mad",
)


def plain_number(value: Decimal) -> str:
    """A quantity as people write it in a form field: 500, not 500.000 nor 5E+2."""
    return format(value.normalize(), "f")


# Buyers


@transaction.atomic
def register_buyer(data: Mapping[str, Any]) -> User:
    """A buyer's organization, their login and the grant that ties them, all or nothing.

    `data`: organization_name, country, address, organization_email, phone, email,
    password, language (and optionally ice, rc_number).
    """
    email = str(data["email"]).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("An account already exists with this email address: sign in instead.")}
        )
    name = str(data["organization_name"]).strip()
    # Buyers name themselves in the script they write in.
    in_arabic = bool(ARABIC_LETTER.search(name))
    organization = Organization(
        kind=Organization.Kind.BUYER,
        name_ar=name if in_arabic else "",
        name_fr="" if in_arabic else name,
        country=data["country"],
        address=data.get("address", ""),
        email=data.get("organization_email") or email,
        phone=data.get("phone", ""),
        ice=data.get("ice", ""),
        rc_number=data.get("rc_number", ""),
    )
    organization.full_clean()
    organization.save()
    user = User(email=email, full_name=data.get("full_name", ""), language=data["language"])
    try:
        validate_password(data["password"], user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(data["password"])
    user.full_clean(exclude=["password"])
    user.save()
    Grant.objects.create(user=user, organization=organization, role=Role.BUYER)
    audit.record_change(user, organization, AuditEntry.Action.CREATE)
    return user


# Inquiries


def send_inquiry(
    user: Any,
    buyer: Organization,
    product: Product,
    data: Mapping[str, Any],
    *,
    site_url: str = "",
) -> Inquiry:
    """A buyer asks a producer about a product; the producer's managers get an e-mail."""
    if not Product.objects.published().filter(pk=product.pk).exists():
        raise ValidationError(_("This product is not offered in the catalogue."))
    if buyer.kind != Organization.Kind.BUYER:
        raise ValidationError(_("Only a buyer organization can send an inquiry."))
    with transaction.atomic():
        inquiry = Inquiry(
            buyer=buyer,
            seller_id=product.organization_id,
            product=product,
            quantity=data["quantity"],
            destination=data["destination"],
            country=data["country"],
            message=data.get("message", ""),
            created_by=user,
        )
        inquiry.full_clean()
        if inquiry.quantity < product.minimum_order:
            raise ValidationError(
                {
                    "quantity": _("The minimum order for this product is %(minimum)s %(unit)s.")
                    % {
                        "minimum": floatformat(product.minimum_order, -3),
                        "unit": product.get_unit_display(),
                    }
                }
            )
        inquiry.save()
        transaction.on_commit(lambda: notifications.inquiry_sent(inquiry, site_url))
    return inquiry


def post_message(user: Any, inquiry: Inquiry, body: str, *, site_url: str = "") -> InquiryMessage:
    """Add a message to the thread; the other side is told by e-mail.

    A producer's answer marks the inquiry answered; a buyer's reply opens it again, so
    the producer's list shows what awaits an answer.
    """
    from tiwizi.market.trade.permissions import is_buyer_side

    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a message before sending it.")})
    with transaction.atomic():
        inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        if inquiry.status not in WRITABLE_INQUIRY_STATUSES:
            raise ValidationError(_("This inquiry is closed: no more messages can be added."))
        from_buyer = is_buyer_side(user, inquiry)
        message = InquiryMessage.objects.create(
            inquiry=inquiry, author=user, from_buyer=from_buyer, body=body
        )
        if inquiry.status != Inquiry.Status.ORDERED:
            inquiry.status = Inquiry.Status.OPEN if from_buyer else Inquiry.Status.ANSWERED
            inquiry.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda: notifications.message_posted(message, site_url))
    return message


@transaction.atomic
def close_inquiry(user: Any, inquiry: Inquiry) -> Inquiry:
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status == Inquiry.Status.ORDERED:
        raise ValidationError(_("This inquiry became an order: follow the order instead."))
    if inquiry.status != Inquiry.Status.CLOSED:
        before = inquiry.status
        inquiry.status = Inquiry.Status.CLOSED
        inquiry.save(update_fields=["status", "updated_at"])
        audit.record_change(
            user, inquiry, AuditEntry.Action.UPDATE, {"status": [before, inquiry.status]}
        )
    return inquiry


# Orders


@dataclass(frozen=True)
class LineInput:
    product: Product
    quantity: Decimal
    unit_price_mad: Decimal


def next_order_number(year: int) -> str:
    """TWZ-<year>-<5 digits>, one more than the year's highest (unique in the database)."""
    prefix = f"{ORDER_NUMBER_PREFIX}-{year}-"
    last = (
        Order.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def _save_with_a_number(order: Order) -> None:
    # Two producers confirming at the same moment may compute the same number: the unique
    # constraint refuses the second, which takes the next number (inside a savepoint, so
    # the surrounding transaction stays usable).
    for attempt in range(ORDER_NUMBER_ATTEMPTS):
        order.number = next_order_number(order.confirmed_on.year)
        try:
            with transaction.atomic():
                order.save()
            return
        except IntegrityError:
            if attempt == ORDER_NUMBER_ATTEMPTS - 1:
                raise


def create_order_from_inquiry(
    user: Any,
    inquiry: Inquiry,
    lines: Iterable[LineInput],
    *,
    destination: str | None = None,
    country: str | None = None,
    notes: str = "",
    confirmed_on: date | None = None,
    site_url: str = "",
) -> Order:
    """The producer confirms an order for what the inquiry asked (and more of its products)."""
    lines = list(lines)
    if not lines:
        raise ValidationError(_("An order needs at least one line."))
    with transaction.atomic():
        inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        if (
            inquiry.status == Inquiry.Status.ORDERED
            or Order.objects.filter(inquiry=inquiry).exists()
        ):
            raise ValidationError(_("This inquiry has already become an order."))
        if inquiry.status == Inquiry.Status.CLOSED:
            raise ValidationError(_("This inquiry is closed: it cannot become an order."))
        for number, line in enumerate(lines, start=1):
            if line.product.organization_id != inquiry.seller_id:
                raise ValidationError(
                    _("Line %(number)s: the product must be one of the producer's own.")
                    % {"number": number}
                )
        order = Order(
            inquiry=inquiry,
            seller_id=inquiry.seller_id,
            buyer_id=inquiry.buyer_id,
            destination=destination or inquiry.destination,
            country=country or inquiry.country,
            status=OrderStatus.CONFIRMED,
            confirmed_on=confirmed_on or timezone.localdate(),
            notes=notes,
            created_by=user,
        )
        order.full_clean(exclude=["number"])
        _save_with_a_number(order)
        for number, line in enumerate(lines, start=1):
            order_line = OrderLine(
                order=order,
                product=line.product,
                quantity=line.quantity,
                unit_price_mad=line.unit_price_mad,
            )
            try:
                order_line.full_clean(exclude=["order"])
            except ValidationError as error:
                raise ValidationError(
                    _("Line %(number)s: %(errors)s")
                    % {"number": number, "errors": " ".join(error.messages)}
                ) from error
            order_line.save()
        inquiry.status = Inquiry.Status.ORDERED
        inquiry.save(update_fields=["status", "updated_at"])
        audit.record_change(user, order, AuditEntry.Action.CREATE)
        transaction.on_commit(lambda: notifications.order_confirmed(order, site_url))
    return order


def move_order(order: Order, to_status: str, user: Any, on: date | None = None) -> Order:
    """Move an order along ORDER_TRANSITIONS only, recording the date of the step.

    Paid orders enter the seller's sales ledger in the same transaction.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not order.can_move_to(to_status):
            raise ValidationError(
                _("An order that is %(current)s cannot become %(target)s.")
                % {
                    "current": OrderStatus(order.status).label.lower(),
                    "target": _status_label(to_status).lower(),
                }
            )
        if on > timezone.localdate():
            raise ValidationError({"on": _("The date cannot be in the future.")})
        if on < order.confirmed_on:
            raise ValidationError({"on": _("The date cannot be before the order was confirmed.")})
        before = order.status
        order.status = to_status
        setattr(order, STATUS_DATE_FIELD[OrderStatus(to_status)], on)
        order.save()
        audit.record_change(
            user,
            order,
            AuditEntry.Action.UPDATE,
            {
                "status": [before, to_status],
                STATUS_DATE_FIELD[OrderStatus(to_status)]: ["", str(on)],
            },
        )
        if to_status == OrderStatus.PAID:
            record_sales_for_paid_order(order, user)
    return order


def _status_label(status: str) -> str:
    try:
        return str(OrderStatus(status).label)
    except ValueError:
        return status


def record_sales_for_paid_order(order: Order, user: Any = None) -> list[Sale]:
    """One sale per line of a paid order, dated the payment day; idempotent (a line that
    already has its sale is left alone, and the database allows one sale per line)."""
    if order.status != OrderStatus.PAID or order.paid_on is None:
        raise ValidationError(_("Only a paid order enters the sales ledger."))
    created = []
    with transaction.atomic():
        lines = order.lines.select_related("product").filter(sale__isnull=True)
        for line in lines:
            created.append(
                Sale.objects.create(
                    organization_id=order.seller_id,
                    date=order.paid_on,
                    channel=order.destination,
                    country=order.country,
                    product=line.product,
                    description=order.number,
                    quantity=line.quantity,
                    amount_mad=line.total_mad,
                    source=SaleSource.PLATFORM,
                    order_line=line,
                    recorded_by=user if getattr(user, "is_authenticated", False) else None,
                )
            )
    return created


# Sales entered by hand


def _validate_manual_sale(sale: Sale) -> None:
    sale.full_clean()
    product = sale.product if sale.product_id else None
    if product is not None and product.organization_id != sale.organization_id:
        raise ValidationError({"product": _("Choose one of this organization's products.")})


@transaction.atomic
def record_manual_sale(user: Any, organization: Organization, data: Mapping[str, Any]) -> Sale:
    sale = Sale(organization=organization, source=SaleSource.MANUAL, recorded_by=user)
    for name in MANUAL_SALE_FIELDS:
        if name in data:
            setattr(sale, name, data[name])
    _validate_manual_sale(sale)
    sale.save()
    audit.record_change(user, sale, AuditEntry.Action.CREATE)
    return sale


def _refuse_platform_sale(sale: Sale) -> None:
    if sale.source != SaleSource.MANUAL:
        raise ValidationError(_("This sale comes from a paid order: it cannot be changed by hand."))


@transaction.atomic
def update_manual_sale(user: Any, sale: Sale, data: Mapping[str, Any]) -> Sale:
    _refuse_platform_sale(sale)
    before = audit.snapshot(sale, list(MANUAL_SALE_FIELDS))
    for name in MANUAL_SALE_FIELDS:
        if name in data:
            setattr(sale, name, data[name])
    _validate_manual_sale(sale)
    sale.save()
    changes = audit.diff(before, audit.snapshot(sale, list(MANUAL_SALE_FIELDS)))
    if changes:
        audit.record_change(user, sale, AuditEntry.Action.UPDATE, changes)
    return sale


@transaction.atomic
def delete_manual_sale(user: Any, sale: Sale) -> None:
    _refuse_platform_sale(sale)
    audit.record_change(
        user, sale, AuditEntry.Action.ARCHIVE, {"amount_mad": [str(sale.amount_mad), ""]}
    )
    sale.delete()
