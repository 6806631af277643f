"""The timeline plugin's wiring on the seed corpus: events stored at index
time, read back with their sentences, searchable by year and event date, and
listed by `newsdesk timeline` (JSON, CSV, iCalendar); an article's date set
by the user (`newsdesk meta --date`, a sidecar file) re-anchors its events."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from newsdesk.plugins.manager import PluginHost
from newsdesk.plugins.timeline.events import events

from conftest import SEEDS, run_cli


@pytest.fixture
def corpus(tmp_path):
    host = PluginHost(third_party=False, report=lambda p, m: None)
    assert "timeline" in host.infos and host.infos["timeline"].builtin
    corpus = host.open_corpus(str(SEEDS), str(tmp_path / "index"))
    report = corpus.update()
    assert not report.problems, report.problems
    yield corpus
    corpus.close()


def all_events(corpus):
    found = []
    for hit in corpus.search("*", limit=50).hits:
        found += events(corpus.article(hit.id), corpus.annotations(hit.id))
    return found


def test_the_seeds_dated_statements_become_events(corpus):
    found = all_events(corpus)
    published = [e for e in found if e["kind"] == "published"]
    dated = {e["value"] for e in published}
    assert "2025-03-13" in dated  # the one seed with a stated publication date
    values = {(e["expression"].lower(), e["value"]) for e in found if e["kind"] == "event"}
    # Its body says "Earlier this year": the publication date anchors it.
    assert ("earlier this year", "2025") in values
    assert any(expr == "in 2023" or expr == "2023" for expr, value in values if value == "2023")
    for event in found:
        if event["kind"] == "event":
            assert event["expression"] and event["expression"] in event["sentence"]
            assert event["rule"] and event["anchor"] in ("absolute", "publication", "previous", "none")
    # Undated articles keep relative expressions unresolved, never against today.
    undated = {e["doc"] for e in found} - {e["doc"] for e in published}
    unresolved = [e for e in found if e["doc"] in undated and e["kind"] == "event" and not e["resolved"]]
    assert unresolved and all(e["value"].startswith("X") or e["value"].endswith("_REF") for e in unresolved)
    for event in found:
        if event["doc"] in undated and event["anchor"] == "publication":
            raise AssertionError(f"resolved against a publication date the article does not have: {event}")


def test_events_are_searchable_by_year_and_date(corpus):
    assert corpus.search("year:2025").total >= 1
    assert corpus.search("year:2023").total >= 1
    assert corpus.search("event_date:2025").total >= 1
    assert corpus.search("event_date:[2020-01-01 TO 2024-12-31]").total >= 1
    assert corpus.search("year:1850").total == 0


def test_the_timeline_command(tmp_path):
    env = {}
    where = ["--corpus", str(SEEDS), "--index", str(tmp_path / "index")]
    result = run_cli("timeline", *where, "--json", env=env)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found and {"value", "granularity", "expression", "doc", "sentence", "start", "end", "anchor",
                      "rule"} <= set(found[0])
    resolved = [e["value"] for e in found if e["value"][:4].isdigit()]
    assert resolved == sorted(resolved, key=lambda v: v[:4])  # oldest first, by year at least
    narrowed = json.loads(run_cli("timeline", *where, "--from", "2025", "--to", "2025-12", "--json", env=env).stdout)
    assert narrowed and all(e["value"].startswith("2025") for e in narrowed)
    ics = subprocess.run([sys.executable, "-m", "newsdesk", "timeline", *where, "--ics"], capture_output=True,
                         env={**os.environ, **env}, timeout=300)  # bytes: RFC 5545 lines end in CRLF
    assert ics.returncode == 0 and ics.stdout.startswith(b"BEGIN:VCALENDAR\r\n") and b"BEGIN:VEVENT" in ics.stdout
    assert all(len(line) <= 75 for line in ics.stdout.split(b"\r\n"))
    bad = run_cli("timeline", *where, "--from", "soon", env=env)
    assert bad.returncode == 2 and "'soon' is not a date" in bad.stderr


def test_setting_an_articles_date_re_anchors_its_events(seeds_copy, tmp_path):
    """An undated seed's "early this year" stays XXXX until the user gives the
    article a date; then it resolves against that date, and clearing the date
    makes it unresolved again."""
    where = ["--corpus", str(seeds_copy), "--index", str(tmp_path / "index")]
    listed = json.loads(run_cli("search", "*", *where, "--json", "--limit", "10").stdout)["hits"]
    undated = [hit["id"] for hit in listed if not hit["date"]]
    assert undated
    doc = undated[0]

    def doc_events():
        result = run_cli("timeline", *where, "--query", f'id:"{doc}"', "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    before = doc_events()
    assert all(e["kind"] == "event" for e in before)
    relative = [e for e in before if e["anchor"] == "none"]
    assert relative and all(not e["value"][:4].isdigit() for e in relative)

    result = run_cli("meta", doc, *where, "--date", "2021-06-15")
    assert result.returncode == 0, result.stderr
    assert (seeds_copy / f"{doc}.txt.meta.json").exists()
    after = doc_events()
    assert any(e["kind"] == "published" and e["value"] == "2021-06-15" for e in after)
    moved = {(e["start"], e["value"]) for e in after if e["anchor"] == "publication"}
    assert {start for start, _ in moved} >= {e["start"] for e in relative if e["value"].startswith("XXXX")}
    assert all(value[:4] in ("2020", "2021", "2022") for _, value in moved if not value.endswith("_REF")), moved
    assert run_cli("search", "date:2021-06-15", *where, "--plain").stdout.startswith(doc)

    result = run_cli("meta", doc, *where, "--no-date")
    assert result.returncode == 0, result.stderr
    assert [(e["start"], e["value"]) for e in doc_events()] == [(e["start"], e["value"]) for e in before]


def test_bounds_are_dates_and_in_order_and_the_calendar_ends_well(tmp_path):
    where = ["--corpus", str(SEEDS), "--index", str(tmp_path / "index")]
    for args, message in [(["--from", "24"], "'24' is not a date"), (["--from", "202"], "'202' is not a date"),
                          (["--from", "2024-06", "--to", "2024-05"], "--from 2024-06 is after --to 2024-05")]:
        bad = run_cli("timeline", *where, *args)
        assert bad.returncode == 2 and message in bad.stderr and "Traceback" not in bad.stderr, bad.stderr
    from newsdesk.plugins.timeline.cli import to_ics

    last = {"value": "9999-12-31", "resolved": True, "kind": "event", "doc": "d", "start": 0, "title": "t",
            "sentence": "s", "expression": "e"}
    assert "DTEND;VALUE=DATE:99991231" in to_ics([last])
