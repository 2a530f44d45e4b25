"""Rate limit: settings.TIWIZI_API_RATE_LIMIT requests a minute per token (per address
for requests without one), answered with 429 and Retry-After.

Counts live in Django's cache. The default local-memory cache counts per process; a
deployment with several workers configures a shared cache (Redis, Memcached or the
database cache) in CACHES so that the limit holds across them.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from tiwizi.api.models import ApiToken


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"
    cache_format = "tiwizi-api-throttle:%(ident)s"

    def __init__(self) -> None:
        # The rate is read when the API is built; tests change it through settings.
        super().__init__(rate=f"{self.limit()}/min")

    @staticmethod
    def limit() -> int:
        return int(getattr(settings, "TIWIZI_API_RATE_LIMIT", 120))

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests = self.limit()
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)
        ident = (
            f"token-{auth.pk}" if isinstance(auth, ApiToken) else f"ip-{self.get_ident(request)}"
        )
        return self.cache_format % {"ident": ident}

    def wait(self) -> float:
        """Seconds until the oldest counted request leaves the window (at least 1)."""
        if not self.history:
            return 1.0
        remaining = self.duration - (self.now - self.history[-1])
        return float(max(1, math.ceil(remaining)))
