"""A corpus folder of 100,000 articles, indexed from scratch: time and peak memory.

Too slow for the test suite (about two minutes with the built-in plugins on;
`tests/test_resource_limits.py` indexes 100,000 files of which 3,000 are
articles).  The baseline is the same build at a tenth of the size, in the same
run: the ratios say whether the cost per article and the memory grow with the
corpus (they should not: articles are committed in batches and whoosh's
writer is held to a fixed memory budget).

Each build runs `newsdesk index --json` as a fresh process; peak memory is
that process's own (`os.wait4`).  Then one search over the result checks the
index answers with the right total, and a second run over the unchanged folder
measures what a no-op update costs.

    python bench/limits.py [--articles 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("harbour council vote budget river school bridge market court festival tram ferry "
         "minister election strike museum hospital airport").split()


def make_corpus(root: Path, count: int) -> None:
    """`count` small articles, a thousand per folder."""
    for number in range(count):
        folder = root / f"d{number // 1000:03d}"
        if number % 1000 == 0:
            folder.mkdir(parents=True)
        a, b = WORDS[number % len(WORDS)], WORDS[(number * 7) % len(WORDS)]
        (folder / f"a{number:06d}.txt").write_text(
            f"{a.title()} note {number}\n\nThe {a} committee met on day {number % 365}. "
            f"The {b} question came up again, item {number}, and a vote follows.\n", encoding="utf-8")


def index(root: Path, where: Path, env: dict) -> tuple[dict, float, int]:
    """(the --json report, seconds, peak RSS in MB) of one `newsdesk index` run."""
    out = where / "report.json"
    started = time.perf_counter()
    with out.open("w") as handle:
        run = subprocess.Popen([sys.executable, "-m", "newsdesk", "index", "--corpus", str(root),
                                "--index", str(where / "index"), "--json"], stdout=handle, env=env)
        _, status, usage = os.wait4(run.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"newsdesk index failed on {root}")
    return json.loads(out.read_text()), seconds, usage.ru_maxrss // 1024


def total(root: Path, where: Path) -> int:
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.search import open_corpus

    corpus = open_corpus(root, index_dir=where / "index", readers=PluginHost(third_party=False).readers())
    try:
        return corpus.search("vote", limit=1).total
    finally:
        corpus.close()


def measure(count: int, base: Path, env: dict) -> dict:
    root, where = base / f"corpus-{count}", base / f"run-{count}"
    where.mkdir()
    started = time.perf_counter()
    make_corpus(root, count)
    made = time.perf_counter() - started
    report, seconds, peak = index(root, where, env)
    found = total(root, where)
    if report["articles"] != count or found != count:
        raise SystemExit(f"{count} articles: the index holds {report['articles']}, a search finds {found}")
    _, again, again_peak = index(root, where, env)
    return {"articles": count, "make_s": made, "index_s": seconds, "peak_mb": peak, "noop_s": again,
            "noop_peak_mb": again_peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="newsdesk-limits-"))
    base.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEWSDESK_DISABLE": os.environ.get("NEWSDESK_DISABLE", "entities")}
    try:
        small = measure(args.articles // 10, base, env)
        large = measure(args.articles, base, env)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(f"{'articles':>10} {'build s':>9} {'ms/article':>11} {'peak MB':>8} {'no-op s':>8} {'no-op MB':>9}")
    for row in (small, large):
        print(f"{row['articles']:>10,} {row['index_s']:>9.1f} {1000 * row['index_s'] / row['articles']:>11.2f} "
              f"{row['peak_mb']:>8} {row['noop_s']:>8.1f} {row['noop_peak_mb']:>9}")
    per_small = small["index_s"] / small["articles"]
    per_large = large["index_s"] / large["articles"]
    print(f"time per article, {large['articles']:,} vs {small['articles']:,}: x{per_large / per_small:.2f}; "
          f"peak memory x{large['peak_mb'] / small['peak_mb']:.2f}; "
          f"no-op update x{large['noop_s'] / small['noop_s']:.2f}")


if __name__ == "__main__":
    main()
