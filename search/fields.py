"""Index fields that plugins add: their whoosh types, their values, their queries.

An `IndexField` (see `extensions`) says what kind of values a field holds; this
module turns that into a whoosh field, computes each article's values, and
rewrites the user's query so a keyword value is looked up in the same folded
form it was indexed in (`entity:"Wenfeng  LIANG"` finds "wenfeng liang").
The index remembers which plugin fields it was built with (`fingerprint`), so
adding or changing one re-indexes the articles.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from whoosh import query as wq
from whoosh.fields import DATETIME, KEYWORD, NUMERIC, TEXT

from .extensions import IndexField, as_date, fold_keyword
from .schema import prose_analyzer


class _Numbers(NUMERIC):
    """NUMERIC for several values per article.  whoosh indexes a number as a
    term at each precision, and two values sharing a coarse term (2024 and
    2025) would post the article twice under it: a range query then lists
    it twice.  Each term is posted once."""

    def index(self, num, **kwargs):
        return _once(super().index(num, **kwargs))


class _Dates(DATETIME):
    """DATETIME for several values per article (see `_Numbers`)."""

    def index(self, num, **kwargs):
        return _once(super().index(num, **kwargs))


def _once(items):
    seen = set()
    for item in items:
        if item[0] not in seen:
            seen.add(item[0])
            yield item


# How plugin fields of a kind are written; bumped when that changes, so that
# indexes built the old way are rebuilt (2: number and date terms posted once).
_KIND_FORMAT = {"number": "2", "date": "2"}


def whoosh_field(spec: IndexField):
    if spec.kind == "keyword":
        # Values arrive already folded (IndexField.key); commas separate them.
        return KEYWORD(commas=True, lowercase=False, scorable=True)
    if spec.kind == "text":
        return TEXT(analyzer=prose_analyzer())
    if spec.kind == "number":
        return _Numbers(int, bits=64, signed=True)
    return _Dates()


def fingerprint(fields: list[IndexField]) -> dict[str, str]:
    """What the index must be rebuilt for when it changes: each field's kind and version."""
    return {spec.name: _signature(spec) for spec in fields}


def _signature(spec: IndexField) -> str:
    written = _KIND_FORMAT.get(spec.kind)
    return f"{spec.kind}:{spec.version}" + (f"/{written}" if written else "")


def document_value(spec: IndexField, values) -> object | None:
    """An article's values for one field, in the form whoosh takes (None: no value)."""
    if values is None:
        return None
    if isinstance(values, (str, int, dt.date)):
        values = [values]
    if spec.kind == "keyword":
        keys = list(dict.fromkeys(k for k in (spec.key(v) for v in values if v is not None) if k))
        return ",".join(keys) or None
    if spec.kind == "text":
        return "\n".join(str(v) for v in values if v) or None
    if spec.kind == "number":
        numbers = sorted({int(v) for v in values if v is not None and not isinstance(v, bool)})
        return numbers or None
    dates = sorted({d for d in (as_date(v) for v in values) if d is not None})
    return dates or None


AliasLookup = Callable[[str, str], "list[str] | None"]  # (corpus analyzer, key) -> every key of it


def fold_keyword_terms(query: wq.Query, keyword_fields: dict[str, IndexField | None],
                       aliases: AliasLookup | None = None) -> wq.Query:
    """The query with each term on a keyword field folded like the indexed values.
    `keyword_fields` maps field name -> its spec (None when the plugin that
    made the field is not loaded: the default folding applies).

    A keyword value is one term however many words it has, so a quoted value
    that whoosh split into a phrase (`tag:"Smith, John"`) is looked up whole.
    Patterns (`tag:hugg*`) are folded for case and accents only: a plugin's
    normaliser maps whole values, not fragments of them.  On a field with
    `aliases`, a value becomes any of its alias keys (`aliases(analyzer, key)`)."""
    if not keyword_fields:
        return query

    def key(spec: IndexField | None, text: str) -> str:
        if spec is not None:
            try:
                return spec.key(text)
            except Exception:  # a plugin's normaliser failed: fold as by default
                pass
        return " ".join(fold_keyword(text).replace(",", " ").split())

    def fold(node: wq.Query) -> wq.Query:
        name = getattr(node, "fieldname", None)
        if name not in keyword_fields:
            return node
        spec = keyword_fields[name]
        if isinstance(node, wq.Phrase):
            return expand(name, spec, wq.Term(name, key(spec, " ".join(node.words)), boost=node.boost))
        if not isinstance(getattr(node, "text", None), str):
            return node
        if isinstance(node, (wq.Prefix, wq.Wildcard)):
            node.text = fold_keyword(node.text)
            return node
        node.text = key(spec, node.text)
        return expand(name, spec, node) if type(node) is wq.Term else node

    def expand(name: str, spec: IndexField | None, term: wq.Term) -> wq.Query:
        if spec is None or not spec.aliases or aliases is None:
            return term
        try:
            keys = aliases(spec.aliases, term.text) or []
        except Exception:  # an alias table that cannot be read: the value alone
            return term
        others = sorted({str(k) for k in keys if k and str(k) != term.text})
        if not others:
            return term
        return wq.Or([term] + [wq.Term(name, k, boost=term.boost) for k in others])

    return query.accept(fold)
