"""Shared set-up for benchmarks: a throwaway database with the shipped content.

Each bench module runs in its own process (see bench/__main__.py), so it can choose its
database before Django starts::

    from bench.common import setup_django, timed, summary
    db = setup_django("sqlite")        # or "postgres" (returns None when unreachable)
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable

PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _pg_database() -> str | None:
    try:
        import psycopg

        name = f"wegwijzer_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception:  # noqa: BLE001 - any failure means: no PostgreSQL here
        return None

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def setup_django(engine: str = "sqlite", *, load_content: bool = True) -> str | None:
    """Point Django at a fresh database of ``engine`` and migrate it. Returns its URL."""
    if engine == "postgres":
        url = _pg_database()
        if url is None:
            return None
    else:
        tmp = tempfile.mkdtemp(prefix="wegwijzer-bench-")
        atexit.register(shutil.rmtree, tmp, True)
        url = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijzer.conf.test")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    if load_content:
        call_command("load_content", verbosity=0)
    return url


def timed(fn: Callable[[], object], *, repeat: int, warmup: int = 3) -> list[float]:
    """Run ``fn`` and return the durations in milliseconds."""
    for _ in range(warmup):
        fn()
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):7.2f} ms   p95 {percentile(values, 95):7.2f} ms"
