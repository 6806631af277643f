"""The `newsdesk` command line (typer): index, search, show, tui, plugins.

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
from newsdesk.cli_config import config_app
from newsdesk.cli_plugins import PluginFailed, add_plugin_commands, plugins_app, silence_stdout
from newsdesk.output import write_article, write_results
from newsdesk.plugins.manager import PluginHost, current_host, set_current_host
from newsdesk.search import Corpus, NewsdeskError, QuerySyntaxError
from newsdesk.search.errors import PLUGIN_FAILURES, describe
from newsdesk.search.text import display_line, json_text

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
BackendOption = typer.Option(None, "--backend", "-b", envvar="NEWSDESK_BACKEND",
                             help="Where the index lives: whoosh (default), tantivy, postgres; see 'newsdesk backends'.")
DsnOption = typer.Option(None, "--dsn", envvar="NEWSDESK_DSN",
                         help="The PostgreSQL server for --backend postgres (postgresql://user@host/db).")


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
    no_plugins: bool = typer.Option(False, "--no-plugins",
                                    help="Load no third-party plugins (built-in ones still load)."),
    backend: Optional[str] = BackendOption,
    dsn: Optional[str] = DsnOption,
) -> None:
    """With no command, open the explorer on the bundled seeds ($NEWSDESK_CORPUS)."""
    _choose_backend(backend, dsn)
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            _open_tui(None, None)
        else:
            click.echo(ctx.get_help())


def _choose_backend(backend: Optional[str], dsn: Optional[str]) -> None:
    """Make --backend and --dsn hold for everything this run opens (plugins' commands too)."""
    if backend:
        os.environ["NEWSDESK_BACKEND"] = backend
    if dsn:
        os.environ["NEWSDESK_DSN"] = dsn


def _corpus(path: Optional[Path], index: Optional[Path], backend: Optional[str] = None,
            dsn: Optional[str] = None) -> Corpus:
    _choose_backend(backend, dsn)
    return current_host().open_corpus(path, index)


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
    for plugin, problem in report.problems:
        current_host().report_once(plugin, problem)
    if report.articles == 0 and not report.skipped:
        known = ", ".join(sorted(corpus.readers.extensions))
        say(f"no articles found in {display_line(str(corpus.root))} (newsdesk reads: {known})")
    return report


@app.command()
def index(
    path: Optional[Path] = typer.Argument(None, help="Corpus folder or file (default: the bundled seeds)."),
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    backend: Optional[str] = BackendOption,
    dsn: Optional[str] = DsnOption,
    rebuild: bool = typer.Option(False, "--rebuild", help="Throw the index away and build it again."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
) -> None:
    """Build or update the index of a corpus (only added, changed and deleted files are touched)."""
    corpus = _corpus(path or corpus_path, index_dir, backend, dsn)
    report = _update(corpus, rebuild=rebuild, quiet=quiet)
    if as_json:
        print(json.dumps({
            "corpus": str(corpus.root), "backend": corpus.backend.name, "index": corpus.backend.location(),
            "added": report.added,
            "changed": report.changed, "removed": report.removed, "unchanged": report.unchanged,
            "articles": report.articles, "reanalysed": report.reanalysed, "seconds": round(report.seconds, 3),
            "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
            "unreadable_unchanged": report.unreadable,
            "plugin_problems": [{"plugin": p, "problem": m} for p, m in report.problems],
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
Plugins add fields (entity:"DeepSeek", year:2025): 'newsdesk plugins list --all'.
"""


@app.command(epilog=QUERY_HELP)
def search(
    query: str = typer.Argument(..., help="A query in whoosh syntax, or '-' to read one query per line from stdin."),
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    backend: Optional[str] = BackendOption,
    dsn: Optional[str] = DsnOption,
    limit: int = typer.Option(10, "--limit", "-n", min=0, help="How many hits to show."),
    sort: str = typer.Option("relevance", "--sort", help="relevance or date (newest first)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object: query, total, hits (--format json)."),
    as_jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per hit (--format jsonl)."),
    as_csv: bool = typer.Option(False, "--csv", help="CSV with a header row (--format csv)."),
    plain: bool = typer.Option(False, "--plain", help="Tab-separated lines (the default when piped)."),
    fmt_name: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT",
                                           help="table, plain, or an export format: json, jsonl, csv, markdown, "
                                                "and those plugins add."),
) -> None:
    """Search the corpus.  Exit 0 with hits, 1 with none, 2 on a query error."""
    chosen = [name for name, on in (("json", as_json), ("jsonl", as_jsonl), ("csv", as_csv), ("plain", plain)) if on]
    chosen += [fmt_name] if fmt_name else []
    if len(set(chosen)) > 1:
        raise click.UsageError(f"choose one output format, not {' and '.join(chosen)}")
    fmt = chosen[0] if chosen else ("table" if sys.stdout.isatty() else "plain")
    exporters = current_host().exporters() if fmt not in ("table", "plain") else {}
    if fmt not in ("table", "plain") and fmt not in exporters:
        known = ", ".join(["table", "plain", *exporters])
        raise click.UsageError(f"unknown format '{fmt}' (formats: {known})")
    if sort not in ("relevance", "date"):
        raise click.UsageError(f"--sort must be relevance or date, not '{sort}'")
    corpus = _corpus(corpus_path, index_dir, backend, dsn)
    if corpus.needs_update():
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
            write_results(results, fmt, first=position == 0, with_query=line is not None, exporters=exporters)
        except BrokenPipeError:
            silence_stdout()
            raise typer.Exit(0 if found else 1) from None
        except OSError:
            raise
        except PLUGIN_FAILURES as error:  # a plugin's exporter
            exporter = exporters.get(fmt)
            plugin = getattr(exporter, "plugin", "") or "?"
            raise PluginFailed(f"plugin '{plugin}': exporter '{fmt}' failed: {describe(error)}") from None
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
    backend: Optional[str] = BackendOption,
    dsn: Optional[str] = DsnOption,
    as_json: bool = typer.Option(False, "--json", help="id, title, author, date, outlet, path, body and plugin annotations as JSON."),
    raw: bool = typer.Option(False, "--boilerplate", help="Also show what was kept out of the body, and why."),
    annotations: bool = typer.Option(False, "--annotations", "-a", help="Also list what plugins found (entities, dates...)."),
) -> None:
    """Print one article."""
    corpus = _corpus(corpus_path, index_dir, backend, dsn)
    if corpus.needs_update():
        _update(corpus)
    try:
        article = corpus.article(article_id)
        found = corpus.annotations(article.id) if (as_json or annotations) else None
        write_article(article, "json" if as_json else "text", raw=raw, annotations=found)
    except BrokenPipeError:
        silence_stdout()


@app.command()
def meta(
    article_id: str = typer.Argument(..., metavar="ID", help="The article id, as search prints it."),
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    backend: Optional[str] = BackendOption,
    dsn: Optional[str] = DsnOption,
    date: Optional[str] = typer.Option(None, "--date", help="Publication date: YYYY-MM-DD (or 'March 13, 2025')."),
    no_date: bool = typer.Option(False, "--no-date", help="The article has no known date."),
    title: Optional[str] = typer.Option(None, "--title", help="Its title."),
    author: Optional[list[str]] = typer.Option(None, "--author", help="An author (repeat for several)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="The outlet that published it."),
    url: Optional[str] = typer.Option(None, "--url", help="Where it was published."),
    as_json: bool = typer.Option(False, "--json", help="Print the article's metadata as JSON."),
) -> None:
    """Show an article's metadata, or correct it.  Corrections go to a sidecar
    file beside the article (NAME.meta.json), so the source is untouched and
    re-indexing keeps them; the index (and what plugins derive, such as the
    timeline's dates) is updated at once."""
    from newsdesk.search.dates import parse_iso_or_text
    from newsdesk.search.sidecar import YEARS, check_date

    if date and no_date:
        raise click.UsageError("choose --date or --no-date")
    values: dict = {}
    if date is not None:
        values["date"] = check_date(parse_iso_or_text(date))
        if values["date"] is None:
            raise click.UsageError(f"'{date}' is not a date from {YEARS[0]} to {YEARS[1]} (use YYYY-MM-DD)")
    if no_date:
        values["date"] = None
    for key, value in (("title", title), ("outlet", outlet), ("url", url)):
        if value is not None:
            values[key] = " ".join(value.split()) or None
    if author is not None:
        values["authors"] = [" ".join(a.split()) for a in author if a.strip()]
    corpus = _corpus(corpus_path, index_dir, backend, dsn)
    if corpus.needs_update():
        _update(corpus)
    if values:
        corpus.article(article_id)  # an unknown id is refused before anything is written
        where = corpus.set_metadata(article_id, values)
        say(f"wrote {display_line(str(where))}")
        _update(corpus, quiet=True)
    article = corpus.article(article_id)
    record = {"id": article.id, "title": article.title, "date": article.date.isoformat() if article.date else None,
              "authors": article.authors, "outlet": article.outlet, "url": article.url, "path": article.path}
    if as_json:
        print(json_text(record, indent=2))
        return
    for key, value in record.items():
        shown = "; ".join(value) if isinstance(value, list) else value
        print(f"{key:<8}{display_line(str(shown)) if shown else '-'}")


@app.command()
def facets(
    query: str = typer.Argument("", help="Count over the articles matching this query (default: all)."),
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    backend: Optional[str] = BackendOption,
    dsn: Optional[str] = DsnOption,
    field: Optional[list[str]] = typer.Option(None, "--field", "-F",
                                              help="Only these facets (repeat): outlet, date, author, plugin fields."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Values per facet."),
    as_json: bool = typer.Option(False, "--json", help="A JSON array of {name, label, more, values: [{value, count, clause, missing}]}."),
) -> None:
    """How the matching articles divide by outlet, year, author and plugin fields.
    Each value's clause, added to the query, finds exactly its count."""
    corpus = _corpus(corpus_path, index_dir, backend, dsn)
    if corpus.needs_update():
        _update(corpus)
    groups = corpus.facets(query, fields=field or None, limit=limit)
    try:
        if as_json:
            print(json_text([group.to_dict() for group in groups], indent=2))
            return
        for group in groups:
            if not group.values:
                continue
            more = f" (+{group.more} more)" if group.more else ""
            print(f"{display_line(group.label)}{more}")
            width = max(len(f"{v.count:,}") for v in group.values)
            for value in group.values:
                clause = f"\t{display_line(value.clause)}" if value.clause else ""
                print(f"  {value.count:>{width},}  {display_line(value.value)}{clause}")
    except BrokenPipeError:
        silence_stdout()


@app.command()
def backends(
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    dsn: Optional[str] = DsnOption,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per backend, one per line."),
) -> None:
    """List the search backends, whether each can be used here, and the corpus's index in each."""
    _choose_backend(None, dsn)
    host = current_host()
    rows = []
    for name, cls in sorted(host.extensions().backends.items(), key=lambda item: (item[0] != "whoosh", item[0])):
        row = {"name": name, "plugin": getattr(cls, "plugin", "") or None, "summary": cls.summary,
               "available": cls.missing() is None, "missing": cls.missing(), "index": None, "articles": None,
               "location": None, "error": None}
        if row["available"]:
            try:
                corpus = host.open_corpus(corpus_path, index_dir, backend=name)
                row["location"] = corpus.backend.location()
                row["missing"] = corpus.backend.unconfigured()
                if row["missing"]:
                    rows.append(row)
                    continue
                status = corpus.status()
                row.update(status)
            except NewsdeskError as error:
                row["error"] = describe(error)
        rows.append(row)
    for row in rows:
        if as_json:
            print(json_text(row))
            continue
        if not row["available"]:
            state = f"not available: {row['missing']}"
        elif row["missing"]:
            state = f"not set up: {row['missing']}"
        elif row["error"]:
            state = f"error: {row['error']}"
        elif row["index"]:
            state = f"indexed: {row['articles']:,} articles in {row['location']}"
        else:
            state = f"no index yet ({row['location']})"
        print(f"{row['name']:<10} {display_line(state)}")
        print(f"{'':<10} {display_line(row['summary'])}")


@app.command()
def tui(
    corpus_path: Optional[Path] = typer.Option(None, "--corpus", "-c", envvar="NEWSDESK_CORPUS",
                                               help="Corpus folder or file (default: the bundled seeds)."),
    index_dir: Optional[Path] = IndexOption,
    backend: Optional[str] = BackendOption,
    dsn: Optional[str] = DsnOption,
) -> None:
    """Open the explorer (the same as running newsdesk with no command)."""
    _choose_backend(backend, dsn)
    _open_tui(corpus_path, index_dir)


def _open_tui(corpus_path: Optional[Path], index_dir: Optional[Path]) -> None:
    from newsdesk.tui.app import run  # Textual loads only here

    run(current_host(), corpus_path, index_dir)


app.add_typer(plugins_app, name="plugins")
app.add_typer(config_app, name="config")


# typer 0.29 carries its own copy of click; catch both families.
_CLICK_ERRORS = (click.ClickException,) + ((typer.TyperException,) if hasattr(typer, "TyperException") else ())
_ABORTS = (KeyboardInterrupt, click.Abort, typer.Abort)


def _wants_no_plugins(argv: list[str]) -> bool:
    """Whether `--no-plugins` comes before the command name (a root option)."""
    for arg in argv:
        if arg == "--no-plugins":
            return True
        if not arg.startswith("-"):
            return False
    return False


def _app_with_plugins(host: PluginHost) -> typer.Typer:
    """The built-in commands, plus those the plugins add, in a fresh typer app."""
    cli = typer.Typer(**{key: getattr(app.info, key) for key in ("name", "help", "add_completion")
                         if hasattr(app.info, key)})
    cli.info = app.info
    cli.registered_callback = app.registered_callback
    cli.registered_commands = list(app.registered_commands)
    cli.registered_groups = list(app.registered_groups)
    cli.pretty_exceptions_enable = False
    cli._add_completion = getattr(app, "_add_completion", True)
    cli.rich_markup_mode = getattr(app, "rich_markup_mode", None)
    add_plugin_commands(cli, host)
    return cli


def main(argv: list[str] | None = None) -> None:
    """Entry point: turns every expected failure into one line on stderr and an exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    host = PluginHost(third_party=not _wants_no_plugins(args))
    set_current_host(host)
    try:
        code = _app_with_plugins(host)(args=args, prog_name="newsdesk", standalone_mode=False)
        sys.stdout.flush()  # here, where a reader gone away (`| head`) is handled
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
        silence_stdout()
        code = 0
    except OSError as error:  # e.g. writing results to a full disk
        say(f"cannot write the output: {error.strerror or error}")
        code = 2
    except Exception as error:  # a bug, ours or a plugin's: one line, unless asked for more
        if os.environ.get("NEWSDESK_DEBUG"):
            raise
        say(f"unexpected error: {display_line(describe(error))} (run with NEWSDESK_DEBUG=1 for the traceback)")
        code = 3
    if code == 130:  # typer turns Ctrl-C into Exit(130) itself
        say("interrupted; the index keeps everything committed before this point")
    sys.exit(code if isinstance(code, int) else 0)


