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
    for item in reuters_items(source):
        yield item["stem"], item["newid"], item["title"], item["date"], item["text"]


def convert_reuters(dest: Path, source: Path = REUTERS_DIR, limit: int | None = None) -> int:
    """Write one .json file per Reuters record with a body (the first `limit`
    of them, all if None); return how many."""
    count = 0
    for stem, newid, title, date, text in reuters_records(source):
        if limit is not None and count >= limit:
            break
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


# ---------------------------------------------------------------------------
# bench/backends.py: Reuters with topics, a sample of it, and a large corpus of
# variants of its records (JSON Lines).
# ---------------------------------------------------------------------------
_LIST = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.DOTALL) for name in ("TOPICS", "PLACES")}
_D = re.compile(r"<D>(.*?)</D>")


def reuters_items(source: Path = REUTERS_DIR):
    """Each record with a body, as a dict: stem, newid, title, date (ISO or
    None), text and group, the record's first topic
    ("place:<first place>" when it has none, "" when it has neither)."""
    for sgm in sorted(source.glob("*.sgm"), key=lambda p: (len(p.stem), p.stem)):
        data = sgm.read_bytes().decode("latin-1")
        for match in _RECORD.finditer(data):
            attrs, inner = match.groups()
            body = _TAG["BODY"].search(inner)
            if not body:
                continue
            text = _SIGN_OFF.sub("", _unescape(body.group(1))).strip()
            if not text:
                continue
            title = _TAG["TITLE"].search(inner)
            date = _TAG["DATE"].search(inner)
            topics = _LIST["TOPICS"].search(inner)
            places = _LIST["PLACES"].search(inner)
            topic = _D.findall(topics.group(1)) if topics else []
            place = _D.findall(places.group(1)) if places else []
            group = topic[0] if topic else (f"place:{place[0]}" if place else "")
            yield {"stem": sgm.stem, "newid": int(_NEWID.search(attrs).group(1)),
                   "title": _unescape(title.group(1)).strip() if title else "",
                   "date": _date(date.group(1)) if date else None, "text": text, "group": group}


# Variants: words that are swapped for others of the same topic are lower-case
# content words; these function words are left alone.
_KEEP = frozenset("""
about above after again against also although among another because been before being below between both
could does doing down during each either even every from further have having here into itself just last
made make many more most much must next only other over said same says should since some such than that
their them then there these they this those through under until upon very were what when where which while
will with within without would year years your""".split())
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\)\"][.!?])\s+(?=[A-Z\"(])")
_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
_UPPER_WORD = re.compile(r"\b[A-Z]{4,}\b")
_NUMBER = re.compile(r"(?<![\w.,/])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w/])|(?<![\w.,/])\d+(?:\.\d+)?(?![\w,/])")
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? $")


def _vary_number(text: str, rng) -> str:
    plain = text.replace(",", "")
    value = float(plain)
    if "." not in plain and 1900 <= value <= 2000:
        return text  # a year
    new = value * rng.uniform(0.6, 1.4)
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    if decimals:
        return f"{new:,.{decimals}f}" if "," in text else f"{new:.{decimals}f}"
    whole = max(1, round(new))
    return f"{whole:,}" if "," in text else str(whole)


def _vary_text(text: str, rng, pool: list[str], swap: float, numbers: float) -> str:
    """Sentences (or, for tables, lines) partly reordered, some content words
    swapped for words of the same topic, some numbers changed."""
    paragraphs = [p for p in re.split(r"\n\s*\n|\n(?=\s{2,}\S)", text) if p.strip()]
    units = [s for p in paragraphs for s in _SENTENCE_END.split(" ".join(p.split()))]
    rows = [line.strip() for line in text.splitlines() if line.strip()]
    table = len(units) == 1 and len(rows) > 2 and sum(any(c.isdigit() for c in r) for r in rows) >= 0.6 * len(rows)
    if table:  # an earnings table ("Shr 1.20 dlrs vs 1.10 dlrs"): its rows instead
        units = rows
    if len(units) > 2:
        head, rest = ([units[0]], units[1:]) if rng.random() < 0.7 else ([], units[:])
        # A partial shuffle: neighbours swapped, so most of the order stays.
        for i in range(len(rest) - 1):
            if rng.random() < 0.5:
                rest[i], rest[i + 1] = rest[i + 1], rest[i]
        units = head + rest
    lines, paragraph = [], []
    for unit in units:
        paragraph.append(unit)
        if table or len(paragraph) >= rng.randint(1, 3):
            lines.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        lines.append(" ".join(paragraph))
    joined = "\n    ".join(lines)

    def word(match):
        w = match.group(0)
        if w in _KEEP or rng.random() >= swap or not pool:
            return w
        return rng.choice(pool)

    def number(match):
        if _MONTH_BEFORE.search(match.string, max(0, match.start() - 12), match.start()):
            return match.group(0)  # the day of a date ("February 22")
        return _vary_number(match.group(0), rng) if rng.random() < numbers else match.group(0)

    return _NUMBER.sub(number, _LOWER_WORD.sub(word, joined))


def _vary_date(date: str | None, rng) -> str | None:
    if not date:
        return None
    moment = dt.datetime.fromisoformat(date) + dt.timedelta(days=rng.randint(-45, 45),
                                                            seconds=rng.randint(-3 * 3600, 3 * 3600))
    return moment.isoformat()


def reuters_variant_records(total: int, seed: int = 1987, source: Path = REUTERS_DIR):
    """`total` article dicts (id, title, date, text) made from the Reuters
    records with a body: first every record as it is (id "r<NEWID>"), then
    round after round of variants of each ("r<NEWID>-v<round>"), until
    `total`.  A variant has its lead sentence mostly kept and the others partly
    reordered, about 8% of its content words replaced by words drawn from
    other records of the same topic (so word frequencies stay those of the
    topic), about half its numbers scaled by 0.6-1.4, its date moved by up to
    45 days, and one title word swapped.  Deterministic for a given seed."""
    import random

    items = list(reuters_items(source))
    body_pool: dict[str, list[str]] = {}
    title_pool: dict[str, list[str]] = {}
    for item in items:
        body_pool.setdefault(item["group"], []).extend(
            w for w in _LOWER_WORD.findall(item["text"]) if w not in _KEEP)
        title_pool.setdefault(item["group"], []).extend(_UPPER_WORD.findall(item["title"]))
    count, round_ = 0, 0
    while count < total:
        for item in items:
            if count >= total:
                return
            newid = item["newid"]
            if round_ == 0:
                record = {"id": f"r{newid:05d}", "title": item["title"], "date": item["date"], "text": item["text"]}
            else:
                rng = random.Random(f"{seed}:{newid}:{round_}")
                group = item["group"]
                titles = title_pool.get(group) or []

                def title_word(match, rng=rng, titles=titles, state={"done": False}):
                    if state["done"] or not titles or rng.random() < 0.5:
                        return match.group(0)
                    state["done"] = True
                    return rng.choice(titles)

                title = _UPPER_WORD.sub(title_word, item["title"])
                title = _NUMBER.sub(lambda m: _vary_number(m.group(0), rng), title)
                record = {"id": f"r{newid:05d}-v{round_:02d}", "title": title,
                          "date": _vary_date(item["date"], rng),
                          "text": _vary_text(item["text"], rng, body_pool.get(group) or [], 0.08, 0.5)}
            yield record
            count += 1
        round_ += 1
        if not items:
            return


def write_reuters_variants(dest: Path, total: int, per_file: int = 1000, seed: int = 1987,
                           source: Path = REUTERS_DIR) -> int:
    """Write `reuters_variant_records(total)` as JSON Lines files of `per_file`
    records (dest/part-00000.jsonl...); return how many records."""
    dest.mkdir(parents=True, exist_ok=True)
    count, handle = 0, None
    try:
        for record in reuters_variant_records(total, seed, source):
            if count % per_file == 0:
                if handle:
                    handle.close()
                handle = (dest / f"part-{count // per_file:05d}.jsonl").open("w", encoding="utf-8")
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if handle:
            handle.close()
    return count


def iter_records(root: Path):
    """Dicts with id, title, date (datetime at midnight, or None) and body for
    every article of a folder of .json files (one article each, id from the
    path, as `iter_documents`) and .jsonl files (one per line, id from the
    record): what the raw tantivy baseline indexes."""
    for path in corpus_files(root, extensions=(".json", ".jsonl")):
        if path.suffix.lower() == ".jsonl":
            with path.open(encoding="utf-8") as handle:
                records = [json.loads(line) for line in handle if line.strip()]
        else:
            record = json.loads(path.read_bytes())
            record.setdefault("id", path.relative_to(root).as_posix().rsplit(".", 1)[0])
            records = [record]
        for record in records:
            date = dt.datetime.fromisoformat(record["date"][:10]) if record.get("date") else None
            yield {"id": str(record["id"]), "title": record.get("title") or "", "date": date,
                   "body": record.get("text") or record.get("body") or ""}


def percentile(values: list[float], pct: float) -> float:
    """The `pct`th percentile of `values`, interpolated between ranks (the
    benchmarks' p50 and p95)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
