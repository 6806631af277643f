"""The explorer screen: search box, status line, results, reader, plugin panels.

It owns the current query, results and article, runs every engine call in a
thread worker (a keystroke never waits for the index; a newer search cancels
an older one), builds the index first when the corpus has none, loads more
results as the list is scrolled to its end, and tells the panel column what
changed.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.worker import get_current_worker

from newsdesk.plugins.panels import OpenArticle, RefineQuery
from newsdesk.plugins.specs import ExportTable, PanelSpec
from newsdesk.search import Article, NewsdeskError, QuerySyntaxError, SearchResults
from newsdesk.search.errors import PLUGIN_FAILURES, describe
from newsdesk.search.text import display_line

from .panel_host import PanelColumn, PanelFrame
from .reader import ArticleReader
from .results import ResultsList
from .search_bar import SearchBar
from .status import StatusLine

# Hits per page: the list asks for the next page at its end.  Each hit costs a
# highlighted snippet: 50 is a few screens, and 4x faster than 200 on Reuters.
SEARCH_LIMIT = 50
PREVIEW_AFTER = 0.3  # seconds of no typing before the first hit is shown in the reader
LOADING_AFTER = 0.15  # seconds a search may take before a loading indicator shows
NARROW_WIDTH = 110  # columns below which the layout tightens (see app.tcss, .-narrow)


class IndexProgress(Message):
    """Posted from the engine thread while the index is built."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class ExplorerScreen(Screen):
    """The main screen.  Panel keys are added as bindings by `NewsdeskApp`."""

    SHOW_TIMINGS = True  # the status line's "12 ms" (snapshot tests turn it off)

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="explorer.search"),
        Binding("escape", "back", "Back", id="explorer.back"),
        Binding("q", "app.quit", "Quit", id="explorer.quit"),
        Binding("f1,question_mark", "help", "Help", id="explorer.help"),
        Binding("f", "filters", "Filters", id="explorer.filters"),
        Binding("c", "copy_citation", "Cite", id="explorer.copy_citation"),
    ]

    def __init__(self, corpus: Any, specs: list[PanelSpec], panel_keys: dict[str, str],
                 debounce: float = 0.15, history: Any = None) -> None:
        super().__init__()
        self.corpus = corpus
        self.specs = specs
        self.panel_keys = panel_keys
        self.debounce = debounce
        self.history = history
        self.limit = SEARCH_LIMIT  # hits asked for: grows a page at a time
        self.current_query: str = ""
        self.results: SearchResults | None = None
        self.article: Article | None = None
        self.index_ready = False  # the index can be searched
        self._requested: str | None = None  # the query last sent to a search worker
        self._spinner = None  # the timer that shows the loading indicator
        self._preview_timer = None  # the timer that previews the first hit after typing
        self._panels_timer = None  # the timer that tells the panels of results after typing

    def compose(self):
        yield SearchBar(debounce=self.debounce, history=self.history, busy=self.searching, id="search")
        yield StatusLine(id="status")
        with Horizontal(id="main"):
            yield ResultsList(id="results")
            yield ArticleReader(id="reader")
            hidden = self.app.ui_state.get("panels_hidden", []) if getattr(self.app, "ui_state", None) else []
            yield PanelColumn(self.specs, self.corpus, self.panel_keys, id="panels",
                              hidden=set(hidden) if isinstance(hidden, list) else set())
        yield Footer()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def on_descendant_focus(self, event) -> None:
        # On a narrow screen the reader takes the results' place while it has focus.
        self.set_class(isinstance(self.focused, ArticleReader), "-reading")

    def on_mount(self) -> None:
        self.query_one(SearchBar).focus()
        self.status.say("Opening the index…")
        self.prepare_index()

    # -- parts -----------------------------------------------------------------
    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def panels(self) -> PanelColumn:
        return self.query_one(PanelColumn)

    def panel_frames(self) -> list[PanelFrame]:
        return self.panels.frames

    def panel_tables(self) -> list[tuple[PanelFrame, ExportTable]]:
        """(frame, table) for shown, working panels that have something to export."""
        tables = []
        for frame in self.panel_frames():
            if frame.display and frame.alive:
                try:
                    table = frame.panel.export_table()
                except PLUGIN_FAILURES as error:
                    frame.panel.fail(error)
                    continue
                if table is not None:
                    tables.append((frame, table))
        return tables

    # -- the index ---------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index")
    def prepare_index(self) -> None:
        """Build or refresh the index when it is missing or plugins need more."""
        corpus = self.corpus
        try:
            if not corpus.has_index() or corpus.needs_update():
                self.app.call_from_thread(self.status.say, "Indexing the corpus…")
                report = corpus.update(progress=lambda done, total: self.post_message(IndexProgress(done, total)))
                for plugin, problem in getattr(report, "problems", []):
                    self.app.host.report_once(plugin, problem)  # a notification naming the plugin
                self.app.call_from_thread(self._index_ready, index_summary(report), None)
            else:
                self.app.call_from_thread(self._index_ready, None, None)
        except NewsdeskError as error:
            self.app.call_from_thread(self._index_ready, None, str(error))

    def on_index_progress(self, message: IndexProgress) -> None:
        self.status.progress(message.done, message.total)

    def _index_ready(self, summary: str | None, error: str | None) -> None:
        self.status.progress_done()
        if error is not None:
            self.status.say(f"Index: {display_line(error)}", "error")
            try:
                usable = self.corpus.has_index()
            except Exception:
                usable = False
            if not usable:
                return
        self.index_ready = True
        if summary:
            self.notify(display_line(summary), title="Index updated", markup=False)
        self.search(self.query_one(SearchBar).value)

    # -- searching -------------------------------------------------------------
    @on(SearchBar.QueryReady)
    def _query_ready(self, message: SearchBar.QueryReady) -> None:
        shown = self.results is not None and message.query == self.current_query == self._requested
        if message.query != self._requested or (message.submitted and not shown):
            self.search(message.query)
        if message.submitted and self.query_one(ResultsList).option_count:
            self.query_one(ResultsList).focus()

    def search(self, query: str, limit: int | None = None) -> None:
        """Search for `query` in a worker ("" lists every article, newest first)."""
        limit = limit or SEARCH_LIMIT
        self._requested = query
        self.limit = limit
        if self.index_ready:
            self._search_worker(query, limit)
            # A search that takes a while shows a spinner over the results.
            if self._spinner is not None:
                self._spinner.stop()
            self._spinner = self.set_timer(LOADING_AFTER, self._show_loading)

    def _show_loading(self) -> None:
        self._spinner = None
        self.query_one(ResultsList).loading = True

    def _hide_loading(self) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        self.query_one(ResultsList).loading = False

    def searching(self) -> bool:
        """Whether a search worker is running."""
        return any(not worker.is_finished for worker in self.workers if worker.group == "search" and worker.node is self)

    def _defer_preview(self, article_id: str) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(max(PREVIEW_AFTER, 2 * self.debounce),
                                             lambda: self._preview_now(article_id))

    def _tell_panels(self, query: str, results: SearchResults) -> None:
        self._panels_timer = None
        if self.current_query == query:  # still what is shown
            self.panels.query_changed(query, results)

    def _preview_now(self, article_id: str) -> None:
        self._preview_timer = None
        if self.query_one(ResultsList).highlighted_id == article_id:
            self.open_article(article_id)

    def load_more(self) -> None:
        """The next page of the current results (the list reached its end)."""
        results = self.results
        if results is None or len(results.hits) >= results.total or self._requested != self.current_query:
            return
        self.status.say(f"Loading more of {results.total:,} results…")
        self.search(self.current_query, self.limit + SEARCH_LIMIT)

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, query: str, limit: int) -> None:
        text = query.strip()
        results = error = None
        try:
            if text:
                results = self.corpus.search(text, limit=limit)
            else:
                results = self.corpus.search("*", limit=limit, sort="date")
                results.query = ""
        except QuerySyntaxError as exc:
            error = str(exc)
        except NewsdeskError as exc:
            error = str(exc)
        except Exception as exc:  # an engine bug must not take the explorer down
            error = f"search failed: {describe(exc)}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_results, query, results, error)

    def _show_results(self, query: str, results: SearchResults | None, error: str | None) -> None:
        if query != self._requested:
            return  # a newer search is on its way
        self._hide_loading()
        self.current_query = query
        if error is not None:
            self.status.say(display_line(error), "error")
            self.panels.query_changed(query, None)
            return
        more = self.results is not None and self.results.query == results.query and \
            len(results.hits) > len(self.results.hits)
        self.results = results
        backend = getattr(getattr(self.corpus, "backend", None), "name", "whoosh")
        self.status.say(summary(results, self.SHOW_TIMINGS, backend=backend if backend != "whoosh" else None))
        listing = self.query_one(ResultsList)
        if more:
            listing.extend_results(results)  # a next page: keep the cursor where it is
            return
        listing.show_results(results)
        if not results.hits:
            self.show_article(None)
        if self._panels_timer is not None:
            self._panels_timer.stop()
            self._panels_timer = None
        if isinstance(self.focused, SearchBar) and self.debounce > 0:
            # While typing, panels hear of the results once the typing pauses,
            # as the reader does: each keystroke's frame stays small.
            self._panels_timer = self.set_timer(max(PREVIEW_AFTER, 2 * self.debounce),
                                                lambda: self._tell_panels(query, results))
        else:
            self.panels.query_changed(query, results)

    def set_query(self, text: str) -> None:
        """Put `text` in the search box and search for it now."""
        bar = self.query_one(SearchBar)
        bar.value = text
        bar.cursor_position = len(bar.value)
        self.search(bar.value)  # as the box shows it (made safe to show)

    # -- articles --------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#results")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            if isinstance(self.focused, SearchBar) and self.debounce > 0:
                # While typing, the first hit is previewed once the typing
                # pauses: each keystroke's frame stays small.
                self._defer_preview(event.option.id)
            else:
                self.open_article(event.option.id)
        listing = self.query_one(ResultsList)
        if listing.highlighted is not None and listing.highlighted >= listing.option_count - 1:
            self.load_more()

    @on(OptionList.OptionSelected, "#results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if self.article is not None and self.article.id == event.option.id:
            self.query_one(ArticleReader).focus()
        elif event.option.id is not None:
            self.open_article(event.option.id, focus=True)

    def open_article(self, article_id: str, offset: int | None = None, focus: bool = False) -> None:
        """Load an article in a worker and show it in the reader."""
        self._article_worker(article_id, offset, focus)

    @work(thread=True, exclusive=True, group="article")
    def _article_worker(self, article_id: str, offset: int | None, focus: bool) -> None:
        try:
            article = self.corpus.article(article_id)
            annotations = self.corpus.annotations(article_id)
        except NewsdeskError as error:
            self.app.call_from_thread(self.status.say, display_line(str(error)), "warning")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_article, article, offset, focus, annotations)

    def show_article(self, article: Article | None, offset: int | None = None, focus: bool = False,
                     annotations: list | None = None) -> None:
        self.article = article
        reader = self.query_one(ArticleReader)
        reader.show(article, self.current_query, offset, annotations)
        if focus:
            reader.focus()
            self.query_one(SearchBar).remember()  # a query that led somewhere is worth keeping
        if article is not None:
            self.panels.article_selected(article)

    # -- what panels ask for ---------------------------------------------------
    def on_refine_query(self, message: RefineQuery) -> None:
        message.stop()
        addition = str(message.text).strip()
        if addition:
            self.add_to_query(addition)

    def on_open_article(self, message: OpenArticle) -> None:
        message.stop()
        self.open_article(str(message.article_id), message.offset, focus=True)

    # -- actions ---------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one(SearchBar).focus()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, ArticleReader) or (focused is not None and self.panels in focused.ancestors):
            self.query_one(ResultsList).focus()
        elif isinstance(focused, ResultsList):
            self.query_one(SearchBar).focus()
        else:
            self.query_one(ResultsList).focus()

    def action_toggle_panel(self, panel_id: str) -> None:
        shown = self.panels.toggle(panel_id)
        if shown is False and self.focused is not None and self.panels in self.focused.ancestors:
            self.query_one(ResultsList).focus()
        if shown is not None:
            self.app.remember_panels(self.panels.hidden())

    def action_help(self) -> None:
        from .help import HelpScreen, binding_rows

        self.app.push_screen(HelpScreen(binding_rows(self.app, self)))

    def action_filters(self) -> None:
        from .filters import FilterScreen

        def chosen(clause: str | None) -> None:
            if clause:
                self.add_to_query(clause)

        self.app.push_screen(FilterScreen(self.corpus, self.current_query), chosen)

    def add_to_query(self, clause: str) -> None:
        """AND `clause` onto the query in the box (shown, so the syntax is learnt)."""
        current = self.query_one(SearchBar).value.strip()
        if clause in current:
            return
        if not current:
            self.set_query(clause)
        elif " OR " in current:
            self.set_query(f"({current}) {clause}")
        else:
            self.set_query(f"{current} {clause}")

    def action_copy_citation(self) -> None:
        article = self.article
        if article is None:
            self.notify("Open an article first.", severity="warning")
            return
        text = citation(article)
        self.app.copy_to_clipboard(text)
        self.notify(display_line(text), title="Citation copied", markup=False)


def citation(article: Article) -> str:
    """"Title." Outlet, Author, 2025-03-13. path  (control characters removed)."""
    parts = [f"\"{display_line(article.title) or article.id}.\""]
    source = ", ".join(display_line(p) for p in (article.outlet, article.author) if p)
    date = article.date.isoformat() if article.date else "undated"
    parts.append(f"{source}, {date}." if source else f"{date}.")
    parts.append(display_line(article.path))
    return " ".join(parts)


def index_summary(report) -> str | None:
    """What an index run did, in one line ("5 added, ..."), with skipped files."""
    if report is None:
        return None
    line = report.summary() if hasattr(report, "summary") else ""
    skipped = len(getattr(report, "skipped", []) or [])
    if skipped:
        line += f"; {skipped} file{'s' if skipped != 1 else ''} could not be read (newsdesk index lists them)"
    return line


def summary(results: SearchResults, timings: bool = True, backend: str | None = None) -> Text:
    """The status line for a search: how many, how fast (and where, on a
    backend other than whoosh), or a "did you mean"."""
    if not results.query:
        return Text(f"{results.total} articles, newest first")
    if results.total == 0:
        line = Text(f"No results for {display_line(results.query)}")
        if results.suggestion:
            line.append(" · did you mean ")
            line.append(display_line(results.suggestion), style="bold")
        return line
    shown = len(results.hits)
    count = f"{results.total} results" if shown == results.total else f"{shown} of {results.total} results"
    line = f"{count} · {results.seconds * 1000:.0f} ms" if timings else count
    return Text(f"{line} · {backend}" if backend else line)
