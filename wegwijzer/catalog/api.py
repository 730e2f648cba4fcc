"""Open data: the tool catalogue as JSON (/api/v1/tools) and CSV (/api/v1/tools.csv).

Parameters are the catalogue page's (see :mod:`wegwijzer.catalog.filters`), with the same
checks: an unknown value gives 400 naming the parameter and the allowed values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from wegwijzer.catalog import filters, selectors
from wegwijzer.catalog.filters import MAX_Q_LENGTH, SORTS, ToolQuery, age_bands
from wegwijzer.catalog.models import Audience, Basis, Cost, Kind, Setting, Tool
from wegwijzer.core.decorators import public_view

router = Router(tags=["tools"])
csv_router = Router(tags=["tools"])

MAX_PAGE_SIZE = 100


# --------------------------------------------------------------------------- schemas
class Text(Schema):
    nl: str
    en: str | None = None


class ProviderOut(Schema):
    key: str
    name: str
    website: str


class RecognitionOut(Schema):
    body: str
    level: str
    date: dt.date | None
    note: Text | None


class SourceOut(Schema):
    title: str
    url: str


class ToolOut(Schema):
    key: str
    url: str = Field(description="The tool's page in the Wegwijzer")
    title: Text
    summary: Text
    description: Text
    providers: list[ProviderOut]
    kind: str = Field(json_schema_extra={"enum": list(Kind.values)})
    audiences: list[str]
    settings: list[str]
    age_min: int | None
    age_max: int | None
    forms: list[str] = Field(description="Keys of the forms of behaviour (see /forms)")
    basis: str = Field(json_schema_extra={"enum": list(Basis.values)})
    recognition: RecognitionOut | None
    cost: str = Field(json_schema_extra={"enum": list(Cost.values)})
    cost_note: Text | None
    duration: Text | None
    languages: list[str]
    link: str
    status: str
    source: SourceOut
    checked_on: dt.date
    review_by: dt.date


class FacetValueOut(Schema):
    key: str
    count: int
    selected: bool


class ToolPage(Schema):
    count: int = Field(description="Number of tools matching the query")
    page: int
    page_size: int
    pages: int
    results: list[ToolOut]
    facets: dict[str, list[FacetValueOut]] = Field(
        description="Per facet, how many tools each value would give"
    )


class Problem(Schema):
    parameter: str | None
    message: str
    value: str | None = None
    allowed: list[str] | None = None


class ProblemOut(Schema):
    detail: str
    errors: list[Problem]


class ErrorOut(Schema):
    detail: str


def _text(obj, field: str) -> dict | None:
    nl = getattr(obj, f"{field}_nl", "")
    en = getattr(obj, f"{field}_en", "")
    if not nl and not en:
        return None
    return {"nl": nl, "en": en or None}


def tool_out(tool: Tool, request: HttpRequest | None = None) -> dict:
    url = tool.get_absolute_url()
    if request is not None:
        url = request.build_absolute_uri(url)
    recognition = None
    if tool.recognition_body:
        recognition = {
            "body": tool.recognition_body,
            "level": tool.recognition_level,
            "date": tool.recognition_date,
            "note": _text(tool, "recognition_note"),
        }
    return {
        "key": tool.key,
        "url": url,
        "title": _text(tool, "title"),
        "summary": _text(tool, "summary"),
        "description": _text(tool, "description"),
        "providers": [
            {"key": p.key, "name": p.name, "website": p.website} for p in tool.providers.all()
        ],
        "kind": tool.kind,
        "audiences": tool.audiences,
        "settings": tool.settings,
        "age_min": tool.age_min,
        "age_max": tool.age_max,
        "forms": [f.key for f in tool.forms.all()],
        "basis": tool.basis,
        "recognition": recognition,
        "cost": tool.cost,
        "cost_note": _text(tool, "cost_note"),
        "duration": _text(tool, "duration"),
        "languages": tool.languages,
        "link": tool.link,
        "status": tool.status,
        "source": {"title": tool.source_title, "url": tool.source_url},
        "checked_on": tool.checked_on,
        "review_by": tool.review_by,
    }


# --------------------------------------------------------------------------- parameters
class ToolFilters(Schema):
    q: str | None = Field(
        None,
        description=f"Search text (Dutch stemming, accents ignored, "
        f"synonyms from the knowledge base); at most {MAX_Q_LENGTH} characters",
    )
    audience: list[str] | None = Field(
        None,
        description="Audience; repeat for several (OR)",
        json_schema_extra={"items": {"type": "string", "enum": list(Audience.values)}},
    )
    setting: list[str] | None = Field(
        None,
        description="Setting; repeat for several (OR)",
        json_schema_extra={"items": {"type": "string", "enum": list(Setting.values)}},
    )
    age: list[str] | None = Field(
        None,
        description="Age (14) or age range (13-15); a tool matches when its age range "
        "overlaps. Repeat for several (OR)",
        json_schema_extra={
            "items": {
                "type": "string",
                "pattern": r"^\d{1,2}(-\d{1,2})?$",
                "examples": [b.key for b in age_bands()],
            }
        },
    )
    form: list[str] | None = Field(
        None,
        description="Key of a form of behaviour (see /api/v1/forms); repeat for several (OR)",
        json_schema_extra={"items": {"type": "string", "examples": ["sextortion"]}},
    )
    kind: list[str] | None = Field(
        None,
        description="Kind of tool; repeat for several (OR)",
        json_schema_extra={"items": {"type": "string", "enum": list(Kind.values)}},
    )
    basis: list[str] | None = Field(
        None,
        description="Basis label; repeat for several (OR)",
        json_schema_extra={"items": {"type": "string", "enum": list(Basis.values)}},
    )
    cost: list[str] | None = Field(
        None,
        description="Cost; repeat for several (OR)",
        json_schema_extra={"items": {"type": "string", "enum": list(Cost.values)}},
    )
    include_retired: str | None = Field(
        None,
        description="1 to include tools that are no longer offered",
        json_schema_extra={"enum": ["0", "1"]},
    )
    sort: str | None = Field(
        None, description="Sort order (default relevance)", json_schema_extra={"enum": list(SORTS)}
    )


def _parse(filters_in: ToolFilters, extra: dict) -> tuple[ToolQuery, dict | None]:
    """The query, or the body of a 400 answer naming every bad parameter."""
    data = {k: v for k, v in filters_in.model_dump().items() if v is not None}
    data.update(extra)
    query, problems = filters.parse_query(data, form_keys=selectors.form_keys())
    if problems:
        return query, {
            "detail": "Ongeldige parameter(s).",
            "errors": [p.as_dict() for p in problems],
        }
    return query, None


def _facets_out(result: selectors.CatalogResult) -> dict:
    return {
        facet.name: [{"key": v.key, "count": v.count, "selected": v.selected} for v in facet.values]
        for facet in result.facets
    }


# --------------------------------------------------------------------------- endpoints
@router.get(
    "", response={200: ToolPage, 400: ProblemOut}, url_name="tools", summary="List and search tools"
)
@public_view
def list_tools(
    request,
    filters_in: Query[ToolFilters],
    page: int = Query(1, ge=1, le=filters.MAX_PAGE),
    page_size: int = Query(filters.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    """Tools matching the filters (AND between parameters, OR within a repeated parameter),
    one page at a time, with the total count and facet counts."""
    query, problems = _parse(filters_in, {"page": str(page)})
    if problems:
        return JsonResponse(problems, status=400)
    result = selectors.search_tools(query=query, page_size=page_size)
    return {
        "count": result.total,
        "page": query.page,
        "page_size": page_size,
        "pages": result.pages,
        "results": [tool_out(t, request) for t in result.tools]
        if query.page == result.page
        else [],
        "facets": _facets_out(result),
    }


@router.get("/{key}", response={200: ToolOut, 404: ErrorOut}, url_name="tool", summary="One tool")
@public_view
def get_tool(request, key: str):
    tool = selectors.tool_by_key(key=key)
    if tool is None:
        raise HttpError(404, "Hulpmiddel niet gevonden.")
    return tool_out(tool, request)


CSV_COLUMNS = [
    "key",
    "title_nl",
    "title_en",
    "summary_nl",
    "summary_en",
    "providers",
    "kind",
    "audiences",
    "settings",
    "age_min",
    "age_max",
    "forms",
    "basis",
    "recognition_body",
    "recognition_level",
    "recognition_date",
    "cost",
    "duration_nl",
    "languages",
    "link",
    "status",
    "url",
    "source_title",
    "source_url",
    "checked_on",
]


def _cell(value) -> str:
    """Plain text; a leading =, +, - or @ is escaped so spreadsheets do not run it."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


@csv_router.get(
    "",
    url_name="tools_csv",
    summary="Tools as CSV",
    response={200: None, 400: ProblemOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": "CSV (UTF-8, comma separated, header row)",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
@public_view
def tools_csv(request, filters_in: Query[ToolFilters]):
    """The filtered catalogue (all pages) as CSV, one row per tool."""
    query, problems = _parse(filters_in, {})
    if problems:
        return JsonResponse(problems, status=400)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    with translation.override("nl"):
        for tool in selectors.filtered_tools(query=query):
            row = {
                **{c: getattr(tool, c, "") for c in CSV_COLUMNS},
                "providers": "; ".join(p.name for p in tool.providers.all()),
                "audiences": ";".join(tool.audiences),
                "settings": ";".join(tool.settings),
                "forms": ";".join(f.key for f in tool.forms.all()),
                "languages": ";".join(tool.languages),
                "url": request.build_absolute_uri(tool.get_absolute_url()),
            }
            writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="wegwijzer-hulpmiddelen.csv"'
    return response
