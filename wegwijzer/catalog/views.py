from django.shortcuts import render
from django.urls import reverse

from wegwijzer.catalog import filters, selectors
from wegwijzer.core.decorators import public_page


def _active_filters(result: selectors.CatalogResult) -> list[dict]:
    """The chosen filters, each with a link that removes it."""
    query = result.query
    chips = []
    if query.q:
        chips.append(
            {
                "facet": "q",
                "label": None,
                "value": query.q,
                "url": query.without("q").querystring() or "?",
            }
        )
    for facet in result.facets:
        for value in facet.selected:
            chips.append(
                {
                    "facet": facet.name,
                    "label": facet.label,
                    "value": value.label,
                    "url": query.without_value(facet.name, value.key).querystring() or "?",
                }
            )
    return chips


def _pagination(result: selectors.CatalogResult) -> list[dict]:
    if result.pages <= 1:
        return []
    wanted = {1, result.pages, *range(result.page - 2, result.page + 3)}
    items, previous = [], 0
    for number in sorted(n for n in wanted if 1 <= n <= result.pages):
        if number - previous > 1:
            items.append({"gap": True})
        items.append(
            {
                "number": number,
                "current": number == result.page,
                "url": result.query.with_page(number).querystring() or "?",
            }
        )
        previous = number
    return items


@public_page
def tool_list(request):
    query, problems = filters.parse_query(request.GET, form_keys=selectors.form_keys())
    result = selectors.search_tools(query=query)
    page_query = result.query.with_page(result.page)
    return render(
        request,
        "catalog/list.html",
        {
            "result": result,
            "query": query,
            "problems": problems,
            "sorts": filters.SORTS,
            "facet_names": list(filters.FACETS),
            "active_filters": _active_filters(result),
            "pagination": _pagination(result),
            "previous_url": page_query.with_page(result.page - 1).querystring() or "?"
            if result.page > 1
            else "",
            "next_url": page_query.with_page(result.page + 1).querystring()
            if result.page < result.pages
            else "",
            "suggestion_url": (result.suggestion.query.querystring() or "?")
            if result.suggestion
            else "",
            "csv_url": reverse("api:tools_csv") + query.querystring(page=False),
            "share_url": request.build_absolute_uri(request.path + page_query.querystring()),
        },
        status=400 if problems else 200,
    )


@public_page
def tool_detail(request, key: str):
    tool = selectors.tool_detail(key=key)
    return render(
        request,
        "catalog/detail.html",
        {
            "tool": tool,
            "providers": tool.providers.all(),
            "forms": tool.forms.all(),
            "related_tools": selectors.related_tools(tool=tool),
        },
    )
