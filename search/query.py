"""The query language: whoosh's, checked first so mistakes get a clear message.

whoosh's parser never refuses a query: an unbalanced quote or a misspelt field
name silently turns into a different search.  `parse_query` catches those cases
and raises `QuerySyntaxError` with what is wrong and where; otherwise it hands
the string to a `MultifieldParser` over title and body, with fuzzy terms
(`word~`, `word~2`) and comparisons (`date:>2025-01-01`) switched on.
"""

from __future__ import annotations

import datetime as dt
import re

from whoosh import qparser
from whoosh import query as wq
from whoosh.qparser import MultifieldParser

from .errors import QuerySyntaxError
from .schema import DEFAULT_FIELDS

# A range may mix brackets: [a TO b} includes a and excludes b.
_PAIRS = {")": "(", "]": "[{", "}": "[{"}
_FIELD = re.compile(r"(?:(?<=^)|(?<=[\s(+\-]))([A-Za-z_]\w*):(?=[^\s:])")


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
            if not stack or stack[-1][0] not in _PAIRS[char]:
                raise QuerySyntaxError(f"unbalanced '{char}' at column {position + 1} of the query")
            stack.pop()
    if quote_at is not None:
        raise QuerySyntaxError(f"unbalanced quote: the '\"' at column {quote_at + 1} is never closed")
    if stack:
        char, position = stack[-1]
        raise QuerySyntaxError(f"unbalanced '{char}' at column {position + 1} of the query")
    unquoted = "".join(outside)
    prefixed = re.search(r"(\w+)~\d+/(\d+)", unquoted)
    if prefixed and int(prefixed.group(2)) > len(prefixed.group(1)):
        raise QuerySyntaxError(f"'{prefixed.group(0)}' keeps more letters ({prefixed.group(2)}) than the word has")
    fuzzy = re.search(r"\w~(\d+)", unquoted)
    if fuzzy and int(fuzzy.group(1)) > 2:
        raise QuerySyntaxError(f"'~{fuzzy.group(1)}' is too loose: fuzzy terms allow at most 2 edits (word~2)")
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


def parse_query(parser: MultifieldParser, text: str, fields: set[str],
                date_fields: frozenset[str] = frozenset()) -> wq.Query:
    if text.strip() == "*":
        # Every article: whoosh would expand "*" into every word of every
        # default field (seconds on 20,000 articles).
        return wq.Every()
    check_syntax(text, fields, date_fields)
    text = normalise_dates(text, date_fields)
    try:
        parsed = parser.parse(text)
    except Exception as error:  # whoosh raises bare Exceptions for some field values
        raise QuerySyntaxError(f"cannot parse the query: {error}") from None
    if parsed is wq.NullQuery:
        raise QuerySyntaxError("the query has nothing to search for")
    return parsed.accept(_fit_fuzzy_prefix)


def _fit_fuzzy_prefix(node: wq.Query) -> wq.Query:
    """A fuzzy term keeps at most its whole (stemmed) word as prefix: whoosh
    fails on `walrus~2/6`, whose stem "walru" has five letters."""
    if isinstance(node, wq.FuzzyTerm) and node.prefixlength > len(node.text):
        node.prefixlength = len(node.text)
    return node


# -- dates ----------------------------------------------------------------
# Date values are rewritten into explicit day ranges before whoosh sees them,
# so that each means what it says at the granularity written: date:2025-03 is
# the whole month, date:>2023 starts in 2024, date:{a TO b} excludes a and b.
_DAY = dt.timedelta(days=1)
_PHRASE = r'"[^"]*"'
_DATE_QUERY = re.compile(
    r'(?P<phrase>(?<![\w:])' + _PHRASE + r')'
    r'|(?<![\w:])(?P<rfield>[A-Za-z_]\w*):(?P<open>[\[{])\s*(?P<start>[^\s\]}]*?)\s*\bTO\b\s*'
    r'(?P<end>[^\s\]}]*?)\s*(?P<close>[\]}])'
    r'|(?<![\w:])(?P<field>[A-Za-z_]\w*):(?P<op>>=|<=|>|<)?(?:"(?P<quoted>[^"]*)"|(?P<value>[^\s()"]+))',
    re.IGNORECASE,
)
_DATE_WRITTEN = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def normalise_dates(text: str, date_fields: frozenset[str]) -> str:
    """Rewrite every date value of a date field as an explicit range of days."""
    if not date_fields:
        return text

    def rewrite(match: re.Match) -> str:
        if match.group("phrase"):
            return match.group(0)
        if match.group("rfield"):
            name = match.group("rfield")
            if name not in date_fields:
                return match.group(0)
            start = _span(name, match.group("start"))[0 if match.group("open") == "[" else 1] if match.group("start") else None
            end = _span(name, match.group("end"))[1 if match.group("close") == "]" else 0] if match.group("end") else None
            if match.group("open") == "{" and start:
                start += _DAY
            if match.group("close") == "}" and end:
                end -= _DAY
            return _range(name, start, end)
        name = match.group("field")
        if name not in date_fields:
            return match.group(0)
        first, last = _span(name, match.group("quoted") if match.group("quoted") is not None else match.group("value"))
        op = match.group("op")
        if op == ">":
            return _range(name, last + _DAY, None)
        if op == ">=":
            return _range(name, first, None)
        if op == "<":
            return _range(name, None, first - _DAY)
        if op == "<=":
            return _range(name, None, last)
        return _range(name, first, last)

    return _DATE_QUERY.sub(rewrite, text)


def _span(name: str, value: str) -> tuple[dt.date, dt.date]:
    """The first and last day a written date covers (a year, a month or a day)."""
    found = _DATE_WRITTEN.fullmatch(value.strip())
    if not found:
        raise QuerySyntaxError(
            f"'{value}' is not a date for '{name}:' (try {name}:2025, {name}:2025-03 or {name}:2025-03-13)"
        )
    year, month, day = (int(part) if part else None for part in found.groups())
    try:
        if day:
            first = last = dt.date(year, month, day)
        elif month:
            first = dt.date(year, month, 1)
            last = (dt.date(year + (month == 12), month % 12 + 1, 1)) - _DAY
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise QuerySyntaxError(f"'{value}' is not a real date (in '{name}:')") from None
    return first, last


def _range(name: str, start: dt.date | None, end: dt.date | None) -> str:
    if start and end and start > end:
        raise QuerySyntaxError(f"the range in '{name}:' is empty: it starts after it ends")
    left = start.isoformat() if start else ""
    right = end.isoformat() if end else ""
    return f"{name}:[{left} TO {right}]" if left and right else (f"{name}:[{left} TO]" if left else f"{name}:[TO {right}]")
