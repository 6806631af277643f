"""The article reader: title, byline, date and outlet, then the body with the
query's words highlighted; `n`/`N` jump between matches, `a` shows what
plugins found (entities, dates...) inline.

Article text is untrusted: it is made inert with `inert_text` (same length,
so match and annotation offsets stay true) and shown as `rich.text.Text`,
never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from newsdesk.search import Article
from newsdesk.search.text import display_line

from .highlight import ANNOTATION_STYLES, CURRENT_MATCH_STYLE, MATCH_STYLE, inert_text, match_spans

PLACEHOLDER = "Select a result to read it here.  enter: open · escape: back to the results"


class ArticleReader(VerticalScroll, can_focus=True):
    """Shows one article; scroll it with j/k, arrows, space and page keys."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="reader.down"),
        Binding("k", "scroll_up", "Up", show=False, id="reader.up"),
        Binding("space", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("g", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="reader.bottom"),
        Binding("n", "next_match", "Next match", id="reader.next_match"),
        Binding("N", "previous_match", "Previous match", id="reader.previous_match"),
        Binding("a", "toggle_annotations", "Annotations", id="reader.annotations"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Article"
        self.article: Article | None = None
        self.query_text = ""
        self.matches: list[tuple[int, int]] = []  # body offsets of the query's matches
        self.current: int | None = None  # index into matches
        self.annotations: list = []  # newsdesk.search.Annotation, from plugins
        self.show_annotations = False

    def compose(self):
        yield Static(Text(PLACEHOLDER, style="dim"), id="reader-header")
        yield Static("", id="reader-body")

    def show(self, article: Article | None, query: str = "", offset: int | None = None,
             annotations: list | None = None) -> None:
        """Show `article` (None: the placeholder), marking the words of `query`;
        scroll to the body's character `offset` if given."""
        self.article = article
        self.query_text = query
        self.annotations = list(annotations or [])
        header = self.query_one("#reader-header", Static)
        if article is None:
            self.matches, self.current = [], None
            header.update(Text(PLACEHOLDER, style="dim"))
            self.query_one("#reader-body", Static).update("")
            self.border_subtitle = ""
            return
        self.matches = match_spans(article.body, query)
        self.current = None
        if offset is not None:
            # The first match at or after the offset becomes the current one.
            self.current = next((i for i, (start, _) in enumerate(self.matches) if start >= offset), None)
        header.update(article_header(article, query))
        self._render_body()
        self.scroll_home(animate=False)
        if offset:
            self.call_after_refresh(self.scroll_to_offset, offset)

    def _render_body(self) -> None:
        article = self.article
        if article is None:
            return
        body = Text(inert_text(article.body))
        if self.show_annotations:
            for annotation in self.annotations:
                style = ANNOTATION_STYLES[hash(annotation.kind) % len(ANNOTATION_STYLES)]
                body.stylize(style, annotation.start, annotation.end)
        for number, (start, end) in enumerate(self.matches):
            body.stylize(CURRENT_MATCH_STYLE if number == self.current else MATCH_STYLE, start, end)
        self.query_one("#reader-body", Static).update(body)
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        parts = [display_line(self.article.id)] if self.article else []
        if self.matches:
            where = f"{self.current + 1}/" if self.current is not None else ""
            parts.append(f"match {where}{len(self.matches)}")
        if self.show_annotations:
            kinds: dict[str, int] = {}
            for annotation in self.annotations:
                kinds[annotation.kind] = kinds.get(annotation.kind, 0) + 1
            parts.append(", ".join(f"{display_line(k)} {n}" for k, n in sorted(kinds.items())) or "no annotations")
        self.border_subtitle = " · ".join(parts)

    # -- matches ------------------------------------------------------------------
    def action_next_match(self) -> None:
        self._jump(+1)

    def action_previous_match(self) -> None:
        self._jump(-1)

    def _jump(self, step: int) -> None:
        if not self.matches:
            self.app.bell()
            return
        if self.current is None:
            self.current = 0 if step > 0 else len(self.matches) - 1
        else:
            self.current = (self.current + step) % len(self.matches)
        self._render_body()
        self.scroll_to_offset(self.matches[self.current][0])

    # -- annotations ------------------------------------------------------------
    def action_toggle_annotations(self) -> None:
        self.show_annotations = not self.show_annotations
        self._render_body()

    def set_annotations(self, annotations: list) -> None:
        self.annotations = list(annotations)
        if self.show_annotations:
            self._render_body()

    # -- scrolling --------------------------------------------------------------
    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the body's character `offset` is in view, a few lines from the top."""
        if self.article is None:
            return
        width = max(10, self.scrollable_content_region.width)
        before = Text(inert_text(self.article.body[:offset]))
        lines = len(before.wrap(self.app.console, width)) if before.plain else 0
        header = self.query_one("#reader-header", Static).outer_size.height
        self.scroll_to(y=max(0, header + lines - 3), animate=False)


def article_header(article: Article, query: str = "") -> Text:
    title = Text(display_line(article.title) or article.id, style="bold")
    for start, end in match_spans(title.plain, query):
        title.stylize(MATCH_STYLE, start, end)
    byline = [display_line(part) for part in (article.author, article.outlet) if part]
    byline.append(article.date.isoformat() if article.date else "undated")
    return Text("\n").join([title, Text(" · ".join(byline), style="dim"), Text("")])
