"""Concurrent use: the explorer open while another process indexes its corpus,
two indexers at once, two processes saving the same user files at once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from conftest import run_cli
from test_tui_plugins import pilot_test, search

WORDS = "tram council vote budget river school bridge market court festival".split()


def write_articles(folder: Path, prefix: str, count: int, word: str) -> None:
    folder.mkdir(exist_ok=True)
    for number in range(count):
        extra = WORDS[number % len(WORDS)]
        (folder / f"{prefix}{number:04d}.txt").write_text(
            f"{word.title()} report {number}\n\nThe {extra} committee met on Monday about the {word}. "
            f"Members of the {extra} board said the {word} plan was sound, and a vote follows.\n",
            encoding="utf-8")


# Runs the CLI, stopping twice until a line arrives on stdin: when it reads its
# first file ("reading"), and when the full-text index has committed but the
# article store has not ("committed").
PAUSING = r"""
import sys
from whoosh.index import TOC
from newsdesk.plugins.formats.plaintext import PlainTextReader

def pause(word):
    print(word, flush=True)
    sys.stdin.readline()

read, write = PlainTextReader.read, TOC.write
started = []

def reading(self, source):
    if not started:
        started.append(1)
        pause("reading")
    yield from read(self, source)

def committing(self, *args, **kwargs):
    write(self, *args, **kwargs)
    pause("committed")

PlainTextReader.read, TOC.write = reading, committing
from newsdesk.cli import main
main(sys.argv[1:])
"""


@pilot_test
async def test_the_explorer_keeps_searching_while_another_process_indexes(tmp_path):
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.search import open_corpus
    from newsdesk.tui.app import NewsdeskApp

    root, index = tmp_path / "corpus", tmp_path / "index"
    write_articles(root, "old", 40, "harbour")
    host = PluginHost(third_party=False)
    corpus = open_corpus(root, index_dir=index, extensions=host.extensions())
    corpus.update()
    app = NewsdeskApp(host, corpus, debounce=0, export_dir=tmp_path / "exports")

    async def totals() -> tuple[int, int]:
        found = []
        for query in ("quokka", "harbour"):
            await search(pilot, query)
            results = app.explorer.results
            assert results is not None and results.query == query
            found.append(results.total)
        return tuple(found)

    async with app.run_test(size=(100, 30)) as pilot:
        assert await totals() == (0, 40)
        # Another process adds 300 articles and removes 10 while the explorer searches.
        write_articles(root, "new", 300, "quokka")
        for number in range(10):
            (root / f"old{number:04d}.txt").unlink()
        run = subprocess.Popen([sys.executable, "-c", PAUSING, "index", "--corpus", str(root), "--index", str(index)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert await asyncio.to_thread(run.stdout.readline) == "reading\n", run.stderr.read()
            assert await totals() == (0, 40)
            run.stdin.write("\n")
            run.stdin.flush()
            # The index has committed and the store not yet: still the whole old state.
            assert await asyncio.to_thread(run.stdout.readline) == "committed\n", run.stderr.read()
            assert await totals() == (0, 40)
            run.stdin.write("\n")
            run.stdin.flush()
            _, err = await asyncio.to_thread(run.communicate, timeout=120)
            assert run.returncode == 0, err
        finally:
            if run.poll() is None:
                run.kill()
        # The next search sees the new index, without reopening anything by hand.
        assert await totals() == (300, 30)
        assert app.return_code in (None, 0)


def test_a_second_indexer_refuses_with_one_line_naming_the_holder(tmp_path):
    root, index = tmp_path / "corpus", tmp_path / "index"
    write_articles(root, "a", 600, "harbour")
    # The first indexer signals once it holds the lock, by reading its first file.
    first = subprocess.Popen(
        [sys.executable, "-c", HOLDER, "index", "--corpus", str(root), "--index", str(index)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert first.stdout.readline() == "reading\n", first.stderr.read()
    second = run_cli("index", "--corpus", str(root), "--index", str(index))
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err

    assert second.returncode not in (0, 2)
    lines = [line for line in second.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in second.stderr, second.stderr
    assert lines[0].startswith("newsdesk: ") and "locked" in lines[0]
    assert f"newsdesk pid {first.pid}" in lines[0] and str(index) in lines[0]

    # The first run's index is whole, and the lock is free again.
    check = run_cli("index", "--corpus", str(root), "--index", str(index), "--json")
    assert check.returncode == 0, check.stderr
    assert '"articles": 600' in check.stdout and '"added": 0' in check.stdout


# Runs the CLI, printing "reading" (once) when the first article file is read:
# by then the indexer holds the write lock.
HOLDER = r"""
import sys
from newsdesk.plugins.formats.plaintext import PlainTextReader

original = PlainTextReader.read
told = []

def read(self, source):
    if not told:
        told.append(1)
        print("reading", flush=True)
    yield from original(self, source)

PlainTextReader.read = read
from newsdesk.cli import main
main(sys.argv[1:])
"""


SAVER = r"""
import sys
from newsdesk.plugins.contradictions.verdicts import Verdicts
from newsdesk.plugins.entities.decisions import Decisions

who = sys.argv[1]
for number in range(40):
    decisions = Decisions.load()
    decisions.merge(f"{who} {number}", f"{who} alias {number}")
    decisions.save()
    Verdicts().set({"id": f"{who}{number}", "type": "number", "a": {"sentence": "x"}, "b": {"sentence": "y"}},
                   "dismissed")
"""


def test_two_processes_saving_user_data_at_once_keep_both(tmp_path):
    from newsdesk.plugins.contradictions.verdicts import Verdicts
    from newsdesk.plugins.entities.decisions import Decisions

    runs = [subprocess.Popen([sys.executable, "-c", SAVER, who], stderr=subprocess.PIPE, text=True,
                             env=os.environ.copy()) for who in ("left", "right")]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read()
        run.stderr.close()
    decisions = Decisions.load()
    assert not decisions.warnings
    assert {d.a for d in decisions} == {f"{who} {n}" for who in ("left", "right") for n in range(40)}
    assert set(Verdicts().records) == {f"{who}{n}" for who in ("left", "right") for n in range(40)}
