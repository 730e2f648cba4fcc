"""Synthetic tools for the catalogue bench: realistic shapes, fixed random seed.

from bench.catalog_data import generate_tools
generate_tools(10_000)   # adds 10,000 tools to the current database and indexes them
"""

# ruff: noqa: SIM905

from __future__ import annotations

import datetime as dt
import random

WORDS = """
les lessen lesmateriaal sexting sextortion grooming naaktfoto naaktfoto's nudes
weerbaarheid grenzen wensen relaties seksualiteit seksuele seksueel ouders leraren
mentor school scholen klas klassen jongeren leerlingen online veilig veiligheid beleid
protocol stappenplan training team gesprek hulp melden aangifte politie slachtoffer
dader omstanders doorsturen delen schaamte chantage afpersing sociale media chat filmpje
beeld beelden privacy respect toestemming vriendschap verliefdheid jongens meiden sport
club jongerenwerk mbo vmbo havo vwo basisschool praktijkonderwijs
""".split()


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """The domain words plus 3,000 made-up filler words, with Zipf-like weights, so that a
    topical word such as "sexting" is in a minority of the tools (as in real content)."""
    letters = "abdeghijklmnoprstuvz"
    filler = {"".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(3000)}
    words = list(filler) + WORDS
    rng.shuffle(words)
    weights = [1.0 / (rank + 10) for rank in range(len(words))]
    return words, weights


def _text(rng: random.Random, n: int, vocabulary) -> str:
    words, weights = vocabulary
    return " ".join(rng.choices(words, weights, k=n)).capitalize() + "."


def generate_tools(count: int, *, seed: int = 20261122) -> int:
    from wegwijzer.catalog import search
    from wegwijzer.catalog.models import Audience, Basis, Cost, Kind, Setting, Status, Tool
    from wegwijzer.core.services import touch_content_state
    from wegwijzer.knowledge.models import FormOfBehaviour, Organisation

    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    org_ids = list(Organisation.objects.values_list("pk", flat=True))
    form_ids = list(FormOfBehaviour.objects.values_list("pk", flat=True))
    tools = []
    for i in range(count):
        low = rng.choice([None, 4, 8, 10, 12, 13, 14, 15, 16])
        high = None if low is None or rng.random() < 0.1 else min(99, low + rng.randint(0, 8))
        tools.append(
            Tool(
                key=f"bench_{i:05d}",
                title_nl=_text(rng, rng.randint(2, 6), vocabulary),
                summary_nl=_text(rng, 15, vocabulary),
                description_nl=_text(rng, 60, vocabulary) + "\n\n" + _text(rng, 40, vocabulary),
                description_en="",
                kind=rng.choice(Kind.values),
                audiences=rng.sample(Audience.values, rng.randint(1, 3)),
                settings=rng.sample(Setting.values, rng.randint(0, 3)),
                age_min=low,
                age_max=high,
                basis=rng.choice(Basis.values),
                cost=rng.choice(Cost.values),
                link=f"https://example.org/tool/{i}",
                status=Status.RETIRED if rng.random() < 0.05 else Status.CURRENT,
                source_title="Synthetic",
                source_url="https://example.org/",
                checked_on=dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 320)),
            )
        )
    for tool in tools:  # bulk_create skips save(): fill what save() would
        tool.sort_title = tool.title_nl.lower()
        tool.review_by = tool.checked_on + dt.timedelta(days=365)
    created = Tool.objects.bulk_create(tools, batch_size=1000)
    form_links, provider_links = [], []
    for tool in created:
        for form_id in rng.sample(form_ids, rng.randint(0, 3)):
            form_links.append(Tool.forms.through(tool_id=tool.pk, formofbehaviour_id=form_id))
        for org_id in rng.sample(org_ids, rng.randint(1, 2)):
            provider_links.append(Tool.providers.through(tool_id=tool.pk, organisation_id=org_id))
    Tool.forms.through.objects.bulk_create(form_links, batch_size=2000)
    Tool.providers.through.objects.bulk_create(provider_links, batch_size=2000)
    search.rebuild_index()
    touch_content_state()
    return len(created)
