"""The full-text search index, per database (see wegwijzer/catalog/search.py).

SQLite: an FTS5 table with the stems made in Python.
PostgreSQL: the unaccent extension, a text search configuration ``wegwijzer_dutch`` (a copy
of ``dutch`` with unaccent before the Dutch stemmer) and a table of tsvectors with a GIN
index. The extension is created only on PostgreSQL (unaccent is a trusted extension since
PostgreSQL 13, so a database owner may create it).
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_tool_fts USING fts5("
    "a, b, c, d, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS catalog_tool_fts"]

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'wegwijzer_dutch') THEN
           CREATE TEXT SEARCH CONFIGURATION wegwijzer_dutch (COPY = pg_catalog.dutch);
           ALTER TEXT SEARCH CONFIGURATION wegwijzer_dutch
             ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
             WITH unaccent, dutch_stem;
         END IF;
       END $$""",
    """CREATE TABLE IF NOT EXISTS catalog_tool_search (
         tool_id bigint PRIMARY KEY REFERENCES catalog_tool (id)
           ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
         document tsvector NOT NULL
       )""",
    "CREATE INDEX IF NOT EXISTS catalog_tool_search_document ON catalog_tool_search "
    "USING gin (document)",
]
PG_BACKWARD = [
    "DROP TABLE IF EXISTS catalog_tool_search",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS wegwijzer_dutch",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        ),
    ]
