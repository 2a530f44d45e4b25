"""The OpenAPI document and the documentation page (vendored, no external address)."""

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client

# The official OpenAPI 3.1 meta-schema, as bundled with schemathesis.
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR


def test_openapi_document_is_valid(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    errors = [str(error) for error in OPENAPI_31_VALIDATOR.iter_errors(document)]
    assert errors == []
    assert document["info"]["title"] == "Tiwizi API"
    paths = document["paths"]
    expected = ["/organizations", "/people", "/sessions/{session_id}/attendance", "/products",
                "/sales", "/programs/{program_id}/results"]  # fmt: skip
    for path in expected:
        assert f"/api/v1{path}" in paths
    assert "put" in paths["/api/v1/sessions/{session_id}/attendance"]
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_docs_page_uses_vendored_assets_only(db: None) -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "external address in the page"
    assert "<script>" not in html  # no inline script (CSP)
    assets = re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html)
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in assets
    assert "vendor/swagger-ui/swagger-ui.css" in assets
    for asset in assets:
        found = [Path(d) / asset for d in settings.STATICFILES_DIRS] + [
            Path(settings.BASE_DIR) / "tiwizi/api/static" / asset
        ]
        assert any(path.is_file() for path in found), asset
    assert "Content-Security-Policy" in response
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_profile_links_to_tokens(client_for: Any, program_manager: Any) -> None:
    response = client_for(program_manager).get("/accounts/profile/")
    assert 'href="/api/tokens/"' in response.content.decode()


def test_openapi_is_public_but_data_is_not(db: None) -> None:
    assert Client().get("/api/v1/openapi.json").status_code == 200
    assert Client().get("/api/v1/people").status_code == 401
