"""Property tests over random answer combinations (hypothesis): the invariants of issue 4 hold
for every plan, and an unknown answer never makes a plan less careful."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wegwijzer.assistant.answers import MULTIPLE, QUESTION_VALUES, UNKNOWN
from wegwijzer.assistant.rules import PHASES, build_plan
from wegwijzer.assistant.tests.conftest import ALWAYS

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

MISSING = object()


def _question(key: str):
    if key in MULTIPLE:
        return st.one_of(
            st.just(MISSING), st.frozensets(st.sampled_from(QUESTION_VALUES[key]), min_size=1)
        )
    return st.sampled_from([MISSING, *QUESTION_VALUES[key]])


ANSWERS = st.fixed_dictionaries({k: _question(k) for k in QUESTION_VALUES}).map(
    lambda d: {k: v for k, v in d.items() if v is not MISSING}
)

# Steps that an unknown answer may take away, and why:
#  call_112 only when danger is certainly "yes"; check_acute_danger takes its place.
#  consider_halt is a lighter option, offered only when it certainly fits.
#  consult_veilig_thuis gives way to report_veilig_thuis (a report is the stronger step).
ONLY_WHEN_CERTAIN = {"call_112", "consider_halt"}
REPLACED_BY = {"call_112": "check_acute_danger", "consult_veilig_thuis": "report_veilig_thuis"}


@settings(max_examples=400, deadline=None)
@given(ANSWERS)
def test_invariants(rules, answers):
    plan = build_plan(answers, rules)
    codes = plan.codes
    # the four steps that are always there
    assert set(ALWAYS) <= set(codes)
    # call_112 exactly when danger=yes, and then first
    assert ("call_112" in codes) is (answers.get("danger") == "yes")
    if "call_112" in codes:
        assert codes[0] == "call_112"
    # an unknown danger always gets a check for acute danger
    assert ("check_acute_danger" in codes) is (answers.get("danger", UNKNOWN) == UNKNOWN)
    # images involved (or maybe involved): the no-viewing step in "now" and on the never list
    if answers.get("images") != "none":
        assert "no_viewing_images" in [s.code for s in plan.steps if s.phase == "now"]
        assert "never_view_images" in [n.key for n in plan.never_do]
    assert plan.never_do
    # parents when under 18 or unknown, never for 18+
    assert ("weigh_informing_parents" in codes) is (answers.get("age") != "18_plus")
    # no step twice, phases in order
    assert len(codes) == len(set(codes))
    phases = [PHASES.index(s.phase) for s in plan.steps]
    assert phases == sorted(phases)
    # uncertain steps say when they apply; certain ones do not
    for step in plan.steps:
        assert bool(step.if_unsure_nl) is (not step.certain)
    # contacts: each once, exactly those the steps need
    assert len(plan.contacts) == len(set(plan.contacts))
    assert set(plan.contacts) == {k for s in plan.steps for k in s.contacts}
    # never twice on the never-do list, guides only with a Meldcode step
    assert len({n.key for n in plan.never_do}) == len(plan.never_do)
    if plan.guides:
        assert {"report_veilig_thuis", "consult_veilig_thuis", "explain_meldcode_peer"} & set(codes)


@settings(max_examples=300, deadline=None)
@given(ANSWERS, st.sampled_from(sorted(QUESTION_VALUES)), st.data())
def test_unknown_is_never_less_careful(rules, answers, key, data):
    """Replacing a known answer by unknown (or leaving it out) never takes a careful step away
    and never gives fewer steps."""
    known = [v for v in QUESTION_VALUES[key] if v != UNKNOWN]
    value = (
        data.draw(st.sampled_from(known))
        if key not in MULTIPLE
        else data.draw(st.frozensets(st.sampled_from(known), min_size=1))
    )
    with_known = build_plan({**answers, key: value}, rules)
    unknown_variants = [{k: v for k, v in answers.items() if k != key}]
    if UNKNOWN in QUESTION_VALUES[key]:
        unknown_variants.append({**answers, key: UNKNOWN})
    for variant in unknown_variants:
        careful = build_plan(variant, rules)
        codes = set(careful.codes)
        assert len(careful.steps) >= len(with_known.steps)
        for code in with_known.codes:
            if code in codes:
                continue
            assert code in ONLY_WHEN_CERTAIN or REPLACED_BY.get(code) in codes, (
                f"{key}: {value} -> unknown drops {code}"
            )
        if key == "danger" and "call_112" in with_known.codes:
            assert "check_acute_danger" in codes
        never = {n.key for n in careful.never_do}
        assert {n.key for n in with_known.never_do} <= never


def test_the_exemptions_are_exactly_the_certain_only_steps(rules):
    """Adding another "only when certain" step must be a deliberate change of this test."""
    assert {s.code for s in rules.steps if s.certain_only} == ONLY_WHEN_CERTAIN
    assert {s.code for s in rules.steps if s.superseded_by} == {"consult_veilig_thuis"}
