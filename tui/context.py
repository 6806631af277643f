"""What palette commands see of the running explorer: `newsdesk.plugins.specs.AppContext`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import NewsdeskApp


class ExplorerContext:
    """The `AppContext` handed to `PaletteCommand.run`: the corpus, the current
    query, results and article, and four actions.  Plugin messages are shown
    as plain text (never markup)."""

    def __init__(self, app: "NewsdeskApp") -> None:
        self._app = app

    @property
    def corpus(self) -> Any:
        return self._app.corpus

    @property
    def query(self) -> str:
        return self._app.explorer.current_query

    @property
    def results(self) -> Any:
        return self._app.explorer.results

    @property
    def article(self) -> Any:
        return self._app.explorer.article

    def set_query(self, text: str) -> None:
        self._app.explorer.set_query(text)

    def open_article(self, article_id: str, offset: int | None = None) -> None:
        self._app.explorer.open_article(article_id, offset=offset, focus=True)

    def notify(self, message: str, severity: str = "information") -> None:
        self._app.notify(str(message), severity=severity, markup=False)

    def copy_to_clipboard(self, text: str) -> None:
        """Copy `text` to the system clipboard (OSC 52, through the terminal);
        control characters are removed first."""
        from newsdesk.search.text import display_text

        self._app.copy_to_clipboard(display_text(str(text)))
