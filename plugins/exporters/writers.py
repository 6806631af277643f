"""The four built-in export formats, each writing an `ExportTable` to a text stream.

Cells are article text, so they are untrusted.  What each format promises:

- JSON and JSON Lines carry the text exactly as stored; every character a
  terminal could act on or that could disguise a name (controls, bidi
  overrides, zero-width characters) is written as a `\\u` escape
  (`json_text`), so printing the file is as safe as parsing it.
- CSV has no escapes: cells go through `csv_cell` (those characters removed,
  one line per cell), and a cell a spreadsheet would run as a formula gets a
  leading quote.
- Markdown: the same cleaning, then every character Markdown, or the HTML it
  passes through, would act on is backslash-escaped (backslash, backquote,
  `* _ [ ] < > | ~ &`):
  a title cannot become a link, an image, an HTML tag (`<script>`) or an
  entity (`&#x202e;`), and `|` cannot break the table.  A bare URL may still
  be auto-linked by GitHub-flavoured renderers; its text is then its target,
  so it cannot hide where it leads.
"""

from __future__ import annotations

import csv
import re
from typing import TextIO

from newsdesk.plugins.specs import ExportTable, table_columns, table_rows
from newsdesk.search.text import csv_cell, display_line, json_text


class JsonExporter:
    """One JSON object: the table's meta, and its rows under the table's kind."""

    name = "json"
    extension = ".json"
    description = "one JSON object (meta fields and a list of rows)"

    def write(self, table: ExportTable, out: TextIO, first: bool = True) -> None:
        out.write(json_text({**table.meta, table.kind: table.rows}, default=str) + "\n")


class JsonLinesExporter:
    """One JSON object per row, with the shared context (the query) in each."""

    name = "jsonl"
    extension = ".jsonl"
    description = "one JSON object per row"

    def write(self, table: ExportTable, out: TextIO, first: bool = True) -> None:
        for row in table_rows(table):
            out.write(json_text(row, default=str) + "\n")


class CsvExporter:
    """CSV with a header row (left out for the later tables of a batch)."""

    name = "csv"
    extension = ".csv"
    description = "comma-separated values with a header row"

    def write(self, table: ExportTable, out: TextIO, first: bool = True) -> None:
        columns = table_columns(table)
        writer = csv.writer(out, lineterminator="\n")
        if first:
            writer.writerow(columns)
        for row in table_rows(table):
            writer.writerow([csv_cell(row.get(column)) for column in columns])


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


class MarkdownExporter:
    """A Markdown table under a heading naming the query, for notes and reports."""

    name = "markdown"
    extension = ".md"
    description = "a Markdown table, for notes and reports"

    def write(self, table: ExportTable, out: TextIO, first: bool = True) -> None:
        columns = [c for c in table.columns if c not in table.row_context]
        heading = table.title or table.kind
        if not first:
            out.write("\n")
        out.write(f"## {markdown_cell(heading)}\n\n")
        details = [f"{key}: {markdown_cell(value)}" for key, value in table.meta.items()
                   if value not in (None, "", []) and not isinstance(value, (list, dict))]
        if details:
            out.write(" · ".join(details) + "\n\n")
        out.write("| " + " | ".join(markdown_cell(c) for c in columns) + " |\n")
        out.write("|" + "---|" * len(columns) + "\n")
        for row in table.rows:
            out.write("| " + " | ".join(markdown_cell(row.get(c)) for c in columns) + " |\n")


def markdown_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", display_line(str(value)))
