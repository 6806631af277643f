"""Fuzzing the date normalisers: the timeline plugin's time expressions
(`find_timexes`, `date_range`) against any publication date or none, and the
engine's dates for article headers, metadata and sidecars
(`find_date`, `date_span`, `parse_iso_or_text`).

Text comes from the rules' own vocabulary (months, weekdays, units, numbers,
modifiers, directions, signals, cue words), numbers of every size, and raw
unicode.  None of them may raise; every expression's offsets point into the
text, expressions come in order without overlapping, and a resolved value is
a real span of days, first before last.
"""

from __future__ import annotations

import datetime as dt
import random
import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsdesk.plugins.timeline import patterns as P
from newsdesk.plugins.timeline.timex import GRANULARITIES, date_range, find_timexes
from newsdesk.search.dates import date_span, find_date, parse_iso_or_text

RUNS = 10_000
VOCABULARY = sorted({*P.MONTHS, *P.MONTH_ABBREVIATIONS, *P.WEEKDAYS, *P.SEASONS, *P.QUARTERS, *P.UNITS,
                     *P.NUMBERS, *P.FUZZY_NUMBERS, *P.VAGUE_NUMBERS, *P.MOD_ADJECTIVES, *P.MOD_PHRASES,
                     *P.APPROX_WORDS, *P.DIRECTIONS, *P.NAME_DIRECTIONS, *P.DAY_WORDS, *P.YEAR_SIGNALS,
                     *P.FUTURE_CUES[:10], *P.PAST_CUES[:10], *P.REPORTING_VERBS, *P.COUNT_NOUNS[:5],
                     "ago", "later", "earlier", "before", "after", "following", "previous", "the", "of", "to", "-",
                     "s", "'s", "quarter", "half", "Q1", "Q4", "H1", "H2", "1990s", "'90s", "mid-", "©", "%", "$",
                     "Copyright", "All rights reserved", "said", "will", "."})
NUMBER = st.one_of(
    st.integers(0, 3000), st.integers(0, 10**12), st.sampled_from([0, 1, 9, 10, 31, 32, 99, 100, 999, 1000, 1899,
                                                                   1900, 2099, 2100, 9999, 10000, 99999]),
).map(str) | st.sampled_from(["0000", "00", "2025-03-13", "2025-02-29", "2024-02-29", "9999-12-31", "0001-01-01",
                              "13/45/2025", "2025/13/01", "31st", "0th", "2025-W53", "2025-W00", "2020-W53"])
YEAR = st.integers(0, 10**5).map(str) | st.integers(1, 9999).map(lambda y: f"{y:04d}")
DAY = st.integers(0, 40).map(str)
pick = st.sampled_from
# Whole expressions as the rules write them, with any numbers in their slots.
EXPRESSION = st.one_of(
    st.tuples(pick(sorted(P.MONTHS)), DAY, YEAR).map(lambda p: f"{p[0]} {p[1]}, {p[2]}"),
    st.tuples(DAY, pick(sorted(P.MONTHS)), YEAR).map(lambda p: f"{p[0]} {p[1]} {p[2]}"),
    st.tuples(pick(sorted(P.MONTHS)), YEAR).map(" ".join),
    st.tuples(pick(sorted(P.NAME_DIRECTIONS) + ["in", "on", "since"]),
              pick(sorted({*P.MONTHS, *P.WEEKDAYS, *P.SEASONS}))).map(" ".join),
    st.tuples(pick(sorted(P.DIRECTIONS)), pick(sorted(P.UNITS))).map(" ".join),
    st.tuples(NUMBER | pick(sorted({*P.NUMBERS, *P.FUZZY_NUMBERS})), pick(sorted(P.UNITS)),
              pick(["ago", "later", "earlier", "from now", "before"])).map(lambda p: f"{p[0]} {p[1]}s {p[2]}"),
    st.tuples(pick(sorted(P.QUARTERS)), YEAR).map(lambda p: f"the {p[0]} quarter of {p[1]}"),
    st.tuples(pick(["Q1", "Q2", "Q3", "Q4", "H1", "H2"]), YEAR).map(" ".join),
    st.tuples(pick(sorted(P.MOD_ADJECTIVES)), YEAR).map(" ".join),
    st.tuples(pick(["in", "since", "by"]), YEAR).map(" ".join),
    YEAR.map(lambda y: f"the {y}s"),
    pick(sorted(P.DAY_WORDS) + ["the following day", "the day before", "that year", "a year earlier"]),
    st.tuples(YEAR, st.integers(0, 13), st.integers(0, 32)).map(lambda p: f"{p[0]}-{p[1]:02d}-{p[2]:02d}"),
)
WORD = (EXPRESSION | st.sampled_from(VOCABULARY) | NUMBER
        | st.text(alphabet=string.ascii_letters + "éİ中\u0301", max_size=6))
SEPARATOR = st.sampled_from([" ", " ", " ", ", ", ". ", "\n\n", "-", "–", " (", ") ", "\u00a0", "\t", "/", ""])
pieces = st.lists(st.tuples(WORD, SEPARATOR).map("".join), max_size=24)
raw = st.text(max_size=60)
DCT = st.none() | st.dates() | st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 1, 7), dt.date(9999, 12, 25),
                                                dt.date(2024, 2, 29), dt.date(2025, 12, 31)])
VARIANTS = 2  # texts normalised per example: as generated, and the words shuffled


def check_timexes(text: str, dct: dt.date | None) -> int:
    """Check the expressions found in `text`; return how many resolved to a date."""
    found = find_timexes(text, dct)
    resolved = 0
    end = 0
    for timex in found:
        assert end <= timex.start < timex.end <= len(text), (timex, end)
        assert text[timex.start:timex.end] == timex.text
        end = timex.end
        assert timex.granularity in GRANULARITIES
        if timex.granularity == "ref" or not timex.resolved:
            assert dct is not None or not timex.resolved or timex.anchor in ("absolute", "none")
            continue
        span = date_range(timex.value)
        assert span is not None, timex
        assert span[0] <= span[1], timex
        if dct is None:
            assert timex.anchor in ("absolute", "previous"), timex
        resolved += 1
    return resolved


def check_header_dates(text: str) -> None:
    found = find_date(text)
    span = date_span(text)
    assert (found is None) == (span is None)
    if span:
        assert 0 <= span[0] < span[1] <= len(text)
        assert 1900 <= found.year <= 2099
    parsed = parse_iso_or_text(text)
    assert parsed is None or isinstance(parsed, dt.date)


# The ends of the calendar: what would fall outside it is dropped, never raised.
EDGES = [("Next year it will rain.", dt.date.max), ("Last year it rained.", dt.date.min),
         ("It rains tomorrow.", dt.date.max), ("It rained yesterday.", dt.date.min),
         ("Two decades ago it rained.", dt.date(10, 1, 1)), ("It rained in the 99990s.", None),
         ("It rained on Monday.", dt.date(1, 1, 1)), ("It will rain next week.", dt.date(9999, 12, 30)),
         ("It rained on December 31, 9999 and the following day.", None), ("the fourth quarter", dt.date.max)]


@pytest.mark.parametrize("text,dct", EDGES)
def test_the_ends_of_the_calendar(text, dct):
    check_timexes(text, dct)
    check_header_dates(text)


def test_generated_text_normalises_without_errors():
    calls, resolved = [], []

    @settings(max_examples=RUNS // VARIANTS, deadline=None, database=None)
    @given(words=pieces | raw.map(lambda s: [s]), dct=DCT, rnd=st.randoms(use_true_random=False))
    @example(words=["last year"], dct=dt.date.min, rnd=random.Random(0))
    @example(words=["next year"], dct=dt.date.max, rnd=random.Random(0))
    def run(words, dct, rnd):
        shuffled = list(words)
        rnd.shuffle(shuffled)
        for text in ("".join(words), "".join(shuffled)):
            calls.append(text)
            try:
                resolved.append(check_timexes(text, dct))
                check_header_dates(text)
            except Exception as error:
                raise AssertionError(f"{text!r} published {dct}: {error!r}") from error

    run()
    assert len(calls) >= RUNS
    assert sum(1 for count in resolved if count) > RUNS // 10  # the grammar does reach the rules
