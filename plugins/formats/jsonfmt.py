"""JSON (.json) and JSON Lines (.jsonl, .ndjson) articles.

One article per object.  Field names vary between scrapers and datasets, so
each value is looked for under its common names (`text`, `body`, `content`,
`article`...), case-insensitively.  A .json file may hold one object, a list of
objects, or an object wrapping such a list (`{"articles": [...]}`, as news APIs
return); a .json file that is really JSON Lines is read as such.  In JSON
Lines, a malformed line is reported with its number and the other lines are
still read.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import json
import re

from newsdesk.search import ReaderError, SourceArticle
from newsdesk.search.dates import parse_iso_or_text

from .html import html_to_text

TEXT_KEYS = ("text", "body", "content", "article", "articlebody", "article_body", "maintext", "full_text",
             "fulltext", "story", "description")
TITLE_KEYS = ("title", "headline", "name")
DATE_KEYS = ("date", "published", "publish_date", "published_at", "published_date", "publication_date",
             "datepublished", "date_published", "date_publish", "pubdate", "pub_date", "datetime",
             "timestamp", "created_at")
AUTHOR_KEYS = ("author", "authors", "byline", "creator", "creators")
OUTLET_KEYS = ("source", "outlet", "publisher", "site", "site_name", "source_domain", "publication")
URL_KEYS = ("url", "link", "canonical_url")
ID_KEYS = ("id", "uuid", "doc_id", "article_id", "guid")
# Keys under which a wrapper object holds its list of articles.
LIST_KEYS = ("articles", "items", "data", "results", "docs", "documents", "posts", "entries", "records",
             "stories", "news")
_BYLINE = re.compile(r"^\s*by\s+", re.IGNORECASE)


def article_from_object(obj) -> SourceArticle:
    """A SourceArticle from one JSON object; ReaderError if it has no text."""
    if not isinstance(obj, dict):
        raise ReaderError(f"expected an object, found {_json_type(obj)}")
    lowered = {str(k).lower(): v for k, v in obj.items()}
    text = _first_text(lowered, TEXT_KEYS, "\n\n")
    if not text:
        raise ReaderError(f"no article text (looked for: {', '.join(TEXT_KEYS)})")
    if _LOOKS_LIKE_HTML.search(text):
        text = html_to_text(text)
    title = _first_text(lowered, TITLE_KEYS, " ")
    return SourceArticle(
        text=text,
        title=_plain_title(title),
        authors=_authors(next((lowered[k] for k in AUTHOR_KEYS if lowered.get(k)), None)),
        date=_date(next((lowered[k] for k in DATE_KEYS if _present(lowered.get(k))), None)),
        outlet=_name_of(next((lowered[k] for k in OUTLET_KEYS if lowered.get(k)), None)),
        url=_first_text(lowered, URL_KEYS, " "),
        id=_identifier(next((lowered[k] for k in ID_KEYS if _present(lowered.get(k))), None)),
    )


def _present(value) -> bool:
    return value is not None and value is not False and value != "" and value != []


def _json_type(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


# Scrapers and CMS exports often keep the HTML of the body.  Only real tag
# names count: wire copy writes tickers in angle brackets ("<OIL>", "<BP>").
# Markup from a CMS is lower case and closes its elements; tickers do neither.
_LOOKS_LIKE_HTML = re.compile(
    r"</(p|div|span|a|script|style|em|strong|b|i|h[1-6]|ul|ol|li|figure|blockquote)>|<(br|img|p)(\s[^>]*)?/?>"
)


def _plain_title(title: str | None) -> str | None:
    """A title without HTML tags or entities, when it has any."""
    if not title:
        return None
    if _LOOKS_LIKE_HTML.search(title):
        title = re.sub(r"</?[A-Za-z][^>]*>", "", title)
    return html.unescape(title)


def _first_text(obj: dict, keys, joiner: str) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, dict):  # WordPress REST: {"rendered": "..."}
            value = value.get("rendered") or value.get("raw")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = _number(value)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = joiner.join(v for v in value if v.strip())
        if isinstance(value, str) and value.strip():
            return value
    return None


def _number(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _identifier(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _date(value) -> dt.date | None:
    """ISO or written-out dates; numbers are Unix times (seconds, or milliseconds)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{9,13}(\.\d+)?\s*", value):
        value = float(value)
    if isinstance(value, (int, float)):
        if 19000101 <= value <= 21001231 and float(value).is_integer():  # 20250313
            return parse_iso_or_text(str(int(value)))
        if value < 1e8:  # a year alone, or a count: not a publication date
            return None
        seconds = value / 1000 if value > 1e11 else value
        try:
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, dict):  # {"$date": ...} (MongoDB exports)
        return _date(value.get("$date"))
    return parse_iso_or_text(value) if isinstance(value, str) and value.strip() else None


def _name_of(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _authors(value) -> list[str]:
    if isinstance(value, str):
        return [_BYLINE.sub("", a).strip() for a in value.split(",") if _BYLINE.sub("", a).strip()]
    if isinstance(value, list):
        names = []
        for item in value:
            names.extend(_authors(item) if isinstance(item, str) else [n for n in [_name_of(item)] if n])
        return names
    name = _name_of(value)
    return [_BYLINE.sub("", name)] if name else []


def _objects(data) -> list:
    """The article objects of a parsed .json file."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and not _first_text({str(k).lower(): v for k, v in data.items()}, TEXT_KEYS, ""):
        lowered = {str(k).lower(): v for k, v in data.items()}
        for key in LIST_KEYS:
            value = lowered.get(key)
            if isinstance(value, list) and any(isinstance(v, dict) for v in value):
                return value
    return [data]


class JsonReader:
    name = "json"
    extensions = (".json",)
    streams = False

    def read(self, source):
        text = source.read_text()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            if error.msg == "Extra data" and text.lstrip().startswith("{"):
                yield from _json_lines(enumerate(text.split("\n"), start=1), source)  # JSON Lines really
                return
            raise ReaderError(f"not valid JSON (line {error.lineno}: {error.msg})") from None
        except RecursionError:
            raise ReaderError("not valid JSON (nested too deeply)") from None
        objects = _objects(data)
        if not objects:
            raise ReaderError("no articles (an empty list)")
        for number, obj in enumerate(objects, start=1):
            try:
                yield article_from_object(obj)
            except ReaderError as error:
                if len(objects) == 1:
                    raise
                source.warn(f"item {number}: {error}")


def _json_lines(lines, source):
    for number, line in lines:
        if not line.strip():
            continue
        try:
            yield article_from_object(json.loads(line))
        except json.JSONDecodeError as error:
            source.warn(f"line {number}: not valid JSON ({error.msg})")
        except RecursionError:
            source.warn(f"line {number}: not valid JSON (nested too deeply)")
        except ReaderError as error:
            source.warn(f"line {number}: {error}")


class JsonLinesReader:
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")
    streams = True

    def read(self, source):
        with source.path.open("rb") as handle:
            utf16 = handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        if utf16:
            # Line-by-line reading assumes an 8-bit encoding; a UTF-16 file is
            # decoded whole instead (within the size limit for one file).
            lines = enumerate(source.read_text().split("\n"), start=1)
        else:
            lines = source.iter_lines()
        yield from _json_lines(lines, source)
