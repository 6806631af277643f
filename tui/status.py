"""The status line under the search box: what the last search found, query
errors, "did you mean", and the progress bar while the index is built."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


class StatusLine(Horizontal):
    """One line of text, with a progress bar that shows only while indexing."""

    def compose(self):
        yield Static("", id="status-text")
        yield ProgressBar(total=None, show_eta=False, id="status-progress")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    def say(self, text: str | Text, severity: str = "information") -> None:
        """Show `text` (a plain string is never read as markup)."""
        label = self.query_one("#status-text", Static)
        label.update(text if isinstance(text, Text) else Text(text))
        label.set_class(severity == "error", "-error")
        label.set_class(severity == "warning", "-warning")

    def progress(self, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(total, 1), progress=done)

    def progress_done(self) -> None:
        self.query_one(ProgressBar).display = False
