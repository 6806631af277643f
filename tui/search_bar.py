"""The search box: the query as you type it, searched after a short pause.

Each edit restarts a timer; when it fires (or at once on enter) the bar posts
`SearchBar.QueryReady`.  The explorer does the searching, in a worker.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

PLACEHOLDER = 'Search: deepseek AND ban · "hedge fund" · title:openai · date:>=2025-03 · empty: every article'


class SearchBar(Input):
    """An Input that debounces: `QueryReady` comes `debounce` seconds after the
    last keystroke (at once when `debounce` is 0, and on enter)."""

    BINDINGS = [
        Binding("down", "leave", "Results", show=False, id="search.results"),
    ]

    class QueryReady(Message):
        def __init__(self, query: str, submitted: bool) -> None:
            super().__init__()
            self.query = query
            self.submitted = submitted  # enter was pressed: the user wants the results

    def __init__(self, *, debounce: float = 0.2, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=False)
        self.border_title = "Search"
        self.debounce = debounce
        self._timer: Timer | None = None

    def _on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        self._cancel()
        if self.debounce <= 0:
            self.post_message(self.QueryReady(self.value, False))
        else:
            self._timer = self.set_timer(self.debounce, lambda: self.post_message(self.QueryReady(self.value, False)))

    def _on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is not self:
            return
        self._cancel()
        self.post_message(self.QueryReady(self.value, True))

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def action_leave(self) -> None:
        self.screen.focus_next()
