"""The whoosh backend: the built-in default, pure Python, in the corpus's index folder.

Layout of an index folder (`local`): `whoosh/` (the full-text index),
`articles.sqlite` (the article store) and `write.lock`.

The index and the store are committed one after the other, so a run killed
between the two commits would leave an index ahead of its store.  Each store
commit therefore records the whoosh generation it goes with, and an index
commit keeps the previous generation's files until the store has committed
(`settle`).  Readers open the generation the store names; the next run rolls
an index that got ahead back to it (`tidy`).  Either way searches see one
consistent state: the one before the run or the one after.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, EmptyIndexError, FileIndex, LockError, clean_files
from whoosh.qparser import QueryParser
from whoosh.searching import Searcher
from whoosh.spelling import Corrector
from whoosh.writing import SegmentWriter

from ..errors import IndexUnavailable
from ..facets import count_facets
from ..indexer import GENERATION_KEY
from ..searcher import count_matches, run_search
from .base import BackendReader
from .local import LocalBackend


class WhooshBackend(LocalBackend):
    name = "whoosh"
    summary = "pure-Python index in the index folder (the default)"
    live_name = "whoosh"

    @property
    def whoosh_dir(self) -> Path:
        return self.live_dir

    def create_in(self, where: Path, schema):
        windex.create_in(str(where), schema)
        # Names this index, so a generation recorded for another one (the
        # index a rebuild replaced) is never taken for one of its own.
        (where / IDENTITY_FILE).write_text(secrets.token_hex(8), encoding="ascii")
        return _KeptIndex(FileStorage(str(where)))

    def complete(self, where: Path) -> bool:
        return windex.exists_in(str(where))

    def open_index(self):
        try:
            return _KeptIndex(FileStorage(str(self.live_dir)))
        except LockError:
            raise IndexUnavailable(f"the whoosh index in {self.live_dir} is locked") from None

    # -- generations: the store says which one is whole ------------------------------
    def generation(self, ix) -> str | None:
        return f"{_identity(Path(ix.storage.folder))}:{ix.latest_generation()}"

    def recorded_generation(self) -> int | None:
        """The generation of the live index the store's last commit goes with
        (None: not recorded, or recorded for another index)."""
        try:
            store = self.open_store(readonly=True)
            try:
                value = store.get_meta(GENERATION_KEY) or ""
            finally:
                store.close()
        except Exception:  # no store yet, or one being replaced
            return None
        identity, _, generation = value.rpartition(":")
        if not generation.isdigit() or identity != _identity(self.live_dir):
            return None
        return int(generation)

    def settle(self) -> None:
        """Drop the files of generations before the latest (the store has committed)."""
        storage = FileStorage(str(self.live_dir))
        _keep_only(storage, TOC._latest_generation(storage, INDEX_NAME))

    def tidy(self) -> None:
        super().tidy()
        if not self.live_dir.exists():
            return
        storage = FileStorage(str(self.live_dir))
        recorded = self.recorded_generation()
        if recorded is not None and storage.file_exists(TOC._filename(INDEX_NAME, recorded)):
            _keep_only(storage, recorded)  # a run cut between its two commits: back to the store's state

    def open_reader(self) -> "WhooshReader":
        storage = FileStorage(str(self.live_dir))
        for attempt in range(10):
            # A writer may drop the generation read here before it is opened: read again.
            recorded = self.recorded_generation()
            try:
                if recorded is not None and storage.file_exists(TOC._filename(INDEX_NAME, recorded)):
                    generation = recorded
                else:
                    generation = TOC._latest_generation(storage, INDEX_NAME)
                    if generation < 0:
                        raise EmptyIndexError(f"no whoosh index in {self.live_dir}")
                toc = TOC.read(storage, INDEX_NAME, generation)
                reader = FileIndex._reader(storage, toc.schema, toc.segments, generation)
                return WhooshReader(FileIndex(storage, indexname=INDEX_NAME), toc.schema, Searcher(reader),
                                    generation, self, recorded is not None)
            except (EmptyIndexError, OSError) as error:
                if attempt == 9:
                    raise IndexUnavailable(f"cannot open the index in {self.index_dir}: {error}") from None
        raise AssertionError("unreachable")


INDEX_NAME = "MAIN"  # whoosh's default index name
IDENTITY_FILE = "newsdesk-index-id"


def _identity(where: Path) -> str:
    try:
        return (where / IDENTITY_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""  # an index made before identities: generations alone


def _keep_only(storage, generation: int) -> None:
    """Delete every generation's files but `generation`'s, and the half-written
    tables of contents a killed commit left (only one writer runs at a time)."""
    try:
        segments = TOC.read(storage, INDEX_NAME, generation).segments
    except (OSError, EmptyIndexError):
        return
    clean_files(storage, INDEX_NAME, generation, segments)
    for name in storage.list():
        if _TOC_TEMPORARY.match(name):
            storage.delete_file(name)


_TOC_TEMPORARY = re.compile(rf"^_{INDEX_NAME}_\d+\.toc\.")


class _KeptWriter(SegmentWriter):
    """A whoosh writer that leaves the previous generation's files in place at
    commit (whoosh deletes them at once); `WhooshBackend.settle` drops them."""

    def _commit_toc(self, segments):
        TOC(self.schema, segments, self.generation).write(self.storage, self.indexname)


class _KeptIndex(FileIndex):
    def writer(self, procs=1, **kwargs):
        return _KeptWriter(self, **kwargs)


class WhooshReader(BackendReader):
    def __init__(self, ix, schema, searcher, generation: int, backend: WhooshBackend, by_store: bool):
        self.ix = ix
        self.schema = schema
        self.searcher = searcher
        self.generation = generation
        self.backend = backend
        self.by_store = by_store  # the store names the generation to read

    def up_to_date(self) -> bool:
        if self.by_store:
            return self.backend.recorded_generation() in (None, self.generation)
        return self.ix.latest_generation() == self.generation

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
