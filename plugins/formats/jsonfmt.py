"""JSON (.json) and JSON Lines (.jsonl, .ndjson) articles.

One article per object.  Field names vary between scrapers and datasets, so
each value is looked for under its common names (`text`, `body`, `content`,
`article`...).  A .json file may hold one object or a list of objects.  In
JSON Lines, a malformed line is reported with its number and the other lines
are still read.
"""

from __future__ import annotations

import json

from newsdesk.search import ReaderError, SourceArticle
from newsdesk.search.dates import parse_iso_or_text

TEXT_KEYS = ("text", "body", "content", "article", "maintext", "full_text", "description")
TITLE_KEYS = ("title", "headline", "name")
DATE_KEYS = ("date", "published", "publish_date", "published_at", "date_publish", "pubdate", "datetime", "timestamp")
AUTHOR_KEYS = ("author", "authors", "byline", "creator")
OUTLET_KEYS = ("source", "outlet", "publisher", "site", "site_name", "source_domain", "publication")
URL_KEYS = ("url", "link", "canonical_url")
ID_KEYS = ("id", "uuid", "doc_id", "article_id", "guid")


def article_from_object(obj) -> SourceArticle:
    """A SourceArticle from one JSON object; ReaderError if it has no text."""
    if not isinstance(obj, dict):
        raise ReaderError(f"expected an object, found {type(obj).__name__}")
    lowered = {str(k).lower(): v for k, v in obj.items()}
    text = _first_text(lowered, TEXT_KEYS)
    if not text:
        raise ReaderError(f"no article text (looked for: {', '.join(TEXT_KEYS)})")
    date_value = _first_text(lowered, DATE_KEYS)
    return SourceArticle(
        text=text,
        title=_first_text(lowered, TITLE_KEYS),
        authors=_authors(next((lowered[k] for k in AUTHOR_KEYS if lowered.get(k)), None)),
        date=parse_iso_or_text(date_value) if date_value else None,
        outlet=_name_of(next((lowered[k] for k in OUTLET_KEYS if lowered.get(k)), None)),
        url=_first_text(lowered, URL_KEYS),
        id=_first_text(lowered, ID_KEYS),
    )


def _first_text(obj: dict, keys) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = "\n\n".join(value)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _name_of(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _authors(value) -> list[str]:
    if isinstance(value, str):
        return [a.strip() for a in value.split(",") if a.strip()]
    if isinstance(value, list):
        return [n for n in (_name_of(v) for v in value) if n]
    name = _name_of(value)
    return [name] if name else []


class JsonReader:
    name = "json"
    extensions = (".json",)
    streams = False

    def read(self, source):
        try:
            data = json.loads(source.read_text())
        except json.JSONDecodeError as error:
            raise ReaderError(f"not valid JSON (line {error.lineno}: {error.msg})") from None
        objects = data if isinstance(data, list) else [data]
        for number, obj in enumerate(objects, start=1):
            try:
                yield article_from_object(obj)
            except ReaderError as error:
                if len(objects) == 1:
                    raise
                source.warn(f"item {number}: {error}")


class JsonLinesReader:
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")
    streams = True

    def read(self, source):
        for number, line in source.iter_lines():
            if not line.strip():
                continue
            try:
                yield article_from_object(json.loads(line))
            except json.JSONDecodeError as error:
                source.warn(f"line {number}: not valid JSON ({error.msg})")
            except ReaderError as error:
                source.warn(f"line {number}: {error}")
