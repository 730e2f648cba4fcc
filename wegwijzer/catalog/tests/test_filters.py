"""The catalogue query as the URL holds it: parsing, checking and writing (no database)."""

import pytest
from django.http import QueryDict

from wegwijzer.catalog.filters import AgeRange, ToolQuery, parse_age, parse_query

FORMS = ["unwanted_sexting", "sextortion", "grooming"]


def parse(qs: str):
    return parse_query(QueryDict(qs), form_keys=FORMS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14", AgeRange(14, 14)),
        ("13-15", AgeRange(13, 15)),
        (" 13 - 15 ", AgeRange(13, 15)),
        ("0-99", AgeRange(0, 99)),
        ("15-13", None),
        ("100", None),
        ("-3", None),
        ("abc", None),
        ("13-", None),
        ("", None),
        ("1e3", None),
    ],
)
def test_parse_age(value, expected):
    assert parse_age(value) == expected


def test_empty_query_is_the_default():
    query, problems = parse("")
    assert problems == []
    assert query == ToolQuery()
    assert not query.is_filtered
    assert query.querystring() == ""


def test_full_query_round_trips_in_canonical_order():
    qs = (
        "cost=free&basis=onderbouwing&kind=single_lesson&kind=lesson_series&form=sextortion"
        "&age=13-15&setting=vo&audience=staff&q=sexting&sort=title&page=2&include_retired=1"
    )
    query, problems = parse(qs)
    assert problems == []
    assert query.q == "sexting"
    assert query.kind == ("lesson_series", "single_lesson")  # order of the choices
    assert query.age == (AgeRange(13, 15),)
    assert query.include_retired
    assert query.sort == "title"
    assert query.page == 2
    assert query.querystring() == (
        "?q=sexting&audience=staff&setting=vo&age=13-15&form=sextortion&kind=lesson_series"
        "&kind=single_lesson&basis=onderbouwing&cost=free&include_retired=1&sort=title&page=2"
    )
    again, _ = parse(query.querystring()[1:])
    assert again == query


def test_repeated_values_are_kept_once():
    query, problems = parse("setting=vo&setting=vo&setting=po&age=14&age=14")
    assert problems == []
    assert query.setting == ("po", "vo")
    assert query.age == (AgeRange(14, 14),)


@pytest.mark.parametrize(
    ("qs", "parameter"),
    [
        ("audience=kids", "audience"),
        ("setting=university", "setting"),
        ("kind=book", "kind"),
        ("basis=strong", "basis"),
        ("cost=cheap", "cost"),
        ("form=bullying", "form"),
        ("age=old", "age"),
        ("age=15-13", "age"),
        ("sort=random", "sort"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=²", "page"),
        ("page=99999999", "page"),
        ("include_retired=maybe", "include_retired"),
        ("q=" + "x" * 201, "q"),
        ("setting=" + "&setting=".join(["vo"] * 21), "setting"),
    ],
)
def test_invalid_values_are_reported_with_the_parameter(qs, parameter):
    query, problems = parse(qs)
    assert [p.parameter for p in problems] == [parameter]
    problem = problems[0]
    assert str(problem.message)
    if (
        parameter in ("audience", "setting", "kind", "basis", "cost", "form", "sort")
        and "&" not in qs
    ):
        assert problem.allowed  # the allowed values are named
    # the rest of the query still works
    assert isinstance(query, ToolQuery)


def test_invalid_values_are_left_out_valid_ones_kept():
    query, problems = parse("setting=vo&setting=nope&form=grooming&form=nope")
    assert query.setting == ("vo",)
    assert query.form == ("grooming",)
    assert {p.parameter for p in problems} == {"setting", "form"}
    assert "sextortion" in problems[-1].allowed


def test_control_characters_are_removed_from_the_search_text():
    query, problems = parse("q=sex%00ting%07")
    assert problems == []
    assert query.q == "sexting"


def test_without_and_without_value_reset_the_page():
    query, _ = parse("setting=vo&setting=po&cost=free&page=3&q=x")
    assert query.without("setting").setting == ()
    assert query.without("setting").page == 1
    assert query.without_value("setting", "vo").setting == ("po",)
    assert query.without("q").q == ""
    assert query.active_facets == ["setting", "cost"]


def test_a_plain_dict_works_too():
    query, problems = parse_query({"audience": ["staff", "parents"], "q": "x"}, form_keys=[])
    assert problems == []
    assert query.audience == ("staff", "parents")
