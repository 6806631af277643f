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
_DATE_VALUE = re.compile(r"(19|20|21)\d\d(-?(0?[1-9]|1[0-2])(-?([0-2]?\d|3[01]))?)?")
_RANGE = re.compile(r"[\[{]\s*(\S*?)\s*\bto\b\s*(\S*?)\s*[\]}]", re.IGNORECASE)


def make_parser(schema) -> MultifieldParser:
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts={"title": 2.0})
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    return parser


def check_syntax(text: str, fields: set[str], date_fields: frozenset[str] = frozenset()) -> None:
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
    unquoted = "".join(outside)
    empty = re.search(r"(?:^|[\s(])([A-Za-z_]\w*):(?=\s|\)|$)", unquoted)
    if empty and empty.group(1) in fields:
        raise QuerySyntaxError(f"nothing to search for after '{empty.group(1)}:'")
    for match in _FIELD.finditer(unquoted):
        name = match.group(1)
        if name not in fields:
            known = ", ".join(sorted(fields))
            raise QuerySyntaxError(
                f"unknown field '{name}:' (fields: {known}; quote the text to search for it literally)"
            )
        if name in date_fields:
            _check_date_value(name, unquoted[match.end():])


def _check_date_value(name: str, rest: str) -> None:
    """`rest` follows 'date:'; refuse values whoosh would silently drop."""
    if rest[:1] == "(":
        return  # a group such as date:(2024 OR 2025); whoosh checks each part
    if rest[:1] in "[{":
        found = _RANGE.match(rest)
        if found and not found.group(1) and re.match(r"[\[{]\s+to\b", rest, re.IGNORECASE):
            raise QuerySyntaxError(f"write an open start as {name}:[TO 2025-06-30], with no space after '['")
        ends = [e for e in found.groups() if e] if found else None
        if not ends or not all(_DATE_VALUE.fullmatch(e) for e in ends):
            raise QuerySyntaxError(
                f"bad date range after '{name}:' (write {name}:[2025-01-01 TO 2025-06-30]; "
                "either end may be left empty)"
            )
        return
    value = re.match(r"[<>]?=?([^\s)]*)", rest).group(1)
    if not _DATE_VALUE.fullmatch(value):
        raise QuerySyntaxError(
            f"'{value}' is not a date for '{name}:' (try {name}:2025, {name}:2025-03 or {name}:2025-03-13)"
        )


def parse_query(parser: MultifieldParser, text: str, fields: set[str],
                date_fields: frozenset[str] = frozenset()) -> wq.Query:
    check_syntax(text, fields, date_fields)
    try:
        parsed = parser.parse(text)
    except Exception as error:  # whoosh raises bare Exceptions for some field values
        raise QuerySyntaxError(f"cannot parse the query: {error}") from None
    if parsed is wq.NullQuery:
        raise QuerySyntaxError("the query has nothing to search for")
    return parsed
