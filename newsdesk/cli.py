"""The `newsdesk` command line (typer): index, search, show.

Machine output (JSON, JSON Lines, CSV, plain lines) goes to stdout; progress,
warnings and errors go to stderr, one line each.  Exit codes follow grep:
0 when something was found, 1 when nothing was, 2 for a usage or query error.
This module must not import Textual: scripting stays fast.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Optional

import click
import typer

import newsdesk
from newsdesk.output import write_article, write_results
from newsdesk.search import Corpus, NewsdeskError, QuerySyntaxError, open_corpus
from newsdesk.search.locations import bundled_seeds
from newsdesk.search.text import display_line

app = typer.Typer(
    name="newsdesk",
    help="Explore a corpus of news articles: full-text search, from the terminal or a script.",
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

CorpusOption = typer.Option(None, "--corpus", "-c", envvar="NEWSDESK_CORPUS",
                            help="Corpus folder or file (default: the bundled seeds).")
IndexOption = typer.Option(None, "--index", envvar="NEWSDESK_INDEX",
                           help="Index directory (default: one per corpus in the user cache).")


def say(message: str) -> None:
    """One line for a person, on stderr."""
    print(f"newsdesk: {message}", file=sys.stderr)


def _version(value: bool) -> None:
    if value:
        print(f"newsdesk {newsdesk.__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _corpus(path: Optional[Path], index: Optional[Path]) -> Corpus:
    from newsdesk.plugins.manager import get_plugin_manager, reader_registry

    readers = reader_registry(get_plugin_manager())
    return open_corpus(path or bundled_seeds(), index_dir=index, readers=readers)


def _update(corpus: Corpus, rebuild: bool = False, quiet: bool = False):
    """Run the indexer with a progress bar on stderr when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        report = corpus.update(rebuild=rebuild)
    else:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("index", total=None)
            report = corpus.update(progress=lambda done, total: bar.update(task, completed=done, total=total),
                                   rebuild=rebuild)
    for where, why in report.skipped:
        say(f"skipped {display_line(where)}: {display_line(why)}")
    if report.articles == 0 and not report.skipped:
        known = ", ".join(sorted(corpus.readers.extensions))
        say(f"no articles found in {display_line(str(corpus.root))} (newsdesk reads: {known})")
    return report


@app.command()
def index(
    path: Optional[Path] = typer.Argument(None, help="Corpus folder or file (default: the bundled seeds)."),
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    rebuild: bool = typer.Option(False, "--rebuild", help="Throw the index away and build it again."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
) -> None:
    """Build or update the index of a corpus (only added, changed and deleted files are touched)."""
    corpus = _corpus(path or corpus_path, index_dir)
    report = _update(corpus, rebuild=rebuild, quiet=quiet)
    if as_json:
        print(json.dumps({
            "corpus": str(corpus.root), "index": str(corpus.index_dir), "added": report.added,
            "changed": report.changed, "removed": report.removed, "unchanged": report.unchanged,
            "articles": report.articles, "seconds": round(report.seconds, 3),
            "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
            "unreadable_unchanged": report.unreadable,
        }))
    elif not quiet:
        say(report.summary())


QUERY_HELP = """\b
Query syntax (whoosh), searching title and body unless a field is named:
  deepseek openai              both words (AND is the default)
  deepseek OR moonshot         either; also AND NOT, and ( ) to group
  "hedge fund"                 a phrase
  title:ban  author:"jane doe"  outlet:reuters  id:...  path:...
  distill*   tiananmem~        wildcard; fuzzy (~2 for two edits)
  date:2025-03  date:[2025-01-01 TO 2025-06-30]  date:>2024-12-31
"""


@app.command(epilog=QUERY_HELP)
def search(
    query: str = typer.Argument(..., help="A query in whoosh syntax, or '-' to read one query per line from stdin."),
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    limit: int = typer.Option(10, "--limit", "-n", min=0, help="How many hits to show."),
    sort: str = typer.Option("relevance", "--sort", help="relevance or date (newest first)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object: query, total, hits."),
    as_jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per hit."),
    as_csv: bool = typer.Option(False, "--csv", help="CSV with a header row."),
    plain: bool = typer.Option(False, "--plain", help="Tab-separated lines (the default when piped)."),
) -> None:
    """Search the corpus.  Exit 0 with hits, 1 with none, 2 on a query error."""
    chosen = [name for name, on in (("json", as_json), ("jsonl", as_jsonl), ("csv", as_csv), ("plain", plain)) if on]
    if len(chosen) > 1:
        raise click.UsageError(f"choose one output format, not {' and '.join('--' + c for c in chosen)}")
    fmt = chosen[0] if chosen else ("table" if sys.stdout.isatty() else "plain")
    if sort not in ("relevance", "date"):
        raise click.UsageError(f"--sort must be relevance or date, not '{sort}'")
    corpus = _corpus(corpus_path, index_dir)
    if not corpus.has_index():
        _update(corpus)
    queries = _queries_from_stdin() if query == "-" else [(None, query)]
    if any(re.search(r"(^|\s)-\w", text) for _, text in queries):
        say("note: a leading '-' does not exclude a word here; write NOT word")
    found = errors = 0
    for position, (line, text) in enumerate(queries):
        try:
            results = corpus.search(text, limit=limit, sort=sort)
        except QuerySyntaxError as error:
            errors += 1
            say(f"{'line %d: ' % line if line else ''}{error}")
            continue
        found += results.total > 0
        try:
            write_results(results, fmt, first=position == 0, with_query=line is not None)
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(0 if found else 1) from None
        if results.total == 0 and results.suggestion:
            say(f"no match for {text!r}; did you mean: {results.suggestion}")
    sys.stdout.flush()
    if errors and not found:
        raise typer.Exit(2)
    raise typer.Exit(0 if found else 1)


def _queries_from_stdin() -> list[tuple[int, str]]:
    return [(number, line.strip()) for number, line in enumerate(sys.stdin, start=1) if line.strip()]


@app.command()
def show(
    article_id: str = typer.Argument(..., metavar="ID", help="The article id, as search prints it."),
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    as_json: bool = typer.Option(False, "--json", help="id, title, author, date, outlet, path, body as JSON."),
    raw: bool = typer.Option(False, "--boilerplate", help="Also show what was kept out of the body, and why."),
) -> None:
    """Print one article."""
    corpus = _corpus(corpus_path, index_dir)
    if not corpus.has_index():
        _update(corpus)
    try:
        write_article(corpus.article(article_id), "json" if as_json else "text", raw=raw)
    except BrokenPipeError:
        _silence_stdout()


# typer 0.29 carries its own copy of click; catch both families.
_CLICK_ERRORS = (click.ClickException,) + ((typer.TyperException,) if hasattr(typer, "TyperException") else ())
_ABORTS = (KeyboardInterrupt, click.Abort, typer.Abort)


def main(argv: list[str] | None = None) -> None:
    """Entry point: turns every expected failure into one line on stderr and an exit code."""
    try:
        code = app(args=argv, prog_name="newsdesk", standalone_mode=False)
    except _ABORTS:
        code = 130
    except _CLICK_ERRORS as error:
        context = getattr(error, "ctx", None)
        hint = f" (see: {context.command_path} --help)" if context is not None else ""
        say(f"{display_line(error.format_message())}{hint}")
        code = getattr(error, "exit_code", 2)
    except NewsdeskError as error:
        say(display_line(str(error)))
        code = error.exit_code
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    except OSError as error:  # e.g. writing results to a full disk
        say(f"cannot write the output: {error.strerror or error}")
        code = 2
    if code == 130:  # typer turns Ctrl-C into Exit(130) itself
        say("interrupted; the index keeps everything committed before this point")
    sys.exit(code if isinstance(code, int) else 0)


def _silence_stdout() -> None:
    """The reader went away (`| head`): not an error.  Silence the final flush."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError:
        pass
