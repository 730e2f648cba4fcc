"""An in-memory bitmap index of the catalogue's facets, for fast filtering and counting.

Every tool gets a position; every facet value a bitset (a Python int) of the tools that have
it. Filtering is AND/OR of bitsets; the count of a value is ``(others & value).bit_count()``.
At 10,000 tools a bitset is 1.25 KB and each operation takes microseconds, so all facet
counts of a catalogue page cost well under a millisecond on either database (see
docs/catalog.md for the measurements that led here: conditional COUNTs in SQL took 60-140 ms).

The index is built from the database (one query for the tools, one for their forms) and kept
per process. It is rebuilt when the content clock (``ContentState.changed_at``, moved by every
save of content through the ORM, admin and ``load_content`` included) differs from the one it
was built at. Full-text matching and ranking stay in the database (:mod:`.search`).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from wegwijzer.catalog.filters import AgeRange

MAX_AGE = 99


def bits_from_positions(positions, size: int) -> int:
    data = bytearray((size + 7) // 8)
    for position in positions:
        data[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(data, "little")


def positions_of(bits: int) -> list[int]:
    """Positions of the set bits, in increasing order."""
    out: list[int] = []
    if bits <= 0:
        return out
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            for bit in range(8):
                if byte >> bit & 1:
                    out.append(base + bit)
    return out


@dataclass
class FacetIndex:
    clock: object
    ids: list[int]
    position: dict[int, int]
    current: int
    values: dict[str, dict[str, int]]
    age_at: list[int]
    order_relevance: list[int]
    order_title: list[int]
    order_checked: list[int]
    basis_rank: list[int]
    sort_title: list[str]
    keys: list[str]
    organisations: dict[int, object] = field(default_factory=dict)
    forms: dict[int, object] = field(default_factory=dict)
    #: (key, form) in the knowledge base's order
    form_choices: list[tuple[str, object]] = field(default_factory=list)
    #: tool id -> ids of its providers / forms
    tool_providers: dict[int, list[int]] = field(default_factory=dict)
    tool_forms: dict[int, list[int]] = field(default_factory=dict)
    _age_cache: dict[AgeRange, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def everything(self) -> int:
        return (1 << self.size) - 1

    def bits_for_ids(self, ids) -> int:
        position = self.position
        return bits_from_positions((position[i] for i in ids if i in position), self.size)

    def age_bits(self, age: AgeRange) -> int:
        bits = self._age_cache.get(age)
        if bits is None:
            bits = 0
            for year in range(max(0, age.low), min(MAX_AGE, age.high) + 1):
                bits |= self.age_at[year]
            self._age_cache[age] = bits
        return bits

    def value_bits(self, facet: str, value) -> int:
        if facet == "age":
            return self.age_bits(value)
        return self.values.get(facet, {}).get(value, 0)

    def facet_bits(self, facet: str, values) -> int | None:
        """Tools with any of the values (None: the facet does not filter)."""
        if not values:
            return None
        bits = 0
        for value in values:
            bits |= self.value_bits(facet, value)
        return bits


_lock = threading.Lock()
_index: FacetIndex | None = None


def build(clock: object) -> FacetIndex:
    from wegwijzer.catalog.models import BASIS_ORDER, Audience, Setting, Status, Tool
    from wegwijzer.knowledge.models import FormOfBehaviour, Organisation

    rows = list(
        Tool.objects.order_by("pk").values_list(
            "pk",
            "key",
            "status",
            "kind",
            "basis",
            "cost",
            "audiences",
            "settings",
            "age_min",
            "age_max",
            "sort_title",
            "checked_on",
        )
    )
    ids = [row[0] for row in rows]
    position = {tool_id: index for index, tool_id in enumerate(ids)}
    size = len(ids)
    members: dict[str, dict[str, list[int]]] = {
        "kind": {},
        "basis": {},
        "cost": {},
        "audience": {},
        "setting": {},
        "form": {},
    }
    current: list[int] = []
    age_members: list[list[int]] = [[] for _ in range(MAX_AGE + 1)]
    basis_rank = {b.value: i for i, b in enumerate(BASIS_ORDER)}
    ranks, titles, checked, keys = [], [], [], []
    audience_field = Tool._meta.get_field("audiences")
    setting_field = Tool._meta.get_field("settings")
    for index, (
        _pk,
        key,
        status,
        kind,
        basis,
        cost,
        audiences,
        settings,
        low,
        high,
        sort_title,
        checked_on,
    ) in enumerate(rows):
        if status == Status.CURRENT:
            current.append(index)
        for facet, value in (("kind", kind), ("basis", basis), ("cost", cost)):
            members[facet].setdefault(value, []).append(index)
        for value in audiences or []:
            members["audience"].setdefault(value, []).append(index)
        for value in settings or []:
            members["setting"].setdefault(value, []).append(index)
        if low is not None or high is not None:
            for year in range(low or 0, min(MAX_AGE, high if high is not None else MAX_AGE) + 1):
                age_members[year].append(index)
        ranks.append(basis_rank.get(basis, len(basis_rank)))
        titles.append(sort_title)
        checked.append(checked_on or dt.date.min)
        keys.append(key)
    assert audience_field.choice_set is Audience and setting_field.choice_set is Setting
    forms = list(FormOfBehaviour.objects.all())
    form_key = {f.pk: f.key for f in forms}
    tool_forms: dict[int, list[int]] = {}
    for tool_id, form_id in Tool.forms.through.objects.values_list("tool_id", "formofbehaviour_id"):
        tool_forms.setdefault(tool_id, []).append(form_id)
        if tool_id in position:
            members["form"].setdefault(form_key[form_id], []).append(position[tool_id])
    tool_providers: dict[int, list[int]] = {}
    for tool_id, organisation_id in Tool.providers.through.objects.values_list(
        "tool_id", "organisation_id"
    ):
        tool_providers.setdefault(tool_id, []).append(organisation_id)
    values = {
        facet: {value: bits_from_positions(p, size) for value, p in by_value.items()}
        for facet, by_value in members.items()
    }
    everyone = range(size)
    return FacetIndex(
        clock=clock,
        ids=ids,
        position=position,
        current=bits_from_positions(current, size),
        values=values,
        age_at=[bits_from_positions(p, size) for p in age_members],
        order_relevance=sorted(everyone, key=lambda p: (ranks[p], titles[p], keys[p])),
        order_title=sorted(everyone, key=lambda p: (titles[p], keys[p])),
        order_checked=sorted(everyone, key=lambda p: (-checked[p].toordinal(), titles[p], keys[p])),
        basis_rank=ranks,
        sort_title=titles,
        keys=keys,
        organisations={o.pk: o for o in Organisation.objects.all()},
        forms={f.pk: f for f in forms},
        form_choices=[(f.key, f) for f in forms],
        tool_providers=tool_providers,
        tool_forms=tool_forms,
    )


def get() -> FacetIndex:
    """The index for the current content (rebuilt when the content clock has moved)."""
    global _index
    clock = _clock()
    index = _index
    if index is not None and index.clock == clock:
        return index
    with _lock:
        if _index is None or _index.clock != clock:
            _index = build(clock)
        return _index


def _clock() -> tuple:
    """What the index depends on: the content clock, plus the newest tool and the latest
    change of a tool (which also catch bulk writes that skip the content clock). One query;
    each part is read through an index."""
    from django.db import connection

    from wegwijzer.catalog.models import Tool
    from wegwijzer.core.models import ContentState

    q = connection.ops.quote_name
    tool, state = q(Tool._meta.db_table), q(ContentState._meta.db_table)
    sql = (  # only quoted table and column names go into the text
        f"SELECT (SELECT {q('changed_at')} FROM {state} WHERE {q('id')} = 1), "  # noqa: S608
        f"(SELECT MAX({q('id')}) FROM {tool}), (SELECT MAX({q('updated_at')}) FROM {tool})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = tuple(cursor.fetchone())
    return (connection.alias, connection.settings_dict.get("NAME"), *row)


def clear() -> None:
    global _index
    _index = None
