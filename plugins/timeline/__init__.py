"""Built-in plugin: the dated events of the articles on one timeline.

- `timex.py` (with its patterns as data): time expressions found and
  normalised against the publication date, the way HeidelTime does for news;
- `events.py`: the `timeline` article analyzer and the event records;
- `panel.py`: the explorer's Timeline panel (`d`); `cli.py`: `newsdesk timeline`.

Index fields: `year` (the years events fall in: `year:2025`, `year:[2020 TO
2024]`) and `event_date` (the first day of each event's span:
`event_date:2025-03`, ranges as for `date:`).
"""

from __future__ import annotations

from newsdesk.plugins.hookspecs import hookimpl
from newsdesk.plugins.specs import PanelSpec
from newsdesk.search.extensions import IndexField

from . import timex
from .events import KIND, TimelineAnalyzer

# The finest granularity an event may have to give a year (a decade does not).
YEAR_GRANULARITIES = ("day", "week", "month", "quarter", "season", "half", "year")


def _spans(found):
    for annotation in found.get(TimelineAnalyzer.name, []):
        if annotation.kind == KIND and annotation.data.get("resolved", True):
            span = timex.date_range(annotation.label)
            if span is not None:
                yield annotation, span


def event_years(article, found):
    return sorted({span[0].year for annotation, span in _spans(found)
                   if annotation.data.get("granularity") in YEAR_GRANULARITIES})


def event_dates(article, found):
    return sorted({span[0] for _, span in _spans(found)})


@hookimpl
def register_analyzers(register):
    register(TimelineAnalyzer())


@hookimpl
def register_fields(register):
    register(IndexField("year", "number", event_years, help="years the events fall in: year:2025", version="1"))
    register(IndexField("event_date", "date", event_dates, help="event dates: event_date:2025-03", version="1"))


@hookimpl
def register_panels(register):
    register(PanelSpec("timeline", "Timeline", "d", "newsdesk.plugins.timeline.panel:TimelinePanel",
                       reacts_to=("query",), description="the dated events of the results, in date order"))


@hookimpl
def register_commands(cli):
    from .cli import add_timeline_command

    add_timeline_command(cli)
