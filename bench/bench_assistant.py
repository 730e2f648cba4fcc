"""Incident assistant: how long a plan takes.

1. The pure rules (no database, no HTTP): ``build_plan`` and the flow (``asked_questions``,
   which decides what to skip) over 10,000 random answer sets, median and p95.
2. End to end, in-process with the full middleware stack: the plan page, the download and
   the API for a typical and a long plan (median and p95 of 50), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
import statistics
import time
from urllib.parse import urlencode

from bench.common import percentile, setup_django, timed

N = 10_000
REPEAT = 50
SEED = 4


def random_answers(rng: random.Random) -> dict:
    from wegwijzer.assistant.answers import MULTIPLE, QUESTION_VALUES

    answers: dict = {}
    for key, values in QUESTION_VALUES.items():
        if rng.random() < 0.1:  # sometimes not answered: counts as unknown
            continue
        if key in MULTIPLE:
            answers[key] = frozenset(rng.sample(values, rng.randint(1, 3)))
        else:
            answers[key] = rng.choice(values)
    return answers


def _us(values: list[float]) -> str:
    return f"median {statistics.median(values):8.1f} µs   p95 {percentile(values, 95):8.1f} µs"


def pure() -> None:
    if setup_django("sqlite", load_content=False) is None:  # Django set-up; rules from files
        return
    from django.conf import settings

    from wegwijzer.assistant.flow import _asked
    from wegwijzer.assistant.rules import build_plan
    from wegwijzer.assistant.selectors import ruleset_from_files

    rules = ruleset_from_files(settings.CONTENT_DIR)
    rng = random.Random(SEED)
    sets = [random_answers(rng) for _ in range(N)]
    plan_times, flow_times, steps, asked = [], [], [], []
    for answers in sets:
        start = time.perf_counter()
        plan = build_plan(answers, rules)
        plan_times.append((time.perf_counter() - start) * 1e6)
        start = time.perf_counter()
        questions = _asked(answers, rules)  # uncached: the flow's real cost
        flow_times.append((time.perf_counter() - start) * 1e6)
        steps.append(len(plan.steps))
        asked.append(len(questions))
    print(
        f"rules: {len(rules.steps)} steps, {len(rules.never_do)} never-do items, "
        f"{len(rules.guides)} guides; {N} random answer sets (seed {SEED})"
    )
    print(f"build_plan          {_us(plan_times)}")
    print(f"asked_questions     {_us(flow_times)}")
    print(
        f"steps per plan      min {min(steps)}  median {statistics.median(steps):.0f}  "
        f"max {max(steps)}"
    )
    fewer = sum(1 for n in asked if n < 9) / N
    print(
        f"questions asked     min {min(asked)}  max {max(asked)}  "
        f"(fewer than 9 in {fewer:.0%} of the random sets)"
    )


def end_to_end(engine: str) -> None:
    if setup_django(engine) is None:
        print(f"[{engine}] skipped: no server reachable")
        return
    from django.test import Client

    from wegwijzer.assistant.public_pages import MANY_STEPS, TYPICAL

    client = Client()
    for label, answers in (("typical", TYPICAL), ("long", MANY_STEPS)):
        query = urlencode(answers)
        for name, url in (
            ("plan page", f"/er-is-iets-gebeurd/plan/?{query}"),
            ("download", f"/er-is-iets-gebeurd/plan/download/?{query}"),
            ("API", f"/api/v1/assistant/plan?{query}"),
        ):
            assert client.get(url).status_code == 200, url
            durations = timed(lambda url=url: client.get(url), repeat=REPEAT)
            print(
                f"[{engine}] {name:<10} {label:<8} median {statistics.median(durations):6.2f} ms"
                f"   p95 {percentile(durations, 95):6.2f} ms"
            )


def run() -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    for target, args in ((pure, ()), (end_to_end, ("sqlite",)), (end_to_end, ("postgres",))):
        # a fresh process each: Django's settings are fixed once loaded
        proc = context.Process(target=target, args=args)
        proc.start()
        proc.join()
