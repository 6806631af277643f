"""Resource limits: a folder of 100,000 files, a 200 MB file, a full disk.

Each ends with a clear message and an index that still opens.  Peak memory is
the indexing subprocess's own (its VmHWM, written at exit).  The full disk is a 4 MB tmpfs
when this user may mount one (root, as on CI); otherwise writes are made to
fail with ENOSPC by patching them.  A full 100,000-article build is too slow
for the suite (about two minutes): `bench/limits.py` runs it.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, run_cli

MB = 1024 * 1024


def run_cli_with(*args: str, prefix: list[str] | None = None) -> tuple[int, str, str]:
    """Run the CLI as a subprocess (`prefix`: how to start it, default `-m newsdesk`)."""
    done = subprocess.run([sys.executable, *(prefix or ["-m", "newsdesk"]), *args], capture_output=True,
                          text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


# The child writes its own peak RSS at exit: VmHWM, the high-water mark of its
# own address space.  (Not ru_maxrss from wait4: Linux carries the parent's
# peak over into a forked child, and pytest's process is large by now.)
PEAK_WRAPPER = """
import atexit, sys
def _write_peak(path=sys.argv.pop(1)):
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(path, "w") as out:
        out.write(peak)
atexit.register(_write_peak)
sys.argv[0] = "newsdesk"
from newsdesk.cli import main
main()
"""


def run_with_rss(*args: str, tmp: Path) -> tuple[int, str, str, int]:
    """Run the CLI: (exit code, stdout, stderr, the child's own peak resident memory in MB)."""
    peak = tmp / "peak.txt"
    done = subprocess.run([sys.executable, "-c", PEAK_WRAPPER, str(peak), *args], capture_output=True,
                          text=True, timeout=600)
    return done.returncode, done.stdout, done.stderr, int(peak.read_text()) // 1024


def stderr_lines(err: str) -> list[str]:
    assert "Traceback" not in err, err
    return [line for line in err.splitlines() if line.strip()]


def answers(root: Path, index: Path, query: str = "*") -> int:
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.search import open_corpus

    corpus = open_corpus(root, index_dir=index, readers=PluginHost(third_party=False).readers())
    try:
        total = corpus.search(query, limit=5).total
        if query == "*":
            assert total == corpus.article_count()
        return total
    finally:
        corpus.close()


# -- 100,000 files ----------------------------------------------------------------

def test_a_folder_of_100000_files(tmp_path):
    root, index = tmp_path / "corpus", tmp_path / "index"
    articles, empty, others = 3_000, 100, 96_900
    for number in range(articles + empty + others):
        folder = root / f"d{number // 1000:03d}"
        if number % 1000 == 0:
            folder.mkdir(parents=True)
        if number < articles:
            (folder / f"a{number:06d}.txt").write_text(
                f"Note {number}\n\nThe harbour board met on day {number % 365} and voted on item {number}.\n")
        elif number < articles + empty:
            os.mknod(folder / f"e{number:06d}.txt")
        else:  # files no reader takes (pictures, data) are passed over without a word
            os.mknod(folder / f"x{number:06d}.dat")
    assert sum(len(files) for _, _, files in os.walk(root)) == 100_000

    code, out, err, peak = run_with_rss("index", "--corpus", str(root), "--index", str(index), "--json",
                                        tmp=tmp_path)
    assert code == 0, err
    report = json.loads(out)
    assert (report["added"], report["articles"], len(report["skipped"])) == (articles + empty, articles, empty)
    lines = stderr_lines(err)
    assert len(lines) == empty and all("empty file" in line for line in lines), lines[:3]
    assert peak < 250, f"peak memory {peak} MB"
    assert answers(root, index) == articles
    assert answers(root, index, "item") == articles

    # A second run over the unchanged folder touches nothing and says so in one line.
    code, out, err, _ = run_with_rss("index", "--corpus", str(root), "--index", str(index), tmp=tmp_path)
    assert code == 0, err
    summary = [line for line in stderr_lines(err) if "skipped" not in line]
    assert len(summary) == 1 and f"0 added, 0 changed, 0 removed, {articles + empty} unchanged" in summary[0]
    assert f"{articles:,} articles" in summary[0]


# -- a 200 MB file ----------------------------------------------------------------------

def test_200_mb_files_are_skipped_or_streamed_without_filling_memory(tmp_path):
    root, index = tmp_path / "corpus", tmp_path / "index"
    root.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        (root / seed.name).write_bytes(seed.read_bytes())
    with (root / "sparse.txt").open("wb") as handle:  # 200 MB of nothing on disk
        handle.truncate(200 * MB)
    # 200 MB of real JSON Lines: a record, one 200 MB record, a record.
    with (root / "dump.jsonl").open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "before", "title": "Before", "body": "The harbour vote came first."}) + "\n")
        handle.write('{"id": "huge", "title": "Huge", "body": "')
        chunk = "word " * (MB // 5)
        for _ in range(200):
            handle.write(chunk)
        handle.write('"}\n')
        handle.write(json.dumps({"id": "after", "title": "After", "body": "The harbour vote came last."}) + "\n")
    assert (root / "dump.jsonl").stat().st_size > 199 * MB

    code, out, err, peak = run_with_rss("index", "--corpus", str(root), "--index", str(index), tmp=tmp_path)
    assert code == 0, err
    lines = stderr_lines(err)
    assert any("sparse.txt" in line and "200.0 MB > 20.0 MB" in line for line in lines), lines
    assert any("dump.jsonl" in line and "line 2" in line and "20.0 MB" in line for line in lines), lines
    assert len(lines) == 3, lines  # the two files, and the summary
    assert peak < 250, f"peak memory {peak} MB for a 200 MB file: it was read whole"
    assert answers(root, index) == 5
    assert answers(root, index, "harbour") == 2


# -- a full disk -------------------------------------------------------------------------

@pytest.fixture(params=["tmpfs", "patched"])
def small_disk(request, tmp_path):
    """A 4 MB tmpfs (unmounted afterwards), or None: writes made to fail with
    ENOSPC instead (the tmpfs case is skipped where mounting is not allowed)."""
    where = tmp_path / "disk"
    where.mkdir()
    if request.param == "patched":
        yield None
        return
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the patched case covers a full disk")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def fill(disk: Path) -> Path:
    """Take every free byte of `disk`; returns the file that holds them."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        for size in (1 << 16, 1 << 12, 1):
            try:
                while handle.write(b"\0" * size):
                    pass
            except OSError as error:
                assert error.errno == errno.ENOSPC
    return filler


# Runs the CLI with every whoosh file write and every user-data temporary file
# failing with ENOSPC: the full disk, where a tmpfs cannot be mounted.
NO_SPACE = r"""
import errno, os, sys
from whoosh.filedb.structfile import StructFile
import newsdesk.userdata as userdata

def full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

StructFile.write = full
userdata._create_temporary = full
from newsdesk.cli import main
main(sys.argv[1:])
"""


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_ends_with_one_line_and_loses_nothing(tmp_path, small_disk, monkeypatch):
    from newsdesk.plugins.contradictions.verdicts import Verdicts
    from newsdesk.plugins.entities.decisions import Decisions
    from newsdesk import userdata
    from newsdesk.userdata import UserDataError

    base = small_disk or tmp_path / "disk"
    root, index = base / "corpus", base / "index"
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(base / "data"))
    root.mkdir()
    for number in range(20):
        (root / f"a{number:03d}.txt").write_text(f"Report {number}\n\nThe harbour board met and voted {number}.\n")
    args = ["--corpus", str(root), "--index", str(index)]
    assert run_cli("index", *args).returncode == 0
    assert run_cli("meta", "a000", "--date", "2001-02-03", *args).returncode == 0
    decisions = Decisions.load()
    decisions.merge("Harbour Board", "The Harbour Board")
    decisions.save()
    Verdicts().set({"id": "c1", "type": "number", "a": {"sentence": "x"}, "b": {"sentence": "y"}}, "confirmed")
    for number in range(20, 80):
        (root / f"a{number:03d}.txt").write_text(f"Report {number}\n\nThe harbour board met and voted {number}. "
                                                 + "More words about the quay and its cranes. " * 20 + "\n")
    keep = {path: path.read_bytes() for path in (decisions.path, Verdicts().path, root / "a000.txt.meta.json")}

    prefix = None
    if small_disk is not None:
        filler = fill(small_disk)
    else:
        prefix = ["-c", NO_SPACE]
    code, _, err = run_cli_with("index", *args, prefix=prefix)
    lines = stderr_lines(err)
    assert code not in (0, 2) and len(lines) == 1, err
    assert lines[0].startswith("newsdesk: no space left on device while writing the index at "), lines[0]
    assert str(index) in lines[0]
    assert answers(root, index) == 20  # the previous index opens and answers

    # Saving user data on the full disk: one line, and the old file stays.
    code, _, err = run_cli_with("meta", "a001", "--date", "2002-03-04", *args, prefix=prefix)
    lines = stderr_lines(err)
    assert code != 0 and len(lines) == 1 and "No space left on device" in lines[0], err
    create_temporary = userdata._create_temporary
    if small_disk is None:
        monkeypatch.setattr(userdata, "_create_temporary", no_space)
    more = Decisions.load()
    more.merge("Quay", "The Quay")
    with pytest.raises(UserDataError, match="No space left on device"):
        more.save()
    with pytest.raises(UserDataError, match="No space left on device"):
        Verdicts().set({"id": "c2", "type": "number", "a": {}, "b": {}}, "dismissed")
    assert not list(decisions.path.parent.glob(".*.tmp"))
    monkeypatch.setattr(userdata, "_create_temporary", create_temporary)
    assert {path: path.read_bytes() for path in keep} == keep
    assert not (root / "a001.txt.meta.json").exists()

    # With space again, the next run completes.
    if small_disk is not None:
        filler.unlink()
    code, _, err = run_cli_with("index", *args)
    assert code == 0, err
    assert answers(root, index) == 80
