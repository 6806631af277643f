"""Finding the query's words in article text, for the reader's highlights.

The engine's snippets carry exact match spans; the full body in the reader is
highlighted by simpler means: the words of the query (not operators, not
dates or ids), each matched case-insensitively at the start of a word, so
that `model` also marks `models`.  Close enough for reading; never used for
search itself.
"""

from __future__ import annotations

import re

from rich.text import Text

MATCH_STYLE = "bold reverse"
CURRENT_MATCH_STYLE = "bold black on yellow"
# Plugin annotations shown inline: a style per kind (chosen by the kind's hash).
ANNOTATION_STYLES = ("underline cyan", "underline magenta", "underline green", "underline blue",
                     "underline red", "underline yellow")
_OPERATORS = {"AND", "OR", "NOT", "TO"}
_SKIP_FIELDS = {"date", "id", "path"}
_TOKEN = re.compile(r'(?:(\w+):)?("([^"]*)"|[^\s()"\[\]{}]+)')


def query_terms(query: str) -> list[str]:
    """The words worth marking in an article for `query`, longest first."""
    terms: set[str] = set()
    for match in _TOKEN.finditer(query or ""):
        field, word, phrase = match.group(1), match.group(2), match.group(3)
        if field and field.lower() in _SKIP_FIELDS:
            continue
        if phrase is not None:
            terms.add(phrase.strip())
            continue
        if word in _OPERATORS:
            continue
        word = re.sub(r"~\d*$", "", word).rstrip("*?").lstrip("-+")
        word = word.split("*")[0].split("?")[0]
        if len(word) >= 2 and not word.startswith(("<", ">", "=")):
            terms.add(word)
    return sorted((t for t in terms if t), key=len, reverse=True)


def term_pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, term.split())) for term in terms)
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) of each match of the query's words in `text`, in order."""
    pattern = term_pattern(query_terms(query))
    if pattern is None:
        return []
    return [(match.start(), match.end()) for match in pattern.finditer(text)]


def highlight_spans(text: Text, spans, offset: int = 0, style: str = MATCH_STYLE) -> Text:
    """Style the given (start, end) spans of `text`, shifted by `offset`."""
    for start, end in spans or ():
        text.stylize(style, start + offset, end + offset)
    return text
