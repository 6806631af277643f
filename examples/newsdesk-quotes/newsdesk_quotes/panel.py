"""The Quotes panel of newsdesk's explorer (toggle it with `u`).

It lists the quotations of the article being read; `t` switches to those of
the top results of the current search and back.  Enter on a quotation adds
`speaker:"..."` to the query (or opens the article at the quotation when the
speaker is unknown); `o` opens the article at the quotation.  The only module of the plugin that imports Textual:
newsdesk loads it when the explorer opens, never for the command line.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from newsdesk.plugins import ExportTable
from newsdesk.plugins.panels import Panel
from newsdesk.search.text import display_line

from .analyzer import KIND

TOP_HITS = 5  # after a search, the quotations of this many results are shown
TEXT_WIDTH = 160


class QuotesPanel(Panel):
    DEFAULT_CSS = """
    QuotesPanel > OptionList { height: 1fr; border: none; }
    QuotesPanel > .quotes--status { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("o", "open_quote", "Open at quote", show=False),
        Binding("t", "switch_scope", "Article / top results", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.scope = ""  # what the list shows: "article ID" or "top N results of QUERY"
        self.mode = "article"  # or "results"; `t` switches
        self._article: tuple[str, str] | None = None
        self._results: tuple[list[tuple[str, str]], str] | None = None

    def compose(self):
        yield Static(Text("no article yet"), classes="quotes--status")
        yield OptionList()

    # -- what the explorer tells us ---------------------------------------------------
    def on_article_selected(self, message) -> None:
        self._article = (message.article.id, message.article.title)
        if self.mode == "article":
            self.refresh_list()

    def on_query_changed(self, message) -> None:
        if message.results is None:
            return
        hits = [(hit.id, hit.title) for hit in message.results.hits[:TOP_HITS]]
        self._results = (hits, f"top {len(hits)} results" + (f" of {message.query}" if message.query else ""))
        if self.mode == "results" or self._article is None:
            self.refresh_list()

    def refresh_list(self) -> None:
        if self.mode == "article" and self._article is not None:
            self.load([self._article], f"article {self._article[0]}")
        elif self._results is not None:
            self.load(*self._results)

    @work(thread=True, exclusive=True, group="quotes")
    def load(self, articles: list[tuple[str, str]], scope: str) -> None:
        rows = []
        for article_id, title in articles:
            for quote in self.corpus.annotations(article_id, kind=KIND):
                rows.append({"article": article_id, "title": title, "speaker": quote.label,
                             "verb": quote.data.get("verb", ""), "text": quote.data.get("text", ""),
                             "source": quote.data.get("source", ""), "start": quote.start})
        self.app.call_from_thread(self.show, rows, scope)

    def show(self, rows: list[dict], scope: str) -> None:
        self.rows, self.scope = rows, scope
        count = f"{len(rows)} quotation{'s' if len(rows) != 1 else ''}" if rows else "no quotations"
        self.query_one(".quotes--status", Static).update(Text(display_line(f"{count} in the {scope}")))
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(self.line(row)) for row in rows])

    @staticmethod
    def line(row: dict) -> Text:
        """One quotation, as inert text (never markup)."""
        line = Text(display_line(row["speaker"] or "?"), style="bold")
        line.append(" " + display_line(row["text"])[:TEXT_WIDTH])
        return line

    # -- what the user does -----------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.rows[event.option_index]
        if row["speaker"]:
            self.add_to_query(f'speaker:"{row["speaker"].replace(chr(34), " ")}"')
        else:
            self.open_article(row["article"], row["start"])

    def action_switch_scope(self) -> None:
        self.mode = "results" if self.mode == "article" else "article"
        self.refresh_list()

    def action_open_quote(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and index < len(self.rows):
            self.open_article(self.rows[index]["article"], self.rows[index]["start"])

    def export_table(self) -> ExportTable | None:
        if not self.rows:
            return None
        return ExportTable(kind="quotes", columns=["article", "speaker", "verb", "text", "title"],
                           rows=[dict(row) for row in self.rows], meta={"scope": self.scope},
                           title=f"Quotes: {self.scope}")
