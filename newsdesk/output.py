"""Writing results and articles for people (Rich tables) and programs (JSON, CSV).

Article text is untrusted: it is passed through `display_text`/`display_line`
and rendered as `rich.text.Text`, never as markup, so escape sequences and
`[bold]`-style markup in an article print as inert characters.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsdesk.plugins.specs import ExportTable
from newsdesk.search import Article, SearchResults
from newsdesk.search.text import display_line, display_text, json_text


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def write_results(results: SearchResults, fmt: str, out: TextIO = sys.stdout, first: bool = True,
                  with_query: bool = False, exporters: dict | None = None) -> None:
    """Write one query's results in `fmt`: "table", "plain", or an exporter's
    name (json, jsonl, csv, markdown and those plugins add).  For a batch of
    queries `first` is False after the first one, and `with_query` puts the
    query at the start of each plain line (exports always carry it)."""
    if fmt == "plain":
        for hit in results.hits:
            fields = [hit.id, hit.date.isoformat() if hit.date else "-", _score(hit.score),
                      hit.title, hit.snippet.text]
            if with_query:
                fields.insert(0, results.query)
            out.write("\t".join(display_line(f) for f in fields) + "\n")
    elif fmt == "table":
        _results_table(results, Console(file=out, highlight=False) if out is not sys.stdout else stdout_console())
    else:
        exporters[fmt].write(ExportTable.from_results(results), out, first=first)


def _score(score: float | None) -> str:
    return "-" if score is None else f"{score:.2f}"


def _results_table(results: SearchResults, console: Console) -> None:
    table = Table(show_lines=False, expand=True, title_justify="left", box=None, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Article", ratio=1)
    table.add_column("ID", style="dim", overflow="fold")
    for rank, hit in enumerate(results.hits, start=1):
        cell = Text(display_line(hit.title), style="bold")
        if hit.outlet:
            cell.append("  " + display_line(hit.outlet), style="cyan")
        if hit.snippet.text:
            cell.append("\n")
            cell.append_text(snippet_text(hit.snippet))
        table.add_row(str(rank), "" if hit.score is None else f"{hit.score:.2f}", hit.date.isoformat() if hit.date else "",
                      cell, Text(display_line(hit.id)))
    console.print(table)
    console.print(Text(summary_line(results), style="dim"))


def snippet_text(snippet) -> Text:
    """A snippet with its matches styled (the text has been folded to one line)."""
    text = Text(display_line(snippet.text), style="default")
    if len(text.plain) == len(snippet.text):
        for start, end in snippet.matches:
            text.stylize("bold yellow", start, end)
    return text


def summary_line(results: SearchResults) -> str:
    shown = len(results.hits)
    line = f"{results.total:,} article{'s' if results.total != 1 else ''} match"
    if results.total == 1:
        line += "es"
    if shown < results.total:
        line += f" (showing {shown}, sorted by {results.sort})"
    return line


def write_article(article: Article, fmt: str, out: TextIO = sys.stdout, raw: bool = False,
                  annotations: list | None = None) -> None:
    if fmt == "json":
        data = {
            "id": article.id, "title": article.title, "author": article.author,
            "authors": article.authors, "date": article.date.isoformat() if article.date else None,
            "outlet": article.outlet, "url": article.url, "path": article.path, "body": article.body,
            "paragraphs": [list(p) for p in article.paragraphs],
            "sentences": [list(s) for s in article.sentences],
        }
        if raw:
            data["boilerplate"] = [{"text": r.text, "reason": r.reason} for r in article.boilerplate]
        if annotations is not None:
            data["annotations"] = [{**a.to_dict(), "text": article.body[a.start:a.end]} for a in annotations]
        out.write(json_text(data) + "\n")
        return
    if not out.isatty():
        _article_plain(article, out, raw)
        if annotations:
            out.write("\nAnnotations:\n")
            for line in annotation_lines(article, annotations):
                out.write(line + "\n")
        return
    console = stdout_console() if out is sys.stdout else Console(file=out, highlight=False)
    console.print(Text(display_line(article.title), style="bold"))
    meta = [article.author, article.date.isoformat() if article.date else None, article.outlet, article.path]
    console.print(Text(" · ".join(display_line(m) for m in meta if m), style="dim"))
    console.print()
    console.print(Text(display_text(article.body)))
    if raw and article.boilerplate:
        console.print()
        console.print(Text("Kept out of the body:", style="bold"))
        for removed in article.boilerplate:
            line = Text(f"[{removed.reason}] ", style="dim")
            line.append(display_line(removed.text))
            console.print(line)
    if annotations:
        console.print()
        console.print(Text("Annotations:", style="bold"))
        for line in annotation_lines(article, annotations):
            console.print(Text(line))


def annotation_lines(article: Article, annotations: list) -> list[str]:
    """One line per annotation: where, which analyzer, what kind, the label, the text."""
    lines = []
    for a in annotations:
        quoted = display_line(article.body[a.start:a.end])
        if len(quoted) > 80:
            quoted = quoted[:79] + "…"
        label = f" = {display_line(a.label)}" if a.label and a.label != quoted else ""
        lines.append(f"{a.start:>6}-{a.end:<6} {display_line(a.analyzer)}/{display_line(a.kind)}  {quoted}{label}")
    return lines


def _article_plain(article: Article, out: TextIO, raw: bool) -> None:
    """An article for a pipe: one line per paragraph, no wrapping, no styles."""
    meta = [article.author, article.date.isoformat() if article.date else None, article.outlet, article.path]
    out.write(display_line(article.title) + "\n")
    out.write(" · ".join(display_line(m) for m in meta if m) + "\n\n")
    out.write(display_text(article.body) + "\n")
    if raw and article.boilerplate:
        out.write("\nKept out of the body:\n")
        for removed in article.boilerplate:
            out.write(f"[{removed.reason}] {display_line(removed.text)}\n")
