"""HTML articles (.html, .htm): the visible text, with metadata from the head.

Scripts, styles, templates and other invisible elements are dropped.  Block
elements end a paragraph.  Page furniture elements (nav, header, footer,
aside, form) are handed to ingest as boilerplate rather than body, and when
the page has an <article> (or <main>) element only its text is the article.
Metadata comes from <title>, Open Graph / article meta tags and JSON-LD-free
conventions (`author`, `article:published_time`, `og:site_name`, canonical URL).
"""

from __future__ import annotations

from html.parser import HTMLParser

from newsdesk.search import SourceArticle
from newsdesk.search.dates import parse_iso_or_text

_INVISIBLE = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head", "select", "button"}
_FURNITURE = {"nav", "header", "footer", "aside", "form", "menu"}
_BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "table", "tr", "td", "th", "figure", "figcaption", "br", "hr", "dd", "dt",
    "dl", "address", "details", "summary", "body", "title",
} | _FURNITURE
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.parts: dict[str, list[str]] = {"page": [], "article": [], "furniture": []}
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.h1: list[str] = []
        self.articles_seen = 0

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
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._break()
            return
        if tag in ("article", "main"):
            self.articles_seen += 1
        self.stack.append(tag)
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if tag in self.stack:
            while self.stack:
                if self.stack.pop() == tag:
                    break
        if tag in _BLOCK:
            self._break()

    def handle_data(self, data):
        if "title" in self.stack:
            self.title_parts.append(data)
            return
        if any(t in _INVISIBLE for t in self.stack):
            return
        if "h1" in self.stack:
            self.h1.append(data)
        for bucket in self._buckets():
            self.parts[bucket].append(data)

    def _buckets(self):
        if any(t in _FURNITURE for t in self.stack):
            return ("furniture",)
        if any(t in ("article", "main") for t in self.stack):
            return ("page", "article")
        return ("page",)

    def _break(self):
        for bucket in self._buckets():
            self.parts[bucket].append("\n")


class HtmlReader:
    name = "html"
    extensions = (".html", ".htm", ".xhtml")
    streams = False

    def read(self, source):
        parser = _TextExtractor()
        parser.feed(source.read_text())
        parser.close()
        meta = parser.meta
        text = "".join(parser.parts["article"] if parser.articles_seen else parser.parts["page"])
        furniture = [block.strip() for block in "".join(parser.parts["furniture"]).split("\n") if block.strip()]
        title = (meta.get("og:title") or meta.get("twitter:title") or "".join(parser.h1).strip()
                 or "".join(parser.title_parts).strip() or None)
        date_text = (meta.get("article:published_time") or meta.get("datepublished")
                     or meta.get("date") or meta.get("dc.date") or meta.get("pubdate"))
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
