"""Tokens: created hashed, shown once, revoked; Bearer authentication on the API."""

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from tiwizi.api import services
from tiwizi.api.models import ApiToken, hash_secret
from tiwizi.api.tests.conftest import ApiClient, World


def test_token_is_stored_hashed_with_its_prefix(world: World) -> None:
    token, secret = services.create_token(world.manager_a, "ERP")
    assert token.key_hash == hash_secret(secret) != secret
    assert token.prefix == secret[:8]
    assert not ApiToken.objects.filter(key_hash=secret).exists()


def test_request_without_token_is_401_json(world: World) -> None:
    response = ApiClient().get("/organizations")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_invalid_token_is_401(world: World) -> None:
    response = ApiClient("not-a-real-token").get("/organizations")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_wrong_scheme_is_401(world: World, token_for: Callable[..., str]) -> None:
    client = ApiClient()
    client.headers["Authorization"] = f"Token {token_for(world.manager_a)}"
    assert client.get("/organizations").status_code == 401


def test_revoked_token_is_401(world: World) -> None:
    token, secret = services.create_token(world.manager_a, "ERP")
    assert ApiClient(secret).get("/organizations").status_code == 200
    services.revoke_token(token)
    response = ApiClient(secret).get("/organizations")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_expired_token_is_401(world: World) -> None:
    _token, secret = services.create_token(
        world.manager_a, "old", timezone.now() - datetime.timedelta(seconds=1)
    )
    assert ApiClient(secret).get("/organizations").status_code == 401


def test_token_of_deactivated_user_is_401(world: World, token_for: Callable[..., str]) -> None:
    secret = token_for(world.manager_a)
    world.manager_a.is_active = False
    world.manager_a.save()
    assert ApiClient(secret).get("/organizations").status_code == 401


def test_use_is_recorded(world: World) -> None:
    token, secret = services.create_token(world.manager_a, "ERP")
    ApiClient(secret).get("/organizations")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_invalid_token_on_public_endpoint_is_401(world: World) -> None:
    assert ApiClient().get("/products").status_code == 200
    assert ApiClient("forged").get("/products").status_code == 401


# The token pages


def test_token_page_creates_and_shows_secret_once(world: World, client_for: Any) -> None:
    client = client_for(world.manager_a)
    response = client.post("/api/tokens/", {"name": "Outil S&E", "lifetime": "30"})
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get(user=world.manager_a)
    assert token.key_hash == hash_secret(secret)
    assert token.expires_at is not None
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    again = client.get("/api/tokens/")
    assert secret not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_token_page_refuses_blank_name(world: World, client_for: Any) -> None:
    response = client_for(world.manager_a).post("/api/tokens/", {"name": "  ", "lifetime": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_revoke_asks_confirmation_then_revokes(world: World, client_for: Any) -> None:
    token, secret = services.create_token(world.manager_a, "ERP")
    client = client_for(world.manager_a)
    page = client.get(f"/api/tokens/{token.pk}/revoke/")
    assert page.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(secret).get("/organizations").status_code == 401


def test_cannot_revoke_another_users_token(world: World, client_for: Any) -> None:
    token, _secret = services.create_token(world.manager_b, "ERP")
    client = client_for(world.manager_a)
    assert client.get(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_page_needs_sign_in(db: None, client: Any) -> None:
    response = client.get("/api/tokens/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
