"""The article store in PostgreSQL: the same tables and methods as the SQLite
`ArticleStore`, in one schema per corpus, so a newsroom's readers see the
articles, annotations and plugins' findings that one indexer writes.

`ArticleStore`'s SQL is written for SQLite; `_Connection` runs it on a psycopg
connection with the few differences PostgreSQL needs (placeholders,
`INSERT OR REPLACE`, JSON access).  Everything else, transactions included,
behaves as with SQLite: writes land when the indexer commits, and readers
(autocommit connections) only ever see committed articles.
"""

from __future__ import annotations

import re

from ..store import ArticleStore

FIELDS_KEY = "index_fields"  # meta: the index's fields, as {name: kind}


def psycopg_module():
    import psycopg

    return psycopg

TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size BIGINT NOT NULL, mtime_ns BIGINT NOT NULL, hash TEXT NOT NULL,
    article_ids TEXT NOT NULL, error TEXT, sidecar TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL, date TEXT, record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
CREATE TABLE IF NOT EXISTS annotations (
    article_id TEXT NOT NULL, analyzer TEXT NOT NULL, kind TEXT NOT NULL, start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL, label TEXT NOT NULL, data TEXT NOT NULL, rowid BIGSERIAL
);
CREATE INDEX IF NOT EXISTS annotations_article ON annotations(article_id, analyzer);
CREATE INDEX IF NOT EXISTS annotations_label ON annotations(kind, label);
CREATE TABLE IF NOT EXISTS analysis (
    article_id TEXT NOT NULL, analyzer TEXT NOT NULL, version TEXT NOT NULL, error TEXT,
    PRIMARY KEY (article_id, analyzer)
);
CREATE INDEX IF NOT EXISTS analysis_version ON analysis(analyzer, version);
CREATE TABLE IF NOT EXISTS changes (seq BIGSERIAL PRIMARY KEY, article_id TEXT NOT NULL, removed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS corpus_analyzers (name TEXT PRIMARY KEY, version TEXT NOT NULL, seq BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS corpus_results (
    analyzer TEXT NOT NULL, key TEXT COLLATE "C" NOT NULL, data TEXT NOT NULL, article_ids TEXT NOT NULL,
    PRIMARY KEY (analyzer, key)
);
CREATE TABLE IF NOT EXISTS corpus_result_articles (analyzer TEXT NOT NULL, key TEXT NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS corpus_result_articles_id ON corpus_result_articles(analyzer, article_id);
CREATE INDEX IF NOT EXISTS corpus_result_articles_key ON corpus_result_articles(analyzer, key);
"""

# Tables written with INSERT OR REPLACE: their columns, key columns first.
_REPLACED = {
    "meta": (("key",), ("value",)),
    "files": (("path",), ("size", "mtime_ns", "hash", "article_ids", "error", "sidecar")),
    "articles": (("id",), ("path", "title", "date", "record")),
    "analysis": (("article_id", "analyzer"), ("version", "error")),
    "corpus_analyzers": (("name",), ("version", "seq")),
}
_REPLACE = re.compile(r"INSERT OR REPLACE INTO (\w+) VALUES")


def to_postgres(sql: str) -> str:
    """One of ArticleStore's SQLite statements, as PostgreSQL reads it."""
    found = _REPLACE.search(sql)
    if found:
        keys, others = _REPLACED[found.group(1)]
        columns = ", ".join(keys + others)
        sql = _REPLACE.sub(f"INSERT INTO {found.group(1)} ({columns}) VALUES", sql)
        sql += f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in others)
    sql = sql.replace("json_extract(record, '$.body')", "(record::json ->> 'body')")
    return sql.replace("?", "%s")


def _clean(params) -> tuple:
    """PostgreSQL text cannot hold NUL characters (SQLite's can): they become U+FFFD."""
    return tuple(p.replace("\x00", "\ufffd") if isinstance(p, str) and "\x00" in p else p for p in params)


class _Connection:
    """The part of sqlite3's connection ArticleStore uses, over psycopg."""

    def __init__(self, connection):
        self.connection = connection

    def execute(self, sql: str, params=()):
        cursor = self.connection.cursor()
        cursor.execute(to_postgres(sql), _clean(params))
        return cursor

    def executemany(self, sql: str, rows):
        rows = [_clean(row) for row in rows]
        cursor = self.connection.cursor()
        if rows:
            cursor.executemany(to_postgres(sql), rows)
        return cursor

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()

    def close(self) -> None:
        self.connection.close()


class PostgresStore(ArticleStore):
    """ArticleStore on a psycopg connection whose search_path is the corpus's schema."""

    def __init__(self, connection):  # noqa: super().__init__ opens SQLite; not wanted here
        self.db = _Connection(connection)

    def change_serial(self) -> int:
        row = self.db.execute("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM changes_seq_seq").fetchone()
        return int(row[0]) if row else 0
