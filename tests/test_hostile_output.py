"""Hostile article text through every command-line output path: `search` in
each format (through real pipes: `| jq`, `| head`), `show` (plain, table,
JSON, boilerplate, annotations), `meta`, `facets`, the plugins' commands
(entities, timeline, contradictions: table, JSON, CSV), the exporters, and
messages that echo a query or a file name.

What is promised: terminal formats never carry a control, bidi or
zero-width character and print markup as written; JSON carries the stored
text exactly, every such character as a `\\u` escape (so the bytes are inert
too); CSV cells are cleaned like terminal text (CSV has no escapes).  Text
that never went through ingest (plugin data, ids, paths, queries) is checked
through the display functions directly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

import pytest

import hostile_corpus as hc
from conftest import run_cli
from newsdesk.output import write_article, write_results
from newsdesk.plugins.manager import PluginHost
from newsdesk.plugins import Annotation
from newsdesk.search import Article, Hit, SearchResults, Snippet
from newsdesk.search.text import csv_cell, display_inline, display_input, display_line, display_text, json_text

RAW = "Raw \x1b[2J\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\ \x1b]52;c;ZXZpbA==\x07 \x9b31m Evil\u202eCorp " \
      "Jo\u200bhn \ud800 [@click=app.quit]quit[/] [link=file:///etc/passwd]pw[/link]"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return hc.indexed(tmp_path_factory, "small")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return hc.indexed(tmp_path_factory, "big")


def cli(corpus_index, *args, kind="small", input=None):
    folder, index = corpus_index
    return run_cli(*args, "--corpus", str(folder), "--index", str(index), input=input,
                   env={"NEWSDESK_DISABLE": hc.DISABLE[kind], "COLUMNS": "160"})


def shell(corpus_index, args: list[str], pipe: str, kind="small") -> subprocess.CompletedProcess:
    """`newsdesk ARGS | PIPE` through a real shell, bounded in time."""
    folder, index = corpus_index
    command = [sys.executable, "-m", "newsdesk", *args, "--corpus", str(folder), "--index", str(index)]
    return subprocess.run(f"timeout 120 {shlex.join(command)} | {pipe}", shell=True, capture_output=True,
                          text=True, timeout=150, env={**os.environ,
                                                       "NEWSDESK_DISABLE": hc.DISABLE[kind]})


def on_a_terminal(corpus_index, *args, kind="small") -> subprocess.CompletedProcess:
    """The command as on a terminal (stdout says it is a tty: Rich tables, styles)."""
    folder, index = corpus_index
    argv = [*args, "--corpus", str(folder), "--index", str(index)]
    code = f"import sys; from newsdesk.cli import main; sys.stdout.isatty = lambda: True; main({argv!r})"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=150,
                          env={**os.environ, "NEWSDESK_DISABLE": hc.DISABLE[kind],
                               "COLUMNS": "160", "TERM": "xterm-256color", "FORCE_COLOR": "1"})


def styled_safely(out: str) -> str:
    """`out` without the SGR sequences Rich writes itself (colour, bold), which
    must be the only escape sequences left; anything else stays and fails."""
    return re.sub(r"\x1b\[[0-9;]*m", "", out)


def assert_terminal_safe(out: str) -> None:
    assert hc.leaks(out) == [], f"leaked {hc.leaks(out)}"


# -- search --------------------------------------------------------------------------------
def test_search_plain_table_and_markdown_are_inert(small):
    plain = shell(small, ["search", "smith OR body", "-n", "50"], "head -n 40")
    assert plain.returncode == 0, plain.stderr
    assert_terminal_safe(plain.stdout)
    assert "[bold]BOLD[/bold] [@click=app.quit]quit[/]" in plain.stdout  # markup as written
    table = on_a_terminal(small, "search", "smith OR body", "-n", "50")
    assert table.returncode == 0, table.stderr
    assert "\x1b[" in table.stdout  # Rich did style the table ...
    assert_terminal_safe(styled_safely(table.stdout))  # ... and only Rich
    assert "\x1b]8;" not in table.stdout and "[bold]BOLD[/bold]" in styled_safely(table.stdout)
    markdown = cli(small, "search", "smith OR body", "-f", "markdown", "-n", "50")
    assert markdown.returncode == 0 and "\\[bold\\]BOLD\\[/bold\\]" in markdown.stdout
    assert "\\<script\\>alert(1)\\</script\\> \\&#x202e;" in markdown.stdout and "\\| pipe" in markdown.stdout
    assert_terminal_safe(markdown.stdout)


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is installed by `make test`")
def test_search_json_and_jsonl_round_trip_through_jq(small):
    direct = cli(small, "search", "smith OR body", "--json", "-n", "50")
    assert direct.returncode == 0, direct.stderr
    assert_terminal_safe(direct.stdout)  # every such character is a \u escape ...
    data = json.loads(direct.stdout)
    titles = " ".join(hit["title"] for hit in data["hits"])
    assert "Evil\u202eCorp" in titles and "Jo\u200bhn" in titles  # ... of the stored text, exactly
    assert "\x1b" not in titles and "[bold]BOLD[/bold]" in titles  # stored: cleaned at ingest
    again = shell(small, ["search", "smith OR body", "--json", "-n", "50"], "jq -c .")
    assert again.returncode == 0 and json.loads(again.stdout) == {**data, "hits": json.loads(again.stdout)["hits"]}
    assert [hit["id"] for hit in json.loads(again.stdout)["hits"]] == [hit["id"] for hit in data["hits"]]
    lines = shell(small, ["search", "smith OR body", "--jsonl", "-n", "50"], "head -n 3")
    assert lines.returncode == 0 and len(lines.stdout.splitlines()) == 3
    assert_terminal_safe(lines.stdout)
    assert [json.loads(line)["id"] for line in lines.stdout.splitlines()] == [h["id"] for h in data["hits"][:3]]


def test_search_csv_parses_and_is_inert(small):
    result = cli(small, "search", "smith OR body", "--csv", "-n", "50")
    assert result.returncode == 0, result.stderr
    assert_terminal_safe(result.stdout)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) >= 10 and all(None not in row for row in rows)
    assert any("[@click=app.quit]quit[/]" in row["title"] for row in rows)


# -- show, meta, facets ------------------------------------------------------------------------
@pytest.mark.parametrize("article_id", ["plain-0", "js2", "front", "page"])
def test_show_plain_json_boilerplate_and_annotations(small, article_id):
    plain = cli(small, "show", article_id, "--boilerplate", "-a")
    assert plain.returncode == 0, plain.stderr
    assert_terminal_safe(plain.stdout)
    assert "[bold]BOLD[/bold]" in plain.stdout or "<script>" in plain.stdout
    shown = on_a_terminal(small, "show", article_id, "--boilerplate", "-a")
    assert shown.returncode == 0, shown.stderr
    assert_terminal_safe(styled_safely(shown.stdout))
    as_json = cli(small, "show", article_id, "--json", "--boilerplate")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["id"] == article_id
    assert_terminal_safe(as_json.stdout)


def test_meta_and_facets(small):
    meta = cli(small, "meta", "plain-0")
    assert meta.returncode == 0, meta.stderr
    assert_terminal_safe(meta.stdout)
    assert "Sidecar [2J" in meta.stdout  # a sidecar's value, cleaned like the file's own
    as_json = cli(small, "meta", "plain-0", "--json")
    record = json.loads(as_json.stdout)
    assert record["outlet"] == "Side ]52;c;ZXZpbA== outlet"
    assert "\ufffd title" in record["title"]  # the sidecar's lone surrogate, as ingest makes it
    facets = cli(small, "facets")
    assert facets.returncode == 0, facets.stderr
    assert_terminal_safe(facets.stdout)
    assert_terminal_safe(cli(small, "facets", "--json").stdout)


# -- the plugins' commands ---------------------------------------------------------------------
@pytest.mark.parametrize("command", ["entities", "timeline", "contradictions"])
def test_plugin_commands_in_every_form(small, command):
    table = cli(small, command)
    assert table.returncode == 0, table.stderr
    assert table.stdout.strip(), f"{command} listed nothing"
    assert_terminal_safe(table.stdout + table.stderr)
    as_json = cli(small, command, "--json")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)
    assert_terminal_safe(as_json.stdout)
    as_csv = cli(small, command, "--csv")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert len(rows) > 1 and len({len(row) for row in rows}) == 1
    assert_terminal_safe(as_csv.stdout)
    if command == "timeline":
        calendar = cli(small, command, "--ics")
        assert calendar.returncode == 0 and calendar.stdout.startswith("BEGIN:VCALENDAR")
        assert_terminal_safe(calendar.stdout.replace("\r", ""))


def test_entity_graph_files_are_valid_xml(small):
    import xml.etree.ElementTree as ET

    for fmt in ("gexf", "graphml"):
        result = cli(small, "entities", "graph", "--format", fmt)
        assert result.returncode == 0, result.stderr
        names = {node.get("label") for node in ET.fromstring(result.stdout.encode()).iter()}
        names |= {node.text for node in ET.fromstring(result.stdout.encode()).iter()}
        assert "Jo\u200bhn Smith" in names  # names as stored, the invisible one as a reference
        assert_terminal_safe(result.stdout)


# -- messages that echo input ------------------------------------------------------------------
def test_query_errors_echo_the_query_inertly(small):
    on_argv = cli(small, "search", 'title:"\x1b[2J\u202e[bold]x')
    assert on_argv.returncode == 2 and on_argv.stderr.count("\n") == 1
    assert_terminal_safe(on_argv.stderr)
    from_stdin = cli(small, "search", "-", input="smith\n(\x1b]52;c;ZXZpbA==\x07 [@click=app.quit]\n")
    assert from_stdin.returncode == 0 and "line 2" in from_stdin.stderr
    assert_terminal_safe(from_stdin.stderr + from_stdin.stdout)
    unknown = cli(small, "search", "smitth\x07\u202e\u200b")  # nothing found: "did you mean" echoes it
    assert unknown.returncode == 1 and "did you mean" in unknown.stderr
    assert_terminal_safe(unknown.stderr)


def test_skipped_file_names_are_shown_inertly(tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "good.txt").write_text("A title\n\nA body long enough to be an article.\n")
    (folder / "bad\x1b[2J\u202e\x07.json").write_text("{not json")
    (folder / "x").touch()
    os.rename(folder / "x", os.fsencode(folder) + b"/latin\xe9\x1b[31m.txt")  # not UTF-8
    result = run_cli("index", str(folder), "--index", str(tmp_path / "index"),
                     env={"NEWSDESK_DISABLE": hc.DISABLE["big"]})
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("skipped") == 2
    assert_terminal_safe(result.stderr)
    assert "bad[2J.json" in result.stderr


# -- 1 MB line, 100,000 paragraphs -------------------------------------------------------------
def test_big_articles_through_the_cli_in_bounded_time(big):
    started = time.perf_counter()
    for article_id in ("megaline", "paragraphs"):
        shown = shell(big, ["show", article_id], "head -c 2000000", kind="big")
        assert shown.returncode == 0, shown.stderr
        assert len(shown.stdout) > 800_000
        assert_terminal_safe(shown.stdout)
        assert_terminal_safe(shell(big, ["show", article_id, "--json"], "head -c 100", kind="big").stdout)
    for fmt in ("--plain", "--json", "--csv"):
        found = cli(big, "search", "tiny OR longline", fmt, kind="big")
        assert found.returncode == 0, found.stderr
        assert_terminal_safe(found.stdout)
    table = on_a_terminal(big, "search", "tiny OR longline", kind="big")
    assert table.returncode == 0 and "Megaline title" in table.stdout
    assert time.perf_counter() - started < 60


# -- text that never went through ingest ---------------------------------------------------------
def raw_article() -> Article:
    return Article(id="id\x1b[2J[@click=app.quit]", path="p\x1b[2J\u202e.txt", title=RAW, body=f"{RAW}\n\n{RAW}",
                   authors=[RAW], date=dt.date(2024, 1, 2), outlet=RAW, url=RAW,
                   paragraphs=[(0, len(RAW))], sentences=[(0, len(RAW))])


def raw_results() -> SearchResults:
    hit = Hit(id="id\x1b[2J", title=RAW, date=None, path=RAW, score=1.0, author=RAW, outlet=RAW,
              snippet=Snippet(RAW, [(4, 9)]))
    return SearchResults(query=RAW, total=1, hits=[hit], sort="relevance", suggestion=RAW, seconds=0.0)


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_display_functions_on_raw_text():
    for shown in (display_line(RAW), display_text(RAW), display_inline(RAW), display_input(RAW), csv_cell(RAW)):
        assert_terminal_safe(shown)
        shown.encode("utf-8")  # a lone surrogate cannot be printed
        assert "[@click=app.quit]quit[/]" in shown
    assert len(display_inline(RAW)) == len(RAW)  # offsets still hold
    assert json.loads(json_text({"v": RAW})) == {"v": RAW} and hc.leaks(json_text(RAW)) == []
    json_text(RAW).encode("utf-8")


def test_write_results_and_article_with_text_that_bypassed_ingest():
    exporters = PluginHost(third_party=False).exporters()
    for fmt in ("plain", "table", *exporters):
        out = io.StringIO()
        write_results(raw_results(), fmt, out, with_query=True, exporters=exporters)
        text = out.getvalue()
        assert_terminal_safe(styled_safely(text))
        text.encode("utf-8")
        if fmt in ("json", "jsonl"):
            assert json.loads(text.splitlines()[0])
    annotations = [Annotation("kind\x1b[31m", 0, 10, "label\x07\u202e", analyzer="x\x1b]52;c;eA==\x07")]
    for out in (io.StringIO(), Tty()):
        write_article(raw_article(), "text", out, raw=True, annotations=annotations)
        assert_terminal_safe(styled_safely(out.getvalue()))
        assert "[@click=app.quit]quit[/]" in styled_safely(out.getvalue())
    out = io.StringIO()
    write_article(raw_article(), "json", out, annotations=annotations)
    assert json.loads(out.getvalue())["title"] == RAW and hc.leaks(out.getvalue()) == []
