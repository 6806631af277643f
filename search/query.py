"""The query language: whoosh's, checked first so mistakes get a clear message.

whoosh's parser never refuses a query: an unbalanced quote or a misspelt field
name silently turns into a different search.  `parse_query` catches those cases
and raises `QuerySyntaxError` with what is wrong and where; otherwise it hands
the string to a `MultifieldParser` over title and body, with fuzzy terms
(`word~`, `word~2`) and comparisons (`date:>2025-01-01`) switched on.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from whoosh import qparser
from whoosh import query as wq
from whoosh.fields import DATETIME, NUMERIC
from whoosh.qparser import MultifieldParser

from .errors import QuerySyntaxError
from .schema import DEFAULT_FIELDS
from .text import clean_text

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
    # As article text is stored: NFC, no control characters, a lone surrogate
    # (a command-line argument that was not UTF-8) as U+FFFD.
    text = clean_text(text)
    if text.strip() == "*":
        # Every article: whoosh would expand "*" into every word of every
        # default field (seconds on 20,000 articles).
        return wq.Every()
    check_syntax(text, fields, date_fields)
    text = normalise_numbers(normalise_dates(text, date_fields), parser.schema)
    try:
        parsed = parser.parse(text)
    except Exception as error:  # whoosh raises bare Exceptions for some field values
        raise QuerySyntaxError(f"cannot parse the query: {error}") from None
    if parsed is wq.NullQuery:
        raise QuerySyntaxError("the query has nothing to search for")
    return parsed.accept(functools.partial(_fit, parser.schema))


def _fit(schema, node: wq.Query) -> wq.Query:
    """One node of a parsed query as every backend runs it alike (each step
    says what whoosh, or another backend, would get wrong)."""
    if getattr(node, "fieldname", "") is None and not isinstance(node, wq.Every):
        # whoosh's reading of "(author:^2)": a term no backend can look up
        raise QuerySyntaxError(f"cannot read '{getattr(node, 'text', node)}' in the query: is a word missing?")
    if node is not wq.NullQuery and getattr(node, "boost", 1.0) <= 0:
        # whoosh drops every match of some queries boosted by ^0 (`?^0`, date
        # ranges); the other backends keep them.  Zero or less is the least boost.
        node.boost = _LEAST_BOOST
    if type(node) is wq.AndNot:
        # whoosh's AndNot matcher keeps the first match of `a` when `b` matched
        # an earlier article too; `a AND NOT b` is right.
        return wq.And([node.a, wq.Not(node.b)], boost=node.boost)
    if isinstance(node, wq.FuzzyTerm):
        return _fit_fuzzy(node)
    field = schema[node.fieldname] if getattr(node, "fieldname", None) in schema else None
    if isinstance(field, NUMERIC) and not isinstance(field, DATETIME):
        return _fit_number(field, node)
    return node


_LEAST_BOOST = 1e-6


def _fit_fuzzy(node: wq.FuzzyTerm) -> wq.Query:
    """At most two edits (the checker wants a letter before "~", so ".~3" gets
    here, and tantivy refuses it); at most the whole (stemmed) word as prefix:
    whoosh fails on `walrus~2/6`, whose stem "walru" has five letters."""
    if node.maxdist > 2:
        raise QuerySyntaxError(f"'~{node.maxdist}' is too loose: fuzzy terms allow at most 2 edits (word~2)")
    if node.prefixlength > len(node.text):
        node.prefixlength = len(node.text)
    return node


def _fit_number(field: NUMERIC, node: wq.Query) -> wq.Query:
    """A quoted number (`year:"2025"`) as if unquoted, and a range within the
    numbers the field holds: whoosh fails on `year:>9223372036854775807` and
    reads `year:{TO -9223372036854775808}` as every value.  Past either end a
    range matches nothing; open at both ends, it is every article with a value."""
    if isinstance(node, (wq.Term, wq.Phrase)):
        text = node.text if isinstance(node, wq.Term) else " ".join(node.words)
        if not isinstance(text, str):
            return node  # already the field's bytes
        if not field.is_valid(text.strip()):
            raise QuerySyntaxError(f"'{text.strip()}' is not a number for '{node.fieldname}:'")
        return wq.Term(node.fieldname, field.to_bytes(text.strip()), boost=node.boost)
    start, end = getattr(node, "start", None), getattr(node, "end", None)
    if type(node) is not wq.NumericRange or not all(value is None or isinstance(value, int) for value in (start, end)):
        return node
    if start is not None and node.startexcl:
        start += 1
    if end is not None and node.endexcl:
        end -= 1
    if ((start is not None and start > field.max_value) or (end is not None and end < field.min_value)
            or (start is not None and end is not None and start > end)):
        return wq.NullQuery
    start = None if start is None or start <= field.min_value else start
    end = None if end is None or end >= field.max_value else end
    if start is None and end is None:
        return wq.Every(node.fieldname, boost=node.boost)
    return wq.NumericRange(node.fieldname, start, end, boost=node.boost, constantscore=node.constantscore)


# -- numbers --------------------------------------------------------------
# whoosh turns a number it cannot read (year:1.5, year:99999999999999999999)
# into nothing and then drops it: "walrus AND year:1.5" would find every walrus.
_WHOLE = re.compile(r"[+-]?\d+")


def normalise_numbers(text: str, schema) -> str:
    """Refuse a value of a number field that is not a whole number, and write
    one beyond what the field holds as the range it means (none, or all)."""
    numbers = {name for name, field in schema.items() if isinstance(field, NUMERIC) and not isinstance(field, DATETIME)}
    if not numbers:
        return text

    def rewrite(match: re.Match) -> str:
        name = match.group("rfield") or match.group("field")
        if match.group("phrase") or name not in numbers:
            return match.group(0)
        low, high = schema[name].min_value, schema[name].max_value
        nothing, everything = f"{name}:{{{high} TO {high}]", f"{name}:[TO]"
        if match.group("rfield"):
            start, end = _whole(name, match.group("start")), _whole(name, match.group("end"))
            if (start is not None and start > high) or (end is not None and end < low):
                return nothing
            left = "" if start is None or start < low else f"{start} "
            right = "" if end is None or end > high else f" {end}"
            return f"{name}:{match.group('open')}{left}TO{right}{match.group('close')}"
        value, mark, boost = (match.group("quoted") if match.group("quoted") is not None
                              else match.group("value")).partition("^")
        if value == "*" and not match.group("op"):
            return match.group(0)
        number, op = _whole(name, value), match.group("op") or ""
        if number is None or low <= number <= high:
            return match.group(0)
        above = number > high
        if not op:
            return nothing + mark + boost
        return (nothing if above == op.startswith(">") else everything) + mark + boost

    return _DATE_QUERY.sub(rewrite, text)


def _whole(name: str, value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not _WHOLE.fullmatch(value):
        raise QuerySyntaxError(f"'{value}' is not a whole number for '{name}:'")
    return int(value)


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
        try:
            return rewrite_one(match)
        except OverflowError:  # a day before 0001-01-01 or after 9999-12-31
            raise QuerySyntaxError(f"'{match.group(0)}' reaches outside the calendar (years 1 to 9999)") from None

    def rewrite_one(match: re.Match) -> str:
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
        if match.group("value") == "*" and not match.group("op"):
            return f"{name}:[TO]"  # any date: the articles that have one
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
    if not start and not end:
        return f"{name}:[TO]"
    left = start.isoformat() if start else ""
    right = end.isoformat() if end else ""
    return f"{name}:[{left} TO {right}]" if left and right else (f"{name}:[{left} TO]" if left else f"{name}:[TO {right}]")
