"""Fixtures for the assistant's tests: the shipped rules straight from the YAML files (no
database), and helpers to build answers and plans."""

import pytest
from django.conf import settings

from wegwijzer.assistant.answers import MULTIPLE
from wegwijzer.assistant.rules import build_plan
from wegwijzer.assistant.selectors import ruleset_from_files

# A neutral case: as few optional steps as possible.
BASE = {
    "danger": "no",
    "behaviour": frozenset({"unsolicited_sexual_content"}),
    "images": "none",
    "other_party": "peer",
    "age": "16_17",
    "coercion": "no",
    "offline_abuse": "no",
    "setting": "vo",
    "source": "disclosed",
}
ALWAYS = (
    "inform_designated_person",
    "talk_with_young_person",
    "record_incident",
    "aftercare_follow_up",
)


def answers(**changes) -> dict:
    """BASE with changes; None removes a question (unanswered), a list sets behaviour."""
    result = dict(BASE)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        elif key in MULTIPLE:
            result[key] = frozenset([value] if isinstance(value, str) else value)
        else:
            result[key] = value
    return result


@pytest.fixture(scope="session")
def rules():
    return ruleset_from_files(settings.CONTENT_DIR)


@pytest.fixture(scope="session")
def plan_for(rules):
    def make(**changes):
        return build_plan(answers(**changes), rules)

    return make
