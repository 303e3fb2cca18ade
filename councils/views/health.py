"""``/healthz``: is this process able to serve (database and cache reachable)?"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)
HEALTH_KEY_SECONDS = 10


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise RuntimeError("SELECT 1 returned something else")


def _cache() -> None:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, HEALTH_KEY_SECONDS)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was stored")
    finally:
        cache.delete(key)


@never_cache
def healthz(request):
    """200 with ``{"database": "ok", "cache": "ok"}``, or 503 naming what failed."""
    checks = {}
    for name, check in (("database", _database), ("cache", _cache)):
        try:
            with transaction.atomic():  # a failed check must not abort the next one's queries
                check()
        except Exception as exc:  # any failure makes the process unhealthy
            log.warning("health check %s failed: %s", name, exc)
            checks[name] = f"error: {type(exc).__name__}"
        else:
            checks[name] = "ok"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
