"""TUI benchmark: launch to first results, and keystroke to results, beside the bare engine.

Run from the repository root:

    .venv/bin/python bench/tui.py                    # or: make bench-tui
    .venv/bin/python bench/tui.py --corpus seeds --queries 10 --json /tmp/tui.json

The explorer runs headless, as the tests drive it (`App.run_test(size=(120, 40))`,
Textual's headless driver): everything the app does is measured except writing
escape sequences to a real terminal.  The corpora are the bundled seeds and
Reuters-21578 (its records converted to one .json file each in a temporary
folder, see bench/corpora.py); each is indexed into a temporary folder first
(`corpus.update()`, progress on stderr), so no timing includes indexing.

1. Launch (a fresh process per run, `--launches` runs, medians).  The times are
   from spawning the process (the parent's `time.monotonic()` just before
   `subprocess.run`; the child's marks are `time.monotonic()` too, one clock
   for every process on Linux), so they include the interpreter and imports.
   - baseline `python -c pass`: spawn to exit;
   - baseline "engine only": import the engine and the plugin host, open the
     corpus and run the search the explorer opens with (every article, newest
     first: `corpus.search("*", limit=SEARCH_LIMIT, sort="date")`), and the
     bare engine time of that search (`SearchResults.seconds`);
   - the TUI: import `newsdesk.tui.app`, open the corpus as `newsdesk tui` does
     (`PluginHost(third_party=False).open_corpus`), create `NewsdeskApp`, enter
     `run_test`, and mark: the explorer screen's `on_mount`; the first paint
     (the first time the explorer screen's compositor renders a frame,
     `Screen._compositor_refresh`, wrapped on the instance: in a terminal this
     is when the frame is written); the first results shown (the first
     `ExplorerScreen._show_results` that put results up, after it returned);
     and the first paint after that (first results painted).
   Ratios are against the engine-only launch.  Target: first paint < 1 s on
   the seeds.  The `newsdesk` command adds its CLI (typer) on top: see
   bench/startup.py for that part.
2. Keystroke to results (one process per corpus).  First the bare engine, on
   its own `Corpus`: every query once to warm up, then 5 rounds of
   `corpus.search(q, limit=SEARCH_LIMIT)` (the explorer's page size); a query's
   time is its median.  Then that corpus is closed, a fresh one is handed to
   `NewsdeskApp` (default debounce: the app's own) and, for `--rounds` rounds
   over the queries, the pilot: empties the box (`value = ""`, then waits for
   that listing), types the query minus its last character (`pilot.press`, one
   key at a time as the pilot does), waits until the results for that prefix
   are painted, then notes the time and presses the last character, and waits
   for the results of the full query to be painted.  That interval is the
   keystroke latency: the fastest typist, who reads the prefix's results and
   types on at once.  Then it deletes the last character, waits for the
   prefix's results, and times the last character followed at once by enter
   (submit: the focus moves to the results; enter on results already shown
   searches nothing again).  Then it refocuses the box,
   presses backspace, waits for the prefix's results on screen, pauses for
   one debounce (`pilot.pause(debounce)`: a typist's pause, not a wait for
   results) and times the last character again: the path a keystroke takes
   when the debounce timer is out of the way.  A query's latency is its
   median over the rounds; p50 / p95 are over the queries, and are set beside
   the engine's p50 / p95 for the same queries (the engine is warm, the app's
   corpus is cold for a query's first round: the median takes care of it).  Target: keystroke p50 and p95 <= 2 x engine + 30 ms (checked on
   the first row; the others are shown beside it).
   Waiting is event-driven: wrappers on the explorer instance record when
   results land (`_show_results`) and when the screen paints; every wait has
   a timeout that fails the run.  The time is also split into stages (median
   per stage): debounce (key to the explorer's `search()` call), to the engine
   (worker start and the engine thread's queue, e.g. behind the reader's
   article load for the previous results), engine (the corpus call, timed on
   the engine thread), back to the UI (`call_from_thread`), list built
   (`_show_results`, which builds the list's options), wait for the next frame (the UI loop's other work, e.g.
   the reader showing the first hit or, after enter, the Footer recomposing
   for the new focus), frame rendered (`Screen._compositor_refresh`).
   Queries: the seeds get their own list (SEED_QUERIES: the Reuters/BBC list
   finds next to nothing in 5 AI articles); Reuters gets bench/queries.txt
   (date ranges included), `--queries` of them spread evenly over the file.

Flags: --corpus seeds|reuters|all (default all), --queries N (default 20; 0:
all), --rounds N (typing rounds, default 3), --launches N (default 5), --json
PATH (write all results).  XDG_{DATA,CONFIG,CACHE}_HOME point into the temporary
folder, so nothing (search history, caches) lands in the user's home, and
the app runs with its built-in settings (`NewsdeskApp` without a config).  A
full run takes about 13 minutes on a 2-core machine: Reuters' index is about
90 s, and every emptied box lists all 19,043 Reuters articles (seconds each).
"""

from __future__ import annotations

import time

BOOT = time.monotonic()  # this process is up (the launch workers report it)

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import types  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no bench/__pycache__ from importing corpora

import corpora  # noqa: E402  (bench/corpora.py)

QUERIES_FILE = HERE / "queries.txt"
SIZE = (120, 40)
ENGINE_ROUNDS = 5
WAIT_S = 60.0  # longest wait for results or a paint before the run fails
TARGET_FACTOR, TARGET_PLUS_MS = 2.0, 30.0
TARGET_FIRST_PAINT_MS = 1000.0
PATHS = {"typed": "last keystroke -> results painted", "enter": "last key + enter -> painted",
         "paused": "keystroke after a pause -> painted"}
STAGES = {"debounce_ms": "debounce", "to_engine_ms": "to the engine", "engine_ms": "engine",
          "back_ms": "back to the UI", "build_ms": "list built", "frame_wait_ms": "wait for the next frame",
          "frame_ms": "frame rendered"}

# Realistic searches of the 5 seed articles (AI, DeepSeek, OpenAI, China), in every syntax.
SEED_QUERIES = [
    "deepseek", "openai", "censorship", "distillation", "security risks",
    "deepseek AND ban", "openai OR anthropic", '"artificial intelligence"', '"hugging face"',
    "china NOT censorship", "title:openai", "title:(deepseek OR china)", "model*", "distil*",
    "goverment~", "securty~", '"ai action plan"', "moonshot OR minimax", "chinese government",
    "date:>=2025-03",
]


# ---------------------------------------------------------------------------
# Queries and statistics
# ---------------------------------------------------------------------------
def load_queries(path: Path = QUERIES_FILE) -> list[str]:
    """bench/queries.txt, date ranges included (the Reuters records are dated)."""
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            queries.append(line.removeprefix("[dated] "))
    return queries


def spread(items: list[str], n: int) -> list[str]:
    """n items spread evenly over the list (all of them when n is 0 or too big)."""
    if n <= 0 or n >= len(items):
        return list(items)
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)] if n > 1 else items[:1]


percentile = corpora.percentile


def summary(values: list[float]) -> dict:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95),
            "mean": statistics.fmean(values) if values else float("nan"),
            "max": max(values, default=float("nan"))}


# ---------------------------------------------------------------------------
# Instrumentation (worker processes only)
# ---------------------------------------------------------------------------
def instrument_corpus(corpus, log: list) -> None:
    """Time the engine calls the app makes: (name, first argument, start, end).

    Bound methods on the instance, so that the app's CorpusProxy still sends
    them to its engine thread."""
    for name in ("has_index", "needs_update", "update", "search", "article", "annotations"):
        original = getattr(corpus, name, None)
        if original is None:
            continue

        def timed(self, *args, _original=original, _name=name, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                log.append((_name, args[0] if args else None, started, time.perf_counter()))

        setattr(corpus, name, types.MethodType(timed, corpus))


class Recorder:
    """Wraps one explorer screen (on the instance) and records, on the UI loop:
    the queries it is asked to search, the results it puts up, and its paints."""

    def __init__(self, explorer) -> None:
        self.explorer = explorer
        self.requests: list[tuple[float, str]] = []  # (time, query) of explorer.search()
        self.landed: list[dict] = []  # results put up, in order
        self.paints: list[tuple[float, float]] = []  # (start, end) of each compositor frame
        self.changed = asyncio.Event()
        self._wrap()

    def _wrap(self) -> None:
        explorer = self.explorer
        show, search, refresh = explorer._show_results, explorer.search, explorer._compositor_refresh

        def _show_results(query, results, error, *args, **kwargs):
            started = time.perf_counter()
            out = show(query, results, error, *args, **kwargs)
            ended = time.perf_counter()
            put_up = explorer.results is results if error is None else explorer.current_query == query
            if put_up:  # not a stale answer the explorer dropped
                self.landed.append({"query": query, "start": started, "end": ended, "error": error,
                                    "total": getattr(results, "total", None),
                                    "engine_s": getattr(results, "seconds", None)})
                self._notify()
            return out

        def search_(query, *args, **kwargs):
            self.requests.append((time.perf_counter(), query))
            return search(query, *args, **kwargs)

        def _compositor_refresh(*args, **kwargs):
            started = time.perf_counter()
            out = refresh(*args, **kwargs)
            self.paints.append((started, time.perf_counter()))
            self._notify()
            return out

        explorer._show_results = _show_results
        explorer.search = search_
        explorer._compositor_refresh = _compositor_refresh

    def _notify(self) -> None:
        self.changed.set()

    async def _until(self, found, what: str, timeout: float = WAIT_S):
        deadline = time.perf_counter() + timeout
        while True:
            value = found()
            if value is not None:
                return value
            left = deadline - time.perf_counter()
            if left <= 0:
                last = self.landed[-1]["query"] if self.landed else None
                raise RuntimeError(f"bench: timed out after {timeout:.0f} s waiting for {what} "
                                   f"(last results put up: {last!r})")
            app = self.explorer.app
            if app.return_code is not None or not app.is_running:
                raise RuntimeError(f"bench: the app stopped while waiting for {what}")
            self.changed.clear()
            try:  # woken by a landing or a paint; every 0.5 s only to notice a crashed app
                await asyncio.wait_for(self.changed.wait(), min(left, 0.5))
            except asyncio.TimeoutError:
                pass

    async def results_for(self, query: str, after: int) -> dict:
        """The first results for `query` put up after the first `after` landings."""
        def found():
            for entry in self.landed[after:]:
                if entry["query"] == query:
                    return entry
            return None
        return await self._until(found, f"the results for {query!r}")

    async def paint_after(self, moment: float) -> tuple[float, float]:
        """(start, end) of the first frame the screen started rendering after `moment`."""
        return await self._until(lambda: next((f for f in self.paints if f[0] >= moment), None),
                                 "the screen to paint")


# ---------------------------------------------------------------------------
# Workers: each runs in its own subprocess
# ---------------------------------------------------------------------------
def work_engine_launch(spec) -> dict:
    """Engine only: imports, open the corpus, the explorer's opening search."""
    from newsdesk.plugins.manager import PluginHost

    imported = time.monotonic()
    corpus = PluginHost(third_party=False).open_corpus(spec["folder"], spec["index"])
    results = corpus.search("*", limit=spec["limit"], sort="date")
    done = time.monotonic()
    corpus.close()
    return {"boot": BOOT, "imported": imported, "results": done, "engine_s": results.seconds,
            "total": results.total}


def work_tui_launch(spec) -> dict:
    """The explorer: imports, corpus, app, run_test, first paint and first results."""
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.tui.app import NewsdeskApp
    from newsdesk.tui.explorer import ExplorerScreen

    marks = {"boot": BOOT, "imported": time.monotonic()}
    original_mount = ExplorerScreen.on_mount

    def on_mount(self):  # Textual passes what the signature asks for: keep it bare
        marks.setdefault("mounted", time.monotonic())
        return original_mount(self)

    ExplorerScreen.on_mount = on_mount  # this process only
    host = PluginHost(third_party=False)
    corpus = host.open_corpus(spec["folder"], spec["index"])
    engine_log: list = []
    instrument_corpus(corpus, engine_log)
    marks["corpus"] = time.monotonic()
    app = NewsdeskApp(host, corpus)
    marks["app"] = time.monotonic()
    offset = time.monotonic() - time.perf_counter()  # Recorder uses perf_counter

    async def drive():
        recorder = Recorder(app.explorer)
        async with app.run_test(size=SIZE):
            marks["run_test"] = time.monotonic()
            first = await recorder.results_for("", 0)
            painted = await recorder.paint_after(first["end"])
            marks["first_paint"] = recorder.paints[0][1] + offset
            marks["results"] = first["end"] + offset
            marks["results_painted"] = painted[1] + offset
            marks["debounce"] = app.explorer.query_one("#search").debounce
            if first["error"]:
                raise RuntimeError(f"bench: the first search failed: {first['error']}")
            return first

    first = asyncio.run(drive())
    if any(name == "update" for name, *_ in engine_log):
        raise RuntimeError("bench: the app re-indexed at launch; the index was not ready")
    searches = [(end - start) for name, _, start, end in engine_log if name == "search"]
    checks = sum(end - start for name, _, start, end in engine_log if name in ("has_index", "needs_update"))
    return {**marks, "engine_s": first["engine_s"], "total": first["total"],
            "first_search_s": searches[0] if searches else None, "index_check_s": checks}


def work_keys(spec) -> dict:
    """The bare engine on the queries, then the same queries typed into the explorer."""
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.tui.app import NewsdeskApp

    queries, limit, name = spec["queries"], spec["limit"], spec["name"]
    host = PluginHost(third_party=False)

    # -- the bare engine, in this process, before the app ----------------------------
    corpus = host.open_corpus(spec["folder"], spec["index"])
    engine: dict[str, dict] = {}
    for q in queries:  # warm-up, totals
        results = corpus.search(q, limit=limit)
        engine[q] = {"total": results.total, "hits": len(results.hits), "samples_ms": []}
    for _ in range(ENGINE_ROUNDS):
        for q in queries:
            started = time.perf_counter()
            corpus.search(q, limit=limit)
            engine[q]["samples_ms"].append((time.perf_counter() - started) * 1000)
    listing = []
    for _ in range(ENGINE_ROUNDS):
        started = time.perf_counter()
        corpus.search("*", limit=limit, sort="date")
        listing.append((time.perf_counter() - started) * 1000)
    corpus.close()
    for entry in engine.values():
        entry["median_ms"] = statistics.median(entry.pop("samples_ms"))

    # -- the explorer, driven by the pilot ------------------------------------------
    corpus = host.open_corpus(spec["folder"], spec["index"])
    engine_log: list = []
    instrument_corpus(corpus, engine_log)
    app = NewsdeskApp(host, corpus)
    samples = {q: {path: [] for path in PATHS} for q in queries}
    info: dict = {}

    def stages(t_key: float, query: str, landed: dict, frame: tuple[float, float]) -> dict:
        ms = lambda a, b: (b - a) * 1000  # noqa: E731
        ready = next((t for t, q in recorder.requests if t >= t_key and q == query), None)
        text = query.strip() or "*"
        call = next(((s, e) for n, a, s, e in engine_log
                     if n == "search" and a == text and ready is not None and s >= ready), None)
        out = {"total_ms": ms(t_key, frame[1]), "shown_ms": ms(t_key, landed["end"])}
        if ready is not None and call is not None:
            out.update(debounce_ms=ms(t_key, ready), to_engine_ms=ms(ready, call[0]),
                       engine_ms=ms(*call), back_ms=ms(call[1], landed["start"]),
                       build_ms=ms(landed["start"], landed["end"]), frame_wait_ms=ms(landed["end"], frame[0]),
                       frame_ms=ms(*frame))
            # Did the search wait on the engine thread behind the reader loading an article?
            out["behind_article"] = any(n in ("article", "annotations") and ready < e <= call[0] + 1e-4
                                        for n, a, s, e in engine_log)
        return out

    async def drive():
        nonlocal recorder
        recorder = Recorder(app.explorer)
        async with app.run_test(size=SIZE) as pilot:
            first = await recorder.results_for("", 0)
            await recorder.paint_after(first["end"])
            bar = app.explorer.query_one("#search")
            info["debounce"] = bar.debounce
            total = spec["rounds"] * len(queries)
            for rnd in range(spec["rounds"]):
                for i, q in enumerate(queries):
                    done = rnd * len(queries) + i
                    if done % 5 == 0:
                        print(f"  [{name}] typing: {done}/{total}", file=sys.stderr, flush=True)
                    bar.focus()
                    await pilot.pause()
                    if app.focused is not bar:
                        raise RuntimeError(f"bench: the search box is not focused ({app.focused!r})")
                    if bar.value:  # empty the box and wait for the listing of every article
                        seen = len(recorder.landed)
                        bar.value = ""
                        await recorder.results_for("", seen)
                    # Type all but the last character; wait for those results on screen.
                    seen = len(recorder.landed)
                    await pilot.press(*q[:-1])
                    prefix = await recorder.results_for(q[:-1], seen)
                    await recorder.paint_after(prefix["end"])
                    # The last keystroke.
                    seen = len(recorder.landed)
                    t_key = time.perf_counter()
                    await pilot.press(q[-1])
                    landed = await recorder.results_for(q, seen)
                    painted = await recorder.paint_after(landed["end"])
                    if bar.value != q:
                        raise RuntimeError(f"bench: typed {q!r} but the box holds {bar.value!r}")
                    if landed["error"]:
                        raise RuntimeError(f"bench: {q!r} failed in the app: {landed['error']}")
                    samples[q]["typed"].append(stages(t_key, q, landed, painted))
                    # Back to the prefix, then the last character and enter at once
                    # (a typist who submits; enter on results already shown is a no-op).
                    bar.cursor_position = len(bar.value)
                    seen = len(recorder.landed)
                    await pilot.press("backspace")
                    prefix = await recorder.results_for(q[:-1], seen)
                    await recorder.paint_after(prefix["end"])
                    seen = len(recorder.landed)
                    t_key = time.perf_counter()
                    await pilot.press(q[-1], "enter")
                    landed = await recorder.results_for(q, seen)
                    painted = await recorder.paint_after(landed["end"])
                    samples[q]["enter"].append(stages(t_key, q, landed, painted))
                    # Back to the prefix (backspace), then the last keystroke again after a
                    # typist's pause of one debounce: the path without the debounce timer.
                    bar.focus()  # enter moved the focus to the results
                    await pilot.pause()
                    bar.cursor_position = len(bar.value)
                    seen = len(recorder.landed)
                    await pilot.press("backspace")
                    prefix = await recorder.results_for(q[:-1], seen)
                    await recorder.paint_after(prefix["end"])
                    await pilot.pause(bar.debounce)  # the pause itself, not a wait for results
                    seen = len(recorder.landed)
                    t_key = time.perf_counter()
                    await pilot.press(q[-1])
                    landed = await recorder.results_for(q, seen)
                    painted = await recorder.paint_after(landed["end"])
                    samples[q]["paused"].append(stages(t_key, q, landed, painted))
            print(f"  [{name}] typing: {total}/{total}", file=sys.stderr, flush=True)

    recorder = None
    asyncio.run(drive())

    per_query = {}
    for q in queries:
        entry = {"engine_ms": engine[q]["median_ms"], "total": engine[q]["total"], "hits": engine[q]["hits"]}
        for path in PATHS:
            rows = samples[q][path]
            med = {k: statistics.median(r[k] for r in rows) for k in rows[0]
                   if k != "behind_article" and all(k in r for r in rows)}
            med["at_once"] = sum(1 for r in rows if r.get("debounce_ms", 1e9) < info["debounce"] * 500)
            med["behind_article"] = sum(1 for r in rows if r.get("behind_article"))
            med["rounds"] = len(rows)
            entry[path] = med
        per_query[q] = entry
    return {"per_query": per_query, "debounce": info["debounce"], "listing_ms": statistics.median(listing),
            "rounds": spec["rounds"], "engine_rounds": ENGINE_ROUNDS}


WORKERS = {"engine-launch": work_engine_launch, "tui-launch": work_tui_launch, "keys": work_keys}


def worker_main(spec_json: str) -> None:
    spec = json.loads(spec_json)
    result = WORKERS[spec["task"]](spec)
    print("\n@@RESULT@@" + json.dumps(result))


def run_worker(env: dict, **spec) -> tuple[dict, float, float]:
    """(result, monotonic time of the spawn, monotonic time of the exit); stderr passes through."""
    spawned = time.monotonic()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
                          stdout=subprocess.PIPE, text=True, env=env)
    exited = time.monotonic()
    if proc.returncode != 0 or "@@RESULT@@" not in proc.stdout:
        sys.stderr.write(proc.stdout[-4000:])
        raise SystemExit(f"bench: the {spec['task']} worker failed on {spec.get('name')} (exit {proc.returncode})")
    return json.loads(proc.stdout.rsplit("@@RESULT@@", 1)[1]), spawned, exited


# ---------------------------------------------------------------------------
# Per corpus
# ---------------------------------------------------------------------------
def build_index(name: str, folder: Path, index: Path) -> int:
    from newsdesk.plugins.manager import PluginHost

    corpus = PluginHost(third_party=False).open_corpus(folder, index)
    step = {"next": 0.0}

    def progress(done: int, total: int) -> None:
        if total and done / total >= step["next"]:
            print(f"  [{name}] indexing: {done:,}/{total:,}", file=sys.stderr, flush=True)
            step["next"] += 0.1

    started = time.perf_counter()
    report = corpus.update(progress=progress)
    still = corpus.needs_update()
    corpus.close()
    print(f"  [{name}] indexed {report.articles:,} articles in {time.perf_counter() - started:.1f} s",
          file=sys.stderr, flush=True)
    if still:
        raise SystemExit(f"bench: {name}: the index still needs an update after update()")
    return report.articles


def bench_corpus(name: str, folder: Path, work: Path, queries: list[str], env: dict, args) -> dict:
    from newsdesk.tui.explorer import SEARCH_LIMIT

    index = work / f"{name}-index"
    res = {"folder": str(folder), "limit": SEARCH_LIMIT, "queries": queries,
           "articles": build_index(name, folder, index)}
    common = dict(name=name, folder=str(folder), index=str(index), limit=SEARCH_LIMIT)

    launch: dict[str, list] = {"pass": [], "engine": [], "tui": []}
    for i in range(args.launches):
        print(f"  [{name}] launch {i + 1}/{args.launches}", file=sys.stderr, flush=True)
        spawned = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        launch["pass"].append({"exit": (time.monotonic() - spawned) * 1000})
        for key, task in (("engine", "engine-launch"), ("tui", "tui-launch")):
            out, spawned, exited = run_worker(env, task=task, **common)
            row = {k: (v - spawned) * 1000 for k, v in out.items()
                   if k in ("boot", "imported", "corpus", "app", "run_test", "mounted", "first_paint",
                            "results", "results_painted")}
            row.update(exit=(exited - spawned) * 1000, engine_ms=out["engine_s"] * 1000, total=out["total"])
            if key == "tui":
                row.update(first_paint_from_app=(out["first_paint"] - out["app"]) * 1000,
                           mounted_from_app=(out["mounted"] - out["app"]) * 1000,
                           results_from_app=(out["results"] - out["app"]) * 1000,
                           results_painted_from_app=(out["results_painted"] - out["app"]) * 1000,
                           index_check_ms=out["index_check_s"] * 1000, debounce=out["debounce"])
            launch[key].append(row)
    res["launch_runs"] = launch
    res["launch"] = {key: {k: statistics.median(r[k] for r in rows) for k in rows[0]}
                     for key, rows in launch.items()}

    print(f"  [{name}] keystrokes: engine baseline, then {args.rounds} round(s) of {len(queries)} queries",
          file=sys.stderr, flush=True)
    keys, _, _ = run_worker(env, task="keys", queries=queries, rounds=args.rounds, **common)
    per = keys["per_query"]
    engine = [e["engine_ms"] for e in per.values()]
    res["keys"] = keys
    res["engine"] = summary(engine)
    for path in PATHS:
        res[path] = summary([e[path]["total_ms"] for e in per.values()])
        res[path]["stages"] = {stage: statistics.median(e[path][stage] for e in per.values())
                               for stage in STAGES
                               if all(stage in e[path] for e in per.values())}
        res[path]["in_app_engine"] = summary([e[path]["engine_ms"] for e in per.values() if "engine_ms" in e[path]])
        res[path]["over_own_target"] = [q for q, e in per.items()
                                        if e[path]["total_ms"] > TARGET_FACTOR * e["engine_ms"] + TARGET_PLUS_MS]
        res[path]["at_once"] = sum(e[path]["at_once"] for e in per.values())
        res[path]["behind_article"] = sum(e[path]["behind_article"] for e in per.values())
        res[path]["samples"] = sum(e[path]["rounds"] for e in per.values())
    limit = {p: TARGET_FACTOR * res["engine"][p] + TARGET_PLUS_MS for p in ("p50", "p95")}
    res["target_ms"] = limit
    res["typed"]["target_ok"] = all(res["typed"][p] <= limit[p] for p in ("p50", "p95"))
    if name == "seeds":
        res["first_paint_ok"] = res["launch"]["tui"]["first_paint"] < TARGET_FIRST_PAINT_MS
    return res


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------
def print_corpus(name: str, res: dict, args) -> None:
    title = {"seeds": "the seeds", "reuters": "Reuters-21578 (converted)"}[name]
    print(f"\n== {title}: {res['articles']:,} articles ({res['folder']}) ==")
    la = res["launch"]
    eng, tui, base = la["engine"], la["tui"], la["engine"]["results"]
    print(f"\nLaunch to first results, ms (fresh process each, median of {args.launches}; "
          f"the first search lists every article, newest first, limit {res['limit']})")
    print(f"  {'stage':<46}{'from spawn':>11}{'from app':>10}{'vs engine':>11}")
    print(f"  {'python -c pass (spawn to exit)':<46}{la['pass']['exit']:>11.1f}{'':>10}"
          f"{la['pass']['exit'] / base:>10.2f}x")
    print(f"  {'engine only: imports done':<46}{eng['imported']:>11.1f}")
    print(f"  {'engine only: first results (baseline)':<46}{base:>11.1f}{'':>10}{1:>10.2f}x")
    print(f"  {'TUI: imports done (newsdesk.tui.app)':<46}{tui['imported']:>11.1f}")
    print(f"  {'TUI: NewsdeskApp created':<46}{tui['app']:>11.1f}{0:>10.1f}")
    for key, label in (("mounted", "TUI: explorer screen mounted"), ("first_paint", "TUI: first paint"),
                       ("results", "TUI: first results shown"),
                       ("results_painted", "TUI: first results painted")):
        print(f"  {label:<46}{tui[key]:>11.1f}{tui[key + '_from_app']:>10.1f}{tui[key] / base:>10.2f}x")
    print(f"  bare engine time of that search: {eng['engine_ms']:.1f} ms in the engine-only process, "
          f"{tui['engine_ms']:.1f} ms in the TUI; first results shown / engine search: "
          f"{tui['results'] / eng['engine_ms']:.0f}x (from spawn), "
          f"{tui['results_from_app'] / tui['engine_ms']:.0f}x (from app)")
    print(f"  index checks at launch (has_index, needs_update): {tui['index_check_ms']:.1f} ms")
    if name == "seeds":
        verdict = "OK" if res["first_paint_ok"] else "OVER TARGET"
        print(f"  first paint {tui['first_paint']:.0f} ms from spawn: target < {TARGET_FIRST_PAINT_MS:.0f} ms: {verdict}")

    keys = res["keys"]
    nq = len(keys["per_query"])
    print(f"\nKeystroke to results, ms ({nq} queries; median of {keys['rounds']} round(s) per query, "
          f"then over queries; debounce {keys['debounce']:.2f} s; limit {res['limit']})")
    print(f"  {'path':<46}{'p50':>9}{'p95':>9}{'mean':>9}{'max':>9}{'/eng p50':>10}{'/eng p95':>10}")
    e = res["engine"]
    print(f"  {'bare engine: corpus.search (median of %d)' % keys['engine_rounds']:<46}"
          f"{e['p50']:>9.2f}{e['p95']:>9.2f}{e['mean']:>9.2f}{e['max']:>9.2f}{1:>9.2f}x{1:>9.2f}x")
    for path, label in PATHS.items():
        r = res[path]
        print(f"  {label:<46}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['mean']:>9.2f}{r['max']:>9.2f}"
              f"{r['p50'] / e['p50']:>9.2f}x{r['p95'] / e['p95']:>9.2f}x")
    r = res["typed"]["in_app_engine"]
    print(f"  {'  (the engine call inside the app, keystroke)':<46}{r['p50']:>9.2f}{r['p95']:>9.2f}"
          f"{r['mean']:>9.2f}{r['max']:>9.2f}")
    t = res["target_ms"]
    verdict = "OK" if res["typed"]["target_ok"] else "OVER TARGET"
    paused = "within" if all(res["paused"][p] <= t[p] for p in t) else "over"
    print(f"  target: keystroke p50 <= {t['p50']:.1f} ms and p95 <= {t['p95']:.1f} ms "
          f"(2 x engine + 30 ms): {verdict}   (after a pause: {paused})")
    for path, label in (("typed", "keystroke"), ("enter", "enter"), ("paused", "after a pause")):
        r = res[path]
        st = r["stages"]
        if st:
            print(f"  where it goes, {label} (median ms per stage): "
                  + ", ".join(f"{STAGES[k]} {v:.1f}" for k, v in st.items()))
    r = res["typed"]
    print(f"  searched at once (not via the debounce timer): keystroke {r['at_once']} of {r['samples']}, "
          f"after a pause {res['paused']['at_once']} of {r['samples']}; searches queued on the engine thread "
          f"behind the reader's article load: keystroke {r['behind_article']}, enter "
          f"{res['enter']['behind_article']}, after a pause {res['paused']['behind_article']}")
    over = r["over_own_target"]
    print(f"  queries over their own 2 x engine + 30 ms (keystroke): {len(over)} of {nq}"
          + (f": {', '.join(repr(q) for q in over[:8])}{' …' if len(over) > 8 else ''}" if over else ""))
    slow = sorted(((v["typed"]["total_ms"], q, v["engine_ms"]) for q, v in keys["per_query"].items()),
                  reverse=True)[:5]
    print("  slowest keystrokes: " + "; ".join(f"{q!r} {m:.0f} ms (engine {en:.1f})" for m, q, en in slow))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("seeds", "reuters", "all"), default="all")
    parser.add_argument("--queries", type=int, default=20, help="queries per corpus (default 20; 0: all)")
    parser.add_argument("--rounds", type=int, default=3, help="typing rounds per query (default 3)")
    parser.add_argument("--launches", type=int, default=5, help="fresh processes per launch figure (default 5)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON here")
    parser.add_argument("--disable", default="entities",
                        help="built-in plugins switched off, comma-separated (default: entities, whose spaCy "
                             "indexing of Reuters takes about 20 minutes; bench/entities.py measures it; "
                             "'' keeps them all).  The others' panels are shown, as in a real session.")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_main(args.worker)
        return
    if args.rounds < 1 or args.launches < 1:
        parser.error("--rounds and --launches must be at least 1")

    from importlib.metadata import version

    from newsdesk.search.locations import bundled_seeds

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="newsdesk-bench-tui-"))
    env = {**os.environ, "NEWSDESK_PLUGINS": "", "NEWSDESK_INDEX_ROOT": str(work / "indexes"),
           "NEWSDESK_DISABLE": args.disable}
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = str(work / var.lower())
    for var in ("NEWSDESK_CORPUS", "NEWSDESK_INDEX"):
        env.pop(var, None)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("XDG_", "NEWSDESK_"))})
    results = {"python": platform.python_version(), "textual": version("textual"),
               "cpus": os.cpu_count(), "size": SIZE, "load_before": os.getloadavg()[0], "corpora": {}}
    try:
        names = ("seeds", "reuters") if args.corpus == "all" else (args.corpus,)
        for name in names:
            if name == "seeds":
                folder = bundled_seeds()
                queries = spread(SEED_QUERIES, args.queries)
            else:
                folder = work / "reuters-docs"
                print("  [reuters] converting SGML records to .json files...", file=sys.stderr, flush=True)
                results["reuters_converted"] = corpora.convert_reuters(folder)
                queries = spread(load_queries(), args.queries)
            if any(len(q) < 2 for q in queries):
                raise SystemExit("bench: every query needs at least two characters")
            if not folder.exists() or not any(folder.iterdir()):
                raise SystemExit(f"bench: corpus not found: {folder}")
            results["corpora"][name] = bench_corpus(name, folder, work, queries, env, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["seconds"] = time.perf_counter() - started
    results["load_after"] = os.getloadavg()[0]

    from newsdesk.plugins.manager import BUILTIN_PLUGINS

    off = {name.strip() for name in args.disable.split(",") if name.strip()}
    on = [module.rsplit(".", 1)[-1] for module in BUILTIN_PLUGINS if module.rsplit(".", 1)[-1] not in off]
    print(f"newsdesk TUI benchmark: Python {results['python']}, Textual {results['textual']}, "
          f"{results['cpus']} CPUs; built-in plugins on: {', '.join(on)}; headless (App.run_test, {SIZE[0]}x{SIZE[1]}); "
          f"load average {results['load_before']:.2f} before, {results['load_after']:.2f} after")
    for name, res in results["corpora"].items():
        print_corpus(name, res, args)
    print(f"\nwhole run: {results['seconds']:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
