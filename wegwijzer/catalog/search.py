"""Full-text search for the catalogue: one small interface, two database backends.

Both databases get the same prepared text from Python, so they find the same tools:

1. :func:`tokens` folds case and accents ("Coördinator" -> "coordinator") and splits on
   anything that is not a letter or digit ("naaktfoto's" -> "naaktfoto", "s").
2. :func:`normalise` writes doubled letters once ("seksueel" -> "seksuel", "school" ->
   "schol", "lessen" -> "lesen"). The Dutch Snowball stemmer keeps "seksueel" but stems
   "seksuele" to "seksuel", and "lessen" to "less"; without this step those word forms
   would not find each other.
3. Stemming with the Dutch Snowball stemmer (the "Porter" variant that PostgreSQL's
   ``dutch_stem`` dictionary uses): on PostgreSQL inside the database, through the text
   search configuration ``wegwijzer_dutch`` (a copy of ``dutch`` with ``unaccent`` in front,
   created by migration 0002); on SQLite in Python with ``snowballstemmer`` ("dutch_porter"),
   and the stems are stored in an FTS5 table.
4. Stop words: PostgreSQL's Dutch list (:data:`PG_DUTCH_STOP_WORDS`) is left out of the
   SQLite index too; a query drops those and a few more (:data:`QUERY_STOP_WORDS`).

Synonyms come from the knowledge base: a tool's document includes the names and synonyms of
the forms of behaviour it addresses, so "nudes", "naaktfoto" and "sexting" all find the tools
for unwanted sexting. A query matches a tool when every query word (after these steps) is in
its document. ``tests/test_search.py`` checks both databases against a pure-Python model of
these rules (:func:`python_match`).
"""

# SQL in this module is built only from the module's own constants (table and configuration
# names, weights); every value from outside goes in as a query parameter.
# ruff: noqa: S608, SIM905

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import snowballstemmer
from django.db import connection, transaction
from django.utils import translation

# PostgreSQL's tsearch_data/dutch.stop (the Snowball Dutch stop list). The SQLite index leaves
# these out exactly as PostgreSQL does, so both hold the same words.
PG_DUTCH_STOP_WORDS = frozenset(
    """
de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om
hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar
naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al
waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd
doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
""".split()
)

_EXTRA_QUERY_STOP_WORDS = frozenset(
    """
the a an and or of for to in on with by at from is are be it this that as about how what
voor via bij welke wat waar hoe welk
""".split()
)

FTS_TABLE = "catalog_tool_fts"
PG_TABLE = "catalog_tool_search"
PG_CONFIG = "wegwijzer_dutch"
MAX_QUERY_TERMS = 12
MAX_QUERY_LENGTH = 200

_DOUBLED = re.compile(r"([a-z])\1+")
_WORD = re.compile(r"[^\W_]+")
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("dutch_porter")


def fold(text: str) -> str:
    """Lower case without accents ("Coördinator" -> "coordinator")."""
    text = (text or "").lower().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def normalise(token: str) -> str:
    """Write doubled letters once, so that word forms meet after stemming: "seksueel" and
    "seksuele", "school" and "scholen", "les" and "lessen"."""
    return _DOUBLED.sub(r"\1", token)


def tokens(text: str) -> list[str]:
    """Folded, normalised words of a text."""
    return [normalise(t) for t in _WORD.findall(fold(text))]


@functools.lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    """What PostgreSQL's ``dutch_stem`` makes of a normalised token (numbers stay as they are,
    like PostgreSQL's ``simple`` dictionary does for tokens with digits)."""
    if not token.isalpha():
        return token
    return _stemmer().stemWord(token)


def document_text(text: str) -> str:
    """The text as it is handed to PostgreSQL's ``to_tsvector``."""
    return " ".join(tokens(text))


def document_terms(text: str) -> list[str]:
    """The stems as they are stored in the SQLite FTS5 index."""
    return [stem(t) for t in tokens(text) if t not in PG_DUTCH_STOP_WORDS]


def query_terms(text: str) -> list[str]:
    """The normalised, unstemmed words of a search query that must all match."""
    stop = PG_DUTCH_STOP_WORDS | _EXTRA_QUERY_STOP_WORDS
    stop_normalised = {normalise(w) for w in stop}
    seen: list[str] = []
    for token in tokens((text or "")[:MAX_QUERY_LENGTH]):
        if len(token) < 2 or token in stop or token in stop_normalised or token in seen:
            continue
        seen.append(token)
    return seen[:MAX_QUERY_TERMS]


# --------------------------------------------------------------------------- documents
@dataclass(frozen=True)
class Document:
    """The searchable text of one tool, in four weighted parts (A most important)."""

    tool_id: int
    a: str  # titles
    b: str  # short descriptions, provider names, key
    c: str  # full descriptions, kind, recognition
    d: str  # forms of behaviour (names and synonyms), audiences, settings

    @property
    def parts(self) -> tuple[str, str, str, str]:
        return self.a, self.b, self.c, self.d


def _join(values: Iterable) -> str:
    out = []
    for value in values:
        if isinstance(value, (list, tuple)):
            out.extend(str(v) for v in value)
        elif value:
            out.append(str(value))
    return " ".join(out)


def build_documents(tool_ids: Iterable[int] | None = None) -> list[Document]:
    """Documents of the given tools (all tools when ``tool_ids`` is None)."""
    from wegwijzer.catalog.models import Audience, Kind, Setting, Tool

    tools = Tool.objects.prefetch_related("providers", "forms").order_by("pk")
    if tool_ids is not None:
        tools = tools.filter(pk__in=list(tool_ids))
    labels: dict[str, str] = {}
    for language in ("nl", "en"):
        with translation.override(language):
            for choices in (Kind, Audience, Setting):
                for value, label in choices.choices:
                    labels[value] = _join([labels.get(value, ""), str(label)])
    documents = []
    for tool in tools:
        forms = list(tool.forms.all())
        documents.append(
            Document(
                tool_id=tool.pk,
                a=_join([tool.title_nl, tool.title_en]),
                b=_join(
                    [
                        tool.summary_nl,
                        tool.summary_en,
                        tool.key.replace("_", " "),
                        *(p.name for p in tool.providers.all()),
                    ]
                ),
                c=_join(
                    [
                        tool.description_nl,
                        tool.description_en,
                        labels.get(tool.kind, ""),
                        tool.recognition_body,
                        tool.recognition_level,
                    ]
                ),
                d=_join(
                    [
                        *(
                            _join([f.name_nl, f.name_en, f.synonyms_nl, f.synonyms_en])
                            for f in forms
                        ),
                        *(labels.get(a, "") for a in tool.audiences),
                        *(labels.get(s, "") for s in tool.settings),
                    ]
                ),
            )
        )
    return documents


# --------------------------------------------------------------------------- backends
class SearchBackend:
    """What the catalogue needs from a database's full-text search."""

    vendor = ""

    def replace(self, documents: list[Document], *, delete_ids: Iterable[int] = ()) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def match_sql(self, terms: list[str]) -> tuple[str, list]:
        """SQL selecting the ids of the tools that match every term."""
        raise NotImplementedError

    def indexed_ids(self) -> set[int]:
        raise NotImplementedError

    def ranked_sql(self, terms: list[str], ids: list[int] | None = None) -> tuple[str, list]:
        """SQL selecting (tool id, relevance) of the matching tools; higher is better."""
        raise NotImplementedError

    def matching_ids(self, terms: list[str]) -> list[int]:
        sql, params = self.match_sql(terms)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    #: True when ranking a few known candidates is cheaper than ranking every match
    #: (PostgreSQL: primary-key lookups; SQLite's FTS5 is slow with a list of rowids).
    rank_candidates = False

    def ranked_matches(
        self, terms: list[str], ids: list[int] | None = None
    ) -> list[tuple[int, float]]:
        """(tool id, relevance) of the matching tools, only of ``ids`` when given and the
        backend ranks candidates."""
        sql, params = self.ranked_sql(terms, ids if self.rank_candidates else None)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(row[0], float(row[1] or 0.0)) for row in cursor.fetchall()]


class SQLiteBackend(SearchBackend):
    """FTS5 table holding the stems made in Python (columns a, b, c, d; rowid = tool id)."""

    vendor = "sqlite"
    weights = (10.0, 4.0, 1.5, 1.0)

    def replace(self, documents, *, delete_ids=()):
        ids = [d.tool_id for d in documents] + list(delete_ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({','.join(['%s'] * len(chunk))})",
                    chunk,
                )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, a, b, c, d) VALUES (%s, %s, %s, %s, %s)",
                [(d.tool_id, *(" ".join(document_terms(p)) for p in d.parts)) for d in documents],
            )

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")

    @staticmethod
    def _expression(terms: list[str]) -> str:
        # Terms hold only letters and digits; quoting makes each a plain FTS5 string.
        return " AND ".join(f'"{stem(t)}"' for t in terms)

    def match_sql(self, terms):
        return (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [self._expression(terms)],
        )

    def ranked_sql(self, terms, ids=None):
        weights = ", ".join(str(w) for w in self.weights)
        return (
            f"SELECT rowid, -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s",
            [self._expression(terms)],
        )

    def indexed_ids(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {FTS_TABLE}")
            return {row[0] for row in cursor.fetchall()}


class PostgresBackend(SearchBackend):
    """A tsvector per tool (table catalog_tool_search, GIN index), made by the
    ``wegwijzer_dutch`` configuration: unaccent, then the Dutch Snowball stemmer."""

    vendor = "postgresql"
    # ts_rank weights for D, C, B, A
    weights = "{0.1, 0.15, 0.4, 1.0}"

    def replace(self, documents, *, delete_ids=()):
        ids = [d.tool_id for d in documents] + list(delete_ids)
        vector = " || ".join(f"setweight(to_tsvector('{PG_CONFIG}', %s), '{w}')" for w in "ABCD")
        with connection.cursor() as cursor:
            if ids:
                cursor.execute(f"DELETE FROM {PG_TABLE} WHERE tool_id = ANY(%s)", [ids])
            cursor.executemany(
                f"INSERT INTO {PG_TABLE} (tool_id, document) VALUES (%s, {vector})",
                [(d.tool_id, *(document_text(p) for p in d.parts)) for d in documents],
            )

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {PG_TABLE}")

    @staticmethod
    def _expression(terms: list[str]) -> str:
        # Terms hold only letters and digits, so they cannot carry tsquery operators.
        return " & ".join(terms)

    def match_sql(self, terms):
        return (
            f"SELECT tool_id FROM {PG_TABLE} WHERE document @@ to_tsquery('{PG_CONFIG}', %s)",
            [self._expression(terms)],
        )

    rank_candidates = True

    def matching_ids(self, terms):
        # The planner rates a sequential scan as cheap because it does not count the cost
        # of reading each (TOASTed) tsvector; at 10,000 tools that scan took 40 ms where the
        # GIN index answers in 3 ms (docs/catalog.md). So, for this one query, no seq scan.
        sql, params = self.match_sql(terms)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def ranked_sql(self, terms, ids=None):
        sql = (
            f"SELECT s.tool_id, ts_rank('{self.weights}', s.document, q) "
            f"FROM {PG_TABLE} s, to_tsquery('{PG_CONFIG}', %s) q WHERE s.document @@ q"
        )
        if ids is None:
            return sql, [self._expression(terms)]
        return sql + " AND s.tool_id = ANY(%s)", [self._expression(terms), list(ids)]

    def indexed_ids(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT tool_id FROM {PG_TABLE}")
            return {row[0] for row in cursor.fetchall()}


def backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"no catalogue search for database {connection.vendor!r}")


# --------------------------------------------------------------------------- index upkeep
def rebuild_index() -> None:
    """Rebuild the whole index (after ``load_content`` and in the bench)."""
    search = backend()
    documents = build_documents()
    with transaction.atomic():
        search.clear()
        for start in range(0, len(documents), 1000):
            search.replace(documents[start : start + 1000])


def index_tools(tool_ids: Iterable[int]) -> None:
    """(Re)index some tools; ids of tools that no longer exist are removed."""
    ids = set(tool_ids)
    if not ids:
        return
    documents = build_documents(ids)
    gone = ids - {d.tool_id for d in documents}
    with transaction.atomic():
        backend().replace(documents, delete_ids=gone)


def remove_tools(tool_ids: Iterable[int]) -> None:
    backend().replace([], delete_ids=list(tool_ids))


# --------------------------------------------------------------------------- reference model
def python_match(terms: list[str], documents: Iterable[Document]) -> set[int]:
    """The matching rules in plain Python: the reference both databases are tested against."""
    wanted = {stem(t) for t in terms}
    found = set()
    for document in documents:
        words = set()
        for part in document.parts:
            words.update(document_terms(part))
        if wanted <= words:
            found.add(document.tool_id)
    return found
