"""The question flow: order, skipping, and the proof that a skipped question cannot change
the plan (checked by comparing plans over every value of each skipped question)."""

import pytest
from hypothesis import given, settings

from wegwijzer.assistant.answers import MULTIPLE, QUESTION_VALUES
from wegwijzer.assistant.flow import asked_questions, canonical, next_question, previous_question
from wegwijzer.assistant.rules import build_plan
from wegwijzer.assistant.tests.conftest import BASE
from wegwijzer.assistant.tests.test_properties import ANSWERS

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

ORDER = [
    "danger",
    "behaviour",
    "images",
    "other_party",
    "age",
    "coercion",
    "offline_abuse",
    "setting",
    "source",
]


def _values(key):
    if key in MULTIPLE:
        return [frozenset({v}) for v in QUESTION_VALUES[key]] + [frozenset(QUESTION_VALUES[key])]
    return list(QUESTION_VALUES[key])


def test_questions_come_in_the_content_order(rules):
    assert [q.key for q in rules.questions] == ORDER
    assert asked_questions({}, rules) == ORDER
    assert next_question({}, rules) == "danger"


def test_walking_through_a_typical_case(rules):
    answers = {}
    asked = []
    while (key := next_question(answers, rules)) is not None:
        asked.append(key)
        answers[key] = BASE[key]
    assert asked == ORDER
    assert len(asked) <= 9


def test_sextortion_skips_the_coercion_question(rules):
    answers = {"danger": "no", "behaviour": frozenset({"sextortion"})}
    asked = asked_questions(answers, rules)
    assert "coercion" not in asked
    assert len(asked) == 8
    assert (
        next_question(
            {**answers, "images": "spreading", "other_party": "peer", "age": "12_15"}, rules
        )
        == "offline_abuse"
    )


def test_a_changed_answer_drops_an_answer_that_no_longer_matters(rules):
    answers = {**BASE, "coercion": "yes", "behaviour": frozenset({"sextortion"})}
    assert "coercion" not in canonical(answers, rules)
    assert build_plan(canonical(answers, rules), rules) == build_plan(answers, rules)
    # and the other way round: without sextortion, coercion is asked again
    answers = canonical(answers, rules) | {"behaviour": frozenset({"grooming"})}
    assert next_question(answers, rules) == "coercion"


def test_previous_question(rules):
    answers = {"danger": "no", "behaviour": frozenset({"sextortion"})}
    assert previous_question("danger", answers, rules) is None
    assert previous_question("behaviour", answers, rules) == "danger"
    assert previous_question("offline_abuse", answers, rules) == "age"  # coercion skipped
    assert previous_question("coercion", answers, rules) == "age"


def test_every_question_can_change_some_plan(rules):
    """No question is dead weight: for each, two answers give different plans."""
    for key in ORDER:
        plans = {build_plan({**BASE, key: value}, rules) for value in _values(key)}
        assert len(plans) > 1, key


@settings(max_examples=300, deadline=None)
@given(ANSWERS)
def test_flow_asks_at_most_nine_in_order_and_never_twice(rules, answers):
    asked = asked_questions(answers, rules)
    assert len(asked) <= 9
    assert asked == [k for k in ORDER if k in asked]
    following = next_question(answers, rules)
    assert following is None or (following in asked and following not in answers)
    if following is None:
        assert all(k in answers for k in asked)


@settings(max_examples=300, deadline=None)
@given(ANSWERS)
def test_a_skipped_question_cannot_change_the_plan(rules, answers):
    """The claim behind skipping, checked by brute force: for every question the flow skips,
    every value (and no answer at all) gives exactly the same plan."""
    answers = canonical(answers, rules)
    asked = asked_questions(answers, rules)
    reference = build_plan(answers, rules)
    for key in ORDER:
        if key in asked:
            continue
        for value in _values(key):
            assert build_plan({**answers, key: value}, rules) == reference, (key, value)


def test_skipping_is_exhaustively_right_for_sextortion(rules):
    """Every combination of the answers that decide steps, with sextortion: coercion never
    matters."""
    import itertools

    keys = ["danger", "images", "other_party", "age", "offline_abuse"]  # setting: wording only
    for combo in itertools.product(*(QUESTION_VALUES[k] for k in keys)):
        answers = dict(zip(keys, combo, strict=True))
        answers["behaviour"] = frozenset({"sextortion"})
        assert "coercion" not in asked_questions(answers, rules)
        plans = {build_plan({**answers, "coercion": v}, rules) for v in QUESTION_VALUES["coercion"]}
        plans.add(build_plan(answers, rules))
        assert len(plans) == 1, answers
