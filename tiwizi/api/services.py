"""Verbs on API tokens: create (the secret is returned once), revoke, authenticate."""

from __future__ import annotations

import datetime
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from tiwizi.api.models import PREFIX_LENGTH, ApiToken, hash_secret

# Writing last_used_at on every request would turn each read into a write; a minute's
# precision is enough to tell a user which tokens are still in use.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def create_token(
    user: Any, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is never stored nor shown again."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip(),
            prefix=secret[:PREFIX_LENGTH],
            key_hash=hash_secret(secret),
            expires_at=expires_at,
        )
    return token, secret


def revoke_token(token: ApiToken) -> ApiToken:
    """Stop a token from working (kept, revoked, so the list shows what happened)."""
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    token.refresh_from_db()
    return token


def authenticate(secret: str) -> ApiToken | None:
    """The usable token whose secret this is, with its user; None otherwise.

    The lookup is by the secret's sha256, which an attacker cannot steer byte by byte;
    the final comparison is constant-time all the same.
    """
    if not secret or len(secret) > 200:
        return None
    digest = hash_secret(secret)
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=digest).first()
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
