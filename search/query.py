"""The query language: whoosh's, checked first so mistakes get a clear message.

whoosh's parser never refuses a query: an unbalanced quote or a misspelt field
name silently turns into a different search.  `parse_query` catches those cases
and raises `QuerySyntaxError` with what is wrong and where; otherwise it hands
the string to a `MultifieldParser` over title and body, with fuzzy terms
(`word~`, `word~2`) and comparisons (`date:>2025-01-01`) switched on.
"""

from __future__ import annotations

import re

from whoosh import qparser
from whoosh import query as wq
from whoosh.qparser import MultifieldParser

from .errors import QuerySyntaxError
from .schema import DEFAULT_FIELDS

_PAIRS = {")": "(", "]": "[", "}": "{"}
_FIELD = re.compile(r"(?:(?<=^)|(?<=[\s(+\-]))([A-Za-z_]\w*):(?=[^\s:])")


def make_parser(schema) -> MultifieldParser:
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts={"title": 2.0})
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    return parser


def check_syntax(text: str, fields: set[str]) -> None:
    """Raise QuerySyntaxError for unbalanced quotes or brackets, or unknown fields."""
    if not text.strip():
        raise QuerySyntaxError("empty query")
    stack: list[tuple[str, int]] = []
    quote_at = None
    outside = []  # the query with quoted parts blanked, for the field check
    for position, char in enumerate(text):
        if quote_at is not None:
            if char == '"':
                quote_at = None
            outside.append(" ")
            continue
        outside.append(char)
        if char == '"':
            quote_at = position
        elif char in "([{":
            stack.append((char, position))
        elif char in _PAIRS:
            if not stack or stack[-1][0] != _PAIRS[char]:
                raise QuerySyntaxError(f"unbalanced '{char}' at column {position + 1} of the query")
            stack.pop()
    if quote_at is not None:
        raise QuerySyntaxError(f"unbalanced quote: the '\"' at column {quote_at + 1} is never closed")
    if stack:
        char, position = stack[-1]
        raise QuerySyntaxError(f"unbalanced '{char}' at column {position + 1} of the query")
    for match in _FIELD.finditer("".join(outside)):
        name = match.group(1)
        if name not in fields:
            known = ", ".join(sorted(fields))
            raise QuerySyntaxError(f"unknown field '{name}:' (fields: {known})")


def parse_query(parser: MultifieldParser, text: str, fields: set[str]) -> wq.Query:
    check_syntax(text, fields)
    parsed = parser.parse(text)
    if isinstance(parsed, wq.NullQuery.__class__) or parsed is wq.NullQuery:
        raise QuerySyntaxError("the query has nothing to search for")
    for node in _walk(parsed):
        if isinstance(node, wq.Term) and node.fieldname == "date" and not isinstance(node.text, (int, bytes)):
            raise QuerySyntaxError(f"'{node.text}' is not a date (try date:2025, date:2025-03-13)")
    return parsed


def _walk(node: wq.Query):
    yield node
    for child in node.children():
        yield from _walk(child)
