"""`newsdesk quotes`: the quotations in a corpus, with their speakers.

    newsdesk quotes                                  # every quotation in the corpus
    newsdesk quotes --query deepseek --limit 20      # in the articles a search finds
    newsdesk quotes --speaker "sam altman" --json    # one speaker, as a JSON array

Imported only inside the `register_commands` hook, so typer is loaded by the
command line that already has it.  Article text is untrusted: every piece of it
goes through `display_line` before it reaches a terminal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from newsdesk.search.extensions import fold_keyword
from newsdesk.search.text import display_line

from .analyzer import KIND


def add_quotes_command(cli: typer.Typer) -> None:
    @cli.command("quotes")
    def quotes(
        corpus_path: Optional[Path] = typer.Option(None, "--corpus", "-c", envvar="NEWSDESK_CORPUS",
                                                   help="Corpus folder or file (default: the bundled seeds)."),
        index_dir: Optional[Path] = typer.Option(None, "--index", envvar="NEWSDESK_INDEX",
                                                 help="Index directory (default: one per corpus in the user cache)."),
        query: Optional[str] = typer.Option(None, "--query", "-q",
                                            help="Only articles this search finds (newsdesk's query language)."),
        speaker: Optional[str] = typer.Option(None, "--speaker", "-s",
                                              help="Only quotations by this speaker (case and spacing ignored)."),
        as_json: bool = typer.Option(False, "--json", help="A JSON array of quotations on stdout."),
        limit: int = typer.Option(0, "--limit", "-n", min=0, help="At most this many quotations (0: all)."),
    ) -> None:
        """Quoted speech in the corpus: who said what, in which article."""
        found = collect(corpus_path, index_dir, query, speaker, limit)
        if as_json:
            print(json.dumps(found, ensure_ascii=False, indent=2))
        else:
            print_quotes(found)
        if not found:
            what = f" by '{display_line(speaker)}'" if speaker else ""
            print(f"newsdesk quotes: no quotations{what} found", file=sys.stderr)
            raise typer.Exit(1)


def speaker_query(query: str | None, speaker: str | None) -> str:
    """The search to run: the user's query, narrowed to articles quoting `speaker`."""
    query = (query or "").strip()
    if speaker:
        name = " ".join(speaker.replace('"', " ").split())
        clause = f'speaker:"{name}"'
        return f"({query}) AND {clause}" if query and query != "*" else clause
    return query or "*"


def collect(corpus_path, index_dir, query, speaker, limit) -> list[dict]:
    """The quotations as JSON-ready records, article by article in result order."""
    from newsdesk.plugins import open_corpus

    corpus = open_corpus(corpus_path, index_dir)
    try:
        if not corpus.has_index() or corpus.needs_update():  # new corpus, or analyzer/field not run yet
            print(f"newsdesk quotes: indexing {display_line(str(corpus.root))}", file=sys.stderr)
            report = corpus.update()
            for plugin, problem in getattr(report, "problems", []):
                print(f"newsdesk quotes: plugin '{display_line(plugin)}': {display_line(problem)}", file=sys.stderr)
        results = corpus.search(speaker_query(query, speaker), limit=max(corpus.article_count(), 1))
        wanted = fold_keyword(speaker) if speaker else None
        found: list[dict] = []
        for hit in results.hits:
            for quote in corpus.annotations(hit.id, kind=KIND):
                if wanted is not None and fold_keyword(quote.label) != wanted:
                    continue
                found.append({
                    "article": hit.id, "title": hit.title, "date": hit.date.isoformat() if hit.date else None,
                    "speaker": quote.label, "text": quote.data.get("text", ""),
                    "verb": quote.data.get("verb", ""), "source": quote.data.get("source", ""),
                    "start": quote.start, "end": quote.end,
                })
                if limit and len(found) >= limit:
                    return found
        return found
    finally:
        corpus.close()


def print_quotes(found: list[dict]) -> None:
    """For people: each article's id and title, then its quotations, one per line."""
    article = None
    for quote in found:
        if quote["article"] != article:
            article = quote["article"]
            print(display_line(f"{article}  {quote['title'] or ''}"))
        who = quote["speaker"] or (f"? ({quote['source']})" if quote["source"] else "?")
        text = quote["text"].rstrip(" ,")  # “...,” he said: the comma belongs to the sentence
        print("    " + display_line(f"{who}: “{text}”"))
