"""A small world for the API's tests: an NGO running a program with two cooperatives
(A and B) taking part, their members, managers, products, trade and sales; a funder, a
buyer, a course and a past session with people enrolled; and API tokens for anyone."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tiwizi.accounts.models import Role, User
from tiwizi.api import services as token_services
from tiwizi.geo.models import Commune
from tiwizi.market.models import Inquiry, Order, OrderLine, Product, Sale
from tiwizi.programs.models import Cohort, Participation, PartnerRole, Program
from tiwizi.registry.models import Membership, Organization, Person, Sector
from tiwizi.training import services as training_services
from tiwizi.training.models import Course, Enrollment, Session

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Any:
    """Rate-limit counts live in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


class ApiClient:
    """GET/PUT on /api/v1/ with a bearer token (or none) and a language."""

    def __init__(self, secret: str | None = None, language: str = "en") -> None:
        self.client = Client()
        self.headers = {"Accept-Language": language}
        if secret:
            self.headers["Authorization"] = f"Bearer {secret}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def token_for(db: None) -> Callable[..., str]:
    def make(user: User, **fields: Any) -> str:
        _token, secret = token_services.create_token(user, fields.pop("name", "test"), **fields)
        return secret

    return make


@pytest.fixture
def api(token_for: Callable[..., str]) -> Callable[..., ApiClient]:
    """api(user) -> a client authenticated with a fresh token of `user`; api() anonymous."""

    def make(user: User | None = None, language: str = "en") -> ApiClient:
        return ApiClient(token_for(user) if user else None, language)

    return make


def add_person(organization: Organization, **fields: Any) -> Person:
    n = next(_numbers)
    fields.setdefault("first_name_latin", f"Prénom{n}")
    fields.setdefault("last_name_latin", f"Nom{n}")
    fields.setdefault("sex", Person.Sex.FEMALE)
    person = Person.objects.create(**fields)
    Membership.objects.create(person=person, organization=organization)
    return person


def add_product(organization: Organization, **fields: Any) -> Product:
    fields.setdefault("name_fr", f"Produit {next(_numbers)}")
    fields.setdefault("category", Sector.objects.get(code="saffron"))
    fields.setdefault("unit", Product.Unit.G)
    fields.setdefault("price_mad", Decimal("35.00"))
    fields.setdefault("published", True)
    return Product.objects.create(organization=organization, **fields)


def add_order(seller: Organization, buyer: Organization, product: Product) -> Order:
    order = Order.objects.create(
        number=f"CMD-{next(_numbers):05d}", seller=seller, buyer=buyer,
        destination=Order.Destination.NATIONAL,
    )  # fmt: skip
    OrderLine.objects.create(
        order=order, product=product, quantity=Decimal("2"), unit_price_mad=Decimal("30.00")
    )
    return order


def add_sale(organization: Organization, amount: str = "100.00", **fields: Any) -> Sale:
    fields.setdefault("channel", Sale.Channel.LOCAL)
    fields.setdefault("date", timezone.localdate() - datetime.timedelta(days=3))
    return Sale.objects.create(organization=organization, amount_mad=Decimal(amount), **fields)


@dataclass
class World:
    ngo: Organization
    program: Program
    cohort: Cohort
    coop_a: Organization
    coop_b: Organization
    buyer_org: Organization
    alice: Person  # member of A
    bob: Person  # member of B
    program_manager: User
    trainer: User
    platform_admin: User
    manager_a: User
    manager_b: User
    funder: User
    buyer: User
    product_a: Product
    product_a_draft: Product
    product_b: Product
    inquiry_a: Inquiry
    order_a: Order
    order_b: Order
    sale_a: Sale
    sale_b: Sale
    course: Course
    session: Session


@pytest.fixture
def world(
    make_organization: Callable[..., Organization],
    make_user: Callable[..., User],
    ngo: Organization,
    program_manager: User,
    platform_admin: User,
) -> World:
    today = timezone.localdate()
    program = Program.objects.create(
        name_fr="Programme Safran Solidaire", status=Program.Status.ACTIVE,
        start_date=today - datetime.timedelta(days=365),
        end_date=today + datetime.timedelta(days=365),
    )  # fmt: skip
    PartnerRole.objects.create(program=program, organization=ngo, role=PartnerRole.Role.IMPLEMENTER)
    cohort = Cohort.objects.create(
        program=program, name="Cohorte 1", start_date=program.start_date,
        end_date=program.end_date,
    )  # fmt: skip
    coop_a = make_organization(name_fr="Coopérative Safran A", stewards=[ngo])
    coop_b = make_organization(name_fr="Coopérative Argan B", stewards=[ngo])
    for coop in (coop_a, coop_b):
        Participation.objects.create(
            cohort=cohort, organization=coop, status=Participation.Status.ACTIVE
        )
    fund = make_organization(Organization.Kind.INSTITUTION, name_fr="Fonds")
    PartnerRole.objects.create(program=program, organization=fund, role=PartnerRole.Role.FUNDER)
    buyer_org = make_organization(Organization.Kind.BUYER, name_fr="Épicerie Lyon", country="FR")
    alice = add_person(coop_a, first_name_latin="Alice", national_id="JB123456")
    bob = add_person(coop_b, first_name_latin="Bob", sex=Person.Sex.MALE)
    trainer = make_user(Role.TRAINER, ngo)
    product_a = add_product(coop_a, name_fr="Safran de Taliouine")
    product_b = add_product(coop_b, name_fr="Huile d'argan")
    course = training_services.create_course(
        program_manager,
        {"title_fr": "Comptabilité", "duration_hours": Decimal("6"), "languages": ["ar"]},
    )
    starts = timezone.now() - datetime.timedelta(days=2)
    session = training_services.schedule_session(
        program_manager,
        {"course": course, "cohort": cohort, "starts_at": starts,
         "ends_at": starts + datetime.timedelta(hours=3),
         "commune": Commune.objects.order_by("pk").first(), "trainer": trainer, "capacity": 30},
    )  # fmt: skip
    training_services.enroll_people(program_manager, session, [(alice, coop_a), (bob, coop_b)])
    return World(
        ngo=ngo, program=program, cohort=cohort, coop_a=coop_a, coop_b=coop_b,
        buyer_org=buyer_org, alice=alice, bob=bob,
        program_manager=program_manager, trainer=trainer, platform_admin=platform_admin,
        manager_a=make_user(Role.COOPERATIVE_MANAGER, coop_a),
        manager_b=make_user(Role.COOPERATIVE_MANAGER, coop_b),
        funder=make_user(Role.FUNDER, fund),
        buyer=make_user(Role.BUYER, buyer_org),
        product_a=product_a,
        product_a_draft=add_product(coop_a, name_fr="Safran brouillon", published=False),
        product_b=product_b,
        inquiry_a=Inquiry.objects.create(
            buyer=buyer_org, seller=coop_a, product=product_a, quantity=Decimal("5"),
            destination=Inquiry.Destination.EXPORT, country="FR",
        ),
        order_a=add_order(coop_a, buyer_org, product_a),
        order_b=add_order(coop_b, make_organization(Organization.Kind.BUYER), product_b),
        sale_a=add_sale(coop_a), sale_b=add_sale(coop_b),
        course=course, session=session,
    )  # fmt: skip


def enrollment_of(session: Session, person: Person) -> Enrollment:
    return Enrollment.objects.get(session=session, person=person)
