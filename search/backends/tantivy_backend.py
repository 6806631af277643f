"""The tantivy backend: a compiled, embedded index (`pip install newsdesk[fast]`).

It lives in `<index folder>/tantivy/`: `index/` (tantivy's files, plus
`newsdesk-fields.json`, the fields it was built with), `articles.sqlite` (the
article store, as with whoosh) and `write.lock`.

Articles are analysed by the whoosh schema's analyzers and given to tantivy
as pre-tokenized text, so tantivy holds exactly the terms whoosh would, and a
parsed query (`tantivy_query`) finds the same articles.  Besides the
searchable fields (dates as whoosh's numbers, so any year
works), each document carries fast fields for sorting and facets:
`date_sort` (days since year 1, 0 when undated), `date_year`, the raw
`outlet_facet` / `author_facet` values, each keyword key, each number, and
`<field>__year` for plugin date fields; `_has` lists the fields with a value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

from whoosh import query as wq
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, TEXT
from whoosh.util.times import datetime_to_long, long_to_datetime

from ..errors import IndexUnavailable, QuerySyntaxError
from ..facets import (field_years_tally, group, keyword_tally, name_tally, number_tally,
                      publication_years_tally)
from ..results import Snippet
from ..searcher import SNIPPET_CHARS, QuickHighlighter, _tidy, make_hit
from .base import BackendIndex, BackendReader, BackendWriter, describe_fields, schema_from, terms_of
from .local import LocalBackend

FIELDS_FILE = "newsdesk-fields.json"
# For snippets made by tantivy from the stored body: close to whoosh's analysis
# (Porter's stemmer there, Snowball's here), which is enough to highlight.
SNIPPET_ANALYZER = "newsdesk_snippets"
HEAP_BYTES = 128 * 1024 * 1024
SKIPPED = {"spell"}  # whoosh-only: the spelling corrector's words


def tantivy_module():
    import tantivy

    return tantivy


class TantivyBackend(LocalBackend):
    name = "tantivy"
    summary = "compiled embedded index in the index folder (pip install newsdesk[fast])"
    extra = "fast"

    @classmethod
    def missing(cls) -> str | None:
        try:
            tantivy_module()
        except ImportError:
            return "the tantivy package is not installed (pip install 'newsdesk[fast]')"
        return None

    def create_in(self, where: Path, schema) -> "TantivyIndex":
        tantivy_module().Index(tantivy_schema(schema), path=str(where))
        (where / FIELDS_FILE).write_text(json.dumps(describe_fields(schema), sort_keys=True), encoding="utf-8")
        return TantivyIndex(where)

    def complete(self, where: Path) -> bool:
        return (where / FIELDS_FILE).exists() and (where / "meta.json").exists()

    def open_index(self) -> "TantivyIndex":
        return TantivyIndex(self.live_dir)

    def open_reader(self) -> "TantivyReader":
        return TantivyReader(self.live_dir)

    # A run cut between tantivy's commit and the store's leaves tantivy ahead;
    # it cannot go back to a commit, so the next run rebuilds it from the store.
    def generation(self, ix) -> str | None:
        return _opstamp(ix.where)

    def out_of_step(self) -> bool:
        from ..indexer import GENERATION_KEY

        try:
            store = self.open_store(readonly=True)
            try:
                recorded = store.get_meta(GENERATION_KEY)
            finally:
                store.close()
        except Exception:
            return False
        current = _opstamp(self.live_dir)
        return recorded is not None and current is not None and recorded != current


def _opstamp(where: Path) -> str | None:
    """The operation stamp of the index's last commit (tantivy's meta.json)."""
    try:
        return str(json.loads((where / "meta.json").read_text(encoding="utf-8"))["opstamp"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


# -- schema -----------------------------------------------------------------
def tantivy_schema(whoosh_schema):
    tantivy = tantivy_module()
    builder = tantivy.SchemaBuilder()
    for name, fieldobj in whoosh_schema.items():
        if name in SKIPPED:
            continue
        if isinstance(fieldobj, ID):
            builder.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
        elif isinstance(fieldobj, COLUMN):
            builder.add_text_field(name, stored=False, fast=True, tokenizer_name="raw", index_option="basic")
        elif isinstance(fieldobj, KEYWORD):
            builder.add_text_field(name, stored=False, fast=True, tokenizer_name="raw", index_option="freq")
        elif isinstance(fieldobj, TEXT):
            # Terms arrive pre-tokenized; the body's analyzer only serves snippets.
            builder.add_text_field(name, stored=name in ("title", "author", "outlet", "body"),
                                   tokenizer_name=SNIPPET_ANALYZER if name == "body" else "raw",
                                   index_option="position")
        elif isinstance(fieldobj, DATETIME):
            builder.add_integer_field(name, stored=name == "date", indexed=True, fast=True)
            if name != "date":
                builder.add_integer_field(f"{name}__year", indexed=False, fast=True)
        elif isinstance(fieldobj, NUMERIC):
            builder.add_integer_field(name, stored=False, indexed=True, fast=True)
    builder.add_integer_field("date_sort", indexed=False, fast=True)
    builder.add_integer_field("date_year", indexed=False, fast=True)
    builder.add_text_field(_has(), stored=False, tokenizer_name="raw", index_option="basic")
    return builder.build()


def _has() -> str:
    from .tantivy_query import HAS_FIELD

    return HAS_FIELD


def snippet_analyzer():
    tantivy = tantivy_module()
    # The simple tokenizer (runs of letters and digits) is four times quicker
    # than a regex one; "3.5" becomes two words here, which only highlighting sees.
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer("english")).build())


def _open(where: Path):
    tantivy = tantivy_module()
    try:
        kinds = json.loads((where / FIELDS_FILE).read_text(encoding="utf-8"))
        schema = schema_from(kinds)
        index = tantivy.Index(tantivy_schema(schema), path=str(where), reuse=True)
        index.register_tokenizer(SNIPPET_ANALYZER, snippet_analyzer())
        return schema, index
    except (OSError, ValueError) as error:
        raise IndexUnavailable(f"cannot open the tantivy index in {where}: {error}") from None


# -- writing ------------------------------------------------------------------
class TantivyIndex(BackendIndex):
    def __init__(self, where: Path):
        self.where = where
        self.schema, self.index = _open(where)

    def writer(self, limitmb: int = 128) -> "TantivyWriter":
        try:
            return TantivyWriter(self.index.writer(HEAP_BYTES, 1), self.schema)
        except ValueError as error:  # tantivy's own lock: another writer
            raise IndexUnavailable(f"the tantivy index in {self.where} is locked: {error}") from None

    def doc_count_all(self) -> int:
        self.index.reload()
        return self.index.searcher().num_docs


class TantivyWriter(BackendWriter):
    def __init__(self, writer, schema):
        self.writer = writer
        self.schema = schema

    def add_document(self, **fields) -> None:
        self.writer.add_document(to_document(fields, self.schema))

    def update_document(self, **fields) -> None:
        self.writer.delete_documents_by_term("id", fields["id"])
        self.add_document(**fields)

    def delete_by_term(self, fieldname: str, text: str) -> None:
        self.writer.delete_documents_by_term(fieldname, text)

    def commit(self) -> None:
        self.writer.commit()
        self.writer.wait_merging_threads()

    def cancel(self) -> None:
        try:
            self.writer.rollback()
        except (RuntimeError, ValueError):  # already committed: tantivy has let go of it
            pass


def to_document(fields: dict, schema):
    """A tantivy document from the whoosh document the engine builds."""
    tantivy = tantivy_module()
    doc = tantivy.Document()
    has = []
    for name, value in fields.items():
        if name in SKIPPED or name not in schema or value is None or value == "" or value == b"":
            continue
        fieldobj = schema[name]
        if isinstance(fieldobj, ID):
            doc.add_text(name, value)
        elif isinstance(fieldobj, COLUMN):
            doc.add_text(name, value.decode("utf-8", "replace") if isinstance(value, bytes) else value)
        elif isinstance(fieldobj, KEYWORD):
            for key in value.split(","):
                if key:
                    doc.add_text(name, key)
        elif isinstance(fieldobj, TEXT):
            tokens = [tantivy.Token(t.text, t.pos, t.startchar, t.endchar)
                      for t in fieldobj.analyzer(value, positions=True, chars=True, mode="index")]
            if not tokens:
                continue
            doc.add_pre_tokenized_text(name, tantivy.PreTokenizedString(value, tokens))
        elif isinstance(fieldobj, DATETIME):
            values = value if isinstance(value, list) else [value]
            moments = [v if isinstance(v, dt.datetime) else dt.datetime.combine(v, dt.time()) for v in values]
            for moment in moments:
                doc.add_integer(name, datetime_to_long(moment))
            if name == "date":
                doc.add_integer("date_sort", moments[0].toordinal())
                doc.add_integer("date_year", moments[0].year)
            else:
                for year in sorted({moment.year for moment in moments}):
                    doc.add_integer(f"{name}__year", year)
        elif isinstance(fieldobj, NUMERIC):
            for number in sorted(set(value if isinstance(value, list) else [value])):
                doc.add_integer(name, int(number))
        else:
            continue
        has.append(name)
    if "date" not in fields:
        doc.add_integer("date_sort", 0)
        doc.add_integer("date_year", 0)
    for name in has:
        doc.add_text(_has(), name)
    return doc


# -- reading ------------------------------------------------------------------
class TantivyReader(BackendReader):
    def __init__(self, where: Path):
        from .tantivy_query import Translator

        self.where = where
        self.schema, self.index = _open(where)
        self.stamp = self._stamp()
        self.searcher = self.index.searcher()
        self.translate = Translator(self.index.schema, self.schema, lambda: self.searcher)

    def _stamp(self):
        try:
            info = (self.where / "meta.json").stat()
            return info.st_mtime_ns, info.st_size
        except OSError:
            return None

    def up_to_date(self) -> bool:
        return self._stamp() == self.stamp

    def _query(self, query):
        try:
            return self.translate(query)
        except ValueError as error:  # a regex tantivy cannot build, say
            raise QuerySyntaxError(f"cannot run the query: {error}") from None

    def search(self, query, limit, sort, bodies):
        tantivy = tantivy_module()
        translated = self._query(query)
        if sort == "date":
            found = self.searcher.search(translated, limit, count=True, order_by_field="date_sort",
                                         order=tantivy.Order.Desc)
        else:
            found = self.searcher.search(translated, limit, count=True)
        docs = [(key, self.searcher.doc(address)) for key, address in found.hits]
        snippets = self._snippets(translated, query)
        hits = []
        for key, doc in docs:
            fields = {name: doc.get_first(name) for name in ("id", "path", "title", "author", "outlet", "date", "body")}
            if fields["date"] is not None:
                fields["date"] = long_to_datetime(fields["date"])
            body = fields.pop("body") or ""
            score = None if sort == "date" else float(key)
            hits.append(make_hit(fields, score, snippets(doc, body), body))
        return found.count, hits

    def _snippets(self, translated, query):
        """A function (document, body) -> Snippet: tantivy's snippet generator
        (compiled) for the query's body terms; where it highlights nothing
        (wildcards, fuzzy terms, a word its stemmer reads otherwise), whoosh's
        highlighter over the stored body."""
        terms = set(terms_of(query, "body"))
        needs_python = any(isinstance(node, (wq.Wildcard, wq.Prefix, wq.FuzzyTerm)) and node.fieldname == "body"
                           for node in query.leaves())
        plain = any(type(node) in (wq.Term, wq.Phrase) and node.fieldname == "body" for node in query.leaves())
        generator = None
        if plain:  # the generator highlights plain terms only
            try:
                generator = tantivy_module().SnippetGenerator.create(self.searcher, translated, self.index.schema,
                                                                     "body")
                generator.set_max_num_chars(SNIPPET_CHARS)
            except ValueError:
                generator = None
        quick = QuickHighlighter(self.schema["body"].analyzer, term_matcher(query, terms)) if terms or needs_python \
            else None

        def snippet(doc, body: str) -> Snippet:
            if generator is not None:
                made = tantivy_snippet(generator.snippet_from_doc(doc), body)
                if made.matches:
                    return made
            # Nothing highlighted: a wildcard, or a word the two stemmers
            # disagree on; the body's words are matched here (slower, rarer).
            return quick(body) if quick is not None else Snippet()

        return snippet

    def count(self, query) -> int:
        return self.searcher.search(self._query(query), 1, count=True).count

    def match_ids(self, query) -> set[str]:
        translated = self._query(query)
        total = self.searcher.search(translated, 1, count=True).count
        if not total:
            return set()
        found = self.searcher.search(translated, total, count=False)
        return {self.searcher.doc(address).get_first("id") for _, address in found.hits}

    def facets(self, query, names, kinds, limit):
        filter_query = self._query(query) if query is not None else None
        groups = []
        for name in names:
            label, kind = kinds[name]
            if kind == "name":
                column = {"outlet": "outlet_facet", "author": "author_facet"}[name]
                spelled = Counter(dict(self._terms(column, filter_query)))
                spelled[""] += self._count(filter_query) - sum(spelled.values())
                tally = name_tally(name, self.schema[name].analyzer, spelled)
            elif kind == "year" and name == "date":
                tally = publication_years_tally(self._numbers("date_year", filter_query))
            elif kind == "keyword":
                tally = keyword_tally(name, Counter(dict(self._terms(name, filter_query))))
            elif kind == "year":
                tally = field_years_tally(name, self._numbers(f"{name}__year", filter_query))
            else:
                tally = number_tally(name, self._numbers(name, filter_query))
            groups.append(group(name, label, kind, tally, limit))
        return groups

    def _count(self, filter_query) -> int:
        tantivy = tantivy_module()
        return self.searcher.search(filter_query or tantivy.Query.all_query(), 1, count=True).count

    def _terms(self, field: str, filter_query) -> list[tuple[str, int]]:
        """(value, matching articles having it) for a raw text field."""
        if filter_query is None:
            return [(term, count) for term, count in self.searcher.terms_with_prefix(field, "")]
        return [(term, count) for term, count in self.searcher.terms_with_prefix(field, "", filter_query=filter_query)
                if count]

    def _numbers(self, field: str, filter_query) -> Counter:
        """Matching articles per value of an integer fast field."""
        tantivy = tantivy_module()
        result = self.searcher.aggregate(filter_query or tantivy.Query.all_query(),
                                         {"values": {"terms": {"field": field, "size": 65000}}})
        return Counter({int(bucket["key"]): int(bucket["doc_count"]) for bucket in result["values"]["buckets"]})

    def close(self) -> None:
        self.searcher = None


def tantivy_snippet(made, body: str) -> Snippet:
    """A whoosh-style Snippet from tantivy's (whose offsets count UTF-8 bytes)."""
    fragment = made.fragment()
    if not fragment:
        return Snippet()
    raw = fragment.encode("utf-8")

    def chars(offset: int) -> int:
        return len(raw[:offset].decode("utf-8", "ignore"))

    snippet = _tidy(fragment, [(chars(r.start), chars(r.end)) for r in made.highlighted()])
    where = made.fragment_range()
    if where.start > 0:
        snippet = Snippet("…" + snippet.text, [(s + 1, e + 1) for s, e in snippet.matches])
    if where.end < len(body.encode("utf-8").rstrip()):
        snippet.text += "…"
    return snippet


def term_matcher(query, terms: set[str]):
    """A test of an analysed body word against the query's body terms,
    wildcards and fuzzy terms."""
    from .tantivy_query import within, wildcard_regex  # imports tantivy: only once it is in use

    patterns, fuzzy = [], []
    for node in query.leaves():
        if getattr(node, "fieldname", None) != "body":
            continue
        if isinstance(node, wq.FuzzyTerm):
            fuzzy.append(node)
        elif isinstance(node, (wq.Wildcard, wq.Prefix)):
            text = node.text if isinstance(node, wq.Wildcard) else node.text + "*"
            patterns.append(re.compile(wildcard_regex(text)))

    def matches(word: str) -> bool:
        return (word in terms or any(p.fullmatch(word) for p in patterns)
                or any(word.startswith(n.text[:n.prefixlength]) and within(word, n.text, n.maxdist) for n in fuzzy))

    return matches
