"""The assistant's questions: stable ids and values, and parsing answers from a query string.

The ids and values are a public contract: the web flow's query strings and the API's
parameters use them, and the rules in ``content/assistant_*.yaml`` refer to them. Texts
live in the content; only the ids and values are fixed here. Pure Python, no Django.

An answer set is a plain dict: single-choice questions map to a value (a ``str``),
``behaviour`` maps to a non-empty ``frozenset``. A missing question counts as unknown,
exactly like the explicit value ``unknown``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Union

UNKNOWN = "unknown"

QUESTION_VALUES: dict[str, tuple[str, ...]] = {
    "danger": ("yes", "no", UNKNOWN),
    "behaviour": (
        "unwanted_sexting",
        "online_shaming",
        "sextortion",
        "sexchatting",
        "grooming",
        "revenge_porn",
        "spreading_sexual_violence",
        "unsolicited_sexual_content",
        "other",
    ),
    "age": ("under_12", "12_15", "16_17", "18_plus", UNKNOWN),
    "other_party": ("peer", "adult", "staff", "family", UNKNOWN),
    "images": ("spreading", "contained", "none", UNKNOWN),
    "coercion": ("yes", "no", UNKNOWN),
    "offline_abuse": ("recent", "earlier", "no", UNKNOWN),
    "setting": ("po", "vo", "so", "mbo", "sport", "youth_work", "other"),
    "source": ("disclosed", "reported", "observed"),
}
QUESTION_IDS: tuple[str, ...] = tuple(QUESTION_VALUES)
MULTIPLE: frozenset[str] = frozenset({"behaviour"})
# Assistant behaviour values are the knowledge base's form keys, except "other".
NOT_A_FORM: frozenset[str] = frozenset({"other"})

AnswerValue = Union[str, frozenset[str]]  # noqa: UP007 - readable alias
Answers = Mapping[str, AnswerValue]


def allowed_values(question: str) -> tuple[str, ...]:
    return QUESTION_VALUES[question]


def is_unknown(answers: Answers, question: str) -> bool:
    """True when the question is unanswered or answered with ``unknown``."""
    value = answers.get(question)
    return value is None or value == UNKNOWN


@dataclass(frozen=True)
class AnswerError:
    """A query parameter with a value that is not allowed."""

    parameter: str
    value: str
    allowed: tuple[str, ...]
    problem: str  # "not_allowed" | "repeated"


def parse_answers(
    getlist: Callable[[str], list[str]],
) -> tuple[dict[str, AnswerValue], list[AnswerError]]:
    """Read answers with ``getlist`` (e.g. ``request.GET.getlist``).

    Parameters that are not question ids are ignored. Every value must be one of the
    question's values (an empty value is not); single-choice questions take one value,
    ``behaviour`` may repeat (duplicates are merged).
    """
    answers: dict[str, AnswerValue] = {}
    errors: list[AnswerError] = []
    for question, allowed in QUESTION_VALUES.items():
        values = getlist(question)
        if not values:
            continue
        bad = [v for v in values if v not in allowed]
        if bad:
            errors.append(AnswerError(question, bad[0], allowed, "not_allowed"))
            continue
        if question in MULTIPLE:
            answers[question] = frozenset(values)
        elif len(set(values)) > 1:
            errors.append(AnswerError(question, values[1], allowed, "repeated"))
        else:
            answers[question] = values[0]
    return answers, errors


def query_pairs(answers: Answers, *, exclude: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The answers as ordered (name, value) pairs for a query string or hidden inputs."""
    skip = set(exclude)
    pairs: list[tuple[str, str]] = []
    for question, allowed in QUESTION_VALUES.items():
        if question in skip or question not in answers:
            continue
        value = answers[question]
        if question in MULTIPLE:
            pairs.extend((question, v) for v in allowed if v in value)
        else:
            pairs.append((question, str(value)))
    return pairs


def form_keys(answers: Answers) -> list[str]:
    """Knowledge-base form keys for the chosen behaviours (for catalogue suggestions)."""
    chosen = answers.get("behaviour") or frozenset()
    return [v for v in QUESTION_VALUES["behaviour"] if v in chosen and v not in NOT_A_FORM]
