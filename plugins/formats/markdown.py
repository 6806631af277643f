"""Markdown articles (.md): front matter for metadata, markup stripped to text.

Front matter is the common `---` block of `key: value` lines (title, date,
author/authors, url, source/outlet/publisher).  The first `# Heading` is the
title when front matter gives none.  Links keep their text, images and HTML
tags go, emphasis marks are dropped; paragraphs stay paragraphs.
"""

from __future__ import annotations

import re

from newsdesk.search import SourceArticle
from newsdesk.search.dates import parse_iso_or_text

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<[^>\n]+>"), ""),  # inline HTML
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<!\w)([*_])(?!\s)(.+?)(?<!\s)\1(?!\w)"), r"\2"),  # italics
    (re.compile(r"`([^`]+)`"), r"\1"),  # code spans
]
_LINE = [
    (re.compile(r"^\s{0,3}>\s?"), ""),  # block quotes
    (re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s+"), ""),  # list markers
    (re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$"), r"\1"),  # headings
]
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")


class MarkdownReader:
    name = "markdown"
    extensions = (".md", ".markdown")
    streams = False

    def read(self, source):
        text = source.read_text()
        meta = {}
        match = _FRONT_MATTER.match(text)
        if match:
            meta = _front_matter(match.group(1))
            text = text[match.end():]
        title = meta.get("title")
        if not title:
            heading = re.search(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
            title = heading.group(1) if heading else None
        authors = meta.get("authors") or meta.get("author") or ""
        yield SourceArticle(
            text=to_plain_text(text),
            title=_strip_inline(title) if title else None,
            authors=[a.strip() for a in re.split(r",|\band\b", authors) if a.strip()],
            date=parse_iso_or_text(meta["date"]) if meta.get("date") else None,
            outlet=meta.get("source") or meta.get("outlet") or meta.get("publisher"),
            url=meta.get("url"),
            id=meta.get("id"),
        )


def _front_matter(block: str) -> dict[str, str]:
    meta = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            value = value.strip().strip("'\"")
            if value.startswith("[") and value.endswith("]"):
                value = ", ".join(v.strip().strip("'\"") for v in value[1:-1].split(","))
            meta[key.strip().lower()] = value
    return meta


def _strip_inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def to_plain_text(markdown: str) -> str:
    lines, in_code = [], False
    for line in markdown.splitlines():
        if line.strip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            lines.append(line)
            continue
        if _RULE.match(line) or _REFERENCE.match(line):
            lines.append("")
            continue
        for pattern, replacement in _LINE:
            line = pattern.sub(replacement, line)
        lines.append(_strip_inline(line))
    return "\n".join(lines)
