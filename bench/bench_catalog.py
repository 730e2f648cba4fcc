"""Catalogue at 10,000 synthetic tools (bench/catalog_data.py) on SQLite and PostgreSQL:
median and p95 server time of typical catalogue queries. Each query runs the whole
selector: text search, filters, one page of results and the counts of every facet value.
"Page" rows go through the full Django stack (middleware, template) in-process.

Target: catalogue search with two facets <= 50 ms p95 on both databases.

Besides wall-clock time the table shows the CPU time of this process (median): on a busy
machine wall-clock time includes waiting for a CPU. With PostgreSQL the database server's own
work is not in that column (it is in the wall-clock time)."""

import os
import statistics
import time

from bench.common import percentile, setup_django

TOOLS = 10_000
REPEAT = 40
QUERIES = [
    ("search + 2 facets (selector)", "q=sexting&setting=vo&audience=staff"),
    ("search + 2 facets (page)", "q=sexting&setting=vo&audience=staff"),
    ("no search, 2 facets (selector)", "setting=vo&cost=free"),
    ("search only, common word (selector)", "q=lessen"),
    ("search 2 words + form + age (selector)", "q=naaktfoto%27s+ouders&form=sextortion&age=13-15"),
    (
        "all 7 facets (selector)",
        "audience=pupils&setting=vo&age=13-15&form=sextortion"
        "&kind=lesson_series&basis=onderbouwing&cost=free",
    ),
    ("empty catalogue page (page)", ""),
    ("API search + 2 facets", "q=sexting&setting=vo&audience=staff"),
]


def measure(engine: str) -> None:
    if setup_django(engine) is None:
        print(f"[{engine}] skipped: no PostgreSQL server reachable")
        return
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client

    from bench.catalog_data import generate_tools
    from wegwijzer.catalog import selectors
    from wegwijzer.catalog.filters import parse_query

    start = time.perf_counter()
    generate_tools(TOOLS)
    if engine == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"[{engine}] generated and indexed {TOOLS} tools in {time.perf_counter() - start:.1f} s")
    client = Client()
    form_keys = selectors.form_keys()
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"[{engine}] load average {load} on {os.cpu_count()} CPUs")
    print(f"[{engine}] {'query':<40} {'results':>7} {'median ms':>9} {'p95 ms':>8} {'cpu med':>8}")
    for label, qs in QUERIES:
        if "(page)" in label:

            def run_once(qs=qs):
                response = client.get("/hulpmiddelen/?" + qs)
                assert response.status_code == 200
                return response
        elif label.startswith("API"):

            def run_once(qs=qs):
                response = client.get("/api/v1/tools?" + qs)
                assert response.status_code == 200
                return response
        else:

            def run_once(qs=qs):
                query, problems = parse_query(QueryDict(qs), form_keys=form_keys)
                assert not problems
                return selectors.search_tools(query=query)

        for _ in range(3):
            run_once()
        durations, cpu = [], []
        for _ in range(REPEAT):
            t0, c0 = time.perf_counter(), time.process_time()
            run_once()
            durations.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        query, _ = parse_query(QueryDict(qs), form_keys=form_keys)
        total = selectors.search_tools(query=query, with_facets=False).total
        print(
            f"[{engine}] {label:<40} {total:7d} {statistics.median(durations):9.2f} "
            f"{percentile(durations, 95):8.2f} {statistics.median(cpu):8.2f}"
        )


def run() -> None:
    import multiprocessing

    for engine in ("sqlite", "postgres"):
        proc = multiprocessing.get_context("spawn").Process(target=measure, args=(engine,))
        proc.start()
        proc.join()


if __name__ == "__main__":
    run()
