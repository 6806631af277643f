"""Metadata files beside articles: what the user says about an article's
title, date, authors, outlet or URL, which wins over what the source states
or the text suggests.

For a corpus file `NAME` (say `reports/ban.txt`), the file `NAME.meta.json`
(`reports/ban.txt.meta.json`) holds a JSON object:

    {"date": "2025-03-13", "authors": ["Reese Morgan"], "outlet": "Starfolk"}

Keys: `title`, `date` (ISO `2025-03-13`, or written out, "March 13, 2025"),
`author` or `authors`, `outlet`, `url`.  `null` clears a value (an undated
article: `"date": null`).  A file holding many articles (JSON Lines) sets
them per article id under `records`; top-level keys apply to every article
of the file:

    {"outlet": "Reuters", "records": {"a17": {"date": "1987-03-02"}}}

The indexer reads the sidecar with its file and re-reads both when either
changes, so `newsdesk index` after editing one updates the article, and
everything plugins derive from it (the timeline resolves "last year" against
the new date).  `newsdesk meta ID --date ...` writes it for you.  A sidecar
that cannot be used is reported and ignored; the article is still indexed.

A file newsdesk writes also carries `"version": 1` (the format's version;
optional in a hand-written file, and ignored when reading).  It is written
atomically (a temporary file, fsync, rename: the old file or the new, never
half of one), and a file a newer newsdesk wrote is never rewritten.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from .article import Article
from .dates import parse_iso_or_text
from .text import clean_text

SUFFIX = ".meta.json"
KEYS = ("title", "date", "author", "authors", "outlet", "url")
MAX_BYTES = 1 << 20
VERSION = 1  # of the format newsdesk writes; the key may be absent


class SidecarError(ValueError):
    """A metadata file that cannot be used (the message says why, in one line)."""


def is_sidecar(name: str) -> bool:
    return name.endswith(SUFFIX) and len(name) > len(SUFFIX)


def sidecar_of(path: str) -> str:
    """The metadata file of the corpus file `path`."""
    return path + SUFFIX


def main_file_of(path: str) -> str:
    """The corpus file the metadata file `path` describes."""
    return path[: -len(SUFFIX)]


@dataclasses.dataclass
class Overrides:
    """The values a sidecar sets: for every article of its file, and per article id."""

    common: dict = dataclasses.field(default_factory=dict)
    records: dict[str, dict] = dataclasses.field(default_factory=dict)

    def apply(self, article: Article) -> Article:
        values = {**self.common, **self.records.get(article.id, {})}
        if not values:
            return article
        changes = {}
        for key, value in values.items():
            if key == "authors":
                changes["authors"] = value
            elif key == "title":
                changes.update(title=value or article.title, title_source="source" if value else article.title_source)
            else:
                changes[key] = value
        return dataclasses.replace(article, **changes)


def read(path: Path) -> Overrides:
    """The overrides in a metadata file (SidecarError if it cannot be used)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SidecarError(f"larger than {MAX_BYTES // 1024} KB")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise SidecarError(error.strerror or str(error)) from None
    except UnicodeDecodeError:
        raise SidecarError("not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise SidecarError(f"not JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise SidecarError("not JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise SidecarError("must hold a JSON object")
    data.pop("version", None)
    records = data.pop("records", {})
    if not isinstance(records, dict) or not all(isinstance(v, dict) for v in records.values()):
        raise SidecarError('"records" must map article ids to objects')
    return Overrides(_values(data, ""), {str(key): _values(value, f"records.{key}.")
                                         for key, value in records.items()})


def _values(data: dict, where: str) -> dict:
    out = {}
    for key, value in data.items():
        if key not in KEYS:
            raise SidecarError(f'unknown key "{where}{key}" (known: {", ".join(KEYS)}, records)')
        if key == "date":
            out["date"] = _date(value, where)
        elif key in ("author", "authors"):
            names = [value] if isinstance(value, str) else value
            if names is None:
                names = []
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise SidecarError(f'"{where}{key}" must be a name or a list of names')
            out["authors"] = [" ".join(clean_text(n).split()) for n in names if n.strip()]
        else:
            if value is not None and not isinstance(value, str):
                raise SidecarError(f'"{where}{key}" must be text or null')
            text = " ".join(clean_text(value).split()) if isinstance(value, str) else ""  # as ingest does
            out[key] = text or None
    return out


YEARS = (1000, 2999)  # a publication date outside these is a typing mistake


def check_date(parsed):
    """`parsed` if it is a plausible publication date, else None."""
    return parsed if parsed is not None and YEARS[0] <= parsed.year <= YEARS[1] else None


def _date(value, where: str):
    if value is None:
        return None
    parsed = check_date(parse_iso_or_text(value)) if isinstance(value, str) else None
    if parsed is None:
        raise SidecarError(f'"{where}date" is not a date from {YEARS[0]} to {YEARS[1]}: '
                           f'{str(value)[:40]!r} (use YYYY-MM-DD)')
    return parsed


def write(path: Path, article_id: str, single: bool, values: dict) -> None:
    """Set `values` (keys as in the file, `None` to clear) for one article in the
    metadata file at `path`, keeping whatever else it holds.  `single`: the
    article is the only one of its file, so the values go at the top level.
    Raises SidecarError for a file it must not rewrite, OSError when it cannot write."""
    from newsdesk.userdata import atomic_write_text  # lazily: userdata imports the engine

    data = {}
    if path.exists():
        read(path)  # refuse to rewrite a file we cannot read
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    version = data.get("version", VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SidecarError(f'"version" must be a whole number, not {str(version)[:20]!r}')
    if version > VERSION:
        raise SidecarError(f"written by a newer newsdesk (format version {version}); not changing it")
    records = data.get("records") if isinstance(data.get("records"), dict) else {}
    if single and article_id not in records:
        target = data
    else:  # a record of a collection, or one the file already sets by id
        target = data.setdefault("records", {}).setdefault(article_id, {})
    for key, value in values.items():
        if key == "date" and value is not None:
            value = value.isoformat()
        target[key] = value
        if key == "authors":
            target.pop("author", None)
    data = {"version": VERSION, **{key: value for key, value in data.items() if key != "version"}}
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
