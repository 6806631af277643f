"""The article reader: title, byline, date and outlet, then the body with the
query's words highlighted.

Article text is untrusted: it is cleaned with `display_text`/`display_line`
and shown as `rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from newsdesk.search import Article
from newsdesk.search.text import display_line, display_text

from .highlight import highlight_terms

PLACEHOLDER = "Select a result to read it here.  enter: open · escape: back to the results"


class ArticleReader(VerticalScroll, can_focus=True):
    """Shows one article; scroll it with j/k, arrows, space and page keys."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="reader.down"),
        Binding("k", "scroll_up", "Up", show=False, id="reader.up"),
        Binding("space", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("g", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="reader.bottom"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Article"
        self.article: Article | None = None

    def compose(self):
        yield Static(Text(PLACEHOLDER, style="dim"), id="reader-header")
        yield Static("", id="reader-body")

    def show(self, article: Article | None, query: str = "", offset: int | None = None) -> None:
        """Show `article` (None: the placeholder), marking the words of `query`."""
        self.article = article
        header = self.query_one("#reader-header", Static)
        body = self.query_one("#reader-body", Static)
        if article is None:
            header.update(Text(PLACEHOLDER, style="dim"))
            body.update("")
            self.border_subtitle = ""
            return
        header.update(article_header(article, query))
        body.update(highlight_terms(Text(display_text(article.body)), query))
        self.border_subtitle = display_line(article.id)
        self.scroll_home(animate=False)
        if offset:
            self.call_after_refresh(self.scroll_to_offset, offset)

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the body's character `offset` is near the top."""
        if self.article is None:
            return
        width = max(10, self.scrollable_content_region.width)
        before = Text(display_text(self.article.body[:offset]))
        lines = len(before.wrap(self.app.console, width)) if before.plain else 0
        header = self.query_one("#reader-header", Static).outer_size.height
        self.scroll_to(y=max(0, header + lines - 2), animate=False)


def article_header(article: Article, query: str = "") -> Text:
    title = highlight_terms(Text(display_line(article.title) or article.id, style="bold"), query)
    byline = [display_line(part) for part in (article.author, article.outlet) if part]
    byline.append(article.date.isoformat() if article.date else "undated")
    return Text("\n").join([title, Text(" · ".join(byline), style="dim"), Text("")])
