"""The article store: a SQLite file beside the full-text index (PostgreSQL's
backend runs the same SQL on its server: `backends/postgres_store.py`).

It holds what a full-text index should not: each article's full record (body, offsets,
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
from .extensions import Annotation

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash TEXT NOT NULL,
    article_ids TEXT NOT NULL,
    error TEXT,
    -- The file's metadata sidecar as "size:mtime_ns:hash" ('' when it has none).
    sidecar TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
-- What plugins' analyzers found (see newsdesk.search.analysis).
CREATE TABLE IF NOT EXISTS annotations (
    article_id TEXT NOT NULL,
    analyzer TEXT NOT NULL,
    kind TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    label TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS annotations_article ON annotations(article_id, analyzer);
CREATE INDEX IF NOT EXISTS annotations_label ON annotations(kind, label);
-- Which analyzer version last ran on each article, and whether it failed.
CREATE TABLE IF NOT EXISTS analysis (
    article_id TEXT NOT NULL,
    analyzer TEXT NOT NULL,
    version TEXT NOT NULL,
    error TEXT,
    PRIMARY KEY (article_id, analyzer)
);
CREATE INDEX IF NOT EXISTS analysis_version ON analysis(analyzer, version);
-- Articles added, changed or removed, in order: each corpus analyzer catches
-- up from the last entry it saw (its `seq`), so a run that was interrupted, or
-- ran while the analyzer's plugin was off, is not missed.
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    removed INTEGER NOT NULL
);
-- Corpus analyzers: their version, and their cached findings.
CREATE TABLE IF NOT EXISTS corpus_analyzers (name TEXT PRIMARY KEY, version TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS corpus_results (
    analyzer TEXT NOT NULL,
    key TEXT NOT NULL,
    data TEXT NOT NULL,
    article_ids TEXT NOT NULL,
    PRIMARY KEY (analyzer, key)
);
CREATE TABLE IF NOT EXISTS corpus_result_articles (
    analyzer TEXT NOT NULL,
    key TEXT NOT NULL,
    article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corpus_result_articles_id ON corpus_result_articles(analyzer, article_id);
-- Replacing or deleting one record finds its article links by key, not by a scan.
CREATE INDEX IF NOT EXISTS corpus_result_articles_key ON corpus_result_articles(analyzer, key);
"""


@dataclass
class FileRecord:
    path: str
    size: int
    mtime_ns: int
    hash: str
    article_ids: list[str] = field(default_factory=list)
    error: str | None = None
    sidecar: str = ""  # its metadata file (newsdesk.search.sidecar) as "size:mtime_ns:hash", or ''


class ArticleStore:
    def __init__(self, path: Path, readonly: bool = False):
        if readonly:
            # Readers may be used from several threads (a TUI's workers); the
            # Corpus serialises the calls with its own lock.
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
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
        rows = self.db.execute("SELECT path, size, mtime_ns, hash, article_ids, error, sidecar FROM files")
        return {
            r[0]: FileRecord(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6]) for r in rows
        }

    def put_file(self, record: FileRecord) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record.path, record.size, record.mtime_ns, record.hash,
             json.dumps(record.article_ids), record.error, record.sidecar),
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
        rows = [(i,) for i in ids]
        self.db.executemany("DELETE FROM articles WHERE id = ?", rows)
        self.db.executemany("DELETE FROM annotations WHERE article_id = ?", rows)
        self.db.executemany("DELETE FROM analysis WHERE article_id = ?", rows)

    def ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM articles ORDER BY id")]

    # -- annotations ------------------------------------------------------
    def put_annotations(self, article_id: str, analyzer: str, version: str,
                        annotations: list[Annotation], error: str | None = None) -> None:
        """Replace what `analyzer` found in an article (nothing, when it failed)."""
        self.db.execute("DELETE FROM annotations WHERE article_id = ? AND analyzer = ?", (article_id, analyzer))
        self.db.executemany(
            "INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(article_id, analyzer, a.kind, a.start, a.end, a.label,
              json.dumps(a.data, ensure_ascii=False)) for a in annotations],
        )
        self.db.execute("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?, ?)", (article_id, analyzer, version, error))

    def annotations(self, article_id: str, analyzer: str | None = None, kind: str | None = None) -> list[Annotation]:
        sql = "SELECT analyzer, kind, start_char, end_char, label, data FROM annotations WHERE article_id = ?"
        args: list = [article_id]
        if analyzer is not None:
            sql += " AND analyzer = ?"
            args.append(analyzer)
        if kind is not None:
            sql += " AND kind = ?"
            args.append(kind)
        rows = self.db.execute(sql + " ORDER BY start_char, end_char, rowid", args)
        return [_annotation(*row) for row in rows]

    def annotations_by_label(self, kind: str, label: str) -> list[tuple[str, Annotation]]:
        rows = self.db.execute(
            "SELECT article_id, analyzer, kind, start_char, end_char, label, data FROM annotations"
            " WHERE kind = ? AND label = ? ORDER BY article_id, start_char", (kind, label))
        return [(row[0], _annotation(*row[1:])) for row in rows]

    def stale(self, analyzer: str, version: str) -> list[str]:
        """Articles `analyzer` has not analysed at `version`, or failed on."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM analysis"
            " WHERE analyzer = ? AND version = ? AND error IS NULL) ORDER BY id", (analyzer, version))
        return [row[0] for row in rows]

    def any_unanalysed(self, analyzer: str, version: str) -> bool:
        """Whether some article was never analysed by `analyzer` at `version`
        (failures do not count: they are retried by the next index run)."""
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE id NOT IN (SELECT article_id FROM analysis"
            " WHERE analyzer = ? AND version = ?) LIMIT 1", (analyzer, version)).fetchone()
        return row is not None

    def analysis_errors(self) -> list[tuple[str, str, str]]:
        """(article id, analyzer, error) for every failed analysis still on record."""
        return list(self.db.execute(
            "SELECT article_id, analyzer, error FROM analysis WHERE error IS NOT NULL ORDER BY analyzer, article_id"))

    # -- the change log and corpus analyzers -------------------------------
    def log_changes(self, article_ids, removed: bool) -> None:
        self.db.executemany("INSERT INTO changes (article_id, removed) VALUES (?, ?)",
                            [(article_id, int(removed)) for article_id in article_ids])

    def change_serial(self) -> int:
        """The number of the latest change ever logged (it never goes back,
        even once old entries are pruned)."""
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
        return row[0] if row else 0

    def last_change(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0]

    def changes_since(self, seq: int) -> tuple[set[str], set[str]]:
        """(changed, removed) article ids since entry `seq`: an id that is in the
        store now counts as changed (even if it was also removed on the way:
        it moved to another file), the others as removed."""
        touched = {row[0] for row in self.db.execute("SELECT DISTINCT article_id FROM changes WHERE seq > ?", (seq,))}
        present = {article_id for article_id in touched if self.owner_of(article_id) is not None}
        return present, touched - present

    def prune_changes(self, keep_for: int = 0) -> None:
        """Drop log entries every corpus analyzer has seen.  An analyzer that
        has not run for longer than the log is worth (`keep_for` entries, say
        the corpus size) is forgotten instead: it starts afresh when it is back."""
        if keep_for:
            floor = self.last_change() - keep_for
            self.db.execute("DELETE FROM corpus_analyzers WHERE seq < ?", (floor,))
        row = self.db.execute("SELECT MIN(seq) FROM corpus_analyzers").fetchone()
        oldest_needed = row[0] if row[0] is not None else self.last_change()
        self.db.execute("DELETE FROM changes WHERE seq <= ?", (oldest_needed,))

    def corpus_analyzer_state(self, name: str) -> tuple[str | None, int]:
        """(version, last change seen) of a corpus analyzer; (None, 0) if it never ran."""
        row = self.db.execute("SELECT version, seq FROM corpus_analyzers WHERE name = ?", (name,)).fetchone()
        return (row[0], row[1]) if row else (None, 0)

    def set_corpus_analyzer_state(self, name: str, version: str, seq: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO corpus_analyzers VALUES (?, ?, ?)", (name, version, seq))

    def corpus_analyzer_due(self, name: str, version: str) -> bool:
        """Whether a corpus analyzer at `version` has work waiting."""
        seen_version, seq = self.corpus_analyzer_state(name)
        if seen_version != version:
            return True
        return self.db.execute("SELECT 1 FROM changes WHERE seq > ? LIMIT 1", (seq,)).fetchone() is not None

    def put_result(self, analyzer: str, key: str, data, article_ids: list[str]) -> None:
        self.delete_result(analyzer, key)
        self.db.execute("INSERT INTO corpus_results VALUES (?, ?, ?, ?)",
                        (analyzer, key, json.dumps(data, ensure_ascii=False), json.dumps(article_ids)))
        self.db.executemany("INSERT INTO corpus_result_articles VALUES (?, ?, ?)",
                            [(analyzer, key, article_id) for article_id in article_ids])

    def get_result(self, analyzer: str, key: str):
        row = self.db.execute("SELECT data FROM corpus_results WHERE analyzer = ? AND key = ?",
                              (analyzer, key)).fetchone()
        return json.loads(row[0]) if row else None

    def delete_result(self, analyzer: str, key: str) -> None:
        self.db.execute("DELETE FROM corpus_results WHERE analyzer = ? AND key = ?", (analyzer, key))
        self.db.execute("DELETE FROM corpus_result_articles WHERE analyzer = ? AND key = ?", (analyzer, key))

    def results_for_articles(self, analyzer: str, article_ids) -> list[str]:
        keys: set[str] = set()
        for article_id in article_ids:
            rows = self.db.execute("SELECT key FROM corpus_result_articles WHERE analyzer = ? AND article_id = ?",
                                   (analyzer, article_id))
            keys.update(row[0] for row in rows)
        return sorted(keys)

    def results(self, analyzer: str, prefix: str = ""):
        """(key, data, article ids) of an analyzer's results whose key starts with `prefix`."""
        if prefix:
            # Keys from prefix up to prefix + the highest character: an index range.
            rows = self.db.execute("SELECT key, data, article_ids FROM corpus_results WHERE analyzer = ?"
                                   " AND key >= ? AND key < ? ORDER BY key", (analyzer, prefix, prefix + "\U0010ffff"))
        else:
            rows = self.db.execute("SELECT key, data, article_ids FROM corpus_results WHERE analyzer = ?"
                                   " ORDER BY key", (analyzer,))
        for key, data, ids in rows:
            yield key, json.loads(data), json.loads(ids)

    def clear_results(self, analyzer: str) -> None:
        self.db.execute("DELETE FROM corpus_results WHERE analyzer = ?", (analyzer,))
        self.db.execute("DELETE FROM corpus_result_articles WHERE analyzer = ?", (analyzer,))

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


def _annotation(analyzer, kind, start, end, label, data) -> Annotation:
    return Annotation(kind=kind, start=start, end=end, label=label, data=json.loads(data), analyzer=analyzer)
