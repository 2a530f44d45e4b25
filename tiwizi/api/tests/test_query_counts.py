"""Every list endpoint runs the same number of queries for 3 rows as for 30."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tiwizi.api.tests.conftest import ApiClient, World, add_order, add_person, add_product, add_sale
from tiwizi.coaching.models import CoachingPlan, Visit
from tiwizi.events.models import Event
from tiwizi.impact.models import PeriodicReport
from tiwizi.market.models import Inquiry, Label
from tiwizi.programs.models import Cohort, Participation
from tiwizi.registry.models import Organization, Sector
from tiwizi.training.models import Session


def _organizations(world: World, n: int) -> None:
    for i in range(n):
        org = Organization.objects.create(kind="cooperative", name_fr=f"Coop {n}-{i}")
        org.sectors.set(Sector.objects.all()[:2])


def _people(world: World, n: int) -> None:
    for _ in range(n):
        add_person(world.coop_a)


def _products(world: World, n: int) -> None:
    for _ in range(n):
        product = add_product(world.coop_a)
        Label.objects.create(product=product, kind="organic", name="Ecocert")


def _orders(world: World, n: int) -> None:
    for _ in range(n):
        add_order(world.coop_a, world.buyer_org, world.product_a)


def _sales(world: World, n: int) -> None:
    for _ in range(n):
        add_sale(world.coop_a)


def _inquiries(world: World, n: int) -> None:
    for _ in range(n):
        Inquiry.objects.create(buyer=world.buyer_org, seller=world.coop_a,
                               product=world.product_a, quantity=Decimal(1),
                               destination="export", country="FR")  # fmt: skip


def _sessions(world: World, n: int) -> None:
    for i in range(n):
        starts = timezone.now() - datetime.timedelta(days=i + 3)
        Session.objects.create(course=world.course, cohort=world.cohort, starts_at=starts,
                               ends_at=starts + datetime.timedelta(hours=2),
                               commune=world.session.commune, capacity=10,
                               trainer=world.trainer)  # fmt: skip


def _participations(world: World, n: int) -> None:
    for i in range(n):
        cohort = Cohort.objects.create(program=world.program, name=f"C{n}-{i}",
                                       start_date=world.program.start_date,
                                       end_date=world.program.end_date)  # fmt: skip
        Participation.objects.create(cohort=cohort, organization=world.coop_a)


def _visits(world: World, n: int) -> None:
    plan, _created = CoachingPlan.objects.get_or_create(
        program=world.program, organization=world.coop_a,
        defaults={"coach": world.trainer, "start_date": world.program.start_date,
                  "end_date": world.program.end_date},
    )  # fmt: skip
    for i in range(n):
        Visit.objects.create(plan=plan, date=timezone.localdate() - datetime.timedelta(days=i),
                             duration_minutes=60, topics="Comptes")  # fmt: skip


def _events(world: World, n: int) -> None:
    for i in range(n):
        start = timezone.now() + datetime.timedelta(days=i)
        event = Event.objects.create(kind="workshop", title_fr=f"Atelier {i}", start=start,
                                     end=start + datetime.timedelta(hours=2),
                                     program=world.program)  # fmt: skip
        event.organizers.set([world.ngo])


def _reports(world: World, n: int) -> None:
    first = PeriodicReport.objects.count()
    for i in range(first, first + n):
        PeriodicReport.objects.create(organization=world.coop_a, year=2000 + i, quarter=None)


CASES: list[tuple[str, Callable[[World, int], None]]] = [
    ("/organizations", _organizations),
    ("/people", _people),
    ("/products", _products),
    ("/orders", _orders),
    ("/sales", _sales),
    ("/inquiries", _inquiries),
    ("/sessions", _sessions),
    ("/participations", _participations),
    ("/cohorts", _participations),
    ("/coaching/visits", _visits),
    ("/events", _events),
    ("/periodic-reports", _reports),
    ("/memberships", _people),
]


def _count(client: ApiClient, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, limit=200)
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["items"])


@pytest.mark.parametrize(("path", "add_rows"), CASES, ids=[path for path, _f in CASES])
def test_list_queries_do_not_grow_with_rows(
    world: World, api: Callable[..., ApiClient], path: str, add_rows: Any
) -> None:
    client = api(world.platform_admin)
    client.get("/indicators")  # the token's first use is recorded once: not counted below
    add_rows(world, 3)
    small_queries, small_items = _count(client, path)
    add_rows(world, 27)
    large_queries, large_items = _count(client, path)
    assert large_items >= small_items + 27
    assert large_queries == small_queries
    assert large_queries <= 8
