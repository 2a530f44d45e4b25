"""Property-based tests of the whole API from its OpenAPI document (schemathesis).

Against a seeded database, every operation is called with generated parameters as a
platform admin, as a cooperative manager and without a token; no response may be a
server error or break the documented schema (status codes, content type, body).
"""

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tiwizi.api.api import api
from tiwizi.api.tests.conftest import World
from tiwizi.impact.models import Indicator, Target


class TransactionalWsgiApp:
    """Django's WSGI application kept on the test's transaction: like the test client,
    it must not close the database connection when a request finishes."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


def _load_schema() -> Any:
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = TransactionalWsgiApp()
    return loaded


schema = _load_schema()


@pytest.fixture
def seeded(world: World) -> World:
    Target.objects.create(
        program=world.program, indicator=Indicator.objects.first(), year=2026, value=5
    )
    return world


@pytest.fixture
def tokens(seeded: World, token_for: Callable[..., str]) -> list[dict[str, str]]:
    """Headers of the callers: an admin, a cooperative manager, and no token."""
    return [
        {"Authorization": f"Bearer {token_for(seeded.platform_admin)}"},
        {"Authorization": f"Bearer {token_for(seeded.manager_a)}"},
        {},
    ]


# One pytest item per operation, with its own id: under pytest-xdist, schemathesis's own
# parametrization gives every item the same node id, and all but one are dropped.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize(
    "operation", OPERATIONS, ids=[f"{op.method.upper()} {op.path}" for op in OPERATIONS]
)
@override_settings(TIWIZI_API_RATE_LIMIT=100_000)
def test_api_conforms_to_its_schema(operation: Any, tokens: list[dict[str, str]]) -> None:
    # Valid requests, and requests that break the schema (which must get a 4xx).
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=16,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        for headers in tokens:
            # Left out: positive-data acceptance (a cursor is opaque: a string the schema
            # allows is still refused, 400 invalid_cursor, unless we issued it) and
            # negative-data rejection (unknown query parameters are ignored, as most HTTP
            # APIs do, rather than refused).
            case.call_and_validate(
                headers={**headers, "Accept-Language": "fr"},
                excluded_checks=[positive_data_acceptance, negative_data_rejection],
            )

    check()
