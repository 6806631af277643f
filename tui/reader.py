"""The article reader: title, byline, date and outlet, then the body with the
query's words highlighted; `n`/`N` jump between matches, `a` shows what
plugins found (entities, dates...) inline.

A long body is laid out a part at a time (`WINDOW` characters, cut at line
ends): a 1 MB line or 100,000 paragraphs open as fast as a short article.
`]` and `[` move to the next and previous part; jumping to a match, or to an
offset a panel asks for, brings its part in.

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
from newsdesk.search.text import display_line, inert_text

from .highlight import ANNOTATION_STYLES, CURRENT_MATCH_STYLE, MATCH_STYLE, match_spans

PLACEHOLDER = "Select a result to read it here.  enter: open · escape: back to the results"
# Characters of body laid out at once.  Textual lays out a Static's whole text
# each time it changes: 100,000 short paragraphs took half a minute.
WINDOW = 20_000
_SNAP = 2_000  # how far a part's ends move back to fall on a line end


def window_around(body: str, offset: int, size: int = WINDOW) -> tuple[int, int]:
    """(start, end) of the part of `body` to lay out so that `offset` is in it,
    a quarter of the way down, both ends on line ends when one is near."""
    if len(body) <= size:
        return 0, len(body)
    start = max(0, min(offset - size // 4, len(body) - size))
    end = min(len(body), start + size)
    if start > 0:
        cut = body.rfind("\n", max(0, start - _SNAP), start)
        start = cut + 1 if cut != -1 else start
    if end < len(body):
        cut = body.rfind("\n", max(start + 1, end - _SNAP), end)
        end = cut if cut != -1 else end
    return start, end


def _clipped(start: int, end: int, first: int, last: int) -> tuple[int, int] | None:
    """A body span as offsets into the part first..last (None: outside it)."""
    start, end = max(start, first), min(end, last)
    return (start - first, end - first) if end > start else None


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
        Binding("right_square_bracket", "next_part", "Next part", show=False, id="reader.next_part"),
        Binding("left_square_bracket", "previous_part", "Previous part", show=False, id="reader.previous_part"),
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
        self.window = (0, 0)  # the part of the body laid out (all of it, unless long)

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
        self.window = window_around(article.body, offset or 0)
        self._render_body()
        self.scroll_home(animate=False)
        if offset:
            self.call_after_refresh(self.scroll_to_offset, offset)

    def _render_body(self) -> None:
        article = self.article
        if article is None:
            return
        first, last = self.window
        body = Text(inert_text(article.body[first:last]))
        if self.show_annotations:
            for annotation in self.annotations:
                style = ANNOTATION_STYLES[hash(annotation.kind) % len(ANNOTATION_STYLES)]
                span = _clipped(annotation.start, annotation.end, first, last)
                if span:
                    body.stylize(style, *span)
        for number, (start, end) in enumerate(self.matches):
            span = _clipped(start, end, first, last)
            if span:
                body.stylize(CURRENT_MATCH_STYLE if number == self.current else MATCH_STYLE, *span)
        if first > 0:
            body = Text.assemble((f"… {first:,} characters above · [ to go back\n\n", "dim"), body)
        if last < len(article.body):
            body.append(f"\n\n… {len(article.body) - last:,} more characters · ] to read on", style="dim")
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
        self.border_subtitle = Text(" · ".join(parts))  # a str would be read as markup

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

    # -- parts of a long body ----------------------------------------------------
    def action_next_part(self) -> None:
        if self.article is None or self.window[1] >= len(self.article.body):
            return
        self.window = window_around(self.article.body, self.window[1] + WINDOW // 4)
        self._render_body()
        self.scroll_home(animate=False)

    def action_previous_part(self) -> None:
        if self.article is None or self.window[0] == 0:
            return
        self.window = window_around(self.article.body, max(0, self.window[0] - WINDOW * 3 // 4))
        self._render_body()
        self.call_after_refresh(self.scroll_end, animate=False)

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
        first, last = self.window
        if not first <= offset <= last:  # in another part: lay that one out first
            self.window = window_around(self.article.body, offset)
            self._render_body()
            self.call_after_refresh(self.scroll_to_offset, offset)
            return
        width = max(10, self.scrollable_content_region.width)
        before = Text(inert_text(self.article.body[first:offset]))
        lines = len(before.wrap(self.app.console, width)) if before.plain else 0
        lines += 2 if first > 0 else 0  # the "characters above" note
        header = self.query_one("#reader-header", Static).outer_size.height
        self.scroll_to(y=max(0, header + lines - 3), animate=False)


def article_header(article: Article, query: str = "") -> Text:
    title = Text(display_line(article.title) or article.id, style="bold")
    for start, end in match_spans(title.plain, query):
        title.stylize(MATCH_STYLE, start, end)
    byline = [display_line(part) for part in (article.author, article.outlet) if part]
    byline.append(article.date.isoformat() if article.date else "undated")
    return Text("\n").join([title, Text(" · ".join(byline), style="dim"), Text("")])
