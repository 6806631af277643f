"""Corpora for the search benchmark: where they are, and the documents the baselines index.

* BBC (``../shared/corpora/bbc``) is indexed in place: one ``.txt`` per
  article, line 1 the headline.
* Reuters-21578 (``../shared/corpora/reuters21578``) is SGML, which newsdesk
  does not read, so `convert_reuters` writes every record with a ``<BODY>`` as
  one ``.json`` file (``{"title", "date", "text"}``) in a temporary folder,
  one sub-folder per ``.sgm`` file.  Every system indexes that folder.

`iter_documents` is how the baselines (raw whoosh, SQLite FTS5) read a corpus
folder: the same files newsdesk picks up (same extensions, hidden files
skipped), split simply into title and body with no boilerplate cleaning.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
BBC_DIR = SHARED / "bbc"
REUTERS_DIR = SHARED / "reuters21578"

_RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL)
_NEWID = re.compile(r'NEWID="(\d+)"')
_TAG = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.DOTALL) for name in ("DATE", "TITLE", "BODY")}
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:\s+(\d\d):(\d\d):(\d\d))?")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
# Control characters the SGML encodes as entities (&#3; ends each body).
_CONTROL = re.compile(r"&#(?:[0-9]|[12][0-9]|3[01]|127);")
_SIGN_OFF = re.compile(r"\s*\bReuter\s*$", re.IGNORECASE)


def _unescape(text: str) -> str:
    return html.unescape(_CONTROL.sub("", text))


def _date(text: str) -> str | None:
    found = _DATE.search(text)
    if not found:
        return None
    day, month, year, hh, mm, ss = found.groups()
    try:
        value = dt.datetime(int(year), _MONTHS[month.lower()], int(day),
                            int(hh or 0), int(mm or 0), int(ss or 0))
    except (KeyError, ValueError):
        return None
    return value.isoformat()


def reuters_records(source: Path = REUTERS_DIR):
    """(sgm stem, NEWID, title, ISO date or None, body) for each record with a BODY."""
    for sgm in sorted(source.glob("*.sgm"), key=lambda p: (len(p.stem), p.stem)):
        data = sgm.read_bytes().decode("latin-1")
        for match in _RECORD.finditer(data):
            attrs, inner = match.groups()
            body = _TAG["BODY"].search(inner)
            if not body:
                continue
            title = _TAG["TITLE"].search(inner)
            date = _TAG["DATE"].search(inner)
            text = _SIGN_OFF.sub("", _unescape(body.group(1))).strip()
            if not text:
                continue
            yield (sgm.stem, int(_NEWID.search(attrs).group(1)),
                   _unescape(title.group(1)).strip() if title else "",
                   _date(date.group(1)) if date else None, text)


def convert_reuters(dest: Path, source: Path = REUTERS_DIR) -> int:
    """Write one .json file per Reuters record with a body; return how many."""
    count = 0
    for stem, newid, title, date, text in reuters_records(source):
        folder = dest / f"sgm{int(stem):02d}" if stem.isdigit() else dest / stem
        folder.mkdir(parents=True, exist_ok=True)
        record = {"title": title, "date": date, "text": text}
        (folder / f"{newid:05d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        count += 1
    return count


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def corpus_files(root: Path, extensions=(".txt", ".json")) -> list[Path]:
    """The files newsdesk's scan would pick up (hidden ones skipped), sorted."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in extensions:
                found.append(Path(folder) / name)
    return found


def iter_documents(root: Path):
    """Dicts with id, path, title, date (datetime or None) and body, for the baselines."""
    for path in corpus_files(root):
        relpath = path.relative_to(root).as_posix()
        doc_id = relpath.rsplit(".", 1)[0]
        raw = path.read_bytes()
        if path.suffix.lower() == ".json":
            record = json.loads(raw)
            title, body = record.get("title") or "", record.get("text") or ""
            date = dt.datetime.fromisoformat(record["date"][:10]) if record.get("date") else None
        else:
            text = _decode(raw).strip()
            title, _, body = text.partition("\n")
            title, body, date = title.strip(), body.strip(), None
        yield {"id": doc_id, "path": relpath, "title": title, "date": date, "body": body}
