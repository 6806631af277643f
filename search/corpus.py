"""The engine's front door: a corpus folder and its index.

    corpus = open_corpus("articles/", readers=registry)
    corpus.update()                       # build or refresh the index
    results = corpus.search('deepseek AND date:2025')
    article = corpus.article(results.hits[0].id)

The CLI and the TUI use only this API.  Readers are passed in (they come from
plugins); searching an existing index needs none.
"""

from __future__ import annotations

import datetime as dt
import dataclasses
import errno
import functools
import json
import os
import sqlite3
import threading
import time
from pathlib import Path

from whoosh.fields import DATETIME, KEYWORD
from whoosh.index import LockError
from whoosh.query import QueryError

from . import sidecar
from .article import Article
from .errors import (ArticleNotFound, CorpusNotFound, IndexUnavailable, NewsdeskError, QuerySyntaxError, UsageError,
                     describe)
from .extensions import Annotation, Extensions
from .backends import make_backend
from .facets import FacetGroup, check_facet_names, facet_kinds
from .fields import fingerprint, fold_keyword_terms
from .indexer import IndexReport, Indexer, Progress
from .locations import default_index_dir
from .query import make_parser, parse_query
from .readers import ReaderRegistry
from .results import SearchResults
from .schema import HIDDEN_FIELDS, SCHEMA_VERSION, build_schema

SORTS = ("relevance", "date")


def _locked(method):
    """Run a reading method under the corpus's lock (callers may be on any thread).
    A failure of the backend's storage (a server gone) becomes IndexUnavailable."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except self.backend.errors as error:
                raise IndexUnavailable(f"the index in {self.backend.location()} failed: {describe(error)}") from None

    return run


def open_corpus(path: str | os.PathLike, index_dir: str | os.PathLike | None = None,
                readers: ReaderRegistry | None = None, extensions: Extensions | None = None,
                backend: str | None = None, backend_options: dict | None = None) -> "Corpus":
    """Open the corpus at `path` (a folder, or a single file such as a .jsonl).

    `extensions` carries what plugins add (readers, analyzers, fields,
    backends); `readers` alone is enough for a corpus without plugins.
    `backend` names where the index lives ("whoosh", the default, or one a
    plugin registers, such as "tantivy" or "postgres"), `backend_options` its
    settings ({"dsn": ...} for PostgreSQL)."""
    root = Path(path).expanduser()
    corpus = Corpus(root, Path(index_dir).expanduser() if index_dir else None, readers, extensions,
                    backend, backend_options)
    # A shared server's corpus can be read from machines without its folder
    # (the path still names it); indexing needs the folder.
    if not corpus.backend.remote:
        check_readable(root)
    return corpus


def check_readable(root: Path) -> None:
    if not root.exists():
        raise CorpusNotFound(f"corpus not found: {root}")
    if not os.access(root, os.R_OK):
        raise CorpusNotFound(f"corpus not readable: {root}")


class Corpus:
    def __init__(self, root: Path, index_dir: Path | None = None, readers: ReaderRegistry | None = None,
                 extensions: Extensions | None = None, backend: str | None = None,
                 backend_options: dict | None = None):
        self.root = root
        self.index_dir = index_dir or default_index_dir(root)
        self.extensions = dataclasses.replace(extensions) if extensions else Extensions()
        if readers is not None:
            self.extensions.readers = readers
        self.readers = self.extensions.readers
        # One reader at a time: the backend's reader and the store's connection are
        # shared by every thread that reads this corpus.
        self._lock = threading.RLock()
        self.backend = make_backend(backend, self.index_dir, backend_options, root, self.extensions.backends)
        self._reader = None
        self._store = None
        self._parser = None

    # -- index ------------------------------------------------------------
    @property
    def store_path(self) -> Path:
        """The whoosh backend's article store (kept for tools and tests)."""
        return self.index_dir / "articles.sqlite"

    def has_index(self) -> bool:
        try:
            return self._index_is_current()
        except NewsdeskError:
            return False

    def _index_is_current(self) -> bool:
        """Whether the backend holds an index of this layout.  On a server, a
        store that is there but cannot be read (a refused connection) raises
        IndexUnavailable rather than passing for missing: `update` would
        otherwise throw a shared index away.  A local index is a cache: one
        that cannot be read is rebuilt."""
        if not (self.backend.store_exists() and self.backend.index_exists()):
            return False
        try:
            store = self.backend.open_store(readonly=True)
            try:
                return store.get_meta("schema_version") == str(SCHEMA_VERSION)
            finally:
                store.close()
        except NewsdeskError:
            raise
        except Exception as error:
            if not self.backend.remote:
                return False
            raise IndexUnavailable(f"cannot read the index in {self.backend.location()}: {describe(error)}") from None

    @_locked
    def update(self, progress: Progress | None = None, rebuild: bool = False) -> IndexReport:
        """Bring the index in line with the corpus folder (build it if needed).
        A full disk, or another failure to write, raises IndexUnavailable in
        one line; the index keeps the state of its last complete commit."""
        try:
            return self._update(progress, rebuild)
        except OSError as error:
            why = error.strerror or str(error)
            raise IndexUnavailable(self._write_failure(error.errno == errno.ENOSPC, why)) from None
        except sqlite3.Error as error:
            full = getattr(error, "sqlite_errorcode", None) == getattr(sqlite3, "SQLITE_FULL", 13) \
                or "disk is full" in str(error)
            raise IndexUnavailable(self._write_failure(full, describe(error))) from None

    def _write_failure(self, disk_full: bool, why: str) -> str:
        where = self.backend.location()
        if disk_full:
            return (f"no space left on device while writing the index at {where}; it keeps its previous "
                    "state: free some space and run again")
        return f"cannot write the index in {where}: {why}"

    def _update(self, progress: Progress | None, rebuild: bool) -> IndexReport:
        check_readable(self.root)
        if not self.readers:
            raise NewsdeskError("no article readers are registered (are the plugins disabled?)")
        if self.root.is_file() and not self.readers.for_path(self.root):
            known = ", ".join(sorted(self.readers.extensions))
            raise NewsdeskError(f"no reader for '{self.root.suffix or self.root.name}' files (newsdesk reads: {known})")
        backend = self.backend
        backend.prepare()
        with backend.write_lock():
            backend.tidy()
            if not rebuild:
                self._check_owner()
            reindex_all = False
            if rebuild or not self._index_is_current():
                self.close()
                backend.reset(build_schema(self.extensions.fields))
            elif self._fields_changed() or backend.out_of_step():
                # A plugin field was added or changed (or a run was cut between
                # the index's commit and the store's): the index is rebuilt from
                # the store beside the live one (files are not re-read,
                # analyses are kept), and swapped in when complete.
                reindex_all = True
            self.close()
            store = backend.open_store()
            try:
                if reindex_all:
                    ix = backend.create_staging(build_schema(self.extensions.fields))
                else:
                    ix = backend.open_index()
                store.set_meta("schema_version", str(SCHEMA_VERSION))
                store.set_meta("corpus_root", str(self.root.resolve()))
                built = self._read_fields_meta(store)

                def finish(report: IndexReport) -> None:
                    # Lands in the store's last commit, after the index's.
                    if reindex_all:
                        backend.swap_in_staging()
                    indexed = bool(report.added or report.changed or report.reanalysed or reindex_all)
                    store.set_meta("plugin_fields", json.dumps(
                        fields_record(built, self.extensions.fields, indexed, reindex_all)))

                schema_fields = set(ix.schema.names())
                ext = self.extensions
                indexer = Indexer(self.root, ix, store, self.readers,
                                  lambda article, extra: {**article_fields(article, schema_fields), **extra},
                                  analyzers=ext.analyzers, corpus_analyzers=ext.corpus_analyzers,
                                  fields=ext.fields, reindex_all=reindex_all, finish=finish,
                                  generation=lambda: backend.generation(ix), settle=backend.settle)
                try:
                    report = indexer.run(progress)
                except LockError:
                    raise IndexUnavailable(f"the index in {backend.location()} is locked") from None
            finally:
                store.close()
            backend.after_update(report)
            return report

    def _read_fields_meta(self, store) -> dict[str, str]:
        try:
            built = json.loads(store.get_meta("plugin_fields") or "{}")
        except ValueError:
            return {}
        return built if isinstance(built, dict) else {}

    def _fields_changed(self) -> bool:
        """Whether a loaded plugin's field is missing from the index, differs,
        or missed articles indexed while its plugin was off."""
        try:
            built = json.loads(self._stored_meta("plugin_fields") or "{}")
        except ValueError:
            return True
        if not isinstance(built, dict):
            return True
        return any(built.get(name) != value for name, value in fingerprint(self.extensions.fields).items())

    def needs_update(self) -> bool:
        """Whether `update()` has work to do for the loaded plugins alone (a new
        field or analyzer), whatever the corpus folder holds."""
        if not self.has_index():
            return True
        if self.backend.remote and not self.root.exists():
            return False  # read from a machine without the folder: search what the server has
        if self._fields_changed():
            return True
        versions = {a.name: str(a.version) for a in self.extensions.analyzers}
        versions.update({a.name: str(a.version) for a in self.extensions.corpus_analyzers})
        if not versions:
            return False
        try:
            store = self.backend.open_store(readonly=True)
            try:
                return (any(store.any_unanalysed(a.name, str(a.version)) for a in self.extensions.analyzers)
                        or any(store.corpus_analyzer_due(a.name, str(a.version))
                               for a in self.extensions.corpus_analyzers))
            finally:
                store.close()
        except Exception:
            return True

    def _built_version(self) -> str | None:
        return self._stored_meta("schema_version")

    def _stored_meta(self, key: str) -> str | None:
        try:
            store = self.backend.open_store(readonly=True)
            try:
                return store.get_meta(key)
            finally:
                store.close()
        except Exception:
            return None

    def _check_owner(self) -> None:
        """Refuse an index built for another corpus (an --index DIR reused by mistake)."""
        owner = self._stored_meta("corpus_root")
        if owner and owner != str(self.root.resolve()):
            raise IndexUnavailable(
                f"the index at {self.index_dir} belongs to another corpus ({owner}); "
                "give this corpus its own --index, or pass --rebuild to replace it"
            )

    # -- reading ----------------------------------------------------------
    def _open(self) -> None:
        """Open the index and the store for reading, once."""
        if self._reader is not None:
            return
        if not self.has_index():
            raise IndexUnavailable(f"no index for {self.root} yet (run: newsdesk index {self.root})")
        self._check_owner()
        store = reader = None
        try:
            store = self.backend.open_store(readonly=True)
            reader = self.backend.open_reader()
        except (OSError, sqlite3.Error) as error:
            if store is not None:
                store.close()
            raise IndexUnavailable(f"cannot open the index in {self.backend.location()}: {error}") from None
        except BaseException:
            if store is not None:
                store.close()
            raise
        schema = reader.schema
        self._parser = make_parser(schema)
        self._fields = self._fields_from(schema)
        self._date_fields = frozenset(n for n, f in schema.items() if isinstance(f, DATETIME))
        specs = {spec.name: spec for spec in self.extensions.fields}
        self._keyword_fields = {name: specs.get(name) for name, f in schema.items() if isinstance(f, KEYWORD)}
        # Set last: `_reader` being set is what says the corpus is open.
        self._store, self._reader = store, reader

    def _current_reader(self):
        """A reader that sees the latest commit (another process may be indexing)."""
        self._open()
        if not self._reader.up_to_date():
            # Open afresh: a rebuild may have brought new fields, which the
            # query parser must learn.
            self.close()
            self._open()
        return self._reader

    @property
    def fields(self) -> set[str]:
        """Field names a query may use."""
        with self._lock:
            self._open()
            return set(self._fields)

    @staticmethod
    def _fields_from(schema) -> set[str]:
        return {name for name in schema.names() if name not in HIDDEN_FIELDS}

    @_locked
    def search(self, query: str, limit: int = 10, sort: str = "relevance") -> SearchResults:
        if sort not in SORTS:
            raise UsageError(f"unknown sort '{sort}' (use: {', '.join(SORTS)})")
        started = time.perf_counter()
        reader = self._current_reader()
        parsed = self._parse(query)
        try:
            total, hits = reader.search(parsed, max(1, limit), sort, self._store.bodies)
        except QueryError as error:  # e.g. a phrase on a field without positions
            raise QuerySyntaxError(f"cannot run the query: {error}") from None
        suggestion = None
        if total == 0:
            suggestion = self._suggest(reader, query)
        return SearchResults(query=query, total=total, hits=hits[:limit] if limit > 0 else [],
                             sort=sort, suggestion=suggestion,
                             seconds=time.perf_counter() - started)

    @_locked
    def facets(self, query: str = "", fields: list[str] | None = None, limit: int | None = 20) -> list[FacetGroup]:
        """How the articles matching `query` (all of them if it is empty) divide
        by outlet, year, author and plugin fields, one group per name in
        `fields` (default: every facet the index offers), at most `limit`
        values each (None: all).  Each value's `clause` added to the query
        finds exactly its `count` articles; see `facets`."""
        if limit is not None and limit < 1:
            raise UsageError(f"the facet limit must be at least 1, not {limit}")
        reader = self._current_reader()
        kinds = facet_kinds(reader.schema)
        names = list(kinds) if fields is None else list(fields)
        check_facet_names(names, kinds, self._fields)
        parsed = None
        if query.strip():
            parsed = self._parse(query)
        try:
            return reader.facets(parsed, names, kinds, limit)
        except QueryError as error:
            raise QuerySyntaxError(f"cannot run the query: {error}") from None

    def _parse(self, query: str):
        return fold_keyword_terms(parse_query(self._parser, query, self._fields, self._date_fields),
                                  self._keyword_fields, self._alias_keys)

    @_locked
    def match_ids(self, query: str) -> set[str]:
        """The ids of every article `query` finds, whatever the backend."""
        reader = self._current_reader()
        try:
            return reader.match_ids(self._parse(query))
        except QueryError as error:
            raise QuerySyntaxError(f"cannot run the query: {error}") from None

    def _suggest(self, reader, query: str) -> str | None:
        """A respelling of `query` from the corpus's own words, if it finds something."""
        try:
            respelled = reader.suggest(query)
            if not respelled or respelled == query:
                return None
            # Re-parse: the corrected words must be analysed like any query.
            return respelled if reader.count(self._parse(respelled)) else None
        except Exception:  # suggestions are a courtesy; never fail a search for one
            return None

    def _alias_keys(self, analyzer: str, key: str) -> list[str] | None:
        """Every key of the thing `key` names, from a corpus analyzer's alias
        sets (`IndexField.aliases`); called with the lock held."""
        data = self._store.get_result(analyzer, f"alias:{key}")
        return data.get("keys") if isinstance(data, dict) else None

    @_locked
    def article(self, article_id: str) -> Article:
        self._open()
        article = self._store.get(article_id)
        if article is None:
            raise ArticleNotFound(f"no article with id '{article_id}'")
        return article

    def set_metadata(self, article_id: str, values: dict) -> Path:
        """Record `values` (title, date, authors, outlet, url; None clears one)
        for an article in its file's metadata sidecar, and return the sidecar's
        path.  The index changes at the next `update()`."""
        article = self.article(article_id)
        with self._lock:
            self._open()
            record = self._store.files().get(article.path)
        # A file of one article takes top-level values; a record of a collection
        # (its own id, not the file's name) is set by id, so records added later
        # do not inherit it.
        stem = article.path.rsplit(".", 1)[0] if "." in article.path.rsplit("/", 1)[-1] else article.path
        single = (record is None or len(record.article_ids) <= 1) and article.id in (stem, article.path)
        full = self.root if self.root.is_file() else self.root / article.path
        path = full.with_name(sidecar.sidecar_of(full.name))
        try:
            sidecar.write(path, article.id, single, values)
        except sidecar.SidecarError as error:
            raise UsageError(f"cannot update {path}: {error}") from None
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
        return path

    @_locked
    def annotations(self, article_id: str, analyzer: str | None = None, kind: str | None = None) -> list[Annotation]:
        """What plugins' analyzers found in an article, in body order (read from
        the index; nothing is recomputed)."""
        self._open()
        return self._store.annotations(article_id, analyzer, kind)

    @_locked
    def corpus_results(self, analyzer: str, prefix: str = "") -> list[tuple[str, object, list[str]]]:
        """A corpus analyzer's cached findings: (key, data, article ids), those
        whose key starts with `prefix` (all by default)."""
        self._open()
        return list(self._store.results(analyzer, prefix))

    @_locked
    def analysis_errors(self) -> list[tuple[str, str, str]]:
        """(article id, analyzer, error) for analyses that failed and wait for a retry."""
        self._open()
        return self._store.analysis_errors()

    @_locked
    def change_count(self) -> int:
        """A number that grows each time an index run adds, changes or removes
        articles (or re-analyses them): keep what you derived from the corpus
        until it moves."""
        self._open()
        return self._store.change_serial()

    def notes(self, kind: str):
        """Shared records of `kind` kept with the index (a server's table), or
        None when the backend keeps none and plugins use the user's files."""
        return self.backend.notes(kind)

    def status(self) -> dict:
        """Whether the corpus has an index in its backend, how many articles it
        holds, and what the backend says about it (for `newsdesk backends`)."""
        if not self.has_index():
            return {"index": False, "articles": None}
        with self._lock:
            self._open()
            return {"index": True, "articles": self._store.count(), **self.backend.status()}

    @_locked
    def article_count(self) -> int:
        self._open()
        return self._store.count()

    @_locked
    def close(self) -> None:
        for thing in (self._reader, self._store):
            if thing is not None:
                thing.close()
        self._reader = self._store = None


def fields_record(built: dict[str, str], fields, indexed: bool, rebuilt: bool) -> dict[str, str]:
    """The plugin fields an index's articles all have, after a run: the loaded
    fields; and, unless the run indexed articles without them (or rebuilt
    whoosh), the fields of plugins that were off.  A field dropped here is
    rebuilt when its plugin is back, so articles indexed meanwhile get it."""
    record = {} if indexed or rebuilt else dict(built)
    record.update(fingerprint(fields))
    return record


def article_fields(article: Article, schema_fields: set[str]) -> dict:
    """The whoosh document for an article."""
    fields = {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "author": article.author or "",
        "outlet": article.outlet or "",
        "body": article.body,
        "spell": f"{article.title}\n{article.body}",
        "outlet_facet": (article.outlet or "").encode("utf-8"),
        "author_facet": "\n".join(article.authors).encode("utf-8"),
    }
    if article.date:
        fields["date"] = dt.datetime.combine(article.date, dt.time())
    return {name: value for name, value in fields.items() if name in schema_fields}
