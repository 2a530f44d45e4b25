"""Fixtures of the market's tests (catalogue and trade halves share this file).

Trade: a producer (cooperative) with its manager and a published product, a buyer
organization abroad with its buyer login, and factories for inquiries and orders that
go through the real services.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tiwizi.accounts.models import Role, User
from tiwizi.market.models import Inquiry, Order, OrderStatus, Product
from tiwizi.market.trade import services
from tiwizi.registry.models import Organization, Sector

# --- Trade ---------------------------------------------------------------------------


@pytest.fixture
def make_trade_product(db: None) -> Callable[..., Product]:
    def make(organization: Organization, **fields: Any) -> Product:
        fields.setdefault("name_fr", "Safran en filaments")
        fields.setdefault("name_ar", "زعفران حر")
        fields.setdefault("category", Sector.objects.get(code="saffron"))
        fields.setdefault("unit", Product.Unit.G)
        fields.setdefault("price_mad", Decimal("35.00"))
        fields.setdefault("minimum_order", Decimal("100"))
        fields.setdefault("published", True)
        return Product.objects.create(organization=organization, **fields)

    return make


@pytest.fixture
def producer(make_organization: Callable[..., Organization], ngo: Organization) -> Organization:
    return make_organization(
        Organization.Kind.COOPERATIVE,
        name_fr="Coopérative Safran Taliouine",
        name_ar="تعاونية زعفران تالوين",
        ice="001234567000089",
        address="Douar Tinfat, Taliouine",
        stewards=[ngo],
    )


@pytest.fixture
def producer_manager(make_user: Callable[..., User], producer: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, producer, language="ar")


@pytest.fixture
def other_producer(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(Organization.Kind.COOPERATIVE, name_fr="Coopérative Ailleurs")


@pytest.fixture
def other_producer_manager(make_user: Callable[..., User], other_producer: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, other_producer)


@pytest.fixture
def trade_product(make_trade_product: Callable[..., Product], producer: Organization) -> Product:
    return make_trade_product(producer)


@pytest.fixture
def buyer_organization(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(
        Organization.Kind.BUYER,
        name_fr="Épices du Rhône",
        country="FR",
        address="12 quai Saint-Antoine, Lyon",
    )


@pytest.fixture
def buyer(make_user: Callable[..., User], buyer_organization: Organization) -> User:
    return make_user(Role.BUYER, buyer_organization, language="en")


@pytest.fixture
def other_buyer(make_user: Callable[..., User], make_organization: Callable[..., Any]) -> User:
    organization = make_organization(Organization.Kind.BUYER, name_fr="Autre acheteur")
    return make_user(Role.BUYER, organization)


@pytest.fixture
def trainer(make_user: Callable[..., User], ngo: Organization) -> User:
    return make_user(Role.TRAINER, ngo)


@pytest.fixture
def funder(make_user: Callable[..., User], make_organization: Callable[..., Any]) -> User:
    return make_user(Role.FUNDER, make_organization(Organization.Kind.NGO, name_fr="Fondation"))


@pytest.fixture
def make_inquiry(buyer: User, trade_product: Product) -> Callable[..., Inquiry]:
    def make(product: Product | None = None, by: User | None = None, **data: Any) -> Inquiry:
        user = by or buyer
        product = product or trade_product
        data.setdefault("quantity", product.minimum_order)
        data.setdefault("destination", "export")
        data.setdefault("country", "FR")
        data.setdefault("message", "Bonjour, quel est votre prix pour 500 g ?")
        organization = Organization.objects.get(pk=next(iter(user.organization_ids(Role.BUYER))))
        return services.send_inquiry(user, organization, product, data)

    return make


@pytest.fixture
def make_order(
    make_inquiry: Callable[..., Inquiry], producer_manager: User
) -> Callable[..., Order]:
    def make(status: str = OrderStatus.CONFIRMED, inquiry: Inquiry | None = None) -> Order:
        inquiry = inquiry or make_inquiry()
        order = services.create_order_from_inquiry(
            producer_manager,
            inquiry,
            [
                services.LineInput(
                    inquiry.product, inquiry.quantity, inquiry.product.price_mad or Decimal(1)
                )
            ],
        )
        path = {
            OrderStatus.CONFIRMED: [],
            OrderStatus.SHIPPED: [OrderStatus.SHIPPED],
            OrderStatus.DELIVERED: [OrderStatus.SHIPPED, OrderStatus.DELIVERED],
            OrderStatus.PAID: [OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.PAID],
            OrderStatus.CANCELLED: [OrderStatus.CANCELLED],
        }[OrderStatus(status)]
        for step in path:
            order = services.move_order(order, step, producer_manager)
        return order

    return make


# --- Catalogue -----------------------------------------------------------------------
# A saffron cooperative supported by the NGO (`ngo`), its manager, a cooperative manager
# of another organization (`outsider`), products made directly or through the service,
# and an isolated MEDIA_ROOT so that uploads never touch var/media.


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def cooperative(make_organization: Callable[..., Organization], ngo: Organization) -> Organization:
    return make_organization(
        Organization.Kind.COOPERATIVE,
        name_fr="Coopérative Safran Siroua",
        name_ar="تعاونية زعفران سيروا",
        description="Culture et séchage de safran du massif du Siroua.",
        stewards=[ngo],
    )


@pytest.fixture
def cooperative_manager(make_user: Callable[..., User], cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, cooperative)


@pytest.fixture
def outsider(make_user: Callable[..., User], make_organization: Callable[..., Any]) -> User:
    """The manager of another cooperative, which no common NGO supports."""
    return make_user(
        Role.COOPERATIVE_MANAGER,
        make_organization(Organization.Kind.COOPERATIVE, name_fr="Coopérative Voisine"),
    )


@pytest.fixture
def make_product(db: None, cooperative: Organization) -> Callable[..., Product]:
    def make(organization: Organization | None = None, **fields: Any) -> Product:
        fields.setdefault("name_fr", "Safran en filaments")
        fields.setdefault("category", Sector.objects.get(code=fields.pop("sector", "saffron")))
        fields.setdefault("unit", Product.Unit.G)
        fields.setdefault("price_mad", Decimal("32.00"))
        fields.setdefault("published", True)
        return Product.objects.create(organization=organization or cooperative, **fields)

    return make


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what services defer to after the commit (e-mails): tests run in a transaction."""
    return django_capture_on_commit_callbacks


# --- Language: messages are asserted in English, whatever the catalogues translate -----


@pytest.fixture(autouse=True)
def _english() -> Any:
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client: Any) -> Any:
    """Anonymous pages read in English unless a test asks for another language."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def client_for(client_for: Callable[[User], Any]) -> Callable[..., Any]:
    """The shared fixture, reading pages in English unless a test asks otherwise."""

    def make(user: User, language: str = "en") -> Any:
        signed_in = client_for(user)
        signed_in.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return signed_in

    return make
