"""Search results as the engine returns them: plain data, ready for any interface."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Snippet:
    """A short passage of the body with the spans that matched the query."""

    text: str = ""
    matches: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Hit:
    id: str
    title: str
    path: str
    score: float | None  # relevance; None when sorted by date (whoosh scores by the sort key then)
    date: dt.date | None = None
    author: str | None = None
    outlet: str | None = None
    snippet: Snippet = field(default_factory=Snippet)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "path": self.path,
            "score": None if self.score is None else round(self.score, 4),
            "author": self.author,
            "outlet": self.outlet,
            "snippet": self.snippet.text,
            "snippet_matches": [list(span) for span in self.snippet.matches],
        }


@dataclass
class SearchResults:
    query: str
    total: int
    hits: list[Hit]
    sort: str = "relevance"
    suggestion: str | None = None  # "did you mean", when nothing was found
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "sort": self.sort,
            "suggestion": self.suggestion,
            "hits": [hit.to_dict() for hit in self.hits],
        }
