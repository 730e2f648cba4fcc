"""The assistant's pages over HTTP: each page, errors, bad values, privacy (no-store, no
cookies, nothing stored or logged) and the download."""

import logging
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wegwijzer.assistant import models as m
from wegwijzer.assistant.answers import QUESTION_IDS
from wegwijzer.assistant.public_pages import MANY_STEPS, STAFF, TYPICAL
from wegwijzer.knowledge.models import HelpContact

pytestmark = pytest.mark.django_db

START = "/er-is-iets-gebeurd/"


def url(name: str, pairs=(), **kwargs) -> str:
    """The URL as the app writes it: answers in the questions' fixed order, then the rest."""
    order = {key: i for i, key in enumerate(QUESTION_IDS)}
    pairs = sorted(pairs, key=lambda p: order.get(p[0], len(order)))
    return reverse(f"assistant:{name}", kwargs=kwargs or None) + (
        "?" + urlencode(pairs) if pairs else ""
    )


def href(target: str) -> str:
    return 'href="' + target.replace("&", "&amp;") + '"'


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies, f"cookies set: {list(response.cookies)}"
    assert "Set-Cookie" not in response


def test_home_page_button_leads_to_the_assistant(client):
    html = client.get("/").content.decode()
    assert f'href="{START}"' in html


def test_start_page_is_the_first_question_and_says_nothing_is_stored(client):
    response = client.get(START)
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert re.search(r"<legend[^>]*>\s*<h1[^>]*>Is iemand nu in acuut gevaar\?</h1>", html)
    assert html.count("<h1") == 1
    assert 'method="get"' in html and "csrfmiddlewaretoken" not in html
    assert 'type="radio"' in html and "Weet ik niet" in html
    assert "We slaan niets op" in html
    assert 'href="tel:112"' in html and "0800-2000" in html  # 112 and Veilig Thuis
    assert 'type="file"' not in html


def test_english_start_page(client):
    html = client.get("/en" + START).content.decode()
    assert "Is anyone in acute danger right now?" in html
    assert "We store nothing about what happened" in html


def test_answering_goes_to_the_next_question_with_the_answers_in_the_url(client):
    response = client.get(START, {"danger": "no", "answered": "danger"})
    assert response.status_code == 302
    assert response["Location"] == url("question", [("danger", "no")], key="behaviour")
    assert_private(response)


def test_missing_answer_shows_the_error_summary_on_the_same_page(client):
    response = client.get(
        url("question", [("danger", "no"), ("answered", "behaviour")], key="behaviour")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="ww-error-summary"' in html and "Er is een probleem" in html
    assert 'href="#behaviour-unwanted-sexting"' in html
    assert 'id="behaviour-unwanted-sexting"' in html
    assert 'id="question-error"' in html and "Kies minstens één antwoord." in html
    assert "<title>Fout:" in html
    single = client.get(START, {"answered": "danger"}).content.decode()
    assert "Kies een antwoord." in single


def test_question_page_keeps_earlier_answers_and_shows_the_current_one(client):
    pairs = [("danger", "no"), ("behaviour", "sextortion"), ("images", "spreading")]
    html = client.get(url("question", pairs, key="images")).content.decode()
    assert '<input type="hidden" name="danger" value="no">' in html
    assert '<input type="hidden" name="behaviour" value="sextortion">' in html
    assert 'name="images" value="spreading"' not in html.split("hidden")[0]
    assert re.search(r'value="spreading" checked', html)
    assert href(url("question", pairs, key="behaviour")) in html  # back link


def test_skipped_question_redirects_onwards(client):
    pairs = [
        ("danger", "no"),
        ("behaviour", "sextortion"),
        ("images", "none"),
        ("other_party", "peer"),
        ("age", "12_15"),
    ]
    response = client.get(url("question", pairs, key="coercion"))
    assert response.status_code == 302
    assert "/vraag/offline_abuse/" in response["Location"]


def test_last_answer_leads_to_the_check_page(client):
    pairs = [p for p in TYPICAL if p[0] != "source"]
    response = client.get(
        url("question", [*pairs, ("source", "observed"), ("answered", "source")], key="source")
    )
    assert response.status_code == 302
    assert response["Location"].startswith(url("check"))


def test_check_page_lists_answers_with_change_links(client):
    response = client.get(url("check", TYPICAL))
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert html.count('class="ww-summary-list__row"') == 9
    assert "Ja, en ze worden verder verspreid" in html
    assert href(url("question", [*TYPICAL, ("change", "1")], key="images")) in html
    assert href(url("plan", TYPICAL)) in html


def test_change_returns_to_the_check_page(client):
    pairs = [p for p in TYPICAL if p[0] != "images"]
    response = client.get(
        url(
            "question",
            [*pairs, ("images", "contained"), ("answered", "images"), ("change", "1")],
            key="images",
        )
    )
    assert response.status_code == 302
    assert response["Location"].startswith(url("check"))
    assert "images=contained" in response["Location"]


def test_check_page_with_unanswered_questions(client):
    html = client.get(url("check", [("danger", "no")])).content.decode()
    assert "Niet beantwoord" in html
    assert "Beantwoord de overige vragen" in html


def test_plan_page(client):
    response = client.get(url("plan", TYPICAL))
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert html.count("<h1") == 1
    codes = re.findall(r'data-code="([a-z_0-9]+)"', html)
    assert codes[:2] == ["no_viewing_images", "inform_designated_person"]
    assert "explain_meldcode_peer" in codes and "call_112" not in codes
    assert "Doe dit nooit" in html and "Bekijk, kopieer, bewaar" in html
    assert "De vijf stappen van de meldcode" in html
    assert "zorgcoördinator" in html  # the role for vo
    assert "Bron:" in html and "https://helpwanted.nl/" in html
    assert 'href="tel:0202615275"' in html  # Helpwanted, from the contacts
    assert "data-print hidden" in html and "/static/assistant/print.js" in html
    assert href(url("download", TYPICAL)) in html


def test_plan_with_many_steps_and_unknown_answers(client):
    html = client.get(url("plan", MANY_STEPS)).content.decode()
    assert "Niet bekend of niet beantwoord" in html
    assert "Geldt dit?" in html
    assert len(re.findall(r'data-code="', html)) >= 18


def test_staff_case_in_english(client):
    html = client.get("/en" + url("plan", STAFF)).content.decode()
    assert "Call 112" in html
    assert "the school board (bevoegd gezag)" in html
    assert re.findall(r'data-code="([a-z_0-9]+)"', html)[0] == "call_112"


def test_skip_link_leads_to_a_plan_with_what_is_known(client):
    pairs = [("danger", "no"), ("behaviour", "unwanted_sexting")]
    html = client.get(url("question", pairs, key="images")).content.decode()
    assert href(url("plan", pairs)) in html
    assert "Geen tijd?" in html


@pytest.mark.parametrize(
    "query",
    [
        "danger=maybe",
        "behaviour=sexting",
        "danger=yes&danger=no",
        "age=",
        "setting=unknown",
    ],
)
@pytest.mark.parametrize("name", ["start", "check", "plan", "download"])
def test_bad_values_give_a_clear_dutch_400(client, name, query):
    response = client.get(url(name) + "?" + query)
    assert response.status_code == 400
    assert_private(response)
    html = response.content.decode()
    assert "Deze link werkt niet" in html
    assert "Begin opnieuw" in html


def test_bad_value_names_the_question_and_the_allowed_values(client):
    html = client.get(url("plan") + "?danger=maybe").content.decode()
    assert "maybe" in html and "yes, no, unknown" in html and "Acuut gevaar" in html


def test_unknown_question_is_404(client):
    assert client.get("/er-is-iets-gebeurd/vraag/naam/").status_code == 404


@pytest.mark.parametrize("name", ["start", "check", "plan", "download"])
def test_only_get(client, name):
    assert client.post(url(name)).status_code == 405


def test_download_is_a_self_contained_html_file(client):
    response = client.get(url("download", STAFF))
    assert response.status_code == 200
    assert_private(response)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="wegwijzer-stappenplan-\d{4}-\d{2}-\d{2}\.html"',
        response["Content-Disposition"],
    )
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert "<style>" in html and ".ww-plan-step" in html
    assert "<script" not in html
    assert "/static/" not in html and 'rel="stylesheet"' not in html
    assert "&gt;" not in html.split("<style>")[1].split("</style>")[0]
    assert "Bel 112" in html and "Meld het meteen bij het schoolbestuur" in html
    assert "0800-2000" in html


def test_nothing_about_the_incident_is_stored(client, django_assert_max_num_queries):
    models = [
        m.AssistantQuestion,
        m.AssistantStep,
        m.AssistantNeverDo,
        m.AssistantGuide,
        HelpContact,
    ]
    before = [model.objects.count() for model in models]
    with django_assert_max_num_queries(20):
        client.get(url("plan", MANY_STEPS))
    client.get(url("download", MANY_STEPS))
    client.get(START, {"danger": "yes", "answered": "danger"})
    assert [model.objects.count() for model in models] == before
    from django.contrib.sessions.models import Session

    assert Session.objects.count() == 0


def test_answers_never_reach_a_log(client, caplog):
    caplog.set_level(logging.DEBUG)
    secret = [
        ("danger", "yes"),
        ("behaviour", "revenge_porn"),
        ("other_party", "family"),
        ("age", "under_12"),
        ("offline_abuse", "recent"),
        ("setting", "sport"),
    ]
    client.get(url("plan", secret))
    client.get(url("check", secret))
    client.get(url("plan", [("danger", "maybe"), ("behaviour", "revenge_porn")]))  # 400
    client.get("/api/v1/assistant/plan?" + urlencode(secret))
    text = "\n".join(r.getMessage() for r in caplog.records)
    for word in ("revenge_porn", "family", "under_12", "recent", "sport", "maybe"):
        assert word not in text


def test_gunicorn_writes_no_access_log_by_default():
    from gunicorn.config import Config

    assert Config().accesslog is None


def test_views_are_marked_public_on_purpose_but_not_cacheable():
    from django.urls import resolve

    for path in (
        START,
        "/er-is-iets-gebeurd/vraag/age/",
        "/er-is-iets-gebeurd/controleren/",
        "/er-is-iets-gebeurd/plan/",
        "/er-is-iets-gebeurd/plan/download/",
    ):
        view = resolve(path).func
        assert getattr(view, "wegwijzer_public_view", False), path
        assert not getattr(view, "wegwijzer_public", False), path


def test_unavailable_without_content(client):
    m.AssistantStep.objects.all().delete()
    response = client.get(url("plan", TYPICAL))
    assert response.status_code == 503
    assert "112" in response.content.decode()


def test_plan_suggests_catalogue_tools_for_the_behaviour(client):
    from wegwijzer.catalog.selectors import tools_for_forms

    expected = tools_for_forms(form_keys=["unwanted_sexting"], limit=5)
    assert expected, "the shipped catalogue has tools for unwanted sexting"
    html = client.get(url("plan", TYPICAL)).content.decode()
    assert "Hulpmiddelen voor de klas of groep" in html
    for tool in expected:
        assert f'href="{reverse("catalog:detail", kwargs={"key": tool.key})}"' in html


def test_plan_works_without_the_catalogue(client, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "wegwijzer.catalog.selectors", None)  # ImportError
    response = client.get(url("plan", TYPICAL))
    assert response.status_code == 200
    assert "Hulpmiddelen voor de klas of groep" not in response.content.decode()


def test_plan_survives_a_failing_catalogue(client, monkeypatch):
    from wegwijzer.catalog import selectors as catalog

    def broken(**kwargs):
        raise RuntimeError("catalogue down")

    monkeypatch.setattr(catalog, "tools_for_forms", broken)
    response = client.get(url("plan", TYPICAL))
    assert response.status_code == 200
    assert "Hulpmiddelen voor de klas of groep" not in response.content.decode()
    api = client.get("/api/v1/assistant/plan?" + urlencode(TYPICAL))
    assert api.status_code == 200 and api.json()["tools"] == []


_NAMES = st.sampled_from([*QUESTION_IDS, "answered", "change", "lang", "x"])
_VALUES = st.one_of(
    st.sampled_from(["yes", "no", "unknown", "sextortion", "12_15", "peer", "vo", "1", ""]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pairs=st.lists(st.tuples(_NAMES, _VALUES), max_size=10),
    path=st.sampled_from(
        [
            START,
            "/er-is-iets-gebeurd/vraag/age/",
            "/er-is-iets-gebeurd/vraag/behaviour/",
            "/er-is-iets-gebeurd/controleren/",
            "/er-is-iets-gebeurd/plan/",
            "/er-is-iets-gebeurd/plan/download/",
            "/api/v1/assistant/plan",
            "/en/er-is-iets-gebeurd/plan/",
        ]
    ),
)
def test_random_query_strings_never_give_a_500(client, pairs, path):
    response = client.get(path + "?" + urlencode(pairs))
    assert response.status_code in (200, 302, 400), (path, pairs, response.status_code)
    assert "no-store" in response["Cache-Control"]
