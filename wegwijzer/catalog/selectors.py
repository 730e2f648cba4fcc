"""Reads for the catalogue. Views and the API call these, never the ORM directly.

Facet counts: one aggregate query over the tools that match the search text, with one
conditional count per facet value. The count of a value is the number of results the
catalogue would show with that value ticked and the other facets as they are (the usual
"disjunctive" facet counts: OR within a facet, AND between facets).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate
from django.http import Http404

from wegwijzer.catalog import search
from wegwijzer.catalog.filters import (
    FACETS,
    FIXED_CHOICES,
    PAGE_SIZE,
    AgeRange,
    ToolQuery,
    age_bands,
)
from wegwijzer.catalog.models import BASIS_ORDER, Status, Tool
from wegwijzer.knowledge.models import FormOfBehaviour, Organisation

ToolForm = Tool.forms.through


# --------------------------------------------------------------------------- results
@dataclass
class FacetValue:
    key: str
    label: object
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: object
    values: list[FacetValue]

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


@dataclass
class Suggestion:
    """On an empty result: which filter to remove, and how many tools that gives."""

    facet: str
    query: ToolQuery
    count: int


@dataclass
class CatalogResult:
    query: ToolQuery
    terms: list[str]
    tools: list[Tool]
    total: int
    page: int
    pages: int
    page_size: int
    facets: list[Facet] = field(default_factory=list)
    suggestion: Suggestion | None = None

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.page_size, self.total)


# --------------------------------------------------------------------------- conditions
def form_choices() -> list[tuple[str, FormOfBehaviour]]:
    return [(f.key, f) for f in FormOfBehaviour.objects.only("key", "name_nl", "name_en", "order")]


def form_keys() -> list[str]:
    return list(FormOfBehaviour.objects.values_list("key", flat=True))


def _age_condition(age: AgeRange) -> Q:
    """The tool's age range overlaps ``age``; an open end counts as unlimited, a tool
    without any age stated does not match an age filter."""
    known = Q(age_min__isnull=False) | Q(age_max__isnull=False)
    return (
        (Q(age_min__isnull=True) | Q(age_min__lte=age.high))
        & (Q(age_max__isnull=True) | Q(age_max__gte=age.low))
        & known
    )


def _value_condition(facet: str, value, form_ids: dict[str, int]) -> Q:
    if facet in ("audience", "setting"):
        return Q(**{f"{facet}s__has_any": [value]})
    if facet == "age":
        return _age_condition(value)
    if facet == "form":
        return Q(
            pk__in=ToolForm.objects.filter(formofbehaviour_id=form_ids.get(value, 0)).values(
                "tool_id"
            )
        )
    return Q(**{facet: value})


def _facet_condition(facet: str, values: tuple, form_ids: dict[str, int]) -> Q:
    if not values:
        return Q()
    if facet in ("audience", "setting"):
        return Q(**{f"{facet}s__has_any": list(values)})
    if facet == "form":
        ids = [form_ids[v] for v in values if v in form_ids]
        return Q(pk__in=ToolForm.objects.filter(formofbehaviour_id__in=ids).values("tool_id"))
    if facet == "age":
        condition = Q()
        for age in values:
            condition |= _age_condition(age)
        return condition
    return Q(**{f"{facet}__in": list(values)})


def _conditions(query: ToolQuery, form_ids: dict[str, int]) -> dict[str, Q]:
    return {facet: _facet_condition(facet, query.values(facet), form_ids) for facet in FACETS}


def _all_but(conditions: dict[str, Q], facet: str | None) -> Q:
    combined = Q()
    for name, condition in conditions.items():
        if name != facet:
            combined &= condition
    return combined


def _form_ids() -> dict[str, int]:
    return dict(FormOfBehaviour.objects.values_list("key", "pk"))


def _text_queryset(query: ToolQuery, terms: list[str]) -> QuerySet[Tool]:
    tools = Tool.objects.all()
    if not query.include_retired:
        tools = tools.filter(status=Status.CURRENT)
    if terms:
        sql, params = search.backend().match_sql(terms)
        tools = tools.filter(pk__in=RawSQL(sql, params))  # noqa: S611 (constants + params)
    return tools


def basis_order() -> Case:
    return Case(
        *(When(basis=b, then=Value(i)) for i, b in enumerate(BASIS_ORDER)),
        default=Value(len(BASIS_ORDER)),
        output_field=IntegerField(),
    )


def _title_order():
    if connection.vendor == "postgresql":
        return Collate(F("sort_title"), "C")
    return F("sort_title")


def _ordered(tools: QuerySet[Tool], query: ToolQuery, terms: list[str]) -> QuerySet[Tool]:
    title = _title_order()
    if query.sort == "title":
        return tools.order_by(title, "key")
    if query.sort == "checked":
        return tools.order_by("-checked_on", title, "key")
    tools = tools.annotate(basis_rank=basis_order())
    if terms:
        table = connection.ops.quote_name(Tool._meta.db_table)
        column = f"{table}.{connection.ops.quote_name('id')}"
        sql, params = search.backend().rank_sql(terms, column)
        rank = RawSQL(sql, params)  # noqa: S611 (constants + params)
        return tools.annotate(rank=rank).order_by(
            F("rank").desc(nulls_last=True), "basis_rank", title, "key"
        )
    return tools.order_by("basis_rank", title, "key")


# --------------------------------------------------------------------------- catalogue
def filtered_tools(*, query: ToolQuery) -> QuerySet[Tool]:
    """Every tool that matches the query, in the query's order (for the API and CSV)."""
    terms = search.query_terms(query.q)
    form_ids = _form_ids()
    tools = _text_queryset(query, terms).filter(_all_but(_conditions(query, form_ids), None))
    return _ordered(tools, query, terms).prefetch_related("providers", "forms")


def _facet_values(query: ToolQuery, counts: dict[str, int]) -> list[Facet]:
    facets = []
    for facet, label in FACETS.items():
        selected = set(query.keys(facet))
        if facet in FIXED_CHOICES:
            options = list(FIXED_CHOICES[facet].choices)
        elif facet == "form":
            options = [(key, form) for key, form in form_choices()]
        else:
            bands = age_bands()
            extra = [a for a in query.age if a not in bands]
            options = [(a.key, a) for a in sorted([*bands, *extra])]
        facets.append(
            Facet(
                facet,
                label,
                [
                    FacetValue(key, option_label, counts.get(f"{facet}:{key}", 0), key in selected)
                    for key, option_label in options
                ],
            )
        )
    return facets


def _count_aggregates(
    query: ToolQuery, conditions: dict[str, Q], form_ids: dict[str, int]
) -> dict[str, Count]:
    aggregates: dict[str, Count] = {"total": Count("pk", filter=_all_but(conditions, None))}
    for facet in FACETS:
        others = _all_but(conditions, facet)
        if facet in FIXED_CHOICES:
            keys = list(FIXED_CHOICES[facet].values)
            values = keys
        elif facet == "form":
            keys = list(form_ids)
            values = keys
        else:
            bands = sorted({*age_bands(), *query.age})
            keys = [a.key for a in bands]
            values = bands
        for key, value in zip(keys, values, strict=True):
            aggregates[f"{facet}:{key}"] = Count(
                "pk", filter=others & _value_condition(facet, value, form_ids)
            )
    return aggregates


def search_tools(
    *, query: ToolQuery, page_size: int = PAGE_SIZE, with_facets: bool = True
) -> CatalogResult:
    """One page of the catalogue with facet counts (and a suggestion when nothing matches)."""
    terms = search.query_terms(query.q)
    form_ids = _form_ids()
    conditions = _conditions(query, form_ids)
    base = _text_queryset(query, terms)
    if with_facets:
        counts = base.aggregate(**_count_aggregates(query, conditions, form_ids))
    else:
        counts = {"total": base.filter(_all_but(conditions, None)).count()}
    total = counts["total"]
    pages = max(1, math.ceil(total / page_size))
    page = min(query.page, pages)
    start = (page - 1) * page_size
    tools = (
        list(
            _ordered(base.filter(_all_but(conditions, None)), query, terms).prefetch_related(
                "providers", "forms"
            )[start : start + page_size]
        )
        if total
        else []
    )
    result = CatalogResult(
        query=query,
        terms=terms,
        tools=tools,
        total=total,
        page=page,
        pages=pages,
        page_size=page_size,
        facets=_facet_values(query, counts) if with_facets else [],
    )
    if total == 0 and query.is_filtered:
        result.suggestion = suggest_removal(query=query)
    return result


def count_tools(*, query: ToolQuery) -> int:
    terms = search.query_terms(query.q)
    form_ids = _form_ids()
    return _text_queryset(query, terms).filter(_all_but(_conditions(query, form_ids), None)).count()


def suggest_removal(*, query: ToolQuery) -> Suggestion | None:
    """The filter whose removal gives the most results: the most restrictive one."""
    best: Suggestion | None = None
    candidates = (["q"] if query.q else []) + query.active_facets
    for facet in candidates:
        smaller = query.without(facet)
        count = count_tools(query=smaller)
        if count and (best is None or count > best.count):
            best = Suggestion(facet=facet, query=smaller, count=count)
    return best


# --------------------------------------------------------------------------- single tools
def tool_detail(*, key: str) -> Tool:
    tool = tool_by_key(key=key)
    if tool is None:
        raise Http404
    return tool


def tool_by_key(*, key: str) -> Tool | None:
    return Tool.objects.prefetch_related("providers", "forms").filter(key=key).first()


def related_tools(*, tool: Tool, limit: int = 4) -> list[Tool]:
    """Current tools sharing forms of behaviour with ``tool`` (most shared first), or else
    of the same kind for the same settings."""
    form_ids = [f.pk for f in tool.forms.all()]
    tools = (
        Tool.objects.filter(status=Status.CURRENT)
        .exclude(pk=tool.pk)
        .annotate(
            shared=Count("forms", filter=Q(forms__in=form_ids), distinct=True),
            basis_rank=basis_order(),
        )
        .filter(Q(shared__gt=0) | Q(kind=tool.kind, settings__has_any=tool.settings))
        .order_by("-shared", "basis_rank", _title_order(), "key")
    )
    return list(tools[:limit])


def tools_for_forms(*, form_keys: list[str], limit: int = 5) -> list[Tool]:
    """Current tools that address any of the forms of behaviour, best basis first.

    Used by the form-of-behaviour pages and the incident assistant's aftercare suggestions.
    """
    if not form_keys:
        return []
    ids = ToolForm.objects.filter(formofbehaviour__key__in=list(form_keys)).values("tool_id")
    tools = (
        Tool.objects.filter(status=Status.CURRENT, pk__in=ids)
        .annotate(basis_rank=basis_order())
        .order_by("basis_rank", _title_order(), "key")
    )
    return list(tools[:limit])


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.all()
