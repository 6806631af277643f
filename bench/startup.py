"""Start-up cost of `newsdesk search` on the seeds, with and without plugins.

Each command runs as a fresh process, as a user's shell or script runs it:

- baseline: the bare interpreter (`python -c pass`);
- built-ins only: `newsdesk --no-plugins search ...`;
- with plugins: the same with a third-party plugin enabled (the example
  `examples/newsdesk-quotes`, made visible through a throwaway entry-point
  record, so nothing is installed into the environment).

The index is built first, so every run measures start-up plus one search.
Prints medians and ratios; also checks that Textual was never imported.

    python bench/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "newsdesk-quotes"


def plugin_site(folder: Path) -> str:
    """A folder for PYTHONPATH that declares the example plugin's entry point."""
    info = folder / "newsdesk_quotes-0.0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: newsdesk-quotes\nVersion: 0.0.0\n")
    (info / "entry_points.txt").write_text("[newsdesk]\nquotes = newsdesk_quotes\n")
    return os.pathsep.join([str(folder), str(EXAMPLE)])


def timed(command: list[str], env: dict, runs: int) -> tuple[float, str]:
    times, stderr = [], ""
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
        stderr = done.stderr
    return statistics.median(times), stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        env = {**os.environ, "NEWSDESK_INDEX_ROOT": str(scratch / "indexes"), "NEWSDESK_PLUGINS": ""}
        env.pop("NEWSDESK_CORPUS", None)
        with_plugins = dict(env)
        has_example = EXAMPLE.exists()
        if has_example:
            with_plugins.update(PYTHONPATH=plugin_site(scratch / "site"), NEWSDESK_PLUGINS="quotes")
        search = [sys.executable, "-m", "newsdesk", "search", "deepseek", "--json"]
        # Build the index once (with the plugin, so its analyzer and field are in it).
        subprocess.run([sys.executable, "-m", "newsdesk", "index", "--quiet"], env=with_plugins, check=True)

        base, _ = timed([sys.executable, "-c", "pass"], env, args.runs)
        builtin, _ = timed([sys.executable, "-m", "newsdesk", "--no-plugins", *search[3:]], env, args.runs)
        plugged, _ = timed(search, with_plugins, args.runs)
        _, importtime = timed([sys.executable, "-X", "importtime", *search[1:]], with_plugins, 1)

    textual = any(line.split("|")[-1].strip().startswith("textual") for line in importtime.splitlines())
    print(f"newsdesk search on the seeds, median of {args.runs} fresh processes")
    print(f"{'command':<40} {'seconds':>8} {'ratio':>8}")
    print(f"{'python -c pass (baseline)':<40} {base:>8.3f} {1.0:>8.2f}")
    print(f"{'search, built-in plugins only':<40} {builtin:>8.3f} {builtin / base:>8.2f}")
    label = "search, + quotes plugin" if has_example else "search, third-party plugins (none found)"
    print(f"{label:<40} {plugged:>8.3f} {plugged / base:>8.2f}")
    print(f"plugins / no plugins: {plugged / builtin:.2f}x")
    print(f"textual imported on the search path: {'YES (bug)' if textual else 'no'}")


if __name__ == "__main__":
    main()
