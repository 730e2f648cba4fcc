"""``/health/``: is this app process able to serve? For load balancers and monitoring.

It checks the database (a trivial query) and the cache (a write and a read) and answers
``200 {"status": "ok", ...}`` or ``503 {"status": "error", ...}``. The answer names the
checks that failed but never an error message, host name or version: it is public.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wegwijzer.core.decorators import public_view

logger = logging.getLogger(__name__)


def check_database(alias: str = "default") -> bool:
    """A trivial query on a table every migrated Wegwijzer database has: it needs a live
    connection (PostgreSQL) and a readable file with our schema (SQLite, which would
    answer a bare ``SELECT 1`` without reading the file at all)."""
    connection = connections[alias]
    table = connection.ops.quote_name(MigrationRecorder.Migration._meta.db_table)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608 - a fixed name
            cursor.fetchall()
            return True
    except Exception:  # any failure means "not healthy"; the reason goes to the log
        logger.exception("health check: database %r is not available", alias)
        # Do not keep a broken persistent connection for the next request.
        connections[alias].close_if_unusable_or_obsolete()
        return False


def check_cache() -> bool:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
        return ok
    except Exception:
        logger.exception("health check: the cache is not available")
        return False


@public_view
@never_cache
@require_safe
def health(request):
    started = time.perf_counter()
    checks = {
        "database": "ok" if check_database() else "error",
        "cache": "ok" if check_cache() else "error",
    }
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "checks": checks,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        },
        status=200 if healthy else 503,
    )
    return response
