"""`Authorization: Bearer <token>`: requests run as the token's user.

Every endpoint then reads through the same `visible_to(user)` querysets as the pages,
so a token sees exactly what its user sees. Public endpoints (the product catalogue)
accept requests without a token, but a token that is sent must be valid.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import translation
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from tiwizi.api import services


class Anonymous(AnonymousUser):
    """request.auth of a public request without a token (truthy, unlike None)."""

    def __str__(self) -> str:
        return "anonymous"


class TokenAuth(HttpBearer):
    def __init__(self, *, optional: bool = False) -> None:
        super().__init__()
        self.optional = optional

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if not header:
            if self.optional:
                request.user = Anonymous()
                return request.user
            return None
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = services.authenticate(token)
        if api_token is None:
            raise AuthenticationError
        user = api_token.user
        request.user = user
        # Pages follow the profile's language over the browser's; an API client that
        # names a language (Accept-Language) gets it, otherwise the profile's.
        if user.language and not request.headers.get("Accept-Language"):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return api_token


token_auth = TokenAuth()
optional_token_auth = TokenAuth(optional=True)
