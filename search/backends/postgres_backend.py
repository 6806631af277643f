"""The PostgreSQL backend: one shared server for a newsroom (`pip install newsdesk[postgres]`).

Each corpus gets a schema of its own in the database the DSN names (`nd_` +
the corpus folder's name + a hash of its path, or the `schema` option).  It
holds the article store's tables (`postgres_store`) and three of the index's:

    docs        one row per article: hit fields, sort and facet columns, and
                `tsv`, a tsvector of every field's terms as "field:term"
                (title terms weighted A for ts_rank_cd), with a GIN index
    doc_values  numbers and dates (whoosh's numbers) of fields, for ranges
    lexicon     every term ever indexed, per field, for wildcards and fuzzy terms

Terms are whoosh's own (the schema's analyzers run in Python), so a query
finds what it finds on whoosh.  Ranking is ts_rank_cd; snippets are
ts_headline with the English configuration.

Several people can search while one indexer writes: the indexer holds an
advisory lock (a second one is refused at once), writes in transactions, and
readers use autocommit connections, so they see whole batches of articles or
none of them.  A rebuild for new fields fills `docs_next` and swaps it in
with the last commit.  Limits: PostgreSQL keeps positions up to 16,383 per
article and 256 per term, so a phrase deep inside a very long article can be
missed; a tsvector holds at most 1 MB, so an enormous article keeps its
first terms only (docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, TEXT
from whoosh.util.times import datetime_to_long

from ..errors import IndexLocked, IndexUnavailable, QuerySyntaxError, UsageError
from ..facets import (field_years_tally, group, keyword_tally, name_tally, number_tally,
                      publication_years_tally)
from ..results import Snippet
from ..searcher import _tidy, make_hit
from .base import Backend, BackendIndex, BackendReader, BackendWriter, Notes, describe_fields, schema_from
from .postgres_query import HAS, Translator
from .postgres_store import TABLES, PostgresStore

MAX_POSITION = 16383
MAX_POSITIONS_PER_TERM = 256
MAX_LEXEME_BYTES = 2000
LEVENSHTEIN_MAX = 255
# PostgreSQL refuses a tsvector over 1 MB; its own form is about as large as
# the text written, so the text is kept well under (in UTF-8 bytes).
MAX_TSVECTOR_BYTES = 600_000
FIELDS_KEY = "index_fields"
START, STOP = "\x02", "\x03"  # what ts_headline puts around a match
# Searches rank at most this many matches (the newest); see PostgresReader.search.
RANK_CANDIDATES = 1000

INDEX_TABLES = """
CREATE TABLE IF NOT EXISTS {docs} (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    date_long BIGINT,
    date_sort BIGINT NOT NULL DEFAULT 0,
    date_year INTEGER NOT NULL DEFAULT 0,
    outlet_raw TEXT NOT NULL DEFAULT '',
    authors_raw TEXT NOT NULL DEFAULT '',
    keys TEXT[] NOT NULL DEFAULT '{{}}',
    tsv TSVECTOR NOT NULL
);
CREATE INDEX IF NOT EXISTS {docs}_tsv ON {docs} USING GIN (tsv);
CREATE INDEX IF NOT EXISTS {docs}_date ON {docs} (date_sort DESC, id);
CREATE INDEX IF NOT EXISTS {docs}_date_long ON {docs} (date_long);
CREATE TABLE IF NOT EXISTS {values} (doc_id TEXT NOT NULL, field TEXT NOT NULL, value BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS {values}_field ON {values} (field, value);
CREATE INDEX IF NOT EXISTS {values}_doc ON {values} (doc_id);
CREATE TABLE IF NOT EXISTS lexicon (field TEXT NOT NULL, term TEXT COLLATE "C" NOT NULL, PRIMARY KEY (field, term));
"""
ALL_TABLES = ("meta", "files", "articles", "annotations", "analysis", "changes", "corpus_analyzers", "corpus_results",
              "corpus_result_articles", "docs", "doc_values", "lexicon", "docs_next", "doc_values_next")
NOTES_TABLE = """
CREATE TABLE IF NOT EXISTS notes (
    kind TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, id)
)
"""
DOC_COLUMNS = ("id", "path", "title", "author", "outlet", "date_long", "date_sort", "date_year", "outlet_raw",
               "authors_raw", "keys", "tsv")


def psycopg_module():
    import psycopg

    return psycopg


def safe_dsn(dsn: str) -> str:
    """A DSN without its password, for messages."""
    text = re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", dsn)
    return re.sub(r"(password\s*=\s*)\S+", r"\1***", text)


class PostgresBackend(Backend):
    name = "postgres"
    summary = "a shared PostgreSQL server (pip install newsdesk[postgres]; --dsn)"
    extra = "postgres"
    remote = True
    settings = {"dsn": "postgresql://user@host/database", "schema": "the corpus's schema (default: from its path)"}

    @classmethod
    def missing(cls) -> str | None:
        try:
            psycopg_module()
        except ImportError:
            return "the psycopg package is not installed (pip install 'newsdesk[postgres]')"
        return None

    def __init__(self, index_dir: Path, options=None, corpus_root: Path | None = None):
        super().__init__(index_dir, options, corpus_root)
        self.dsn = self.options.get("dsn")
        self.schema = self.options.get("schema") or schema_name(corpus_root or index_dir)
        self._write = None  # the indexer's connection (store and index share its transactions)
        self._read = None
        self.errors = (psycopg_module().Error,)

    def location(self) -> str:
        return f"{safe_dsn(self.dsn or '(no dsn)')} schema {self.schema}"

    # -- connections ------------------------------------------------------------
    def connect(self, autocommit: bool):
        if not self.dsn:
            raise UsageError("the postgres backend needs a server: pass --dsn postgresql://user@host/db "
                             "(or set NEWSDESK_DSN, or dsn in the config's [corpus] table)")
        psycopg = psycopg_module()
        try:
            connection = psycopg.connect(self.dsn, autocommit=autocommit, connect_timeout=10,
                                         application_name="newsdesk")
        except psycopg.Error as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise IndexUnavailable(f"cannot connect to PostgreSQL at {safe_dsn(self.dsn)}: {first}") from None
        connection.execute(f"SET search_path TO {quote_ident(self.schema)}, public")
        return connection

    def _writer_connection(self):
        if self._write is None or self._write.closed:
            self._write = self.connect(autocommit=False)
        return self._write

    def _reader_connection(self):
        if self._read is None or self._read.closed:
            self._read = self.connect(autocommit=True)
            # The planner rates matching a tsquery against every row as cheap;
            # it is not (each tsvector is decompressed), so the GIN index is
            # always the better way in, even for words most articles have.
            self._read.execute("SET enable_seqscan = off")
            # A search's count, page and snippets read one snapshot (an index
            # run may commit between them).
            self._read.isolation_level = psycopg_module().IsolationLevel.REPEATABLE_READ
        return self._read

    def after_update(self, report) -> None:
        """Fresh planner statistics and visibility map after articles changed:
        counts then come from the GIN index without reading rows."""
        if not (report.touched or report.reanalysed):
            return
        connection = self.connect(autocommit=True)
        try:
            connection.execute("VACUUM (ANALYZE) docs, doc_values, lexicon")
        except psycopg_module().Error:
            pass  # statistics are an optimisation; autovacuum gets there too
        finally:
            connection.close()

    def _exists(self, table: str) -> bool:
        connection = self.connect(autocommit=True)
        try:
            row = connection.execute("SELECT to_regclass(%s)", (f"{quote_ident(self.schema)}.{table}",)).fetchone()
            return row[0] is not None
        finally:
            connection.close()

    # -- the store -------------------------------------------------------------
    def store_exists(self) -> bool:
        return self._exists("meta")

    def open_store(self, readonly: bool = False) -> PostgresStore:
        if readonly:
            return _ReadStore(self.connect(autocommit=True))
        connection = self._writer_connection()
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(self.schema)}")
        connection.execute(TABLES)
        connection.commit()
        return _WriterStore(connection, self)

    @contextlib.contextmanager
    def write_lock(self):
        connection = self.connect(autocommit=True)
        try:
            key = int(hashlib.sha1(self.schema.encode()).hexdigest()[:15], 16)
            if not connection.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]:
                raise IndexLocked(f"the index in {self.location()} is locked: another newsdesk is indexing it; "
                                  "try again when it finishes")
            yield self
        finally:
            connection.close()  # the lock goes with the session
            self.release()

    def release(self) -> None:
        if self._write is not None:
            self._write.close()
            self._write = None

    # -- the index -------------------------------------------------------------
    def index_exists(self) -> bool:
        return self._exists("docs")

    def reset(self, schema) -> None:
        """Drop every table but `notes` (what people recorded outlives the index)."""
        connection = self._writer_connection()
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(self.schema)}")
        connection.execute("DROP TABLE IF EXISTS " + ", ".join(ALL_TABLES) + " CASCADE")
        connection.execute(TABLES)
        _create_index_tables(connection, "docs", "doc_values", schema)
        connection.commit()
        _try_fuzzystrmatch(connection)

    def open_index(self) -> "PostgresIndex":
        connection = self._writer_connection()
        return PostgresIndex(connection, _saved_schema(connection), "docs", "doc_values")

    def create_staging(self, schema) -> "PostgresIndex":
        connection = self._writer_connection()
        connection.execute("DROP TABLE IF EXISTS docs_next, doc_values_next")
        _create_index_tables(connection, "docs_next", "doc_values_next", schema, save=False)
        self._staged = describe_fields(schema)
        return PostgresIndex(connection, schema, "docs_next", "doc_values_next")

    def swap_in_staging(self) -> None:
        """In the indexer's last transaction: readers see the old tables or the new."""
        connection = self._writer_connection()
        connection.execute("DROP TABLE docs, doc_values")
        connection.execute("ALTER TABLE docs_next RENAME TO docs")
        connection.execute("ALTER TABLE doc_values_next RENAME TO doc_values")
        connection.execute("INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                           (FIELDS_KEY, json.dumps(self._staged, sort_keys=True)))

    def tidy(self) -> None:
        if self._exists("docs_next"):
            connection = self._writer_connection()
            connection.execute("DROP TABLE IF EXISTS docs_next, doc_values_next")
            connection.commit()

    def open_reader(self) -> "PostgresReader":
        return PostgresReader(self._reader_connection())

    def notes(self, kind: str) -> "PostgresNotes":
        return PostgresNotes(self, kind)

    def status(self) -> dict:
        connection = self._reader_connection()
        row = connection.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
                                 " ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
                                 (self.schema,)).fetchone()
        return {"size_bytes": int(row[0] or 0)}


class PostgresNotes(Notes):
    """A kind of record in the corpus schema's `notes` table: each change is
    one statement, seen at once by everyone reading the corpus."""

    def __init__(self, backend: PostgresBackend, kind: str):
        self.backend, self.kind = backend, kind
        self.where = f"the notes table of {backend.location()}"

    def _run(self, sql: str, params: tuple, fetch: bool = False) -> list:
        connection = self.backend.connect(autocommit=True)
        try:
            connection.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(self.backend.schema)}")
            connection.execute(NOTES_TABLE)
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if fetch else []
        except psycopg_module().Error as error:
            raise IndexUnavailable(f"cannot use {self.where}: {str(error).splitlines()[0]}") from None
        finally:
            connection.close()

    def records(self) -> list[dict]:
        rows = self._run("SELECT data FROM notes WHERE kind = %s ORDER BY id", (self.kind,), fetch=True)
        found = []
        for (data,) in rows:
            try:
                record = json.loads(data)
            except ValueError:
                continue
            if isinstance(record, dict):
                found.append(record)
        return found

    def put(self, record_id: str, record: dict) -> None:
        self._run("INSERT INTO notes (kind, id, data) VALUES (%s, %s, %s) ON CONFLICT (kind, id)"
                  " DO UPDATE SET data = EXCLUDED.data, at = now()",
                  (self.kind, record_id, json.dumps(record, ensure_ascii=False)))

    def remove(self, record_id: str) -> None:
        self._run("DELETE FROM notes WHERE kind = %s AND id = %s", (self.kind, record_id))


class _WriterStore(PostgresStore):
    """The indexer's store: closing it ends the backend's writing connection."""

    def __init__(self, connection, backend: PostgresBackend):
        super().__init__(connection)
        self.backend = backend

    def close(self) -> None:
        self.backend.release()


class _ReadStore(PostgresStore):
    """A reader's store, on a connection of its own (autocommit: each read sees
    the latest commit)."""

    def commit(self) -> None:
        pass


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema_name(root: Path) -> str:
    resolved = str(Path(root).resolve())
    digest = hashlib.sha1(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    slug = re.sub(r"[^a-z0-9_]+", "_", Path(resolved).name.lower()).strip("_")[:30] or "corpus"
    return f"nd_{slug}_{digest}"


def _try_fuzzystrmatch(connection) -> None:
    """Fuzzy terms are found in SQL with fuzzystrmatch's levenshtein_less_equal
    when the extension can be had (a trusted extension: the database's
    owner may create it); without it they are filtered in Python."""
    try:
        connection.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch SCHEMA public")
        connection.commit()
    except psycopg_module().Error:
        connection.rollback()


def _create_index_tables(connection, docs: str, values: str, schema, save: bool = True) -> None:
    connection.execute(INDEX_TABLES.format(docs=docs, values=values))
    if save:
        connection.execute("INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                           (FIELDS_KEY, json.dumps(describe_fields(schema), sort_keys=True)))


def _saved_schema(connection):
    row = connection.execute("SELECT value FROM meta WHERE key = %s", (FIELDS_KEY,)).fetchone()
    if row is None:
        raise IndexUnavailable("the PostgreSQL index has no field list (rebuild it with --rebuild)")
    return schema_from(json.loads(row[0]))


# -- writing --------------------------------------------------------------------
class PostgresIndex(BackendIndex):
    def __init__(self, connection, schema, docs: str, values: str):
        self.connection = connection
        self.schema = schema
        self.docs, self.values = docs, values

    def writer(self, limitmb: int = 128) -> "PostgresWriter":
        return PostgresWriter(self)

    def doc_count_all(self) -> int:
        return self.connection.execute(f"SELECT count(*) FROM {self.docs}").fetchone()[0]


class PostgresWriter(BackendWriter):
    """Buffers documents and writes them with COPY at each commit, in the
    transaction the store commits."""

    def __init__(self, index: PostgresIndex):
        self.index = index
        self.connection = index.connection
        self.rows: dict[str, tuple] = {}  # id -> docs row, in order
        self.values: dict[str, list[tuple]] = {}
        self.deleted: list[str] = []
        self.new_terms: set[tuple[str, str]] = set()
        self.known_terms: set[tuple[str, str]] | None = None

    def add_document(self, **fields) -> None:
        row, values, terms = to_row(fields, self.index.schema)
        self.rows[row[0]] = row
        self.values[row[0]] = values
        self.new_terms.update(terms)

    def update_document(self, **fields) -> None:
        self.delete_by_term("id", fields["id"])
        self.add_document(**fields)

    def delete_by_term(self, fieldname: str, text: str) -> None:
        if fieldname != "id":
            raise ValueError("documents are deleted by id")
        self.rows.pop(text, None)
        self.values.pop(text, None)
        self.deleted.append(text)

    def commit(self) -> None:
        """Write what is buffered; the store's commit makes it visible."""
        docs, values = self.index.docs, self.index.values
        cursor = self.connection.cursor()
        if self.deleted:
            cursor.execute(f"DELETE FROM {docs} WHERE id = ANY(%s)", (self.deleted,))
            cursor.execute(f"DELETE FROM {values} WHERE doc_id = ANY(%s)", (self.deleted,))
        if self.rows:
            with cursor.copy(f"COPY {docs} ({', '.join(DOC_COLUMNS)}) FROM STDIN") as copy:
                for row in self.rows.values():
                    copy.write_row(row)
            with cursor.copy(f"COPY {values} (doc_id, field, value) FROM STDIN") as copy:
                for rows in self.values.values():
                    for row in rows:
                        copy.write_row(row)
        self._write_terms(cursor)
        self.rows, self.values, self.deleted, self.new_terms = {}, {}, [], set()

    def _write_terms(self, cursor) -> None:
        if not self.new_terms:
            return
        if self.known_terms is None:
            self.known_terms = set(cursor.execute("SELECT field, term FROM lexicon").fetchall())
        fresh = self.new_terms - self.known_terms
        if fresh:
            with cursor.copy("COPY lexicon (field, term) FROM STDIN") as copy:
                for pair in fresh:
                    copy.write_row(pair)
            self.known_terms |= fresh

    def cancel(self) -> None:
        self.rows, self.values, self.deleted, self.new_terms = {}, {}, [], set()
        self.connection.rollback()


def to_row(fields: dict, schema) -> tuple[tuple, list[tuple], set[tuple[str, str]]]:
    """The docs row, doc_values rows and lexicon entries of a whoosh document."""
    positions: dict[str, list[int]] = defaultdict(list)
    weights: dict[str, str] = {}
    bare: set[str] = set()  # lexemes without positions
    keys: list[str] = []
    values: list[tuple] = []
    terms: set[tuple[str, str]] = set()
    article_id = fields["id"]
    row = {"id": article_id, "path": fields.get("path", ""), "title": fields.get("title", ""),
           "author": fields.get("author", ""), "outlet": fields.get("outlet", ""), "date_long": None,
           "date_sort": 0, "date_year": 0, "outlet_raw": "", "authors_raw": ""}
    for name, value in fields.items():
        if name not in schema or name == "spell" or value is None or value == "" or value == b"":
            continue
        fieldobj = schema[name]
        if isinstance(fieldobj, COLUMN):
            row[{"outlet_facet": "outlet_raw", "author_facet": "authors_raw"}[name]] = (
                value.decode("utf-8", "replace") if isinstance(value, bytes) else value)
            continue
        if isinstance(fieldobj, ID):
            bare.add(f"{name}:{value}")
            terms.add((name, value))
        elif isinstance(fieldobj, KEYWORD):
            for key in value.split(","):
                if key:
                    bare.add(f"{name}:{key}")
                    keys.append(f"{name}:{key}")
                    terms.add((name, key))
        elif isinstance(fieldobj, TEXT):
            found = False
            for token in fieldobj.analyzer(value, positions=True, mode="index"):
                lexeme = f"{name}:{token.text}"
                positions[lexeme].append(min(token.pos + 1, MAX_POSITION))
                terms.add((name, token.text))
                found = True
                if name == "title":
                    weights[lexeme] = "A"
            if not found:  # no words: `field:*` does not find it (as with whoosh)
                continue
        elif isinstance(fieldobj, DATETIME):
            moments = [v if isinstance(v, dt.datetime) else dt.datetime.combine(v, dt.time())
                       for v in (value if isinstance(value, list) else [value])]
            values.extend((article_id, name, datetime_to_long(m)) for m in sorted(set(moments)))
            if name == "date":
                row.update(date_long=datetime_to_long(moments[0]), date_sort=moments[0].toordinal(),
                           date_year=moments[0].year)
            else:
                values.extend((article_id, f"{name}__year", year) for year in sorted({m.year for m in moments}))
        elif isinstance(fieldobj, NUMERIC):
            values.extend((article_id, name, int(n)) for n in sorted(set(value if isinstance(value, list) else [value])))
        else:
            continue
        bare.add(f"{HAS}:{name}")
    row["keys"] = [_no_nul(key) for key in keys]
    row["tsv"] = _no_nul(tsvector(positions, weights, bare))
    cleaned = tuple(_no_nul(row[c]) if isinstance(row[c], str) else row[c] for c in DOC_COLUMNS)
    return (cleaned, [(_no_nul(doc), field, value) for doc, field, value in values],
            {(field, _no_nul(term)) for field, term in terms if len(term.encode("utf-8")) <= MAX_LEXEME_BYTES})


def _no_nul(text: str) -> str:
    """PostgreSQL text holds no NUL character; the store writes U+FFFD for it too."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def tsvector(positions: dict[str, list[int]], weights: dict[str, str], bare: set[str]) -> str:
    """The tsvector literal: 'field:term':1,5A ..."""

    def quoted(lexeme: str) -> str:
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"

    parts = []
    for lexeme in sorted(bare - set(positions)):
        if len(lexeme.encode("utf-8")) <= MAX_LEXEME_BYTES:
            parts.append(quoted(lexeme))
    budget = MAX_TSVECTOR_BYTES - sum(len(p.encode("utf-8")) + 1 for p in parts)
    for lexeme, where in positions.items():
        if len(lexeme.encode("utf-8")) > MAX_LEXEME_BYTES:
            continue
        weight = weights.get(lexeme, "")
        spots = sorted(set(where))[:MAX_POSITIONS_PER_TERM]
        part = quoted(lexeme) + ":" + ",".join(f"{p}{weight}" for p in spots)
        budget -= len(part.encode("utf-8")) + 1
        if budget < 0:  # an enormous article: its first terms only
            break
        parts.append(part)
    return " ".join(parts)


# -- reading --------------------------------------------------------------------
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
        """The field's known terms a wildcard or fuzzy term stands for."""
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
