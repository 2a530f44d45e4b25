"""Keyset pagination and the filters of the list endpoints."""

import base64
import datetime
from collections.abc import Callable

import pytest

from tiwizi.api.pagination import decode_cursor, encode_cursor
from tiwizi.api.tests.conftest import ApiClient, World, add_person, add_sale
from tiwizi.market.models import Sale
from tiwizi.registry.models import Organization


def test_cursor_walks_every_item_exactly_once(
    world: World, api: Callable[..., ApiClient], make_organization: Callable[..., Organization]
) -> None:
    for _ in range(11):
        make_organization()
    client = api(world.platform_admin)
    expected = set(Organization.objects.active().values_list("id", flat=True))
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        body = client.get("/organizations", **params).json()
        assert len(body["items"]) <= 4
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
    assert sorted(seen) == seen
    assert len(seen) == len(set(seen))
    assert set(seen) == expected
    assert pages == -(-len(expected) // 4)


def test_last_page_has_no_next(world: World, api: Callable[..., ApiClient]) -> None:
    body = api(world.manager_a).get("/organizations", limit=200).json()
    assert body["next"] is None


@pytest.mark.parametrize(
    "cursor",
    ["garbage!", base64.urlsafe_b64encode(b'{"x":1}').decode(),
     base64.urlsafe_b64encode(b"[-4]").decode(), base64.urlsafe_b64encode(b'["1"]').decode()],
)  # fmt: skip
def test_bad_cursor_is_400(world: World, api: Callable[..., ApiClient], cursor: str) -> None:
    response = api(world.manager_a).get("/organizations", cursor=cursor)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_cursor"
    assert error["details"][0]["loc"] == ["query", "cursor"]


def test_cursor_round_trip() -> None:
    assert decode_cursor(encode_cursor(12345)) == 12345


@pytest.mark.parametrize("limit", [0, 201, "many"])
def test_limit_out_of_range_is_400(
    world: World, api: Callable[..., ApiClient], limit: object
) -> None:
    response = api(world.manager_a).get("/organizations", limit=limit)
    assert response.status_code == 400
    detail = response.json()["error"]["details"][0]
    assert detail["loc"] == ["query", "limit"]


def test_organization_filters(
    world: World, api: Callable[..., ApiClient], make_organization: Callable[..., Organization]
) -> None:
    client = api(world.platform_admin)
    assert ids_of(client.get("/organizations", q="argan")) == {world.coop_b.pk}
    assert world.buyer_org.pk in ids_of(client.get("/organizations", kind="buyer"))
    assert world.coop_a.pk not in ids_of(client.get("/organizations", kind="buyer"))
    dormant = make_organization(status=Organization.Status.DORMANT)
    assert ids_of(client.get("/organizations", status="dormant")) == {dormant.pk}


def test_people_filters(world: World, api: Callable[..., ApiClient]) -> None:
    add_person(world.coop_a, first_name_latin="Hassan", sex="male")
    client = api(world.program_manager)
    assert ids_of(client.get("/people", organization=world.coop_b.pk)) == {world.bob.pk}
    assert world.alice.pk not in ids_of(client.get("/people", sex="male"))
    assert ids_of(client.get("/people", q="alice")) == {world.alice.pk}


def test_session_date_filters(world: World, api: Callable[..., ApiClient]) -> None:
    client = api(world.program_manager)
    day = world.session.starts_at.date()
    assert ids_of(client.get("/sessions", **{"from": day.isoformat()})) == {world.session.pk}
    later = (day + datetime.timedelta(days=1)).isoformat()
    assert ids_of(client.get("/sessions", **{"from": later})) == set()
    assert ids_of(client.get("/sessions", course=world.course.pk)) == {world.session.pk}


def test_sale_filters(world: World, api: Callable[..., ApiClient]) -> None:
    export = add_sale(world.coop_a, "500.00", channel=Sale.Channel.EXPORT, country="FR")
    client = api(world.manager_a)
    assert ids_of(client.get("/sales", channel="export")) == {export.pk}
    assert ids_of(client.get("/sales", organization=world.coop_b.pk)) == set()
    future = (export.date + datetime.timedelta(days=1)).isoformat()
    assert ids_of(client.get("/sales", **{"from": future})) == set()


def test_product_filters(world: World, api: Callable[..., ApiClient]) -> None:
    client = ApiClient()
    assert ids_of(client.get("/products", q="argan")) == {world.product_b.pk}
    assert ids_of(client.get("/products", organization=world.coop_a.pk)) == {world.product_a.pk}
    assert ids_of(client.get("/products", label="organic")) == set()


def ids_of(response: object) -> set[int]:
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    return {item["id"] for item in response.json()["items"]}  # type: ignore[attr-defined]
