"""Timeline benchmark: time-expression extraction and normalisation, newsdesk against dateparser.

Run from the repository root:

    .venv/bin/python bench/timeline.py                  # or: make bench-timeline
    .venv/bin/python bench/timeline.py --rounds 5 --json /tmp/timeline.json
    .venv/bin/python bench/timeline.py --sample /tmp/candidates.jsonl   # re-draw the (unannotated) sample

1. Quality, on `bench/data/timeline_gold.jsonl`: 175 sentences from Reuters-21578
   bodies, each with its record's `<DATE>` as the document creation time (DCT), and
   every TIMEX3 DATE expression in it annotated by hand (span, normalised value,
   granularity, mod) before any tagger was run or tuned; see bench/data/README.md
   for the sample and the guidelines. Both systems get the same sentence string and
   the same DCT:
   - dateparser (the baseline): `dateparser.search.search_dates(sentence,
     languages=["en"], settings=...)` with `RELATIVE_BASE` = the DCT at 12:00,
     `PREFER_DATES_FROM="past"` (Reuters is past-tense news), naive datetimes.
     Each returned (substring, datetime) becomes a span by finding the substring in
     the sentence, left to right. dateparser returns a datetime, never a
     granularity, so a value is derived from the matched text (see `baseline_value`):
     "now"/"currently"/"at present" give PRESENT_REF; otherwise the finest unit the
     text names decides: a day (a day number with a month, a numeric date, today,
     yesterday, tomorrow, a weekday, "N days", a clock time) gives YYYY-MM-DD; a
     week gives the ISO week YYYY-Www; a month name or "month(s)" gives YYYY-MM;
     "quarter" gives YYYY-Qn; a year or "year(s)" gives YYYY; a decade ("1980s")
     gives YYY. Text naming none of these gives the day. This is the most generous
     reading of its datetime that the matched text allows. dateparser's spans
     usually carry a preposition ("in 1986") and sometimes a trailing word, which
     TIMEX3 leaves out, so it is scored twice: as returned, and with the span edges
     trimmed mechanically (leading prepositions and conjunctions, trailing function
     words and punctuation; see `trim`), the value then inferred from the trimmed
     text. Both rows use the same search_dates call;
   - the newsdesk timeline module: `find_timexes(sentence, dct)` from
     `newsdesk.plugins.timeline.timex`, imported lazily. Each Timex gives
     `.start .end .value` (`.granularity` and `.mod` are reported, not scored).
     If it cannot be imported, its rows say "not available yet".
   Scores, micro-averaged over all expressions:
   - extraction, strict: the same (start, end); relaxed: overlapping spans, paired
     one to one, largest overlap first (TempEval-3 relaxed match);
   - value accuracy: the share of relaxed-matched pairs whose value string equals
     the gold value exactly;
   - value F1 (TempEval-3 attribute F1): a true positive is a relaxed match with
     the right value; P divides by predictions, R by gold expressions;
   - by kind of gold expression (absolute: a calendar name, as "March 13", "1986",
     "the third quarter"; relative: deictic or anaphoric, as "last week", "two years
     ago", "Monday", "recently"): recall and value recall;
   - by sentence stratum (how the sentence was drawn: absolute, relative, and the
     three trap strata: numbers/percentages/money with no date word, the same mixed
     with dates, clock times): P/R/F1 relaxed, value F1, and false positives
     (predictions that overlap no gold span), also per 100 sentences;
   - an error breakdown in counts only: correct, wrong value, boundary (overlap,
     not exact, right value), boundary+value, spurious, missed. No gold strings are
     printed: the sample is for measuring, not for tuning.
   The literature anchor printed beside the table is HeidelTime's value F1 on the
   TempEval-3 platinum test set (UzZaman et al., SemEval 2013): 77.61. That is a
   different corpus and task (it also scores TIME, DURATION and SET), so it gives
   an order of magnitude, not a target.
2. Speed: sentences/s on the gold sentences for both systems (median of
   `--rounds` passes, after one warm-up pass), and for the newsdesk module only
   articles/s on the first `--articles` (2,000) Reuters bodies with a DATE, in
   file order, each body passed whole with its DCT. Reading the corpus is not timed.

Gold sentences are checked against the corpus at start-up: a sentence that no longer
occurs in its record's whitespace-normalised body is reported (the scores are still
computed on the stored sentence).

Flags: --rounds N (default 3), --articles N (default 2000), --gold PATH,
--json PATH (write all results), --sample PATH (write the drawn, unannotated
sample and exit).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no bench/__pycache__ from importing corpora

import corpora  # noqa: E402  (bench/corpora.py)

GOLD = HERE / "data" / "timeline_gold.jsonl"
SEED = 2026
STRATA = (("absolute", 55), ("relative", 55), ("trap-only", 28), ("trap-mixed", 27), ("trap-clock", 10))
TRAP_STRATA = ("trap-only", "trap-mixed", "trap-clock")
KINDS = ("absolute", "relative")
ERROR_CLASSES = ("correct", "wrong value", "boundary", "boundary+value", "spurious", "missed")
HEIDELTIME_TE3_VALUE_F1 = 0.7761
MODULE = "newsdesk.plugins.timeline.timex"


# ---------------------------------------------------------------------------
# The sample (how bench/data/timeline_gold.jsonl was drawn, before annotation)
# ---------------------------------------------------------------------------
_ABBREV = {"U.S", "U.K", "Inc", "Corp", "Co", "Ltd", "Mr", "Mrs", "Ms", "Dr", "St", "No", "Bhd", "Jan", "Feb",
           "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Gen", "Sen", "Rep", "Gov",
           "Lt", "Col", "Maj", "Jr", "Sr", "vs", "Nos", "Pty", "Cos", "Bros", "Ave", "Dept", "Ft", "Mt", "Prof",
           "E", "W", "N", "S", "U.N", "E.C", "S.A", "N.V", "A.G", "p.m", "a.m"}
_PARA = re.compile(r"\n[ \t]+")
_BOUNDARY = re.compile(r"(?<=[.?!])(?:[\"'])?\s+(?=[\"'(]?[A-Z0-9])")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Sept"
# Pre-filters that only find candidate sentences; what is a time expression was decided by reading.
_ABS = re.compile(rf"\b(?:{_MONTHS})\b|\b(?:19[4-9]\d|20[0-2]\d)s?\b|\b(?:first|second|third|fourth|1st|2nd|3rd|4th)"
                  r"[ -]quarter\b|\bQ[1-4]\b|\b(?:first|second) half\b")
_REL = re.compile(r"\b(?:yesterday|today|tomorrow|tonight|(?:last|next|this|coming|past|previous|following)\s+"
                  r"(?:week|month|year|quarter|spring|summer|autumn|fall|winter|weekend)|ago|(?:earlier|later)\s+this"
                  r"|recent(?:ly)?|currently|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|year-ago"
                  r"|year-earlier|the future)\b", re.I)
_TRAP = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\s*(?:pct|%)|\b\d{4}\s*(?:GMT|EST|EDT|CST|local)\b"
                   r"|\b(?:19|20)?\d\d/\d\d\b|\b\d+-\d+/\d+\b|\b\d+/\d+\b|\b\d+\s*-\s*\d+\b|\b\d{3,4}\s+(?:tonnes"
                   r"|barrels|shares|dlrs|stg|yen|francs|marks|bales|bushels|acres|hectares|cars|units|employees"
                   r"|workers|points)\b")
_CLOCK = re.compile(r"\b\d{4}\s*(?:GMT|EST|EDT|CST|CDT|local|hrs|hours)\b|\b\d{1,2}[:.]\d\d\s*(?:a\.m|p\.m|am|pm)\b"
                    r"|\b\d{1,2}\s*(?:a\.m|p\.m)\.")


def sentences(body: str):
    """Body sentences, whitespace collapsed: paragraphs (indented lines), then ., ? or ! before a capital."""
    for para in _PARA.split(body):
        para = " ".join(para.split())
        start = 0
        for m in _BOUNDARY.finditer(para):
            last = para[start:m.start()].rstrip("\"'").rsplit(" ", 1)[-1].rstrip(".")
            if last in _ABBREV or (len(last) == 1 and last.isupper()):
                continue
            yield para[start:m.start()].strip()
            start = m.end()
        yield para[start:].strip()


def _usable(s: str) -> bool:
    """Prose, not tables or fragments: 40-300 characters, 7+ words, mostly lower-case letters."""
    if not (40 <= len(s) <= 300) or len(s.split()) < 7:
        return False
    if not (s[0].isupper() or s[0] in "\"'(") or s[-1] not in ".\"'":
        return False
    letters = sum(c.isalpha() for c in s)
    if letters / len(s) < 0.6 or sum(c.isupper() for c in s) > 0.3 * letters:
        return False
    return not ("  " in s or ".." in s or "<" in s or ">" in s)


def draw_sample(seed: int = SEED) -> list[dict]:
    """The unannotated sample, reproducibly: strata by regex, then random.Random(seed), one sentence per record."""
    pools: dict[str, list] = {name: [] for name, _ in STRATA}
    seen: set[str] = set()
    for stem, newid, _title, date, body in corpora.reuters_records():
        if not date:
            continue
        for s in sentences(body):
            if not _usable(s) or s in seen:
                continue
            seen.add(s)
            a, r, t = _ABS.search(s), _REL.search(s), len(_TRAP.findall(s))
            rec = (f"{stem}.sgm", newid, date[:10], s)
            if t >= 2 and (a or r):
                pools["trap-mixed"].append(rec)
            elif t >= 1 and not (a or r):
                pools["trap-only"].append(rec)
            elif r and not t:
                pools["relative"].append(rec)
            elif a and not t:
                pools["absolute"].append(rec)
            if _CLOCK.search(s):  # drawn last, from what the other strata left
                pools["trap-clock"].append(rec)
    rng = random.Random(seed)
    used, out = set(), []
    for name, k in STRATA:
        picked = []
        for rec in rng.sample(pools[name], len(pools[name])):
            if (rec[0], rec[1]) in used:
                continue
            used.add((rec[0], rec[1]))
            picked.append(rec)
            if len(picked) == k:
                break
        out += [{"file": f, "newid": str(i), "dct": d, "stratum": name, "sentence": s, "pool": len(pools[name])}
                for f, i, d, s in picked]
    return out


# ---------------------------------------------------------------------------
# Gold
# ---------------------------------------------------------------------------
def load_gold(path: Path) -> tuple[dict, list[dict]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    header, records = lines[0], lines[1:]
    if header.get("newsdesk") != "timeline-gold":
        raise SystemExit(f"bench: {path} is not a timeline gold file")
    for rec in records:
        for t in rec["timexes"]:
            if rec["sentence"][t["start"]:t["end"]] != t["text"]:
                raise SystemExit(f"bench: {path}: span text mismatch in {rec['file']} {rec['newid']}")
        rec["dct_date"] = dt.date.fromisoformat(rec["dct"])
    return header, records


def check_against_corpus(records: list[dict]) -> list[str]:
    """Gold sentences that no longer occur in their record's body (whitespace collapsed)."""
    want = {(r["file"], int(r["newid"])) for r in records}
    bodies = {}
    for stem, newid, _t, _d, body in corpora.reuters_records():
        if (f"{stem}.sgm", newid) in want:
            bodies[(f"{stem}.sgm", newid)] = " ".join(body.split())
    return [f"{r['file']}#{r['newid']}" for r in records
            if r["sentence"] not in bodies.get((r["file"], int(r["newid"])), "")]


# ---------------------------------------------------------------------------
# The two systems
# ---------------------------------------------------------------------------
_PRESENT = {"now", "right now", "currently", "at present", "present", "nowadays"}
_WEEKDAYS = r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTH_NAMES = (r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
                r"|august|september|october|november|december")
_DAY_TEXT = re.compile(
    rf"\b(?:today|yesterday|tomorrow|tonight|days?|noon|midnight|morning|afternoon|evening|night|{_WEEKDAYS})\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_NAMES})\b"
    rf"|\b(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}:\d\d\b|\b\d{1,2}\s*(?:am|pm|a\.m|p\.m)\b"
    r"|\b[012]\d[0-5]\d\s*(?:gmt|est|edt|hrs?|hours)\b",
    re.I)
_WEEK_TEXT = re.compile(r"\bweeks?\b|\bweekend\b", re.I)
_MONTH_TEXT = re.compile(rf"\b(?:{_MONTH_NAMES})\b|\bmonths?\b", re.I)
_QUARTER_TEXT = re.compile(r"\bquarters?\b|\bq[1-4]\b", re.I)
_DECADE_TEXT = re.compile(r"\b(1[89]|20)\d0'?s\b", re.I)
_YEAR_TEXT = re.compile(r"\b(?:1[89]|20)\d\d\b|\byears?\b", re.I)


def baseline_granularity(text: str) -> str:
    """The finest calendar unit the matched text names (dateparser gives only a datetime)."""
    t = text.strip().lower()
    if t in _PRESENT:
        return "ref"
    for gran, pattern in (("day", _DAY_TEXT), ("week", _WEEK_TEXT), ("month", _MONTH_TEXT),
                          ("quarter", _QUARTER_TEXT), ("decade", _DECADE_TEXT), ("year", _YEAR_TEXT)):
        if pattern.search(t):
            return gran
    return "day"


def format_value(when: dt.date, granularity: str) -> str:
    if granularity == "week":
        year, week, _ = when.isocalendar()
        return f"{year}-W{week:02d}"
    if granularity == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if granularity == "quarter":
        return f"{when.year:04d}-Q{(when.month - 1) // 3 + 1}"
    if granularity == "year":
        return f"{when.year:04d}"
    if granularity == "decade":
        return f"{when.year // 10:03d}"
    return f"{when.year:04d}-{when.month:02d}-{when.day:02d}"


def baseline_value(text: str, when: dt.datetime) -> tuple[str, str]:
    gran = baseline_granularity(text)
    if gran == "ref":
        return "PRESENT_REF", gran
    return format_value(when.date(), gran), gran


_EDGE_WORDS = ("in", "on", "at", "by", "of", "from", "since", "until", "till", "to", "for", "during", "before",
               "after", "and", "or", "about", "around", "the", "a", "an")
_LEAD = re.compile(rf"^(?:(?:{'|'.join(w for w in _EDGE_WORDS if w not in ('the', 'a', 'an'))})\s+)+", re.I)
_TRAIL = re.compile(rf"(?:[\s,;:]+(?:(?:{'|'.join(_EDGE_WORDS)})\b)?)+$", re.I)


def trim(text: str) -> tuple[int, int]:
    """(left, right) cut that drops leading prepositions/conjunctions and trailing function words and punctuation."""
    left = _LEAD.match(text)
    cut = left.end() if left else 0
    right = _TRAIL.search(text, cut)
    end = right.start() if right and right.start() > cut else len(text)
    return cut, end


class Baseline:
    """dateparser's search_dates. trimmed=True moves its span edges to the TIMEX3 convention mechanically:
    leading prepositions and conjunctions ("in", "on", "by", "and", ...) and trailing function words and
    punctuation (", the", " and", " of") are cut, and the value is inferred from the trimmed text."""

    def __init__(self, trimmed: bool = False):
        from dateparser.search import search_dates

        self._search = search_dates
        self.trimmed = trimmed
        self.unlocated = 0

    def __call__(self, sentence: str, dct: dt.date) -> list[dict]:
        settings = {"RELATIVE_BASE": dt.datetime.combine(dct, dt.time(12)), "PREFER_DATES_FROM": "past",
                    "RETURN_AS_TIMEZONE_AWARE": False}
        found = self._search(sentence, languages=["en"], settings=settings) or []
        out, pos = [], 0
        for text, when in found:
            start = sentence.find(text, pos)
            if start < 0:
                start = sentence.find(text)
            if start < 0:
                self.unlocated += 1
                continue
            pos = start + len(text)
            if self.trimmed:
                left, right = trim(text)
                start, text = start + left, text[left:right]
            value, gran = baseline_value(text, when)
            out.append({"start": start, "end": start + len(text), "text": text, "value": value,
                        "granularity": gran, "mod": None})
        return out


def find_newsdesk():
    """(callable, note) or (None, why not)."""
    try:
        module = importlib.import_module(MODULE)
        find = module.find_timexes
    except Exception as error:  # noqa: BLE001 - any failure means "not there yet"
        return None, f"{type(error).__name__}: {error}"

    def run(sentence: str, dct: dt.date) -> list[dict]:
        return [{"start": t.start, "end": t.end, "text": getattr(t, "text", sentence[t.start:t.end]),
                 "value": None if t.value is None else str(t.value),
                 "granularity": getattr(t, "granularity", None), "mod": getattr(t, "mod", None)}
                for t in find(sentence, dct)]

    return run, f"{MODULE}.find_timexes"


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------
def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "p": p, "r": r, "f1": f}


def _overlap(a: dict, b: dict) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def relaxed_pairs(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of overlapping spans, largest overlap first."""
    cands = sorted(((_overlap(g, p), -i, -j) for i, g in enumerate(gold) for j, p in enumerate(pred)
                    if _overlap(g, p) > 0), reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, i, j in cands:
        i, j = -i, -j
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def score(records: list[dict], preds: list[list[dict]]) -> dict:
    tot = Counter()
    by_kind = {k: Counter() for k in KINDS}
    by_stratum = {name: Counter() for name, _ in STRATA}
    errors = Counter()
    pred_gran = Counter()
    for rec, pred in zip(records, preds):
        gold = rec["timexes"]
        st = by_stratum[rec["stratum"]]
        st["sentences"] += 1
        strict = {(g["start"], g["end"]) for g in gold} & {(p["start"], p["end"]) for p in pred}
        pairs = relaxed_pairs(gold, pred)
        right = [(i, j) for i, j in pairs if pred[j]["value"] == gold[i]["value"]]
        matched_p = {j for _, j in pairs}
        spurious = len(pred) - len(matched_p)
        for c in (tot, st):
            c["gold"] += len(gold)
            c["pred"] += len(pred)
            c["strict"] += len(strict)
            c["relaxed"] += len(pairs)
            c["value"] += len(right)
            c["spurious"] += spurious
        st["sentences_with_fp"] += spurious > 0
        st["sentences_no_gold"] += not gold
        for i, g in enumerate(gold):
            k = by_kind[g["kind"]]
            k["gold"] += 1
            k["strict"] += (g["start"], g["end"]) in strict
        for i, j in pairs:
            by_kind[gold[i]["kind"]]["relaxed"] += 1
            by_kind[gold[i]["kind"]]["value"] += pred[j]["value"] == gold[i]["value"]
            exact = (gold[i]["start"], gold[i]["end"]) == (pred[j]["start"], pred[j]["end"])
            good = pred[j]["value"] == gold[i]["value"]
            errors[{(True, True): "correct", (True, False): "wrong value", (False, True): "boundary",
                    (False, False): "boundary+value"}[(exact, good)]] += 1
        errors["spurious"] += spurious
        errors["missed"] += len(gold) - len(pairs)
        pred_gran.update(str(p.get("granularity")) for p in pred)
    return {
        "strict": prf(tot["strict"], tot["pred"], tot["gold"]),
        "relaxed": prf(tot["relaxed"], tot["pred"], tot["gold"]),
        "value_accuracy": tot["value"] / tot["relaxed"] if tot["relaxed"] else 0.0,
        "value": prf(tot["value"], tot["pred"], tot["gold"]),
        "by_kind": {k: {"gold": c["gold"], "strict_r": c["strict"] / c["gold"] if c["gold"] else 0.0,
                        "relaxed_r": c["relaxed"] / c["gold"] if c["gold"] else 0.0,
                        "value_r": c["value"] / c["gold"] if c["gold"] else 0.0,
                        "value_acc": c["value"] / c["relaxed"] if c["relaxed"] else 0.0}
                    for k, c in by_kind.items()},
        "by_stratum": {s: {"sentences": c["sentences"], "no_gold": c["sentences_no_gold"],
                           "relaxed": prf(c["relaxed"], c["pred"], c["gold"]),
                           "value": prf(c["value"], c["pred"], c["gold"]),
                           "spurious": c["spurious"], "sentences_with_fp": c["sentences_with_fp"]}
                       for s, c in by_stratum.items()},
        "errors": {k: errors.get(k, 0) for k in ERROR_CLASSES},
        "predicted_granularity": dict(pred_gran.most_common()),
    }


def spurious_shapes(records: list[dict], preds: list[list[dict]]) -> dict:
    """What the system's spurious predictions look like (their own text, never the gold's)."""
    shapes = Counter()
    for rec, pred in zip(records, preds):
        matched = {j for _, j in relaxed_pairs(rec["timexes"], pred)}
        for j, p in enumerate(pred):
            if j in matched:
                continue
            t = p["text"].strip()
            if re.fullmatch(r"[\d.,/-]+", t):
                shape = "digits only"
            elif re.search(r"\d", t):
                shape = "digits and words"
            elif len(t.split()) == 1:
                shape = "one word"
            else:
                shape = "several words"
            shapes[shape] += 1
    return dict(shapes.most_common())


# ---------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------
def run_system(system, records: list[dict]) -> tuple[list[list[dict]], str | None]:
    preds = []
    for rec in records:
        try:
            preds.append(system(rec["sentence"], rec["dct_date"]))
        except Exception as error:  # noqa: BLE001 - reported; the other system still prints
            return [], f"{type(error).__name__}: {error}"
    return preds, None


def time_sentences(system, records: list[dict], rounds: int) -> dict:
    for rec in records:  # warm-up: language data, caches, compiled patterns
        system(rec["sentence"], rec["dct_date"])
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for rec in records:
            system(rec["sentence"], rec["dct_date"])
        times.append(time.perf_counter() - t0)
    seconds = statistics.median(times)
    return {"seconds": seconds, "all_seconds": times, "sentences": len(records),
            "sentences_per_s": len(records) / seconds}


def run_articles(system, limit: int, rounds: int) -> dict:
    print(f"  [speed] reading the first {limit:,} Reuters bodies with a DATE...", file=sys.stderr, flush=True)
    docs = []
    for _stem, _newid, _title, date, body in corpora.reuters_records():
        if date:
            docs.append((body, dt.date.fromisoformat(date[:10])))
            if len(docs) == limit:
                break
    chars = sum(len(b) for b, _ in docs)
    for body, dct in docs[:50]:
        system(body, dct)
    times, found = [], 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        found = sum(len(system(body, dct)) for body, dct in docs)
        times.append(time.perf_counter() - t0)
    seconds = statistics.median(times)
    return {"articles": len(docs), "chars": chars, "seconds": seconds, "all_seconds": times, "timexes": found,
            "articles_per_s": len(docs) / seconds, "chars_per_s": chars / seconds}


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def print_quality(q: dict, systems: list[tuple[str, dict | None, str | None]]) -> None:
    print(f"\nQuality on the gold sample: {q['sentences']} Reuters sentences, {q['timexes']} hand-annotated "
          f"DATE expressions ({', '.join(f'{k} {n}' for k, n in q['kinds'].items())}); "
          f"{q['sentences_without']} sentences have none")
    print(f"  strata: {', '.join(f'{s} {n}' for s, n in q['strata'].items())}")
    if q["not_in_corpus"]:
        print(f"  WARNING: {len(q['not_in_corpus'])} gold sentences no longer occur in their record: "
              f"{', '.join(q['not_in_corpus'])}")
    head = "".join(f"{v:-^23}  " for v in (" strict span ", " relaxed span ", " value (TE3) "))
    print(f"\n  {'':<36}{head}{'value':>6}")
    print(f"  {'system':<36}" + f"{'P':>7}{'R':>8}{'F1':>8}  " * 3 + f"{'acc':>6}{'pred':>7}")
    for _, label, s, why in systems:
        if s is None:
            print(f"  {label:<36}not available yet ({why})")
            continue
        cells = "".join(f"{_pct(s[v]['p']):>7}{_pct(s[v]['r']):>8}{_pct(s[v]['f1']):>8}  "
                        for v in ("strict", "relaxed", "value"))
        print(f"  {label:<36}{cells}{_pct(s['value_accuracy']):>6}{s['relaxed']['pred']:>7}")
    print(f"  {'literature: HeidelTime, TempEval-3':<36}{'':>48}{_pct(HEIDELTIME_TE3_VALUE_F1):>8}"
          f"   (value F1 on the TE3 platinum test, all TIMEX3 types; other corpus)")
    print("  (percent; strict = same span; relaxed = overlapping span, one to one; value = relaxed match with "
          "the gold value; acc = right values among relaxed matches)")

    present = [(short, s) for short, _, s, _ in systems if s is not None]
    print(f"\n  {'by kind of gold expression':<36}{'gold':>6}" +
          "".join(f"  {label[:18]:>18}: {'strictR':>7}{'relaxR':>7}{'valueR':>7}{'valAcc':>7}"
                  for label, _ in present))
    for k in KINDS:
        line = f"  {k:<36}{q['kinds'].get(k, 0):>6}"
        for _, s in present:
            b = s["by_kind"][k]
            line += (f"  {'':>18}  {_pct(b['strict_r']):>7}{_pct(b['relaxed_r']):>7}{_pct(b['value_r']):>7}"
                     f"{_pct(b['value_acc']):>7}")
        print(line)

    print(f"\n  {'by sentence stratum':<20}{'sent':>5}{'none':>5}{'gold':>5}  system")
    for stratum, _ in STRATA:
        first = True
        for label, s in present:
            b = s["by_stratum"][stratum]
            lead = (f"  {stratum:<20}{b['sentences']:>5}{b['no_gold']:>5}{b['relaxed']['gold']:>5}  " if first
                    else f"  {'':<35}  ")
            first = False
            print(f"{lead}{label[:18]:<18} pred {b['relaxed']['pred']:>3}  relaxed P/R/F1 "
                  f"{_pct(b['relaxed']['p']):>5}/{_pct(b['relaxed']['r']):>5}/{_pct(b['relaxed']['f1']):>5}  "
                  f"value F1 {_pct(b['value']['f1']):>5}  false pos {b['spurious']:>3} "
                  f"({100 * b['spurious'] / max(1, b['sentences']):.0f} per 100 sent., in {b['sentences_with_fp']} sent.)")
    print("  (none = sentences with no gold expression; false pos = predictions overlapping no gold span)")

    print("\n  Error breakdown (each gold and predicted expression in one class; counts)")
    print(f"  {'system':<36}" + "".join(f"{c:>15}" for c in ERROR_CLASSES))
    for label, s in present:
        print(f"  {label:<36}" + "".join(f"{s['errors'][c]:>15}" for c in ERROR_CLASSES))
    print("  (boundary: overlapping, not the same span; spurious: overlaps no gold; missed: overlapped by no prediction)")
    for label, s in present:
        print(f"  {label}: spurious by shape: "
              f"{', '.join(f'{k} {n}' for k, n in s['spurious_shapes'].items()) or 'none'}; "
              f"predicted granularities: {', '.join(f'{k} {n}' for k, n in s['predicted_granularity'].items())}")


def print_speed(sp: dict) -> None:
    print(f"\nSpeed (median of {sp['rounds']} round{'s' if sp['rounds'] != 1 else ''} after a warm-up, one process)")
    print(f"  {'system':<36}{'input':<40}{'seconds':>9}{'per second':>16}")
    for label, key in (("dateparser search_dates", "baseline"), ("newsdesk find_timexes", "newsdesk")):
        s = sp.get(key)
        if s:
            print(f"  {label:<36}{str(s['sentences']) + ' gold sentences':<40}{s['seconds']:>9.2f}"
                  f"{s['sentences_per_s']:>12,.0f} sent")
        else:
            print(f"  {label:<36}{'gold sentences':<40}not available yet")
    a = sp.get("articles")
    if a:
        what = f"{a['articles']:,} Reuters bodies ({a['chars']:,} chars)"
        print(f"  {'newsdesk find_timexes':<36}{what:<40}"
              f"{a['seconds']:>9.2f}{a['articles_per_s']:>12,.0f} art.   ({a['chars_per_s']:,.0f} chars/s, "
              f"{a['timexes']:,} expressions)")
    else:
        print(f"  {'newsdesk find_timexes':<36}{'Reuters bodies':<40}not available yet")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed passes per system (median)")
    parser.add_argument("--articles", type=int, default=2000, help="Reuters bodies for the newsdesk speed run")
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold file (default bench/data/timeline_gold.jsonl)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON here")
    parser.add_argument("--sample", metavar="PATH", help="write the drawn, unannotated sample as JSON lines and exit")
    args = parser.parse_args(argv)
    if not corpora.REUTERS_DIR.exists():
        raise SystemExit(f"bench: corpus not found: {corpora.REUTERS_DIR}")
    if args.sample:
        rows = draw_sample()
        Path(args.sample).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} sentences written to {args.sample}")
        return
    try:
        import dateparser
    except ImportError as error:
        raise SystemExit(f"bench: dateparser is needed for the baseline ({error}); pip install -e '.[bench]' "
                         "or run make bench-timeline")

    started = time.perf_counter()
    rounds = max(1, args.rounds)
    header, records = load_gold(args.gold)
    print("  [quality] checking gold sentences against the corpus...", file=sys.stderr, flush=True)
    quality = {"gold": str(args.gold), "annotator": header.get("annotator"), "sentences": len(records),
               "timexes": sum(len(r["timexes"]) for r in records),
               "sentences_without": sum(not r["timexes"] for r in records),
               "kinds": dict(Counter(t["kind"] for r in records for t in r["timexes"]).most_common()),
               "strata": dict(Counter(r["stratum"] for r in records)),
               "not_in_corpus": check_against_corpus(records)}

    baseline = Baseline()
    newsdesk, note = find_newsdesk()
    systems = (("baseline", "dateparser", "dateparser search_dates", baseline),
               ("baseline_trimmed", "dateparser trimmed", "dateparser, span edges trimmed", Baseline(trimmed=True)),
               ("newsdesk", "newsdesk", "newsdesk find_timexes", newsdesk))
    results = {"python": platform.python_version(), "dateparser": dateparser.__version__, "cpus": os.cpu_count(),
               "newsdesk_module": note if newsdesk else None, "newsdesk_unavailable": None if newsdesk else note}
    rows = []
    for key, short, label, system in systems:
        if system is None:
            rows.append((short, label, None, note))
            continue
        print(f"  [quality] {label}...", file=sys.stderr, flush=True)
        preds, error = run_system(system, records)
        if error:
            quality[f"{key}_error"] = error
            rows.append((short, label, None, f"failed: {error}"))
            continue
        s = score(records, preds)
        s["spurious_shapes"] = spurious_shapes(records, preds)
        quality[key] = s
        quality[f"{key}_predictions"] = [{"file": r["file"], "newid": r["newid"], "found": p}
                                         for r, p in zip(records, preds)]
        rows.append((short, label, s, None))
    quality["baseline_unlocated_matches"] = baseline.unlocated
    unlocated = baseline.unlocated
    results["quality"] = quality

    speed = {"rounds": rounds}
    print("  [speed] gold sentences...", file=sys.stderr, flush=True)
    speed["baseline"] = time_sentences(baseline, records, rounds)
    if newsdesk is not None and "newsdesk" in quality:
        speed["newsdesk"] = time_sentences(newsdesk, records, rounds)
        try:
            speed["articles"] = run_articles(newsdesk, args.articles, rounds)
        except Exception as error:  # noqa: BLE001
            speed["articles_error"] = f"{type(error).__name__}: {error}"
    results["speed"] = speed
    results["seconds"] = time.perf_counter() - started

    print(f"newsdesk timeline benchmark: Python {results['python']}, dateparser {results['dateparser']}, "
          f"{results['cpus']} CPUs")
    print(f"newsdesk timeline module: {'found: ' + note if newsdesk else 'not available yet (' + note + ')'}")
    print_quality(quality, rows)
    if unlocated:
        print(f"  dateparser matches not found verbatim in the sentence (dropped): {unlocated}")
    print_speed(speed)
    print(f"\nwhole run: {results['seconds']:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
