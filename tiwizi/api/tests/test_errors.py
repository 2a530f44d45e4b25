"""One JSON error shape, with stable codes and messages in the request's language."""

from collections.abc import Callable

import pytest
from django.test import override_settings
from django.utils import translation

from tiwizi.api.tests.conftest import ApiClient, World


def assert_error_shape(body: dict, code: str) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_status_codes_share_one_shape(world: World, api: Callable[..., ApiClient]) -> None:
    client = api(world.manager_a)
    cases = [
        (client.get("/organizations", limit="x"), 400, "invalid"),
        (ApiClient().get("/organizations"), 401, "not_authenticated"),
        (api(world.funder).get("/people"), 403, "permission_denied"),
        (client.get("/organizations/999999"), 404, "not_found"),
        (client.get("/no-such-endpoint"), 404, "not_found"),
        (client.post("/organizations", {}), 405, "method_not_allowed"),
    ]
    for response, status, code in cases:
        assert response.status_code == status
        assert response["Content-Type"].startswith("application/json")
        assert_error_shape(response.json(), code)


def test_validation_details_name_the_field(world: World, api: Callable[..., ApiClient]) -> None:
    response = api(world.program_manager).get("/sessions", **{"from": "yesterday"})
    details = response.json()["error"]["details"]
    assert details == [{"loc": ["query", "from"], "message": "Enter a valid date.",
                        "code": "date_parsing"}]  # fmt: skip


def test_body_that_is_not_json_is_400(world: World, api: Callable[..., ApiClient]) -> None:
    client = api(world.trainer)
    response = client.client.put(
        f"/api/v1/sessions/{world.session.pk}/attendance", "{not json",
        content_type="application/json", headers=client.headers,
    )  # fmt: skip
    assert response.status_code == 400
    assert_error_shape(response.json(), "invalid")


@pytest.mark.parametrize(
    ("language", "denied"),
    [("en", "Access denied"), ("fr", "Accès refusé"), ("ar", None)],
)
def test_messages_follow_accept_language(
    world: World, api: Callable[..., ApiClient], language: str, denied: str | None
) -> None:
    client = api(world.trainer, language=language)
    response = client.put(f"/sessions/{world.session.pk}/attendance", {"rows": [{}]})
    assert response.status_code == 400
    assert response["Content-Language"] == language
    body = response.json()["error"]
    details = {detail["message"] for detail in body["details"]}
    forbidden = api(world.funder, language=language).get("/people").json()["error"]
    with translation.override(language):
        # Django's own form message, already in the Arabic and French catalogues.
        assert details == {translation.gettext("This field is required.")}
        assert body["message"] == translation.gettext("The request is not valid: see the details.")
        assert forbidden["message"] == translation.gettext("Access denied")
    if language != "en":
        assert details != {"This field is required."}
    if denied:
        assert forbidden["message"] == denied


def test_profile_language_applies_without_accept_language(
    world: World, token_for: Callable[..., str]
) -> None:
    world.funder.language = "fr"
    world.funder.save()
    client = ApiClient(token_for(world.funder))
    del client.headers["Accept-Language"]
    response = client.get("/people")
    assert response.json()["error"]["message"] == "Accès refusé"
    assert response["Content-Language"] == "fr"


@override_settings(DEBUG=False)
def test_unexpected_error_is_a_safe_500(
    world: World, api: Callable[..., ApiClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiwizi.api import registry

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(registry, "_organizations", explode)
    response = api(world.manager_a).get("/organizations")
    assert response.status_code == 500
    assert_error_shape(response.json(), "server_error")
    assert "secret internals" not in response.content.decode()
