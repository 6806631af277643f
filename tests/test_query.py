"""The query language on the seeds: operators, phrases, fields, wildcards,
fuzzy terms, date ranges, sorting, exact totals, and clear syntax errors."""

from __future__ import annotations

import pytest

from newsdesk.search import QuerySyntaxError

ALL = {"000_a87104d3ceeb3507", "001_898deb4b01bdfc3a", "002_d86b51388400303c",
       "003_db8d85c80677fcae", "004_2f6f94751758ff33"}


def ids(corpus, query, **kwargs):
    return {hit.id for hit in corpus.search(query, limit=50, **kwargs).hits}


@pytest.mark.parametrize("query,expected", [
    ("deepseek", ALL),
    ("deepseek AND tiananmen", {"000_a87104d3ceeb3507"}),
    ("tiananmen OR magicsquare", {"000_a87104d3ceeb3507", "004_2f6f94751758ff33"}),
    ("deepseek AND NOT openai", {"002_d86b51388400303c"}),
    ('"High-Flyer"', {"003_db8d85c80677fcae"}),
    ('"Wenfeng Liang"', {"004_2f6f94751758ff33"}),
    ('"Liang Wenfeng"', {"003_db8d85c80677fcae"}),
    ("title:distillation", {"001_898deb4b01bdfc3a"}),
    ('author:"reese morgan"', {"003_db8d85c80677fcae"}),
    ("author:robson", {"000_a87104d3ceeb3507"}),
    ("outlet:starfolk", {"003_db8d85c80677fcae"}),
    ("date:2025-03-13", {"003_db8d85c80677fcae"}),
    ("date:[2025-01-01 TO 2025-06-30]", {"003_db8d85c80677fcae"}),
    ("date:[2026-01-01 TO]", set()),
    ("date:>2024-12-31", {"003_db8d85c80677fcae"}),
    ("distill*", {"001_898deb4b01bdfc3a", "003_db8d85c80677fcae", "004_2f6f94751758ff33"}),
    ("tiananmem~", {"000_a87104d3ceeb3507"}),
    ("Delaunge~1", {"000_a87104d3ceeb3507"}),
    ("generation", {"001_898deb4b01bdfc3a", "002_d86b51388400303c", "000_a87104d3ceeb3507"}),
    ("génération", {"001_898deb4b01bdfc3a", "002_d86b51388400303c", "000_a87104d3ceeb3507"}),
    ("censorship", {"000_a87104d3ceeb3507", "002_d86b51388400303c"}),
    ("censor", {"000_a87104d3ceeb3507"}),  # stemming keeps 'censorship' and 'censor' apart
    ("models", ALL),  # ...but joins "model" and "models"
    ("(alibaba OR moonshot) AND NOT minimax", {"000_a87104d3ceeb3507"}),
])
def test_query_syntax(open_seeds, query, expected):
    assert ids(open_seeds, query) == expected


def test_total_is_exact_for_negations(open_seeds):
    results = open_seeds.search("the AND NOT tiananmen", limit=1)
    assert results.total == 4
    assert len(results.hits) == 1


def test_sort_by_date_puts_dated_articles_first(open_seeds):
    hits = open_seeds.search("deepseek", sort="date").hits
    assert hits[0].id == "003_db8d85c80677fcae"
    assert all(h.date is None for h in hits[1:])


def test_hits_carry_snippets_with_match_spans(open_seeds):
    hit = open_seeds.search("tiananmen").hits[0]
    assert hit.snippet.text
    assert hit.snippet.matches
    for start, end in hit.snippet.matches:
        assert hit.snippet.text[start:end].lower().startswith("tiananmen")


def test_did_you_mean(open_seeds):
    results = open_seeds.search("deepsek")
    assert results.total == 0
    assert results.suggestion == "deepseek"
    # No suggestion that would itself find nothing.
    assert open_seeds.search('"leave a reply"').suggestion is None


@pytest.mark.parametrize("query,message", [
    ('"deepseek', "unbalanced quote"),
    ("(deepseek OR openai", "unbalanced '('"),
    ("deepseek)", "unbalanced ')'"),
    ("date:[2025 TO 2026", "unbalanced '['"),
    ("foo:bar", "unknown field 'foo:'"),
    ("date:yesterday", "not a date"),
    ("date:[foo TO bar]", "'foo' is not a date"),
    ("   ", "empty query"),
    ("date:2025-13", "not a real date"),
    ("date:2025-02-30", "not a real date"),
    ("date:[2026 TO 2025]", "is empty"),
    ("date:", "nothing to search for"),
    ("blair~3", "at most 2 edits"),
])
def test_syntax_errors_are_clear(open_seeds, query, message):
    with pytest.raises(QuerySyntaxError) as raised:
        open_seeds.search(query)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_quoted_colons_are_text_not_fields(open_seeds):
    assert open_seeds.search('"foo:bar"').total == 0


@pytest.mark.parametrize("query", [
    "the AND NOT openai", "deepseek NOT (censorship OR tiananmen)", "ai date:[2025-01-01 TO 2025-12-31]",
    "date:[TO 2025-12-31] OR tiananmen", "model*", "openai~", '"user data"',
])
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_totals_match_a_direct_count(open_seeds, query, sort):
    results = open_seeds.search(query, limit=1, sort=sort)
    searcher = open_seeds._current_reader().searcher
    parsed = open_seeds._parser.parse(query)
    assert results.total == len(set(searcher.docs_for_query(parsed)))


@pytest.mark.parametrize("query,expected", [
    ("date:>2025", set()),
    ("date:>=2025", {"003_db8d85c80677fcae"}),
    ("date:<2025-03-13", set()),
    ("date:<=2025-03-13", {"003_db8d85c80677fcae"}),
    ("date:{2025-03-13 TO 2025-12-31}", set()),
    ("date:[2025-03-13 TO 2025-12-31}", {"003_db8d85c80677fcae"}),
    ('date:"2025-03-13"', {"003_db8d85c80677fcae"}),
    ("date:2025-3-13", {"003_db8d85c80677fcae"}),
    ("date:2025-03", {"003_db8d85c80677fcae"}),
    ("date:2025-04", set()),
])
def test_date_comparisons_mean_what_they_say(open_seeds, query, expected):
    assert ids(open_seeds, query) == expected
