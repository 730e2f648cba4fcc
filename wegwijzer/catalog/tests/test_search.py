"""Full-text search: the text rules (pure), and the database backends measured against the
pure-Python reference :func:`search.python_match`. Both the SQLite run and the PostgreSQL run
of the suite execute these tests, so passing on both proves they give the same results."""

import pytest
from django.db import connection

from wegwijzer.catalog import search, selectors
from wegwijzer.catalog.filters import ToolQuery
from wegwijzer.catalog.models import Status, Tool


def found(q: str, **filters) -> set[str]:
    return {t.key for t in selectors.filtered_tools(query=ToolQuery(q=q, **filters))}


# --------------------------------------------------------------------------- pure rules
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Naaktfoto's", ["naktfoto", "s"]),
        ("Zorgcoördinator", ["zorgcordinator"]),
        ("café CAFÉ cafe", ["cafe", "cafe", "cafe"]),
        ("seksueel seksuele", ["seksuel", "seksuele"]),
        ("13-15 jaar", ["13", "15", "jar"]),
        ("Straße", ["strase"]),
        ("", []),
        ("!!! ??? ___", []),
    ],
)
def test_tokens_fold_case_accents_and_doubled_vowels(text, expected):
    assert search.tokens(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("seksuele", "seksueel"),
        ("naaktfoto's", "naaktfoto"),
        ("scholen", "school"),
        ("lessen", "les"),
        ("leerlingen", "leerling"),
        ("Coördinatoren", "coordinator"),
        ("weerbaarheid", "weerbaar"),
    ],
)
def test_word_forms_meet_after_stemming(a, b):
    stems_a = {search.stem(t) for t in search.query_terms(a)}
    stems_b = {search.stem(t) for t in search.query_terms(b)}
    assert stems_a == stems_b, (a, stems_a, b, stems_b)


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("de sexting en het doorsturen", ["sexting", "dorsturen"]),
        ("Naaktfoto's!!", ["naktfoto"]),
        ("a b c", []),
        ("hoe voor wat", []),
        ("veel", []),
        ("ab" * 300, ["ab" * (search.MAX_QUERY_LENGTH // 2)]),
        (
            "één twee drie vier vijf zes zeven acht negen tien elf twaalf dertien",
            [
                "twe",
                "drie",
                "vier",
                "vijf",
                "zes",
                "zeven",
                "acht",
                "negen",
                "tien",
                "elf",
                "twalf",
                "dertien",
            ],
        ),
        ("sexting SEXTING Sexting", ["sexting"]),
    ],
)
def test_query_terms(query, terms):
    assert search.query_terms(query) == terms


def test_every_postgresql_stop_word_is_dropped_from_queries():
    for word in search.PG_DUTCH_STOP_WORDS:
        assert search.query_terms(word) == [], word


# --------------------------------------------------------------------------- databases
QUERIES = [
    "sexting",
    "nudes",
    "naaktfoto",
    "naaktfoto's",
    "seksuele",
    "seksueel",
    "grooming",
    "sextortion",
    "chantage",
    "exposen",
    "wraakporno",
    "weerbaarheid",
    "ouders",
    "lessen vo",
    "grooming ouders",
    "Coördinator",
    "coordinator",
    "school",
    "scholen",
    "loverboys",
    "training leraren",
    "gratis",
    "Vlaanderen",
    "helpwanted",
    "13",
    "Rutgers",
    "bestaatniet",
    "revenge porn",
    "sexual extortion",
    "shame sexting",
    "NJi erkend",
]


@pytest.mark.django_db
@pytest.mark.parametrize("q", QUERIES)
def test_database_search_equals_the_reference_rules(q):
    documents = search.build_documents()
    current = set(Tool.objects.filter(status=Status.CURRENT).values_list("pk", flat=True))
    expected_ids = search.python_match(search.query_terms(q), documents) & current
    expected = set(Tool.objects.filter(pk__in=expected_ids).values_list("key", flat=True))
    assert found(q) == expected, connection.vendor


@pytest.mark.django_db
def test_index_holds_every_tool():
    assert search.backend().indexed_ids() == set(Tool.objects.values_list("pk", flat=True))


# Golden results for the shipped content: the SQLite run and the PostgreSQL run must both
# produce exactly these sets. (Update them when tools.yaml changes on purpose.)
GOLDEN = {
    "chantage": {
        "blackmail_escape_room",
        "helpwanted",
        "kindertelefoon",
        "klachten_sociale_media_vo",
        "love_online",
        "stappenplan_nazorg_online_misbruik",
        "wtfff_lespakket",
        "wtfff_platform",
    },
    "weerbaarheid": {
        "girls_talk",
        "girls_talk_plus",
        "kriebels_in_je_buik",
        "lang_leve_de_liefde_onderbouw",
        "week_van_de_lentekriebels",
    },
    "loverboys": {"chat_met_fier", "lang_leve_de_liefde_mbo", "lang_leve_de_liefde_onderbouw"},
    "grooming ouders": {"edubox_sexting", "helpwanted", "love_online", "seksueleopvoeding_info"},
}


@pytest.mark.django_db
@pytest.mark.parametrize(("q", "keys"), GOLDEN.items())
def test_same_results_for_the_shipped_content_on_every_database(q, keys):
    assert found(q) == keys, connection.vendor


@pytest.mark.django_db
def test_dutch_stemming_seksuele_finds_seksueel(make_tool):
    only_base = make_tool(title_nl="Seksueel misbruik voorkomen")
    only_inflected = make_tool(title_nl="Seksuele vorming voor iedereen")
    assert {only_base.key, only_inflected.key} <= found("seksuele")
    assert {only_base.key, only_inflected.key} <= found("seksueel")
    assert found("seksuele") == found("seksueel")


@pytest.mark.django_db
def test_apostrophe_plural_naaktfotos_finds_naaktfoto(make_tool):
    tool = make_tool(description_nl="Wat te doen met een naaktfoto in de klas.")
    other = make_tool(description_nl="Gesprekken over naaktfoto's.")
    assert {tool.key, other.key} <= found("naaktfoto's")
    assert {tool.key, other.key} <= found("naaktfoto")


@pytest.mark.django_db
def test_accent_folding_both_ways(make_tool):
    accented = make_tool(title_nl="Hulp voor de zorgcoördinator")
    plain = make_tool(title_nl="Handleiding zorgcoordinator")
    assert {accented.key, plain.key} <= found("zorgcoordinator")
    assert {accented.key, plain.key} <= found("zorgcoördinator")
    assert {accented.key, plain.key} <= found("ZORGCOÖRDINATOR")


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["nudes", "naaktfoto", "sexting"])
def test_synonyms_from_the_knowledge_base_find_the_same_forms(word):
    """Each word is a name or synonym of unwanted sexting and shame-sexting, so each finds
    every current tool for those forms, even when the tool's own text does not use it."""
    for_forms = {
        t.key
        for t in Tool.objects.filter(
            status=Status.CURRENT, forms__key__in=["unwanted_sexting", "shame_sexting"]
        )
    }
    assert for_forms
    assert for_forms <= found(word)


@pytest.mark.django_db
def test_synonym_matches_a_tool_that_never_uses_the_word(make_tool):
    tool = make_tool(title_nl="Een spel over online veiligheid", forms=["sextortion"])
    assert "chantage" not in tool.title_nl
    assert tool.key in found("chantage")  # a synonym of sextortion in forms.yaml
    assert tool.key in found("afpersing")


@pytest.mark.django_db
def test_all_words_must_match(make_tool):
    tool = make_tool(title_nl="Weerbaarheid voor meiden")
    assert tool.key in found("weerbaarheid meiden")
    assert tool.key not in found("weerbaarheid jongens")


@pytest.mark.django_db
def test_index_follows_edits_and_deletes(make_tool):
    tool = make_tool(title_nl="Eerste titel")
    assert tool.key in found("eerste")
    tool.title_nl = "Tweede versie"
    tool.save()
    assert tool.key not in found("eerste")
    assert tool.key in found("tweede")
    tool.forms.set([])
    pk = tool.pk
    tool.delete()
    assert pk not in search.backend().indexed_ids()


@pytest.mark.django_db
def test_index_follows_form_synonym_edits(make_tool):
    from wegwijzer.knowledge.models import FormOfBehaviour

    tool = make_tool(title_nl="Iets anders", forms=["grooming"])
    assert tool.key not in found("zzlokwoord")
    form = FormOfBehaviour.objects.get(key="grooming")
    form.synonyms_nl = [*form.synonyms_nl, "zzlokwoord"]
    form.save()
    assert tool.key in found("zzlokwoord")


@pytest.mark.django_db
def test_relevance_puts_title_matches_first(make_tool):
    in_title = make_tool(title_nl="Zzuniekwoord in de titel", basis="ervaring")
    in_text = make_tool(
        description_nl="Hier staat zzuniekwoord alleen in de tekst.",
        basis="onderbouwing",
        recognition_body="NJi",
        recognition_level="Goed onderbouwd",
    )
    keys = [t.key for t in selectors.filtered_tools(query=ToolQuery(q="zzuniekwoord"))]
    assert keys == [in_title.key, in_text.key]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db
def test_python_stemmer_equals_postgresql_dutch_stem_on_all_content_words():
    words = set()
    for document in search.build_documents():
        for part in document.parts:
            words.update(t for t in search.tokens(part) if t.isalpha())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, ts_lexize('dutch_stem', w) FROM unnest(%s::text[]) AS w", [sorted(words)]
        )
        rows = cursor.fetchall()
    differences = [
        (w, lexemes, search.stem(w))
        for w, lexemes in rows
        if lexemes and lexemes[0] != search.stem(w)
    ]
    stop_words = {w for w, lexemes in rows if lexemes == []}
    assert len(rows) > 500
    assert differences == []
    assert stop_words <= search.PG_DUTCH_STOP_WORDS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db
def test_postgresql_configuration_uses_unaccent_and_the_dutch_stemmer():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('wegwijzer_dutch', 'Coördinatoren seksuele')::text")
        (vector,) = cursor.fetchone()
    assert "coordinator" in vector
    assert "seksuel" in vector
