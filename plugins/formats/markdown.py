"""Markdown articles (.md): front matter for metadata, markup stripped to text.

Front matter is the common `---` block of `key: value` lines (title, date,
author/authors, url, source/outlet/publisher; a key may hold a `[a, b]` list or
a block of `- item` lines), or a `+++` block of `key = value` lines.  The first
`# Heading` (or `===`-underlined heading) outside code is the title when front
matter gives none.  Links keep their text, images and HTML tags go, emphasis
marks are dropped, backslash escapes give their character; code blocks are kept
as text; paragraphs stay paragraphs.
"""

from __future__ import annotations

import re

from newsdesk.search import SourceArticle
from newsdesk.search.dates import parse_iso_or_text

from .jsonfmt import AUTHOR_KEYS, DATE_KEYS, ID_KEYS, OUTLET_KEYS, TITLE_KEYS, URL_KEYS

_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.DOTALL)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_PROTECT = 0xE000  # escaped characters hide in the private use area until the end
# Each inline element reaches at most _REACH characters (a link's URL _URL_REACH):
# unbounded, a long line of unclosed marks ("_a _a _a ...") is scanned to its
# end from every mark, which takes minutes for 60 KB.
_REACH, _URL_REACH = 300, 2000
_INLINE = [(re.compile(pattern.replace("URL", str(_URL_REACH)).replace("REACH", str(_REACH))), replacement)
           for pattern, replacement in [
    (r"!\[[^\]]{0,REACH}\]\([^)]{0,URL}\)", ""),  # images
    (r"!\[[^\]]{0,REACH}\]\[[^\]]{0,REACH}\]", ""),  # reference images
    (r"\[([^\]]{1,REACH})\]\([^)]{0,URL}\)", r"\1"),  # links
    (r"\[([^\]]{1,REACH})\]\[[^\]]{0,REACH}\]", r"\1"),  # reference links
    (r"<((?:https?|ftp)://[^>\s]{1,URL}|[^>\s@]{1,REACH}@[^>\s@]{1,REACH}\.[^>\s@]{1,REACH})>", r"\1"),  # autolinks
    (r"<!--.{0,REACH}?-->", ""),  # comments
    (r"</?[A-Za-z][^>\n]{0,REACH}>", ""),  # inline HTML
    (r"(\*\*|__)(.{1,REACH}?)\1", r"\2"),  # bold
    (r"(?<!\w)([*_])(?!\s)(.{1,REACH}?)(?<!\s)\1(?!\w)", r"\2"),  # italics
    (r"~~(.{1,REACH}?)~~", r"\1"),  # strike-through
    (r"`([^`]{1,REACH})`", r"\1"),  # code spans
]]
_LINE = [
    (re.compile(r"^\s{0,3}>\s?"), ""),  # block quotes
    (re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?"), ""),  # list markers (and task boxes)
    (re.compile(r"^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$"), r"\1"),  # headings
]
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX_TITLE = re.compile(r"^\s{0,3}#\s+(.+?)(?:\s+#+)?\s*$")


class MarkdownReader:
    name = "markdown"
    extensions = (".md", ".markdown")
    streams = False

    def read(self, source):
        text = source.read_text().replace("\r\n", "\n").replace("\r", "\n")
        meta = {}
        match = _FRONT_MATTER.match(text)
        if match:
            meta = _front_matter(match.group(2), toml=match.group(1) == "+++")
            text = text[match.end():]
        title = _first(meta, TITLE_KEYS) or _heading_title(text)
        authors = _first(meta, AUTHOR_KEYS) or ""
        authors = re.sub(r"\bname:\s*", "", authors)  # a YAML list of {name: ...}
        yield SourceArticle(
            text=to_plain_text(text),
            title=_inline(title) if title else None,
            authors=[a.strip() for a in re.split(r",|;|\band\b|&", authors) if a.strip()],
            date=parse_iso_or_text(_first(meta, DATE_KEYS)) if _first(meta, DATE_KEYS) else None,
            outlet=_first(meta, OUTLET_KEYS),
            url=_first(meta, URL_KEYS),
            id=_first(meta, ID_KEYS),
        )


def _front_matter(block: str, toml: bool = False) -> dict[str, str]:
    """`key: value` lines (YAML-ish) or `key = value` lines (TOML-ish), keys lower-cased."""
    meta: dict[str, str] = {}
    key = None
    for line in block.splitlines():
        item = re.match(r"^\s*-\s+(.*)$", line)
        if item and key and not toml:  # a block list under the last key
            value = _unquote(item.group(1))
            meta[key] = f"{meta[key]}, {value}" if meta.get(key) else value
            continue
        name, sep, value = line.partition("=" if toml else ":")
        if not sep or not name.strip() or line[:1].isspace():
            continue
        key = name.strip().lower()
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            value = ", ".join(_unquote(v) for v in value[1:-1].split(",") if v.strip())
        else:
            value = _unquote(value)
        meta[key] = value
    return meta


def _first(meta: dict[str, str], keys) -> str | None:
    """The first non-empty value among `keys` (the same names the JSON reader knows)."""
    return next((meta[k] for k in keys if meta.get(k)), None)


def _unquote(value: str) -> str:
    value = value.strip()
    if value in ("null", "~", "None"):  # YAML's empty value
        return ""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\").strip()
    return value.strip("'\"").strip()


def _heading_title(text: str) -> str | None:
    """The first level-one heading outside code: `# Title` or `Title` over `===`."""
    in_code = None
    previous = ""
    for line in text.split("\n"):
        fence = _FENCE.match(line)
        if fence:
            if in_code is None:
                in_code = fence.group(1)[0]
            elif fence.group(1)[0] == in_code:
                in_code = None
            previous = ""
            continue
        if in_code:
            continue
        heading = _ATX_TITLE.match(line)
        if heading:
            return heading.group(1)
        if previous.strip() and re.match(r"^\s{0,3}=+\s*$", line):
            return previous.strip()
        previous = line
    return None


def _inline(text: str) -> str:
    """Inline markup stripped from one line."""
    text = _ESCAPED.sub(lambda m: chr(_PROTECT + ord(m.group(1))), text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group(0)) - _PROTECT), text)


def to_plain_text(markdown: str) -> str:
    lines: list[str] = []
    in_code = None  # the fence character while inside a fenced block
    for line in markdown.split("\n"):
        fence = _FENCE.match(line)
        if fence:
            if in_code is None:
                in_code = fence.group(1)[0]
                lines.append("")  # a code block is a paragraph of its own
                continue
            if fence.group(1)[0] == in_code:
                in_code = None
                lines.append("")
                continue
        if in_code:
            lines.append(line)
            continue
        if _SETEXT.match(line) and lines and lines[-1].strip():
            lines.append("")  # the underline of the heading above
            continue
        if _RULE.match(line) or _REFERENCE.match(line) or _TABLE_RULE.match(line):
            lines.append("")
            continue
        for pattern, replacement in _LINE:
            line = pattern.sub(replacement, line)
        if line.strip().startswith("|") or line.strip().endswith("|"):
            line = line.strip().strip("|").replace(" | ", "  ")  # a table row: its cells
        lines.append(_inline(line))
    return "\n".join(lines)
