"""What a search backend is: the place a corpus's full-text index lives.

The engine (`newsdesk.search.corpus`) parses every query with whoosh's query
parser and hands the parsed tree to the backend, so `deepseek AND date:2025`
means the same on each.  Articles are analysed once, by the whoosh schema's
own analyzers, and each backend indexes those terms as they are: the same
query finds the same articles everywhere (ranking may differ).

A backend gives the engine four things:

- an article store (`ArticleStore`, or one with the same methods) holding the
  articles, the file manifest and what plugins found;
- an index to write (`BackendIndex`), with a whoosh-shaped writer: the
  indexer calls `add_document`, `update_document`, `delete_by_term("id", ...)`,
  `commit` and `cancel`, with the whoosh document `corpus.article_fields`
  builds;
- a reader (`BackendReader`) that runs parsed queries, counts facets and
  shapes hits;
- a write lock, so one indexer at a time writes.

Backends are registered by plugins (`register_backends` in the hookspecs);
whoosh is the built-in default.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterator

from whoosh import query as wq
from whoosh.fields import DATETIME, KEYWORD, NUMERIC, TEXT

from ..extensions import IndexField
from ..facets import FacetGroup
from ..results import Hit
from ..schema import BUILTIN_FIELDS, build_schema

Bodies = Callable[[list[str]], dict[str, str]]  # article ids -> body text, for snippets


class BackendWriter:
    """Writes whoosh documents into a backend (the methods the indexer calls)."""

    def add_document(self, **fields: Any) -> None:
        raise NotImplementedError

    def update_document(self, **fields: Any) -> None:
        """Replace the document with this `id` (or add it)."""
        raise NotImplementedError

    def delete_by_term(self, fieldname: str, text: str) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError


class BackendIndex:
    """An index open for writing."""

    schema: Any  # the whoosh Schema its documents follow

    def writer(self, limitmb: int = 128) -> BackendWriter:
        raise NotImplementedError

    def doc_count_all(self) -> int:
        raise NotImplementedError


class BackendReader:
    """An index open for searching (one per open corpus; used under its lock)."""

    schema: Any  # the whoosh Schema: queries are parsed against it

    def up_to_date(self) -> bool:
        """Whether this reader sees the latest commit."""
        raise NotImplementedError

    def search(self, query: wq.Query, limit: int, sort: str, bodies: Bodies) -> tuple[int, list[Hit]]:
        """The exact number of matches and the top `limit` hits, by relevance
        or newest first (`sort` is "relevance" or "date")."""
        raise NotImplementedError

    def count(self, query: wq.Query) -> int:
        raise NotImplementedError

    def match_ids(self, query: wq.Query) -> set[str]:
        """The ids of every article `query` matches (the conformance tests
        compare these across backends)."""
        raise NotImplementedError

    def facets(self, query: wq.Query | None, names: list[str], kinds: dict, limit: int | None) -> list[FacetGroup]:
        raise NotImplementedError

    def suggest(self, text: str) -> str | None:
        """A respelling of a query that found nothing, from the corpus's own
        words (the engine checks it finds something); none by default."""
        return None

    def close(self) -> None:
        pass


class Notes:
    """Records of one kind (a plugin's, e.g. "contradiction verdicts") kept
    with a shared index, by id; they survive rebuilding the index."""

    where = ""  # for messages

    def records(self) -> list[dict]:
        raise NotImplementedError

    def put(self, record_id: str, record: dict) -> None:
        raise NotImplementedError

    def remove(self, record_id: str) -> None:
        raise NotImplementedError


class Backend:
    """One kind of index.  Instances are cheap: one per open corpus."""

    name = ""
    summary = ""
    extra: str | None = None  # the pip extra that installs what it needs
    plugin = ""  # the plugin that registered it (set by the plugin host)
    # Whether the index lives apart from the corpus folder (a server), so that
    # people can search it from machines that do not have the folder.
    remote = False
    # Exceptions of its storage that mean "the index cannot be used now" (a
    # server gone): the engine reports them as IndexUnavailable, in one line.
    errors: tuple = ()
    # Settings it reads (from `--dsn`, the config's [backends.NAME] table):
    # name -> what it is.
    settings: dict[str, str] = {}

    @classmethod
    def missing(cls) -> str | None:
        """Why this backend cannot be used here (a package not installed), or None."""
        return None

    def __init__(self, index_dir: Path, options: dict[str, Any] | None = None, corpus_root: Path | None = None):
        self.index_dir = index_dir
        self.options = dict(options or {})
        self.corpus_root = corpus_root

    def unconfigured(self) -> str | None:
        """What is missing before this backend can be used (a server's address), or None."""
        return None

    def location(self) -> str:
        """Where the index is, for people (a folder, or a database without its password)."""
        return str(self.index_dir)

    # -- the article store ----------------------------------------------
    def store_exists(self) -> bool:
        raise NotImplementedError

    def open_store(self, readonly: bool = False):
        raise NotImplementedError

    def write_lock(self) -> ContextManager:
        """Held while indexing: a second writer fails at once with IndexLocked."""
        return contextlib.nullcontext()

    def prepare(self) -> None:
        """Make sure the index can be written (create folders, check access)."""

    # -- the index ------------------------------------------------------
    def index_exists(self) -> bool:
        raise NotImplementedError

    def reset(self, schema) -> None:
        """Drop the index and the store, and create an empty index with `schema`."""
        raise NotImplementedError

    def open_index(self) -> BackendIndex:
        raise NotImplementedError

    def create_staging(self, schema) -> BackendIndex:
        """An empty index with new fields, built beside the live one (which
        keeps answering); `swap_in_staging` puts it in place once complete."""
        raise NotImplementedError

    def swap_in_staging(self) -> None:
        raise NotImplementedError

    def tidy(self) -> None:
        """Clean up after a run that stopped during a rebuild."""

    def generation(self, index) -> str | None:
        """A name for what `index` holds after a commit, which the store records
        in its own next commit (see `WhooshBackend`); None: not tracked."""
        return None

    def settle(self) -> None:
        """Called once the store has committed after the index (drop what an
        interrupted run would have needed to go back)."""

    def out_of_step(self) -> bool:
        """Whether the index holds a commit its store never recorded (a run
        cut between the two commits) and cannot go back: the next run then
        rebuilds it from the store."""
        return False

    def after_update(self, report) -> None:
        """Called once an index run has committed (upkeep: statistics, vacuum)."""

    def open_reader(self) -> BackendReader:
        raise NotImplementedError

    def notes(self, kind: str) -> "Notes | None":
        """A table of records people make about this corpus (verdicts...),
        shared by everyone who opens it, or None where such records stay in
        the user's own files (local backends)."""
        return None

    def status(self) -> dict[str, Any]:
        """What `newsdesk backends` shows about this index (articles, size...)."""
        return {}


def terms_of(query: wq.Query, fieldname: str) -> Iterator[str]:
    """The plain terms a query has on one field (for highlighting)."""
    for name, text in query.iter_all_terms(phrases=True):
        if name == fieldname:
            yield text.decode("utf-8") if isinstance(text, bytes) else text


def describe_fields(schema) -> dict[str, str]:
    """The plugin fields of a whoosh schema, name -> kind (what is saved)."""
    kinds = {}
    for name, fieldobj in schema.items():
        if name in BUILTIN_FIELDS:
            continue
        if isinstance(fieldobj, KEYWORD):
            kinds[name] = "keyword"
        elif isinstance(fieldobj, TEXT):
            kinds[name] = "text"
        elif isinstance(fieldobj, NUMERIC) and not isinstance(fieldobj, DATETIME):
            kinds[name] = "number"
        elif isinstance(fieldobj, DATETIME):
            kinds[name] = "date"
    return kinds


def schema_from(kinds: dict[str, str]):
    """The whoosh schema an index with these plugin fields answers to."""
    return build_schema([IndexField(name, kind, values=lambda article, found: ()) for name, kind in kinds.items()])
