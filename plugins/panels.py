"""The base class of TUI panels, and the messages panels and the explorer exchange.

A panel is a Textual widget that a plugin adds to newsdesk's explorer (register
it with the `register_panels` hook; see `newsdesk.plugins.hookspecs`).  The
explorer shows it in its panel column under a border titled `spec.title`,
toggles it with `spec.key`, and sends it these messages, according to the
spec's `reacts_to`:

- `QueryChanged(query, results)`  ("query"): the user searched; `results` is the
  `newsdesk.search.SearchResults` shown (None when the query was refused).
- `ArticleSelected(article)`  ("article"): the user is looking at an article
  (a `newsdesk.search.Article`, body and offsets included).

A panel talks back with two messages, which bubble up to the explorer (the
helper methods post them for you):

- `RefineQuery(text)`: add `text` (a word, a phrase, `entity:"DeepSeek"`) to
  the query in the search box, and search.
- `OpenArticle(article_id, offset=None)`: open an article in the reader,
  scrolled to the character `offset` of its body.

A complete panel:

    from textual import work
    from textual.widgets import OptionList
    from newsdesk.plugins.panels import Panel

    class QuotesPanel(Panel):
        def compose(self):
            yield OptionList()

        def on_article_selected(self, message):
            self.load(message.article.id)

        @work(thread=True, exclusive=True)
        def load(self, article_id):
            quotes = self.corpus.annotations(article_id, kind="quote")
            self.app.call_from_thread(self.show, quotes)

        def show(self, quotes):
            options = self.query_one(OptionList)
            options.clear_options()
            options.add_options([Text(q.label) for q in quotes])   # never markup

Rules of the house:

- **Article text is untrusted.**  Render it as `rich.text.Text` objects (or pass
  `markup=False`), never as markup strings, and pass it through
  `newsdesk.search.text.display_line` / `display_text` first.
- **Never block the UI thread.**  Anything slower than a few milliseconds goes
  in a thread worker (`@work(thread=True, exclusive=True)`), which hands its
  result back with `self.app.call_from_thread(...)`.  `self.corpus` may be
  called from any thread: newsdesk runs every call into the engine on one
  engine thread, one at a time.
- **Errors are contained.**  If the panel raises in `compose`, in a message or
  event handler (`on_mount`, `on_query_changed`...), in a timer set with
  `set_timer`/`set_interval`, in `render`, or in a worker started with
  `@work`/`run_worker`, the panel is replaced by a line saying what failed,
  naming the panel and its plugin; the rest of the explorer carries on.
  Errors raised by a child widget's own handlers are not caught: keep your
  logic in the panel's handlers (child messages bubble up to them).
- `export_table()` may return a `newsdesk.plugins.ExportTable` of what the
  panel shows; the command palette then offers to export it in every format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from newsdesk.search.errors import PLUGIN_FAILURES, describe
from newsdesk.search.text import display_line

from .specs import ExportTable

if TYPE_CHECKING:
    from newsdesk.search import Article, SearchResults

    from .specs import PanelSpec

__all__ = ["ArticleSelected", "OpenArticle", "Panel", "PanelFailed", "QueryChanged", "RefineQuery"]


# -- from the explorer to panels (they do not bubble) -----------------------
class QueryChanged(Message, bubble=False):
    """The user ran a search.  `results` is None when the query was refused
    (a syntax error) or the index is not ready; `query` is what the search box
    holds ("" when browsing every article)."""

    def __init__(self, query: str, results: "SearchResults | None") -> None:
        super().__init__()
        self.query = query
        self.results = results


class ArticleSelected(Message, bubble=False):
    """The user is looking at `article` (a `newsdesk.search.Article`)."""

    def __init__(self, article: "Article") -> None:
        super().__init__()
        self.article = article


# -- from panels to the explorer (they bubble up to the app) ----------------
class RefineQuery(Message):
    """Ask the explorer to add `text` to the query (ANDed with what is there)
    and search again.  `text` is query syntax: quote phrases yourself, e.g.
    `entity:"DeepSeek"`."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class OpenArticle(Message):
    """Ask the explorer to open an article, optionally scrolled to the character
    `offset` of its body."""

    def __init__(self, article_id: str, offset: int | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.offset = offset


class PanelFailed(Message):
    """Posted (bubbling) by a panel that raised; it has already replaced its
    content with the error.  The explorer stops sending it messages."""

    def __init__(self, panel: "Panel", error: BaseException, text: str) -> None:
        super().__init__()
        self.panel = panel
        self.error = error
        self.text = text


class Panel(Widget):
    """Base class of plugin panels.

    Subclass it, compose your widgets, and handle `on_query_changed(message)`
    and/or `on_article_selected(message)`.  Before the panel is mounted the
    explorer sets:

    - `self.corpus`: the open corpus (`newsdesk.search.Corpus` API: `search`,
      `article`, `annotations`, `corpus_results`, `fields`...);
    - `self.spec`: the `PanelSpec` it was registered with (`self.plugin` is
      `spec.plugin`, the plugin's name).

    The explorer constructs the panel with no arguments; give any parameters of
    your own `__init__` defaults.
    """

    DEFAULT_CSS = """
    Panel {
        height: 1fr;
    }
    Panel > .panel--error {
        color: $text-error;
        padding: 0 1;
    }
    """

    corpus: Any = None
    spec: "PanelSpec | None" = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "render" in cls.__dict__:
            cls.render = _guarded_render(cls.__dict__["render"])

    # -- for panel authors ---------------------------------------------------
    @property
    def plugin(self) -> str:
        """The name of the plugin that registered this panel ("" outside newsdesk)."""
        return (self.spec.plugin if self.spec is not None else "") or ""

    @property
    def failed(self) -> BaseException | None:
        """The error the panel failed with, or None while it works."""
        return getattr(self, "_panel_error", None)

    def add_to_query(self, text: str) -> None:
        """Add `text` (query syntax, e.g. `entity:"DeepSeek"`) to the search."""
        self.post_message(RefineQuery(text))

    def open_article(self, article_id: str, offset: int | None = None) -> None:
        """Open an article in the reader, scrolled to `offset` in its body."""
        self.post_message(OpenArticle(article_id, offset))

    def export_table(self) -> ExportTable | None:
        """What the panel shows, as a table the exporters can write (default:
        nothing to export).  Called on the UI thread when the palette opens:
        return data you already hold, do not compute here."""
        return None

    # -- containment ---------------------------------------------------------
    def fail(self, error: BaseException) -> None:
        """Replace the panel's content with `error` (called for you when a
        handler raises; call it yourself for an error caught in your own code)."""
        if self.failed is not None:
            return
        self._panel_error = error
        name = self.spec.id if self.spec is not None else type(self).__name__
        where = f" (plugin '{self.plugin}')" if self.plugin else ""
        text = display_line(f"panel '{name}'{where} failed: {describe(error)}")
        try:
            self.remove_children()
            self.mount(Static(Text(text), classes="panel--error"))
        except Exception:  # not mounted (yet): the explorer shows `text` instead
            pass
        self.post_message(PanelFailed(self, error, text))

    async def _dispatch_message(self, message: Message) -> None:
        if self.failed is not None and isinstance(message, (QueryChanged, ArticleSelected)):
            return
        try:
            await super()._dispatch_message(message)
        except PLUGIN_FAILURES as error:
            self.fail(error)

    async def _compose(self) -> None:
        # Widget._compose hands compose() errors to the app, which exits: call
        # compose() here first so an error stays inside the panel.
        from textual.compose import compose

        try:
            widgets = [*self._pending_children, *compose(self)]
        except PLUGIN_FAILURES as error:
            self._pending_children.clear()
            self.fail(error)
            return
        self._pending_children.clear()
        self._extend_compose(widgets)
        try:
            await self.mount_composed_widgets(widgets)
        except PLUGIN_FAILURES as error:
            self.fail(error)

    def run_worker(self, work: Any, *args: Any, exit_on_error: bool = True, **kwargs: Any):
        # A failed worker fails the panel instead of the app (see on_worker_state_changed).
        return super().run_worker(work, *args, exit_on_error=False, **kwargs)

    def _on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.fail(event.worker.error)

    def set_timer(self, delay: float, callback: Any = None, *args: Any, **kwargs: Any):
        return super().set_timer(delay, self._guarded(callback), *args, **kwargs)

    def set_interval(self, interval: float, callback: Any = None, *args: Any, **kwargs: Any):
        return super().set_interval(interval, self._guarded(callback), *args, **kwargs)

    def _guarded(self, callback: Any) -> Any:
        if callback is None:
            return None

        async def guarded() -> None:
            if self.failed is not None:
                return
            try:
                from textual._callback import invoke

                await invoke(callback)
            except PLUGIN_FAILURES as error:
                self.fail(error)

        return guarded


def _guarded_render(render):
    def guarded(self: Panel):
        if self.failed is not None:
            return ""
        try:
            return render(self)
        except PLUGIN_FAILURES as error:
            self.call_later(self.fail, error)
            return ""

    guarded.__doc__ = render.__doc__
    return guarded
