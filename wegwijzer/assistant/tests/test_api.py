"""GET /api/v1/assistant/plan: the same plan as the pure rules, 400 for bad values naming the
parameter and the allowed values, missing = unknown, no-store, documented in OpenAPI."""

from urllib.parse import urlencode

import pytest

from wegwijzer.assistant.answers import QUESTION_VALUES
from wegwijzer.assistant.rules import PHASES, build_plan
from wegwijzer.assistant.selectors import ruleset_from_db
from wegwijzer.assistant.tests.conftest import BASE

pytestmark = pytest.mark.django_db

API = "/api/v1/assistant/plan"


def pairs(answers: dict) -> list[tuple[str, str]]:
    result = []
    for key, value in answers.items():
        result += (
            [(key, v) for v in sorted(value)] if isinstance(value, frozenset) else [(key, value)]
        )
    return result


def get(client, answers=None, **headers):
    return client.get(API + ("?" + urlencode(pairs(answers)) if answers else ""), **headers)


@pytest.mark.parametrize(
    "answers",
    [
        BASE,
        {**BASE, "danger": "yes", "other_party": "staff", "age": "12_15"},
        {"behaviour": frozenset({"sextortion", "grooming"}), "images": "spreading"},
        {},
    ],
)
def test_plan_matches_the_rules_in_order(client, answers):
    response = get(client, answers)
    assert response.status_code == 200
    body = response.json()
    expected = build_plan(answers, ruleset_from_db())
    assert [s["code"] for s in body["steps"]] == expected.codes
    assert [s["phase"] for s in body["steps"]] == [s.phase for s in expected.steps]
    phases = [PHASES.index(s["phase"]) for s in body["steps"]]
    assert phases == sorted(phases)
    assert [n["key"] for n in body["never_do"]] == [n.key for n in expected.never_do]
    assert [c["key"] for c in body["contacts"]] == list(expected.contacts)
    for step in body["steps"]:
        assert {"code", "phase", "title", "why", "how", "contacts", "source"} <= set(step)
        assert step["source"]["url"].startswith("https://")


def test_danger_yes_first_step_and_numbers(client):
    body = get(client, {**BASE, "danger": "yes"}).json()
    assert body["steps"][0]["code"] == "call_112"
    assert body["steps"][0]["title"] == "Bel 112"
    assert body["steps"][0]["contacts"] == ["emergency_112"]
    contacts = {c["key"]: c for c in body["contacts"]}
    assert contacts["emergency_112"]["phone"] == "112"
    assert [c["key"] for c in body["emergency_contacts"]] == ["emergency_112", "veilig_thuis"]


def test_missing_parameters_count_as_unknown(client):
    explicit = {k: "unknown" for k, v in QUESTION_VALUES.items() if "unknown" in v}
    missing = get(client).json()
    given = get(client, explicit).json()
    assert [s["code"] for s in missing["steps"]] == [s["code"] for s in given["steps"]]
    assert "check_acute_danger" in [s["code"] for s in missing["steps"]]
    assert missing["answers"]["danger"] == "unknown"
    assert missing["answers"]["behaviour"] == []
    assert set(missing["unknown"]) == set(QUESTION_VALUES)


@pytest.mark.parametrize(
    ("query", "parameter", "allowed"),
    [
        ("danger=maybe", "danger", ["yes", "no", "unknown"]),
        ("behaviour=sextortion&behaviour=nudes", "behaviour", list(QUESTION_VALUES["behaviour"])),
        ("age=15", "age", list(QUESTION_VALUES["age"])),
        ("setting=unknown", "setting", list(QUESTION_VALUES["setting"])),
        ("source=", "source", list(QUESTION_VALUES["source"])),
        ("danger=yes&danger=no", "danger", ["yes", "no", "unknown"]),
        ("lang=de", "lang", ["nl", "en"]),
    ],
)
def test_bad_values_give_400_naming_parameter_and_allowed_values(client, query, parameter, allowed):
    response = client.get(f"{API}?{query}")
    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["detail"] == "Ongeldige parameter(s)."
    error = body["errors"][0]
    assert error["parameter"] == parameter
    assert error["allowed"] == allowed
    assert parameter in error["message"] and allowed[0] in error["message"]


def test_languages(client):
    dutch = get(client, BASE).json()
    assert dutch["language"] == "nl"
    english = get(client, BASE, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").json()
    assert english["language"] == "en"
    titles = {s["code"]: s["title"] for s in english["steps"]}
    assert titles["inform_designated_person"] == "Involve the right colleague straight away"
    assert english["web_url"].startswith("http://testserver/en/er-is-iets-gebeurd/plan/?")
    by_param = client.get(f"{API}?lang=en").json()
    assert by_param["language"] == "en"
    assert client.get(f"{API}?lang=nl", HTTP_ACCEPT_LANGUAGE="en").json()["language"] == "nl"


def test_no_store_and_no_cookies(client):
    response = get(client, BASE)
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert response["Content-Language"] == "nl"


def test_uncertain_steps_say_when_they_apply(client):
    body = get(client, {**BASE, "other_party": "unknown"}).json()
    steps = {s["code"]: s for s in body["steps"]}
    assert steps["inform_school_board"]["certain"] is False
    assert steps["inform_school_board"]["if_unsure"]
    assert steps["inform_designated_person"]["certain"] is True
    assert steps["inform_designated_person"]["if_unsure"] is None
    assert "other_party" in body["unknown"]


def test_guides_and_role(client):
    body = get(client, {**BASE, "other_party": "family", "age": "under_12", "setting": "po"}).json()
    assert [g["key"] for g in body["guides"]] == ["meldcode_steps", "afwegingskader"]
    assert len(body["guides"][0]["items"]) == 5
    how = {s["code"]: s["how"] for s in body["steps"]}
    assert "intern begeleider" in how["inform_designated_person"]


def test_web_url_opens_the_same_plan(client):
    body = get(client, {**BASE, "behaviour": frozenset({"sextortion"})}).json()
    page = client.get(body["web_url"].removeprefix("http://testserver"))
    assert page.status_code == 200
    for step in body["steps"]:
        assert f'data-code="{step["code"]}"' in page.content.decode()


def test_openapi_documents_the_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][API]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(QUESTION_VALUES) | {"lang"} <= set(params)
    assert params["danger"]["schema"]["enum"] == ["yes", "no", "unknown"]
    assert params["behaviour"]["schema"]["items"]["enum"] == list(QUESTION_VALUES["behaviour"])
    assert {"200", "400"} <= set(operation["responses"])
    plan_schema = schema["components"]["schemas"]["PlanOut"]
    assert {"steps", "never_do", "contacts", "guides"} <= set(plan_schema["properties"])


def test_only_get(client):
    assert client.post(API).status_code == 405
