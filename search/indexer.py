"""Building and updating a corpus index, incrementally.

A run compares the corpus folder with the manifest in the article store and
touches only what moved: files added, files whose content hash changed, files
deleted.  Work is committed in batches (the index first, then the store), so an
interrupted run keeps what it finished and the index always opens.  One writer
at a time: a lock file makes a second indexer fail at once with a clear message.
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import os
import stat
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from whoosh.writing import IndexWriter

from . import sidecar
from .analysis import ANALYSIS_BATCH, ArticleAnalysis, Problems, run_corpus_analyzers
from .article import Article
from .errors import PLUGIN_FAILURES, IndexLocked, NewsdeskError, ReaderError
from .ingest import ingest
from .readers import ReaderRegistry, SourceFile
from .store import ArticleStore, FileRecord

Progress = Callable[[int, int], None]  # (files done, files to do)
# Articles per commit.  Each commit leaves a whoosh segment, and whoosh does not
# merge large ones, so batches are big: fuzzy and wildcard queries expand per segment.
BATCH_ARTICLES = 50_000
GENERATION_KEY = "index_generation"  # the store's record of the index commit it goes with


@dataclass
class IndexReport:
    """What an index run did, counted in files (and articles where it matters)."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    articles: int = 0  # articles in the index after the run
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, why), this run
    unreadable: int = 0  # unchanged files that failed in an earlier run
    reanalysed: int = 0  # unchanged articles analysed or re-indexed again (a plugin changed)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (plugin, what failed)
    seconds: float = 0.0

    @property
    def touched(self) -> int:
        return self.added + self.changed + self.removed

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.changed} changed", f"{self.removed} removed",
                 f"{self.unchanged} unchanged"]
        noun = "article" if self.articles == 1 else "articles"
        text = f"{', '.join(parts)} (files); {self.articles:,} {noun} indexed in {self.seconds:.1f}s"
        if self.skipped:
            where = {path for path, _ in self.skipped}
            text += f"; problems in {len(where)} file{'s' if len(where) != 1 else ''} (listed above)"
        if self.unreadable:
            text += f"; {self.unreadable} unchanged file{'s' if self.unreadable != 1 else ''} still unreadable"
        if self.reanalysed:
            text += f"; {self.reanalysed:,} unchanged article{'s' if self.reanalysed != 1 else ''} brought up to date for plugins"
        return text


class WriteLock:
    """An exclusive, non-blocking lock on an index directory."""

    def __init__(self, index_dir: Path):
        self.path = index_dir / "write.lock"
        self.handle = None

    def __enter__(self) -> "WriteLock":
        self.handle = open(self.path, "a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            raise IndexLocked(
                f"the index at {self.path.parent} is locked: {holder} is writing it; "
                "try again when it finishes"
            ) from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"newsdesk pid {os.getpid()}")
        self.handle.flush()
        return self

    def __exit__(self, *exc) -> None:
        self.handle.truncate(0)
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def scan(root: Path, registry: ReaderRegistry, report: IndexReport) -> tuple[dict[str, os.stat_result],
                                                                          dict[str, os.stat_result]]:
    """Corpus files a reader handles, by path relative to `root` (hidden ones
    skipped), and the metadata sidecars beside them, by the path of the file
    they describe (`newsdesk.search.sidecar`)."""
    if root.is_file():
        side = root.with_name(sidecar.sidecar_of(root.name))
        found = {root.name: root.stat()} if registry.for_path(root) else {}
        return found, ({root.name: side.stat()} if found and side.is_file() else {})
    found, sidecars = {}, {}
    for folder, dirs, files in os.walk(root, onerror=lambda e: report.skipped.append((e.filename, e.strerror))):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            is_sidecar = sidecar.is_sidecar(name)
            if name.startswith(".") or not (is_sidecar or registry.for_path(path)):
                continue
            relpath = path.relative_to(root).as_posix()
            if not _utf8(relpath):  # a name the article store (and a terminal) cannot hold
                shown = relpath.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                report.skipped.append((shown, "its name is not valid UTF-8; rename the file to index it"))
                continue
            try:
                info = path.stat()
            except OSError as error:
                report.skipped.append((relpath, error.strerror or str(error)))
                continue
            if not stat.S_ISREG(info.st_mode):  # a named pipe or device would block the reader
                report.skipped.append((relpath, "not a regular file"))
            elif is_sidecar:
                sidecars[sidecar.main_file_of(relpath)] = info
            else:
                found[relpath] = info
    for main in sorted(set(sidecars) - set(found)):
        report.skipped.append((sidecar.sidecar_of(main), f"metadata for '{main}', which is not an article file here"))
        del sidecars[main]
    return found, sidecars


def clean_id(text: str) -> str:
    """An id from a source without control characters (a NUL, an escape) or
    lone surrogates: people type ids, and every backend must store them alike."""
    return "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def file_hash(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Indexer:
    """One run of index maintenance over a corpus.

    Articles from new or changed files are analysed by the plugins' analyzers
    in batches, then written to the backend's index (as whoosh documents,
    which every backend takes) and the store.  Unchanged articles that
    an analyzer has not seen at its current version (a plugin was installed or
    upgraded) are analysed from the store, without re-reading their files; with
    `reindex_all` (the plugin fields changed) every article is indexed again.
    Every article added, changed or removed is written to the store's change
    log in the same commit as the article, and corpus analyzers run last, from
    that log.  `finish` is called after the index's last commit and before the
    store's, so what it writes to the store lands with the run or not at all.
    """

    def __init__(self, root: Path, ix, store: ArticleStore, registry: ReaderRegistry, to_fields,
                 analyzers: list = (), corpus_analyzers: list = (), fields: list = (),
                 reindex_all: bool = False, finish: Callable[["IndexReport"], None] | None = None,
                 generation: Callable[[], str | None] | None = None, settle: Callable[[], None] | None = None):
        self.root = root
        self.ix = ix
        self.store = store
        self.registry = registry
        self.to_fields = to_fields  # (Article, plugin field values) -> dict of whoosh fields
        self.problems = Problems()
        self.analysis = ArticleAnalysis(store, list(analyzers), list(fields), self.problems)
        self.corpus_analyzers = list(corpus_analyzers)
        self.reindex_all = reindex_all
        self.finish = finish
        self.generation = generation  # what the index holds after a commit, recorded by the store's
        self.settle = settle  # called after each store commit
        self.report = IndexReport()
        self.changed_ids: set[str] = set()  # articles added or changed in this run
        self.removed_ids: set[str] = set()
        self._queue: list[Article] = []
        self._schema = ix.schema
        self.sidecars: dict[str, os.stat_result] = {}

    def run(self, progress: Progress | None = None) -> IndexReport:
        started = time.perf_counter()
        on_disk, self.sidecars = scan(self.root, self.registry, self.report)
        known = self.store.files()
        work = self._plan(on_disk, known)
        removed = [path for path in known if path not in on_disk and not self._unread(path)]

        writer = self.ix.writer(limitmb=128)
        self.fresh = self.ix.doc_count_all() == 0
        pending = 0
        try:
            for path in removed:
                self._delete_ids(writer, known[path].article_ids)
                self.removed_ids.update(known[path].article_ids)
                self.store.delete_file(path)
                self.report.removed += 1
            for done, (path, info, digest) in enumerate(work, start=1):
                old = known.get(path)
                record = self._index_file(writer, path, info, digest or self._hash(path))
                new_ids = list(record.article_ids)
                gone = [article_id for article_id in (old.article_ids if old else []) if article_id not in new_ids]
                if record.error:
                    if gone:  # bad input never costs what was indexed: what was not read again stays
                        record.error += f"; its {len(gone):,} earlier article{'s' if len(gone) != 1 else ''} kept as last read"
                        record.article_ids.extend(gone)
                        gone = []
                    self.report.skipped.append((path, record.error))
                self.store.put_file(record)
                self.store.log_changes(new_ids, removed=False)
                self.changed_ids.update(new_ids)
                self._delete_ids(writer, gone)
                self.removed_ids.update(gone)
                if old is None:
                    self.report.added += 1
                else:
                    self.report.changed += 1
                pending += len(new_ids)
                if progress:
                    progress(done, len(work))
                if pending >= BATCH_ARTICLES:
                    writer = self._commit(writer)
                    pending = 0
            self._flush(writer)
            self._catch_up(writer, progress)
            writer.commit()
            self._record_generation()
            if self.finish:
                self.finish(self.report)
            self.store.commit()
        except BaseException:
            # Undo what is not committed; a failure to undo (a full disk) must
            # not hide the error that stopped the run.
            for undo in (writer.cancel, self.store.rollback):
                try:
                    undo()
                except Exception:
                    pass
            raise
        self._settle()
        self._run_corpus_analyzers()
        self.report.articles = self.store.count()
        self.report.problems = self.problems.lines()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _unread(self, relpath: str) -> bool:
        """Whether an indexed file is still there but no reader takes it now
        (its plugin was removed or failed to load): its articles are kept as
        last indexed, not removed, and the file is listed as skipped."""
        path = self.root if self.root.is_file() else self._full(relpath)
        if not path.is_file() or self.registry.for_path(path):
            return False
        self.report.skipped.append((relpath, f"no reader takes '{path.suffix or path.name}' files now "
                                             "(is a plugin missing or failing?); its articles are kept as last indexed"))
        return True

    def _catch_up(self, writer: IndexWriter, progress: Progress | None) -> None:
        """Analyse and re-index unchanged articles a plugin has not seen yet."""
        due = self.analysis.due()
        if self.reindex_all:
            ids = set(self.store.ids())
        else:
            ids = set().union(*due.values()) if due else set()
        # Articles read in this run were analysed already; a failure there is
        # retried on the next run, not twice in one.
        ids -= self.changed_ids
        todo = sorted(ids)
        # Corpus analyzers look again at articles whose annotations may change.
        analysed = set().union(*due.values()) - self.changed_ids if due else set()
        self.store.log_changes(sorted(analysed), removed=False)
        for start in range(0, len(todo), ANALYSIS_BATCH):
            for article_id in todo[start:start + ANALYSIS_BATCH]:
                article = self.store.get(article_id)
                if article is not None:
                    self._queue.append(article)
            self._flush(writer, due)
            if progress:
                progress(min(start + ANALYSIS_BATCH, len(todo)), len(todo))
        self.report.reanalysed = len(todo)

    def _run_corpus_analyzers(self) -> None:
        run_corpus_analyzers(self.store, self.corpus_analyzers, self.problems)

    def _plan(self, on_disk, known) -> list[tuple[str, os.stat_result, str | None]]:
        """Files to (re)read: new ones, and known ones whose content hash (or
        whose metadata sidecar's) changed.  New files are hashed later, as they
        are read, so a first build shows progress from the start."""
        work = []
        for path, info in on_disk.items():
            old = known.get(path)
            if old is None:
                work.append((path, info, None))
                continue
            side = self.sidecars.get(path)
            side_stat = f"{side.st_size}:{side.st_mtime_ns}:" if side else ""
            if (old.size == info.st_size and old.mtime_ns == info.st_mtime_ns
                    and (old.sidecar.startswith(side_stat) if side else not old.sidecar)):
                self.report.unchanged += 1
                self.report.unreadable += bool(old.error)
                continue
            try:
                digest = file_hash(self._full(path))
                side_signature = self._sidecar_signature(path)
            except OSError as error:
                self.report.skipped.append((path, error.strerror or str(error)))
                continue
            # Same content (a sidecar's signature ends with its hash): only touched.
            if old.hash == digest and old.sidecar.rpartition(":")[2] == side_signature.rpartition(":")[2]:
                old.size, old.mtime_ns, old.sidecar = info.st_size, info.st_mtime_ns, side_signature
                self.store.put_file(old)
                self.report.unchanged += 1
                continue
            work.append((path, info, digest))
        return work

    def _sidecar_path(self, relpath: str) -> Path:
        return self._full(relpath).with_name(sidecar.sidecar_of(self._full(relpath).name))

    def _sidecar_signature(self, relpath: str) -> str:
        side = self.sidecars.get(relpath)
        if side is None:
            return ""
        return f"{side.st_size}:{side.st_mtime_ns}:{file_hash(self._sidecar_path(relpath))}"

    def _overrides(self, relpath: str, record: FileRecord) -> sidecar.Overrides | None:
        """The file's sidecar values (None without one, or when it cannot be used:
        reported, and the articles are indexed as their file states them)."""
        try:
            record.sidecar = self._sidecar_signature(relpath)
        except OSError as error:
            self.report.skipped.append((sidecar.sidecar_of(relpath), error.strerror or str(error)))
            return None
        if not record.sidecar:
            return None
        try:
            return sidecar.read(self._sidecar_path(relpath))
        except sidecar.SidecarError as error:
            # Not remembered, so the file is read (and this said) again until fixed.
            record.sidecar = ""
            self.report.skipped.append((sidecar.sidecar_of(relpath), f"metadata ignored: {error}"))
            return None

    def _hash(self, relpath: str) -> str:
        try:
            return file_hash(self._full(relpath))
        except OSError:
            return ""  # unreadable: the reader reports why

    def _full(self, relpath: str) -> Path:
        return self.root if self.root.is_file() else self.root / relpath

    def _index_file(self, writer: IndexWriter, path, info, digest) -> FileRecord:
        """Read one file and queue its articles as they come (collection files
        stream); returns its record (the ids of its articles, and the error
        that stopped the reader, if one did), for the caller to store."""
        record = FileRecord(path, info.st_size, info.st_mtime_ns, digest)
        overrides = self._overrides(path, record)
        source = SourceFile(self._full(path), path, info.st_size)
        reader = self.registry.for_path(Path(path))
        articles = self._articles(reader, source)
        while True:
            article = None
            try:
                article = next(articles, None)
            except ReaderError as error:
                record.error = str(error)
            except (OSError, UnicodeError, ValueError) as error:
                record.error = f"could not read: {error}"
            except NewsdeskError:
                raise
            except PLUGIN_FAILURES as error:  # a third-party reader's bug must not stop the run
                record.error = f"reader '{reader.name}' failed: {type(error).__name__}: {error}"
            if article is None or record.error:
                break
            if overrides is not None:
                article = overrides.apply(article)
            self.store.put_article(article)
            self._queue.append(article)
            if len(self._queue) >= ANALYSIS_BATCH:
                self._flush(writer)
            record.article_ids.append(article.id)
        if overrides is not None and overrides.records and not record.error:
            unknown = sorted(set(overrides.records) - set(record.article_ids))
            if unknown:
                self.report.skipped.append((sidecar.sidecar_of(path), "metadata for records this file does not hold: "
                                            + ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else "")))
        for warning in source.warnings:
            self.report.skipped.append((path, warning))
        return record

    def _flush(self, writer: IndexWriter, due: dict[str, set[str]] | None = None) -> None:
        """Analyse the queued articles and write their whoosh documents."""
        batch, self._queue = self._queue, []
        if not batch:
            return
        annotations = self.analysis.analyse(batch, due) if self.analysis.analyzers else {}
        for article in batch:
            found = annotations.get(article.id, {})
            extra = self.analysis.field_values(article, found, self._schema)
            fields = self.to_fields(article, extra)
            if self.fresh:
                writer.add_document(**fields)
            else:
                writer.update_document(**fields)

    def _articles(self, reader, source: SourceFile) -> Iterator[Article]:
        """Articles with their ids: the file's own name when it holds one article.
        The reader runs lazily, so its errors surface where the caller catches them."""
        relpath = source.relpath
        stem = relpath.rsplit(".", 1)[0] if "." in relpath.rsplit("/", 1)[-1] else relpath
        sources = iter(reader.read(source))
        first = next(sources, None)
        if first is None:
            return
        second = next(sources, None)
        single = second is None
        everything = itertools.chain([first], [] if single else [second], sources)
        taken: set[str] = set()
        for number, item in enumerate(everything, start=1):
            if item.id:
                wanted = clean_id(str(item.id).strip())
            elif single:
                wanted = stem
            else:
                wanted = f"{stem}#{number}"
            article_id = self._unique_id(wanted, relpath, stem, number, single, taken)
            taken.add(article_id)
            yield ingest(item, article_id, relpath)

    def _unique_id(self, wanted: str, relpath: str, stem: str, number: int, single: bool,
                   taken: set[str]) -> str:
        """`wanted`, unless this file already used it (two records with one id) or
        another file owns it ("a.txt" and "a.md"); then the file's path for a
        single article, or `stem#N` for the Nth article of a collection."""
        fallback = relpath if single else f"{stem}#{number}"
        for candidate in (wanted, fallback, f"{relpath}#{number}"):
            if candidate not in taken and self.store.owner_of(candidate) in (None, relpath):
                return candidate
        suffix = 2
        while f"{relpath}#{number}.{suffix}" in taken or self.store.owner_of(f"{relpath}#{number}.{suffix}"):
            suffix += 1
        return f"{relpath}#{number}.{suffix}"

    def _delete_ids(self, writer: IndexWriter, ids: list[str]) -> None:
        for article_id in ids:
            writer.delete_by_term("id", article_id)
        self.store.delete_articles(ids)
        self.store.log_changes(ids, removed=True)

    def _commit(self, writer: IndexWriter) -> IndexWriter:
        self._flush(writer)
        writer.commit()
        self._record_generation()
        self.store.commit()
        self._settle()
        return self.ix.writer(limitmb=128)

    def _record_generation(self) -> None:
        """Name, in the store's coming commit, the index commit it goes with."""
        token = self.generation() if self.generation else None
        if token is not None:
            self.store.set_meta(GENERATION_KEY, token)

    def _settle(self) -> None:
        """Drop what only an interrupted commit would have needed; a file that
        cannot be removed now is removed by a later run."""
        if self.settle:
            try:
                self.settle()
            except OSError:
                pass
