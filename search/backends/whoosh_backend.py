"""The whoosh backend: the built-in default, pure Python, in the corpus's index folder.

Layout of an index folder (`local`): `whoosh/` (the full-text index),
`articles.sqlite` (the article store) and `write.lock`.
"""

from __future__ import annotations

from pathlib import Path

from whoosh import index as windex
from whoosh.index import EmptyIndexError, LockError
from whoosh.qparser import QueryParser
from whoosh.spelling import Corrector

from ..errors import IndexUnavailable
from ..facets import count_facets
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
        return windex.create_in(str(where), schema)

    def complete(self, where: Path) -> bool:
        return windex.exists_in(str(where))

    def open_index(self):
        try:
            return windex.open_dir(str(self.live_dir))
        except LockError:
            raise IndexUnavailable(f"the whoosh index in {self.live_dir} is locked") from None

    def open_reader(self) -> "WhooshReader":
        try:
            return WhooshReader(windex.open_dir(str(self.live_dir)))
        except (EmptyIndexError, OSError) as error:
            raise IndexUnavailable(f"cannot open the index in {self.index_dir}: {error}") from None


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
