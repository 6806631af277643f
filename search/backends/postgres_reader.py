"""Searching the PostgreSQL index (see `postgres_backend`): counts, ranked
pages, ts_headline snippets and facets, each search on one snapshot.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from ..errors import IndexUnavailable, QuerySyntaxError
from ..facets import (field_years_tally, group, keyword_tally, name_tally, number_tally,
                      publication_years_tally)
from ..results import Snippet
from ..searcher import _tidy, make_hit
from .base import BackendReader, schema_from
from .postgres_query import Translator
from .postgres_store import FIELDS_KEY, psycopg_module

LEVENSHTEIN_MAX = 255  # fuzzystrmatch's longest word
START, STOP = "\x02", "\x03"  # what ts_headline puts around a match
# Searches rank at most this many matches (the newest); see PostgresReader.search.
RANK_CANDIDATES = 1000


class PostgresReader(BackendReader):
    def __init__(self, connection):
        self.connection = connection
        try:
            self.fields_text = self._fields_text()
            self.schema = schema_from(json.loads(self.fields_text))
        except psycopg_module().Error as error:
            raise IndexUnavailable(f"cannot open the PostgreSQL index: {error}") from None
        self.translator = Translator(self.schema, self._expand)

    def _fields_text(self) -> str:
        row = self.connection.execute("SELECT value FROM meta WHERE key = %s", (FIELDS_KEY,)).fetchone()
        return row[0] if row else "{}"

    def up_to_date(self) -> bool:
        try:
            return self._fields_text() == self.fields_text
        except psycopg_module().Error:
            return False

    def _expand(self, fieldname: str, kind: str, pattern) -> list[str]:
        """The field's known terms a wildcard, fuzzy term or term range stands for."""
        if kind == "range":  # the lexicon's terms sort by bytes (COLLATE "C"), as whoosh's do
            start, end, startexcl, endexcl = pattern
            sql, params = "SELECT term FROM lexicon WHERE field = %s", [fieldname]
            if start is not None:
                sql += " AND term > %s" if startexcl else " AND term >= %s"
                params.append(start.decode("utf-8") if isinstance(start, bytes) else start)
            if end is not None:
                sql += " AND term < %s" if endexcl else " AND term <= %s"
                params.append(end.decode("utf-8") if isinstance(end, bytes) else end)
            return [row[0] for row in self._run(sql, params)]
        if kind == "wildcard":
            like = "".join("%" if c == "*" else "_" if c == "?" else ("\\" + c if c in "%_\\" else c)
                           for c in pattern)
            rows = self._run("SELECT term FROM lexicon WHERE field = %s AND term LIKE %s", [fieldname, like])
            return [row[0] for row in rows]
        text, maxdist, prefixlength = pattern
        prefix = text[:prefixlength]
        sql = ("SELECT term FROM lexicon WHERE field = %s AND length(term) BETWEEN %s AND %s"
               " AND left(term, %s) = %s")
        params = [fieldname, len(text) - maxdist, len(text) + maxdist, len(prefix), prefix]
        if len(text) + maxdist <= LEVENSHTEIN_MAX and self._has_levenshtein():  # fuzzystrmatch's own limit
            rows = self._run(sql + " AND levenshtein_less_equal(term, %s, %s) <= %s", params + [text, maxdist, maxdist])
            return [row[0] for row in rows]
        from .tantivy_query import within

        return [row[0] for row in self._run(sql, params) if within(row[0], text, maxdist)]

    def _has_levenshtein(self) -> bool:
        if not hasattr(self, "_levenshtein"):
            row = self.connection.execute("SELECT to_regproc('levenshtein_less_equal') IS NOT NULL"
                                          " OR EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'levenshtein_less_equal')"
                                          ).fetchone()
            self._levenshtein = bool(row[0])
        return self._levenshtein

    def _translate(self, query):
        translation = self.translator.translate(query)
        return translation

    def _run(self, sql: str, params: list):
        psycopg = psycopg_module()
        try:
            return self.connection.execute(sql, params).fetchall()
        except psycopg.errors.QueryCanceled:
            raise
        except (psycopg.errors.SyntaxError, psycopg.errors.DataException) as error:
            raise QuerySyntaxError(f"cannot run the query: {str(error).splitlines()[0]}") from None
        except psycopg.Error as error:
            raise IndexUnavailable(f"the PostgreSQL index failed: {str(error).splitlines()[0]}") from None

    def search(self, query, limit, sort, bodies):
        t = self._translate(query)
        with self.connection.transaction():
            return self._search(t, limit, sort)

    def _search(self, t, limit, sort):
        total = int(self._run(f"SELECT count(*) FROM docs d WHERE {t.where}", t.params)[0][0])
        if not total:
            return 0, []
        columns = "d.id, d.path, d.title, d.author, d.outlet, d.date_long"
        if sort == "date" or not t.rank:
            rows = self._run(f"SELECT {columns}, NULL::real FROM docs d WHERE {t.where}"
                             " ORDER BY d.date_sort DESC, d.id LIMIT %s", t.params + [limit])
        else:
            # Ranking reads each candidate's whole tsvector: with more matches
            # than RANK_CANDIDATES, the newest of them are ranked (news first).
            if total <= RANK_CANDIDATES:
                source, where = "docs d", t.where
            else:  # the candidates' ids first (no tsvector read), then their rows
                source, where = (f"docs d JOIN (SELECT d.id FROM docs d WHERE {t.where} ORDER BY d.date_sort DESC,"
                                 f" d.id LIMIT {RANK_CANDIDATES}) c ON c.id = d.id"), "TRUE"
            rows = self._run(f"SELECT {columns}, ts_rank_cd('{{0.1, 0.2, 0.4, 1.0}}', d.tsv, %s::tsquery) AS score"
                             f" FROM {source} WHERE {where} ORDER BY score DESC, d.date_sort DESC, d.id LIMIT %s",
                             [t.rank] + t.params + [limit])
        snippets = self._headlines([row[0] for row in rows], t.words)
        hits = []
        for article_id, path, title, author, outlet, date_long, score in rows:
            fields = {"id": article_id, "path": path, "title": title, "author": author, "outlet": outlet,
                      "date": _moment(date_long)}
            snippet, opening = snippets.get(article_id, (Snippet(), ""))
            hits.append(make_hit(fields, None if sort == "date" else float(score or 0.0), snippet, opening))
        return total, hits

    def _headlines(self, ids: list[str], words: list[str]) -> dict[str, tuple[Snippet, str]]:
        """ts_headline's best passage of each body for the query's body terms."""
        query_text = " | ".join(_headline_word(w) for w in words if _headline_word(w))
        if query_text:
            options = f"StartSel={START}, StopSel={STOP}, MaxWords=28, MinWords=12, MaxFragments=1"
            sql = ("SELECT id, ts_headline('english', record::json ->> 'body', to_tsquery('english', %s), %s),"
                   " left(record::json ->> 'body', 400) FROM articles WHERE id = ANY(%s)")
            rows = self._run(sql, [query_text, options, ids])
        else:
            rows = [(i, "", o) for i, o in self._run("SELECT id, left(record::json ->> 'body', 400) FROM articles"
                                                      " WHERE id = ANY(%s)", [ids])]
        found = {}
        for article_id, marked, opening in rows:
            found[article_id] = (_snippet(marked or "", opening or ""), opening or "")
        return found

    def count(self, query) -> int:
        t = self._translate(query)
        return int(self._run(f"SELECT count(*) FROM docs d WHERE {t.where}", t.params)[0][0])

    def match_ids(self, query) -> set[str]:
        t = self._translate(query)
        return {row[0] for row in self._run(f"SELECT d.id FROM docs d WHERE {t.where}", t.params)}

    def facets(self, query, names, kinds, limit):
        with self.connection.transaction():
            return self._facets(query, names, kinds, limit)

    def _facets(self, query, names, kinds, limit):
        if query is None:
            where, params = "TRUE", []
        else:
            t = self._translate(query)
            where, params = t.where, t.params
        groups = []
        for name in names:
            label, kind = kinds[name]
            if kind == "name":
                column = {"outlet": "outlet_raw", "author": "authors_raw"}[name]
                rows = self._run(f"SELECT d.{column}, count(*) FROM docs d WHERE {where} GROUP BY 1", params)
                tally = name_tally(name, self.schema[name].analyzer, Counter(dict(rows)))
            elif kind == "year" and name == "date":
                rows = self._run(f"SELECT d.date_year, count(*) FROM docs d WHERE {where} GROUP BY 1", params)
                tally = publication_years_tally(Counter(dict(rows)))
            elif kind == "keyword":
                prefix = f"{name}:"
                rows = self._run(f"SELECT substr(k, %s), count(*) FROM docs d CROSS JOIN LATERAL unnest(d.keys) k"
                                 f" WHERE starts_with(k, %s) AND ({where}) GROUP BY 1",
                                 [len(prefix) + 1, prefix] + params)
                tally = keyword_tally(name, Counter(dict(rows)))
            else:
                field = f"{name}__year" if kind == "year" else name
                rows = self._run(f"SELECT v.value, count(DISTINCT v.doc_id) FROM doc_values v JOIN docs d"
                                 f" ON d.id = v.doc_id WHERE v.field = %s AND ({where}) GROUP BY 1",
                                 [field] + params)
                counts = Counter({int(value): int(count) for value, count in rows})
                tally = field_years_tally(name, counts) if kind == "year" else number_tally(name, counts)
            groups.append(group(name, label, kind, tally, limit))
        return groups

    def close(self) -> None:
        self.connection.close()


def _moment(value):
    if value is None:
        return None
    from whoosh.util.times import long_to_datetime

    return long_to_datetime(value)


def _headline_word(word: str) -> str:
    """A body term as an English tsquery operand ('' when it has no letters or digits)."""
    prefix = word.endswith(":*")
    core = re.sub(r"[^\w]+", " ", word[:-2] if prefix else word).split()
    if not core:
        return ""
    return " & ".join(f"'{part}'" + (":*" if prefix and i == len(core) - 1 else "") for i, part in enumerate(core))


def _snippet(marked: str, opening: str) -> Snippet:
    """ts_headline's text with its markers turned into match spans."""
    if START not in marked:
        return Snippet()
    text, spans, start = [], [], None
    for char in marked:
        if char == START:
            start = len(text)
        elif char == STOP and start is not None:
            spans.append((start, len(text)))
            start = None
        else:
            text.append(char)
    snippet = _tidy("".join(text), spans)
    if not opening.lstrip().startswith(snippet.text[:20]):
        snippet = Snippet("…" + snippet.text, [(s + 1, e + 1) for s, e in snippet.matches])
    return snippet
