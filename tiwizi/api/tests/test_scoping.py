"""A token sees exactly what its user sees: the same visible_to(user) querysets."""

from collections.abc import Callable
from typing import Any

from tiwizi.api.tests.conftest import ApiClient, World


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_cooperative_manager_sees_none_of_another_cooperative(
    world: World, api: Callable[..., ApiClient]
) -> None:
    client = api(world.manager_a)
    assert ids(client.get("/organizations")) == {world.coop_a.pk}
    assert ids(client.get("/people")) == {world.alice.pk}
    assert ids(client.get("/orders")) == {world.order_a.pk}
    assert ids(client.get("/sales")) == {world.sale_a.pk}
    assert ids(client.get("/inquiries")) == {world.inquiry_a.pk}
    for path in (
        f"/organizations/{world.coop_b.pk}",
        f"/people/{world.bob.pk}",
        f"/orders/{world.order_b.pk}",
        f"/sales/{world.sale_b.pk}",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/products/{world.product_a_draft.pk}").status_code == 200
    other = api(world.manager_b)
    response = other.get(f"/products/{world.product_a_draft.pk}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_person_memberships_show_only_visible_organizations(
    world: World, api: Callable[..., ApiClient]
) -> None:
    from tiwizi.registry.models import Membership

    Membership.objects.create(person=world.alice, organization=world.coop_b)
    person = api(world.manager_a).get(f"/people/{world.alice.pk}").json()
    assert {m["organization_id"] for m in person["memberships"]} == {world.coop_a.pk}


def test_national_id_is_masked(world: World, api: Callable[..., ApiClient]) -> None:
    person = api(world.manager_a).get(f"/people/{world.alice.pk}").json()
    assert person["national_id_masked"] == "JB••••56"
    assert "JB123456" not in str(person)


def test_funders_get_no_people(world: World, api: Callable[..., ApiClient]) -> None:
    client = api(world.funder)
    for path in ("/people", f"/people/{world.alice.pk}", "/memberships"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert response.json()["error"]["code"] == "permission_denied"
    # They do see the program and its participating organizations (no person in them).
    assert ids(client.get("/programs")) == {world.program.pk}
    assert ids(client.get("/sessions")) == set()
    assert ids(client.get("/sales")) == set()


def test_buyers_see_only_their_trade(world: World, api: Callable[..., ApiClient]) -> None:
    client = api(world.buyer)
    assert client.get("/people").status_code == 403
    assert ids(client.get("/inquiries")) == {world.inquiry_a.pk}
    assert ids(client.get("/orders")) == {world.order_a.pk}
    assert ids(client.get("/sales")) == set()
    assert ids(client.get("/products")) == {world.product_a.pk, world.product_b.pk}


def test_staff_see_supported_organizations(world: World, api: Callable[..., ApiClient]) -> None:
    client = api(world.program_manager)
    assert {world.coop_a.pk, world.coop_b.pk} <= ids(client.get("/organizations"))
    assert ids(client.get("/people")) == {world.alice.pk, world.bob.pk}
    assert ids(client.get("/sessions")) == {world.session.pk}


def test_products_are_public_and_drafts_private(
    world: World, api: Callable[..., ApiClient]
) -> None:
    public = ids(ApiClient().get("/products"))
    assert public == {world.product_a.pk, world.product_b.pk}
    assert ApiClient().get(f"/products/{world.product_a_draft.pk}").status_code == 404
    staff = ids(api(world.manager_a).get("/products"))
    assert staff == {world.product_a.pk, world.product_b.pk, world.product_a_draft.pk}
    assert ids(api(world.manager_a).get("/products", published="false")) == {
        world.product_a_draft.pk
    }


def test_cooperative_manager_sees_own_session_people_only(
    world: World, api: Callable[..., ApiClient]
) -> None:
    sheet = api(world.manager_a).get(f"/sessions/{world.session.pk}/attendance").json()
    assert [row["person_id"] for row in sheet["rows"]] == [world.alice.pk]


def test_platform_admin_sees_everything(world: World, api: Callable[..., ApiClient]) -> None:
    client = api(world.platform_admin)
    assert {world.alice.pk, world.bob.pk} <= ids(client.get("/people"))
    assert ids(client.get("/orders")) == {world.order_a.pk, world.order_b.pk}
