"""The Tiwizi REST API, version 1, under /api/v1/ (OpenAPI at /api/v1/openapi.json,
interactive documentation at /api/v1/docs).

One module per domain holds its router; none holds business logic: reads start from
the apps' `visible_to(user)` querysets, writes call the apps' services.
"""

from ninja import NinjaAPI

from tiwizi.api import (
    assessment,
    coaching,
    errors,
    events,
    impact,
    market,
    programs,
    registry,
    training,
)
from tiwizi.api.auth import token_auth
from tiwizi.api.docs import VendoredSwagger
from tiwizi.api.throttling import ApiRateThrottle

DESCRIPTION = """
Read (and, for attendance, write) Tiwizi's records with a personal API token: create one
on your profile page, then send it as `Authorization: Bearer <token>`. A token sees exactly
what its user sees on the pages.

Lists are paginated by cursor: pass `limit` (at most 200) and, for the next page, the
`next` value of the previous one as `cursor`. Errors share one shape:
`{"error": {"code": "...", "message": "...", "details": [...]}}`; `code` is stable,
`message` is in the request's language (Accept-Language: ar, fr or en).
"""

api = NinjaAPI(
    title="Tiwizi API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:api-v1",
    docs=VendoredSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=token_auth,
    throttle=[ApiRateThrottle()],
)
errors.install(api)

api.add_router("", registry.router)
api.add_router("", programs.router)
api.add_router("", training.router)
api.add_router("", coaching.router)
api.add_router("", events.router)
api.add_router("", assessment.router)
api.add_router("", market.router)
api.add_router("", impact.router)
