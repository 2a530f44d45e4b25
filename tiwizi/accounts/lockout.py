"""How django-axes names the account behind a sign-in attempt.

Addresses are stored lower-case, and the sign-in form lower-cases what people type; axes
must count `Amina@Example.org` and `amina@example.org` as the same account, or changing
the case of one letter would grant five more guesses.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def username_for_lockout(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field):
        raw = credentials[field]
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        raw = data.get(field, "") if data else ""
    return str(raw or "").strip().lower()
