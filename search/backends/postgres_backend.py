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
ts_headline with the English configuration.  This module connects, creates
and locks; `postgres_index` writes, `postgres_reader` searches,
`postgres_query` translates queries, `postgres_store` holds the article store.

Several people can search while one indexer writes: the indexer holds an
advisory lock (a second one is refused at once), writes in transactions, and
each search reads one snapshot, so readers see whole batches of articles or
none of them.  A rebuild for new fields fills `docs_next` and swaps it in
with the last commit.  Limits: PostgreSQL keeps positions up to 16,383 per
article and 256 per term, so a phrase deep inside a very long article can be
missed; a tsvector holds at most 1 MB, so an enormous article keeps its
first terms only (docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from pathlib import Path

from ..errors import IndexLocked, IndexUnavailable, UsageError
from .base import Backend, Notes, describe_fields, schema_from
from .postgres_index import PostgresIndex
from .postgres_reader import PostgresReader
from .postgres_store import FIELDS_KEY, TABLES, PostgresStore, psycopg_module

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

    def unconfigured(self) -> str | None:
        return None if self.dsn else "no server given (--dsn, NEWSDESK_DSN, or dsn in the config's [corpus] table)"

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
