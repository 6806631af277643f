"""The search box: the query as you type it, searched as you go, with history.

A keystroke searches at once when no search is running (`busy()` says so);
keystrokes that arrive while one runs restart a short timer, and the latest
query is searched when it fires (or at once on enter).  So a fast index
answers every keystroke, and a slow one is not flooded.  Either way the bar
only posts `SearchBar.QueryReady`: the explorer does the searching, in a
worker, so typing never waits for the index.

Up and down walk the search history (kept across runs by the app); down on
the newest entry moves on to the results.
"""

from __future__ import annotations

from typing import Callable, Protocol

from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from newsdesk.search.text import display_input

PLACEHOLDER = 'Search: deepseek AND ban · "hedge fund" · title:openai · date:>=2025-03 · empty: every article'


class History(Protocol):
    """What the bar needs of a search history: entries oldest first, and add()."""

    entries: list[str]

    def add(self, query: str) -> None: ...


class MemoryHistory:
    """A history that lives as long as the app (tests, or no data directory)."""

    def __init__(self, entries: list[str] | None = None) -> None:
        self.entries = list(entries or [])

    def add(self, query: str) -> None:
        query = query.strip()
        if query:
            if query in self.entries:
                self.entries.remove(query)
            self.entries.append(query)


class SearchBar(Input):
    """An Input that posts `QueryReady` as the user types (debounced) and on enter."""

    BINDINGS = [
        Binding("up", "history_back", "Older query", show=False, id="search.history_back"),
        Binding("down", "history_forward", "Newer query / results", show=False, id="search.history_forward"),
    ]

    class QueryReady(Message):
        def __init__(self, query: str, submitted: bool) -> None:
            super().__init__()
            self.query = query
            self.submitted = submitted  # enter was pressed: the user wants the results

    def __init__(self, *, debounce: float = 0.15, history: History | None = None,
                 busy: Callable[[], bool] = lambda: False, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=False)
        self.border_title = "Search"
        self.debounce = debounce
        self.history: History = history if history is not None else MemoryHistory()
        self.busy = busy  # whether a search is running
        self._timer: Timer | None = None
        self._browsing: int | None = None  # index into history.entries while walking it
        self._draft = ""  # what was typed before walking the history

    def validate_value(self, value: str) -> str:
        # A query pasted, recalled or built from article text (an entity's
        # name) must not carry escape sequences or invisible characters.
        return display_input(value)

    # -- typing -----------------------------------------------------------------
    def _on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        self._cancel()
        if self.debounce <= 0 or not self.busy():
            self._send(False)  # the engine is free: search now
        else:
            self._timer = self.set_timer(self.debounce, lambda: self._send(False))

    def _on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is not self:
            return
        self._cancel()
        self._browsing = None
        self.remember()
        self._send(True)

    def _send(self, submitted: bool) -> None:
        self._timer = None
        self.post_message(self.QueryReady(self.value, submitted))

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def remember(self) -> None:
        """Add the current query to the history, saved in a worker (a save is
        a small write, an fsync and maybe a wait for another newsdesk's lock)."""
        if not self.value.strip():
            return
        self.history.add(self.value)
        if callable(getattr(self.history, "save", None)) and not getattr(self.history, "autosave", True):
            self.run_worker(self._save_history, thread=True, group="history")

    def _save_history(self) -> None:
        try:
            self.history.save()
        except Exception as error:  # a full disk must not take the explorer down
            self.app.call_from_thread(self.app.notify, f"Search history not saved: {error}",
                                      severity="warning", markup=False)

    # -- history ----------------------------------------------------------------
    def action_history_back(self) -> None:
        entries = self.history.entries
        if not entries:
            return
        if self._browsing is None:
            self._draft = self.value
            position = len(entries)
            # Skip the newest entry when it is what the box already holds.
            if entries[-1] == self.value and len(entries) > 1:
                position -= 1
        else:
            position = self._browsing
        if position == 0:
            return
        self._browsing = position - 1
        self._show(entries[self._browsing])

    def action_history_forward(self) -> None:
        entries = self.history.entries
        if self._browsing is None:
            self.screen.focus_next()
            return
        if self._browsing + 1 < len(entries):
            self._browsing += 1
            self._show(entries[self._browsing])
        else:
            self._browsing = None
            self._show(self._draft)

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)

    def on_key(self, event) -> None:
        # Any edit ends a walk through the history: the edited text is the draft.
        if event.key not in ("up", "down") and self._browsing is not None and event.is_printable:
            self._browsing = None
