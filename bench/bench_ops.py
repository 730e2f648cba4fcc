"""Operations: /health/ (whole middleware stack, in-process), and backup and restore of a
database with the shipped content (in-process, so without Django's start-up time), on
SQLite and PostgreSQL."""

import tempfile
import time
from pathlib import Path

from bench.common import setup_django, summary, timed


def measure(engine: str) -> None:
    if setup_django(engine) is None:
        print(f"[{engine}] skipped: no server reachable")
        return
    from django.test import Client

    from wegwijzer.core import backups

    client = Client()
    print(f"[{engine}] GET /health/: {summary(timed(lambda: client.get('/health/'), repeat=200))}")

    with tempfile.TemporaryDirectory() as tmp:
        for method in ("native", "json"):
            target = Path(tmp) / f"backup-{method}"
            start = time.perf_counter()
            result = backups.backup(output=target, method=method)
            backup_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            backups.restore(path=result.path)
            restore_ms = (time.perf_counter() - start) * 1000
            print(
                f"[{engine}] {result.format:>6}: backup {backup_ms:7.1f} ms, "
                f"restore {restore_ms:7.1f} ms, {result.size / 1024:7.1f} KiB"
            )


def run() -> None:
    import multiprocessing

    for engine in ("sqlite", "postgres"):
        # a fresh process per engine: Django's settings are fixed once loaded
        proc = multiprocessing.get_context("spawn").Process(target=measure, args=(engine,))
        proc.start()
        proc.join()
