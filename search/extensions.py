"""What the engine accepts from outside: annotations, analyzers and index fields.

Plugins (see `newsdesk.plugins.hookspecs`) hand the engine objects of these
shapes; the engine runs them while indexing, stores what they return beside
the articles, and never asks where they came from.

- An `Annotation` marks a span of an article's body (an entity, a time
  expression, a quotation) with a kind, a label and any JSON-ready data.
- An article analyzer turns one article into annotations.  It runs at index
  time, only for new or changed articles (and for all of them again when its
  `version` changes); its annotations are stored, so readers never recompute.
- A corpus analyzer looks across articles (contradictions need this).  It is
  told which articles changed and keeps its findings in a cache the engine
  stores (`CorpusResults`).
- An `IndexField` makes something searchable: `entity:"DeepSeek"`, `year:2025`.
  Its values are computed from an article and its annotations.

Every object may carry a `plugin` attribute (the plugin manager sets it) so
that failures name the plugin responsible.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Protocol, runtime_checkable

from .article import Article
from .readers import ReaderRegistry

FIELD_KINDS = ("keyword", "text", "number", "date")


@dataclass
class Annotation:
    """A span of an article's body, `body[start:end]`, and what it is."""

    kind: str  # what sort of thing: "entity", "timex", "quote"
    start: int
    end: int
    label: str = ""  # the thing itself, normalised: "Liang Wenfeng", "2025-03"
    data: dict[str, Any] = field(default_factory=dict)  # anything else, JSON-ready
    analyzer: str = ""  # filled in by the engine: the analyzer that made it

    def to_dict(self) -> dict:
        return {"analyzer": self.analyzer, "kind": self.kind, "start": self.start, "end": self.end,
                "label": self.label, "data": self.data}

    @classmethod
    def from_dict(cls, data: dict) -> "Annotation":
        return cls(kind=data["kind"], start=data["start"], end=data["end"], label=data.get("label", ""),
                   data=data.get("data") or {}, analyzer=data.get("analyzer", ""))


@runtime_checkable
class ArticleAnalyzer(Protocol):
    """Turns one article into annotations.

    `name` is unique; `version` is any string, and changing it makes every
    article be analysed again.  `analyze(article)` returns an iterable of
    `Annotation`.  An analyzer that works faster on batches (a spaCy pipeline)
    may also define `analyze_batch(articles)`, returning one iterable of
    annotations per article, in order.
    """

    name: str
    version: str

    def analyze(self, article: Article) -> Iterable[Annotation]: ...


@runtime_checkable
class CorpusAnalyzer(Protocol):
    """Looks across articles; keeps its findings in `view.results`.

    `update(view, changed, removed)` is called after each index run in which
    articles were added, changed or removed, or when the analyzer is new or its
    `version` changed (then `changed` holds every article id and the results
    cache starts empty).  `view` is a `CorpusView`.
    """

    name: str
    version: str

    def update(self, view: "CorpusView", changed: set[str], removed: set[str]) -> None: ...


@dataclass
class IndexField:
    """A field a plugin adds to the index.

    kind:
      - "keyword": exact values, several per article (names, tags).  `entity:"Liang Wenfeng"`
        matches the value as a whole, ignoring case, accents and spacing.
      - "text": prose, stemmed like the body (`quote:distillation`).
      - "number": integers (`year:2025`, `year:[2020 TO 2024]`, `year:>2020`).
      - "date": dates (`event_date:2025-03`, ranges as for `date:`).
    values(article, annotations) returns the article's values: strings, ints or
    `datetime.date`s.  `annotations` maps analyzer name -> that analyzer's
    annotations of this article.
    normalise, for keyword fields, maps a value to the form that is indexed and
    searched (the default folds case, accents and spaces).  It is applied to the
    values and to what the user types, so it can make aliases meet: a plugin can
    map "Wenfeng Liang" and "Liang Wenfeng" to the same key.  aliases, for
    keyword fields, names a corpus analyzer holding alias sets (see below), for
    merges that need the whole corpus to see.
    """

    name: str
    kind: str
    values: Callable[[Article, dict[str, list[Annotation]]], Iterable[Any]]
    help: str = ""
    version: str = "1"  # change it when values() changes: every article is indexed again
    normalise: Callable[[str], str] | None = None
    # For keyword fields: the name of a corpus analyzer whose results map
    # "alias:<key>" to {"keys": [every key of the same thing]}.  A query for
    # one key then finds the articles indexed under any of them, so merges
    # found across the corpus (an acronym, a misspelling the user accepted)
    # apply to every search without re-indexing.
    aliases: str | None = None
    plugin: str = ""

    def __post_init__(self):
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"field '{self.name}': kind must be one of {', '.join(FIELD_KINDS)}, not {self.kind!r}")
        if not self.name.isidentifier() or not self.name.islower():
            raise ValueError(f"field name {self.name!r} must be a lower-case identifier")

    def key(self, value: str) -> str:
        """The indexed form of a keyword value.  Commas separate values in the
        index, so they become spaces ("Smith, John" -> "smith john"), before
        and after the plugin's normaliser; runs of spaces become one."""
        text = (self.normalise or fold_keyword)(str(value).replace(",", " "))
        return " ".join(str(text).replace(",", " ").split())


def fold_keyword(value: str) -> str:
    """Case, accents and spacing folded: "Hugging  Face" -> "hugging face"."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def as_date(value) -> dt.datetime | None:
    """A value for a date field as whoosh wants it (a datetime at midnight)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, str):
        try:
            return dt.datetime.combine(dt.date.fromisoformat(value[:10]), dt.time())
        except ValueError:
            return None
    return None


@dataclass
class Extensions:
    """Everything plugins give the engine, in one bundle."""

    readers: ReaderRegistry = field(default_factory=ReaderRegistry)
    analyzers: list = field(default_factory=list)  # ArticleAnalyzer
    corpus_analyzers: list = field(default_factory=list)  # CorpusAnalyzer
    fields: list[IndexField] = field(default_factory=list)
    backends: dict = field(default_factory=dict)  # name -> Backend class (newsdesk.search.backends)


class CorpusView(Protocol):
    """What a corpus analyzer sees (implemented by `newsdesk.search.analysis`)."""

    results: "CorpusResults"

    def article_ids(self) -> list[str]: ...
    def article(self, article_id: str) -> Article | None: ...
    def annotations(self, article_id: str, analyzer: str | None = None,
                    kind: str | None = None) -> list[Annotation]: ...
    def annotations_by_label(self, kind: str, label: str) -> list[tuple[str, Annotation]]: ...
    def results_of(self, analyzer: str, prefix: str = "") -> list[tuple[str, Any, list[str]]]:
        """Another corpus analyzer's results, read-only (those that run before
        this one, in the order plugins registered them, are up to date)."""
        ...


class CorpusResults(Protocol):
    """A corpus analyzer's cache: JSON-ready records under keys, each tied to the
    articles it depends on so that deleting an article can drop them."""

    def put(self, key: str, data: Any, article_ids: Iterable[str] = ()) -> None: ...
    def get(self, key: str) -> Any | None: ...
    def delete(self, key: str) -> None: ...
    def delete_for_articles(self, article_ids: Iterable[str]) -> list[str]: ...
    def items(self, prefix: str = "") -> Iterable[tuple[str, Any, list[str]]]: ...
    def clear(self) -> None: ...
