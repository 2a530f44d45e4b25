"""Rate limiting: 429 with Retry-After past the limit, counted per token or address."""

from collections.abc import Callable

from django.test import override_settings

from tiwizi.api.tests.conftest import ApiClient, World


@override_settings(TIWIZI_API_RATE_LIMIT=3)
def test_fourth_request_in_a_minute_is_429(world: World, api: Callable[..., ApiClient]) -> None:
    client = api(world.manager_a)
    for _ in range(3):
        assert client.get("/organizations").status_code == 200
    response = client.get("/organizations")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another token has its own count.
    assert api(world.manager_b).get("/organizations").status_code == 200


@override_settings(TIWIZI_API_RATE_LIMIT=2)
def test_anonymous_requests_are_counted_per_address(world: World) -> None:
    client = ApiClient()
    assert client.get("/products").status_code == 200
    assert client.get("/products").status_code == 200
    response = client.get("/products")
    assert response.status_code == 429
    assert "Retry-After" in response
    other = ApiClient()
    assert other.client.get("/api/v1/products", REMOTE_ADDR="10.0.0.9").status_code == 200
