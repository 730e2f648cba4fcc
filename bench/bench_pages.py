"""Public pages: median server time per page (in-process, full middleware stack, 30 runs
each) and transfer size (HTML gzip + linked CSS/JS brotli), on SQLite and PostgreSQL."""

import statistics

from bench.common import setup_django, timed

REPEAT = 30


def measure(engine: str) -> None:
    if setup_django(engine) is None:
        print(f"[{engine}] skipped: no server reachable")
        return
    from django.test import Client

    from wegwijzer.core.page_weight import PAGE_BUDGET_BYTES, page_weight
    from wegwijzer.core.public_pages import in_language, sample_paths

    client = Client()
    print(f"[{engine}] {'page':<42} {'median ms':>9} {'HTML KB':>8} {'total KB':>9}")
    worst = 0
    for path in sample_paths():
        for language in ("nl", "en"):
            url = in_language(path, language)
            response = client.get(url)
            assert response.status_code == 200, url
            durations = timed(lambda url=url: client.get(url), repeat=REPEAT)
            weight = page_weight(response.content)
            worst = max(worst, weight.total_compressed)
            print(
                f"[{engine}] {url:<42} {statistics.median(durations):9.2f} "
                f"{weight.html_compressed / 1024:8.1f} {weight.total_compressed / 1024:9.1f}"
            )
    print(
        f"[{engine}] largest page: {worst / 1024:.1f} KB compressed "
        f"(budget {PAGE_BUDGET_BYTES // 1024} KB)"
    )


def run() -> None:
    import multiprocessing

    for engine in ("sqlite", "postgres"):
        # a fresh process per engine: Django's settings are fixed once loaded
        proc = multiprocessing.get_context("spawn").Process(target=measure, args=(engine,))
        proc.start()
        proc.join()
