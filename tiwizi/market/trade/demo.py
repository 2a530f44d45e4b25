"""Demo data of the trade side: buyers at home and abroad, their inquiries and threads,
orders in every status, and a year of sales for the demo cooperatives.

Runs after the catalogue demo and uses the published products it made (whatever they
are: it picks them in a fixed order). Idempotent: every row has a stable demo key
(`_upsert`), draws come from `random.Random` with a fixed seed in a fixed order, and
dates are counted back from today, as in the rest of the demo.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tiwizi.accounts.models import Role, User
from tiwizi.demo import data
from tiwizi.demo.models import DemoRecord
from tiwizi.demo.records import LoadReport, _upsert
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
from tiwizi.market.trade.panels import _first_months
from tiwizi.market.trade.services import record_sales_for_paid_order
from tiwizi.registry.models import Organization

SEED = data.SEED + 5
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class BuyerSpec:
    key: str
    name_fr: str
    name_ar: str
    country: str
    address: str
    email: str
    phone: str
    language: str  # the language its messages are written in


BUYERS = (
    BuyerSpec(
        "lyon-epices", "Épices & Terroirs du Rhône", "", "FR",
        "14 quai Saint-Antoine, 69002 Lyon", "achats@epices-rhone.example",
        "+33478425510", "fr",
    ),
    BuyerSpec(
        "dubai-oasis", "Oasis Gourmet Trading", "أواسيس للتجارة الراقية", "AE",
        "Al Quoz Industrial 3, Dubai", "procurement@oasis-gourmet.example",
        "+97143388120", "ar",
    ),
    BuyerSpec(
        "montreal-souk", "Le Petit Souk de Montréal", "", "CA",
        "4510 rue Saint-Denis, Montréal (QC)", "bonjour@petitsouk.example",
        "+15145550134", "fr",
    ),
    BuyerSpec(
        "marrakech-riad", "Riad Zitoun Hôtel & Spa", "رياض الزيتون", "MA",
        "Derb Zitoun, Médina, Marrakech", "economat@riad-zitoun.example",
        "+212524391020", "ar",
    ),
)  # fmt: skip

# (status of the inquiry, status of its order or None), in the order they are made.
SCENARIOS = (
    (Inquiry.Status.ORDERED, OrderStatus.PAID),
    (Inquiry.Status.OPEN, None),
    (Inquiry.Status.ORDERED, OrderStatus.SHIPPED),
    (Inquiry.Status.ANSWERED, None),
    (Inquiry.Status.ORDERED, OrderStatus.CONFIRMED),
    (Inquiry.Status.ORDERED, OrderStatus.PAID),
    (Inquiry.Status.CLOSED, None),
    (Inquiry.Status.ORDERED, OrderStatus.DELIVERED),
    (Inquiry.Status.OPEN, None),
    (Inquiry.Status.ORDERED, OrderStatus.CANCELLED),
    (Inquiry.Status.ORDERED, OrderStatus.PAID),
    (Inquiry.Status.ANSWERED, None),
    (Inquiry.Status.ORDERED, OrderStatus.PAID),
    (Inquiry.Status.OPEN, None),
)

# Short threads, per language: the buyer asks, the producer answers, the buyer replies.
THREADS = {
    "fr": (
        "Bonjour, pouvez-vous nous envoyer un échantillon et vos délais de livraison ?",
        "Bonjour, oui : échantillon envoyé cette semaine, livraison sous 15 jours.",
        "Merci, nous attendons l'échantillon pour confirmer.",
    ),
    "ar": (
        "السلام عليكم، هل يمكنكم تزويدنا بعينة ومدة التسليم؟",
        "وعليكم السلام، نعم، سنرسل العينة هذا الأسبوع والتسليم خلال 15 يوما.",
        "شكرا، ننتظر العينة لتأكيد الطلب.",
    ),
    "en": (
        "Hello, could you send a sample and tell us your lead time?",
        "Hello, yes: the sample leaves this week, delivery within 15 days.",
        "Thank you, we will confirm once the sample arrives.",
    ),
}
FIRST_MESSAGES = {
    "fr": "Nous cherchons un fournisseur régulier pour notre boutique.",
    "ar": "نبحث عن مورد منتظم لمتجرنا.",
    "en": "We are looking for a regular supplier for our shops.",
}
# Manual sales: where a cooperative sells outside the platform.
MANUAL_OUTLETS = {
    "local": ("Souk hebdomadaire", "Vente à la coopérative", "Boutique du village"),
    "national": (
        "Salon de l'agriculture (SIAM), Meknès",
        "Magasin solidaire, Rabat",
        "Foire régionale, Ouarzazate",
    ),
    "export": ("Salon Biofach, Nuremberg", "Commande directe d'un importateur"),
}
EXPORT_COUNTRIES = ("FR", "DE", "ES", "BE", "AE", "CA")


def _organization(key: str) -> Organization | None:
    record = DemoRecord.objects.filter(key=f"organization:{key}").first()
    return Organization.objects.filter(pk=record.object_id).first() if record else None


def _buyers(report: LoadReport) -> list[tuple[Organization, str]]:
    """(organization, language of its messages), the existing Casablanca buyer first."""
    buyers: list[tuple[Organization, str]] = []
    atlas = _organization(data.BUYER.key)
    if atlas is not None:
        buyers.append((atlas, "fr"))
    for spec in BUYERS:
        organization = _upsert(
            report,
            Organization,
            {
                "kind": Organization.Kind.BUYER,
                "name_fr": spec.name_fr,
                "name_ar": spec.name_ar,
                "country": spec.country,
                "address": spec.address,
                "email": spec.email,
                "phone": spec.phone,
                "description": "",
            },
            key=f"organization:trade-{spec.key}",
            natural={"kind": Organization.Kind.BUYER, "email": spec.email},
            clean=True,
        )
        buyers.append((organization, spec.language))
    return buyers


def _producers() -> list[tuple[str, Organization]]:
    """(demo key, organization) of the demo cooperatives and GIEs, in the data's order."""
    found = [(spec.key, _organization(spec.key)) for spec in data.COOPERATIVES + data.GIES]
    return [(key, organization) for key, organization in found if organization is not None]


def _manager_of(organization: Organization) -> User | None:
    return (
        User.objects.filter(
            grants__organization=organization, grants__role=Role.COOPERATIVE_MANAGER
        )
        .order_by("pk")
        .first()
    )


def _buyer_login(organization: Organization) -> User | None:
    return (
        User.objects.filter(grants__organization=organization, grants__role=Role.BUYER)
        .order_by("pk")
        .first()
    )


def _quantity(product: Product, rng: random.Random) -> Decimal:
    return (product.minimum_order * rng.choice((1, 2, 3, 5, 10))).quantize(Decimal("0.001"))


def _price(product: Product, rng: random.Random) -> Decimal:
    base = product.price_mad if product.price_mad else Decimal(rng.randint(40, 400))
    # Volume discounts: the agreed price is a little under the catalogue's.
    return (base * Decimal(rng.choice(("0.90", "0.95", "1.00")))).quantize(Decimal("0.01"))


def _order_dates(status: str, index: int, today: datetime.date) -> dict[str, Any]:
    confirmed = today - (40 + 9 * index) * DAY
    dates: dict[str, Any] = {
        "confirmed_on": confirmed,
        "shipped_on": None,
        "delivered_on": None,
        "paid_on": None,
        "cancelled_on": None,
    }
    reached = {
        OrderStatus.CONFIRMED: (),
        OrderStatus.SHIPPED: ("shipped_on",),
        OrderStatus.DELIVERED: ("shipped_on", "delivered_on"),
        OrderStatus.PAID: ("shipped_on", "delivered_on", "paid_on"),
        OrderStatus.CANCELLED: ("cancelled_on",),
    }[OrderStatus(status)]
    for step, name in enumerate(reached, start=1):
        dates[name] = min(confirmed + 8 * step * DAY, today)
    return dates


def _trade(report: LoadReport, rng: random.Random, today: datetime.date) -> None:
    buyers = _buyers(report)
    producers = [organization for _key, organization in _producers()]
    catalogue = {
        organization.pk: list(
            Product.objects.filter(organization=organization, published=True).order_by("pk")
        )
        for organization in producers
    }
    sellers = [organization for organization in producers if catalogue[organization.pk]]
    if not buyers or not sellers:
        return  # the catalogue demo made no products: nothing to trade
    for index, (inquiry_status, order_status) in enumerate(SCENARIOS):
        # The Casablanca buyer (buyer@tiwizi.ma) and the demo cooperative's manager
        # (cooperative@tiwizi.ma) take part in every other inquiry, so both logins have
        # open inquiries and orders at every step.
        others = buyers[1:] or buyers
        buyer, language = buyers[0] if index % 2 == 0 else others[(index // 2) % len(others)]
        seller = sellers[0] if index % 2 == 0 else sellers[rng.randrange(len(sellers))]
        product = catalogue[seller.pk][rng.randrange(len(catalogue[seller.pk]))]
        abroad = str(buyer.country) != "MA"
        buyer_login, manager = _buyer_login(buyer), _manager_of(seller)
        inquiry = _upsert(
            report,
            Inquiry,
            {
                "buyer_id": buyer.pk,
                "seller_id": seller.pk,
                "product_id": product.pk,
                "quantity": _quantity(product, rng),
                "destination": "export" if abroad else "national",
                "country": str(buyer.country),
                "message": FIRST_MESSAGES[language],
                "status": inquiry_status,
                "created_by_id": buyer_login.pk if buyer_login else None,
            },
            key=f"trade:inquiry:{index}",
            clean=True,
        )
        # Answered and ordered inquiries have a thread; closed ones stopped after a reply.
        thread_length = {"open": 1, "answered": 2, "closed": 2, "ordered": 3}[inquiry_status]
        for position, body in enumerate(THREADS[language][:thread_length]):
            from_buyer = position % 2 == 0
            author = buyer_login if from_buyer else manager
            _upsert(
                report,
                InquiryMessage,
                {
                    "inquiry_id": inquiry.pk,
                    "author_id": author.pk if author else None,
                    "from_buyer": from_buyer,
                    "body": body,
                },
                key=f"trade:inquiry:{index}:message:{position}",
            )
        if order_status is not None:
            _order(report, rng, index, inquiry, order_status, manager, catalogue[seller.pk], today)


def _order(
    report: LoadReport,
    rng: random.Random,
    index: int,
    inquiry: Inquiry,
    status: str,
    manager: User | None,
    products: list[Product],
    today: datetime.date,
) -> None:
    dates = _order_dates(status, index, today)
    number = f"TWZ-{dates['confirmed_on'].year}-9{index:04d}"  # a range of its own
    order = _upsert(
        report,
        Order,
        {
            "number": number,
            "inquiry_id": inquiry.pk,
            "seller_id": inquiry.seller_id,
            "buyer_id": inquiry.buyer_id,
            "destination": inquiry.destination,
            "country": str(inquiry.country),
            "status": status,
            **dates,
            "notes": "",
            "created_by_id": manager.pk if manager else None,
        },
        key=f"trade:order:{index}",
        clean=True,
    )
    lines = [(inquiry.product, inquiry.quantity)]
    others = [p for p in products if p.pk != inquiry.product_id]
    if others and rng.random() < 0.5:
        extra = others[rng.randrange(len(others))]
        lines.append((extra, _quantity(extra, rng)))
    for position, (product, quantity) in enumerate(lines):
        _upsert(
            report,
            OrderLine,
            {
                "order_id": order.pk,
                "product_id": product.pk,
                "quantity": quantity,
                "unit_price_mad": _price(product, rng),
            },
            key=f"trade:order:{index}:line:{position}",
        )
    if status == OrderStatus.PAID:
        for _sale in record_sales_for_paid_order(order, manager):
            report.count(Sale, "created")


def _manual_sales(report: LoadReport, rng: random.Random, today: datetime.date) -> None:
    """A year of sales made outside the platform, for every demo producer."""
    for key, organization in _producers():
        products = list(Product.objects.filter(organization=organization).order_by("pk"))
        for month_index, first in enumerate(_first_months(today, 12)):
            for number in range(rng.randint(1, 4)):
                channel = rng.choices(("local", "national", "export"), weights=(6, 3, 1))[0]
                last_day = (
                    today.day if (first.year, first.month) == (today.year, today.month) else 28
                )
                day = first.replace(day=rng.randint(1, last_day))
                product = products[rng.randrange(len(products))] if products else None
                amount = Decimal(rng.randint(3, 120) * 50)
                _upsert(
                    report,
                    Sale,
                    {
                        "organization_id": organization.pk,
                        "date": day,
                        "channel": channel,
                        "country": rng.choice(EXPORT_COUNTRIES) if channel == "export" else "MA",
                        "product_id": product.pk if product else None,
                        "description": rng.choice(MANUAL_OUTLETS[channel]),
                        "quantity": None,
                        "amount_mad": amount,
                        "source": SaleSource.MANUAL,
                    },
                    key=f"trade:sale:{key}:{month_index}:{number}",
                    clean=True,
                )


def load_trade_demo(report: Any) -> None:
    """Idempotent: loading twice changes nothing (see tiwizi/demo/records.py)."""
    today = timezone.localdate()
    rng = random.Random(SEED)  # noqa: S311 (demo data, not secrets)
    _trade(report, rng, today)
    # A separate stream: the sales do not shift when the trade scenarios change.
    _manual_sales(report, random.Random(SEED + 1), today)  # noqa: S311
