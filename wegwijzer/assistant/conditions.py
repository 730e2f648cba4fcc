"""A small declarative condition language for the assistant's rules, and its evaluator.

In the content files a condition (``when:``) is one of::

    {danger: ["yes"]}                         # the answer is one of these values
    {behaviour: [sextortion, grooming]}       # behaviour includes any of these
    {all: [cond, cond, ...]}                  # every condition holds
    {any: [cond, cond, ...]}                  # at least one holds
    {not: cond}                               # the condition does not hold

Leaving ``when`` out means "always". Write ``"yes"`` and ``"no"`` in quotes: YAML reads a
bare yes/no as true/false.

Unknown answers are handled with three-valued (Kleene) logic: a question that is
unanswered or answered ``unknown`` makes a test on it ``MAYBE`` unless the test lists
``unknown`` itself (then it is ``TRUE``). ``all``/``any``/``not`` are min/max/negation over
FALSE < MAYBE < TRUE. A rule that is ``MAYBE`` is still included in the plan (with an "if
this applies" lead), so an unknown answer can only add steps, never remove them: the plan
gets more careful. To keep that promise ``unknown`` may not appear inside ``not``.

Pure Python: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wegwijzer.assistant.answers import MULTIPLE, QUESTION_VALUES, UNKNOWN

FALSE, MAYBE, TRUE = 0, 1, 2
TRI_NAMES = {FALSE: "false", MAYBE: "maybe", TRUE: "true"}

# Compiled nodes are tuples:
#   ("const", tri)  ("atom", question, frozenset(values), multiple)
#   ("all", (nodes...))  ("any", (nodes...))  ("not", node)
Node = tuple
ALWAYS: Node = ("const", TRUE)


class ConditionError(ValueError):
    """A condition in the content is malformed; the message says where and why."""


# --------------------------------------------------------------------------- validation
def validate(raw: Any, *, where: str = "when", inside_not: bool = False) -> dict | None:
    """Check a raw condition (parsed YAML/JSON) and return it in normal form.

    ``None`` (no condition) means always. Raises :class:`ConditionError` with a message
    for an editor.
    """
    if raw is None:
        return None
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ConditionError(
            f"{where}: a condition is a mapping with exactly one key: all, any, not or a "
            f"question ({', '.join(QUESTION_VALUES)})"
        )
    ((key, value),) = raw.items()
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"{where}.{key}: give a non-empty list of conditions")
        return {
            key: [
                validate(item, where=f"{where}.{key}[{i}]", inside_not=inside_not)
                for i, item in enumerate(value)
            ]
        }
    if key == "not":
        if value is None:
            raise ConditionError(f"{where}.not: give a condition")
        return {"not": validate(value, where=f"{where}.not", inside_not=True)}
    if key not in QUESTION_VALUES:
        raise ConditionError(
            f"{where}: unknown question or operator '{key}'; use all, any, not or one of: "
            f"{', '.join(QUESTION_VALUES)}"
        )
    values = value if isinstance(value, list) else [value]
    if not values:
        raise ConditionError(f"{where}.{key}: give at least one value")
    allowed = tuple(dict.fromkeys((*QUESTION_VALUES[key], UNKNOWN)))
    normal: list[str] = []
    for item in values:
        if isinstance(item, bool):
            raise ConditionError(
                f'{where}.{key}: write "yes" or "no" in quotes (YAML reads a bare yes/no as '
                "true/false)"
            )
        if isinstance(item, int | float):
            raise ConditionError(
                f'{where}.{key}: write {item!r} in quotes, such as "12_15" (YAML reads '
                "digits with an underscore as a number)"
            )
        if not isinstance(item, str) or item not in allowed:
            raise ConditionError(
                f"{where}.{key}: value {item!r} is not allowed; allowed: {', '.join(allowed)}"
            )
        if item == UNKNOWN and inside_not:
            raise ConditionError(
                f"{where}.{key}: 'unknown' may not be used inside 'not' (an unknown answer "
                "must never take a step away)"
            )
        if item not in normal:
            normal.append(item)
    return {key: normal}


# --------------------------------------------------------------------------- compiling
def compile_condition(normal: dict | None) -> Node:
    """Turn a validated condition into a tuple tree for fast evaluation."""
    if normal is None:
        return ALWAYS
    ((key, value),) = normal.items()
    if key in ("all", "any"):
        return (key, tuple(compile_condition(v) for v in value))
    if key == "not":
        return ("not", compile_condition(value))
    return ("atom", key, frozenset(value), key in MULTIPLE)


def questions_in(node: Node) -> set[str]:
    kind = node[0]
    if kind == "atom":
        return {node[1]}
    if kind in ("all", "any"):
        found: set[str] = set()
        for child in node[1]:
            found |= questions_in(child)
        return found
    if kind == "not":
        return questions_in(node[1])
    return set()


def can_be_unsure(node: Node) -> bool:
    """True when some unknown answer can make this condition MAYBE."""
    kind = node[0]
    if kind == "atom":
        return UNKNOWN not in node[2]
    if kind in ("all", "any"):
        return any(can_be_unsure(child) for child in node[1])
    if kind == "not":
        return can_be_unsure(node[1])
    return False


# --------------------------------------------------------------------------- evaluation
def _atom(question: str, values: frozenset[str], multiple: bool, answers: Mapping) -> int:
    answer = answers.get(question)
    if answer is None or answer == UNKNOWN:
        return TRUE if UNKNOWN in values else MAYBE
    if multiple:
        return TRUE if not values.isdisjoint(answer) else FALSE
    return TRUE if answer in values else FALSE


def evaluate(node: Node, answers: Mapping) -> int:
    """FALSE, MAYBE or TRUE for these answers (missing questions count as unknown)."""
    kind = node[0]
    if kind == "atom":
        return _atom(node[1], node[2], node[3], answers)
    if kind == "all":
        result = TRUE
        for child in node[1]:
            value = evaluate(child, answers)
            if value == FALSE:
                return FALSE
            result = min(result, value)
        return result
    if kind == "any":
        result = FALSE
        for child in node[1]:
            value = evaluate(child, answers)
            if value == TRUE:
                return TRUE
            result = max(result, value)
        return result
    if kind == "not":
        return TRUE - evaluate(node[1], answers)
    return node[1]


def partial(node: Node, answers: Mapping, open_questions: frozenset[str]) -> Node:
    """Evaluate what is known and keep what is not.

    Tests on ``open_questions`` (not asked yet) stay symbolic; every other question is
    evaluated (missing counts as unknown). The result is a constant when the outcome no
    longer depends on any open question; otherwise the open questions it still depends on
    are exactly :func:`questions_in` of the result.
    """
    kind = node[0]
    if kind == "atom":
        if node[1] in open_questions:
            return node
        return ("const", _atom(node[1], node[2], node[3], answers))
    if kind == "not":
        inner = partial(node[1], answers, open_questions)
        if inner[0] == "const":
            return ("const", TRUE - inner[1])
        return ("not", inner)
    if kind in ("all", "any"):
        dominant, neutral = (FALSE, TRUE) if kind == "all" else (TRUE, FALSE)
        combine = min if kind == "all" else max
        constant = neutral
        symbolic: list[Node] = []
        for child in node[1]:
            value = partial(child, answers, open_questions)
            if value[0] == "const":
                if value[1] == dominant:
                    return ("const", dominant)
                constant = combine(constant, value[1])
            else:
                symbolic.append(value)
        if not symbolic:
            return ("const", constant)
        if constant != neutral:
            symbolic.append(("const", constant))
        return (kind, tuple(symbolic))
    return node
