"""The results list: one option per hit (title; date, outlet, score; snippet).

It holds a page of hits at a time (the explorer asks for the next page when
the cursor nears the end), so 20,000 matches never become 20,000 widgets.

Hits hold untrusted article text, so every line is a `rich.text.Text` built
from `display_line`-cleaned strings, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsdesk.search import Hit, SearchResults
from newsdesk.search.text import display_line

from .highlight import highlight_spans


def hit_prompt(hit: Hit) -> Text:
    """Three lines for one hit: title, metadata, snippet with its matches marked."""
    title = Text(display_line(hit.title) or hit.id, style="bold")
    meta = [hit.date.isoformat() if hit.date else "undated"]
    if hit.outlet:
        meta.append(display_line(hit.outlet))
    if hit.author:
        meta.append(display_line(hit.author))
    if hit.score is not None:
        meta.append(f"{hit.score:.2f}")
    details = Text(" · ".join(meta), style="dim")
    raw = hit.snippet.text or ""
    snippet = Text(display_line(raw), style="italic")
    if display_line(raw) == raw:  # offsets are only valid on untouched text
        highlight_spans(snippet, hit.snippet.matches, style="bold underline")
    prompt = Text("\n").join([title, details, snippet])
    prompt.no_wrap = True
    prompt.overflow = "ellipsis"
    return prompt


class ResultsList(OptionList):
    """Search hits; the option ids are article ids."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
        Binding("g", "first", "First", show=False, id="results.first"),
        Binding("G", "last", "Last", show=False, id="results.last"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Results"
        self.results: SearchResults | None = None

    def show_results(self, results: SearchResults | None) -> None:
        """Replace the options with `results` (None: empty) and highlight the first."""
        self.results = results
        self.clear_options()
        hits = results.hits if results is not None else []
        self.add_options([Option(hit_prompt(hit), id=hit.id) for hit in hits])
        if hits:
            self.highlighted = 0
        self.border_subtitle = f"{len(hits)} of {results.total}" if results is not None and hits else ""

    def extend_results(self, results: SearchResults) -> None:
        """Append the hits of a longer page of the same results (cursor kept)."""
        known = self.option_count
        self.results = results
        self.add_options([Option(hit_prompt(hit), id=hit.id) for hit in results.hits[known:]])
        self.border_subtitle = f"{len(results.hits)} of {results.total}"

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        return self.get_option_at_index(self.highlighted).id
