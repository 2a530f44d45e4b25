"""What every domain module of the API shares: documented error responses, the lookup
of one visible object, and the request's user."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from tiwizi.api.errors import ErrorOut, not_found

ERROR_STATUSES = frozenset({400, 401, 403, 404, 429})


def responses(ok: Any, *, status: int = 200) -> dict[Any, Any]:
    """The `response=` of an operation: its result, and our error shape for the rest."""
    return {status: ok, ERROR_STATUSES: ErrorOut}


def user_of(request: HttpRequest) -> Any:
    """The token's user (set by TokenAuth), or an anonymous user on public endpoints."""
    return request.user


def get_visible(queryset: QuerySet[Any], pk: int) -> Model:
    """The object with this id in the user's scope; 404 otherwise (missing or not seen)."""
    from tiwizi.api.pagination import MAX_ID

    found = queryset.filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if found is None:
        raise not_found()
    return found
