"""The catalogue query: what the URL holds, parsed and checked (pure functions, no database).

The catalogue page and the API read the same parameters with :func:`parse_query`::

    q=sexting&audience=staff&setting=vo&age=13-15&form=sextortion&kind=lesson_series
    &basis=onderbouwing&cost=free&include_retired=1&sort=title&page=2

Facets may repeat (OR within a facet, AND between facets). Values are the stable keys of the
content. Anything unknown is reported as a :class:`QueryProblem` naming the parameter and the
allowed values; the query keeps only the valid parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from wegwijzer.catalog.models import Audience, Basis, Cost, Kind, Setting

PAGE_SIZE = 20
MAX_PAGE = 10_000
MAX_Q_LENGTH = 200
MAX_VALUES = 20
SORTS = {
    "relevance": _("Relevance"),
    "title": _("Title (A-Z)"),
    "checked": _("Most recently checked"),
}
#: The age bands offered as checkboxes; the URL may hold any age (14) or range (13-15).
AGE_BANDS = [(0, 3), (4, 7), (8, 12), (13, 15), (16, 18), (19, 25)]
_AGE_RE = re.compile(r"^\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?$")
_TRUE = {"1", "true", "on", "yes", "ja"}
_FALSE = {"", "0", "false", "off", "no", "nee"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

#: facet (URL parameter) -> label, in the order of the filter form
FACETS: dict[str, object] = {
    "audience": _("Audience"),
    "setting": _("Setting"),
    "age": _("Age"),
    "form": _("Form of behaviour"),
    "kind": _("Kind of tool"),
    "basis": _("Basis"),
    "cost": _("Cost"),
}
FIXED_CHOICES = {
    "audience": Audience,
    "setting": Setting,
    "kind": Kind,
    "basis": Basis,
    "cost": Cost,
}


@dataclass(frozen=True, order=True)
class AgeRange:
    low: int
    high: int

    @property
    def key(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    def __str__(self) -> str:
        return self.key


def age_bands() -> list[AgeRange]:
    return [AgeRange(low, high) for low, high in AGE_BANDS]


def parse_age(value: str) -> AgeRange | None:
    match = _AGE_RE.match(value or "")
    if not match:
        return None
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else low
    if low > high:
        return None
    return AgeRange(low, high)


@dataclass(frozen=True)
class QueryProblem:
    parameter: str
    value: str
    message: str
    allowed: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        data = {"parameter": self.parameter, "value": self.value, "message": str(self.message)}
        if self.allowed:
            data["allowed"] = list(self.allowed)
        return data


@dataclass(frozen=True)
class ToolQuery:
    q: str = ""
    audience: tuple[str, ...] = ()
    setting: tuple[str, ...] = ()
    age: tuple[AgeRange, ...] = ()
    form: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    cost: tuple[str, ...] = ()
    include_retired: bool = False
    sort: str = "relevance"
    page: int = 1
    extra: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    # ----------------------------------------------------------------- reading
    def values(self, facet: str) -> tuple:
        return getattr(self, facet)

    def keys(self, facet: str) -> tuple[str, ...]:
        return tuple(v.key if isinstance(v, AgeRange) else v for v in self.values(facet))

    @property
    def active_facets(self) -> list[str]:
        return [f for f in FACETS if self.values(f)]

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.active_facets)

    # ----------------------------------------------------------------- changing
    def without(self, facet: str) -> ToolQuery:
        if facet == "q":
            return replace(self, q="", page=1)
        return replace(self, **{facet: ()}, page=1)

    def without_value(self, facet: str, key: str) -> ToolQuery:
        if facet == "q":
            return self.without("q")
        kept = tuple(
            v for v in self.values(facet) if (v.key if isinstance(v, AgeRange) else v) != key
        )
        return replace(self, **{facet: kept}, page=1)

    def with_page(self, page: int) -> ToolQuery:
        return replace(self, page=page)

    # ----------------------------------------------------------------- writing
    def params(self, *, page: bool = True, sort: bool = True) -> list[tuple[str, str]]:
        """Canonical URL parameters (defaults left out)."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for facet in FACETS:
            out.extend((facet, key) for key in self.keys(facet))
        if self.include_retired:
            out.append(("include_retired", "1"))
        if sort and self.sort != "relevance":
            out.append(("sort", self.sort))
        if page and self.page != 1:
            out.append(("page", str(self.page)))
        return out

    def querystring(self, **kwargs) -> str:
        params = self.params(**kwargs)
        return ("?" + urlencode(params)) if params else ""


def _getlist(data: Mapping, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _first(data: Mapping, name: str) -> str | None:
    values = _getlist(data, name)
    return values[0] if values else None


def _problem(parameter: str, value: str, message, allowed: Sequence[str] = ()) -> QueryProblem:
    return QueryProblem(parameter, value[:100], message, tuple(allowed))


def parse_query(data: Mapping, *, form_keys: Iterable[str]) -> tuple[ToolQuery, list[QueryProblem]]:
    """Read a ToolQuery from request parameters; report every invalid value."""
    problems: list[QueryProblem] = []
    values: dict[str, object] = {}

    q = _CONTROL.sub("", _first(data, "q") or "").strip()
    if len(q) > MAX_Q_LENGTH:
        problems.append(
            _problem(
                "q",
                q,
                _("The search text is too long (at most %(max)d characters).")
                % {"max": MAX_Q_LENGTH},
            )
        )
        q = q[:MAX_Q_LENGTH]
    values["q"] = q

    allowed_by_facet: dict[str, list[str]] = {
        name: list(choices.values) for name, choices in FIXED_CHOICES.items()
    }
    allowed_by_facet["form"] = list(form_keys)
    for facet in FACETS:
        raw = [v.strip() for v in _getlist(data, facet)]
        raw = [v for v in raw if v]
        if len(raw) > MAX_VALUES:
            problems.append(
                _problem(
                    facet,
                    ",".join(raw),
                    _("Too many values (at most %(max)d).") % {"max": MAX_VALUES},
                )
            )
            raw = raw[:MAX_VALUES]
        if facet == "age":
            ages: set[AgeRange] = set()
            for value in raw:
                age = parse_age(value)
                if age is None or age.high > 99:
                    problems.append(
                        _problem(
                            "age",
                            value,
                            _(
                                "Give an age (for example 14) or a range of ages "
                                "(for example 13-15), from 0 to 99."
                            ),
                            [band.key for band in age_bands()],
                        )
                    )
                else:
                    ages.add(age)
            values["age"] = tuple(sorted(ages))
            continue
        allowed = allowed_by_facet[facet]
        chosen = set()
        for value in raw:
            if value in allowed:
                chosen.add(value)
            else:
                problems.append(
                    _problem(
                        facet,
                        value,
                        _("'%(value)s' is not a valid value for %(parameter)s.")
                        % {"value": value[:100], "parameter": facet},
                        allowed,
                    )
                )
        values[facet] = tuple(v for v in allowed if v in chosen)

    retired = (_first(data, "include_retired") or "").strip().lower()
    if retired in _TRUE:
        values["include_retired"] = True
    elif retired not in _FALSE:
        problems.append(_problem("include_retired", retired, _("Use 1 or 0."), ["1", "0"]))

    sort = (_first(data, "sort") or "relevance").strip() or "relevance"
    if sort in SORTS:
        values["sort"] = sort
    else:
        problems.append(
            _problem(
                "sort",
                sort,
                _("'%(value)s' is not a valid sort order.") % {"value": sort[:100]},
                list(SORTS),
            )
        )

    page = (_first(data, "page") or "1").strip() or "1"
    if re.fullmatch(r"[0-9]{1,6}", page) and 1 <= int(page) <= MAX_PAGE:
        values["page"] = int(page)
    else:
        problems.append(
            _problem("page", page, _("Give a page number from 1 to %(max)d.") % {"max": MAX_PAGE})
        )
    return ToolQuery(**values), problems
