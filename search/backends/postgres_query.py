"""Translating a parsed whoosh query into a PostgreSQL condition on `docs d`.

Every term of an article sits in one `tsvector` column as "field:term"
(`postgres_backend`), so the text parts of a query become one `tsquery`
where they can:

    Term, Phrase            'body:deep' , 'body:deep' <-> 'body:seek'
    And, Or, Not            &, |, !  (or SQL AND / OR / NOT around mixed parts)
    Prefix                  'body:deep':*
    Wildcard, FuzzyTerm,    the matching terms of the field's lexicon, OR'ed
    TermRange
                            (the lexicon only grows, so it may list terms no
                            article has any longer: they match nothing)
    NumericRange, DateRange a range on docs' `date_long` for the publication
                            date, else on the `doc_values` table (dates as
                            whoosh's numbers)
    Every                   everything, or '_has:field'

`Translation.where` is the SQL condition and its parameters; `rank` is a
tsquery of the positive terms, for ts_rank_cd; `words` are the body's terms,
for ts_headline.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.fields import DATETIME, NUMERIC
from whoosh.util.times import datetime_to_long

from ..errors import QuerySyntaxError

MAX_PHRASE_VARIANTS = 64
MAX_LEXEME_BYTES = 2000  # longer terms are not indexed (PostgreSQL's limit is 2,047 bytes)
HAS = "_has"


def lexeme(fieldname: str, text: str) -> str:
    """A field's term as it sits in the tsvector and a tsquery, quoted."""
    value = f"{fieldname}:{text}".replace("\\", "\\\\").replace("'", "''")
    return f"'{value}'"


def too_long(fieldname: str, text: str) -> bool:
    """A term no article can have in the index (see MAX_LEXEME_BYTES)."""
    return len(f"{fieldname}:{text}".encode("utf-8")) > MAX_LEXEME_BYTES


@dataclass
class Part:
    """A translated node: a tsquery (ts), an SQL condition (sql, params), or a constant."""

    ts: str | None = None
    sql: str | None = None
    params: list = field(default_factory=list)
    constant: bool | None = None

    def as_sql(self) -> tuple[str, list]:
        if self.constant is not None:
            return ("TRUE" if self.constant else "FALSE"), []
        if self.ts is not None:
            return "d.tsv @@ %s::tsquery", [self.ts]
        return self.sql, list(self.params)


@dataclass
class Translation:
    where: str
    params: list
    rank: str  # a tsquery ('' when the query has no positive term)
    words: list[str]  # body terms and prefixes, for highlighting


class Translator:
    def __init__(self, fields, expand):
        self.fields = fields  # the whoosh schema
        self.expand = expand  # (field, kind, pattern or (text, maxdist, prefixlength)) -> [terms]

    def translate(self, query: wq.Query) -> Translation:
        self.rank_parts: list[str] = []
        self.words: list[str] = []
        part = self._node(query, positive=True)
        where, params = part.as_sql()
        return Translation(where, params, " | ".join(self.rank_parts[:200]), self.words)

    # -- nodes --------------------------------------------------------------
    def _node(self, node: wq.Query, positive: bool) -> Part:
        kind = type(node)
        if node is wq.NullQuery or kind is type(wq.NullQuery):
            return Part(constant=False)
        if kind is wq.Every:
            if not node.fieldname or node.fieldname == "*":
                return Part(constant=True)
            return self._ts(lexeme(HAS, node.fieldname), positive)
        if kind in (wq.And, wq.Require):
            children = node.subqueries if kind is wq.And else [node.a, node.b]
            return self._combine([self._node(q, positive) for q in children], "&", "AND")
        if kind in (wq.Or, wq.DisjunctionMax):
            return self._combine([self._node(q, positive) for q in node.subqueries], "|", "OR")
        if kind is wq.AndMaybe:  # the optional part only changes scores
            self._node(node.b, positive)
            return self._node(node.a, positive)
        if kind is wq.Not:
            return self._not(self._node(node.query, not positive))
        if kind is wq.AndNot:
            return self._combine([self._node(node.a, positive), self._not(self._node(node.b, not positive))],
                                 "&", "AND")
        if kind is wq.Term:
            return self._term(node.fieldname, node.text, positive)
        if kind is wq.Phrase:
            return self._phrase(node, positive)
        if kind is wq.Prefix:
            return self._prefix(node.fieldname, node.text, positive)
        if kind is wq.Wildcard:
            text = node.text
            if text.endswith("*") and "*" not in text[:-1] and "?" not in text and len(text) > 1:
                return self._prefix(node.fieldname, text[:-1], positive)
            return self._terms(node.fieldname, self.expand(node.fieldname, "wildcard", text), positive)
        if kind is wq.FuzzyTerm:
            found = self.expand(node.fieldname, "fuzzy", (node.text, node.maxdist, node.prefixlength))
            return self._terms(node.fieldname, found, positive)
        if kind in (wq.NumericRange, wq.DateRange):
            return self._range(node.fieldname, node.start, node.end, node.startexcl, node.endexcl)
        if kind is wq.TermRange:
            found = self.expand(node.fieldname, "range", (node.start, node.end, node.startexcl, node.endexcl))
            return self._terms(node.fieldname, found, positive)
        if kind is wq.ConstantScoreQuery:
            return self._node(node.child, positive)
        raise QuerySyntaxError(f"this backend cannot run a {kind.__name__} query")

    def _ts(self, text: str, positive: bool) -> Part:
        if positive:
            self.rank_parts.append(text)
        return Part(ts=text)

    def _term(self, fieldname: str, text, positive: bool) -> Part:
        fieldobj = self.fields[fieldname]
        if isinstance(fieldobj, (NUMERIC, DATETIME)):
            value = fieldobj.from_bytes(text) if isinstance(text, bytes) else text
            return self._range(fieldname, value, value, False, False)
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        if too_long(fieldname, text):
            return Part(constant=False)
        if fieldname == "body" and positive:
            self.words.append(text)
        return self._ts(lexeme(fieldname, text), positive)

    def _phrase(self, node: wq.Phrase, positive: bool) -> Part:
        words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in node.words]
        if len(words) == 1:
            return self._term(node.fieldname, words[0], positive)
        if any(too_long(node.fieldname, w) for w in words):
            return Part(constant=False)
        if node.fieldname == "body" and positive:
            self.words.extend(words)
        quoted = [lexeme(node.fieldname, w) for w in words]
        gaps = range(1, max(1, node.slop) + 1)
        if len(gaps) ** (len(words) - 1) > MAX_PHRASE_VARIANTS:
            raise QuerySyntaxError(f"the phrase slop ~{node.slop} is too loose for {len(words)} words on this backend")
        variants = []
        for distances in itertools.product(gaps, repeat=len(words) - 1):
            text = quoted[0]
            for distance, word in zip(distances, quoted[1:]):
                text += f" <{distance}> {word}"
            variants.append(f"({text})")
        return self._ts(" | ".join(variants) if len(variants) > 1 else variants[0], positive)

    def _prefix(self, fieldname: str, text: str, positive: bool) -> Part:
        if too_long(fieldname, text):
            return Part(constant=False)
        if fieldname == "body" and positive:
            self.words.append(text + ":*")
        return self._ts(f"{lexeme(fieldname, text)}:*", positive)

    def _terms(self, fieldname: str, terms: list[str], positive: bool) -> Part:
        if not terms:
            return Part(constant=False)
        if fieldname == "body" and positive:
            self.words.extend(terms[:50])
        return self._ts("(" + " | ".join(lexeme(fieldname, t) for t in terms) + ")", positive)

    def _range(self, fieldname: str, start, end, startexcl: bool, endexcl: bool) -> Part:
        fieldobj = self.fields[fieldname]
        if isinstance(fieldobj, DATETIME):
            start, end = _as_long(start), _as_long(end)
        # The publication date is a column of docs (one value, indexed); other
        # fields' values are rows of doc_values.
        column = "d.date_long" if fieldname == "date" else "v.value"
        conditions, params = ([f"{column} IS NOT NULL"], []) if fieldname == "date" else (["v.field = %s"], [fieldname])
        if start is not None:
            conditions.append(f"{column} > %s" if startexcl else f"{column} >= %s")
            params.append(int(start))
        if end is not None:
            conditions.append(f"{column} < %s" if endexcl else f"{column} <= %s")
            params.append(int(end))
        if fieldname == "date":
            return Part(sql=" AND ".join(conditions), params=params)
        sql = f"d.id IN (SELECT v.doc_id FROM doc_values v WHERE {' AND '.join(conditions)})"
        return Part(sql=sql, params=params)

    # -- combining ------------------------------------------------------------
    @staticmethod
    def _not(part: Part) -> Part:
        if part.constant is not None:
            return Part(constant=not part.constant)
        if part.ts is not None:
            return Part(ts=f"!({part.ts})")
        return Part(sql=f"NOT ({part.sql})", params=part.params)

    @staticmethod
    def _combine(parts: list[Part], ts_op: str, sql_op: str) -> Part:
        absorbing = sql_op == "OR"  # TRUE absorbs an OR, FALSE an AND
        if any(p.constant is absorbing for p in parts):
            return Part(constant=absorbing)
        parts = [p for p in parts if p.constant is None]
        if not parts:
            return Part(constant=not absorbing)
        if len(parts) == 1:
            return parts[0]
        if all(p.ts is not None for p in parts):
            return Part(ts=f" {ts_op} ".join(f"({p.ts})" for p in parts))
        # Text parts together in one tsquery (one index scan), the rest beside it.
        texts = [p.ts for p in parts if p.ts is not None]
        pieces, params = [], []
        if texts:
            pieces.append("d.tsv @@ %s::tsquery")
            params.append(f" {ts_op} ".join(f"({t})" for t in texts))
        for p in parts:
            if p.ts is None:
                pieces.append(f"({p.sql})")
                params.extend(p.params)
        return Part(sql=f" {sql_op} ".join(pieces), params=params)


def _as_long(value):
    if isinstance(value, dt.datetime):
        return datetime_to_long(value)
    if isinstance(value, dt.date):
        return datetime_to_long(dt.datetime.combine(value, dt.time()))
    return value
