"""HTML articles (.html, .htm): the visible text, with metadata from the head.

Scripts, styles, templates and other invisible elements are dropped.  Block
elements and <br> end a paragraph; the source's own line breaks inside a
paragraph are only whitespace (except in <pre>).  Page furniture elements (nav,
footer, aside, form, and a header outside the article) are handed to ingest as
boilerplate rather than body.  When the page has an <article> element the
longest one is the article (teaser cards of other stories are <article>s too),
else its <main> element, else the whole page.
Metadata comes from <title>, Open Graph / article meta tags and JSON-LD-free
conventions (`author`, `article:published_time`, `og:site_name`, canonical URL).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from newsdesk.search import ReaderError, SourceArticle
from newsdesk.search.dates import parse_iso_or_text

_INVISIBLE = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head",
              "select", "button", "textarea", "canvas", "audio", "video", "map", "dialog"}
_FURNITURE = {"nav", "header", "footer", "aside", "form", "menu"}
_BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "table", "tr", "td", "th", "figure", "figcaption", "br", "hr", "dd", "dt",
    "dl", "address", "details", "summary", "body", "title", "caption",
} | _FURNITURE
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track",
         "wbr", "param", "keygen"}
_BREAK = "\n\n"
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # HTML whitespace (not the no-break space)
# An <article> this short, holding little of the page, is a teaser card, not the story.
_TEASER_WORDS = 150
# A page whose text outside forms is shorter than this is read again with forms as text.
_WRAPPED_IN_FORM_WORDS = 50


# Elements whose end tag HTML lets a page leave out: a new one (or, for <p>,
# any block) closes the open one.  Honouring that keeps the open-element stack
# shallow on old pages that never close their paragraphs.
_SELF_CLOSING_SIBLINGS = {"p", "li", "dt", "dd", "tr", "td", "th", "option"}
_CLOSES_P = (_BLOCK - {"br", "body", "title", "td", "th", "tr", "li", "dd", "dt", "figcaption", "summary"}) | {
    "form", "fieldset"}


class _TextExtractor(HTMLParser):
    def __init__(self, furniture_tags: frozenset[str] = frozenset(_FURNITURE)):
        super().__init__(convert_charrefs=True)
        self.furniture_tags = furniture_tags
        self.forms_seen = 0
        # Open elements, innermost last, each with whether it counts as page
        # furniture; `open` counts them by tag so lookups stay O(1).
        self.stack: list[tuple[str, bool]] = []
        self.open: dict[str, int] = {}
        self.furniture_depth = 0
        self.invisible_depth = 0
        self.page: list[str] = []
        self.main: list[str] = []
        self.articles: list[list[str]] = []  # one per outermost <article>
        self.furniture: list[str] = []
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.title_done = False
        self.h1s: list[tuple[list[str], int | None, bool]] = []  # (text, article number, in furniture)
        self.times: list[str] = []  # <time datetime> marked as the publication date
        self.main_seen = False

    # -- the open elements ------------------------------------------------
    def _is_open(self, tag: str) -> bool:
        return self.open.get(tag, 0) > 0

    def _push(self, tag: str) -> None:
        # The header of the article itself (title, byline, date) is article
        # text, not furniture: ingest recognises those lines.
        furniture = tag in self.furniture_tags and not (tag == "header" and self._is_open("article"))
        self.forms_seen += tag == "form"
        self.stack.append((tag, furniture))
        self.open[tag] = self.open.get(tag, 0) + 1
        self.furniture_depth += furniture
        self.invisible_depth += tag in _INVISIBLE

    def _pop(self) -> str:
        tag, furniture = self.stack.pop()
        self.open[tag] -= 1
        self.furniture_depth -= furniture
        self.invisible_depth -= tag in _INVISIBLE
        return tag

    def _close(self, tag: str) -> None:
        """Close `tag` and every element opened inside it."""
        if self._is_open(tag):
            while self.stack and self._pop() != tag:
                pass

    # -- where text goes --------------------------------------------------
    def _in_furniture(self) -> bool:
        return self.furniture_depth > 0

    def _buckets(self) -> list[list[str]]:
        if self.furniture_depth:
            return [self.furniture]
        buckets = [self.page]
        if self._is_open("main"):
            buckets.append(self.main)
        if self._is_open("article") and self.articles:
            buckets.append(self.articles[-1])
        return buckets

    def _break(self) -> None:
        for bucket in self._buckets():
            bucket.append(_BREAK)

    # -- parser callbacks -------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and attrs.get("content"):
                self.meta.setdefault(key, attrs["content"])
            return
        if tag == "link" and "canonical" in attrs.get("rel", "").lower() and attrs.get("href"):
            self.meta.setdefault("canonical", attrs["href"])
            return
        if tag == "time" and attrs.get("datetime"):
            if ("pubdate" in attrs or attrs.get("itemprop", "").lower() == "datepublished"
                    or "publish" in attrs.get("class", "").lower()):
                self.times.append(attrs["datetime"])
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._break()
            return
        if tag == "body":
            self._close("head")  # </head> is optional: the body starts here whatever came before
        if self.stack:
            current = self.stack[-1][0]
            if (current == tag and tag in _SELF_CLOSING_SIBLINGS) or (current == "p" and tag in _CLOSES_P):
                self._pop()  # an end tag the page left out
        if tag == "article" and not self._is_open("article"):
            self.articles.append([])
        if tag == "main":
            self.main_seen = True
        self._push(tag)
        if tag == "h1":
            self.h1s.append(([], len(self.articles) - 1 if self._is_open("article") else None,
                             self._in_furniture()))
        if tag in _BLOCK:
            self._break()

    def handle_startendtag(self, tag, attrs):
        # <br/>, <div/>: a self-closed element never stays open.
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _VOID:
            if tag == "br":  # "</br>" is read as <br> by browsers
                self._break()
            return
        if tag in _BLOCK:
            self._break()  # inside the element still: its bucket gets the break
        self._close(tag)
        if tag == "title" and self.title_parts:
            self.title_done = True

    def handle_data(self, data):
        if self._is_open("title") and not (self._is_open("svg") or self._is_open("math")):
            if not self.title_done:
                self.title_parts.append(data)
            return
        if self.invisible_depth:
            return
        if not self._is_open("pre"):
            data = _SPACE.sub(" ", data)
        if self._is_open("h1") and self.h1s:
            self.h1s[-1][0].append(data)
        for bucket in self._buckets():
            bucket.append(data)

    # -- results ----------------------------------------------------------
    def article_text(self) -> tuple[str, int | None]:
        """The article's text and which <article> it came from (None: main or page)."""
        page = "".join(self.page)
        main = "".join(self.main) if self.main_seen else ""
        if self.articles:
            texts = ["".join(parts) for parts in self.articles]
            best = max(range(len(texts)), key=lambda i: len(texts[i].split()))
            words = len(texts[best].split())
            around = len((main or page).split())
            if words >= _TEASER_WORDS or words * 3 >= around:
                return texts[best], best
        if main.strip():
            return main, None
        return page, None

    def title(self, article: int | None) -> str | None:
        h1s = [(" ".join("".join(parts).split()), where, furniture) for parts, where, furniture in self.h1s]
        h1s = [h for h in h1s if h[0]]
        choice = (next((h for h in h1s if article is not None and h[1] == article), None)
                  or next((h for h in h1s if not h[2]), None))
        if choice:
            return choice[0]
        return " ".join("".join(self.title_parts).split()) or None


# Declarations html.parser may give up on ("<![C\x1bDATA[", "<!DOCTYPE x y='>"):
# every "<!" but a comment's, then every "<!" but a comment's or a doctype's.
_DECLARATIONS = (re.compile(r"<!(?!--|doctype[\s>])", re.IGNORECASE), re.compile(r"<!(?!--)"))


def _inert_tail(html: str) -> str:
    """The page with each "<" after its last ">" escaped.  No tag can start
    there (a tag ends with ">"), so they are text either way, but html.parser
    (before CPython 3.11.13) scans the rest of the page again for each one:
    minutes for 60 KB of "<a <a <a"."""
    last = html.rfind(">")
    if html.find("<", last + 1) < 0:
        return html
    return html[: last + 1] + html[last + 1:].replace("<", "&lt;")


def _parse(html: str, furniture_tags: frozenset[str] = frozenset(_FURNITURE)) -> _TextExtractor:
    html = _inert_tail(html)
    for escape in (None, *_DECLARATIONS):
        parser = _TextExtractor(furniture_tags)
        try:
            parser.feed(escape.sub("&lt;!", html) if escape else html)
            parser.close()
            return parser
        except AssertionError:  # html.parser's error for a malformed declaration: read it as text
            continue
    raise ReaderError("not readable as HTML (malformed declarations)")


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment (JSON exports often carry HTML bodies)."""
    return _parse(fragment).article_text()[0]


class HtmlReader:
    name = "html"
    extensions = (".html", ".htm", ".xhtml")
    streams = False

    def read(self, source):
        html = source.read_text()
        parser = _parse(html)
        text, which = parser.article_text()
        if parser.forms_seen and len(text.split()) < _WRAPPED_IN_FORM_WORDS:
            # Some sites (ASP.NET WebForms) wrap the whole page in one <form>:
            # there, a form is not furniture.
            again = _parse(html, frozenset(_FURNITURE - {"form"}))
            text_again, which_again = again.article_text()
            if len(text_again.split()) > 2 * len(text.split()):
                parser, text, which = again, text_again, which_again
        meta = parser.meta
        furniture = [block.strip() for block in "".join(parser.furniture).split("\n") if block.strip()]
        title = meta.get("og:title") or meta.get("twitter:title") or parser.title(which)
        date_text = (meta.get("article:published_time") or meta.get("datepublished")
                     or meta.get("date") or meta.get("dc.date") or meta.get("dc.date.issued")
                     or meta.get("pubdate") or meta.get("publish-date") or meta.get("sailthru.date")
                     or (parser.times[0] if parser.times else None))
        author = meta.get("author") or meta.get("article:author") or meta.get("dc.creator") or ""
        yield SourceArticle(
            text=text,
            title=" ".join(title.split()) if title else None,
            authors=[a.strip() for a in author.split(",") if a.strip() and "://" not in a],
            date=parse_iso_or_text(date_text) if date_text else None,
            outlet=meta.get("og:site_name") or meta.get("application-name"),
            url=meta.get("og:url") or meta.get("canonical"),
            boilerplate=furniture,
        )
