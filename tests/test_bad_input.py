"""Hostile and broken input through the real command line (subprocesses):
unreadable corpus files, broken queries, unusable index directories, a locked
index, interrupted runs.  Whatever goes wrong, newsdesk says so in one line on
stderr, prefixed "newsdesk: ", with a meaningful exit code and no traceback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, run_cli

PROSE = ("The harbour authority said on Tuesday that the new breakwater would be finished "
         "before the winter storms, after two years of delays and a long dispute over its cost.")
BIG_LINE = b"The same line of a runaway log file, repeated until the file is far too big for one article.\n"
BIG_SIZE = 50 * 1024 * 1024


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def one_line_error(result) -> str:
    """The single stderr line of a failed command (checked: one line, prefixed, no traceback)."""
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    lines = stderr_lines(result)
    assert len(lines) == 1, f"expected one line on stderr, got:\n{result.stderr}"
    assert lines[0].startswith("newsdesk: "), lines[0]
    return lines[0]


def search_ids(*args) -> tuple[int, list[str]]:
    result = run_cli("search", *args, "--json", "--limit", "50")
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode == 1:
        return 1, []
    assert result.returncode == 0, result.stderr
    return 0, sorted(hit["id"] for hit in json.loads(result.stdout)["hits"])


# -- a corpus with good articles and every kind of bad file ----------------------

def _make_bad_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.md").write_text("  \n\n\t\n")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8)
    # Not UTF-8 at all (Latin-1 accents, stray bytes): read with the 8-bit fallback, not refused.
    (corpus / "latin.txt").write_bytes(
        b"Caf\xe9 cr\xe8me in the zymurgy quarter\n\n" + PROSE.encode() + b" Zymurgy \xff\xfe\xc3\x28 fans came.\n")
    with open(corpus / "big.txt", "wb") as handle:
        handle.write(BIG_LINE * (BIG_SIZE // len(BIG_LINE) + 1))
    (corpus / "broken.json").write_text('{"title": "half an object", "text": ')
    (corpus / "feed.jsonl").write_text(
        json.dumps({"id": "narwhal-1", "title": "Narwhal seen", "text": "A narwhal was seen off the cape."}) + "\n"
        + '{"title": "cut off", "text": \n'
        + "not json at all\n"
        + json.dumps({"title": "Axolotl", "text": "An axolotl escaped from the aquarium."}) + "\n"
    )
    return corpus


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    """The bad corpus, indexed once by `newsdesk index`: (corpus args, the index run)."""
    root = tmp_path_factory.mktemp("bad")
    corpus = _make_bad_corpus(root)
    args = ["--corpus", str(corpus), "--index", str(root / "index")]
    # The autouse isolation fixture is per test; give this module-wide run its own dirs.
    env = {"NEWSDESK_INDEX_ROOT": str(root / "indexes"), "NO_COLOR": "1",
           **{var: str(root / var.lower()) for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}}
    result = run_cli("index", *args, env=env)
    return args, result


EXPECTED_SKIPS = {
    # file: (how many lines, words each line must contain)
    "empty.txt": (1, "empty"),
    "blank.md": (1, "empty"),
    "image.txt": (1, "binary"),
    "big.txt": (1, "too large"),
    "broken.json": (1, "not valid json"),
    "feed.jsonl": (2, "not valid json"),
}


def test_index_skips_bad_files_with_one_line_each(bad):
    _, result = bad
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = stderr_lines(result)
    assert all(line.startswith("newsdesk: ") for line in lines)
    skips = [line for line in lines if line.startswith("newsdesk: skipped ")]
    named = {}
    for line in skips:
        name = line[len("newsdesk: skipped "):].split(":", 1)[0]
        named.setdefault(name, []).append(line)
    assert set(named) == set(EXPECTED_SKIPS), skips
    for name, (count, reason) in EXPECTED_SKIPS.items():
        assert len(named[name]) == count, named[name]
        assert all(reason in line.lower() for line in named[name]), named[name]
    assert "50.0 MB" in named["big.txt"][0]
    feed = sorted(named["feed.jsonl"])
    assert "line 2:" in feed[0] and "line 3:" in feed[1]  # the malformed lines, by number
    # Besides the skips, only the summary line.
    assert len(lines) == len(skips) + 1
    summary = lines[-1]
    assert "problems in 6 files" in summary and "12 added" in summary
    assert "8 articles indexed" in summary  # 5 seeds, latin.txt, 2 good lines of feed.jsonl


def test_good_articles_are_searchable_after_a_run_with_bad_files(bad):
    args, _ = bad
    assert search_ids("deepseek", *args) == (0, [
        "000_a87104d3ceeb3507", "001_898deb4b01bdfc3a", "002_d86b51388400303c",
        "003_db8d85c80677fcae", "004_2f6f94751758ff33"])
    assert search_ids("narwhal OR axolotl", *args) == (0, ["feed#2", "narwhal-1"])
    assert search_ids("zymurgy", *args) == (0, ["latin"])  # the non-UTF-8 file was decoded
    shown = run_cli("show", "latin", "--json", *args)
    assert shown.returncode == 0, shown.stderr
    article = json.loads(shown.stdout)
    assert article["title"] == "Café crème in the zymurgy quarter"
    assert search_ids("runaway", *args) == (1, [])  # the 50 MB file is not in the index


@pytest.mark.parametrize("query, says", [
    ('"deepseek', "quote"),
    ("(a OR b", "unbalanced '('"),
    ("date:[2025 TO", "unbalanced '['"),
    ("foo:bar", "unknown field 'foo:'"),
    ("deepseek)", "unbalanced ')'"),
])
def test_query_errors_exit_2_with_one_line(bad, query, says):
    args, _ = bad
    result = run_cli("search", query, *args)
    assert result.returncode == 2
    assert says in one_line_error(result)
    assert result.stdout == ""


def test_one_bad_query_among_many_from_stdin(bad):
    args, _ = bad
    result = run_cli("search", "-", "--jsonl", *args, input='narwhal\n"deepseek\naxolotl\n')
    assert result.returncode == 0  # something was found
    line = one_line_error(result)
    assert line.startswith("newsdesk: line 2: unbalanced quote")
    assert [json.loads(hit)["id"] for hit in result.stdout.splitlines()] == ["narwhal-1", "feed#2"]


def test_show_unknown_id_exits_1(bad):
    args, _ = bad
    result = run_cli("show", "nosuchid", *args)
    assert result.returncode == 1
    assert "nosuchid" in one_line_error(result)


def test_show_unknown_id_on_a_fresh_index_exits_1(seeds_copy, tmp_path):
    result = run_cli("show", "nosuchid", "--corpus", str(seeds_copy), "--index", str(tmp_path / "fresh"))
    assert result.returncode == 1
    assert "nosuchid" in one_line_error(result)


@pytest.mark.parametrize("command", [["index"], ["search", "deepseek"], ["show", "000_a87104d3ceeb3507"]])
def test_missing_corpus_exits_2(tmp_path, command):
    missing = tmp_path / "no" / "such" / "corpus"
    result = run_cli(*command, "--corpus", str(missing), "--index", str(tmp_path / "idx"))
    assert result.returncode == 2
    line = one_line_error(result)
    assert "not found" in line and str(missing) in line
    assert not (tmp_path / "idx").exists()


# -- index directories newsdesk cannot use -----------------------------------------

def _unusable_index(kind: str, tmp_path: Path) -> Path:
    if kind == "read-only dir":
        parent = tmp_path / "readonly"
        parent.mkdir()
        parent.chmod(0o555)
        probe = parent / "probe"
        try:
            probe.mkdir()  # root (and some file systems) write anyway
        except OSError:
            return parent / "idx"
        probe.rmdir()
        pytest.skip("this user can write to a 0o555 directory (root); the file cases cover it")
    blocker = tmp_path / "afile"
    blocker.write_text("a regular file where a directory should be\n")
    return blocker / "sub" if kind == "under a file" else blocker


@pytest.mark.parametrize("kind", ["read-only dir", "under a file", "is a file"])
@pytest.mark.parametrize("command", [["index"], ["search", "deepseek"]])
def test_unusable_index_directory(seeds_copy, tmp_path, kind, command):
    index_dir = _unusable_index(kind, tmp_path)
    try:
        result = run_cli(*command, "--corpus", str(seeds_copy), "--index", str(index_dir))
    finally:
        if kind == "read-only dir":
            index_dir.parent.chmod(0o755)
    assert result.returncode != 0
    line = one_line_error(result)
    assert str(index_dir) in line
    assert result.stdout == ""


def test_locked_index(seeds_copy, tmp_path):
    from newsdesk.search.indexer import WriteLock

    index_dir = tmp_path / "idx"
    index_dir.mkdir()
    with WriteLock(index_dir):
        result = run_cli("index", "--corpus", str(seeds_copy), "--index", str(index_dir))
        searched = run_cli("search", "deepseek", "--corpus", str(seeds_copy), "--index", str(index_dir))
    assert result.returncode not in (0, 2)
    line = one_line_error(result)
    assert str(index_dir) in line
    assert "locked" in line.replace(str(index_dir), "").lower(), line
    # A search that must build the index first meets the same lock, the same way.
    assert searched.returncode != 0
    assert "locked" in one_line_error(searched).replace(str(index_dir), "").lower()
    # Once the other writer is gone, indexing works.
    again = run_cli("index", "--corpus", str(seeds_copy), "--index", str(index_dir))
    assert again.returncode == 0, again.stderr


def test_locked_index_still_answers_searches(seeds_copy, tmp_path):
    from newsdesk.search.indexer import WriteLock

    index_dir = tmp_path / "idx"
    args = ["--corpus", str(seeds_copy), "--index", str(index_dir)]
    assert run_cli("index", *args).returncode == 0
    with WriteLock(index_dir):
        assert search_ids("tiananmen", *args) == (0, ["000_a87104d3ceeb3507"])


# -- interrupted runs ------------------------------------------------------------

# Runs the real CLI, with the plain-text reader made to stop the process when it
# reaches a file whose name starts with "zz_": by Ctrl-C or by SIGKILL.
INTERRUPTER = r"""
import os, signal, sys
from newsdesk.plugins.formats.plaintext import PlainTextReader

original = PlainTextReader.read

def read(self, source):
    if source.relpath.startswith("zz_"):
        if sys.argv[1] == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise KeyboardInterrupt
    yield from original(self, source)

PlainTextReader.read = read
from newsdesk.cli import main
main(sys.argv[2:])
"""


@pytest.mark.parametrize("how", ["ctrl-c", "kill"])
def test_interrupted_run_keeps_the_previous_index(seeds_copy, tmp_path, how):
    args = ["--corpus", str(seeds_copy), "--index", str(tmp_path / "idx")]
    first = run_cli("index", *args)
    assert first.returncode == 0, first.stderr
    before = search_ids("openai", *args)
    assert before[0] == 0 and "001_898deb4b01bdfc3a" in before[1]

    # Work for the next run: a deletion, a new file, then the file that stops it.
    (seeds_copy / "001_898deb4b01bdfc3a.txt").unlink()
    (seeds_copy / "aaa_quokka.txt").write_text(f"Quokka census\n\n{PROSE} Rangers counted quokkas.\n")
    (seeds_copy / "zz_stop.txt").write_text(f"Stopper\n\n{PROSE}\n")
    run = subprocess.run([sys.executable, "-c", INTERRUPTER, how, "index", *args],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == (-signal.SIGKILL if how == "kill" else 130), run.stderr
    assert "Traceback" not in run.stderr

    # The old index opens and answers exactly as before; nothing of the cut run shows.
    assert search_ids("openai", *args) == before
    assert search_ids("quokkas", *args) == (1, [])
    shown = run_cli("show", "001_898deb4b01bdfc3a", *args)
    assert shown.returncode == 0 and "Traceback" not in shown.stderr

    # The next run is not locked out, and finishes the work.
    (seeds_copy / "zz_stop.txt").unlink()
    again = run_cli("index", *args, "--json")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert (report["added"], report["removed"], report["articles"]) == (1, 1, 5)
    assert search_ids("quokkas", *args) == (0, ["aaa_quokka"])
    assert "001_898deb4b01bdfc3a" not in search_ids("openai", *args)[1]

    if how == "ctrl-c":  # and the person who pressed Ctrl-C was told what happened
        assert "interrupted" in one_line_error(run)


# -- names and special files ---------------------------------------------------------

def test_hostile_file_names_stay_on_one_line(seeds_copy, tmp_path):
    (seeds_copy / "two\nlines.txt").write_bytes(b"")
    (seeds_copy / "red\x1b[31mname.txt").write_bytes(b"")
    result = run_cli("index", "--corpus", str(seeds_copy), "--index", str(tmp_path / "idx"))
    assert result.returncode == 0
    assert "\x1b" not in result.stderr  # no terminal escape from a file name
    skips = [line for line in stderr_lines(result) if line.startswith("newsdesk: skipped")]
    assert len(skips) == 2 and len(stderr_lines(result)) == 3, result.stderr
    assert all("empty file" in line for line in skips)


def test_broken_symlink_is_skipped(seeds_copy, tmp_path):
    (seeds_copy / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    result = run_cli("index", "--corpus", str(seeds_copy), "--index", str(tmp_path / "idx"))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    skips = [line for line in stderr_lines(result) if line.startswith("newsdesk: skipped")]
    assert len(skips) == 1 and "dangling.txt" in skips[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_in_the_corpus_does_not_hang_the_indexer(seeds_copy, tmp_path):
    os.mkfifo(seeds_copy / "pipe.txt")
    assert stat.S_ISFIFO((seeds_copy / "pipe.txt").stat().st_mode)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "newsdesk", "index", "--corpus", str(seeds_copy), "--index", str(tmp_path / "idx")],
            capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("the indexer blocked reading a named pipe in the corpus")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "5 articles indexed" in result.stderr


def test_lone_surrogates_and_names_that_are_not_utf8_are_handled(tmp_path):
    """A JSON "\\ud800" (in text, title, id or url) is stored as U+FFFD; a file
    whose name is not UTF-8 is skipped with one line saying why."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        '{"id": "x\\ud800y", "title": "T\\udfff", "text": "lone \\ud800 surrogate", "url": "http://e/\\ud800"}\n',
        encoding="utf-8")
    (folder / "fine.txt").write_text("Fine\n\nA fine article.\n", encoding="utf-8")
    os.close(os.open(os.fsencode(folder) + b"/b\xff.txt", os.O_CREAT | os.O_WRONLY))
    result = run_cli("index", str(folder))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1 and "b\\xff.txt" in skipped[0] and "not valid UTF-8" in skipped[0]
    found = json.loads(run_cli("search", "-c", str(folder), "surrogate", "--json").stdout)
    assert [hit["id"] for hit in found["hits"]] == ["x\ufffdy"]
    assert found["hits"][0]["title"] == "T\ufffd" and "\ufffd" in found["hits"][0]["snippet"]


def test_a_file_that_turns_bad_keeps_what_it_held(tmp_path):
    """Bad input never costs what was indexed: a collection rewritten with a
    broken record keeps the articles it can no longer give, as last read, and
    says so; once mended, the file is read again in full."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    feed = corpus / "feed.json"
    records = [{"id": f"r{n}", "title": f"Record {n}", "text": f"{PROSE} Marker{n} walrus."} for n in range(3)]
    feed.write_text(json.dumps(records), encoding="utf-8")
    args = ("--corpus", str(corpus), "--index", str(index))
    assert run_cli("index", *args).returncode == 0
    assert search_ids("walrus", *args) == (0, ["r0", "r1", "r2"])

    feed.write_text(json.dumps(records)[:-40], encoding="utf-8")  # cut off: no longer JSON
    broken = run_cli("index", *args)
    assert broken.returncode == 0, broken.stderr
    skipped = [line for line in stderr_lines(broken) if line.startswith("newsdesk: skipped feed.json")]
    assert len(skipped) == 1 and "its 3 earlier articles kept as last read" in skipped[0], broken.stderr
    assert search_ids("walrus", *args) == (0, ["r0", "r1", "r2"])
    again = run_cli("index", *args)  # unchanged since: still unreadable, still kept
    assert "1 unchanged file still unreadable" in again.stderr, again.stderr
    assert search_ids("walrus", *args) == (0, ["r0", "r1", "r2"])

    feed.write_text(json.dumps(records[:2]), encoding="utf-8")  # mended, one record fewer
    mended = run_cli("index", *args)
    assert mended.returncode == 0 and "skipped" not in mended.stderr, mended.stderr
    assert search_ids("walrus", *args) == (0, ["r0", "r1"])
