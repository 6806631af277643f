"""Time expressions in news text, found and normalised the way HeidelTime does
for news: against the article's publication date (its DCT), keeping the
granularity, the TIMEX3 modifier and the rule that fired.  Pure standard
library: no spaCy, no Textual, nothing from other plugins.

    find_timexes("Sales rose early last year.", dt.date(2025, 3, 13))
    -> [Timex(text="early last year", value="2024", granularity="year", mod="START",
              anchor="publication", rule="unit-relative", ...)]

The rules are data (`patterns.py`); this module compiles them once, finds
their trigger words in one pass and runs each rule only around its own, keeps
the longest of overlapping matches (ties: the earlier rule) and normalises
each.  Spans leave the signal out, as TIMEX3 does ("in 2017" -> "2017", "on
Friday" -> "Friday"); modifiers are kept in ("early March 2025", mod START).

- Absolute expressions ("March 13, 2025", "Q3 2024", "the 1990s") need no
  anchor: `anchor="absolute"`.
- Relative ones ("last year", "two weeks ago", "yesterday") are counted from
  the DCT (`anchor="publication"`).
- A name without its year ("in September", "March 13", "this summer") takes
  the occurrence around the DCT that the sentence's tense points to: the
  tense cue nearest the expression decides (FUTURE_CUES / PAST_CUES; a
  reporting verb just before it, "said on Friday", makes it past; other
  reporting verbs are no cue).  Past -> the latest occurrence starting on or
  before the DCT; future -> the earliest ending on or after it; no cue -> the
  closest (distance 0 when it holds the DCT; ties to the earlier).  A weekday
  ("on Friday", "Monday") is the same day within six days of the DCT by that
  rule: the DCT itself on its own weekday unless the tense points away.
  Quarters ("the fourth quarter") ignore tense and take the closest: results
  for a quarter are announced after it ends ("will report first-quarter
  results" in April is the quarter just ended).  "last" / "next" before a name
  take the occurrence wholly before / after the DCT, never the one holding it.
- The previous date (`anchor="previous"`) is used in two cases only;
  everything else uses the DCT, as HeidelTime does for news:
  - narrative time: a name without its year in a sentence that begins with a
    dated frame ("In 2019, ...", "Last year, ..."), or in the sentence after
    it, takes the frame's year ("In 2019 the firm was founded.  In September
    it ..." -> 2019-09).  A date later in a sentence ("founded in 2019, it said
    on March 5") is no frame;
  - anaphora: "the following day", "the next year", "the previous year",
    "that month", "a year earlier", "two days later", "the day before" count
    from the last date mentioned that is fine enough (a day for "the
    following day", any date for "that year") in the same sentence or the
    PREVIOUS_SENTENCES before it; with none, from the DCT.
- Without a DCT, what needs one is kept unresolved in TIMEX3 style
  (`XXXX-09` for "in September", `XXXX` for "last year", `XXXX-WXX-1` for
  "Monday"), `resolved=False`, `anchor="none"`; never resolved against today.
- PAST_REF / FUTURE_REF / PRESENT_REF ("recently", "in the coming months",
  "currently") have granularity "ref" and no date range; "now" alone is not
  tagged.

Values: `2025-03-13` (day), `2025-W11` (ISO week), `2025-09` (month),
`2025-Q3` (quarter), `2025-H1` (half), `2025-SU` (season: SP, SU, FA, WI; winter runs from
December into the next year), `2025` (year), `199` (the 1990s).  "N decades
ago" gives the year N*10 years before (a point, not a whole decade).  Fuzzy
counts ("a few weeks ago", "several years ago") are read as FUZZY_NUMBERS
says, with mod APPROX; "some years ago" is PAST_REF.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass

from . import patterns as P

GRANULARITIES = ("day", "week", "month", "quarter", "season", "half", "year", "decade", "ref")
UNRESOLVED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX",
              "season": "XXXX-XX", "half": "XXXX-HX", "year": "XXXX", "decade": "XXX"}
# Previous dates fine enough to count from, by the unit counted.
FINE_ENOUGH = {"day": ("day",), "week": ("day", "week"), "month": ("day", "month"),
               "quarter": ("day", "month", "quarter"), "season": ("day", "month", "season"),
               "half": ("day", "month", "quarter", "half"),
               "year": ("day", "week", "month", "quarter", "season", "half", "year"),
               "decade": ("day", "week", "month", "quarter", "season", "half", "year", "decade")}
# Rules whose dates, at the start of a sentence, set the narrative year.
FRAME_KINDS = ("date", "month_year", "quarter_year", "season_year", "half_year", "year")
# A name without its year ("March", "March 5", "the third quarter") followed by a
# range connector and a date with one ("... to May 2024") takes that year.
RANGE_STARTS = ("month", "month_day", "quarter", "season", "half")
RANGE_ENDS = ("date", "month_year", "quarter_year", "season_year", "half_year")
# How far back an anaphoric expression looks for its date: its own sentence
# and this many before it (further back, it counts from the DCT).
PREVIOUS_SENTENCES = 2
BEFORE_WINDOW = 60  # characters looked at before an expression by the guards
AFTER_WINDOW = 80
# A rule runs from REACH_BEFORE characters before a trigger to REACH_AFTER
# after it (then to the end of the word): more than any expression reaches
# around its trigger ("approximately the very beginning of mid-" ... "2024";
# "the first quarter" ... " of the previous year").
REACH_BEFORE = 64
REACH_AFTER = 40


@dataclass
class Timex:
    """One time expression: `text == body[start:end]`, normalised."""

    start: int
    end: int
    text: str
    value: str
    granularity: str
    mod: str | None
    anchor: str
    rule: str
    resolved: bool

    def to_dict(self) -> dict:
        return asdict(self)


# -- compiling the data -----------------------------------------------------------
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _alternation(words) -> str:
    """Keys, longest first, spaces matching any whitespace; a capitalised key
    (a month name, matched with its case) also in capitals."""
    variants = {w for word in words for w in ((word, word.upper()) if word[:1].isupper() else (word,))}
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(variants, key=lambda w: (-len(w), w)))


def _expand(source: str) -> str:
    def fill(match):
        name = match.group(1)
        if name in P.FRAGMENTS:
            return _expand(P.FRAGMENTS[name])
        if name.isupper() and hasattr(P, name):
            return _alternation(getattr(P, name))
        raise KeyError(f"unknown placeholder {{{name}}} in a timeline pattern")
    return _PLACEHOLDER.sub(fill, source)


def _compile(source: str) -> re.Pattern:
    return re.compile(_expand(source), re.IGNORECASE)


@dataclass(frozen=True)
class _Rule:
    id: str
    core: str
    kind: str
    regex: re.Pattern
    value: str | None
    reject_before: re.Pattern | None
    reject_after: re.Pattern | None
    checks: tuple[str, ...]
    spans_t: bool


def _trie(words) -> str:
    """An alternation of words written as a trie ("Ma(?:rch|y)"): the regex
    engine tries a few letters at each place instead of every word."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        parts = [re.escape(char) + emit(node[char]) for char in sorted(k for k in node if k)]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 and len(parts[0]) == 1 else "(?:%s)" % "|".join(parts)
        return "(?:%s)?" % body if "" in node else body
    return emit(root)


def _triggers(table: dict) -> tuple[re.Pattern, dict[str, tuple[str, ...]]]:
    """One case-sensitive pattern for every trigger (words as written, in
    lower case, capitalised and in capitals, plural or not; patterns as they
    are), and what each word or pattern group triggers."""
    words: dict[str, set[str]] = {}
    pieces: dict[str, set[str]] = {}
    for name, items in table.items():
        for item in items:
            if item.isalpha():
                for variant in (item, item.lower(), item.capitalize(), item.upper()):
                    words.setdefault(variant, set()).add(name)
            else:
                pieces.setdefault(item, set()).add(name)
    groups = {f"p{number}": tuple(sorted(names)) for number, names in enumerate(pieces.values())}
    alternatives = [f"(?P<p{number}>{item})" for number, item in enumerate(pieces)]
    alternatives.append("(?P<w>%s)[sS]?" % _trie(words))
    named = {word: tuple(sorted(names)) for word, names in words.items()}
    return re.compile(r"\b(?:%s)\b" % "|".join(alternatives)), {**groups, **named}


TRIGGER, TRIGGERED = _triggers(P.TRIGGERS)


def _rule(data: dict) -> _Rule:
    # Every expression starts at a word boundary; saying so first lets the
    # regex engine skip the inside of words at once.
    try:
        regex = _compile(r"\b(?:%s)" % data["pattern"])
    except re.error as error:
        raise ValueError(f"timeline rule {data['id']}: {error}") from error
    if data["core"] not in P.TRIGGERS:
        raise KeyError(f"timeline rule {data['id']}: unknown trigger {data['core']}")
    return _Rule(data["id"], data["core"], data["kind"], regex, data.get("value"),
                 _compile(data["reject_before"]) if data.get("reject_before") else None,
                 _compile(data["reject_after"]) if data.get("reject_after") else None,
                 tuple(data.get("checks", ())), "t" in regex.groupindex)


RULES = tuple(_rule(data) for data in P.RULES)

_CURRENCY_BEFORE = _compile(P.CURRENCY_BEFORE)
_MEASURE_AFTER = _compile(P.MEASURE_AFTER)
_CLOCK_AFTER = _compile(P.CLOCK_AFTER)
_COPYRIGHT_BEFORE = _compile(P.COPYRIGHT_BEFORE)
_COPYRIGHT_AFTER = _compile(P.COPYRIGHT_AFTER)
_COPYRIGHT_ANY = re.compile(r"©|\(c\)|copyright|rights\s+reserved", re.IGNORECASE)
_COMPOUND_AFTER = _compile(P.COMPOUND_AFTER)
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’]*)")
_SENTENCE_END = re.compile(P.SENTENCE_END)
_FRAME_PREFIX = re.compile(r"[\W_]*(?:[A-Za-z]+[\s,]+){0,3}")


def _cue_alternation(cues) -> str:
    return "|".join(c if "\\" in c else re.escape(c).replace(r"\ ", r"\s+")
                    for c in sorted(cues, key=lambda c: (-len(c), c)))


_CUES = re.compile(r"(?<![\w'’])(?:(?P<f>%s)|(?P<p>%s))(?![\w'’])" % (
    _cue_alternation(P.FUTURE_CUES), _cue_alternation(P.PAST_CUES)), re.IGNORECASE)
_REPORTED_WHEN = _compile(P.REPORTED_WHEN)
_RANGE_CONNECTOR = _compile(P.RANGE_CONNECTOR)


def _key(text: str) -> str:
    return " ".join(text.lower().replace(".", " ").split())


def _lower_keys(table: dict) -> dict:
    return {_key(k): v for k, v in table.items()}


_MONTH = _lower_keys({**P.MONTHS, **P.MONTH_ABBREVIATIONS})
_WEEKDAY = _lower_keys(P.WEEKDAYS)
_SEASON = _lower_keys(P.SEASONS)
_QUARTER = _lower_keys(P.QUARTERS)
_HALF = _lower_keys(P.HALVES)
_UNIT = _lower_keys(P.UNITS)
_NUMBER = _lower_keys(P.NUMBERS)
_FUZZY = _lower_keys(P.FUZZY_NUMBERS)
_VAGUE = _lower_keys(P.VAGUE_NUMBERS)
_MOD_ADJ = _lower_keys(P.MOD_ADJECTIVES)
_MOD_PHRASE = _lower_keys(P.MOD_PHRASES)
_APPROX = _lower_keys(P.APPROX_WORDS)
_DIRECTION = _lower_keys(P.DIRECTIONS)
_NAME_DIRECTION = _lower_keys(P.NAME_DIRECTIONS)
_DAY_WORD = _lower_keys(P.DAY_WORDS)
_COUNT_NOUNS = frozenset(_key(w) for w in P.COUNT_NOUNS)
_EVENT_PLURALS = frozenset(_key(w) for w in P.EVENT_PLURALS)


# -- periods ---------------------------------------------------------------------------
def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, _last_day(year, month))


def _quarter_span(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = 3 * quarter - 2
    return dt.date(year, first, 1), dt.date(year, first + 2, _last_day(year, first + 2))


def _half_span(year: int, half: int) -> tuple[dt.date, dt.date]:
    return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))


def _season_span(year: int, code: str) -> tuple[dt.date, dt.date]:
    first, last = P.SEASON_MONTHS[code]
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), dt.date(end_year, last, _last_day(end_year, last))


def _week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


_VALUE_FORMS = (
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), lambda y, m, d: (dt.date(y, m, d), dt.date(y, m, d))),
    (re.compile(r"(\d{4})-W(\d{2})"), lambda y, w: (dt.date.fromisocalendar(y, w, 1), dt.date.fromisocalendar(y, w, 7))),
    (re.compile(r"(\d{4})-(\d{2})"), _month_span),
    (re.compile(r"(\d{4})-Q([1-4])"), _quarter_span),
    (re.compile(r"(\d{4})-H([12])"), _half_span),
    (re.compile(r"(\d{4})-(SP|SU|FA|WI)"), _season_span),
    (re.compile(r"(\d{4})"), lambda y: (dt.date(y, 1, 1), dt.date(y, 12, 31))),
    (re.compile(r"(\d{3})"), lambda d: (dt.date(d * 10, 1, 1), dt.date(d * 10 + 9, 12, 31))),
    (re.compile(r"(\d{2})"), lambda c: (dt.date(c * 100, 1, 1), dt.date(c * 100 + 99, 12, 31))),
)


def date_range(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a value covers: `2025-Q3` -> (Jul 1, Sep 30) 2025,
    `199` -> 1990-01-01..1999-12-31, `2025-W11` -> its Monday..Sunday.  None for
    unresolved values (`XXXX-09`), references (`PAST_REF`) and anything else."""
    if not isinstance(value, str):
        return None
    for form, span in _VALUE_FORMS:
        match = form.fullmatch(value)
        if match:
            parts = [int(p) if p.isdigit() else p for p in match.groups()]
            try:
                return span(*parts)
            except (ValueError, OverflowError):
                return None
    return None


# -- the article's context: sentences, tense, what it said before ----------------------
class _Context:
    def __init__(self, text: str, dct: dt.date | None, sentences):
        self.text = text
        self.dct = dct
        self._given = sentences
        self._starts: list[int] | None = None
        self._ends: list[int] = []
        self.recent: dict[str, tuple[int, dt.date, int]] = {}  # granularity -> (order, first day, sentence)
        self.count = 0
        self.frame: tuple[int, int] | None = None  # (year, sentence index)
        self.range_years: dict[int, int] = {}  # start of a range's first end -> the year its other end states

    def _sentences(self):
        if self._starts is None:
            if self._given:
                spans = sorted((max(0, s), max(0, e)) for s, e in self._given)
            else:
                starts = [0] + [m.end() for m in _SENTENCE_END.finditer(self.text)]
                spans = list(zip(starts, starts[1:] + [len(self.text)]))
            self._starts = [s for s, _ in spans]
            self._ends = [e for _, e in spans]
        return self._starts, self._ends

    def sentence(self, pos: int) -> tuple[int, int, int]:
        """(index, start, end) of the sentence holding `pos`."""
        starts, ends = self._sentences()
        index = bisect.bisect_right(starts, pos) - 1
        if index < 0 or pos >= ends[index]:
            return index, max(0, pos - 200), min(len(self.text), pos + 200)
        return index, starts[index], ends[index]

    def tense(self, start: int, end: int) -> str | None:
        if _REPORTED_WHEN.search(self.text[max(0, start - 40):start]):
            return "past"
        _, s_start, s_end = self.sentence(start)
        best = None
        for match in _CUES.finditer(self.text, s_start, max(s_end, end)):
            if start <= match.start() < end:
                continue
            distance = start - match.end() if match.end() <= start else match.start() - end
            if best is None or distance < best[0]:
                best = (distance, "future" if match.group("f") else "past")
        return best[1] if best else None

    def stated_year(self, start: int) -> tuple[int, str] | None:
        """(year, anchor) the text gives a name written without its year: the
        year of the range it begins ("from March to May 2024"), else the
        narrative frame's."""
        if start in self.range_years:
            return self.range_years[start], "absolute"
        year = self.frame_year(start)
        return (year, "previous") if year is not None else None

    def frame_year(self, start: int) -> int | None:
        if self.frame is None:
            return None
        index = self.sentence(start)[0]
        return self.frame[0] if 0 <= index - self.frame[1] <= 1 else None

    def previous(self, unit: str, pos: int) -> dt.date | None:
        """The first day of the last date mentioned, fine enough for `unit`,
        in the sentence at `pos` or the PREVIOUS_SENTENCES before it."""
        index = self.sentence(pos)[0]
        found = [self.recent[g] for g in FINE_ENOUGH[unit]
                 if g in self.recent and index - self.recent[g][2] <= PREVIOUS_SENTENCES]
        return max(found)[1] if found else None

    def remember(self, timex: Timex, kind: str) -> None:
        span = date_range(timex.value) if timex.resolved else None
        if span is None:
            return
        self.count += 1
        index, s_start, _ = self.sentence(timex.start)
        self.recent[timex.granularity] = (self.count, span[0], index)
        if timex.granularity == "decade":
            return
        if kind in FRAME_KINDS or (kind in ("unit", "ago") and timex.granularity == "year"):
            if _FRAME_PREFIX.fullmatch(self.text, s_start, timex.start):
                self.frame = (span[0].year, index)


def _pick(periods, dct: dt.date, tense: str | None, direction: int | None = None):
    """Of (start, end, payload) periods around the DCT, the one meant (see the module docstring)."""
    if direction == -1:
        pool = [p for p in periods if p[1] < dct]
        return max(pool, key=lambda p: p[0]) if pool else None
    if direction == 1:
        pool = [p for p in periods if p[0] > dct]
        return min(pool, key=lambda p: p[0]) if pool else None
    if direction == 0:
        holding = [p for p in periods if p[0] <= dct <= p[1]]
        if holding:
            return holding[0]
    if tense == "past":
        pool = [p for p in periods if p[0] <= dct]
        if pool:
            return max(pool, key=lambda p: p[0])
    elif tense == "future":
        pool = [p for p in periods if p[1] >= dct]
        if pool:
            return min(pool, key=lambda p: p[0])

    def distance(p):
        return 0 if p[0] <= dct <= p[1] else min(abs((p[0] - dct).days), abs((p[1] - dct).days))
    return min(periods, key=lambda p: (distance(p), p[0]))


# -- reading the groups ---------------------------------------------------------------
def _group(match: re.Match, name: str) -> str | None:
    return match.group(name) if name in match.re.groupindex else None


def _mod(match: re.Match) -> str | None:
    phrase = _group(match, "mod_of")
    if phrase:
        words = _key(phrase).split()
        while words and words[0] in ("the", "very"):
            words.pop(0)
        if " ".join(words) in _MOD_PHRASE:
            return _MOD_PHRASE[" ".join(words)]
    for name in ("mod", "mod2"):
        word = _group(match, name)
        if word and _key(word) in _MOD_ADJ:
            return _MOD_ADJ[_key(word)]
    approx = _group(match, "approx")
    return _APPROX.get(_key(approx)) if approx else None


def _month_of(match: re.Match) -> int:
    number = _group(match, "mon")
    return int(number) if number else _MONTH[_key(match.group("month"))]


def _quarter_of(match: re.Match) -> int:
    digit = _group(match, "qd") or _group(match, "qd2")
    return int(digit) if digit else _QUARTER[_key(match.group("quarter"))]


def _half_of(match: re.Match) -> int:
    digit = _group(match, "hd")
    return int(digit) if digit else _HALF[_key(match.group("half"))]


def _count(text: str) -> tuple[int | None, bool]:
    """(number, fuzzy) from "two", "18", "a few"; (None, True) when too vague."""
    key = _key(text)
    if key.isdigit():
        return int(key), False
    if key in _FUZZY:
        return _FUZZY[key], True
    if key in _VAGUE:
        return None, True
    return _NUMBER[key], False


# -- normalisers: match -> (value, granularity, mod, anchor, resolved) --------------------
def _date(ctx, rule, m, s, e):
    year, month, day = int(m.group("year")), _month_of(m), int(m.group("day"))
    return dt.date(year, month, day).isoformat(), "day", _mod(m), "absolute", True


def _month_year(ctx, rule, m, s, e):
    return f"{int(m.group('year')):04d}-{_month_of(m):02d}", "month", _mod(m), "absolute", True


def _quarter_year(ctx, rule, m, s, e):
    return f"{int(m.group('year')):04d}-Q{_quarter_of(m)}", "quarter", _mod(m), "absolute", True


def _half_year(ctx, rule, m, s, e):
    return f"{int(m.group('year')):04d}-H{_half_of(m)}", "half", _mod(m), "absolute", True


def _season_year(ctx, rule, m, s, e):
    return f"{int(m.group('year')):04d}-{_SEASON[_key(m.group('season'))]}", "season", _mod(m), "absolute", True


def _year(ctx, rule, m, s, e):
    return f"{int(m.group('year')):04d}", "year", _mod(m), "absolute", True


def _decade(ctx, rule, m, s, e):
    if _group(m, "decade"):
        return f"{int(m.group('decade')) // 10:03d}", "decade", _mod(m), "absolute", True
    tens = int(m.group("decade2"))
    if ctx.dct is None:
        return f"XX{tens // 10}", "decade", _mod(m), "none", False
    year = 2000 + tens if 2000 + tens <= ctx.dct.year else 1900 + tens
    return f"{year // 10:03d}", "decade", _mod(m), "publication", True


def _named(ctx, m, s, e, granularity, span_of, unresolved, direction):
    """A month, quarter or season named without its year: narrative frame, else the DCT."""
    mod = _mod(m)
    stated = ctx.stated_year(s) if direction is None else None
    if stated is not None:
        return span_of(stated[0]), granularity, mod, stated[1], True
    if ctx.dct is None:
        return unresolved, granularity, mod, "none", False
    periods = [(*span_of(y, True), y) for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)]
    tense = ctx.tense(s, e) if direction in (None, 0) and granularity not in ("quarter", "half") else None
    chosen = _pick(periods, ctx.dct, tense, direction)
    if chosen is None:
        return None
    return span_of(chosen[2]), granularity, mod, "publication", True


def _direction(m) -> int | None:
    word = _group(m, "dir")
    if not word:
        return None
    key = _key(word)
    if key in _NAME_DIRECTION:
        return _NAME_DIRECTION[key]
    return _DIRECTION[key][0]


def _month(ctx, rule, m, s, e):
    month = _month_of(m)

    def span_of(year, as_span=False):
        return _month_span(year, month) if as_span else f"{year:04d}-{month:02d}"
    return _named(ctx, m, s, e, "month", span_of, f"XXXX-{month:02d}", _direction(m))


def _quarter(ctx, rule, m, s, e):
    quarter = _quarter_of(m)

    def span_of(year, as_span=False):
        return _quarter_span(year, quarter) if as_span else f"{year:04d}-Q{quarter}"
    return _named(ctx, m, s, e, "quarter", span_of, f"XXXX-Q{quarter}", _direction(m))


def _half(ctx, rule, m, s, e):
    half = _half_of(m)

    def span_of(year, as_span=False):
        return _half_span(year, half) if as_span else f"{year:04d}-H{half}"
    return _named(ctx, m, s, e, "half", span_of, f"XXXX-H{half}", _direction(m))


def _half_of_year(ctx, rule, m, s, e):
    half = _half_of(m)
    return _in_year(ctx, m, s, lambda year: f"{year:04d}-H{half}", "half", f"XXXX-H{half}")


def _season(ctx, rule, m, s, e):
    code = _SEASON[_key(m.group("season"))]

    def span_of(year, as_span=False):
        return _season_span(year, code) if as_span else f"{year:04d}-{code}"
    return _named(ctx, m, s, e, "season", span_of, f"XXXX-{code}", _direction(m))


def _in_year(ctx, m, s, value_of, granularity, unresolved):
    """A month or quarter of a year given relative to the DCT or the previous
    date: "the first quarter of last year", "May last year", "that year's May"."""
    word = _group(m, "dir")
    shift, anchor = _DIRECTION[_key(word)] if word else (0, "publication")
    if _group(m, "ago"):
        shift, anchor = -1, "publication"
    reference = ctx.previous("year", s) if anchor == "previous" else None
    if reference is None:
        anchor, reference = "publication", ctx.dct
    if reference is None:
        return unresolved, granularity, _mod(m), "none", False
    return value_of(reference.year + shift), granularity, _mod(m), anchor, True


def _quarter_of_year(ctx, rule, m, s, e):
    quarter = _quarter_of(m)
    return _in_year(ctx, m, s, lambda year: f"{year:04d}-Q{quarter}", "quarter", f"XXXX-Q{quarter}")


def _month_of_year(ctx, rule, m, s, e):
    month = _month_of(m)
    return _in_year(ctx, m, s, lambda year: f"{year:04d}-{month:02d}", "month", f"XXXX-{month:02d}")


def _month_day(ctx, rule, m, s, e):
    month, day = _month_of(m), int(m.group("day"))
    mod = _mod(m)
    stated = ctx.stated_year(s)
    if stated is not None and day <= _last_day(stated[0], month):
        return dt.date(stated[0], month, day).isoformat(), "day", mod, stated[1], True
    if ctx.dct is None:
        return f"XXXX-{month:02d}-{day:02d}", "day", mod, "none", False
    periods = []
    for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        if day <= _last_day(y, month):
            date = dt.date(y, month, day)
            periods.append((date, date, y))
    chosen = _pick(periods, ctx.dct, ctx.tense(s, e))
    return chosen[0].isoformat(), "day", mod, "publication", True


def _weekday(ctx, rule, m, s, e):
    weekday = _WEEKDAY[_key(m.group("weekday"))]
    if ctx.dct is None:
        return f"XXXX-WXX-{weekday}", "day", None, "none", False
    direction = _direction(m)
    days = [ctx.dct + dt.timedelta(days=k) for k in range(-7, 8)]
    periods = [(d, d, d) for d in days if d.isoweekday() == weekday]
    if direction in (None, 0):
        tense = ctx.tense(s, e)
        periods = [p for p in periods if abs((p[0] - ctx.dct).days) < 7]
        chosen = _pick(periods, ctx.dct, tense)
    else:
        chosen = _pick(periods, ctx.dct, None, direction)
    return chosen[0].isoformat(), "day", None, "publication", True


def _day_word(ctx, rule, m, s, e):
    if ctx.dct is None:
        return "XXXX-XX-XX", "day", None, "none", False
    day = ctx.dct + dt.timedelta(days=_DAY_WORD[_key(m.group("word"))])
    return day.isoformat(), "day", None, "publication", True


def _shifted(reference: dt.date, unit: str, n: int) -> tuple[str, str]:
    """(value, granularity) of the `unit` n units from the reference day."""
    if unit == "day":
        return (reference + dt.timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return _week_value(reference + dt.timedelta(weeks=n)), "week"
    if unit == "month":
        year, month = _add_months(reference.year, reference.month, n)
        return f"{year:04d}-{month:02d}", "month"
    if unit == "quarter":
        index = reference.year * 4 + (reference.month - 1) // 3 + n
        return f"{index // 4:04d}-Q{index % 4 + 1}", "quarter"
    if unit == "year":
        return f"{reference.year + n:04d}", "year"
    return f"{(reference.year // 10 + n):03d}", "decade"


def _relative(ctx, pos, unit, n, anchor, mod):
    """n units from the previous date (anchor "previous") or the DCT."""
    reference = ctx.previous(unit, pos) if anchor == "previous" else None
    if reference is None:
        anchor, reference = "publication", ctx.dct
    if reference is None:
        return UNRESOLVED[unit], unit, mod, "none", False
    value, granularity = _shifted(reference, unit, n)
    if date_range(value) is None:
        return None
    return value, granularity, mod, anchor, True


def _unit(ctx, rule, m, s, e):
    unit = _UNIT[_key(m.group("unit"))]
    word = _group(m, "dir")
    shift, anchor = _DIRECTION[_key(word)] if word else (0, "publication")
    if unit == "day" and anchor == "publication":
        return None  # "last day", "this day", "the end of the day": not dates
    mod = None if _group(m, "rel") else _mod(m)
    return _relative(ctx, s, unit, shift, anchor, mod)


def _ago(ctx, rule, m, s, e):
    unit = _UNIT[_key(m.group("unit"))]
    n, fuzzy = _count(m.group("num"))
    rel = _key(_group(m, "rel") or "from now")
    sign = -1 if rel in ("ago", "back", "earlier") else 1
    anchor = "previous" if rel in ("earlier", "later") else "publication"
    if n is None:  # "some years ago": placed nowhere
        if anchor == "previous":
            return None
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), "ref", None, \
            ("publication" if ctx.dct else "none"), True
    mod = "APPROX" if fuzzy or _group(m, "approx") else None
    if unit == "decade":  # a point ten years back, not the whole decade
        unit, n = "year", n * 10
    return _relative(ctx, s, unit, sign * n, anchor, mod)


def _day_anaphor(ctx, rule, m, s, e):
    return _relative(ctx, s, "day", -1 if _key(m.group("rel")) == "before" else 1, "previous", None)


def _ref(ctx, rule, m, s, e):
    return rule.value, "ref", None, ("publication" if ctx.dct else "none"), True


RESOLVERS = {"date": _date, "month_year": _month_year, "quarter_year": _quarter_year, "season_year": _season_year,
             "year": _year, "decade": _decade, "month_day": _month_day, "month": _month, "quarter": _quarter, "quarter_of_year": _quarter_of_year,
             "month_of_year": _month_of_year, "half_year": _half_year, "half": _half, "half_of_year": _half_of_year,
             "season": _season, "weekday": _weekday, "day_word": _day_word, "unit": _unit, "ago": _ago,
             "day_anaphor": _day_anaphor, "ref": _ref}


# -- guards ------------------------------------------------------------------------------
def _count_noun_after(text, m, s, e) -> bool:
    word = _NEXT_WORD.match(text, e)
    return not (word and _key(word.group(1)) in _COUNT_NOUNS)


def _noun_after(text, m, s, e) -> bool:
    word = _key(m.group("next"))
    if word in _COUNT_NOUNS:
        return False
    plural = len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))
    return not plural or word in _EVENT_PLURALS


CHECKS = {"count_noun_after": _count_noun_after, "noun_after": _noun_after}


def _valid_day(m) -> bool:
    try:
        day = int(m.group("day"))
        month = _month_of(m)
        year = int(m.group("year")) if "year" in m.re.groupindex and m.group("year") else 2000  # a leap year
        return 1 <= day <= _last_day(year, month)
    except (ValueError, KeyError, calendar.IllegalMonthError):
        return False


def _acceptable(text: str, rule: _Rule, m: re.Match, s: int, e: int, copyright_cues: bool) -> bool:
    before = None
    if rule.kind in ("date", "month_day") and not _valid_day(m):
        return False
    if text[e - 1].isalpha() and rule.kind != "decade" and _COMPOUND_AFTER.match(text, e):
        return False
    if text[e - 1].isdigit() and (_MEASURE_AFTER.match(text, e) or
                                  (rule.kind == "year" and _CLOCK_AFTER.match(text, e))):
        return False
    if text[s].isdigit():
        before = text[max(0, s - BEFORE_WINDOW):s]
        if _CURRENCY_BEFORE.search(before):
            return False
    if copyright_cues:
        before = before if before is not None else text[max(0, s - BEFORE_WINDOW):s]
        if _COPYRIGHT_BEFORE.search(before) or _COPYRIGHT_AFTER.match(text, e, e + AFTER_WINDOW):
            return False
    if rule.reject_before is not None:
        before = before if before is not None else text[max(0, s - BEFORE_WINDOW):s]
        if rule.reject_before.search(before):
            return False
    if rule.reject_after is not None and rule.reject_after.match(text, e, e + AFTER_WINDOW):
        return False
    return all(CHECKS[name](text, m, s, e) for name in rule.checks)


def _longest(candidates):
    """Non-overlapping candidates, longest first (ties: earlier start, then earlier rule), in text order."""
    chosen: list[tuple[int, int]] = []
    kept = []
    for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        s, e = candidate[0], candidate[1]
        index = bisect.bisect_left(chosen, (s, e))
        if index > 0 and chosen[index - 1][1] > s:
            continue
        if index < len(chosen) and chosen[index][0] < e:
            continue
        chosen.insert(index, (s, e))
        kept.append(candidate)
    return sorted(kept, key=lambda c: c[0])


_WORD_END = re.compile(r"\w*")


def _windows(text: str) -> dict[str, list[list[int]]]:
    """For each trigger, the stretches of text around it (REACH_BEFORE, REACH_AFTER), merged, ending at word ends."""
    out: dict[str, list[list[int]]] = {}
    for hit in TRIGGER.finditer(text):
        lo = max(0, hit.start() - REACH_BEFORE)
        hi = _WORD_END.match(text, min(len(text), hit.end() + REACH_AFTER)).end()
        group = hit.lastgroup
        for name in TRIGGERED[hit.group("w") if group == "w" else group]:
            spans = out.setdefault(name, [])
            if spans and lo <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], hi)
            else:
                spans.append([lo, hi])
    return out


def _first_month(kind: str, match: re.Match) -> int:
    """The month a range's end starts in (January for a year alone)."""
    if kind in ("quarter", "quarter_year"):
        return 3 * _quarter_of(match) - 2
    if kind in ("half", "half_year"):
        return 1 if _half_of(match) == 1 else 7
    if kind in ("season", "season_year"):
        return P.SEASON_MONTHS[_SEASON[_key(match.group("season"))]][0]
    if _group(match, "month") or _group(match, "mon"):
        return _month_of(match)
    return 1


def _range_years(text: str, kept) -> dict[int, int]:
    """Names without a year that begin a range whose other end states one
    ("from March to May 2024", "January 5 to January 9, 2024"): start -> year."""
    years = {}
    for (s1, e1, n1, m1), (s2, e2, n2, m2) in zip(kept, kept[1:]):
        first, second = RULES[n1], RULES[n2]
        if first.kind in RANGE_STARTS and second.kind in RANGE_ENDS and _RANGE_CONNECTOR.fullmatch(text, e1, s2) \
                and not _group(m1, "dir"):
            year = int(m2.group("year"))
            if _first_month(first.kind, m1) > _first_month(second.kind, m2):
                year -= 1  # "December to February 2025", "from Q4 to Q1 2025", "winter to spring 2025"
            years[s1] = year
    return years


def find_timexes(text: str, dct: dt.date | None, *, sentences: list[tuple[int, int]] | None = None) -> list[Timex]:
    """The time expressions of `text`, in order, resolved against `dct` (the
    publication date; None leaves relative ones unresolved).  `sentences`,
    (start, end) offsets, are used for tense and narrative time; without them
    the text is split at sentence punctuation."""
    if not text:
        return []
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    copyright_cues = _COPYRIGHT_ANY.search(text) is not None
    windows = _windows(text)
    candidates = []
    for number, rule in enumerate(RULES):
        for lo, hi in windows.get(rule.core, ()):
            for m in rule.regex.finditer(text, lo, hi):
                if rule.spans_t and m.group("t") is not None:
                    s, e = m.span("t")
                else:
                    s, e = m.span()
                if e > s and _acceptable(text, rule, m, s, e, copyright_cues):
                    candidates.append((s, e, number, m))
    ctx = _Context(text, dct, sentences)
    kept = _longest(candidates)
    ctx.range_years = _range_years(text, kept)
    found = []
    for s, e, number, m in kept:
        rule = RULES[number]
        try:
            normal = RESOLVERS[rule.kind](ctx, rule, m, s, e)
        except (ValueError, OverflowError):  # a date outside the calendar (year 0, 10000...)
            normal = None
        if normal is None:
            continue
        value, granularity, mod, anchor, resolved = normal
        timex = Timex(s, e, text[s:e], value, granularity, mod, anchor, rule.id, resolved)
        found.append(timex)
        ctx.remember(timex, rule.kind)
    return found
