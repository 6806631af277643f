"""The shapes an article takes on its way into the index.

A reader turns a file into one or more `SourceArticle`s: the text plus whatever
metadata the format itself states (a JSON `title`, an HTML `<meta>` date).
Ingest (`newsdesk.search.ingest`) turns each into an `Article`: boilerplate
separated from the body, metadata found in the text where the source gave none,
and the character offsets of paragraphs and sentences in `body`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


@dataclass
class SourceArticle:
    """What a reader returns for one article, before any cleaning."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    id: str | None = None
    # Blocks the reader already knows are not content (an HTML <nav>, <footer>).
    boilerplate: list[str] = field(default_factory=list)


@dataclass
class Removed:
    """A piece of the source kept out of the body, and why."""

    text: str
    reason: str


@dataclass
class Article:
    """One article as newsdesk stores and searches it."""

    id: str
    path: str  # relative to the corpus root, with '/' separators
    title: str
    body: str
    authors: list[str] = field(default_factory=list)
    date: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    title_source: str = "text"  # 'source', 'text', 'first-sentence' or 'file-name'
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    boilerplate: list[Removed] = field(default_factory=list)

    @property
    def author(self) -> str | None:
        return ", ".join(self.authors) or None

    def to_dict(self) -> dict:
        """A JSON-ready dictionary (dates as ISO strings, spans as lists)."""
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        data["author"] = self.author
        data["paragraphs"] = [list(span) for span in self.paragraphs]
        data["sentences"] = [list(span) for span in self.sentences]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Article":
        return cls(
            id=data["id"],
            path=data["path"],
            title=data["title"],
            body=data["body"],
            authors=list(data.get("authors") or []),
            date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
            outlet=data.get("outlet"),
            url=data.get("url"),
            title_source=data.get("title_source", "text"),
            paragraphs=[tuple(s) for s in data.get("paragraphs", [])],
            sentences=[tuple(s) for s in data.get("sentences", [])],
            boilerplate=[Removed(**r) for r in data.get("boilerplate", [])],
        )
