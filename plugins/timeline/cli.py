"""`newsdesk timeline`: the dated events of a corpus in date order.

    newsdesk timeline                                   # every event, oldest first
    newsdesk timeline --query deepseek --from 2024 --to 2025-06 --json
    newsdesk timeline --entity "Liang Wenfeng" --csv    # also where articles wrote "Wenfeng Liang"
    newsdesk timeline --ics > events.ics                # for a calendar

Unresolved expressions (an undated article's "in September": `XXXX-09`) come
last, and are left out by --from/--to and --ics.  Article text is untrusted:
terminal output goes through `display_line`, ICS text is escaped per RFC 5545.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import sys
from pathlib import Path
from typing import Optional

import typer

from newsdesk.plugins.commands import CorpusOption, IndexOption, open_ready, say
from newsdesk.search.errors import UsageError
from newsdesk.search.text import csv_cell, display_line, json_text

from . import timex
from .events import entity_aliases, events, mentions, sort_key, span_of

FIELDS = ["value", "granularity", "mod", "expression", "doc", "sentence", "start", "end", "anchor", "rule", "kind",
          "entities"]

def parse_bound(text: str | None, end: bool) -> dt.date | None:
    """--from/--to: a year, year-month or full date; --to takes its last day."""
    if not text:
        return None
    span = timex.date_range(text.strip()) if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text.strip()) else None
    if span is None:
        raise UsageError(f"'{text}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return span[1] if end else span[0]


def collect(corpus, query: str | None, entity: str | None, start: dt.date | None, end: dt.date | None) -> list[dict]:
    """The events of the articles `query` finds, in date order; with `entity`,
    those whose sentence names it (under any of its names), and the
    publication of the articles that do."""
    text = (query or "").strip() or "*"
    wanted = " ".join(entity.casefold().split()) if entity else ""
    if wanted:
        # Fewer articles to read: those whose text has the name, or that the
        # entities plugin (when it ran) tagged with any of its spellings.
        name = " ".join(entity.replace('"', " ").split())
        if not name:
            raise UsageError("--entity needs a name")
        found = f'"{name}"' + (f' OR entity:"{name}"' if "entity" in corpus.fields else "")
        text = f"({text}) AND ({found})" if text != "*" else found
    aliases = entity_aliases(corpus) if wanted else {}
    hits = corpus.search(text, limit=max(corpus.article_count(), 1)).hits
    found = []
    for hit in hits:
        mine = [event for event in events(corpus.article(hit.id), corpus.annotations(hit.id))
                if event["kind"] == "published" or mentions(event, wanted, aliases)]
        if wanted and not any(event["kind"] == "event" for event in mine):
            continue
        for event in mine:
            if start or end:
                span = span_of(event)
                if span is None or (start and span[1] < start) or (end and span[0] > end):
                    continue
            found.append(event)
    return sorted(found, key=sort_key)


def add_timeline_command(cli: typer.Typer) -> None:
    @cli.command("timeline")
    def timeline(
        corpus_path: Optional[Path] = CorpusOption,
        index_dir: Optional[Path] = IndexOption,
        entity: Optional[str] = typer.Option(None, "--entity", "-e",
                                             help="Only events whose sentence names it (any of its spellings)."),
        query: Optional[str] = typer.Option(None, "--query", "-q", help="Only the articles this search finds."),
        date_from: Optional[str] = typer.Option(None, "--from", help="From this date (YYYY, YYYY-MM, YYYY-MM-DD)."),
        date_to: Optional[str] = typer.Option(None, "--to", help="Up to this date, inclusive."),
        as_json: bool = typer.Option(False, "--json", help="A JSON array of events."),
        as_csv: bool = typer.Option(False, "--csv", help="CSV, one event per row."),
        as_ics: bool = typer.Option(False, "--ics", help="An iCalendar file of the resolved events."),
    ) -> None:
        """Dated events from the articles' text, in date order."""
        if sum((as_json, as_csv, as_ics)) > 1:
            raise UsageError("choose one of --json, --csv, --ics")
        start, end = parse_bound(date_from, False), parse_bound(date_to, True)
        if start and end and start > end:
            raise UsageError(f"--from {date_from} is after --to {date_to}")
        corpus = open_ready(corpus_path, index_dir)
        found = collect(corpus, query, entity, start, end)
        if as_json:
            print(json_text([{k: e.get(k) for k in FIELDS} for e in found], indent=2))
        elif as_csv:
            writer = csv.writer(sys.stdout)
            writer.writerow(FIELDS)
            for e in found:
                writer.writerow([csv_cell(e.get(k)) for k in FIELDS])
        elif as_ics:
            sys.stdout.write(to_ics(found))
        else:
            for e in found:
                what = "published" if e["kind"] == "published" else e["expression"]
                line = f"{e['value']:<11} {e['granularity'] or '':<8} {e['doc']}  {what}"
                if e["sentence"]:
                    line += f" | {e['sentence']}"
                print(display_line(line)[:240])
        if not found:
            say("no events found")
            raise typer.Exit(1)


def _ics_text(text: str) -> str:
    text = display_line(text)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def _fold(line: str) -> str:
    """RFC 5545 line folding at 75 octets."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def event_uid(event: dict) -> str:
    """A stable id for an event: the same article, offset and value give the same id."""
    key = f"{event['doc']}|{event['start']}|{event['value']}|{event['kind']}"
    return hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def _day_after(day: dt.date) -> dt.date:
    """ICS all-day events end the day after their last (the last day of year 9999 has none)."""
    return day + dt.timedelta(days=1) if day < dt.date.max else day


def to_ics(found: list[dict]) -> str:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//newsdesk//timeline//EN"]
    for e in found:
        span = span_of(e)
        if span is None:
            continue
        summary = e["title"] if e["kind"] == "published" else (e["sentence"] or e["expression"])
        lines += ["BEGIN:VEVENT", f"UID:{event_uid(e)}@newsdesk",
                  f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{span[0]:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{_day_after(span[1]):%Y%m%d}",
                  _fold(f"SUMMARY:{_ics_text(summary)[:200]}"),
                  _fold(f"DESCRIPTION:{_ics_text(e['doc'] + ' ' + (e['expression'] or 'published'))}"),
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
