import datetime as dt

import pytest

from wegwijzer.catalog.models import Tool
from wegwijzer.knowledge.models import FormOfBehaviour, Organisation


@pytest.fixture
def make_tool(db):
    """Create a tool directly (the shipped content is loaded already)."""
    counter = {"n": 0}

    def make(**fields):
        counter["n"] += 1
        forms = fields.pop("forms", [])
        providers = fields.pop("providers", ["rutgers"])
        values = {
            "key": f"test_tool_{counter['n']}",
            "title_nl": f"Testhulpmiddel {counter['n']}",
            "summary_nl": "Korte beschrijving.",
            "description_nl": "Lange beschrijving.",
            "kind": "website",
            "audiences": ["staff"],
            "basis": "ontwikkeling",
            "link": "https://example.org/",
            "source_title": "Test",
            "source_url": "https://example.org/",
            "checked_on": dt.date(2026, 11, 22),
        }
        values.update(fields)
        tool = Tool.objects.create(**values)
        tool.providers.set(Organisation.objects.filter(key__in=providers))
        tool.forms.set(FormOfBehaviour.objects.filter(key__in=forms))
        return tool

    return make
