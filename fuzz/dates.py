"""atheris harness: the date normalisers.  The timeline plugin's time
expressions against any publication date or none, and the engine's header,
metadata and sidecar dates.  Nothing may raise; offsets point into the text,
expressions come in order without overlapping, resolved values are real spans.
Run: python fuzz/dates.py -runs=100000 (see fuzz/README.md).
"""

import datetime as dt
import sys

import atheris

with atheris.instrument_imports(include=["newsdesk"]):
    from newsdesk.plugins.timeline.timex import date_range, find_timexes
    from newsdesk.search.dates import date_span, find_date, parse_iso_or_text
    from newsdesk.search.sidecar import check_date


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    ordinal = provider.ConsumeIntInRange(0, dt.date.max.toordinal())
    dct = dt.date.fromordinal(ordinal) if ordinal else None
    text = provider.ConsumeUnicode(len(data))
    end = 0
    for timex in find_timexes(text, dct):
        if not (end <= timex.start < timex.end <= len(text)) or text[timex.start:timex.end] != timex.text:
            raise AssertionError(f"bad span {timex}")
        end = timex.end
        if timex.resolved and timex.granularity != "ref":
            span = date_range(timex.value)
            if span is None or span[0] > span[1]:
                raise AssertionError(f"not a span of days: {timex}")
    span = date_span(text)
    if (span is None) != (find_date(text) is None) or (span and not 0 <= span[0] < span[1] <= len(text)):
        raise AssertionError(f"date_span {span} and find_date disagree")
    check_date(parse_iso_or_text(text))


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
