"""The timeline plugin's time expressions (`plugins/timeline/timex.py` and its
rules, `patterns.py`): each kind of expression with a publication date and
without one, what is not a date, overlaps, offsets, `date_range`, and random
text.  Pure functions: no index, no spaCy."""

from __future__ import annotations

import ast
import datetime as dt
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.plugins.timeline import patterns, timex
from newsdesk.plugins.timeline.timex import Timex, date_range, find_timexes

DCT = dt.date(2025, 3, 13)  # a Thursday, in ISO week 11
TIMELINE = Path(timex.__file__).parent


def only(text, dct=DCT, **kwargs) -> Timex:
    found = find_timexes(text, dct, **kwargs)
    assert len(found) == 1, [(t.text, t.value, t.rule) for t in found]
    return found[0]


def values(text, dct=DCT):
    return [t.value for t in find_timexes(text, dct)]


# -- absolute expressions: the same with a publication date or without ----------
@pytest.mark.parametrize("text, expression, value, granularity, mod, rule", [
    ("It opened on March 13, 2025.", "March 13, 2025", "2025-03-13", "day", None, "date-mdy"),
    ("It opened on Thursday, March 13th 2025.", "Thursday, March 13th 2025", "2025-03-13", "day", None, "date-mdy"),
    ("It opened on 13 March 2025.", "13 March 2025", "2025-03-13", "day", None, "date-dmy"),
    ("the 13th of March, 2025", "the 13th of March, 2025", "2025-03-13", "day", None, "date-dmy"),
    ("Filed 2025-03-13 by the clerk.", "2025-03-13", "2025-03-13", "day", None, "date-iso"),
    ("Filed 2025/03/13 by the clerk.", "2025/03/13", "2025-03-13", "day", None, "date-ymd-slash"),
    ("SALVADOR, Feb. 26, 1987 - Showers", "Feb. 26, 1987", "1987-02-26", "day", None, "date-mdy"),
    ("Sales in March 2025 rose.", "March 2025", "2025-03", "month", None, "month-year"),
    ("Sales in May 2024 rose.", "May 2024", "2024-05", "month", None, "month-year"),
    ("in early March 2025", "early March 2025", "2025-03", "month", "START", "month-year"),
    ("around March 2025", "around March 2025", "2025-03", "month", "APPROX", "month-year"),
    ("The plant opened in 2017.", "2017", "2017", "year", None, "year-signal"),
    ("Emissions must fall by 2030.", "2030", "2030", "year", None, "year-signal"),
    ("The 2017 report was damning.", "2017", "2017", "year", None, "year-determiner"),
    ("2024 was a record year.", "2024", "2024", "year", None, "year-subject"),
    ("Profit for fiscal 1987 rose.", "fiscal 1987", "1987", "year", None, "year-fiscal"),
    ("Results for FY2025 are due.", "FY2025", "2025", "year", None, "year-fiscal"),
    ("by the end of 2025", "the end of 2025", "2025", "year", "END", "year-mod"),
    ("growth resumed in mid-2024", "mid-2024", "2024", "year", "MID", "year-mod"),
    ("assets at year-end 1986", "year-end 1986", "1986", "year", "END", "year-mod"),
    ("the year 2000 problem", "the year 2000", "2000", "year", None, "year-the-year"),
    ("It boomed in the 1990s.", "the 1990s", "199", "decade", None, "decade"),
    ("It boomed in the 2020s.", "the 2020s", "202", "decade", None, "decade"),
    ("in the early 2000s", "the early 2000s", "200", "decade", "START", "decade"),
    ("since the late 1970's", "the late 1970's", "197", "decade", "END", "decade"),
    ("Revenue for Q3 2024 fell.", "Q3 2024", "2024-Q3", "quarter", None, "quarter-q-year"),
    ("in the third quarter of 2024", "the third quarter of 2024", "2024-Q3", "quarter", None, "quarter-year"),
    ("third-quarter 2024 profit", "third-quarter 2024", "2024-Q3", "quarter", None, "quarter-year"),
    ("at the end of the 1986 third quarter", "1986 third quarter", "1986-Q3", "quarter", None, "year-quarter"),
    ("Sales in summer 2023 were weak.", "summer 2023", "2023-SU", "season", None, "season-year"),
    ("in the summer of 2023", "the summer of 2023", "2023-SU", "season", None, "season-year"),
    ("late autumn 2022", "late autumn 2022", "2022-FA", "season", "END", "season-year"),
])
@pytest.mark.parametrize("dct", [DCT, None])
def test_absolute_expressions(text, expression, value, granularity, mod, rule, dct):
    found = only(text, dct)
    assert (found.text, found.value, found.granularity, found.mod, found.rule) == \
        (expression, value, granularity, mod, rule)
    assert found.anchor == "absolute" and found.resolved


# -- relative expressions: resolved against the DCT, unresolved without it -----
@pytest.mark.parametrize("text, expression, value, granularity, mod, unresolved", [
    ("Last year, the company grew.", "Last year", "2024", "year", None, "XXXX"),
    ("Sales rose last year and then fell.", "last year", "2024", "year", None, "XXXX"),
    ("It will launch next year.", "next year", "2026", "year", None, "XXXX"),
    ("Sales rose early this year.", "early this year", "2025", "year", "START", "XXXX"),
    ("It was announced earlier this year.", "earlier this year", "2025", "year", None, "XXXX"),
    ("late last year", "late last year", "2024", "year", "END", "XXXX"),
    ("by the end of the year", "the end of the year", "2025", "year", "END", "XXXX"),
    ("It happened two years ago.", "two years ago", "2023", "year", None, "XXXX"),
    ("It happened a decade ago.", "a decade ago", "2015", "year", None, "XXXX"),
    ("It fell the previous year.", "the previous year", "2024", "year", None, "XXXX"),
    ("It will open next month.", "next month", "2025-04", "month", None, "XXXX-XX"),
    ("It opened last month.", "last month", "2025-02", "month", None, "XXXX-XX"),
    ("It opened six months ago.", "six months ago", "2024-09", "month", None, "XXXX-XX"),
    ("It opens this week.", "this week", "2025-W11", "week", None, "XXXX-WXX"),
    ("It opened a few weeks ago.", "a few weeks ago", "2025-W08", "week", "APPROX", "XXXX-WXX"),
    ("It opened several weeks ago.", "several weeks ago", "2025-W08", "week", "APPROX", "XXXX-WXX"),
    ("It opened last quarter.", "last quarter", "2024-Q4", "quarter", None, "XXXX-QX"),
    ("It opened yesterday.", "yesterday", "2025-03-12", "day", None, "XXXX-XX-XX"),
    ("It opens today.", "today", "2025-03-13", "day", None, "XXXX-XX-XX"),
    ("It opens tomorrow.", "tomorrow", "2025-03-14", "day", None, "XXXX-XX-XX"),
    ("It opened three days ago.", "three days ago", "2025-03-10", "day", None, "XXXX-XX-XX"),
    ("It opened last Tuesday.", "last Tuesday", "2025-03-11", "day", None, "XXXX-WXX-2"),
    ("It opens next Thursday.", "next Thursday", "2025-03-20", "day", None, "XXXX-WXX-4"),
    ("It opened in September.", "September", "2024-09", "month", None, "XXXX-09"),
    ("It will open in September.", "September", "2025-09", "month", None, "XXXX-09"),
    ("It opened in early January.", "early January", "2025-01", "month", "START", "XXXX-01"),
    ("It opened last September.", "last September", "2024-09", "month", None, "XXXX-09"),
    ("It rose from February last year.", "February last year", "2024-02", "month", None, "XXXX-02"),
    ("It opened on March 5.", "March 5", "2025-03-05", "day", None, "XXXX-03-05"),
    ("It opens on March 25.", "March 25", "2025-03-25", "day", None, "XXXX-03-25"),
    ("It was signed on 5 March.", "5 March", "2025-03-05", "day", None, "XXXX-03-05"),
    ("It was weak in the fourth quarter.", "the fourth quarter", "2024-Q4", "quarter", None, "XXXX-Q4"),
    ("in last year's third quarter", "last year's third quarter", "2024-Q3", "quarter", None, "XXXX-Q3"),
    ("It will open this summer.", "this summer", "2025-SU", "season", None, "XXXX-SU"),
    ("It closed last winter.", "last winter", "2024-WI", "season", None, "XXXX-WI"),
    ("a hit in the '90s", "the '90s", "199", "decade", None, "XX9"),
])
def test_relative_expressions(text, expression, value, granularity, mod, unresolved):
    found = only(text)
    assert (found.text, found.value, found.granularity, found.mod) == (expression, value, granularity, mod)
    assert found.anchor == "publication" and found.resolved
    undated = only(text, None)
    assert (undated.text, undated.value, undated.granularity) == (expression, unresolved, granularity)
    assert undated.anchor == "none" and not undated.resolved and date_range(undated.value) is None


@pytest.mark.parametrize("text, expression, value", [
    ("Prices rose in recent months.", "recent months", "PAST_REF"),
    ("Prices rose recently.", "recently", "PAST_REF"),
    ("over the past few weeks", "the past few weeks", "PAST_REF"),
    ("It happened some years ago.", "some years ago", "PAST_REF"),
    ("Prices will rise in the coming months.", "the coming months", "FUTURE_REF"),
    ("in the near future", "the near future", "FUTURE_REF"),
    ("It is currently closed.", "currently", "PRESENT_REF"),
    ("At present it is closed.", "At present", "PRESENT_REF"),
])
def test_reference_values(text, expression, value):
    found = only(text)
    assert (found.text, found.value, found.granularity, found.anchor) == (expression, value, "ref", "publication")
    undated = only(text, None)
    assert (undated.value, undated.anchor) == (value, "none")
    assert date_range(value) is None


def test_what_dateparser_misses():
    assert only("Last year, the company grew.").text == "Last year"
    assert only("A few weeks ago, it said so.").value == "2025-W08"
    assert only("Several weeks ago it said so.").mod == "APPROX"


# -- weekdays: tense, else the closest day ----------------------------------------
@pytest.mark.parametrize("text, value", [
    ("He resigned on Friday.", "2025-03-07"),      # past: the Friday before
    ("He will resign on Friday.", "2025-03-14"),   # future: the Friday after
    ("on Friday", "2025-03-14"),                    # no tense: the closest
    ("The talks on Monday", "2025-03-10"),           # no tense: Monday before (3 days) beats after (4)
    ("The talks on Thursday", "2025-03-13"),         # the DCT's own weekday: the DCT
    ("Reagan will hold a televised news conference on Tuesday, the White House said.", "2025-03-18"),
    ("Black Friday sales and the Friday sale", "2025-03-14"),
])
def test_weekdays(text, value):
    assert only(text).value == value


def test_reporting_verbs_date_the_saying_only_when_next_to_it():
    assert values("Officials said on Tuesday the plant will open in May.") == ["2025-03-11", "2025-05"]
    assert values("He said in April the system would recommend it.") == ["2024-04"]
    assert values("He said the system would open in April.") == ["2025-04"]


def test_quarters_take_the_closest_whatever_the_tense():
    april = dt.date(1987, 4, 7)
    assert values("It will report first quarter earnings.", april) == ["1987-Q1"]
    assert values("It expects third quarter earnings to rise.", april) == ["1987-Q3"]
    assert values("The fourth quarter decline followed.", dt.date(1987, 3, 13)) == ["1986-Q4"]


# -- the previous date: narrative frames and anaphora -----------------------------
def test_a_dated_sentence_frames_the_next_one():
    found = find_timexes("In 2019 the firm was founded. In September it launched a model.", DCT)
    assert [(t.value, t.anchor) for t in found] == [("2019", "absolute"), ("2019-09", "previous")]
    undated = find_timexes("In 2019 the firm was founded. In September it launched a model.", None)
    assert [(t.value, t.resolved) for t in undated] == [("2019", True), ("2019-09", True)]


def test_a_date_inside_a_sentence_is_no_frame():
    found = find_timexes("The firm, founded in 2019, said on March 5 that it would ship.", DCT)
    assert [(t.value, t.anchor) for t in found] == [("2019", "absolute"), ("2025-03-05", "publication")]


def test_a_frame_lasts_one_sentence_more_and_sentences_can_be_given():
    text = "In 2019 the firm grew. It hired staff. In September it fell."
    assert values(text) == ["2019", "2024-09"]
    second = text.index("It hired")
    assert [t.value for t in find_timexes(text, DCT, sentences=[(0, second), (second, len(text))])] == \
        ["2019", "2019-09"]


@pytest.mark.parametrize("text, expected", [
    ("He arrived on March 3, 2024. The next day he left.", ["2024-03-03", "2024-03-04"]),
    ("He arrived on March 3, 2024, and left the day after.", ["2024-03-03", "2024-03-04"]),
    ("In 2019, sales fell. Two years later they rose.", ["2019", "2021"]),
    ("In 2019, sales fell. The following year they rose.", ["2019", "2020"]),
    ("Sales rose last year, after falling the previous year.", ["2024", "2023"]),
    ("Net rose 9 pct in the three months ended January 31, 1987 from a year earlier.", ["1987-01-31", "1986"]),
])
def test_anaphora_count_from_the_previous_date(text, expected):
    found = find_timexes(text, DCT)
    assert [t.value for t in found] == expected
    assert found[-1].anchor == "previous"


def test_anaphora_far_from_any_date_count_from_the_dct():
    found = find_timexes("In 2019 it grew. It hired staff. Profits fell. Costs rose. The following day it fell.", DCT)
    assert [(t.value, t.anchor) for t in found] == [("2019", "absolute"), ("2025-03-14", "publication")]
    assert find_timexes("The next day he left.", None)[0].value == "XXXX-XX-XX"


# -- not dates --------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Prices rose 15 percent.", "Prices rose 2025%.", "Prices rose 15 pct.", "2,000 people marched.",
    "the 300 models", "It paid $2025 million.", "It cost 2017 dollars.", "in 2017 dollars", "Tier 1 capital",
    "© 2024 Example Media. All rights reserved.", "Copyright 2024 Example Media", "(c) 2024 Example Media",
    "We meet at 3 pm.", "We meet at 10:30.", "We may be right.", "May be it is.", "They march on.",
    "now", "We are here now.", "R1 and GPT-4 and version 2.0", "1,500 tonnes", "2025 units were sold.",
    "2017 employees were hired.", "the 2017 employees", "in 2000 people", "Theresa May said so.",
    "Black Friday", "winter wheat", "in the spring wheat belt", "year-on-year growth", "day-to-day running",
    "the first quarter of the game", "the lowest in five years", "at the end of the day",
    "the day after the vote", "Final quarterly results", "the 1986/87 season", "the 1,990s", "in their 90s",
    "1000s of people", "a quarter of the shares", "Stage 2 trials", "the last day of trading",
    "the 2000 EST/0100 gmt session", "from 1800 to 2100 hrs Chicago time", "at 1530 local time", "by 2030 hours",
])
def test_not_dates(text):
    assert find_timexes(text, DCT) == [] and find_timexes(text, None) == []


def test_may_the_month_and_may_the_verb():
    assert values("Prices may rise in May.") == ["2025-05"]
    assert values("It may be sold by May 2024.") == ["2024-05"]
    assert values("May 5 is the deadline.") == ["2025-05-05"]


def test_bare_years_need_a_date_context():
    assert values("In 2017, employees were hired.") == ["2017"]
    assert values("In 2017 employees were hired.") == []  # read as a count, like "in 2017 dollars"
    assert values("2017 was good but 2017 employees left.") == ["2017"]
    assert values("the 2020 elections") == ["2020"]
    assert values("in 2016 and 2017") == ["2016", "2017"]
    assert values("between March and May") == ["2025-03", "2025-05"]


# -- overlaps and offsets ------------------------------------------------------------
@pytest.mark.parametrize("text, expression", [
    ("in early March 2025", "early March 2025"),
    ("on Thursday, March 13, 2025", "Thursday, March 13, 2025"),
    ("March 13, 2025", "March 13, 2025"),
    ("by the end of 2025", "the end of 2025"),
    ("in the early 1990s", "the early 1990s"),
    ("up from February last year", "February last year"),
    ("the first quarter of last year", "the first quarter of last year"),
    ("5 March 2025", "5 March 2025"),
])
def test_overlapping_matches_resolve_to_the_longest(text, expression):
    assert only(text).text == expression


SAMPLE = ("SALVADOR, Feb 26 - Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the "
          "drought since early\nJanuary.  Arrivals for the week ended February 22 were 155,221 bags, against 5.81 "
          "at the same stage last year.  In 1986, output rose 15 pct to 2,000 tonnes; the 1987 budget, "
          "published on Monday, March 2, 1987, sees growth in the third quarter and by mid-1988.  Two weeks "
          "ago\nthe ministry said it would review prices in the coming months.  © 1987 Reuters.")


@pytest.mark.parametrize("dct", [dt.date(1987, 2, 26), None])
def test_offsets_are_exact_and_in_order(dct):
    found = find_timexes(SAMPLE, dct)
    assert len(found) >= 10
    for item in found:
        assert SAMPLE[item.start:item.end] == item.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert "2,000" not in [t.text for t in found] and "1987" not in [t.text for t in found][-1:]


def test_results_know_their_rule_and_serialise():
    found = find_timexes(SAMPLE, dt.datetime(1987, 2, 26, 15, 1))  # a datetime is read as its date
    rule_ids = {rule["id"] for rule in patterns.RULES}
    assert all(t.rule in rule_ids for t in found)
    first = found[0].to_dict()
    assert first == {"start": 10, "end": 16, "text": "Feb 26", "value": "1987-02-26", "granularity": "day",
                     "mod": None, "anchor": "publication", "rule": "month-day", "resolved": True}


# -- date_range ------------------------------------------------------------------------
@pytest.mark.parametrize("value, first, last", [
    ("2025-03-13", (2025, 3, 13), (2025, 3, 13)),
    ("2025-W11", (2025, 3, 10), (2025, 3, 16)),
    ("2025-02", (2025, 2, 1), (2025, 2, 28)),
    ("2024-02", (2024, 2, 1), (2024, 2, 29)),
    ("2025-Q3", (2025, 7, 1), (2025, 9, 30)),
    ("2023-SU", (2023, 6, 1), (2023, 8, 31)),
    ("2023-WI", (2023, 12, 1), (2024, 2, 29)),
    ("2025", (2025, 1, 1), (2025, 12, 31)),
    ("199", (1990, 1, 1), (1999, 12, 31)),
    ("20", (2000, 1, 1), (2099, 12, 31)),
])
def test_date_range(value, first, last):
    assert date_range(value) == (dt.date(*first), dt.date(*last))


@pytest.mark.parametrize("value", ["XXXX-09", "XXXX", "XXXX-WXX-1", "PAST_REF", "", "2025-13", "2025-02-30",
                                   "2025-W54", "2025-Q5", "0000", "garbage", None, 2025])
def test_date_range_of_what_is_not_a_date(value):
    assert date_range(value) is None


# -- the rules as data ---------------------------------------------------------------
EXAMPLES = {  # one text per rule, each must fire it
    "date-iso": "2025-03-13", "date-ymd-slash": "2025/03/13", "date-mdy": "March 13, 2025",
    "date-dmy": "13 March 2025", "month-year": "March 2025", "quarter-q-year": "Q3 2024",
    "quarter-year": "the third quarter of 2024", "year-quarter": "the 1986 third quarter",
    "season-year": "summer 2023", "half-year": "the first half of 2024", "half-of-year": "the second half of the year",
    "half": "first-half profit", "year-fiscal": "fiscal 1987", "year-the-year": "the year 2000",
    "year-mod": "mid-2024", "year-signal": "in 2017", "year-conj": "in 2016 and 2017",
    "year-determiner": "the 2017 report", "year-subject": "2024 was big.", "decade": "the 1990s",
    "decade-short": "the '90s", "month-day": "March 13", "day-month": "13 March",
    "month-of-year": "May last year", "month-of-year-possessive": "last year's May",
    "month-named": "last September", "month-signal": "in September", "month-mod": "mid-September",
    "month-conj": "between March and May", "quarter-of-year": "the first quarter of this year",
    "quarter-of-year-possessive": "last year's first quarter", "quarter": "the fourth quarter",
    "season-named": "this summer", "season-signal": "in the summer", "season-mod": "early summer",
    "weekday": "on Friday", "day-word": "yesterday", "unit-relative": "last year", "unit-mod-the": "the end of the year",
    "unit-earlier-later": "earlier this year", "unit-ago": "two years ago", "unit-in-time": "in two years' time",
    "day-before-after": "the day before.", "ref-past": "recently", "ref-past-in": "in the past.",
    "ref-future": "in the future", "ref-present": "currently",
}


def test_every_rule_is_well_formed_and_fires_on_its_example():
    ids = [rule["id"] for rule in patterns.RULES]
    assert len(ids) == len(set(ids)) and set(ids) == set(EXAMPLES)
    for rule in patterns.RULES:
        assert rule["core"] in patterns.TRIGGERS and rule["kind"] in timex.RESOLVERS and rule["about"]
    for rule_id, text in EXAMPLES.items():
        assert rule_id in [t.rule for t in find_timexes(text, DCT)], rule_id


def test_the_module_imports_only_the_standard_library_and_its_patterns():
    for name in ("timex.py", "patterns.py"):
        tree = ast.parse((TIMELINE / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                roots = [node.module.split(".")[0]] if node.level == 0 else \
                    [f".{node.module or ''}"] + [alias.name for alias in node.names if not node.module]
            else:
                continue
            for root in roots:
                assert root in sys.stdlib_module_names or root in (".", ".patterns", "patterns", "__future__"), \
                    (name, root)


# -- random text -----------------------------------------------------------------------
TOKENS = ["in", "by", "the", "of", "last", "next", "this", "early", "mid-", "late", "end", "March", "May", "may",
          "Sept.", "Monday", "Friday", "summer", "fall", "Q3", "first", "quarter", "year", "years", "weeks",
          "ago", "later", "earlier", "a few", "2017", "1990s", "'90s", "13", "31", "2025-02-30", "2025/13/01",
          "0000", "9999", ",", ".", "\n\n", "%", "$", "©", "said", "will", "today", "yesterday", "recent",
          "the following day", "that year", "FY", "fiscal", "two", "-", "’", "day", "Black", "29", "February"]
texts = st.one_of(st.text(max_size=120),
                  st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=30).map(" ".join),
                  st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
dcts = st.one_of(st.none(), st.dates(), st.sampled_from([dt.date.min, dt.date.max, dt.date(2024, 2, 29)]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, dct=dcts)
def test_random_text_never_raises_and_offsets_are_valid(text, dct):
    found = find_timexes(text, dct)
    for item in found:
        assert 0 <= item.start < item.end <= len(text) and text[item.start:item.end] == item.text
        assert item.granularity in timex.GRANULARITIES and item.anchor in ("absolute", "publication", "previous", "none")
        assert item.mod in (None, "START", "MID", "END", "APPROX")
        if item.resolved and item.granularity != "ref":
            assert date_range(item.value) is not None, item
        if dct is None:
            assert item.anchor != "publication"
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


# -- halves of a year, and ranges whose far end gives the year ------------------------
@pytest.mark.parametrize("text, expression, value, anchor", [
    ("Profit rose in the first half of 2024.", "the first half of 2024", "2024-H1", "absolute"),
    ("Sales fell in H2 2023.", "H2 2023", "2023-H2", "absolute"),
    ("Output grew in the second half of last year.", "the second half of last year", "2024-H2", "publication"),
    ("Output will grow in the second half of the year.", "the second half of the year", "2025-H2", "publication"),
    ("First-half profit rose 5 pct.", "First-half", "2025-H1", "publication"),
])
def test_halves(text, expression, value, anchor):
    found = find_timexes(text, DCT)
    assert [(t.text, t.value, t.granularity, t.anchor) for t in found] == [(expression, value, "half", anchor)]
    assert date_range(value) is not None


def test_halves_without_a_date_stay_unresolved_and_games_are_not_halves():
    assert [(t.value, t.resolved) for t in find_timexes("First-half profit rose.", None)] == [("XXXX-H1", False)]
    for text in ["Arsenal scored twice in the second half.", "The first half of the century was hard.",
                 "The H2 fuel cell works.", "He ate the first half of the cake."]:
        assert find_timexes(text, DCT) == [], text


@pytest.mark.parametrize("text, expected", [
    ("The talks ran from March to May 2024.", ["2024-03", "2024-05"]),
    ("from January 5 to January 9, 2024", ["2024-01-05", "2024-01-09"]),
    ("from December to February 2024", ["2023-12", "2024-02"]),
    ("in March and May 2023", ["2023-03", "2023-05"]),
    ("between the first quarter and the third quarter of 2022", ["2022-Q1", "2022-Q3"]),
    ("from Q4 to Q1 2025", ["2024-Q4", "2025-Q1"]),
    ("from winter to spring 2025", ["2024-WI", "2025-SP"]),
    ("from December to the first quarter of 2025", ["2024-12", "2025-Q1"]),
    ("It closes in March. In May 2023 it opened.", ["2025-03", "2023-05"]),  # no connector: no range
])
def test_the_first_end_of_a_range_takes_the_year_of_the_second(text, expected):
    assert values(text) == expected
    assert values(text, None)[-1] == expected[-1]  # the stated year needs no DCT  # the stated year needs no DCT
