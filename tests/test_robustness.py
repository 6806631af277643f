"""Generated inputs for the engine's two parsers of untrusted text: the query
checker/parser and article ingest.  Neither may raise anything but the
documented errors, and ingest's offsets must always point into the body."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.search import QuerySyntaxError, SourceArticle
from newsdesk.search.ingest import ingest

QUERY_ALPHABET = string.ascii_letters + string.digits + ' "()[]{}:*?~^-+<>=/\\\'.,' + "éß中\t"
query_text = st.text(alphabet=QUERY_ALPHABET, max_size=40) | st.sampled_from([
    "date:[", "date:[2025 TO", "title:", "AND", "NOT NOT", "(((", "~~", '"a" "b', "date:>", "*", "?",
])

article_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400
) | st.lists(
    st.sampled_from(["Title Here", "By Jane Doe", "March 3, 2025", "Leave a Reply", "Copyright © 2020 X.",
                     "Jane Doe is a reporter at Y.", "A real paragraph that goes on for long enough to be prose.",
                     "", "   ", "\x1b[2J", "• bullet point text that is long enough to matter here."]),
    max_size=12,
).map("\n".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=query_text)
def test_any_query_either_searches_or_says_why(open_seeds, query):
    try:
        results = open_seeds.search(query, limit=3)
    except QuerySyntaxError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert results.total >= len(results.hits)


@settings(max_examples=400, deadline=None)
@given(text=article_text)
def test_ingest_never_fails_and_offsets_hold(text):
    article = ingest(SourceArticle(text=text), "x", "x.txt")
    assert "\x1b" not in article.body and "\x1b" not in article.title
    for start, end in article.paragraphs + article.sentences:
        assert 0 <= start <= end <= len(article.body)
    for start, end in article.sentences:
        assert article.body[start:end].strip() == article.body[start:end]
