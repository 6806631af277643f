"""Crash safety: `kill -9` at random points of index runs, analysis runs and saves.

Fifty `newsdesk index` runs over a corpus that changes between rounds are
killed, after a delay drawn from a seeded generator over a measured run, or at
a named point (just after the full-text index commits and before the store
does, just after a store commit, while a corpus analyzer writes its results,
while old index files are dropped).  After each kill the index must open and
answer with the state before the run or the one after, never a mix (search
totals equal the store's count, and what whoosh finds is what the store
holds); the user's files stay byte-identical; a last run finishes and matches
the corpus exactly.  Saves of user data killed mid-write leave the old file
or the new one, each with its version header.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BBC, run_cli

pytestmark = pytest.mark.skipif(not BBC.is_dir(), reason="the BBC corpus is not in ../shared/corpora")

ROUNDS = 50
POOL = sorted((BBC / "business").glob("*.txt"))[:200]

# Runs the real CLI; KILL_AT=point:n kills the process with SIGKILL the n-th
# time it reaches `point`.
KILLER = r"""
import os, signal, sys

point, nth = os.environ.get("KILL_AT", "none:0").split(":")
seen = [0]

def reached():
    seen[0] += 1
    if seen[0] >= int(nth):
        os.kill(os.getpid(), signal.SIGKILL)

def after(owner, name):
    original = getattr(owner, name)
    def patched(*args, **kwargs):
        result = original(*args, **kwargs)
        reached()
        return result
    setattr(owner, name, patched)

if point == "toc":  # the full-text index committed; the store has not yet
    from whoosh.index import TOC
    after(TOC, "write")
elif point == "store-commit":
    from newsdesk.search.store import ArticleStore
    after(ArticleStore, "commit")
elif point == "results":  # a corpus analyzer writing its findings
    from newsdesk.search.store import ArticleStore
    after(ArticleStore, "put_result")
elif point == "tantivy":  # tantivy committed; the store has not yet
    from newsdesk.search.backends.tantivy_backend import TantivyWriter
    after(TantivyWriter, "commit")
elif point == "delete-file":  # old index files being dropped
    from whoosh.filedb.filestore import FileStorage
    after(FileStorage, "delete_file")

from newsdesk.cli import main
main(sys.argv[1:])
"""
POINTS = ["toc:1", "store-commit:1", "results:3", "delete-file:1", "store-commit:2", "toc:2"]


def body_of(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


class Round:
    """The corpus and what its index may hold."""

    def __init__(self, root: Path, index: Path, rng: random.Random):
        self.root, self.index, self.rng = root, index, rng
        self.pool = list(POOL[40:])
        self.tokens: dict[str, str] = {}  # token -> article id it was written into
        self.pinned = "a000"  # the article with a sidecar: never changed or removed

    def files(self) -> dict[str, Path]:
        return {p.stem: p for p in self.root.glob("*.txt")}

    def expected(self) -> tuple[frozenset, frozenset]:
        """(ids, tokens) a complete run over the corpus as it is now gives."""
        files = self.files()
        live = {t for t, article in self.tokens.items() if article in files and t in body_of(files[article])}
        return frozenset(files), frozenset(live)

    def modify(self, number: int) -> None:
        """Add, change and remove articles so the next run has work."""
        files = self.files()
        movable = sorted(set(files) - {self.pinned})
        for _ in range(self.rng.randint(1, 2)):
            source = self.pool.pop(0)
            shutil.copy(source, self.root / f"n{number:03d}_{source.stem}.txt")
        changed = self.rng.sample(movable, 2)
        for article in changed:
            token = f"zqxround{number}x{article.replace('_', 'x')}"
            with files[article].open("a", encoding="utf-8") as handle:
                handle.write(f"\nA late note mentions {token} here.\n")
            self.tokens[token] = article
        gone = self.rng.choice(sorted(set(movable) - set(changed)))
        files[gone].unlink()


def index_state(root: Path, index: Path, tokens, backend: str = "whoosh") -> tuple[frozenset, frozenset]:
    """What the index answers now, checked for consistency on the way."""
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.search import open_corpus

    corpus = open_corpus(root, index_dir=index, extensions=PluginHost(third_party=False).extensions(),
                         backend=backend)
    try:
        ids = corpus.match_ids("*")
        total = corpus.search("*", limit=1).total
        assert total == len(ids) == corpus.article_count(), (total, len(ids), corpus.article_count())
        in_whoosh = frozenset(t for t in tokens if corpus.match_ids(t))
        bodies = "\n".join(corpus.article(i).body for i in ids)  # every hit is in the store
        in_store = frozenset(t for t in tokens if t in bodies)
        assert in_whoosh == in_store, (in_whoosh ^ in_store)
        assert corpus.article("a000").date.isoformat() == "2001-02-03"  # the sidecar's date
        corpus.corpus_results("contradictions")  # the analyzer's cache reads
        return frozenset(ids), in_whoosh
    finally:
        corpus.close()


def user_files() -> dict[Path, bytes]:
    from newsdesk.plugins.contradictions.verdicts import default_path as verdicts_path
    from newsdesk.plugins.entities.decisions import default_path as merges_path
    from newsdesk.userdata import HISTORY_FILE, state_dir

    paths = [verdicts_path(), merges_path(), state_dir() / HISTORY_FILE]
    return {path: path.read_bytes() for path in paths}


def make_user_data(root: Path, args: list[str]) -> None:
    from newsdesk.plugins.contradictions.verdicts import Verdicts
    from newsdesk.plugins.entities.decisions import Decisions
    from newsdesk.userdata import SearchHistory

    decisions = Decisions.load()
    decisions.merge("Liang Wenfeng", "Wenfeng Liang")
    decisions.save()
    Verdicts().set({"id": "c0ffee", "type": "number", "a": {"sentence": "It rose."},
                    "b": {"sentence": "It fell."}}, "confirmed")
    history = SearchHistory()
    for query in ("growth", "profits AND bank"):
        history.add(query)
    meta = run_cli("meta", "a000", "--date", "2001-02-03", *args)
    assert meta.returncode == 0, meta.stderr


def start(args: list[str], kill_at: str = "none:0") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", KILLER, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "KILL_AT": kill_at})


def kill_after(run: subprocess.Popen, seconds: float) -> None:
    """SIGKILL `run` `seconds` from now, unless it has ended by then."""
    try:
        run.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        run.send_signal(signal.SIGKILL)


def test_index_runs_killed_at_random_points_lose_nothing(tmp_path):
    rng = random.Random(9)
    root, index = tmp_path / "corpus", tmp_path / "index"
    root.mkdir()
    for number, source in enumerate(POOL[:40]):
        shutil.copy(source, root / f"a{number:03d}.txt")
    args = ["--corpus", str(root), "--index", str(index)]
    assert run_cli("index", *args).returncode == 0
    make_user_data(root, args)
    sidecar = root / "a000.txt.meta.json"
    saved = {**user_files(), sidecar: sidecar.read_bytes()}
    game = Round(root, index, rng)

    # How long an incremental run takes, to spread the kills over it.
    game.modify(0)
    began = time.perf_counter()
    run = start(["index", *args])
    assert run.wait(timeout=120) == 0, run.stderr.read()
    duration = time.perf_counter() - began
    state = index_state(root, index, game.tokens)
    assert state == game.expected()

    killed = at_points = 0
    for number in range(1, ROUNDS + 1):
        game.modify(number)
        before, after = state, game.expected()
        point = POINTS[number % len(POINTS)] if number % 4 == 0 else "none:0"
        run = start(["index", *args], point)
        if point == "none:0":
            kill_after(run, rng.uniform(0.0, duration))
        code = run.wait(timeout=120)
        errors = run.stderr.read()
        run.stderr.close()
        assert "Traceback" not in errors, errors
        killed += code == -signal.SIGKILL
        at_points += code == -signal.SIGKILL and point != "none:0"
        assert code in (0, -signal.SIGKILL), errors

        state = index_state(root, index, game.tokens)
        assert state in (before, after), f"round {number} ({point}): a state that is neither before nor after"
        if code == 0:
            assert state == after
        assert {path: path.read_bytes() for path in saved} == saved, f"round {number}: user data changed"
        if code == -signal.SIGKILL and number % 2:
            # A file only the cut run saw goes away: no later state may keep its article.
            sorted(root.glob(f"n{number:03d}_*.txt"))[0].unlink()

    assert killed >= ROUNDS * 3 // 4, f"only {killed} of {ROUNDS} runs were killed"
    assert at_points >= ROUNDS // 4 - 3, f"only {at_points} kills at named points"
    finished = run_cli("index", *args)
    assert finished.returncode == 0, finished.stderr
    assert index_state(root, index, game.tokens) == game.expected()
    assert not list(root.glob(".*.tmp")) and not list(root.glob(".*.partial"))
    # What cut runs left in the index folder is gone: one generation, no half-written files.
    whoosh = sorted(path.name for path in (index / "whoosh").iterdir())
    tables = [name for name in whoosh if name.startswith("_MAIN_")]
    assert len(tables) == 1 and tables[0].endswith(".toc"), whoosh


def test_tantivy_runs_killed_after_its_commit_are_repaired_by_the_next_run(tmp_path):
    """tantivy cannot go back to a commit: a run killed between its commit and
    the store's leaves an index that answers, and the next run rebuilds it
    from the store, so it matches the corpus exactly."""
    from newsdesk.search.backends.tantivy_backend import TantivyBackend

    if TantivyBackend.missing():
        pytest.skip(TantivyBackend.missing())
    rng = random.Random(11)
    root, index = tmp_path / "corpus", tmp_path / "index"
    root.mkdir()
    for number, source in enumerate(POOL[:20]):
        shutil.copy(source, root / f"a{number:03d}.txt")
    args = ["--corpus", str(root), "--index", str(index), "--backend", "tantivy"]
    assert run_cli("index", *args).returncode == 0
    assert run_cli("meta", "a000", "--date", "2001-02-03", *args).returncode == 0
    game = Round(root, index, rng)
    for number in range(1, 5):
        game.modify(number)
        run = start(["index", *args], "tantivy:1")
        assert run.wait(timeout=120) == -signal.SIGKILL, run.stderr.read()
        run.stderr.close()
        from newsdesk.plugins.manager import PluginHost
        from newsdesk.search import open_corpus

        corpus = open_corpus(root, index_dir=index, extensions=PluginHost(third_party=False).extensions(),
                             backend="tantivy")
        try:  # ahead of its store until the next run, but it opens and answers
            assert corpus.search("*", limit=1).total == len(corpus.match_ids("*"))
        finally:
            corpus.close()
        # A file only the cut run saw goes away: the next run must not keep its article.
        sorted(root.glob(f"n{number:03d}_*.txt"))[0].unlink()
        finished = run_cli("index", *args)
        assert finished.returncode == 0, finished.stderr
        assert index_state(root, index, game.tokens, "tantivy") == game.expected()


# -- saves of user data killed mid-write -------------------------------------------

SAVER = r"""
import sys
from newsdesk.plugins.contradictions.verdicts import Verdicts
from newsdesk.plugins.entities.decisions import Decisions
from newsdesk.userdata import SearchHistory

start = int(sys.argv[1])
print("ready", flush=True)
for number in range(start, start + 100000):
    decisions = Decisions.load()
    decisions.merge(f"Alpha {number}", f"Beta {number}")
    decisions.save()
    Verdicts().set({"id": f"c{number}", "type": "number", "a": {"sentence": "x"}, "b": {"sentence": "y"}},
                   "confirmed")
    SearchHistory().add(f"query {number}")
"""


def contiguous(numbers: set[int]) -> bool:
    return numbers == set(range(len(numbers)))


def test_user_data_saves_killed_mid_write_leave_old_or_new():
    from newsdesk.plugins.contradictions.verdicts import KIND, VERSION, default_path as verdicts_path
    from newsdesk.plugins.entities.decisions import Decisions, parse
    from newsdesk.userdata import HISTORY_FILE, SearchHistory, read_records, state_dir

    rng = random.Random(5)
    saved = 0
    for kill in range(12):
        run = subprocess.Popen([sys.executable, "-c", SAVER, str(saved)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        assert run.stdout.readline() == "ready\n", run.stderr.read()
        kill_after(run, rng.uniform(0.0, 0.3))
        assert run.wait(timeout=30) == -signal.SIGKILL, run.stderr.read()
        run.stdout.close()
        run.stderr.close()

        merges = Decisions.load()
        text = merges.path.read_text(encoding="utf-8")
        assert parse(text).version == 1 and not merges.warnings, merges.warnings
        merged = {int(d.a.split()[1]) for d in merges}
        assert contiguous(merged), sorted(merged)[-5:]
        verdicts = read_records(verdicts_path(), KIND, VERSION)
        assert not (verdicts.foreign or verdicts.bad_lines or verdicts.newer)
        ids = {int(r["id"][1:]) for r in verdicts.records}
        history = read_records(state_dir() / HISTORY_FILE, SearchHistory.KIND, SearchHistory.VERSION)
        assert not (history.foreign or history.bad_lines)
        queries = {int(r["query"].split()[1]) for r in history.records}
        # Each save is old or new: the three files hold the same numbers, give or take the one cut.
        assert contiguous(ids) and contiguous(queries)
        assert len(merged) - 1 <= len(ids) <= len(merged) and len(ids) - 1 <= len(queries) <= len(ids)
        assert len(merged) >= saved
        saved = len(queries)
        # The next saver starts where the files are, so the numbers stay contiguous.
        for path in (merges.path, verdicts_path()):
            assert not path.with_name(path.name + ".bak").exists()
    assert saved > 12, "too few saves to have been cut in many places"
    # Temporary files of cut saves are left (at most one per kill; readers never
    # look at them) until they are old enough to be surely abandoned.
    folders = (merges.path.parent, verdicts_path().parent, state_dir())
    temporaries = [path for folder in folders for path in folder.glob(".*.tmp")]
    assert len(temporaries) <= 12
    stale = merges.path.with_name(f".{merges.path.name}.dead.tmp")
    unrelated = merges.path.with_name(".notes.txt.dead.tmp")
    fresh = merges.path.with_name(f".{merges.path.name}.fresh.tmp")  # someone writing now
    for path in (stale, unrelated, fresh):
        path.write_text("half")
    long_ago = time.time() - 3600
    for path in [*temporaries, stale, unrelated]:
        os.utime(path, (long_ago, long_ago))
    once = SAVER.replace("range(start, start + 100000)", "range(start, start + 1)")
    run = subprocess.run([sys.executable, "-c", once, str(saved)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    left = sorted(path for folder in folders for path in folder.glob(".*.tmp"))
    assert left == sorted([unrelated, fresh]), left


# -- an analysis run: entity merges killed while the corpus is clustered again -----------

def test_entity_merges_killed_during_reclustering(tmp_path, with_entities):
    from newsdesk.plugins.entities.decisions import Decisions, parse

    rng = random.Random(3)
    root, index = tmp_path / "corpus", tmp_path / "index"
    root.mkdir()
    for number, source in enumerate(POOL[:12]):
        shutil.copy(source, root / f"a{number:03d}.txt")
    args = ["--corpus", str(root), "--index", str(index)]
    assert run_cli("index", *args).returncode == 0
    began = time.perf_counter()
    first = run_cli("entities", "merge", "Name 0", "Other 0", *args)
    assert first.returncode == 0, first.stderr
    duration = time.perf_counter() - began
    done, killed = {0}, 0
    for number in range(1, 9):
        run = start(["entities", "merge", f"Name {number}", f"Other {number}", *args])
        kill_after(run, rng.uniform(0.1, duration))
        killed += run.wait(timeout=60) == -signal.SIGKILL
        run.stderr.close()
        decisions = Decisions.load()
        assert parse(decisions.path.read_text(encoding="utf-8")).version == 1 and not decisions.warnings
        now = {int(d.a.split()[1]) for d in decisions}
        assert now in (done, done | {number}), (done, now)
        done = now
        assert index_state_entities(root, index)
    assert killed >= 4, f"only {killed} of 8 merges were killed"
    listed = run_cli("entities", "--json", *args)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr


def index_state_entities(root: Path, index: Path) -> bool:
    """The index opens and answers, and the entities' clusters read."""
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.search import open_corpus

    corpus = open_corpus(root, index_dir=index, readers=PluginHost(third_party=False).readers())
    try:
        assert corpus.search("*", limit=1).total == corpus.article_count() == 12
        list(corpus.corpus_results("entities"))
        return True
    finally:
        corpus.close()


# -- article metadata sidecars ------------------------------------------------------------

def test_meta_writes_a_versioned_sidecar_through_fsync_and_never_over_a_newer_one(tmp_path, monkeypatch):
    import json

    from newsdesk.plugins.manager import PluginHost
    from newsdesk.search import open_corpus
    from newsdesk.search.errors import UsageError

    root = tmp_path / "corpus"
    root.mkdir()
    for number, source in enumerate(POOL[:3]):
        shutil.copy(source, root / f"a{number:03d}.txt")
    args = ["--corpus", str(root), "--index", str(tmp_path / "index")]
    assert run_cli("index", *args).returncode == 0

    # Written by newsdesk: versioned; a hand-written file (no version) is kept and gains one.
    assert run_cli("meta", "a000", "--date", "2001-02-03", *args).returncode == 0
    assert json.loads((root / "a000.txt.meta.json").read_text()) == {"version": 1, "date": "2001-02-03"}
    (root / "a001.txt.meta.json").write_text('{"outlet": "BBC"}')
    assert run_cli("meta", "a001", "--date", "2002-03-04", *args).returncode == 0
    assert json.loads((root / "a001.txt.meta.json").read_text()) == {"version": 1, "outlet": "BBC",
                                                                     "date": "2002-03-04"}

    # A newer newsdesk's file is read (its version ignored) but never rewritten.
    newer = root / "a002.txt.meta.json"
    newer.write_text('{"version": 2, "outlet": "Future"}')
    assert run_cli("index", *args).returncode == 0
    shown = run_cli("meta", "a002", "--json", *args)
    assert shown.returncode == 0 and json.loads(shown.stdout)["outlet"] == "Future", shown.stderr
    refused = run_cli("meta", "a002", "--date", "2003-04-05", *args)
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert refused.returncode == 2 and len(lines) == 1 and "newer newsdesk" in lines[0], refused.stderr
    assert newer.read_text() == '{"version": 2, "outlet": "Future"}'

    # The write is flushed to disk before the rename, and leaves no temporary file.
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    corpus = open_corpus(root, index_dir=tmp_path / "index", readers=PluginHost(third_party=False).readers())
    try:
        import datetime as dt

        corpus.set_metadata("a000", {"date": dt.date(2004, 5, 6)})
        assert synced
        with pytest.raises(UsageError, match="newer newsdesk"):
            corpus.set_metadata("a002", {"date": dt.date(2004, 5, 6)})
    finally:
        corpus.close()
    assert not list(root.glob(".*"))
