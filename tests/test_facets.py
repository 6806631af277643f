"""Facet counts (`Corpus.facets`): the promise is that a value's clause, added
to the query, finds exactly `count` articles, for any query (NOT included),
on a corpus whose outlets, authors and dates the tests control, on the seeds,
and on plugin fields."""

from __future__ import annotations

import json
import re

import pytest

from newsdesk.plugins import Annotation, IndexField, hookimpl
from newsdesk.plugins.manager import PluginHost
from newsdesk.search import FacetGroup, NewsdeskError, QuerySyntaxError, open_corpus, refine


@pytest.fixture(autouse=True)
def only_the_plugins_under_test(monkeypatch):
    """These tests count what plugins register: the built-in analyzers stay out."""
    monkeypatch.setenv("NEWSDESK_DISABLE", "entities,timeline,contradictions")


# (id, outlet, authors, date, text): case and spacing variants of one outlet,
# a longer outlet containing it, accents, a quote in a name, no outlet, a
# name with no words, undated articles, a phrase across two authors.
ARTICLES = [
    ("a1", "Financial Times", ["Jane Doe", "John Smith"], "2025-03-01", "A walrus hauled out on the beach."),
    ("a2", "Financial Times", ["Jane Doe"], "2025-07-09", "A walrus and a pelican shared the pier."),
    ("a3", "FINANCIAL TIMES", ["Mary Jane", "Doe Smith"], "2024-01-15", "A pelican stole a fish at the market."),
    ("a4", "financial   times", [], "2023-11-30", "Seals and a walrus slept on the rocks."),
    ("a5", "The Financial Times Weekend", ["John Smith"], None, "A pelican nested on the old lighthouse."),
    ("a6", "Le Monde", ["Amélie Durand"], "2025-02-02", "Un morse sur la plage, with a walrus photograph."),
    ("a7", "LE MONDÉ", ["Amelie Durand"], None, "A heron waited by the canal all morning."),
    ("a8", 'The "Daily" Post', [], "2024-06-06", "A pelican and a heron fought over a fish."),
    ("a9", None, [], None, "A walrus calf swam near the harbour wall."),
    ("a10", "—", [], "2025-12-31", "Gulls followed the ferry all the way across."),
]


def write_corpus(folder, articles=ARTICLES):
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for article_id, outlet, authors, date, text in articles:
        record = {"id": article_id, "title": f"Story {article_id}", "text": text, "authors": authors}
        if outlet:
            record["source"] = outlet
        if date:
            record["date"] = date
        lines.append(json.dumps(record, ensure_ascii=False))
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def tiny(tmp_path, readers):
    corpus = open_corpus(write_corpus(tmp_path / "tiny"), index_dir=tmp_path / "index", readers=readers)
    corpus.update()
    yield corpus
    corpus.close()


def group(groups: list[FacetGroup], name: str) -> dict[str, int]:
    return {value.value: value.count for value in next(g for g in groups if g.name == name).values}


def assert_clauses_find_counts(corpus, query: str, fields=None) -> list[FacetGroup]:
    """The key property: clicking a value gives exactly `count` results."""
    groups = corpus.facets(query, fields=fields, limit=None)
    total = corpus.search(query).total if query else corpus.article_count()
    for facets in groups:
        for value in facets.values:
            assert value.count > 0
            assert value.clause is not None, value
            found = corpus.search(refine(query, value.clause)).total
            assert found == value.count, (query, facets.name, value)
            if not query:
                assert corpus.search(value.clause).total == value.count
            assert value.count <= total
    return groups


QUERIES = ["", "walrus", "walrus OR pelican", "walrus AND NOT pelican", "NOT walrus", "NOT walrus AND NOT heron",
           "date:2025", "date:[2024 TO 2025-06]", 'outlet:"financial times"', "author:smith", "pelican~"]


@pytest.mark.parametrize("query", QUERIES)
def test_every_clause_finds_exactly_its_count(tiny, query):
    groups = assert_clauses_find_counts(tiny, query)
    total = tiny.search(query).total if query else 10
    # Years (and undated) split the matches: each article has one date or none.
    assert sum(group(groups, "date").values()) == total


def test_empty_query_counts_every_article(tiny):
    groups = tiny.facets("")
    assert [g.name for g in groups] == ["outlet", "date", "author"]
    assert [g.label for g in groups] == ["Outlet", "Year", "Author"]
    assert group(groups, "date") == {"2025": 4, "2024": 2, "2023": 1, "undated": 3}
    assert tiny.facets("   ") == groups


def test_outlet_spellings_are_one_value_shown_as_most_written(tiny):
    outlets = tiny.facets("", fields=["outlet"])[0].values
    by_name = {value.value: value for value in outlets}
    # Four spellings of one name, plus the longer name the phrase also finds.
    assert by_name["Financial Times"].count == 5
    assert by_name["Financial Times"].clause == 'outlet:"Financial Times"'
    assert by_name["The Financial Times Weekend"].count == 1
    assert by_name["Le Monde"].count == 2  # accents fold as in the index
    assert by_name['The "Daily" Post'].clause == 'outlet:"The Daily Post"'
    assert by_name["no outlet"].count == 2 and by_name["no outlet"].missing  # none, and "—"
    assert [v.value for v in outlets] == ["Financial Times", "Le Monde", 'The "Daily" Post',
                                          "The Financial Times Weekend", "no outlet"]


def test_years_newest_first_and_undated_last(tiny):
    (years,) = tiny.facets("", fields=["date"])
    assert [v.value for v in years.values] == ["2025", "2024", "2023", "undated"]
    undated = years.values[-1]
    assert undated.missing and undated.clause == "NOT date:[TO 9999]"
    assert {h.id for h in tiny.search(undated.clause, limit=20).hits} == {"a5", "a7", "a9"}
    assert [v.count for v in tiny.facets("walrus", fields=["date"])[0].values] == [3, 1, 1]


def test_authors_counted_as_their_phrase_finds_them(tiny):
    authors = group(tiny.facets("", fields=["author"]), "author")
    # "Mary Jane, Doe Smith" contains the words "jane doe": the phrase finds it.
    assert authors == {"Jane Doe": 3, "John Smith": 2, "Mary Jane": 1, "Doe Smith": 1, "Amélie Durand": 2,
                       "no author": 4}


def test_limit_keeps_the_largest_and_says_how_many_more(tiny):
    (outlets,) = tiny.facets("", fields=["outlet"], limit=1)
    assert [v.value for v in outlets.values] == ["Financial Times", "no outlet"]  # missing is not limited
    assert outlets.more == 3
    with pytest.raises(NewsdeskError, match="at least 1"):
        tiny.facets("", limit=0)


def test_groups_in_the_order_asked(tiny):
    assert [g.name for g in tiny.facets("walrus", fields=["author", "outlet"])] == ["author", "outlet"]
    assert tiny.facets("walrus", fields=[]) == []


def test_bad_query_and_unknown_facets_are_clear(tiny):
    with pytest.raises(QuerySyntaxError, match="unbalanced quote"):
        tiny.facets('"walrus')
    with pytest.raises(QuerySyntaxError, match="unknown field 'colour:'"):
        tiny.facets("colour:red")
    with pytest.raises(NewsdeskError, match=r"^no facet named 'colour' \(facets: outlet, date, author\)$"):
        tiny.facets("walrus", fields=["colour"])
    with pytest.raises(NewsdeskError, match="cannot count values of 'body'"):
        tiny.facets("walrus", fields=["body"])


def test_facet_columns_are_not_query_fields(tiny):
    assert "outlet_facet" not in tiny.fields
    with pytest.raises(QuerySyntaxError, match="unknown field 'outlet_facet:'"):
        tiny.search("outlet_facet:x")


def test_counts_stay_exact_after_deletions_and_new_segments(tmp_path, readers):
    folder = write_corpus(tmp_path / "c")
    corpus = open_corpus(folder, index_dir=tmp_path / "index", readers=readers)
    corpus.update()
    extra = [("b1", "Financial Times", ["Jane Doe"], "2022-05-05", "A walrus in a new file entirely.")]
    write_corpus(folder / "more", extra)
    corpus.update()
    shorter = [a for a in ARTICLES if a[0] not in ("a1", "a9")]  # two deleted documents
    write_corpus(folder, shorter)
    corpus.update()
    for query in ["", "walrus", "NOT pelican"]:
        assert_clauses_find_counts(corpus, query)
    groups = corpus.facets("")
    assert group(groups, "outlet")["Financial Times"] == 5
    assert group(groups, "date") == {"2025": 3, "2024": 2, "2023": 1, "2022": 1, "undated": 2}
    corpus.close()


def test_seeds(open_seeds):
    for query in ["", "deepseek", "deepseek AND NOT china", "NOT censorship", "date:2025"]:
        assert_clauses_find_counts(open_seeds, query)
    groups = open_seeds.facets("")
    assert group(groups, "outlet") == {"CCN": 1, "Starfolk": 1, "no outlet": 3}
    assert group(groups, "date") == {"2025": 1, "undated": 4}


def test_json_ready(tiny):
    data = [g.to_dict() for g in tiny.facets("walrus")]
    assert json.loads(json.dumps(data))[0]["values"][0] == {
        "value": "Financial Times", "count": 3, "clause": 'outlet:"Financial Times"', "missing": False}


# -- plugin fields --------------------------------------------------------
class Animals:
    """Tags the animals an article names, as capitalised plurals ("WALRUSES")."""

    name = "animals"
    version = "1"

    def analyze(self, article):
        for animal in ("walrus", "pelican", "heron", "seal", "fish"):
            start = article.body.lower().find(animal)
            if start >= 0:
                yield Annotation("animal", start, start + len(animal), label=animal.upper() + "ES")


class AnimalsPlugin:
    @hookimpl
    def register_analyzers(self, register):
        register(Animals())

    @hookimpl
    def register_fields(self, register):
        found = lambda article, annotations: [a.label for a in annotations.get("animals", [])]  # noqa: E731
        register(IndexField("animal", "keyword", values=found, normalise=singular))
        register(IndexField("species", "number", values=lambda a, f: len(found(a, f)) - 1))
        register(IndexField("sighting", "date",
                            values=lambda a, f: ["2020-01-01", "2020-06-01"] if "walrus" in a.body else []))
        register(IndexField("quoted", "keyword", values=lambda a, f: ['say "hi"'] if "heron" in a.body else []))
        register(IndexField("note", "text", values=lambda a, f: a.title))


def singular(value: str) -> str:
    return re.sub(r"es$", "", value.casefold())


def corpus_with(folder, index, *plugins):
    host = PluginHost(third_party=False, report=lambda plugin, message: None)
    for number, plugin in enumerate(plugins):
        host.register(plugin, name=f"test{number}")
    return open_corpus(folder, index_dir=index, extensions=host.extensions())


@pytest.fixture
def with_animals(tmp_path):
    corpus = corpus_with(write_corpus(tmp_path / "tiny"), tmp_path / "index", AnimalsPlugin())
    corpus.update()
    yield corpus
    corpus.close()


def test_plugin_fields_are_facets(with_animals):
    groups = with_animals.facets("")
    assert [g.name for g in groups] == ["outlet", "date", "author", "animal", "quoted", "sighting", "species"]
    labels = {g.name: g.label for g in groups}
    assert labels["animal"] == "Animal" and labels["sighting"] == "Sighting (year)"
    animals = next(g for g in groups if g.name == "animal").values
    # Values are the indexed (folded) keys; clauses are folded again when searched.
    assert [(v.value, v.count, v.clause) for v in animals] == [
        ("walrus", 5, 'animal:"walrus"'), ("pelican", 4, 'animal:"pelican"'), ("fish", 2, 'animal:"fish"'),
        ("heron", 2, 'animal:"heron"'), ("seal", 1, 'animal:"seal"')]
    assert group(groups, "sighting") == {"2020": 5}  # two dates in one year: one article
    species = next(g for g in groups if g.name == "species").values
    assert [(v.value, v.count) for v in species] == [("0", 5), ("1", 3), ("-1", 1), ("2", 1)]
    assert species[2].clause == "species:-1"
    # A key with a double quote cannot be written as a query: counted, no clause.
    (quoted,) = next(g for g in groups if g.name == "quoted").values
    assert (quoted.value, quoted.count, quoted.clause) == ('say "hi"', 2, None)


@pytest.mark.parametrize("query", ["", "walrus", "NOT pelican", "pelican AND NOT walrus", 'animal:"Herones"'])
def test_plugin_clauses_find_exactly_their_count(with_animals, query):
    fields = ["animal", "species", "sighting", "date", "outlet"]
    assert_clauses_find_counts(with_animals, query, fields=fields)


def test_text_fields_are_not_facets(with_animals):
    with pytest.raises(NewsdeskError, match="cannot count values of 'note'"):
        with_animals.facets("", fields=["note"])


def test_plugin_counts_across_segments_and_deletions(tmp_path):
    folder = write_corpus(tmp_path / "tiny")
    corpus = corpus_with(folder, tmp_path / "index", AnimalsPlugin())
    corpus.update()
    write_corpus(folder / "more", [("b1", "Wire", [], "2021-01-01", "A walrus and a seal, then another walrus.")])
    corpus.update()
    # A segment where no article has a date or an animal has no column for them.
    write_corpus(folder / "gulls", [("g1", None, [], None, "Only gulls here, and a ferry.")])
    corpus.update()
    assert group(corpus.facets(""), "date")["undated"] == 4
    fields = ["animal", "species", "sighting", "date"]
    assert group(assert_clauses_find_counts(corpus, "", fields), "animal")["walrus"] == 6
    write_corpus(folder, [a for a in ARTICLES if a[0] != "a2"])
    corpus.update()
    groups = assert_clauses_find_counts(corpus, "", fields)
    assert group(groups, "animal") == {"walrus": 5, "pelican": 3, "fish": 2, "heron": 2, "seal": 2}
    assert_clauses_find_counts(corpus, "NOT heron", fields)
    corpus.close()


def test_empty_corpus_has_empty_groups(tmp_path, readers):
    (tmp_path / "empty").mkdir()
    corpus = open_corpus(tmp_path / "empty", index_dir=tmp_path / "index", readers=readers)
    corpus.update()
    assert [(g.name, g.values, g.more) for g in corpus.facets("")] == [
        ("outlet", [], 0), ("date", [], 0), ("author", [], 0)]
    assert all(not g.values for g in corpus.facets("walrus"))
