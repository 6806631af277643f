"""Translating a parsed whoosh query into a tantivy query, node by node.

Terms arrive analysed (the engine parsed them with the whoosh schema), and the
tantivy index holds the same analysed terms (`tantivy_backend`), so a term is
looked up as it is.  What each node becomes:

    Term, Phrase            term / phrase query; a phrase with slop, one exact
                            phrase per spacing of its words (whoosh keeps order)
    And, Or, Not, AndNot,   a boolean query of must / should / must-not clauses
    AndMaybe, Require
    Prefix, Wildcard        a regex query over the field's terms
    FuzzyTerm               a fuzzy term query (plain Levenshtein, as whoosh);
                            with a required prefix (word~2/3), the field's
                            terms with that prefix, filtered here
    NumericRange, DateRange a range query (dates as whoosh's numbers)
    Every                   everything, or the articles with a value in a field
    TermRange               the field's terms in the range (`title:[a TO m]`),
                            compared as whoosh does, by their UTF-8 bytes
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import tantivy
from whoosh import query as wq
from whoosh.fields import DATETIME, NUMERIC
from whoosh.util.times import datetime_to_long

from ..errors import QuerySyntaxError

MUST, SHOULD, MUST_NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
HAS_FIELD = "_has"  # each article's fields that have a value (for `field:*`)
MAX_PHRASE_VARIANTS = 64


class Translator:
    def __init__(self, schema: tantivy.Schema, fields, searcher_of):
        self.schema = schema
        self.fields = fields  # the whoosh schema
        self.searcher_of = searcher_of  # () -> tantivy Searcher, for expanding terms

    def __call__(self, node: wq.Query) -> tantivy.Query:
        translated = self._node(node)
        boost = getattr(node, "boost", 1.0)
        if boost != 1.0 and not isinstance(node, (wq.And, wq.Or, wq.Not)):
            return tantivy.Query.boost_query(translated, float(boost))
        return translated

    def _node(self, node: wq.Query) -> tantivy.Query:
        kind = type(node)
        if node is wq.NullQuery or kind is type(wq.NullQuery):
            return tantivy.Query.empty_query()
        if kind is wq.Every:
            if not node.fieldname or node.fieldname == "*":
                return tantivy.Query.all_query()
            return tantivy.Query.term_query(self.schema, HAS_FIELD, node.fieldname)
        if kind in (wq.And, wq.Or, wq.DisjunctionMax):
            if kind is wq.And and any(q is wq.NullQuery for q in node.subqueries):
                return tantivy.Query.empty_query()  # a part that matches nothing (year:{2 TO 1})
            subqueries = [q for q in node.subqueries if q is not wq.NullQuery]
            if not subqueries:
                return tantivy.Query.empty_query()
            occur = MUST if kind is wq.And else SHOULD
            return tantivy.Query.boolean_query([(occur, self(q)) for q in subqueries])
        if kind is wq.Not:
            return tantivy.Query.boolean_query([(MUST, tantivy.Query.all_query()), (MUST_NOT, self(node.query))])
        if kind is wq.AndNot:
            return tantivy.Query.boolean_query([(MUST, self(node.a)), (MUST_NOT, self(node.b))])
        if kind is wq.AndMaybe:
            return tantivy.Query.boolean_query([(MUST, self(node.a)), (SHOULD, self(node.b))])
        if kind is wq.Require:
            return tantivy.Query.boolean_query([(MUST, self(node.a)), (MUST, self(node.b))])
        if kind is wq.Term:
            return self._term(node.fieldname, node.text)
        if kind is wq.Phrase:
            words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in node.words]
            if len(words) == 1:
                return self._term(node.fieldname, words[0])
            return self._phrase(node.fieldname, words, node.slop)
        if kind is wq.Prefix:
            return tantivy.Query.regex_query(self.schema, node.fieldname, _escape(node.text) + ".*")
        if kind is wq.Wildcard:
            return tantivy.Query.regex_query(self.schema, node.fieldname, wildcard_regex(node.text))
        if kind is wq.FuzzyTerm:
            return self._fuzzy(node)
        if kind in (wq.NumericRange, wq.DateRange):
            return self._range(node)
        if kind is wq.TermRange:
            terms = [term for term, _ in self.searcher_of().terms_with_prefix(node.fieldname, "")
                     if in_term_range(term, node)]
            if not terms:
                return tantivy.Query.empty_query()
            return tantivy.Query.term_set_query(self.schema, node.fieldname, terms)
        if kind is wq.ConstantScoreQuery:
            return self(node.child)
        raise QuerySyntaxError(f"this backend cannot run a {kind.__name__} query")

    def _term(self, fieldname: str, text) -> tantivy.Query:
        fieldobj = self.fields[fieldname]
        if isinstance(fieldobj, (NUMERIC, DATETIME)):
            value = fieldobj.from_bytes(text) if isinstance(text, bytes) else text
            return self._range_between(fieldname, fieldobj, value, value, True, True)
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return tantivy.Query.term_query(self.schema, fieldname, text)

    def _phrase(self, fieldname: str, words: list[str], slop: int) -> tantivy.Query:
        """whoosh's phrase: the words in order, each at most `slop` positions
        after the one before (tantivy's own slop also allows other orders),
        as one exact phrase per way of spacing them."""
        if slop <= 1:
            return tantivy.Query.phrase_query(self.schema, fieldname, words)
        if slop ** (len(words) - 1) > MAX_PHRASE_VARIANTS:
            raise QuerySyntaxError(f"the phrase slop ~{slop} is too loose for {len(words)} words on this backend")
        variants = []
        for gaps in itertools.product(range(1, slop + 1), repeat=len(words) - 1):
            offsets = [0]
            for gap in gaps:
                offsets.append(offsets[-1] + gap)
            variants.append((SHOULD, tantivy.Query.phrase_query(self.schema, fieldname, list(zip(offsets, words)))))
        return tantivy.Query.boolean_query(variants)

    def _fuzzy(self, node: wq.FuzzyTerm) -> tantivy.Query:
        if not node.prefixlength:
            return tantivy.Query.fuzzy_term_query(self.schema, node.fieldname, node.text, distance=node.maxdist,
                                                  transposition_cost_one=False, prefix=False)
        prefix = node.text[:node.prefixlength]
        candidates = self.searcher_of().terms_with_prefix(node.fieldname, prefix)
        terms = [term for term, _ in candidates if within(term, node.text, node.maxdist)]
        if not terms:
            return tantivy.Query.empty_query()
        return tantivy.Query.term_set_query(self.schema, node.fieldname, terms)

    def _range(self, node: wq.NumericRange) -> tantivy.Query:
        fieldobj = self.fields[node.fieldname]
        start, end = node.start, node.end
        return self._range_between(node.fieldname, fieldobj, start, end, not node.startexcl, not node.endexcl)

    def _range_between(self, name, fieldobj, start, end, include_start, include_end) -> tantivy.Query:
        if start is None and end is None:
            return tantivy.Query.term_query(self.schema, HAS_FIELD, name)
        if isinstance(fieldobj, DATETIME):
            start, end = _as_long(start), _as_long(end)
        return tantivy.Query.range_query(self.schema, name, tantivy.FieldType.Integer, start, end,
                                         include_lower=include_start if start is not None else True,
                                         include_upper=include_end if end is not None else True)


def in_term_range(term: str, node: wq.TermRange) -> bool:
    """Whether a term falls in a whoosh term range (bytes order, as whoosh sorts)."""
    key = term.encode("utf-8")
    if node.start is not None:
        start = node.start.encode("utf-8") if isinstance(node.start, str) else node.start
        if key < start or (node.startexcl and key == start):
            return False
    if node.end is not None:
        end = node.end.encode("utf-8") if isinstance(node.end, str) else node.end
        if key > end or (node.endexcl and key == end):
            return False
    return True


def _as_long(value):
    """A moment as whoosh numbers it (tantivy holds dates that way, so that
    years outside its own date type's range still work)."""
    if isinstance(value, dt.datetime):
        return datetime_to_long(value)
    if isinstance(value, dt.date):
        return datetime_to_long(dt.datetime.combine(value, dt.time()))
    return value


def _escape(text: str) -> str:
    return "".join(re.escape(char) if not char.isalnum() else char for char in text)


def wildcard_regex(pattern: str) -> str:
    """whoosh's wildcards (* any run, ? one character) as a whole-term regex."""
    return "".join(".*" if char == "*" else "." if char == "?" else _escape(char) for char in pattern)


def within(word: str, target: str, limit: int) -> bool:
    """Whether two words are at most `limit` insertions, deletions or
    substitutions apart (Levenshtein, as whoosh's fuzzy terms count)."""
    if abs(len(word) - len(target)) > limit:
        return False
    previous = list(range(len(target) + 1))
    for i, char in enumerate(word, start=1):
        current = [i] + [0] * len(target)
        for j, other in enumerate(target, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
