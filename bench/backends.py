"""Backend benchmark: newsdesk's whoosh, tantivy and PostgreSQL backends against raw tantivy.

Run from the repository root:

    .venv/bin/python bench/backends.py                       # or: make bench-backends
    .venv/bin/python bench/backends.py --quick               # smoke test: 2,000 Reuters articles
    .venv/bin/python bench/backends.py --sizes reuters --json /tmp/backends.json
    .venv/bin/python bench/backends.py --sizes 200k --backends tantivy,postgres

Sizes (--sizes, comma-separated; default "reuters,200k"):

- reuters: the Reuters-21578 records with a body (19,043), converted to one
  .json file each (bench/corpora.py `convert_reuters`, the same files as
  bench/search.py's); "reuters:N" takes the first N records.
- 200k (or any "<N>k"): N thousand articles made from the Reuters records
  (`corpora.reuters_variant_records`): every record as it is, then rounds of
  deterministic variants of each (sentences partly reordered, ~8% of content
  words swapped for words of other records of the same topic, numbers
  scaled, dates moved, a title word swapped), as JSON Lines files of 1,000
  records.  Generated corpora are cached under --workdir (default
  /tmp/newsdesk-bench-backends), never in the repository.

For each size and each backend, in a fresh subprocess each (so peak RSS, the
process's VmHWM, is that backend's alone, interpreter and imports included;
not ru_maxrss, which Linux carries over from the parent at fork):

1. Indexing: `open_corpus(folder, backend=...).update()` (reading, ingest,
   article store, analysis, index), timed; the spaCy plugins are off
   (NEWSDESK_DISABLE=entities,timeline,contradictions): this measures the
   search engine.  The baseline, RAW TANTIVY, indexes the same records with
   tantivy's own schema (title and body text fields with the "en_stem"
   tokenizer, both stored; a raw stored id; an indexed, stored, fast date
   field), one writer with the tantivy backend's settings (128 MB heap, one
   thread), one commit.  Whoosh is skipped at 100k articles and more unless
   --whoosh-200k is given (it takes half an hour or more at 200k).
2. Querying: the ~40 queries of QUERIES (terms, AND, implicit AND, OR,
   phrases, NOT, prefixes, fuzzy terms, field queries, date ranges), each
   once to warm up, then --rounds rounds.  A query's latency is its median
   over the rounds; p50 / p95 are over the queries (as bench/search.py).
   - newsdesk backends: `corpus.search(q, limit=10)`: the top 10 with an exact
     total and a highlighted snippet each.
   - raw tantivy, doing the same work: `index.parse_query` over title and
     body (title boost 2, implicit AND, regexes allowed; the query is the
     closest tantivy syntax for the newsdesk query, given beside it in
     QUERIES, with fuzzy distance passed as `fuzzy_fields` where tantivy's
     syntax has no fuzzy terms), `searcher.search(q, 10, count=True)`, the 10
     stored documents, and a `SnippetGenerator` snippet (160 chars, HTML) of
     each body.
   Ratios are against raw tantivy on the same size.  Targets: the tantivy
   backend's p50 and p95 within 1.5x of raw tantivy's; PostgreSQL's p95 under
   50 ms at 200,000 articles.
3. Conformance spot-check: the totals of whoosh, tantivy and PostgreSQL for
   each query must agree (raw tantivy analyses differently and is not
   compared); mismatching queries are listed.
4. Where the time goes: the tantivy backend's steps timed separately per
   query (whoosh parse, translation to tantivy, tantivy search with count,
   stored fields, bodies from the article store, highlighting), raw
   tantivy's (parse, search, documents, snippets), and, within
   `corpus.search` on PostgreSQL, the time of each kind of SQL call (the
   freshness check, lexicon expansion for wildcards and fuzzy terms, the main
   query, ts_headline) and of the Python around them; with EXPLAIN ANALYZE of
   the slowest queries' main SQL and whether the tables were ever analysed.

PostgreSQL runs on a throwaway server (tests/pgserver.py `TemporaryPostgres`,
server defaults plus fsync off; --pg-set NAME=VALUE adds settings) unless
--dsn names one; each size gets a database of its own.  For the throwaway
server the benchmark also samples the server's memory while each PostgreSQL
worker runs: the sum of the proportional set size (PSS, shared memory split
between processes, so shared_buffers is not counted once per process) of the
postmaster and its children, every 0.25 s; the worker's own peak RSS is the
client side only.

Flags: --sizes, --backends (whoosh,tantivy,postgres; raw tantivy always runs),
--rounds N (default 5), --workdir DIR, --quick, --whoosh-200k, --json PATH,
--keep (keep the indexes), --dsn, --pg-set.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no bench/__pycache__ from importing corpora

import corpora  # noqa: E402  (bench/corpora.py)

BACKENDS = ("whoosh", "tantivy", "postgres")
RAW = "raw"
LABELS = {"whoosh": "whoosh", "tantivy": "tantivy", "postgres": "postgres", RAW: "raw tantivy"}
DISABLED_PLUGINS = "entities,timeline,contradictions"
LIMIT = 10
SNIPPET_CHARS = 160  # newsdesk's fragment size (search/searcher.py SNIPPET_CHARS)
HEAP_BYTES = 128 * 1024 * 1024  # the tantivy backend's writer heap (one thread)
TARGET_TANTIVY_RATIO = 1.5
TARGET_PG_P95_MS = 50.0
TARGET_PG_ARTICLES = 200_000
WHOOSH_MAX_DEFAULT = 100_000  # whoosh is skipped at this size and above unless --whoosh-200k
DEFAULT_WORKDIR = Path("/tmp/newsdesk-bench-backends")
CORPUS_VERSION = 1  # bump when the generated corpora change

# (newsdesk query, raw tantivy query).  The raw side is tantivy's query syntax
# for the same search; a dict adds parse options: {"fuzzy": N} makes the
# query's terms fuzzy (distance N), as tantivy's syntax has no "word~".
# Prefixes are regexes (tantivy's parser stems "econom*" to a plain term).
QUERIES: list[tuple[str, str | tuple[str, dict]]] = [
    # single terms
    ("oil", "oil"),
    ("trade", "trade"),
    ("dollar", "dollar"),
    ("coffee", "coffee"),
    ("earnings", "earnings"),
    ("opec", "opec"),
    ("wheat", "wheat"),
    ("acquisition", "acquisition"),
    # two terms: AND, implicit AND
    ("oil AND prices", "oil AND prices"),
    ("bank AND rates", "bank AND rates"),
    ("profit AND loss", "profit AND loss"),
    ("trade AND deficit", "trade AND deficit"),
    ("interest rates", "interest rates"),
    ("crude exports", "crude exports"),
    # OR
    ("oil OR gas", "oil OR gas"),
    ("coffee OR cocoa", "coffee OR cocoa"),
    ("wheat OR corn OR grain", "wheat OR corn OR grain"),
    ("gold OR silver", "gold OR silver"),
    ("merger OR acquisition", "merger OR acquisition"),
    # phrases
    ('"interest rates"', '"interest rates"'),
    ('"trade deficit"', '"trade deficit"'),
    ('"central bank"', '"central bank"'),
    ('"stock exchange"', '"stock exchange"'),
    ('"net loss"', '"net loss"'),
    ('"crude oil"', '"crude oil"'),
    # NOT
    ("oil NOT opec", "oil NOT opec"),
    ("bank NOT interest", "bank NOT interest"),
    ("shares NOT dividend", "shares NOT dividend"),
    ('"interest rates" NOT fed', '"interest rates" NOT fed'),
    # prefixes
    ("econom*", "(title:/econom.*/ OR body:/econom.*/)"),
    ("invest*", "(title:/invest.*/ OR body:/invest.*/)"),
    ("compan*", "(title:/compan.*/ OR body:/compan.*/)"),
    ("export*", "(title:/export.*/ OR body:/export.*/)"),
    # fuzzy
    ("markt~", ("markt", {"fuzzy": 1})),
    ("goverment~", ("goverment", {"fuzzy": 1})),
    ("excange~2", ("excange", {"fuzzy": 2})),
    # fields
    ("title:oil", "title:oil"),
    ("title:(profit OR earnings)", "title:(profit OR earnings)"),
    ('title:"trade deficit"', 'title:"trade deficit"'),
    # mixed
    ("(oil OR gas) AND prices", "(oil OR gas) AND prices"),
    ('"oil prices" AND opec', '"oil prices" AND opec'),
    # date ranges
    ("date:[1987-03-01 TO 1987-03-31]", "date:[1987-03-01T00:00:00Z TO 1987-03-31T23:59:59Z]"),
    ("oil date:[1987-04-01 TO 1987-04-30]", "oil date:[1987-04-01T00:00:00Z TO 1987-04-30T23:59:59Z]"),
    ("(coffee OR cocoa) date:[1987-03-01 TO 1987-06-30]",
     "(coffee OR cocoa) date:[1987-03-01T00:00:00Z TO 1987-06-30T23:59:59Z]"),
]
QUICK_QUERIES = 12  # --quick: a spread of the list (every kind of query)


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------
_percentile = corpora.percentile


def dir_size(path: Path) -> int:
    if not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _status_mb(key: str) -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def rss_now_mb() -> float:
    return _status_mb("VmRSS")


def peak_rss_mb() -> float:
    """This process's peak RSS since it started: VmHWM, the high-water mark
    of its own address space.  (ru_maxrss is not used: Linux carries the
    parent's RSS at fork over the exec, so a worker started by a large parent
    would report at least the parent's size.)"""
    peak = _status_mb("VmHWM")
    if peak != peak:  # no /proc: ru_maxrss, with that caveat
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


def raw_query(spec) -> tuple[str, dict]:
    return (spec, {}) if isinstance(spec, str) else (spec[0], dict(spec[1]))


def parse_size(text: str) -> dict:
    """'reuters', 'reuters:N' or '<N>k' -> {name, kind, count}."""
    text = text.strip().lower()
    if text == "reuters":
        return {"name": "reuters", "kind": "reuters", "count": None}
    found = re.fullmatch(r"reuters:(\d+)", text)
    if found:
        return {"name": f"reuters-{found.group(1)}", "kind": "reuters", "count": int(found.group(1))}
    found = re.fullmatch(r"(\d+)k", text)
    if found:
        return {"name": f"{found.group(1)}k", "kind": "variants", "count": int(found.group(1)) * 1000}
    raise SystemExit(f"bench: unknown size {text!r} (use reuters, reuters:N or <N>k)")


# ---------------------------------------------------------------------------
# Corpora (cached under the workdir)
# ---------------------------------------------------------------------------
def prepare_corpus(size: dict, workdir: Path) -> tuple[Path, int, float]:
    """(folder, articles, seconds spent generating; 0 if cached)."""
    base = workdir / "corpora"
    base.mkdir(parents=True, exist_ok=True)
    if size["kind"] == "reuters":
        folder = base / ("reuters" if size["count"] is None else f"reuters-{size['count']}")
        params = {"version": CORPUS_VERSION, "kind": "reuters", "limit": size["count"]}
    else:
        folder = base / f"variants-{size['count']}"
        params = {"version": CORPUS_VERSION, "kind": "variants", "total": size["count"], "per_file": 1000,
                  "seed": 1987}
    stamp = folder.with_name(folder.name + ".done.json")
    if stamp.exists() and folder.exists():
        saved = json.loads(stamp.read_text())
        if saved.get("params") == params:
            return folder, saved["count"], 0.0
    shutil.rmtree(folder, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    print(f"  [{size['name']}] writing the corpus to {folder}...", file=sys.stderr, flush=True)
    # In a subprocess: this process, which starts every worker, stays small.
    done = run_worker(task="corpus", backend="-", folder=str(folder), params=params)
    stamp.write_text(json.dumps({"params": params, "count": done["count"], "seconds": done["seconds"],
                                 "peak_rss_mb": done["peak_rss_mb"]}))
    return folder, done["count"], done["seconds"]


def work_corpus(spec) -> dict:
    folder, params = Path(spec["folder"]), spec["params"]
    started = time.perf_counter()
    if params["kind"] == "reuters":
        count = corpora.convert_reuters(folder, limit=params["limit"])
    else:
        count = corpora.write_reuters_variants(folder, params["total"], per_file=params["per_file"],
                                               seed=params["seed"])
    return {"count": count, "seconds": time.perf_counter() - started}


# ---------------------------------------------------------------------------
# Workers: each runs in its own subprocess
# ---------------------------------------------------------------------------
def _open_newsdesk(spec):
    os.environ["NEWSDESK_DISABLE"] = DISABLED_PLUGINS
    from newsdesk.plugins.manager import PluginHost, set_current_host
    from newsdesk.search import open_corpus

    host = PluginHost(third_party=False)
    set_current_host(host)
    options = {"dsn": spec["dsn"]} if spec.get("dsn") else {}
    return open_corpus(spec["folder"], index_dir=spec["index"], extensions=host.extensions(),
                       backend=spec["backend"], backend_options=options)


def raw_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_date_field("date", stored=True, indexed=True, fast=True)
    return builder.build()


def work_index(spec) -> dict:
    backend, folder, index = spec["backend"], Path(spec["folder"]), Path(spec["index"])
    out: dict = {}
    if backend == RAW:
        import tantivy

        index.mkdir(parents=True, exist_ok=True)
        out["rss_before_mb"] = rss_now_mb()
        started = time.perf_counter()
        ix = tantivy.Index(raw_schema(), path=str(index))
        writer = ix.writer(HEAP_BYTES, 1)
        count = 0
        for record in corpora.iter_records(folder):
            fields = {"id": record["id"], "title": record["title"], "body": record["body"]}
            if record["date"] is not None:
                fields["date"] = record["date"]
            writer.add_document(tantivy.Document(**fields))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        out["seconds"] = time.perf_counter() - started
        out["documents"] = count
        out["bytes"] = dir_size(index)
        return out
    corpus = _open_newsdesk(spec)
    out["rss_before_mb"] = rss_now_mb()
    started = time.perf_counter()
    report = corpus.update()
    out["seconds"] = time.perf_counter() - started
    out["documents"] = report.articles
    out["skipped"] = len(report.skipped)
    out["skipped_examples"] = [list(map(str, s)) for s in report.skipped[:5]]
    try:
        out["bytes"] = int(corpus.backend.status().get("size_bytes") or 0)
    except Exception as error:  # noqa: BLE001 - a size is a courtesy
        out["bytes"] = 0
        out["size_error"] = f"{type(error).__name__}: {error}"
    if backend == "postgres":
        out["bytes_local"] = dir_size(index)
    corpus.close()
    return out


def _runner(spec):
    """(run(query spec) -> (total, [(id, snippet)]), close)."""
    if spec["backend"] == RAW:
        import tantivy

        ix = tantivy.Index(raw_schema(), path=spec["index"], reuse=True)
        ix.reload()
        searcher = ix.searcher()
        schema = ix.schema

        def parse(text, options):
            kwargs = {"field_boosts": {"title": 2.0}, "conjunction_by_default": True, "allow_regexes": True}
            if options.get("fuzzy"):
                distance = int(options["fuzzy"])
                kwargs["fuzzy_fields"] = {"title": (False, distance, False), "body": (False, distance, False)}
            return ix.parse_query(text, ["title", "body"], **kwargs)

        def run(query_spec):
            text, options = raw_query(query_spec)
            query = parse(text, options)
            found = searcher.search(query, LIMIT, count=True)
            generator = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
            generator.set_max_num_chars(SNIPPET_CHARS)
            hits = []
            for _score, address in found.hits:
                doc = searcher.doc(address)
                hits.append((doc.get_first("id"), generator.snippet_from_doc(doc).to_html()))
            return found.count, hits

        run.parse = parse
        run.searcher = searcher
        run.schema = schema
        return run, lambda: None
    corpus = _open_newsdesk(spec)

    def run(query):
        results = corpus.search(query, limit=LIMIT)
        return results.total, [(h.id, h.snippet.text) for h in results.hits]

    run.corpus = corpus
    return run, corpus.close


class StepTimer:
    """Exclusive time per named step: a wrapped call's time, less the time of
    wrapped calls made inside it."""

    def __init__(self):
        self.spent: dict[str, float] = {}
        self._stack: list[float] = []

    def wrap(self, name: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            self._stack.append(0.0)
            try:
                result = function(*args, **kwargs)
            finally:
                inner = self._stack.pop()
                elapsed = time.perf_counter() - started
                self.spent[name] = self.spent.get(name, 0.0) + (elapsed - inner) * 1000
                if self._stack:
                    self._stack[-1] += elapsed
            if name == "snippet set-up" and callable(result):
                return self.wrap("snippets (tantivy, per hit)", result)  # _snippets returns the per-hit function
            return result
        return wrapper


TANTIVY_STEPS = ("whoosh parse", "translate", "tantivy search, docs, rest", "bodies (article store)",
                 "snippet set-up", "snippets (tantivy, per hit)", "snippet conversion",
                 "snippets (whoosh highlighter)", "hits")


def _breakdown_tantivy(run, queries: list[str], rounds: int) -> dict:
    """Per query, the median ms of each step of `corpus.search` on the tantivy
    backend, timed where the backend makes its calls (whichever of them this
    version of the backend makes): whoosh's parse, the translation, the body
    fetch from the article store, tantivy's snippet generator (with the
    generator's set-up), the conversion of its snippets to newsdesk's, whoosh's
    highlighter (and the body analysis for wildcard and fuzzy terms' words),
    building hits; "tantivy search, docs, rest" is what remains
    (tantivy's search with count, the stored documents, the engine's own
    overhead).  tantivy's search with count and the 10 stored documents are
    also timed alone, with the same translated query."""
    import importlib

    module = importlib.import_module(type(run.corpus._current_reader()).__module__)
    corpus = run.corpus
    reader = corpus._current_reader()
    timer = StepTimer()
    patched_module = {}
    for name, step in (("highlight_terms", "snippets (whoosh highlighter)"),
                       ("expanded_terms", "snippets (whoosh highlighter)"),
                       ("tantivy_snippet", "snippet conversion"), ("make_hit", "hits")):
        if hasattr(module, name):
            patched_module[name] = getattr(module, name)
            setattr(module, name, timer.wrap(step, patched_module[name]))
    patched = []
    for obj, name, step in ((corpus, "_parse", "whoosh parse"), (reader, "_query", "translate"),
                            (reader, "_snippets", "snippet set-up"),
                            (corpus._store, "bodies", "bodies (article store)")):
        if hasattr(obj, name):
            setattr(obj, name, timer.wrap(step, getattr(obj, name)))
            patched.append((obj, name))
    per_query, alone = {}, {}
    try:
        for q in queries:
            samples = {s: [] for s in TANTIVY_STEPS}
            for _ in range(rounds):
                timer.spent = {}
                started = time.perf_counter()
                corpus.search(q, limit=LIMIT)
                total = (time.perf_counter() - started) * 1000
                spent = {s: timer.spent.get(s, 0.0) for s in TANTIVY_STEPS}
                spent["tantivy search, docs, rest"] = total - sum(spent.values())
                for step, ms in spent.items():
                    samples[step].append(ms)
            per_query[q] = {s: statistics.median(v) for s, v in samples.items()}
    finally:
        for obj, name in patched:
            vars(obj).pop(name, None)
        for name, function in patched_module.items():
            setattr(module, name, function)
    for q in queries:  # tantivy's own calls, alone
        translated = reader._query(corpus._parse(q))
        search_ms, docs_ms = [], []
        for _ in range(rounds):
            t0 = time.perf_counter()
            found = reader.searcher.search(translated, LIMIT, count=True)
            t1 = time.perf_counter()
            for _key, address in found.hits:
                reader.searcher.doc(address)
            t2 = time.perf_counter()
            search_ms.append((t1 - t0) * 1000)
            docs_ms.append((t2 - t1) * 1000)
        alone[q] = {"search+count": statistics.median(search_ms), "stored docs": statistics.median(docs_ms)}
    return {"steps": list(TANTIVY_STEPS), "per_query": per_query, "alone": alone,
            "patched": [name for _, name in patched] + list(patched_module),
            "mean_ms": {s: statistics.fmean(p[s] for p in per_query.values()) for s in TANTIVY_STEPS},
            "alone_mean_ms": {k: statistics.fmean(a[k] for a in alone.values())
                              for k in ("search+count", "stored docs")}}


def _breakdown_raw(run, queries: list, rounds: int) -> dict:
    import tantivy

    searcher, schema = run.searcher, run.schema
    steps = ("parse", "search+count", "documents", "snippets")
    per_query = {}
    for query_spec in queries:
        text, options = raw_query(query_spec)
        samples = {s: [] for s in steps}
        for _ in range(rounds):
            t0 = time.perf_counter()
            query = run.parse(text, options)
            t1 = time.perf_counter()
            found = searcher.search(query, LIMIT, count=True)
            t2 = time.perf_counter()
            docs = [searcher.doc(address) for _, address in found.hits]
            for doc in docs:  # as the timed run does
                doc.get_first("id")
            t3 = time.perf_counter()
            generator = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
            generator.set_max_num_chars(SNIPPET_CHARS)
            for doc in docs:
                generator.snippet_from_doc(doc).to_html()
            t4 = time.perf_counter()
            for name, a, b in zip(steps, (t0, t1, t2, t3), (t1, t2, t3, t4)):
                samples[name].append((b - a) * 1000)
        per_query[text] = {s: statistics.median(v) for s, v in samples.items()}
    return {"steps": list(steps), "per_query": per_query,
            "mean_ms": {s: statistics.fmean(p[s] for p in per_query.values()) for s in steps}}


PG_STEPS = ("freshness check", "lexicon expansion", "main query", "headlines", "other sql", "python")


def _pg_kind(sql: str) -> str:
    if "ts_headline" in sql or "FROM articles" in sql:
        return "headlines"
    if "FROM docs d" in sql and "LIMIT" in sql:
        return "main query"
    return "other sql"


def _breakdown_postgres(run, queries: list[str], rounds: int, slowest: list[str]) -> dict:
    """Per query, the median ms of the PostgreSQL backend's steps within
    `corpus.search` (its SQL calls timed where the reader makes them; "python"
    is the rest: parsing, translation, hits), and EXPLAIN ANALYZE of the main
    query of the `slowest` queries."""
    corpus = run.corpus
    reader = corpus._current_reader()
    calls: list[tuple] = []

    def timed(kind_of, method):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                calls.append((kind_of(args), (time.perf_counter() - started) * 1000, args))
        return wrapper

    reader._run = timed(lambda args: _pg_kind(args[0]), reader._run)
    reader._expand = timed(lambda args: "lexicon expansion", reader._expand)
    reader.up_to_date = timed(lambda args: "freshness check", reader.up_to_date)
    per_query, main_sql = {}, {}
    try:
        for q in queries:
            samples = {s: [] for s in PG_STEPS}
            for _ in range(rounds):
                calls.clear()
                started = time.perf_counter()
                corpus.search(q, limit=LIMIT)
                total = (time.perf_counter() - started) * 1000
                spent = dict.fromkeys(PG_STEPS, 0.0)
                for kind, ms, args in calls:
                    spent[kind] += ms
                    if kind == "main query":
                        main_sql[q] = args
                spent["python"] = total - sum(v for k, v in spent.items() if k != "python")
                for step, ms in spent.items():
                    samples[step].append(ms)
            per_query[q] = {step: statistics.median(v) for step, v in samples.items()}
    finally:
        for name in ("_run", "_expand", "up_to_date"):
            vars(reader).pop(name, None)
    plans = {}
    for q in slowest:
        if q not in main_sql:
            continue
        sql, params = main_sql[q][0], main_sql[q][1]
        try:
            rows = reader.connection.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall()
            plans[q] = [row[0] for row in rows]
        except Exception as error:  # noqa: BLE001 - a plan is a courtesy
            plans[q] = [f"EXPLAIN failed: {type(error).__name__}: {error}"]
    stats = []
    try:
        stats = [list(map(str, row)) for row in reader.connection.execute(
            "SELECT relname, n_live_tup, last_analyze, last_autoanalyze FROM pg_stat_user_tables"
            " WHERE relname IN ('docs', 'doc_values', 'lexicon', 'articles') ORDER BY relname").fetchall()]
    except Exception as error:  # noqa: BLE001
        stats = [[f"failed: {error}"]]
    return {"steps": list(PG_STEPS), "per_query": per_query,
            "mean_ms": {s: statistics.fmean(p[s] for p in per_query.values()) for s in PG_STEPS},
            "plans": plans, "table_stats": stats}


def work_query(spec) -> dict:
    run, close = _runner(spec)
    raw = spec["backend"] == RAW
    pairs = [(q, r) for q, r in spec["queries"]]
    per_query: dict[str, dict] = {}
    active = []
    for q, r in pairs:  # warm-up, totals
        try:
            total, hits = run(r if raw else q)
        except Exception as error:  # noqa: BLE001 - reported, not fatal
            per_query[q] = {"error": f"{type(error).__name__}: {error}"}
            continue
        per_query[q] = {"total": total, "hits": len(hits), "snippets": sum(1 for _, s in hits if s),
                        "top": [h[0] for h in hits[:3]], "samples_ms": []}
        active.append((q, r))
    for _ in range(spec["rounds"]):
        for q, r in active:
            started = time.perf_counter()
            run(r if raw else q)
            per_query[q]["samples_ms"].append((time.perf_counter() - started) * 1000)
    medians, pooled = [], []
    for q, _ in active:
        entry = per_query[q]
        entry["median_ms"] = statistics.median(entry["samples_ms"])
        medians.append(entry["median_ms"])
        pooled.extend(entry.pop("samples_ms"))
    out = {
        "queries": len(active),
        "errors": sum(1 for e in per_query.values() if e.get("error")),
        "p50_ms": _percentile(medians, 50),
        "p95_ms": _percentile(medians, 95),
        "mean_ms": statistics.fmean(medians) if medians else float("nan"),
        "max_ms": max(medians, default=float("nan")),
        "pooled_p50_ms": _percentile(pooled, 50),
        "pooled_p95_ms": _percentile(pooled, 95),
        "per_query": per_query,
    }
    out["rss_after_queries_mb"] = rss_now_mb()
    if spec.get("breakdown") and spec["backend"] in ("tantivy", "postgres", RAW):
        try:
            if raw:
                out["breakdown"] = _breakdown_raw(run, [r for _, r in active], spec["rounds"])
            elif spec["backend"] == "tantivy":
                out["breakdown"] = _breakdown_tantivy(run, [q for q, _ in active], spec["rounds"])
            else:
                slowest = sorted((q for q, _ in active), key=lambda q: per_query[q]["median_ms"])[-2:]
                out["breakdown"] = _breakdown_postgres(run, [q for q, _ in active], spec["rounds"], slowest)
        except Exception as error:  # noqa: BLE001 - internals may move; the timings above stand
            out["breakdown_error"] = f"{type(error).__name__}: {error}"
    close()
    return out


WORKERS = {"index": work_index, "query": work_query, "corpus": work_corpus}


def worker_main(spec_json: str) -> None:
    spec = json.loads(spec_json)
    result = WORKERS[spec["task"]](spec)
    result["peak_rss_mb"] = peak_rss_mb()
    result["ru_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n@@RESULT@@" + json.dumps(result))


class ServerMemory:
    """Samples the PSS (and RSS) summed over a PostgreSQL server's processes."""

    def __init__(self, pid_file: Path | None, interval: float = 0.25):
        self.pid_file, self.interval = pid_file, interval
        self.peak_pss = self.peak_rss = 0.0
        self.last: dict = {}
        self._stop = threading.Event()
        self._thread = None

    def pids(self) -> list[int]:
        try:
            root = int(self.pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError, AttributeError):
            return []
        found = [root]
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == root:
                found.append(int(entry.name))
        return found

    def sample(self) -> dict:
        pss = rss = 0.0
        processes = 0
        for pid in self.pids():
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
                values = {line.split(":")[0]: int(line.split()[1]) for line in text.splitlines()[1:]
                          if line.split() and line.split()[-1] == "kB"}
                pss += values.get("Pss", 0) / 1024
                rss += values.get("Rss", 0) / 1024
                processes += 1
            except (OSError, ValueError):
                continue
        self.last = {"pss_mb": pss, "rss_mb": rss, "processes": processes}
        self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
        return self.last

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> "ServerMemory":
        if self.pid_file is not None:
            self.sample()
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self.sample()

    def result(self) -> dict | None:
        if self.pid_file is None:
            return None
        return {"peak_pss_mb": self.peak_pss, "peak_rss_sum_mb": self.peak_rss, "end": self.last}


def run_worker(pg_pid_file: Path | None = None, **spec) -> dict:
    started = time.perf_counter()
    memory = ServerMemory(pg_pid_file if spec["backend"] == "postgres" else None)
    with memory:
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0 or "@@RESULT@@" not in proc.stdout:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"bench: the {spec['task']} worker for {spec['backend']} failed (exit {proc.returncode})")
    result = json.loads(proc.stdout.rsplit("@@RESULT@@", 1)[1])
    result["process_seconds"] = time.perf_counter() - started
    if memory.result():
        result["server_memory"] = memory.result()
    if proc.stderr.strip():
        result["stderr_tail"] = proc.stderr[-1500:]
    return result


# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------
class Postgres:
    """The server the run uses: a throwaway one (tests/pgserver.py) or --dsn."""

    def __init__(self, dsn: str | None, settings: dict[str, str]):
        self.external_dsn, self.settings = dsn, settings
        self.server = None

    def __enter__(self) -> "Postgres":
        if self.external_dsn:
            return self
        sys.path.insert(0, str(HERE.parent / "tests"))
        import pgserver  # tests/pgserver.py

        problem = pgserver.available()
        if problem:
            raise SystemExit(f"bench: cannot start PostgreSQL: {problem} (run `make tools`, or pass --dsn)")
        if self.settings:
            pgserver.SETTINGS = {**pgserver.SETTINGS, **self.settings}
        self.server = pgserver.TemporaryPostgres().start()
        return self

    def __exit__(self, *exc) -> None:
        if self.server is not None:
            self.server.stop()

    @property
    def dsn(self) -> str:
        return self.external_dsn or self.server.dsn

    @property
    def pid_file(self) -> Path | None:
        return None if self.server is None else self.server.dir / "data" / "postmaster.pid"

    def database(self, name: str) -> str:
        """A fresh database `name` (dropped first if it exists); its DSN."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        base = self.dsn.rsplit("/", 1)[0] if re.match(r"^postgres(ql)?://", self.dsn) else None
        if base is None:
            raise SystemExit("bench: --dsn must be a URL (postgresql://user@host:port/db)")
        query = ""
        if "?" in self.dsn.rsplit("/", 1)[1]:
            query = "?" + self.dsn.rsplit("?", 1)[1]
        return f"{base}/{name}{query}"

    def drop(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def info(self, dsn: str) -> dict:
        import psycopg

        out = {}
        with psycopg.connect(dsn, autocommit=True) as conn:
            out["version"] = conn.execute("SHOW server_version").fetchone()[0]
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "maintenance_work_mem",
                         "max_parallel_workers_per_gather"):
                out[name] = conn.execute(f"SHOW {name}").fetchone()[0]
            out["database_bytes"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        return out


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------
def _ratio(a, b) -> float:
    try:
        return a / b if b else float("nan")
    except TypeError:
        return float("nan")


def conformance(res: dict) -> list[dict]:
    compared = [b for b in BACKENDS if b in res["query"]]
    rows = []
    for q in res["queries"]:
        totals = {b: res["query"][b]["per_query"].get(q, {}) for b in compared}
        values = {b: (t["total"] if "total" in t else f"error: {t.get('error')}") for b, t in totals.items()}
        if len(set(map(str, values.values()))) > 1:
            raw = res["query"][RAW]["per_query"].get(q, {}).get("total")
            rows.append({"query": q, **values, "raw": raw})
    return rows


def print_size(name: str, res: dict, rounds: int) -> None:
    idx, qry = res["index"], res["query"]
    present = [b for b in (*BACKENDS, RAW) if b in idx]
    print(f"\n== {name}: {res['articles']:,} articles ({res['folder']}) ==")
    if res.get("skipped"):
        for backend, why in res["skipped"].items():
            print(f"  {LABELS[backend]}: skipped ({why})")
    nq = qry[RAW]["queries"]
    print(f"\nIndex: update() from nothing (raw: read + add + commit); fresh process per backend.  "
          f"Query: corpus.search(q, limit={LIMIT}), total + snippets;\n"
          f"median of {rounds} rounds per query after a warm-up, p50/p95 over the {nq} queries.  "
          f"Ratios: backend / raw tantivy.")
    header = (f"  {'backend':<12}{'docs':>9}{'index s':>9}{'size MB':>9}{'idx RSS':>9}{'qry RSS':>9}"
              f"{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}{'index x':>9}{'p50 x':>8}{'p95 x':>8}")
    print(header)
    raw_i, raw_q = idx[RAW], qry[RAW]
    for b in present:
        i, q = idx[b], qry[b]
        extra = f"   ({q['errors']} query errors)" if q.get("errors") else ""
        if i.get("skipped"):
            extra += f"   ({i['skipped']} files/records skipped)"
        print(f"  {LABELS[b]:<12}{i['documents']:>9,}{i['seconds']:>9.1f}{i['bytes'] / 1e6:>9.1f}"
              f"{i['peak_rss_mb']:>9.0f}{q['peak_rss_mb']:>9.0f}{q['p50_ms']:>9.2f}{q['p95_ms']:>9.2f}"
              f"{q['mean_ms']:>9.2f}{_ratio(i['seconds'], raw_i['seconds']):>8.2f}x"
              f"{_ratio(q['p50_ms'], raw_q['p50_ms']):>7.2f}x{_ratio(q['p95_ms'], raw_q['p95_ms']):>7.2f}x{extra}")
    print("  (RSS in MB: peak RSS (VmHWM) of the indexing / querying process, interpreter and imports included;"
          " size: index + article store on disk, PostgreSQL: its relations)")
    for b in present:
        before = idx[b].get("rss_before_mb")
        if before:
            print(f"    {LABELS[b]}: RSS {before:.0f} MB after imports and opening, before indexing")
    if "postgres" in idx:
        pg_i, pg_q = idx["postgres"], qry["postgres"]
        info = res.get("postgres_info") or {}
        line = (f"  PostgreSQL server {info.get('version', '?')}: shared_buffers {info.get('shared_buffers', '?')}, "
                f"work_mem {info.get('work_mem', '?')}, database {info.get('database_bytes', 0) / 1e6:,.0f} MB")
        print(line)
        for label, r in (("indexing", pg_i), ("querying", pg_q)):
            mem = r.get("server_memory")
            if mem:
                print(f"    server memory while {label}: peak {mem['peak_pss_mb']:.0f} MB PSS summed over its "
                      f"processes (RSS summed: {mem['peak_rss_sum_mb']:.0f} MB, counts shared memory once per "
                      f"process); at the end {mem['end'].get('pss_mb', 0):.0f} MB PSS, "
                      f"{mem['end'].get('processes', 0)} processes")
    # Targets
    print("\n  Targets:")
    if "tantivy" in qry:
        t = qry["tantivy"]
        r50, r95 = _ratio(t["p50_ms"], raw_q["p50_ms"]), _ratio(t["p95_ms"], raw_q["p95_ms"])
        for label, r in (("p50", r50), ("p95", r95)):
            verdict = "PASS" if r <= TARGET_TANTIVY_RATIO else "MISS"
            print(f"    tantivy backend {label} within {TARGET_TANTIVY_RATIO}x of raw tantivy: {r:.2f}x  {verdict}")
    if "postgres" in qry:
        p95 = qry["postgres"]["p95_ms"]
        verdict = "PASS" if p95 < TARGET_PG_P95_MS else "MISS"
        scope = "" if res["articles"] >= TARGET_PG_ARTICLES else \
            f" (the target is for {TARGET_PG_ARTICLES:,} articles; shown for reference)"
        print(f"    postgres p95 under {TARGET_PG_P95_MS:.0f} ms: {p95:.1f} ms  {verdict}{scope}")

    # Slowest queries
    print("\n  Slowest queries (median ms):")
    for b in present:
        per = qry[b]["per_query"]
        slow = sorted(((e["median_ms"], q) for q, e in per.items() if "median_ms" in e), reverse=True)[:4]
        print(f"    {LABELS[b]:<12}" + "; ".join(f"{q!r} {m:.1f}" for m, q in slow))
    for b in present:
        errors = [(q, e["error"]) for q, e in qry[b]["per_query"].items() if "error" in e]
        for q, e in errors:
            print(f"    {LABELS[b]} error on {q!r}: {e}")

    # Breakdowns
    print("\n  Where the time goes (each step's median per query, then the mean over queries, ms):")
    for b in ("tantivy", RAW, "postgres"):
        br = qry.get(b, {}).get("breakdown")
        if br:
            total = sum(br["mean_ms"].values())
            parts = ", ".join(f"{s} {br['mean_ms'][s]:.2f} ({br['mean_ms'][s] / total:.0%})" for s in br["steps"])
            print(f"    {LABELS[b]:<12}{parts}; sum {total:.2f}")
            if br.get("alone_mean_ms"):
                print(f"    {'':<12}(tantivy's calls alone, same queries: " + ", ".join(
                    f"{k} {v:.2f}" for k, v in br["alone_mean_ms"].items()) + ")")
        elif qry.get(b, {}).get("breakdown_error"):
            print(f"    {LABELS[b]:<12}not measured ({qry[b]['breakdown_error']})")
    br = qry.get("postgres", {}).get("breakdown")
    if br:
        slow = sorted(br["per_query"].items(), key=lambda item: -sum(item[1].values()))[:4]
        for q, steps in slow:
            print(f"      postgres {q!r}: " + ", ".join(f"{s} {steps[s]:.1f}" for s in br["steps"] if steps[s] >= 0.05))
        for row in br.get("table_stats", []):
            print(f"      table {' / '.join(row)}  (name / live rows / last analyze / last autoanalyze)")
        for q, plan in list(br.get("plans", {}).items())[-1:]:
            print(f"      EXPLAIN (ANALYZE, BUFFERS) of the main query of {q!r}:")
            for line in plan[:18]:
                print(f"        {line[:150]}")

    # Conformance
    compared = [b for b in BACKENDS if b in qry]
    mism = res["mismatches"]
    print(f"\n  Totals ({', '.join(compared)}): {len(mism)} mismatching queries of {len(res['queries'])}")
    for row in mism:
        print(f"    {row['query']!r}: " + " / ".join(f"{b} {row[b]}" for b in compared) + f"  (raw tantivy {row['raw']})")
    zero = [q for q, e in qry[compared[0]]["per_query"].items() if e.get("total") == 0] if compared else []
    if zero:
        print(f"    {compared[0]} found nothing for: {', '.join(map(repr, zero))}")
    totals = "; ".join(f"{q!r} {qry[compared[0]]['per_query'][q].get('total')}/{qry[RAW]['per_query'].get(q, {}).get('total')}"
                       for q in res["queries"][:8]) if compared else ""
    if totals:
        print(f"    first totals, {compared[0]}/raw tantivy (raw analyses differently): {totals}")


def bench_size(size: dict, args, pg: Postgres | None, workdir: Path) -> dict:
    name = size["name"]
    folder, count, gen_seconds = prepare_corpus(size, workdir)
    queries = QUERIES
    if args.quick:
        step = max(1, len(QUERIES) // QUICK_QUERIES)
        queries = QUERIES[::step][:QUICK_QUERIES]
    res = {"folder": str(folder), "articles": count, "generated_seconds": gen_seconds,
           "queries": [q for q, _ in queries], "raw_queries": {q: r for q, r in queries},
           "index": {}, "query": {}, "skipped": {}}
    backends = [b for b in BACKENDS if b in args.backends]
    if "whoosh" in backends and count >= WHOOSH_MAX_DEFAULT and not args.whoosh_200k:
        backends.remove("whoosh")
        res["skipped"]["whoosh"] = (f"{count:,} articles: whoosh takes half an hour or more here; "
                                    "--whoosh-200k includes it")
        print(f"  [{name}] whoosh skipped at {count:,} articles (--whoosh-200k includes it)",
              file=sys.stderr, flush=True)
    index_root = workdir / "indexes" / name
    db_name = "bench_" + re.sub(r"[^a-z0-9_]", "_", name)
    for backend in (RAW, *backends):
        index = index_root / backend
        shutil.rmtree(index, ignore_errors=True)
        spec = dict(backend=backend, folder=str(folder), index=str(index))
        pid_file = None
        if backend == "postgres":
            spec["dsn"] = pg.database(db_name)
            pid_file = pg.pid_file
        print(f"  [{name}] indexing with {LABELS[backend]}...", file=sys.stderr, flush=True)
        res["index"][backend] = run_worker(task="index", pg_pid_file=pid_file, **spec)
        print(f"  [{name}]   {res['index'][backend]['seconds']:.1f} s", file=sys.stderr, flush=True)
        print(f"  [{name}] querying {LABELS[backend]} ({len(queries)} queries x {args.rounds} rounds)...",
              file=sys.stderr, flush=True)
        res["query"][backend] = run_worker(task="query", pg_pid_file=pid_file, queries=queries,
                                           rounds=args.rounds, breakdown=True, **spec)
        if backend == "postgres":
            res["postgres_info"] = pg.info(spec["dsn"])
            if not args.keep:
                pg.drop(db_name)
        if not args.keep:
            shutil.rmtree(index, ignore_errors=True)
    res["mismatches"] = conformance(res)
    return res


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="reuters,200k",
                        help="comma-separated: reuters, reuters:N (first N records), <N>k (variants); "
                             "default reuters,200k")
    parser.add_argument("--backends", default=",".join(BACKENDS),
                        help="comma-separated newsdesk backends (raw tantivy, the baseline, always runs)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per query (default 5)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR,
                        help=f"generated corpora (cached) and indexes (default {DEFAULT_WORKDIR})")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke test: 2,000 Reuters articles, {QUICK_QUERIES} queries, 2 rounds")
    parser.add_argument("--whoosh-200k", action="store_true",
                        help=f"also run whoosh at {WHOOSH_MAX_DEFAULT:,} articles and more (slow)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the indexes (and, with --dsn, the PostgreSQL databases)")
    parser.add_argument("--dsn", help="use this PostgreSQL server (a database per size is created on it) "
                                      "instead of a throwaway one")
    parser.add_argument("--pg-set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the throwaway PostgreSQL server (repeatable)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_main(args.worker)
        return

    if args.quick:
        args.sizes = "reuters:2000"
        args.rounds = min(args.rounds, 2)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    args.backends = {b.strip() for b in args.backends.split(",") if b.strip()} - {RAW, "raw tantivy"}
    unknown = args.backends - set(BACKENDS)
    if unknown:
        raise SystemExit(f"bench: unknown backend(s): {', '.join(sorted(unknown))} (use {', '.join(BACKENDS)})")
    settings = {}
    for item in args.pg_set:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"bench: --pg-set wants NAME=VALUE, not {item!r}")
        settings[key.strip()] = value.strip()
    workdir = args.workdir.expanduser().resolve()
    repo = HERE.parent.resolve()
    if workdir == repo or repo in workdir.parents:
        raise SystemExit("bench: --workdir must be outside the repository (corpora and indexes are large)")
    workdir.mkdir(parents=True, exist_ok=True)

    import whoosh

    started = time.perf_counter()
    results = {"git_start": git_state(), "python": platform.python_version(), "whoosh": whoosh.versionstring(),
               "tantivy": _version("tantivy"), "psycopg": _version("psycopg"), "cpus": os.cpu_count(),
               "rounds": args.rounds, "workdir": str(workdir), "sizes": {},
               "targets": {"tantivy_ratio": TARGET_TANTIVY_RATIO, "postgres_p95_ms": TARGET_PG_P95_MS,
                           "postgres_articles": TARGET_PG_ARTICLES}}
    pg_context = Postgres(args.dsn, settings) if "postgres" in args.backends else None
    try:
        if pg_context is not None:
            pg_context.__enter__()
            results["postgres_server"] = "external (--dsn)" if args.dsn else "throwaway (tests/pgserver.py)"
            results["postgres_settings"] = settings
        for size in sizes:
            results["sizes"][size["name"]] = bench_size(size, args, pg_context, workdir)
    finally:
        if pg_context is not None:
            pg_context.__exit__(None, None, None)
        if not args.keep:
            shutil.rmtree(workdir / "indexes", ignore_errors=True)
    results["seconds"] = time.perf_counter() - started
    results["git_end"] = git_state()

    print(f"newsdesk backend benchmark: Python {results['python']}, whoosh-reloaded {results['whoosh']}, "
          f"tantivy {results['tantivy']}, psycopg {results['psycopg']}, {results['cpus']} CPUs")
    changed = "" if results["git_end"] == results["git_start"] else f"; at the end: {results['git_end']}"
    print(f"engine: git {results['git_start']}{changed}")
    for name, res in results["sizes"].items():
        print_size(name, res, args.rounds)
    print("\nSummary:")
    for name, res in results["sizes"].items():
        raw_q = res["query"][RAW]
        parts = []
        if "tantivy" in res["query"]:
            t = res["query"]["tantivy"]
            parts.append(f"tantivy/raw p50 {_ratio(t['p50_ms'], raw_q['p50_ms']):.2f}x, "
                         f"p95 {_ratio(t['p95_ms'], raw_q['p95_ms']):.2f}x")
        if "postgres" in res["query"]:
            parts.append(f"postgres p95 {res['query']['postgres']['p95_ms']:.1f} ms")
        parts.append(f"{len(res['mismatches'])} total mismatches")
        print(f"  {name} ({res['articles']:,} articles): " + "; ".join(parts))
    print(f"\nwhole run: {results['seconds']:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        print(f"results written to {args.json}")


def git_state() -> str:
    """HEAD and the engine's uncommitted files: what the run measured."""
    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True, text=True,
                                  timeout=30).stdout.rstrip("\n")
        except (OSError, subprocess.SubprocessError):
            return ""
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = [line[3:] for line in git("status", "--porcelain", "--", "search", "plugins", "newsdesk").splitlines()]
    return head + (f" + uncommitted {', '.join(dirty)}" if dirty else "")


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


if __name__ == "__main__":
    main()
