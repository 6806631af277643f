"""The whoosh backend: the built-in default, pure Python, in the corpus's index folder.

Layout of an index folder: `whoosh/` (the full-text index), `articles.sqlite`
(the article store) and `write.lock`.  A rebuild for new plugin fields is
made in `whoosh.new/` and swapped in when complete.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from whoosh import index as windex
from whoosh.index import EmptyIndexError, LockError
from whoosh.qparser import QueryParser
from whoosh.spelling import Corrector

from ..errors import IndexUnavailable
from ..facets import count_facets
from ..indexer import WriteLock
from ..searcher import count_matches, run_search
from ..store import ArticleStore
from .base import Backend, BackendReader


class WhooshBackend(Backend):
    name = "whoosh"
    summary = "pure-Python index in the index folder (the default)"

    @property
    def whoosh_dir(self) -> Path:
        return self.index_dir / "whoosh"

    @property
    def staging_dir(self) -> Path:
        return self.index_dir / "whoosh.new"

    @property
    def store_path(self) -> Path:
        return self.index_dir / "articles.sqlite"

    def prepare(self) -> None:
        prepare_dir(self.index_dir)

    def write_lock(self):
        return WriteLock(self.index_dir)

    def store_exists(self) -> bool:
        return self.store_path.exists()

    def open_store(self, readonly: bool = False) -> ArticleStore:
        return ArticleStore(self.store_path, readonly=readonly)

    def index_exists(self) -> bool:
        return windex.exists_in(str(self.whoosh_dir))

    def reset(self, schema) -> None:
        remove_store(self.store_path)
        self._create(self.whoosh_dir, schema)

    def open_index(self):
        try:
            return windex.open_dir(str(self.whoosh_dir))
        except LockError:
            raise IndexUnavailable(f"the whoosh index in {self.whoosh_dir} is locked") from None

    def create_staging(self, schema):
        return self._create(self.staging_dir, schema)

    @staticmethod
    def _create(where: Path, schema):
        if where.exists():
            shutil.rmtree(where)
        where.mkdir(parents=True)
        return windex.create_in(str(where), schema)

    def swap_in_staging(self) -> None:
        retired = self.index_dir / "whoosh.old"
        if retired.exists():
            shutil.rmtree(retired)
        if self.whoosh_dir.exists():
            self.whoosh_dir.rename(retired)
        self.staging_dir.rename(self.whoosh_dir)
        shutil.rmtree(retired, ignore_errors=True)

    def tidy(self) -> None:
        """A staging index without a live one was complete (it is only moved
        once committed); one beside a live index is an unfinished attempt."""
        if self.staging_dir.exists():
            if not self.whoosh_dir.exists() and windex.exists_in(str(self.staging_dir)):
                self.staging_dir.rename(self.whoosh_dir)
            else:
                shutil.rmtree(self.staging_dir, ignore_errors=True)
        shutil.rmtree(self.index_dir / "whoosh.old", ignore_errors=True)

    def open_reader(self) -> "WhooshReader":
        try:
            return WhooshReader(windex.open_dir(str(self.whoosh_dir)))
        except (EmptyIndexError, OSError) as error:
            raise IndexUnavailable(f"cannot open the index in {self.index_dir}: {error}") from None

    def status(self) -> dict:
        return {"size_bytes": folder_size(self.index_dir)}


class WhooshReader(BackendReader):
    def __init__(self, ix):
        self.ix = ix
        self.schema = ix.schema
        self.searcher = ix.searcher()

    def up_to_date(self) -> bool:
        return self.searcher.up_to_date()

    def search(self, query, limit, sort, bodies):
        return run_search(self.searcher, query, limit, sort, bodies)

    def count(self, query) -> int:
        return count_matches(self.searcher, query)

    def match_ids(self, query) -> set[str]:
        return {self.searcher.stored_fields(doc)["id"] for doc in query.docs(self.searcher)
                if not self.searcher.reader().is_deleted(doc)}

    def facets(self, query, names, kinds, limit):
        return count_facets(self.searcher, query, names, kinds, limit)

    def suggest(self, text: str) -> str | None:
        # Parse against the unstemmed "spell" field, so the words corrected
        # are the ones the user typed, not their stems.
        words = QueryParser("spell", self.schema).parse(text)
        spelling = _ShortWordsCarefully(self.searcher.corrector("spell"))
        typed = [term for term in words.all_terms() if term[0] == "spell"]
        correction = self.searcher.correct_query(words, text, correctors={"spell": spelling}, terms=typed,
                                                 maxdist=2, prefix=1)
        return correction.string or None

    def close(self) -> None:
        self.searcher.close()


class _ShortWordsCarefully(Corrector):
    """Spelling suggestions with an edit budget that grows with the word:
    none under 4 letters, one edit up to 6, two beyond."""

    def __init__(self, inner: Corrector):
        self.inner = inner

    def suggest(self, text, limit=5, maxdist=2, prefix=0):
        if len(text) < 4:
            return []
        return self.inner.suggest(text, limit=limit, maxdist=1 if len(text) <= 6 else maxdist, prefix=prefix)


def prepare_dir(index_dir: Path) -> None:
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IndexUnavailable(f"cannot create the index directory {index_dir}: {error.strerror}") from None
    if not os.access(index_dir, os.W_OK):
        raise IndexUnavailable(f"the index directory is not writable: {index_dir}")


def remove_store(path: Path) -> None:
    path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0
