"""The command line as a script sees it: real subprocesses, real pipes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli


@pytest.fixture
def corpus_args(seeds_copy, tmp_path):
    return ["--corpus", str(seeds_copy), "--index", str(tmp_path / "idx")]


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("newsdesk 0.")


def test_index_reports_what_it_did(corpus_args, seeds_copy):
    first = run_cli("index", *corpus_args)
    assert first.returncode == 0, first.stderr
    assert "5 added, 0 changed, 0 removed, 0 unchanged" in first.stderr
    (seeds_copy / "001_898deb4b01bdfc3a.txt").unlink()
    again = run_cli("index", *corpus_args, "--json")
    report = json.loads(again.stdout)
    assert (report["added"], report["removed"], report["unchanged"], report["articles"]) == (0, 1, 4, 4)


def test_search_builds_a_missing_index_first(corpus_args):
    result = run_cli("search", "deepseek", "--json", *corpus_args)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 5


def test_search_json_shape(corpus_args):
    result = run_cli("search", "tiananmen", "--json", *corpus_args)
    data = json.loads(result.stdout)
    assert data["query"] == "tiananmen" and data["total"] == 1
    hit = data["hits"][0]
    assert {"id", "title", "date", "path", "score", "snippet"} <= set(hit)
    assert hit["id"] == "000_a87104d3ceeb3507"
    assert hit["path"] == "000_a87104d3ceeb3507.txt"
    assert "Tiananmen" in hit["snippet"]


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is installed by `make test`")
def test_json_through_jq_in_a_pipe(corpus_args):
    command = [sys.executable, "-m", "newsdesk", "search", "openai", "--json", "--sort", "date", *corpus_args]
    pipeline = subprocess.run(
        " ".join(_quote(c) for c in command) + " | jq -r '.hits[0].date, .total'",
        shell=True, capture_output=True, text=True, timeout=120,
    )
    assert pipeline.returncode == 0, pipeline.stderr
    assert pipeline.stdout.split() == ["2025-03-13", "4"]


def test_piped_output_is_plain_lines_and_survives_head(corpus_args):
    command = [sys.executable, "-m", "newsdesk", "search", "the", "--limit", "5", *corpus_args]
    pipeline = subprocess.run(
        " ".join(_quote(c) for c in command) + " | head -n 1",
        shell=True, capture_output=True, text=True, timeout=120,
    )
    assert pipeline.returncode == 0
    assert "Traceback" not in pipeline.stderr
    line = pipeline.stdout.rstrip("\n")
    assert "\n" not in line and line.count("\t") == 4


def test_jsonl_and_csv(corpus_args):
    lines = run_cli("search", "deepseek", "--jsonl", "--limit", "3", *corpus_args).stdout.splitlines()
    assert len(lines) == 3 and all(json.loads(l)["query"] == "deepseek" for l in lines)
    text = run_cli("search", "deepseek", "--csv", *corpus_args).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5 and rows[0]["id"] and "snippet" in rows[0]


def test_exit_codes_follow_grep(corpus_args):
    assert run_cli("search", "deepseek", *corpus_args).returncode == 0
    none = run_cli("search", "zyzzyva", *corpus_args)
    assert none.returncode == 1 and none.stdout == ""
    bad = run_cli("search", '"unclosed', *corpus_args)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "unbalanced quote" in bad.stderr
    usage = run_cli("search", "x", "--sort", "sideways", *corpus_args)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    assert len(usage.stderr.strip().splitlines()) == 1


def test_did_you_mean_on_stderr(corpus_args):
    result = run_cli("search", "deepsek", *corpus_args)
    assert result.returncode == 1
    assert "did you mean: deepseek" in result.stderr


def test_queries_from_stdin(corpus_args):
    result = run_cli("search", "-", "--json", *corpus_args, input="tiananmen\nzyzzyva\n\nmagicsquare\n")
    assert result.returncode == 0
    totals = [json.loads(line)["total"] for line in result.stdout.splitlines()]
    assert totals == [1, 0, 1]
    broken = run_cli("search", "-", *corpus_args, input='deepseek\n"broken\n')
    assert broken.returncode == 0 and "line 2: unbalanced quote" in broken.stderr


def test_show_json(corpus_args):
    result = run_cli("show", "003_db8d85c80677fcae", "--json", *corpus_args)
    data = json.loads(result.stdout)
    assert {"id", "title", "author", "date", "outlet", "path", "body"} <= set(data)
    assert (data["author"], data["date"], data["outlet"]) == ("Reese Morgan", "2025-03-13", "Starfolk")
    assert "Copyright" not in data["body"]
    with_boilerplate = json.loads(run_cli("show", "003_db8d85c80677fcae", "--json", "--boilerplate", *corpus_args).stdout)
    assert any(r["reason"] == "copyright line" for r in with_boilerplate["boilerplate"])


def test_show_text(corpus_args):
    result = run_cli("show", "000_a87104d3ceeb3507", *corpus_args)
    assert result.returncode == 0
    assert result.stdout.startswith("Western AI Firms Are Worried")
    assert "Kurt Robson" in result.stdout.splitlines()[1]


HOSTILE = (
    "Hostile [bold red]markup[/bold red] \x1b[2J\x1b]52;c;ZXZpbA==\x07 title\n\n"
    "Nighthawk said [link=https://evil.example]click[/link] while \x1b[31mred\x1b[0m and "
    "\x1b]8;;https://evil.example\x1b\\a link\x1b]8;;\x1b\\ and a bell \x07 rang, "
    "which is a long enough sentence to count as prose in the body.\n"
)


@pytest.mark.parametrize("fmt", [[], ["--plain"], ["--json"], ["--jsonl"], ["--csv"]])
def test_hostile_text_is_inert_in_every_format(seeds_copy, tmp_path, fmt):
    (seeds_copy / "hostile.txt").write_text(HOSTILE)
    args = ["--corpus", str(seeds_copy), "--index", str(tmp_path / "idx")]
    result = run_cli("search", "nighthawk", *fmt, *args, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "[bold red]" in result.stdout or fmt == []  # markup printed as text, not applied
    shown = run_cli("show", "hostile", *args)
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    assert "[link=https://evil.example]" in shown.stdout


def test_table_on_a_terminal_keeps_markup_inert(seeds_copy, tmp_path):
    """Force the Rich table (as on a terminal) and check nothing is interpreted."""
    (seeds_copy / "hostile.txt").write_text(HOSTILE)
    code = (
        "import sys; from newsdesk.cli import main; sys.stdout.isatty = lambda: True; "
        f"main(['search', 'nighthawk', '--corpus', {str(seeds_copy)!r}, '--index', {str(tmp_path / 'idx')!r}])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"COLUMNS": "200", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    # Rich styles its own table; the article's sequences must not survive.
    for sequence in ("\x1b[2J", "\x1b]52", "\x1b]8;", "\x1b[31m", "\x07"):
        assert sequence not in result.stdout
    assert "[bold red]markup[/bold red]" in result.stdout


def test_cli_search_does_not_import_textual(corpus_args):
    code = (
        "import sys; from newsdesk.cli import main\n"
        "try:\n"
        f"    main(['search', 'deepseek', '--json', *{corpus_args!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('TEXTUAL' if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 'CLEAN', file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stderr.strip().splitlines()[-1] == "CLEAN"


def test_python_dash_m_and_console_script_agree():
    exe = Path(sys.executable).parent / "newsdesk"
    assert subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout == run_cli("--version").stdout


def test_shell_completion_is_offered():
    result = run_cli("--help")
    assert "--install-completion" in result.stdout


def _quote(text: str) -> str:
    import shlex
    return shlex.quote(str(text))


def test_corpus_from_the_environment(seeds_copy, tmp_path):
    result = run_cli("search", "tiananmen", "--json",
                     env={"NEWSDESK_CORPUS": str(seeds_copy), "NEWSDESK_INDEX": str(tmp_path / "idx")})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hits"][0]["path"] == "000_a87104d3ceeb3507.txt"
    assert (tmp_path / "idx" / "articles.sqlite").exists()


def test_first_search_shows_indexing_progress_on_a_terminal(corpus_args):
    """stderr on a pseudo-terminal gets the progress bar; stdout stays clean JSON."""
    import os
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "newsdesk", "search", "deepseek", "--json", *corpus_args],
                               stdout=subprocess.PIPE, stderr=slave, text=True)
    os.close(slave)
    out, _ = process.communicate(timeout=120)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert process.returncode == 0
    assert json.loads(out)["total"] == 5
    assert b"indexing" in seen


def test_facets_command_counts_and_its_clauses_find_exactly_that(seeds_copy, tmp_path):
    where = ["--corpus", str(seeds_copy), "--index", str(tmp_path / "idx")]
    result = run_cli("facets", "deepseek", *where, "--json")
    assert result.returncode == 0, result.stderr
    groups = {group["name"]: group for group in json.loads(result.stdout)}
    assert {"outlet", "date", "author"} <= set(groups)
    for value in groups["outlet"]["values"] + groups["date"]["values"]:
        found = run_cli("search", f"deepseek {value['clause']}", *where, "--json")
        assert json.loads(found.stdout)["total"] == value["count"], value
    text = run_cli("facets", *where, "-F", "date")
    assert text.returncode == 0 and text.stdout.startswith("Year\n")
    bad = run_cli("facets", *where, "-F", "colour")
    assert bad.returncode == 2 and bad.stderr.strip() == \
        "newsdesk: no facet named 'colour' (facets: outlet, date, author, event_date, year)"
