"""Open data API: /api/v1/tools (+ .csv and /{key}), /organisations, /forms, the OpenAPI
schema, bad parameters, and a property test that no input gives a 500."""

import csv
import io
import json

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from wegwijzer.catalog import selectors
from wegwijzer.catalog.filters import parse_query
from wegwijzer.catalog.models import Status, Tool
from wegwijzer.knowledge.models import FormOfBehaviour, Organisation

pytestmark = pytest.mark.django_db

API = "/api/v1"


def expected_keys(qs: str) -> set[str]:
    query, problems = parse_query(QueryDict(qs), form_keys=selectors.form_keys())
    assert not problems
    return {t.key for t in selectors.filtered_tools(query=query)}


def all_pages(client, qs: str) -> list[dict]:
    results, page = [], 1
    while True:
        data = client.get(f"{API}/tools?{qs}&page={page}&page_size=7").json()
        results += data["results"]
        if page >= data["pages"]:
            return results
        page += 1


def test_list_has_count_pages_and_results(client):
    response = client.get(f"{API}/tools")
    assert response.status_code == 200
    data = response.json()
    total = Tool.objects.filter(status=Status.CURRENT).count()
    assert data["count"] == total
    assert data["page"] == 1 and data["page_size"] == 20
    assert data["pages"] == -(-total // 20)
    assert len(data["results"]) == min(20, total)
    assert {"audience", "setting", "age", "form", "kind", "basis", "cost"} == set(data["facets"])


@pytest.mark.parametrize(
    "qs",
    [
        "q=sexting",
        "audience=parents",
        "setting=vo&setting=po",
        "age=13-15",
        "age=14",
        "form=sextortion&form=grooming",
        "kind=protocol",
        "basis=onderbouwing",
        "cost=free",
        "q=naaktfoto%27s&setting=vo&cost=free",
        "sort=title",
    ],
)
def test_filters_equal_the_catalogue(client, qs):
    results = all_pages(client, qs)
    assert {r["key"] for r in results} == expected_keys(qs)
    assert len(results) == len({r["key"] for r in results})  # no page overlap


def test_pages_beyond_the_last_are_empty(client):
    data = client.get(f"{API}/tools?page=500").json()
    assert data["results"] == [] and data["count"] > 0


def test_tool_fields(client):
    data = client.get(f"{API}/tools/lang_leve_de_liefde_onderbouw").json()
    assert data["key"] == "lang_leve_de_liefde_onderbouw"
    assert data["url"] == "http://testserver/hulpmiddelen/lang_leve_de_liefde_onderbouw/"
    assert data["title"]["nl"] == "Lang Leve de Liefde - onderbouw"
    assert {p["key"] for p in data["providers"]} == {"soa_aids_nederland", "rutgers"}
    assert data["kind"] == "lesson_series"
    assert data["audiences"] == ["pupils", "staff"]
    assert data["settings"] == ["vo"]
    assert (data["age_min"], data["age_max"]) == (13, 15)
    assert data["forms"] == ["unwanted_sexting"]
    assert data["basis"] == "onderbouwing"
    assert data["recognition"]["level"] == "Goede aanwijzingen voor effectiviteit"
    assert data["recognition"]["date"] == "2021-04-15"
    assert data["cost"] == "unknown"
    assert data["source"]["url"].startswith("https://interventies.loketgezondleven.nl/")
    assert data["checked_on"] == "2026-11-22"


def test_unknown_tool_is_404(client):
    response = client.get(f"{API}/tools/bestaat-niet")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("qs", "parameter", "allowed"),
    [
        ("audience=kids", "audience", "pupils"),
        ("setting=uni", "setting", "vo"),
        ("kind=book", "kind", "lesson_series"),
        ("basis=strong", "basis", "onderbouwing"),
        ("cost=cheap", "cost", "free"),
        ("form=bullying", "form", "sextortion"),
        ("age=old", "age", "13-15"),
        ("sort=random", "sort", "title"),
        ("include_retired=maybe", "include_retired", "1"),
    ],
)
def test_bad_values_give_400_naming_parameter_and_allowed_values(client, qs, parameter, allowed):
    for path in ("/tools", "/tools.csv"):
        response = client.get(f"{API}{path}?{qs}")
        assert response.status_code == 400, path
        errors = response.json()["errors"]
        assert [e["parameter"] for e in errors] == [parameter]
        assert allowed in errors[0]["allowed"]
        assert errors[0]["message"]


@pytest.mark.parametrize("qs", ["page=0", "page=x", "page_size=0", "page_size=1000"])
def test_bad_paging_gives_400(client, qs):
    response = client.get(f"{API}/tools?{qs}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] in ("page", "page_size")


def test_too_long_search_text_gives_400(client):
    response = client.get(f"{API}/tools?q=" + "x" * 300)
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "q"


def test_retired_tools_only_on_request(client, make_tool):
    tool = make_tool(status="retired")
    assert tool.key not in {r["key"] for r in all_pages(client, "")}
    assert tool.key in {r["key"] for r in all_pages(client, "include_retired=1")}
    assert client.get(f"{API}/tools/{tool.key}").json()["status"] == "retired"


def test_csv_export(client):
    response = client.get(f"{API}/tools.csv?setting=vo&cost=free")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert {r["key"] for r in rows} == expected_keys("setting=vo&cost=free")
    row = rows[0]
    assert row["url"].startswith("http://testserver/hulpmiddelen/")
    assert "vo" in row["settings"].split(";")
    assert row["cost"] == "free"
    full = client.get(f"{API}/tools.csv").content.decode("utf-8")
    assert (
        len(list(csv.DictReader(io.StringIO(full))))
        == Tool.objects.filter(status=Status.CURRENT).count()
    )


def test_csv_escapes_spreadsheet_formulas(client, make_tool):
    make_tool(title_nl="=HYPERLINK(1)", summary_nl="+cmd")
    rows = list(csv.DictReader(io.StringIO(client.get(f"{API}/tools.csv").content.decode())))
    row = next(r for r in rows if r["title_nl"].endswith("HYPERLINK(1)"))
    assert row["title_nl"] == "'=HYPERLINK(1)"
    assert row["summary_nl"] == "'+cmd"


def test_organisations(client):
    data = client.get(f"{API}/organisations").json()
    assert len(data) == Organisation.objects.count()
    rutgers = next(o for o in data if o["key"] == "rutgers")
    assert "kriebels_in_je_buik" in rutgers["tools"]
    assert rutgers["website"].startswith("https://")


def test_forms_with_synonyms(client):
    data = client.get(f"{API}/forms").json()
    assert [f["key"] for f in data] == list(FormOfBehaviour.objects.values_list("key", flat=True))
    unwanted = next(f for f in data if f["key"] == "unwanted_sexting")
    assert "nudes doorsturen" in unwanted["synonyms"]["nl"]
    assert unwanted["tools"]


def test_openapi_schema_is_valid_and_lists_the_parameters(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(json.loads(json.dumps(schema)))
    operation = schema["paths"]["/api/v1/tools"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {
        "q",
        "audience",
        "setting",
        "age",
        "form",
        "kind",
        "basis",
        "cost",
        "sort",
        "include_retired",
        "page",
        "page_size",
    } <= names
    audience = next(p for p in operation["parameters"] if p["name"] == "audience")
    assert audience["schema"]["items"]["enum"] == ["pupils", "staff", "parents", "policy_makers"]
    for path in (
        "/api/v1/tools.csv",
        "/api/v1/tools/{key}",
        "/api/v1/organisations",
        "/api/v1/forms",
    ):
        assert path in schema["paths"]


def test_api_is_not_cached_and_sets_no_cookies(client):
    response = client.get(f"{API}/tools")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


NASTY = [
    "q=%00",
    "q=%ff%fe",
    "q=" + "%C3%A9" * 150,
    "q='; DROP TABLE catalog_tool;--",
    'q="unterminated',
    "q=NEAR(a b)",
    "q=a* OR b",
    "q=%E2%80%AE",
    "q=<script>",
    "q=&&&|||!!",
    "age=-1",
    "age=99-100",
    "age=1-2-3",
    "age=%00",
    "page=-1",
    "page=1e3",
    "page=%00",
    "page_size=abc",
    "audience=",
    "audience=%00",
    "form=../../etc",
    "kind=" + "a" * 5000,
    "sort=",
    "include_retired=%00",
    "setting=vo&setting=vo&setting=vo",
    "q[]=x",
    "form[0]=x",
]


@pytest.mark.parametrize("qs", NASTY)
def test_nasty_inputs_never_give_500(client, qs):
    for path in (f"{API}/tools", f"{API}/tools.csv", "/hulpmiddelen/"):
        assert client.get(f"{path}?{qs}").status_code in (200, 400), (path, qs)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "q",
                    "audience",
                    "setting",
                    "age",
                    "form",
                    "kind",
                    "basis",
                    "cost",
                    "sort",
                    "page",
                    "page_size",
                    "include_retired",
                    "x",
                ]
            ),
            st.text(max_size=40),
        ),
        max_size=6,
    )
)
def test_no_input_gives_a_500(client, params):
    from urllib.parse import urlencode

    qs = urlencode(params)
    for path in (f"{API}/tools", f"{API}/tools.csv", "/hulpmiddelen/"):
        assert client.get(f"{path}?{qs}").status_code in (200, 400), (path, qs)
