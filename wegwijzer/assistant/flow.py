"""Which question comes next: a pure function of the answers so far and the rule data.

Questions are asked in the content's order. A question is skipped when, given the
answers to the questions before it, no value of it can change the plan (see
:func:`wegwijzer.assistant.rules.dependencies`: partial evaluation of every rule). Skipped
questions count as unknown in the plan, which by that proof gives the same plan as any
answer would. The test ``test_flow.py`` checks the claim by comparing plans over all values
of every skipped question.
"""

from __future__ import annotations

from collections.abc import Mapping

from wegwijzer.assistant.rules import RuleSet, dependencies

MEMO_SIZE = 2048


def asked_questions(answers: Mapping, rules: RuleSet) -> list[str]:
    """The questions the flow asks for these answers, in order (answered or not).

    Whether a question is asked depends only on the answers to the questions before it.
    """
    key = tuple(sorted(answers.items()))
    asked = rules.memo.get(key)
    if asked is None:
        asked = _asked(answers, rules)
        if len(rules.memo) >= MEMO_SIZE:
            rules.memo.clear()
        rules.memo[key] = asked
    return list(asked)


def _asked(answers: Mapping, rules: RuleSet) -> tuple[str, ...]:
    order = [q.key for q in rules.questions]
    asked: list[str] = []
    known: dict = {}
    for index, key in enumerate(order):
        later = set(order[index:])
        unanswered_before = {k for k in asked if k not in known}
        skipped_before = {k for k in order[:index] if k not in asked}
        open_questions = frozenset(later | unanswered_before | skipped_before)
        if key in dependencies(known, open_questions, rules):
            asked.append(key)
            if key in answers:
                known[key] = answers[key]
    return tuple(asked)


def next_question(answers: Mapping, rules: RuleSet) -> str | None:
    """The first question still to answer, or ``None`` when the plan is complete."""
    for key in asked_questions(answers, rules):
        if key not in answers:
            return key
    return None


def previous_question(key: str, answers: Mapping, rules: RuleSet) -> str | None:
    """The asked question before ``key`` (for the back link), or ``None`` for the first."""
    asked = asked_questions(answers, rules)
    if key in asked:
        index = asked.index(key)
        return asked[index - 1] if index else None
    order = [q.key for q in rules.questions]
    before = [k for k in asked if order.index(k) < order.index(key)]
    return before[-1] if before else None


def canonical(answers: Mapping, rules: RuleSet) -> dict:
    """Only the answers to asked questions (an answer to a question that no longer matters
    after a change, such as ``coercion`` once ``sextortion`` is chosen, is dropped)."""
    asked = set(asked_questions(answers, rules))
    return {k: v for k, v in answers.items() if k in asked}
