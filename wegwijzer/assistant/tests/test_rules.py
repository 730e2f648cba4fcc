"""Table-driven tests of every rule in issue 4, over the shipped rule data, without HTTP or a
database. Each row: answers (changes to a neutral case), steps that must be in the plan,
steps that must not be."""

import pytest

from wegwijzer.assistant.rules import PHASES, build_plan
from wegwijzer.assistant.tests.conftest import ALWAYS, answers

MINOR_AGES = ("under_12", "12_15", "16_17")
ALL_AGES = (*MINOR_AGES, "18_plus", "unknown")
SCHOOLS = ("po", "vo", "so", "mbo")
NOT_SCHOOLS = ("sport", "youth_work", "other")

ROWS = [
    # --- call_112 first in "now" when danger=yes; never when no; unknown: check for danger
    ("danger yes", {"danger": "yes"}, {"call_112"}, {"check_acute_danger"}),
    ("danger no", {"danger": "no"}, set(), {"call_112", "check_acute_danger"}),
    ("danger unknown", {"danger": "unknown"}, {"check_acute_danger"}, {"call_112"}),
    ("danger missing", {"danger": None}, {"check_acute_danger"}, {"call_112"}),
    # --- no_viewing_images whenever images is not "none"
    *[
        (f"images {v}", {"images": v}, {"no_viewing_images"}, set())
        for v in ("spreading", "contained", "unknown", None)
    ],
    ("images none", {"images": "none"}, set(), {"no_viewing_images"}),
    # --- weigh_informing_parents when under 18 or unknown; never for 18_plus
    *[
        (f"age {v}", {"age": v}, {"weigh_informing_parents"}, set())
        for v in (*MINOR_AGES, "unknown", None)
    ],
    ("age 18_plus", {"age": "18_plus"}, set(), {"weigh_informing_parents"}),
    # --- request_removal_helpwanted: images spreading/unknown, or sextortion/shaming/revenge
    ("removal: spreading", {"images": "spreading"}, {"request_removal_helpwanted"}, set()),
    ("removal: images unknown", {"images": "unknown"}, {"request_removal_helpwanted"}, set()),
    *[
        (f"removal: {b}", {"images": "none", "behaviour": b}, {"request_removal_helpwanted"}, set())
        for b in ("sextortion", "online_shaming", "revenge_porn")
    ],
    (
        "no removal: contained sexting",
        {"images": "contained", "behaviour": "unwanted_sexting"},
        set(),
        {"request_removal_helpwanted"},
    ),
    (
        "no removal: no images, grooming",
        {"images": "none", "behaviour": "grooming"},
        set(),
        {"request_removal_helpwanted"},
    ),
    # --- contact_police
    *[
        (f"police: other_party {v}", {"other_party": v}, {"contact_police"}, set())
        for v in ("adult", "staff")
    ],
    *[
        (f"police: {b}", {"behaviour": b}, {"contact_police"}, set())
        for b in ("sextortion", "grooming", "revenge_porn", "spreading_sexual_violence")
    ],
    ("police: coercion", {"coercion": "yes"}, {"contact_police"}, set()),
    *[
        (f"police: spreading, {a}", {"images": "spreading", "age": a}, {"contact_police"}, set())
        for a in MINOR_AGES
    ],
    (
        "no police: spreading, adult victim",
        {"images": "spreading", "age": "18_plus"},
        set(),
        {"contact_police"},
    ),
    (
        "no police: contained, minor",
        {"images": "contained", "age": "12_15"},
        set(),
        {"contact_police"},
    ),
    ("no police: neutral peer case", {}, set(), {"contact_police"}),
    (
        "no police: family, sexting",
        {"other_party": "family", "behaviour": "unwanted_sexting"},
        set(),
        {"contact_police"},
    ),
    # --- do_not_pay_or_comply and preserve_evidence_without_images
    (
        "sextortion",
        {"behaviour": "sextortion"},
        {"do_not_pay_or_comply", "preserve_evidence_without_images"},
        set(),
    ),
    (
        "coercion",
        {"coercion": "yes"},
        {"do_not_pay_or_comply", "preserve_evidence_without_images"},
        set(),
    ),
    (
        "no coercion",
        {"coercion": "no"},
        set(),
        {"do_not_pay_or_comply", "preserve_evidence_without_images"},
    ),
    (
        "grooming: evidence, no payment step",
        {"behaviour": "grooming"},
        {"preserve_evidence_without_images"},
        {"do_not_pay_or_comply"},
    ),
    # --- staff: board at once and police; vertrouwensinspecteur in education
    *[
        (
            f"staff at {s}",
            {"other_party": "staff", "setting": s},
            {"inform_school_board", "contact_police", "consult_vertrouwensinspecteur"},
            set(),
        )
        for s in SCHOOLS
    ],
    *[
        (
            f"staff at {s}",
            {"other_party": "staff", "setting": s},
            {"inform_school_board", "contact_police"},
            {"consult_vertrouwensinspecteur"},
        )
        for s in NOT_SCHOOLS
    ],
    *[
        (
            f"no board: {v}",
            {"other_party": v},
            set(),
            {"inform_school_board", "consult_vertrouwensinspecteur"},
        )
        for v in ("peer", "adult", "family")
    ],
    # --- Centrum Seksueel Geweld for recent physical sexual violence
    ("offline recent", {"offline_abuse": "recent"}, {"refer_centrum_seksueel_geweld"}, set()),
    *[
        (f"offline {v}", {"offline_abuse": v}, set(), {"refer_centrum_seksueel_geweld"})
        for v in ("earlier", "no")
    ],
    # --- Meldcode: report when minor/unknown age and staff or family
    *[
        (
            f"report: {a}, {p}",
            {"age": a, "other_party": p},
            {"report_veilig_thuis"},
            {"consult_veilig_thuis", "explain_meldcode_peer"},
        )
        for a in (*MINOR_AGES, "unknown")
        for p in ("staff", "family")
    ],
    (
        "adult victim, staff: no report",
        {"age": "18_plus", "other_party": "staff"},
        set(),
        {"report_veilig_thuis", "consult_veilig_thuis"},
    ),
    (
        "adult victim, family: advice",
        {"age": "18_plus", "other_party": "family"},
        {"consult_veilig_thuis"},
        {"report_veilig_thuis"},
    ),
    # --- otherwise consult: adult/unknown other party, under 12, offline abuse not "no"
    *[
        (
            f"consult: adult, {a}",
            {"other_party": "adult", "age": a},
            {"consult_veilig_thuis"},
            {"report_veilig_thuis"},
        )
        for a in ALL_AGES
    ],
    ("consult: other party unknown", {"other_party": "unknown"}, {"consult_veilig_thuis"}, set()),
    (
        "consult: peer, under 12",
        {"age": "under_12"},
        {"consult_veilig_thuis", "explain_meldcode_peer"},
        {"report_veilig_thuis"},
    ),
    *[
        (
            f"consult: peer, offline {v}",
            {"offline_abuse": v},
            {"consult_veilig_thuis"},
            {"report_veilig_thuis"},
        )
        for v in ("recent", "earlier", "unknown")
    ],
    (
        "peer, 16-17, no offline abuse: explain only",
        {},
        {"explain_meldcode_peer"},
        {"consult_veilig_thuis", "report_veilig_thuis"},
    ),
    *[
        (f"no peer explanation: {v}", {"other_party": v}, set(), {"explain_meldcode_peer"})
        for v in ("adult", "staff", "family")
    ],
    # --- peers and bystanders
    ("peer: talk with them", {}, {"talk_with_involved_peers"}, set()),
    *[
        (f"not peer: {v}", {"other_party": v}, set(), {"talk_with_involved_peers"})
        for v in ("adult", "staff", "family")
    ],
    ("spreading: bystanders", {"images": "spreading"}, {"address_bystanders"}, set()),
    *[
        (f"no bystanders: {v}", {"images": v}, set(), {"address_bystanders"})
        for v in ("contained", "none")
    ],
    # --- Halt for lighter peer cases, 12-17, no coercion (added from the domain brief)
    *[
        (
            f"halt: {a}",
            {"behaviour": "unwanted_sexting", "images": "spreading", "age": a},
            {"consider_halt"},
            set(),
        )
        for a in ("12_15", "16_17")
    ],
    *[
        (
            f"no halt: {name}",
            {"behaviour": "unwanted_sexting", "images": "spreading", **change},
            set(),
            {"consider_halt"},
        )
        for name, change in [
            ("coercion", {"coercion": "yes"}),
            ("coercion unknown", {"coercion": "unknown"}),
            ("under 12", {"age": "under_12"}),
            ("18+", {"age": "18_plus"}),
            ("age unknown", {"age": "unknown"}),
            ("adult", {"other_party": "adult"}),
            ("with sextortion", {"behaviour": ["unwanted_sexting", "sextortion"]}),
            ("revenge", {"behaviour": "revenge_porn"}),
        ]
    ],
    (
        "no halt: only unsolicited content",
        {"images": "spreading", "age": "12_15"},
        set(),
        {"consider_halt"},
    ),
]


@pytest.mark.parametrize(
    ("changes", "present", "absent"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_rule_table(rules, changes, present, absent):
    codes = set(build_plan(answers(**changes), rules).codes)
    assert present <= codes, f"missing: {sorted(present - codes)}"
    assert not (absent & codes), f"should not be there: {sorted(absent & codes)}"


def test_every_step_in_the_content_is_covered_by_the_table(rules):
    """A new step in the content needs a row here (or in the always list)."""
    covered = set(ALWAYS)
    for _id, _changes, present, absent in ROWS:
        covered |= present | absent
    assert {s.code for s in rules.steps} <= covered


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"danger": "yes"},
        {"other_party": "staff"},
        {"behaviour": "sextortion", "images": "spreading"},
        {"age": "18_plus", "setting": "sport"},
        {"danger": None},
    ],
)
def test_always_steps(rules, changes):
    codes = build_plan(answers(**changes), rules).codes
    assert set(ALWAYS) <= set(codes)


def test_call_112_comes_first(rules):
    plan = build_plan(
        answers(danger="yes", other_party="staff", behaviour="sextortion", offline_abuse="recent"),
        rules,
    )
    assert plan.steps[0].code == "call_112"
    assert plan.steps[0].phase == "now"
    assert plan.steps[0].contacts == ("emergency_112",)


def test_image_step_is_in_now(rules):
    plan = build_plan(answers(images="contained"), rules)
    step = next(s for s in plan.steps if s.code == "no_viewing_images")
    assert step.phase == "now"
    assert "never_view_images" in [n.key for n in plan.never_do]


def test_board_and_csg_are_immediate(rules):
    plan = build_plan(answers(other_party="staff", offline_abuse="recent"), rules)
    phases = {s.code: s.phase for s in plan.steps}
    assert phases["inform_school_board"] == "now"
    assert phases["refer_centrum_seksueel_geweld"] == "now"


@pytest.mark.parametrize(
    ("changes", "key", "certain"),
    [
        ({"coercion": "unknown"}, "do_not_pay_or_comply", False),
        ({"coercion": "yes"}, "do_not_pay_or_comply", True),
        ({"offline_abuse": "unknown"}, "refer_centrum_seksueel_geweld", False),
        ({"other_party": "unknown"}, "inform_school_board", False),
        ({"other_party": "unknown"}, "report_veilig_thuis", False),
        ({"other_party": "unknown"}, "consult_veilig_thuis", True),
        ({"images": "unknown"}, "address_bystanders", False),
        ({"images": "unknown"}, "request_removal_helpwanted", True),
        ({"age": "unknown"}, "weigh_informing_parents", True),
        ({"behaviour": None}, "contact_police", False),
    ],
)
def test_unknown_answers_add_steps_marked_as_uncertain(rules, changes, key, certain):
    step = next(s for s in build_plan(answers(**changes), rules).steps if s.code == key)
    assert step.certain is certain
    assert bool(step.if_unsure_nl) is (not certain)


ROLES = [
    ("po", "intern begeleider"),
    ("vo", "zorgcoördinator"),
    ("so", "intern begeleider of zorgcoördinator"),
    ("mbo", "studieloopbaanbegeleider"),
    ("sport", "vertrouwenscontactpersoon"),
    ("youth_work", "leidinggevende"),
    ("other", "vertrouwenspersoon"),
    (None, "aandachtsfunctionaris"),
]


@pytest.mark.parametrize(("setting", "role"), ROLES)
def test_role_for_the_setting(rules, setting, role):
    plan = build_plan(answers(setting=setting), rules)
    step = next(s for s in plan.steps if s.code == "inform_designated_person")
    assert role in step.how_nl
    assert "{role}" not in step.how_nl + step.how_en
    if setting in ("po", "vo", "so", "mbo"):
        assert "aandachtsfunctionaris" in step.how_nl


@pytest.mark.parametrize(
    ("setting", "board"),
    [
        ("vo", "bevoegd gezag"),
        ("mbo", "bevoegd gezag"),
        ("sport", "bestuur van de club"),
        ("youth_work", "directie of het bestuur"),
    ],
)
def test_board_for_the_setting(rules, setting, board):
    plan = build_plan(answers(other_party="staff", setting=setting), rules)
    step = next(s for s in plan.steps if s.code == "inform_school_board")
    assert board in step.title_nl + step.how_nl
    assert "{board}" not in step.title_en + step.how_en


@pytest.mark.parametrize(
    ("source", "words"),
    [("disclosed", "kwam zelf"), ("reported", "iemand anders"), ("observed", "zelf")],
)
def test_notes_follow_how_you_know(rules, source, words):
    plan = build_plan(answers(source=source), rules)
    talk = next(s for s in plan.steps if s.code == "talk_with_young_person")
    assert len(talk.notes) == 1
    assert words in talk.notes[0].text_nl


@pytest.mark.parametrize(
    ("changes", "present", "absent"),
    [
        (
            {},
            {"never_blame", "never_promise_secrecy", "never_alone"},
            {"never_view_images", "never_pay", "never_question_details", "never_confront_suspect"},
        ),
        ({"images": "spreading"}, {"never_view_images"}, set()),
        ({"images": "unknown"}, {"never_view_images"}, set()),
        ({"behaviour": "sextortion"}, {"never_pay", "never_delete_evidence"}, set()),
        ({"coercion": "yes"}, {"never_pay", "never_delete_evidence"}, set()),
        ({"offline_abuse": "recent"}, {"never_question_details"}, set()),
        ({"other_party": "staff"}, {"never_confront_suspect"}, set()),
    ],
)
def test_never_do_list(rules, changes, present, absent):
    keys = {n.key for n in build_plan(answers(**changes), rules).never_do}
    assert present <= keys
    assert not (absent & keys)


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({"other_party": "family", "age": "12_15"}, True),
        ({"other_party": "adult"}, True),
        ({}, True),  # peer: the Meldcode is optional, the steps are shown
        ({"other_party": "staff", "age": "18_plus"}, False),
    ],
)
def test_meldcode_guides_where_they_apply(rules, changes, shown):
    keys = [g.key for g in build_plan(answers(**changes), rules).guides]
    assert keys == (["meldcode_steps", "afwegingskader"] if shown else [])


def test_guides_have_five_items_in_both_languages(rules):
    for guide in rules.guides:
        assert len(guide.items_nl) == 5
        assert len(guide.items_en) == 5


@pytest.mark.parametrize(
    ("changes", "present", "absent"),
    [
        ({"age": "12_15"}, {"kindertelefoon", "wtfff", "sense_info", "chat_met_fier"}, set()),
        ({"age": "under_12"}, {"kindertelefoon"}, {"wtfff", "sense_info"}),
        ({"age": "18_plus"}, {"wtfff"}, {"kindertelefoon"}),
        ({"danger": "yes"}, {"emergency_112"}, set()),
        ({"images": "spreading"}, {"helpwanted", "politie"}, set()),
        (
            {"other_party": "staff", "setting": "vo"},
            {"vertrouwensinspecteurs", "veilig_thuis"},
            set(),
        ),
        ({"offline_abuse": "recent"}, {"centrum_seksueel_geweld"}, set()),
    ],
)
def test_plan_contacts(rules, changes, present, absent):
    plan = build_plan(answers(**changes), rules)
    assert present <= set(plan.contacts)
    assert not (absent & set(plan.contacts))
    assert len(plan.contacts) == len(set(plan.contacts))
    needed = [k for s in plan.steps for k in s.contacts]
    assert set(plan.contacts) == set(needed)


def test_catalogue_forms_follow_the_behaviour(rules):
    plan = build_plan(answers(behaviour=["other", "sextortion", "unwanted_sexting"]), rules)
    assert plan.form_keys == ("unwanted_sexting", "sextortion")
    assert build_plan(answers(behaviour=None), rules).form_keys == ()


def test_phases_in_order_and_every_step_cites_a_source(rules):
    plan = build_plan({}, rules)
    order = [PHASES.index(s.phase) for s in plan.steps]
    assert order == sorted(order)
    for step in rules.steps:
        assert step.source_url.startswith("https://")
        assert step.checked_on is not None
        assert step.title_en and step.why_en and step.how_en, step.code


def test_every_text_has_english(rules):
    for question in rules.questions:
        assert question.question_en and question.short_en
        assert all(o.label_en for o in question.options)
    for item in rules.never_do:
        assert item.text_en
    for step in rules.steps:
        for note in step.notes:
            assert note.text_en
        if step.if_unsure_nl:
            assert step.if_unsure_en
