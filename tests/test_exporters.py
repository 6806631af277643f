"""The built-in exporters plugin: each format writes the same rows, and
article text cannot act as markup, a formula or a terminal control sequence."""

from __future__ import annotations

import csv
import io
import json

from newsdesk.plugins import ExportTable
from newsdesk.plugins.manager import PluginHost

HOSTILE = "=HYPERLINK(\"http://x\")\x1b[31m red [bold]b[/bold] | pipe *star* <b>\x07"


def table() -> ExportTable:
    return ExportTable(
        kind="hits",
        columns=["id", "title", "score"],
        rows=[{"id": "a", "title": HOSTILE, "score": 1.5, "extra": [1, 2]},
              {"id": "b", "title": "Plain title", "score": None}],
        meta={"query": "q", "total": 2},
        row_context={"query": "q"},
        title="Search: q",
    )


def write(name: str, first: bool = True) -> str:
    exporter = PluginHost(third_party=False).exporters()[name]
    out = io.StringIO()
    exporter.write(table(), out, first=first)
    return out.getvalue()


def test_the_builtin_exporters_are_registered_as_a_plugin():
    host = PluginHost(third_party=False)
    assert list(host.exporters()) == ["json", "jsonl", "csv", "markdown"]
    info = {i.name: i for i in host.plugin_list()}["exporters"]
    assert info.builtin and info.hooks == ["register_exporters"]


def test_json_keeps_every_key_and_jsonl_repeats_the_context():
    data = json.loads(write("json"))
    assert data["query"] == "q" and data["total"] == 2
    assert data["hits"][0]["title"] == HOSTILE  # JSON escapes; the data is kept exactly
    assert data["hits"][0]["extra"] == [1, 2]
    lines = [json.loads(line) for line in write("jsonl").splitlines()]
    assert [(row["query"], row["id"]) for row in lines] == [("q", "a"), ("q", "b")]


def test_csv_cells_cannot_become_formulas_or_escapes():
    rows = list(csv.reader(io.StringIO(write("csv"))))
    assert rows[0] == ["query", "id", "title", "score"]
    title = rows[1][2]
    assert title.startswith("'=HYPERLINK")
    assert "\x1b" not in title and "\x07" not in title
    assert rows[2] == ["q", "b", "Plain title", ""]
    assert list(csv.reader(io.StringIO(write("csv", first=False))))[0][1] == "a"  # no header


def test_markdown_escapes_markup_and_keeps_one_row_per_line():
    text = write("markdown")
    lines = text.splitlines()
    assert lines[0] == "## Search: q"
    assert lines[4] == "| id | title | score |"
    row = lines[6]
    assert row.count(" | ") == 2  # the pipe inside the title is escaped
    assert "\\| pipe \\*star\\* \\<b\\>" in row and "\\[bold\\]" in row
    assert "\x1b" not in text and "\x07" not in text
