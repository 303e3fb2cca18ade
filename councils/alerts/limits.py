"""The rate limit on subscription and manage-link requests.

At most ``settings.ALERTS_RATE_LIMIT_PER_HOUR`` requests per hour per address and per client
address (``REMOTE_ADDR``: behind a proxy, let it set that). The counters live in the default
cache for an hour, keyed by a SHA-256 of the address (no address is stored in clear).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]
    return f"alerts:rate:{kind}:{digest}"


def allow(request, email: str) -> bool:
    """Count this request; False when the address or the client is over the limit."""
    allowed = True
    client = request.META.get("REMOTE_ADDR", "")
    for key in (_key("email", email.casefold()), _key("ip", client)):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
            count = 1
        if count > settings.ALERTS_RATE_LIMIT_PER_HOUR:
            allowed = False
    return allowed
