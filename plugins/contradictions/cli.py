"""`newsdesk contradictions`: where the articles disagree, ranked.

    newsdesk contradictions                              # the most credible first
    newsdesk contradictions --entity DeepSeek --type value --limit 5 --json
    newsdesk contradictions --all                        # dismissed ones too
    newsdesk contradictions mark 3f2a9c1b7e04 confirmed  # or dismissed, or open (forget the verdict)

Imported only inside the `register_commands` hook.  Sentences come from
articles: they reach the terminal through `display_line` only.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Optional

import typer

from newsdesk.plugins import commands
from newsdesk.plugins.commands import CorpusOption, IndexOption, say
from newsdesk.search.errors import ArticleNotFound, UsageError
from newsdesk.search.text import csv_cell, display_line, json_text

from . import conflicts
from .checks import TYPES
from .verdicts import Verdicts

contradictions_app = typer.Typer(help="Where the articles disagree: ranked, typed, explained.",
                                 invoke_without_command=True, no_args_is_help=False)

SIDE_FIELDS = ("doc", "sentence", "start", "end", "title", "outlet", "date", "speaker")
CSV_FIELDS = ["id", "score", "type", "explanation", "verdict", "duplicates",
              *[f"{side}_{f}" for side in "ab" for f in ("doc", "sentence", "start", "end", "outlet", "date")]]


def open_ready(corpus_path, index_dir):
    return commands.open_ready(corpus_path, index_dir)


def public(record: dict) -> dict:
    """What --json prints of a conflict."""
    return {"id": record["id"], "score": record["score"], "type": record["type"],
            "explanation": record["explanation"], "verdict": record.get("verdict"),
            "entities": record.get("entities", []), "also": record.get("also", []),
            "a": {k: record["a"].get(k) for k in SIDE_FIELDS}, "b": {k: record["b"].get(k) for k in SIDE_FIELDS}}


@contradictions_app.callback()
def contradictions(
    ctx: typer.Context,
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    entity: Optional[str] = typer.Option(None, "--entity", "-e", help="Only conflicts about this entity (any spelling)."),
    kind: Optional[list[str]] = typer.Option(None, "--type", "-t", help=f"Only these types (repeat): {', '.join(TYPES)}."),
    query: Optional[str] = typer.Option(None, "--query", "-q", help="Only conflicts with a side in what this search finds."),
    limit: int = typer.Option(20, "--limit", "-n", min=0, help="At most this many (0: all)."),
    show_all: bool = typer.Option(False, "--all", help="Dismissed conflicts too."),
    as_json: bool = typer.Option(False, "--json", help="A ranked JSON array of {id, score, type, explanation, a, b}."),
    as_csv: bool = typer.Option(False, "--csv", help="CSV, one conflict per row."),
) -> None:
    """Statements in different articles (or one) that cannot both be true, best first."""
    if ctx.invoked_subcommand is not None:
        return
    if as_json and as_csv:
        raise UsageError("choose --json or --csv")
    kinds = {k.strip().lower() for k in kind or [] if k.strip()}
    unknown = kinds - set(TYPES)
    if unknown:
        raise UsageError(f"unknown type '{sorted(unknown)[0]}' (types: {', '.join(TYPES)})")
    corpus = open_ready(corpus_path, index_dir)
    docs = None
    if query and query.strip():
        docs = {hit.id for hit in corpus.search(query, limit=max(corpus.article_count(), 1)).hits}
    verdicts = Verdicts.of(corpus)
    if verdicts.warning:
        say(display_line(verdicts.warning))
    found = conflicts.load(corpus, docs=docs, entity=entity, kinds=kinds or None, dismissed=show_all,
                           verdicts=verdicts)
    if limit:
        found = found[:limit]
    if as_json:
        print(json_text([public(r) for r in found], indent=2))
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(CSV_FIELDS)
        for r in found:
            row = [r["id"], r["score"], r["type"], r["explanation"], r.get("verdict") or "", len(r.get("also", []))]
            for side in "ab":
                row += [r[side].get(f) for f in ("doc", "sentence", "start", "end", "outlet", "date")]
            writer.writerow([csv_cell(v) for v in row])
    else:
        for rank, r in enumerate(found, start=1):
            verdict = f"  [{r['verdict']}]" if r.get("verdict") else ""
            more = f"  (+{len(r['also'])} alike)" if r.get("also") else ""
            print(f"{rank:>2}. {r['score']:.2f} {r['type']:<12} {r['id']}{verdict}{more}")
            for side in "ab":
                s = r[side]
                where = " · ".join(x for x in (s.get("outlet"), s.get("date"), s["doc"]) if x)
                print(f"    {side.upper()}: {display_line(where)}")
                print(f"       \u201c{display_line(s['sentence'])[:300]}\u201d")
            print(f"    why: {display_line(r['explanation'])}")
    if not found:
        say("no contradictions found" + ("" if show_all else " (dismissed ones are hidden: --all)"))
        raise typer.Exit(1)


@contradictions_app.command("mark")
def mark(
    conflict_id: str = typer.Argument(..., metavar="ID", help="The conflict's id, as listed (or its first 6+ characters)."),
    verdict: str = typer.Argument(..., help="confirmed, dismissed, or open (forget the verdict)."),
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
) -> None:
    """Mark a conflict confirmed or dismissed (kept across re-indexing)."""
    verdict = verdict.strip().lower()
    if verdict not in ("confirmed", "dismissed", "open"):
        raise UsageError(f"a verdict is confirmed, dismissed or open, not '{verdict}'")
    corpus = open_ready(corpus_path, index_dir)
    record = conflicts.find(corpus, conflict_id)
    if record is None:
        raise ArticleNotFound(f"no conflict with id '{conflict_id}' (ids are listed by 'newsdesk contradictions')")
    Verdicts.of(corpus).set(record, None if verdict == "open" else verdict)
    say(f"{record['id']}: {verdict}")
