"""The four built-in export formats, each writing an `ExportTable` to a text stream.

Cells are article text, so they are untrusted: control characters are removed
(`display_line`), CSV cells that a spreadsheet would run as a formula get a
leading quote, and Markdown escapes the characters that would act as markup.
"""

from __future__ import annotations

import csv
import json
import re
from typing import TextIO

from newsdesk.plugins.specs import ExportTable, table_columns, table_rows
from newsdesk.search.text import display_line


class JsonExporter:
    """One JSON object: the table's meta, and its rows under the table's kind."""

    name = "json"
    extension = ".json"
    description = "one JSON object (meta fields and a list of rows)"

    def write(self, table: ExportTable, out: TextIO, first: bool = True) -> None:
        out.write(json.dumps({**table.meta, table.kind: table.rows}, ensure_ascii=False, default=str) + "\n")


class JsonLinesExporter:
    """One JSON object per row, with the shared context (the query) in each."""

    name = "jsonl"
    extension = ".jsonl"
    description = "one JSON object per row"

    def write(self, table: ExportTable, out: TextIO, first: bool = True) -> None:
        for row in table_rows(table):
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


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


def csv_cell(value):
    """A CSV cell that a spreadsheet would run as a formula is prefixed with a quote."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        value = display_line(value)
        if value[:1] in ("=", "+", "-", "@"):
            return "'" + value
    return "" if value is None else value


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


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
