"""Running a parsed query against the whoosh index and shaping the hits.

Counting: with its default collector whoosh's `len(results)` is wrong for
`X AND NOT Y` and date-range queries; the collector here counts every match in
the same pass (tests compare it with a direct count).  Snippets: the
best-scoring fragment of the body, as plain text plus match spans, so each
interface decides how to show a match (a style in a table, nothing in JSON).
"""

from __future__ import annotations

import datetime as dt
import functools

from whoosh import collectors, highlight
from whoosh import query as wq

from .results import Hit, Snippet

SNIPPET_CHARS = 160


class _SpanFormatter(highlight.Formatter):
    """Returns the best fragment as a `Snippet` rather than marked-up text."""

    def format(self, fragments, replace=False):
        if not fragments:
            return Snippet()
        fragment = fragments[0]
        text = fragment.text[fragment.startchar:fragment.endchar]
        spans = []
        for token in sorted(fragment.matches, key=lambda t: t.startchar):
            if token.startchar is None or (spans and token.startchar < spans[-1][1] + fragment.startchar):
                continue
            spans.append((token.startchar - fragment.startchar, token.endchar - fragment.startchar))
        snippet = _tidy(text, spans)
        # Mark a passage cut out of the middle of the text.
        if fragment.startchar > 0:
            snippet = Snippet("…" + snippet.text, [(s + 1, e + 1) for s, e in snippet.matches])
        if fragment.endchar < len(fragment.text.rstrip()):
            snippet.text += "…"
        return snippet


def _tidy(text: str, spans: list[tuple[int, int]]) -> Snippet:
    """Fold whitespace to one line, keeping the spans pointing at the same words."""
    out, mapping = [], []
    previous_space = True
    for char in text:
        if char.isspace():
            if previous_space:
                mapping.append(len(out))
                continue
            char = " "
        previous_space = char == " "
        mapping.append(len(out))
        out.append(char)
    mapping.append(len(out))
    folded = "".join(out)
    stripped = folded.rstrip()
    return Snippet(stripped, [(mapping[s], min(mapping[e], len(stripped))) for s, e in spans])


def make_highlighter() -> highlight.Highlighter:
    return highlight.Highlighter(
        fragmenter=highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60),
        formatter=_SpanFormatter(),
    )


def count_matches(searcher, query: wq.Query) -> int:
    """The exact number of matching documents (deleted ones excluded)."""
    matcher = query.matcher(searcher)
    total = 0
    is_deleted = searcher.reader().is_deleted
    while matcher.is_active():
        if not is_deleted(matcher.id()):
            total += 1
        matcher.next()
    return total


def run_search(searcher, query: wq.Query, limit: int, sort: str, bodies) -> tuple[int, list[Hit]]:
    """Top `limit` hits and the exact total; `bodies(ids)` supplies text to highlight."""
    if sort == "date":
        inner = collectors.SortingCollector("date", limit=limit, reverse=True)
    else:
        # replace=0: whoosh's matcher replacement drops parts of NOT and range
        # queries while counting, which makes len(results) wrong for them.
        # usequality=False: count while collecting, instead of a second pass.
        inner = collectors.TopCollector(limit, replace=0, usequality=False)
    # Record which terms matched each hit (for highlighting), unless the query
    # has no body terms to highlight: recording costs on every match.
    highlight_body = any(field == "body" for field, _ in query.iter_all_terms(phrases=True))
    collector = collectors.TermsCollector(inner) if highlight_body else inner
    searcher.search_with_collector(query, collector)
    results = collector.results()
    results.highlighter = make_highlighter()
    total = len(results)
    stored = [hit.fields() for hit in results]
    texts = bodies([fields["id"] for fields in stored])
    hits = []
    for hit, fields in zip(results, stored):
        body = texts.get(fields["id"]) or ""
        # Highlighting re-reads the whole body: skip it when no body term matched
        # (a title-only or date-only match), and show the opening instead.
        in_body = highlight_body and any(field == "body" for field, _ in hit.matched_terms())
        snippet = hit.highlights("body", text=body, top=1) if body and in_body else Snippet()
        hits.append(make_hit(fields, None if sort == "date" else float(hit.score or 0.0), snippet, body))
    return total, hits


def make_hit(fields: dict, score: float | None, snippet: Snippet, body: str) -> Hit:
    """A hit from an article's stored fields (id, title, path, date, author,
    outlet); without a matched passage the snippet is the body's opening."""
    if not snippet.text and body:
        snippet = _tidy(body[: SNIPPET_CHARS * 2], [])
        if len(snippet.text) > SNIPPET_CHARS:
            snippet.text = snippet.text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    date = fields.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    return Hit(
        id=fields["id"],
        title=fields.get("title") or fields["id"],
        path=fields.get("path", ""),
        score=score,
        date=date if isinstance(date, dt.date) else None,
        author=fields.get("author") or None,
        outlet=fields.get("outlet") or None,
        snippet=snippet,
    )


@functools.lru_cache(maxsize=8)
def _stems_of(stemfn):
    """`stemfn` with a memory shared by every search: most words of news
    recur, and stemming in Python is the slow part of highlighting."""
    return functools.lru_cache(maxsize=200_000)(stemfn)


class QuickHighlighter:
    """Snippets for backends whose own highlighter cannot enumerate a query's
    terms (wildcards, fuzzy terms): the body's words are analysed as the
    schema's prose analyzer does (its tokenizer's pattern, lower case, accent
    folding, its stemmer), each distinct word once, and the 160 characters
    with the most matching words are shown.  Several times quicker than
    whoosh's highlighter, which builds a token object per word."""

    def __init__(self, analyzer, wanted):
        tokenizer, _lower, charset, stemmer = analyzer.items
        self.pattern = tokenizer.expression
        self.charset = charset.charmap
        self.stem = _stems_of(stemmer.stemfn)
        self.wanted = wanted  # analysed term -> bool
        self.seen: dict[str, bool] = {}

    def _matches(self, word: str) -> bool:
        found = self.seen.get(word)
        if found is None:
            found = self.seen[word] = bool(self.wanted(self.stem(word.lower().translate(self.charset))))
        return found

    def __call__(self, body: str) -> Snippet:
        spans = [m.span() for m in self.pattern.finditer(body) if self._matches(m.group())]
        if not spans:
            return Snippet()
        # The window of SNIPPET_CHARS holding the most matches.
        best, first, count = 0, 0, 0
        for last in range(len(spans)):
            while first < last and spans[last][1] - spans[first][0] > SNIPPET_CHARS:
                first += 1
            if last - first + 1 > count:
                best, count = first, last - first + 1
        start = max(0, spans[best][0] - 40)
        if start:
            space = body.rfind(" ", 0, start + 1)
            start = space + 1 if space >= 0 and start - space < 20 else start
        end = min(len(body), start + SNIPPET_CHARS)
        space = body.rfind(" ", start, end) if end < len(body) else -1
        end = space if space > spans[best][1] else end
        chosen = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
        snippet = _tidy(body[start:end], chosen)
        if start > 0:
            snippet = Snippet("…" + snippet.text, [(s + 1, e + 1) for s, e in snippet.matches])
        if end < len(body.rstrip()):
            snippet.text += "…"
        return snippet