"""Home panels (core.dashboards) and the revenue section of an organization's page
(registry.sections) for the trade side. Each runs a fixed number of queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from tiwizi.accounts.models import Role
from tiwizi.core.dashboards import Panel
from tiwizi.core.i18n import is_rtl
from tiwizi.market.models import Channel, Inquiry, Order, OrderStatus, Sale
from tiwizi.market.querysets import STAFF_ROLES
from tiwizi.market.trade import permissions

PANEL_ROWS = 5
REVENUE_MONTHS = 12
OPEN_ORDER_STATUSES = (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED)
# Program staff are told about an inquiry still unanswered after this many days, and
# about an order confirmed but still not shipped after this many.
INQUIRY_LATE_DAYS = 3
SHIPPING_LATE_DAYS = 14


def _roles(user: Any) -> frozenset[str]:
    return frozenset(user.roles) if user and user.is_authenticated else frozenset()


def inquiries_to_answer_panel(user: Any) -> Panel | None:
    """Cooperative managers: inquiries waiting for their answer."""
    if Role.COOPERATIVE_MANAGER not in _roles(user):
        return None
    waiting = Inquiry.objects.filter(
        seller_id__in=user.organization_ids(Role.COOPERATIVE_MANAGER), status=Inquiry.Status.OPEN
    )
    return Panel(
        template="market/trade/panels/inquiries_to_answer.html",
        context={
            "count": waiting.count(),
            "inquiries": list(
                waiting.select_related("product", "buyer").order_by("created_at", "pk")[:PANEL_ROWS]
            ),
        },
        order=15,
    )


def buyer_orders_panel(user: Any) -> Panel | None:
    """Buyers: their orders on their way, and how many inquiries are still open."""
    if Role.BUYER not in _roles(user):
        return None
    orders = Order.objects.placed_by(user).filter(status__in=OPEN_ORDER_STATUSES)
    return Panel(
        template="market/trade/panels/buyer_orders.html",
        context={
            "orders": list(
                orders.select_related("seller").order_by("-confirmed_on", "-pk")[:PANEL_ROWS]
            ),
            "order_count": orders.count(),
            "open_inquiries": Inquiry.objects.placed_by(user)
            .filter(status__in=(Inquiry.Status.OPEN, Inquiry.Status.ANSWERED))
            .count(),
        },
        order=20,
    )


def late_inquiries(user: Any, now: datetime | None = None) -> Any:
    """Open inquiries to the producers `user` sees, sent more than INQUIRY_LATE_DAYS ago."""
    sent_before = (now or timezone.now()) - timedelta(days=INQUIRY_LATE_DAYS)
    return Inquiry.objects.received_by(user).filter(
        status=Inquiry.Status.OPEN,
        created_at__lt=sent_before,
    )


def late_orders(user: Any, today: date | None = None) -> Any:
    """Orders of the producers `user` sees, confirmed more than SHIPPING_LATE_DAYS days
    ago and not shipped yet."""
    today = today or timezone.localdate()
    return Order.objects.received_by(user).filter(
        status=OrderStatus.CONFIRMED,
        confirmed_on__lt=today - timedelta(days=SHIPPING_LATE_DAYS),
    )


def staff_market_panel(user: Any) -> Panel | None:
    """Program managers and trainers: the cooperatives they support whose buyers wait,
    an inquiry left unanswered or an order not shipped (4 queries)."""
    if not _roles(user).intersection(STAFF_ROLES):
        return None
    inquiries = late_inquiries(user)
    orders = late_orders(user)
    oldest_inquiries = inquiries.select_related("product", "buyer", "seller")
    oldest_orders = orders.select_related("buyer", "seller")
    return Panel(
        template="market/trade/panels/staff_market.html",
        context={
            "inquiry_count": inquiries.count(),
            "inquiries": list(oldest_inquiries.order_by("created_at", "pk")[:PANEL_ROWS]),
            "order_count": orders.count(),
            "orders": list(oldest_orders.order_by("confirmed_on", "pk")[:PANEL_ROWS]),
            "inquiry_days": INQUIRY_LATE_DAYS,
            "order_days": SHIPPING_LATE_DAYS,
        },
        order=25,
    )


def _first_months(today: date, count: int) -> list[date]:
    """The first day of each of the last `count` months, oldest first, this one last."""
    months = []
    year, month = today.year, today.month
    for _step in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def monthly_revenue(organization_id: int, today: date | None = None) -> dict[str, Any]:
    """Revenue of the last 12 months by month and channel, summed in the database."""
    months = _first_months(today or timezone.localdate(), REVENUE_MONTHS)
    rows = (
        Sale.objects.filter(organization_id=organization_id, date__gte=months[0])
        .annotate(month=TruncMonth("date"))
        .values("month", "channel")
        .annotate(total=Sum("amount_mad"))
        .order_by()
    )
    amounts: dict[tuple[date, str], Decimal] = {}
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") and callable(month.date) else month
        amounts[(month, row["channel"])] = row["total"] or Decimal(0)
    table: list[dict[str, Any]] = []
    for month in months:
        per_channel = [amounts.get((month, channel), Decimal(0)) for channel in Channel.values]
        table.append(
            {"month": month, "amounts": per_channel, "total": sum(per_channel, start=Decimal(0))}
        )
    channel_totals = [
        sum((row["amounts"][i] for row in table), start=Decimal(0))
        for i in range(len(Channel.values))
    ]
    return {
        "months": table,
        "channels": [str(label) for label in Channel.labels],
        "channel_totals": channel_totals,
        "total": sum(channel_totals, start=Decimal(0)),
    }


def revenue_section(request: Any, organization: Any) -> Panel | None:
    """The organization's page: revenue by month and channel, for those who may see it."""
    if not permissions.can_see_sales(request.user, organization):
        return None
    revenue = monthly_revenue(organization.pk)
    chart = {
        "dir": "rtl" if is_rtl() else "ltr",
        "months": [date_format(row["month"], "YEAR_MONTH_FORMAT") for row in revenue["months"]],
        "series": [
            {"name": label, "data": [float(row["amounts"][i]) for row in revenue["months"]]}
            for i, label in enumerate(revenue["channels"])
        ],
    }
    return Panel(
        template="market/trade/sections/revenue.html",
        context={
            **revenue,
            "organization": organization,
            "chart": chart,
            "can_record": permissions.can_record_sales(request.user, organization),
        },
        order=40,
    )
