"""Facets, their combination and counts, age overlap, retired tools, suggestions and the
selectors other apps use. Runs on SQLite and PostgreSQL."""

import pytest
from django.http import QueryDict

from wegwijzer.catalog import selectors
from wegwijzer.catalog.filters import FACETS, AgeRange, ToolQuery, parse_query
from wegwijzer.catalog.models import Status, Tool

pytestmark = pytest.mark.django_db


def query(qs: str) -> ToolQuery:
    q, problems = parse_query(QueryDict(qs), form_keys=selectors.form_keys())
    assert problems == []
    return q


def keys(qs: str) -> set[str]:
    return {t.key for t in selectors.filtered_tools(query=query(qs))}


def current():
    return Tool.objects.filter(status=Status.CURRENT)


# --------------------------------------------------------------------------- each facet
def test_audience_facet():
    expected = {t.key for t in current() if "parents" in t.audiences}
    assert expected and keys("audience=parents") == expected


def test_setting_facet():
    expected = {t.key for t in current() if "sport" in t.settings}
    assert expected and keys("setting=sport") == expected


def test_kind_facet():
    expected = set(current().filter(kind="protocol").values_list("key", flat=True))
    assert expected and keys("kind=protocol") == expected


def test_basis_facet():
    expected = set(current().filter(basis="onderbouwing").values_list("key", flat=True))
    assert len(expected) >= 8 and keys("basis=onderbouwing") == expected


def test_cost_facet():
    expected = set(current().filter(cost="free").values_list("key", flat=True))
    assert expected and keys("cost=free") == expected


def test_form_facet():
    expected = set(current().filter(forms__key="sextortion").values_list("key", flat=True))
    assert expected and keys("form=sextortion") == expected


@pytest.mark.parametrize(
    ("tool_range", "asked", "matches"),
    [
        ((13, 15), "13-15", True),
        ((15, 18), "13-15", True),  # overlaps at 15
        ((16, 18), "13-15", False),
        ((4, 12), "13-15", False),
        ((12, 12), "12", True),
        ((0, 18), "14", True),
        ((13, None), "16-18", True),  # "13 and older"
        ((None, 12), "8-12", True),  # "up to 12"
        ((None, 12), "13-15", False),
        ((None, None), "13-15", False),  # no age stated: not in an age filter
    ],
)
def test_age_facet_matches_on_overlap(make_tool, tool_range, asked, matches):
    tool = make_tool(age_min=tool_range[0], age_max=tool_range[1])
    assert (tool.key in keys(f"age={asked}")) is matches


def test_retired_tools_are_hidden_unless_asked(make_tool):
    retired = make_tool(status="retired", title_nl="Oud lespakket over sexting")
    assert retired.key not in keys("")
    assert retired.key not in keys("q=sexting")
    assert retired.key in keys("include_retired=1")
    assert retired.key in keys("q=sexting&include_retired=1")
    assert retired.key not in [t.key for t in selectors.tools_for_forms(form_keys=[])]


# --------------------------------------------------------------------------- combinations
def test_or_within_a_facet_and_between_facets():
    vo = keys("setting=vo")
    po = keys("setting=po")
    free = keys("cost=free")
    assert keys("setting=vo&setting=po") == vo | po
    assert keys("setting=vo&cost=free") == vo & free
    assert keys("setting=vo&setting=po&cost=free") == (vo | po) & free


def test_text_and_facets_combine():
    assert keys("q=sexting&setting=vo") == keys("q=sexting") & keys("setting=vo")


def test_every_facet_combined_with_every_other():
    samples = {
        "audience": "audience=staff",
        "setting": "setting=vo",
        "age": "age=13-15",
        "form": "form=unwanted_sexting",
        "kind": "kind=protocol",
        "basis": "basis=ontwikkeling",
        "cost": "cost=free",
    }
    for a in FACETS:
        for b in FACETS:
            if a < b:
                assert keys(f"{samples[a]}&{samples[b]}") == keys(samples[a]) & keys(samples[b])


# --------------------------------------------------------------------------- counts
def _counts(result) -> dict[str, dict[str, int]]:
    return {f.name: {v.key: v.count for v in f.values} for f in result.facets}


@pytest.mark.parametrize(
    "qs",
    [
        "",
        "setting=vo",
        "setting=vo&cost=free",
        "q=sexting&audience=staff",
        "form=sextortion&form=grooming&kind=single_lesson",
        "age=13-15&basis=onderbouwing",
    ],
)
def test_each_count_is_the_number_that_value_would_give(qs):
    """The count of a value = results with the other facets as they are plus that value
    (for an unselected facet: exactly what ticking it gives)."""
    base = query(qs)
    result = selectors.search_tools(query=base)
    assert result.total == len(keys(qs))
    for facet, counts in _counts(result).items():
        for value, count in counts.items():
            alone = base.without(facet)
            expected = keys(alone.querystring()[1:] + f"&{facet}={value}")
            assert count == len(expected), (qs, facet, value)


def test_counts_and_selection_flags():
    result = selectors.search_tools(query=query("setting=vo&setting=po"))
    setting = next(f for f in result.facets if f.name == "setting")
    assert [v.key for v in setting.selected] == ["po", "vo"]
    assert {v.key for v in setting.values} == {"po", "vo", "so", "mbo", "sport", "youth_work"}


def test_a_custom_age_is_shown_as_a_selected_value():
    result = selectors.search_tools(query=query("age=14"))
    age = next(f for f in result.facets if f.name == "age")
    assert [v.key for v in age.selected] == ["14"]
    assert "13-15" in [v.key for v in age.values]


# --------------------------------------------------------------------------- pages, sorting
def test_pagination():
    total = current().count()
    first = selectors.search_tools(query=query(""), page_size=10)
    assert first.total == total and first.pages == -(-total // 10)
    seen = [t.key for t in first.tools]
    for page in range(2, first.pages + 1):
        seen += [
            t.key for t in selectors.search_tools(query=query(f"page={page}"), page_size=10).tools
        ]
    assert sorted(seen) == sorted(current().values_list("key", flat=True))
    beyond = selectors.search_tools(query=query("page=999"), page_size=10)
    assert beyond.page == first.pages


def test_sorting():
    by_title = [t.key for t in selectors.filtered_tools(query=query("sort=title"))]
    titles = [Tool.objects.get(key=k).sort_title for k in by_title]
    assert titles == sorted(titles)
    by_check = list(selectors.filtered_tools(query=query("sort=checked")))
    assert [t.checked_on for t in by_check] == sorted(
        (t.checked_on for t in by_check), reverse=True
    )
    relevance = list(selectors.filtered_tools(query=query("")))
    order = {"onderbouwing": 0, "ontwikkeling": 1, "ervaring": 2}
    assert [order[t.basis] for t in relevance] == sorted(order[t.basis] for t in relevance)


# --------------------------------------------------------------------------- suggestion
def test_empty_result_suggests_removing_the_most_restrictive_filter():
    qs = (
        "setting=vo&age=13-15&form=sextortion&kind=lesson_series&kind=single_lesson"
        "&basis=onderbouwing&cost=free"
    )
    base = query(qs)
    result = selectors.search_tools(query=base)
    if result.total:
        pytest.skip("the shipped content now has such a tool")
    suggestion = result.suggestion
    assert suggestion is not None
    best = max(len(keys(base.without(f).querystring()[1:])) for f in base.active_facets)
    assert suggestion.count == best > 0
    assert suggestion.count == len(keys(suggestion.query.querystring()[1:]))


def test_no_suggestion_when_nothing_helps(make_tool):
    result = selectors.search_tools(query=query("q=zzgeenwoord"))
    assert result.total == 0
    assert result.suggestion is None or result.suggestion.facet == "q"


# --------------------------------------------------------------------------- other readers
def test_tools_for_forms_best_basis_first():
    tools = selectors.tools_for_forms(form_keys=["unwanted_sexting", "sextortion"], limit=50)
    assert tools
    order = {"onderbouwing": 0, "ontwikkeling": 1, "ervaring": 2}
    assert [order[t.basis] for t in tools] == sorted(order[t.basis] for t in tools)
    for tool in tools:
        assert tool.status == Status.CURRENT
        assert {"unwanted_sexting", "sextortion"} & {f.key for f in tool.forms.all()}
    assert len(selectors.tools_for_forms(form_keys=["unwanted_sexting"], limit=2)) == 2
    assert selectors.tools_for_forms(form_keys=[]) == []
    assert selectors.tools_for_forms(form_keys=["does_not_exist"]) == []


def test_related_tools_share_forms_first():
    tool = Tool.objects.get(key="helpwanted_lespakket_sexting")
    related = selectors.related_tools(tool=tool)
    assert related and tool not in related
    forms = {f.key for f in tool.forms.all()}
    assert forms & {f.key for f in related[0].forms.all()}


def test_age_range_object():
    assert AgeRange(13, 15).key == "13-15"
    assert AgeRange(14, 14).key == "14"


# --------------------------------------------------------------------------- bitmap index
@pytest.mark.parametrize("positions", [[], [0], [1, 5, 9], list(range(0, 300, 7)), [1023]])
def test_bitset_round_trip(positions):
    from wegwijzer.catalog.facet_index import bits_from_positions, positions_of

    bits = bits_from_positions(positions, 1024)
    assert bits.bit_count() == len(positions)
    assert positions_of(bits) == positions


def test_index_is_rebuilt_when_content_changes(make_tool):
    from wegwijzer.catalog import facet_index

    before = facet_index.get()
    assert facet_index.get() is before  # cached while nothing changes
    tool = make_tool(settings=["sport"])
    after = facet_index.get()
    assert after is not before
    assert tool.pk in after.position
    tool.settings = ["mbo"]
    tool.save()
    again = facet_index.get()
    position = again.position[tool.pk]
    assert again.values["setting"]["mbo"] >> position & 1
    assert not again.values["setting"].get("sport", 0) >> position & 1
