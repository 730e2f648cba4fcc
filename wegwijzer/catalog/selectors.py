"""Reads for the catalogue. Views and the API call these, never the ORM directly.

Filtering and facet counts use the in-memory bitmap index (:mod:`.facet_index`); the
full-text match and its ranking come from the database (:mod:`.search`). The count of a
facet value is the number of results the catalogue would show with that value ticked and
the other facets as they are (the usual "disjunctive" facet counts: OR within a facet, AND
between facets).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Collate
from django.http import Http404

from wegwijzer.catalog import facet_index, search
from wegwijzer.catalog.filters import FACETS, FIXED_CHOICES, PAGE_SIZE, ToolQuery, age_bands
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


# --------------------------------------------------------------------------- evaluation
def form_choices() -> list[tuple[str, FormOfBehaviour]]:
    """(key, form) of every form of behaviour, in the knowledge base's order."""
    return facet_index.get().form_choices


def form_keys() -> list[str]:
    return [key for key, _form in form_choices()]


@dataclass
class _Evaluation:
    index: facet_index.FacetIndex
    query: ToolQuery
    terms: list[str]
    base: int
    ranks: dict[int, float] | None
    facet_bits: dict[str, int | None]
    backend: search.SearchBackend | None = None

    def all_but(self, skip: str | None) -> int:
        bits = self.base
        for facet, facet_bits in self.facet_bits.items():
            if facet != skip and facet_bits is not None:
                bits &= facet_bits
        return bits

    def positions(self, bits: int, limit: int | None = None) -> list[int]:
        """Positions of ``bits`` in the query's order (the first ``limit`` only)."""
        index, sort = self.index, self.query.sort
        if sort == "title":
            order = index.order_title
        elif sort == "checked":
            order = index.order_checked
        elif self.ranks is None:
            order = index.order_relevance
        else:
            candidates = facet_index.positions_of(bits)
            ranks, ids = self.ranks, index.ids
            if self.backend.rank_candidates and candidates:
                ranks = dict(self.backend.ranked_matches(self.terms, [ids[p] for p in candidates]))
            rank_of = index.basis_rank
            titles, keys = index.sort_title, index.keys

            def key(p: int):
                return (-ranks.get(ids[p], 0.0), rank_of[p], titles[p], keys[p])

            if limit is not None and limit < len(candidates):
                return heapq.nsmallest(limit, candidates, key=key)
            return sorted(candidates, key=key)
        wanted = set(facet_index.positions_of(bits))
        if limit is None or limit >= len(wanted):
            return [p for p in order if p in wanted]
        found = []
        for p in order:
            if p in wanted:
                found.append(p)
                if len(found) >= limit:
                    break
        return found


def _evaluate(query: ToolQuery) -> _Evaluation:
    index = facet_index.get()
    terms = search.query_terms(query.q)
    base = index.everything if query.include_retired else index.current
    ranks = None
    backend = search.backend()
    if terms:
        if query.sort == "relevance":
            # ranked now (SQLite: all matches in one go) or later, for the candidates
            # that pass the filters (PostgreSQL)
            ranks = {} if backend.rank_candidates else dict(backend.ranked_matches(terms))
        matched = ranks.keys() if ranks else backend.matching_ids(terms)
        base &= index.bits_for_ids(matched)
    facet_bits = {facet: index.facet_bits(facet, query.values(facet)) for facet in FACETS}
    return _Evaluation(index, query, terms, base, ranks, facet_bits, backend)


def _attach(
    tools: list[Tool], name: str, links: dict[int, list[int]], objects: dict[int, object], model
) -> None:
    """Fill ``tool.<name>.all()`` from the index (what prefetch_related would do, without
    a query): providers and forms are few and already in memory."""
    ordering = model._meta.ordering or ["pk"]
    for tool in tools:
        related = sorted(
            (objects[i] for i in links.get(tool.pk, []) if i in objects),
            key=lambda o: tuple(getattr(o, f) for f in ordering),
        )
        queryset = model._default_manager.none()
        queryset._result_cache = related
        queryset._prefetch_done = True
        tool._prefetched_objects_cache = {
            **getattr(tool, "_prefetched_objects_cache", {}),
            name: queryset,
        }


def _tools_in_order(ids: list[int]) -> list[Tool]:
    """The tools with these ids in this order, providers and forms attached."""
    index = facet_index.get()
    found: dict[int, Tool] = {}
    for start in range(0, len(ids), 1000):
        tools = list(Tool.objects.filter(pk__in=ids[start : start + 1000]))
        _attach(tools, "providers", index.tool_providers, index.organisations, Organisation)
        _attach(tools, "forms", index.tool_forms, index.forms, FormOfBehaviour)
        found.update((t.pk, t) for t in tools)
    return [found[i] for i in ids if i in found]


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


# --------------------------------------------------------------------------- catalogue
def filtered_tools(*, query: ToolQuery) -> list[Tool]:
    """Every tool that matches the query, in the query's order (for the API and CSV)."""
    evaluation = _evaluate(query)
    positions = evaluation.positions(evaluation.all_but(None))
    return _tools_in_order([evaluation.index.ids[p] for p in positions])


def _facets(evaluation: _Evaluation) -> list[Facet]:
    query, index = evaluation.query, evaluation.index
    facets = []
    for facet, label in FACETS.items():
        selected = set(query.keys(facet))
        if facet in FIXED_CHOICES:
            options = [
                (value, option_label, value) for value, option_label in FIXED_CHOICES[facet].choices
            ]
        elif facet == "form":
            options = [(key, form, key) for key, form in form_choices()]
        else:
            ages = sorted({*age_bands(), *query.age})
            options = [(age.key, age, age) for age in ages]
        others = evaluation.all_but(facet)
        facets.append(
            Facet(
                facet,
                label,
                [
                    FacetValue(
                        key,
                        option_label,
                        (others & index.value_bits(facet, value)).bit_count(),
                        key in selected,
                    )
                    for key, option_label, value in options
                ],
            )
        )
    return facets


def search_tools(
    *, query: ToolQuery, page_size: int = PAGE_SIZE, with_facets: bool = True
) -> CatalogResult:
    """One page of the catalogue with facet counts (and a suggestion when nothing matches)."""
    evaluation = _evaluate(query)
    matching = evaluation.all_but(None)
    total = matching.bit_count()
    pages = max(1, math.ceil(total / page_size))
    page = min(query.page, pages)
    start = (page - 1) * page_size
    positions = evaluation.positions(matching, limit=start + page_size)[start:]
    result = CatalogResult(
        query=query,
        terms=evaluation.terms,
        tools=_tools_in_order([evaluation.index.ids[p] for p in positions]),
        total=total,
        page=page,
        pages=pages,
        page_size=page_size,
        facets=_facets(evaluation) if with_facets else [],
    )
    if total == 0 and query.is_filtered:
        result.suggestion = suggest_removal(query=query)
    return result


def count_tools(*, query: ToolQuery) -> int:
    return _evaluate(query).all_but(None).bit_count()


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
