"""The article store: a SQLite file beside the whoosh index.

It holds what whoosh should not: each article's full record (body, offsets,
the boilerplate kept out of the body) and the manifest of corpus files (size,
modification time, content hash, the article ids each produced) that makes
re-indexing incremental.  WAL mode lets readers (the TUI, a search) work while
one indexer writes.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash TEXT NOT NULL,
    article_ids TEXT NOT NULL,
    error TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
"""


@dataclass
class FileRecord:
    path: str
    size: int
    mtime_ns: int
    hash: str
    article_ids: list[str] = field(default_factory=list)
    error: str | None = None


class ArticleStore:
    def __init__(self, path: Path, readonly: bool = False):
        if readonly:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        else:
            self.db = sqlite3.connect(path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_TABLES)
            self.db.commit()

    # -- metadata ---------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- file manifest ----------------------------------------------------
    def files(self) -> dict[str, FileRecord]:
        rows = self.db.execute("SELECT path, size, mtime_ns, hash, article_ids, error FROM files")
        return {
            r[0]: FileRecord(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in rows
        }

    def put_file(self, record: FileRecord) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
            (record.path, record.size, record.mtime_ns, record.hash,
             json.dumps(record.article_ids), record.error),
        )

    def delete_file(self, path: str) -> None:
        self.db.execute("DELETE FROM files WHERE path = ?", (path,))

    # -- articles ---------------------------------------------------------
    def put_article(self, article: Article) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
            (article.id, article.path, article.title,
             article.date.isoformat() if article.date else None,
             json.dumps(article.to_dict(), ensure_ascii=False)),
        )

    def delete_articles(self, ids: list[str]) -> None:
        self.db.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])

    def owner_of(self, article_id: str) -> str | None:
        """The file path that produced `article_id`, if any."""
        row = self.db.execute("SELECT path FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def get(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def bodies(self, ids: list[str]) -> dict[str, str]:
        """Body text for each id (for highlighting a page of hits)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT id, json_extract(record, '$.body') FROM articles WHERE id IN ({marks})", ids
        )
        return dict(rows)

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def commit(self) -> None:
        self.db.commit()

    def rollback(self) -> None:
        self.db.rollback()

    def close(self) -> None:
        self.db.close()
