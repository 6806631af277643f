"""One conformance suite, run against every search backend.

The engine parses each query once (whoosh's query language) and hands the
parsed tree to the backend, whose promise is that the same query on the same
corpus finds the SAME ARTICLES as the reference backend, whoosh (ranking may
differ).  For each backend other than whoosh (`OTHER_BACKENDS`) this checks,
against whoosh on the same folder:

- the seeds, with every built-in plugin on (entity, person, org, place,
  event_date, year fields): ~95 queries of every kind the language has
  (terms, phrases, operators, grouping, fields, wildcards, prefixes, fuzzy
  terms, dates and ranges, `field:*`, plugin keyword and number fields,
  accents and case, nothing, everything); for each, `match_ids` is whoosh's,
  and `search` finds the same ids with an exact `total`;
- sorting by date: the same sequence of dates (newest first, undated last);
- facets: the same (group, value, count, clause) for whole facet lists, and
  each clause, added to the query, finding the same articles as on whoosh;
- a small JSON Lines corpus with outlets, authors and dates the test controls
  (ties, undated articles, years far outside 1970-2038): dates, ranges, sort
  and facets;
- incremental updates: an article changed, one removed, one added, then
  `update()` reports it and the backend finds what whoosh finds;
- a sample of the BBC corpus (when ../shared/corpora/bbc is present), with the
  spaCy plugins off: 40 queries built from words the articles use;
- malformed queries raise `QuerySyntaxError` on every backend.

Each corpus is indexed once per module and backend.  PostgreSQL cases use
databases of their own on the session's throwaway server (`pg_dsn`),
requested only when a postgres case runs, so `-k tantivy` never needs
PostgreSQL.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest

from conftest import BBC
from newsdesk.plugins.manager import PluginHost
from newsdesk.search import QuerySyntaxError, open_corpus, refine
from newsdesk.search.locations import bundled_seeds

REFERENCE = "whoosh"
OTHER_BACKENDS = ["tantivy", "postgres"]

ALL_PLUGINS = ""  # NEWSDESK_DISABLE for the seeds: every built-in plugin on
NO_SPACY = "entities,timeline,contradictions"  # the plugins that run spaCy (slow) off

BBC_PER_CATEGORY = 60  # 5 categories: 300 articles


# -- the corpora -------------------------------------------------------------

# (id, outlet, authors, date, text) for the JSON Lines corpus: dates that tie,
# undated articles, years long before 1970 and after 2038, an outlet with an
# accent and one in two spellings, articles with no outlet or author.
DATED = [
    ("d01", "Harbour Gazette", ["Jane Doe", "John Smith"], "2025-03-01", "A walrus hauled out on the beach."),
    ("d02", "Harbour Gazette", ["Jane Doe"], "2025-03-01", "A walrus and a pelican shared the pier."),
    ("d03", "HARBOUR GAZETTE", ["Mary Jane"], "2024-01-15", "A pelican stole a fish at the market."),
    ("d04", "Le Monde", ["Amélie Durand"], "2025-07-09", "Un morse sur la plage, with a walrus photograph."),
    ("d05", "Le Monde", ["Amelie Durand", "John Smith"], "2023-11-30", "Seals and a walrus slept on the rocks."),
    ("d06", None, [], None, "A walrus calf swam near the harbour wall."),
    ("d07", "Coast Weekly", [], None, "A heron waited by the canal all morning."),
    ("d08", "Coast Weekly", ["Jane Doe"], "1066-10-14", "Chroniclers saw a pelican over the battlefield."),
    ("d09", None, ["John Smith"], "2150-06-01", "A heron and a walrus, imagined by a novelist."),
    ("d10", "Harbour Gazette", [], "2024-12-31", "Gulls followed the ferry all the way across."),
    ("d11", "Harbour Gazette", ["Mary Jane"], "1999-12-31", "A pelican nested on the old lighthouse."),
    ("d12", None, [], "2025-03-02", "Gulls and a heron argued over a fish."),
]


def write_dated(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for article_id, outlet, authors, date, text in DATED:
        record = {"id": article_id, "title": f"Shore story {article_id}", "text": text, "authors": authors}
        if outlet:
            record["source"] = outlet
        if date:
            record["date"] = date
        lines.append(json.dumps(record, ensure_ascii=False))
    (folder / "shore.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def copy_seeds(folder: Path) -> Path:
    shutil.copytree(bundled_seeds(), folder)
    return folder


def copy_bbc_sample(folder: Path) -> Path:
    """The first BBC_PER_CATEGORY articles of each category, in category folders."""
    for category in sorted(p for p in BBC.iterdir() if p.is_dir()):
        target = folder / category.name
        target.mkdir(parents=True)
        for path in sorted(category.glob("*.txt"))[:BBC_PER_CATEGORY]:
            shutil.copy2(path, target / path.name)
    return folder


CORPORA = {  # name -> (make the folder, NEWSDESK_DISABLE)
    "seeds": (copy_seeds, ALL_PLUGINS),
    "dated": (write_dated, NO_SPACY),
    "bbc": (copy_bbc_sample, NO_SPACY),
}


def extensions(disable: str):
    """What the built-in plugins add, with `disable` off and no third-party plugin."""
    return PluginHost(third_party=False, allow="", disable=disable).extensions()


# -- fixtures ------------------------------------------------------------------

@pytest.fixture(scope="module")
def module_env(tmp_path_factory):
    """Module-wide isolation, as conftest's `isolated_dirs` gives each test:
    the corpora below are built before any test's own fixtures run."""
    home = tmp_path_factory.mktemp("backends-home")
    patch = pytest.MonkeyPatch()
    patch.setenv("NEWSDESK_INDEX_ROOT", str(home / "indexes"))
    for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        patch.setenv(var, str(home / var.lower()))
    patch.setenv("NEWSDESK_PLUGINS", "")
    yield home
    patch.undo()


class PgDatabases:
    """Databases of this module's own on the session's PostgreSQL server
    (`pg_dsn`), one per corpus, dropped when the module is done."""

    def __init__(self):
        self.server_dsn: str | None = None
        self.names: list[str] = []

    def new(self, request) -> str:
        try:
            import psycopg
            from psycopg import sql
        except ImportError:
            pytest.skip("psycopg is not installed (pip install -e '.[test]')")
        self.server_dsn = request.getfixturevalue("pg_dsn")
        name = f"test_backends_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.server_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.names.append(name)
        return self.server_dsn.rsplit("/", 1)[0] + "/" + name

    def drop_all(self) -> None:
        if not self.names:
            return
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.server_dsn, autocommit=True) as conn:
            for name in self.names:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def pg_databases():
    databases = PgDatabases()
    yield databases
    databases.drop_all()


def backend_options(backend: str, request, databases: PgDatabases) -> dict | None:
    if backend == "postgres":
        return {"dsn": databases.new(request)}
    return None


class Corpora:
    """Each corpus of `CORPORA` indexed once per backend, on demand (so a run
    of `-k tantivy` never builds a postgres index), closed at the module's end."""

    def __init__(self, tmp_path_factory, databases: PgDatabases):
        self.tmp = tmp_path_factory
        self.databases = databases
        self.folders: dict[str, Path] = {}
        self.built: dict[tuple[str, str], object] = {}

    def folder(self, name: str) -> Path:
        if name not in self.folders:
            make, _ = CORPORA[name]
            self.folders[name] = make(self.tmp.mktemp(f"corpus-{name}") / name)
        return self.folders[name]

    def get(self, name: str, backend: str, request):
        key = (name, backend)
        if key not in self.built:
            _, disable = CORPORA[name]
            corpus = open_corpus(self.folder(name), index_dir=self.tmp.mktemp(f"index-{name}-{backend}"),
                                 extensions=extensions(disable), backend=backend,
                                 backend_options=backend_options(backend, request, self.databases))
            try:
                report = corpus.update()
            except BaseException:
                corpus.close()
                raise
            assert report.problems == [], report.problems
            self.built[key] = corpus
        return self.built[key]

    def close(self) -> None:
        for corpus in self.built.values():
            corpus.close()


@pytest.fixture(scope="module")
def corpora(module_env, tmp_path_factory, pg_databases):
    built = Corpora(tmp_path_factory, pg_databases)
    yield built
    built.close()


@pytest.fixture(scope="module", params=OTHER_BACKENDS)
def backend(request):
    return request.param


def pair_of(name: str, corpora: Corpora, backend: str, request):
    """(whoosh corpus, backend corpus) of the corpus `name`."""
    return corpora.get(name, REFERENCE, request), corpora.get(name, backend, request)


@pytest.fixture
def seeds_pair(corpora, backend, request):
    return pair_of("seeds", corpora, backend, request)


@pytest.fixture
def dated_pair(corpora, backend, request):
    return pair_of("dated", corpora, backend, request)


@pytest.fixture
def bbc_pair(corpora, backend, request):
    if not BBC.exists():
        pytest.skip(f"{BBC} not present")
    return pair_of("bbc", corpora, backend, request)


# -- comparing -------------------------------------------------------------------

def check_same_articles(reference, other, query: str) -> None:
    expected = reference.match_ids(query)
    found = other.match_ids(query)
    assert found == expected, (
        f"{query!r}: only whoosh finds {sorted(expected - found)}, only the backend finds {sorted(found - expected)}")
    results = other.search(query, limit=1000)
    hit_ids = [hit.id for hit in results.hits]
    assert results.total == len(expected), f"{query!r}: total {results.total}, expected {len(expected)}"
    assert len(hit_ids) == len(set(hit_ids)), f"{query!r}: an article is listed twice"
    assert set(hit_ids) == expected
    # The total is exact whatever the limit (NOT and ranges included).
    assert other.search(query, limit=2).total == len(expected)


def check_same_date_order(reference, other, query: str) -> None:
    expected = [hit.date for hit in reference.search(query, limit=1000, sort="date").hits]
    found = [hit.date for hit in other.search(query, limit=1000, sort="date").hits]
    assert found == expected
    dated = [date for date in found if date is not None]
    assert dated == sorted(dated, reverse=True), "newest first"
    assert found == dated + [None] * (len(found) - len(dated)), "undated articles last"


def facet_rows(corpus, query: str) -> set[tuple]:
    return {(group.name, value.value, value.count, value.clause, value.missing)
            for group in corpus.facets(query, fields=None, limit=None) for value in group.values}


def check_same_facets(reference, other, query: str) -> None:
    expected, found = facet_rows(reference, query), facet_rows(other, query)
    assert found == expected, f"only whoosh: {sorted(expected - found)}; only the backend: {sorted(found - expected)}"
    assert {g.name for g in other.facets(query, limit=None)} == {g.name for g in reference.facets(query, limit=None)}
    # A value's clause added to the query finds the same articles on both.
    # (Not always `count` of them, on whoosh too: an entity clause finds the
    # entity's aliases as well, e.g. entity:"states united" those of "us".)
    for name, value, count, clause, _ in found:
        narrowed = refine(query, clause)
        assert other.match_ids(narrowed) == reference.match_ids(narrowed), (name, value, clause)


# -- the seeds, every plugin on --------------------------------------------------

SEED_QUERIES = [
    # terms, several terms, stop words, stemming, numbers
    "deepseek", "tiananmen", "censor", "models", "the", "2025", "deepseek tiananmen", "open source models",
    # phrases, with slop; a hyphenated word
    '"High-Flyer"', "High-Flyer", '"Liang Wenfeng"', '"Wenfeng Liang"', '"deepseek model"~5', '"leave a reply"',
    # operators and grouping
    "deepseek AND tiananmen", "tiananmen OR magicsquare", "deepseek AND NOT openai", "deepseek NOT openai",
    "NOT deepseek", "NOT openai", "the AND NOT tiananmen", "(alibaba OR moonshot) AND NOT minimax",
    "(deepseek OR openai) AND (censorship OR distillation)", "deepseek AND NOT (openai OR tiananmen)",
    "deepseek ANDMAYBE tiananmen", "deepseek REQUIRE openai", "deepseek^2 OR tiananmen",
    # fields
    "title:distillation", "title:deepseek OR title:openai", 'title:"openai proposes"', "author:robson",
    'author:"reese morgan"', "author:*", "NOT author:*", "outlet:starfolk", "outlet:*", "NOT outlet:*",
    "id:000_a87104d3ceeb3507", "id:00*", "path:000_a87104d3ceeb3507.txt", "path:003*",
    # wildcards, prefixes, fuzzy terms (with a required prefix: ~1/2)
    "model*", "distill*", "DEEP*", "d?epseek", "*seek", "génér*", "opnai~", "censorshp~2", "openai~1/2",
    "tiananmem~", "Delaunge~1",
    # dates
    "date:2025", "date:2025-03", "date:2025-03-13", "date:>2024", "date:<2026", "date:>2024-12-31",
    "date:[2025-01-01 TO 2025-03-31]", "date:[2025-01-01 TO 2025-06-30]", "date:[2026-01-01 TO]", "date:[TO 2024]",
    "NOT date:[TO 9999]", "deepseek AND NOT date:[TO 9999]",
    # plugin fields: entities (keywords, an alias), event dates, years
    'entity:"liang wenfeng"', 'person:"wenfeng liang"', 'person:"Liang Wenfeng"', "org:deepseek", "org:DeepSeek",
    "org:deep*", "place:china", "place:china AND NOT place:beijing", "entity:*", "NOT person:*",
    "event_date:2025", "event_date:2025-03", "event_date:>2024", "event_date:[2017 TO 2023]", "event_date:[TO 9999]",
    "NOT event_date:[TO 9999]", "event_date:*", "NOT event_date:*", "year:[TO]", "NOT year:[TO]", "year:[0 TO]",
    "year:2025", "year:2017 OR year:2030", "year:>2024", "year:[2020 TO 2026]", "year:{2017 TO 2025]", "NOT year:*",
    # accents and case
    "DEEPSEEK", "DeepSeek", "génération", "generation", "GÉNÉRATION",
    # nothing, everything
    "zzzzqqqq", "deepsek", "*",
]


def test_seeds_have_the_plugin_fields(seeds_pair):
    reference, other = seeds_pair
    assert {"entity", "person", "org", "place", "event_date", "year"} <= reference.fields
    assert other.fields == reference.fields


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_seeds_same_articles(seeds_pair, query):
    check_same_articles(*seeds_pair, query)


@pytest.mark.parametrize("query", ["*", "deepseek", "openai OR tiananmen", "NOT date:[TO 9999]", "date:2025",
                                   "zzzzqqqq"])
def test_seeds_same_date_order(seeds_pair, query):
    check_same_date_order(*seeds_pair, query)


@pytest.mark.parametrize("query", ["deepseek", "*", "ai AND NOT openai"])
def test_seeds_same_facets(seeds_pair, query):
    check_same_facets(*seeds_pair, query)


# -- outlets, authors and dates the test controls --------------------------------

DATED_QUERIES = [
    "walrus", "pelican OR heron", "walrus AND NOT pelican", "NOT walrus", "gulls",
    'outlet:"harbour gazette"', "outlet:HARBOUR", "outlet:monde", "outlet:*", "NOT outlet:*",
    'author:"jane doe"', "author:doe", "author:jane", "author:amélie", "author:amelie", "NOT author:*",
    "date:2025", "date:2025-03", "date:2025-03-01", "date:2024", "date:1066", "date:1066-10-14", "date:2150",
    "date:>2025-03-01", "date:<2000", "date:>2100", "date:[2024-01-01 TO 2024-12-31]", "date:[2024-12-31 TO 2025-03-02]",
    "date:{2024-12-31 TO 2025-03-02}", "date:[1000 TO 1999]", "date:[TO 2000]", "date:[2026 TO]",
    "date:[TO 9999]", "NOT date:[TO 9999]", "walrus AND date:[2020 TO 2030]", "walrus AND NOT date:[TO 9999]",
    "date:*", "NOT date:*", "date:[TO]",
    "title:shore", "title:d07", "id:d1*", "*",
]


@pytest.mark.parametrize("query", DATED_QUERIES)
def test_dated_same_articles(dated_pair, query):
    check_same_articles(*dated_pair, query)


@pytest.mark.parametrize("query", ["*", "walrus", "pelican OR heron", "NOT outlet:*", "date:2025",
                                   "NOT date:[TO 9999]"])
def test_dated_same_date_order(dated_pair, query):
    check_same_date_order(*dated_pair, query)


@pytest.mark.parametrize("query", ["*", "walrus", "NOT walrus", 'author:"john smith"'])
def test_dated_same_facets(dated_pair, query):
    check_same_facets(*dated_pair, query)


# -- the BBC sample, spaCy plugins off --------------------------------------------

BBC_QUERIES = [
    "government", "Government", "GOVERNMENT", "government minister", "labour AND NOT tory",
    "labour OR tory", "(blair OR brown) AND NOT howard", "chelsea AND NOT arsenal", "film AND (oscar OR award*)",
    '"prime minister"', '"general election"', '"world cup"', '"prime minister"~3', '"the company said"',
    "econom*", "mobil*", "*ation", "b?ll", "gover?ment", "goverment~", "champion~2", "footbal~1/3",
    "title:film", 'title:"box office"', 'title:"set to"', "title:*", "music OR film", "election ANDMAYBE labour",
    "growth^3 OR profit", "id:business/001", "id:sport*", "path:tech*", "NOT path:tech*",
    "outlet:*", "NOT outlet:*", "NOT date:[TO 9999]", "date:2005", "café", "deepseek", "*",
]


@pytest.mark.slow
@pytest.mark.parametrize("query", BBC_QUERIES)
def test_bbc_same_articles(bbc_pair, query):
    check_same_articles(*bbc_pair, query)


@pytest.mark.slow
@pytest.mark.parametrize("query", ["*", "government"])
def test_bbc_same_facets(bbc_pair, query):
    check_same_facets(*bbc_pair, query)


# -- incremental updates ---------------------------------------------------------

CHANGED, REMOVED, ADDED = "001_898deb4b01bdfc3a", "002_d86b51388400303c", "005_added_copy"


def with_word(text: str, word: str) -> str:
    """`text` with a sentence using `word` added to its longest paragraph (the
    article's body, not the boilerplate after it, which the reader drops)."""
    paragraphs = text.split("\n\n")
    longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
    paragraphs[longest] += f" Analysts said the {word} benchmark surprised the industry."
    return "\n\n".join(paragraphs)


def test_incremental_update(backend, tmp_path, request, pg_databases, module_env):
    folder = copy_seeds(tmp_path / "seeds")
    ext = extensions(ALL_PLUGINS)
    reference = open_corpus(folder, index_dir=tmp_path / "index-whoosh", extensions=ext)
    other = open_corpus(folder, index_dir=tmp_path / f"index-{backend}", extensions=ext, backend=backend,
                        backend_options=backend_options(backend, request, pg_databases))
    try:
        for corpus in (reference, other):
            report = corpus.update()
            assert (report.added, report.articles) == (5, 5)
        changed = folder / f"{CHANGED}.txt"
        changed.write_text(with_word(changed.read_text(encoding="utf-8"), "zyxwvutq"), encoding="utf-8")
        (folder / f"{REMOVED}.txt").unlink()
        (folder / f"{ADDED}.txt").write_text(
            with_word((folder / "004_2f6f94751758ff33.txt").read_text(encoding="utf-8"), "qtuvwxyz"), encoding="utf-8")
        for corpus in (reference, other):
            report = corpus.update()
            assert (report.changed, report.removed, report.added, report.unchanged, report.articles) == (1, 1, 1, 3, 5)
        everything = {"000_a87104d3ceeb3507", CHANGED, "003_db8d85c80677fcae", "004_2f6f94751758ff33", ADDED}
        assert reference.match_ids("*") == everything
        assert reference.match_ids("zyxwvutq") == {CHANGED}
        assert reference.match_ids("qtuvwxyz") == {ADDED}
        for query in ("*", "zyxwvutq", "qtuvwxyz", "zyxwvutq OR qtuvwxyz", "NOT zyxwvutq", "deepseek",
                      "distill*", 'entity:"liang wenfeng"', "org:deepseek", "year:*", f"id:{REMOVED}"):
            check_same_articles(reference, other, query)
        check_same_facets(reference, other, "*")
        # Nothing changed since: nothing to do.
        report = other.update()
        assert (report.changed, report.removed, report.added, report.unchanged) == (0, 0, 0, 5)
        check_same_articles(reference, other, "*")
    finally:
        reference.close()
        other.close()


# -- errors ----------------------------------------------------------------------

MALFORMED = ['"unbalanced', "(deepseek OR openai", "deepseek)", "date:[2025 TO 2026", "nosuchfield:deepseek",
             "event_date:*x"]


@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_query_is_a_syntax_error(seeds_pair, query):
    for corpus in seeds_pair:
        with pytest.raises(QuerySyntaxError):
            corpus.match_ids(query)
        with pytest.raises(QuerySyntaxError):
            corpus.search(query)
        with pytest.raises(QuerySyntaxError):
            corpus.facets(query)
