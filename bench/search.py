"""Search benchmark: newsdesk against raw whoosh and SQLite FTS5 doing the same work.

Run from the repository root:

    .venv/bin/python bench/search.py                 # or: make bench
    .venv/bin/python bench/search.py --corpus bbc --queries 20 --json /tmp/bench.json

For each corpus (BBC, indexed in place; Reuters-21578, whose 19,043 records with
a body are first converted to one .json file each in a temporary folder), and
for each system, it measures:

1. Indexing: wall time, index size on disk, and the peak resident memory of the
   process that built it.  Every system builds its index in a fresh subprocess
   (peak RSS is that process's `ru_maxrss`, interpreter and imports included).
   - newsdesk: `open_corpus(folder, index_dir=...).update()` (reading, ingest,
     article store, whoosh index).
   - raw whoosh: the same files split simply into title and body, added with one
     writer (limitmb=128, one commit) to a schema with the fields and analyzers
     of newsdesk's `build_schema()`, except that the body is stored so whoosh
     can highlight it.
   - SQLite FTS5 (stdlib sqlite3): the same documents in an FTS5 table,
     tokenize='porter unicode61 remove_diacritics 2', ranked by bm25 with the
     title weighted 2 like newsdesk's title boost.
2. Query latency over the queries in bench/queries.txt (terms, AND, OR, phrases,
   NOT, wildcards, fuzzy terms, field queries; date ranges on Reuters only).
   Each system answers in a fresh subprocess: every query once to warm up, then
   `--rounds` rounds; a query's latency is its median over the rounds, and p50 /
   p95 / mean are taken over the queries.  The work per query:
   - newsdesk: `corpus.search(q, limit=10)`: hits with a highlighted snippet and
     an exact total.
   - raw whoosh: the same MultifieldParser over title/body (title boost 2,
     FuzzyTermPlugin, GtLtPlugin), the top 10, the stored fields of the 10 hits,
     `hit.highlights("body", top=1)` (same fragmenter settings as newsdesk), and
     the exact total `len(results)`.  The top 10 come from
     `searcher.search_with_collector(q, TopCollector(limit=10, replace=0,
     usequality=False))`:
     with whoosh's default matcher replacement, `len(results)` undercounts
     queries with NOT or a date range (whoosh-reloaded 2.7.5).
   - whoosh len(): the same, but with the plain `searcher.search(q, limit=10)`;
     faster on some queries, and its totals are wrong on some.  Shown for
     reference; the target ratio is against the exact raw whoosh.
   - FTS5: `MATCH` with the query translated simply, `ORDER BY rank LIMIT 10`
     with `snippet()`, and a `COUNT(*)`.  Queries FTS5 cannot express (fuzzy
     terms, a date range alone) are skipped and counted.
   The ratio newsdesk / raw whoosh is reported for p50 and p95 (target <= 1.2x).
   Totals are compared across systems; mismatches are listed.
3. Incremental re-index (Reuters folder, newsdesk only): after the full index, a
   no-op `update()` (nothing changed), then one file modified (a sentence
   appended) and `update()` timed again (target < 2 s), each in a fresh process
   as the CLI would run it.

Flags: --corpus bbc|reuters|all (default all), --queries N (first N queries),
--rounds N, --json PATH (write all results), --keep (keep the temporary
indexes).  A full run takes several minutes; everything runs sequentially.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no bench/__pycache__ from importing corpora

import corpora  # noqa: E402  (bench/corpora.py)

SYSTEMS = ("newsdesk", "whoosh", "fts5")  # indexing
QUERY_SYSTEMS = ("newsdesk", "whoosh", "whoosh-len", "fts5")  # querying; whoosh-len uses whoosh's index
LABELS = {"newsdesk": "newsdesk", "whoosh": "raw whoosh", "whoosh-len": "whoosh len()", "fts5": "SQLite FTS5"}
QUERIES_FILE = HERE / "queries.txt"
LIMIT = 10
TARGET_QUERY_RATIO = 1.2
TARGET_INCREMENTAL_S = 2.0
APPENDED = " This sentence was appended by the newsdesk benchmark zzbenchmarker."


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------
def load_queries(path: Path = QUERIES_FILE) -> list[dict]:
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        dated = line.startswith("[dated] ")
        queries.append({"q": line[len("[dated] "):] if dated else line, "dated": dated})
    return queries


def fts5_translate(query: str) -> tuple[str, tuple[str, str] | None] | None:
    """(MATCH expression, (date from, date to) or None), or None if FTS5 cannot say it."""
    import re

    if "~" in query or "?" in query or re.search(r"\*\w", query):
        return None  # fuzzy terms, inner wildcards
    dates = None
    found = re.search(r"date:\[\s*(\S*)\s+TO\s+(\S*)\s*\]", query, re.IGNORECASE)
    if found:
        dates = (found.group(1) or "0000-00-00", found.group(2) or "9999-99-99")
        query = (query[:found.start()] + query[found.end():]).strip()
    if "date:" in query or not query or query.upper().startswith("NOT "):
        return None  # a date range alone has nothing to MATCH (and no rank)
    return query, dates


# ---------------------------------------------------------------------------
# Workers: each runs in its own subprocess
# ---------------------------------------------------------------------------
def raw_whoosh_schema():
    """newsdesk's build_schema() fields and analyzers, with the body stored."""
    from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
    from whoosh.columns import NumericColumn
    from whoosh.fields import DATETIME, ID, TEXT, Schema
    from whoosh.support.charset import accent_map

    prose = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StemFilter()
    names = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        title=TEXT(analyzer=prose, stored=True, field_boost=2.0),
        author=TEXT(analyzer=names, stored=True),
        outlet=TEXT(analyzer=names, stored=True),
        date=DATETIME(stored=True, sortable=NumericColumn("Q", default=0)),
        body=TEXT(analyzer=prose, stored=True),
        spell=TEXT(analyzer=names),
    )


def raw_whoosh_parser(schema):
    from whoosh import qparser
    from whoosh.qparser import MultifieldParser

    parser = MultifieldParser(["title", "body"], schema, fieldboosts={"title": 2.0})
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    return parser


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _newsdesk_corpus(spec):
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.search import open_corpus

    readers = PluginHost(third_party=False).readers()
    return open_corpus(spec["folder"], index_dir=spec["index"], readers=readers)


def work_index(spec) -> dict:
    system, folder, index = spec["system"], Path(spec["folder"]), Path(spec["index"])
    out: dict = {}
    if system == "newsdesk":
        corpus = _newsdesk_corpus(spec)
        started = time.perf_counter()
        report = corpus.update()
        out["seconds"] = time.perf_counter() - started
        out["documents"] = report.articles
        out["skipped"] = len(report.skipped)
        out["skipped_examples"] = [list(s) for s in report.skipped[:5]]
        corpus.close()
        out["bytes_whoosh"] = dir_size(corpus.backend.whoosh_dir)
        out["bytes_store"] = sum(dir_size(p) for p in index.glob("articles.sqlite*"))
    elif system == "whoosh":
        from whoosh import index as windex

        index.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        ix = windex.create_in(str(index), raw_whoosh_schema())
        writer = ix.writer(limitmb=128)
        count = 0
        for doc in corpora.iter_documents(folder):
            fields = {"id": doc["id"], "path": doc["path"], "title": doc["title"], "author": "",
                      "outlet": "", "body": doc["body"], "spell": f"{doc['title']}\n{doc['body']}"}
            if doc["date"]:
                fields["date"] = doc["date"]
            writer.add_document(**fields)
            count += 1
        writer.commit()
        out["seconds"] = time.perf_counter() - started
        out["documents"] = count
        ix.close()
    elif system == "fts5":
        index.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        db = sqlite3.connect(index / "fts.sqlite")
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, date UNINDEXED, "
                   "tokenize='porter unicode61 remove_diacritics 2')")
        db.execute("INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(0.0, 2.0, 1.0, 0.0)')")
        db.executemany("INSERT INTO docs(id, title, body, date) VALUES (?, ?, ?, ?)", (
            (d["id"], d["title"], d["body"], d["date"].date().isoformat() if d["date"] else None)
            for d in corpora.iter_documents(folder)))
        db.commit()
        out["seconds"] = time.perf_counter() - started
        out["documents"] = db.execute("SELECT count(*) FROM docs").fetchone()[0]
        db.close()
    out["bytes"] = dir_size(index)
    return out


_percentile = corpora.percentile


def _query_runner(spec):
    """A function query -> (total, [(id, snippet text)]) for the system, or None if skipped."""
    system = spec["system"]
    if system == "newsdesk":
        corpus = _newsdesk_corpus(spec)

        def run(q):
            results = corpus.search(q, limit=LIMIT)
            return results.total, [(h.id, h.snippet.text) for h in results.hits]
        return run, corpus.close
    if system in ("whoosh", "whoosh-len"):
        from whoosh import highlight
        from whoosh import index as windex
        from whoosh.collectors import TopCollector

        ix = windex.open_dir(spec["index"])
        searcher = ix.searcher()
        parser = raw_whoosh_parser(ix.schema)
        fragmenter = highlight.ContextFragmenter(maxchars=160, surround=60)

        def top(q):
            if system == "whoosh-len":  # the plain call: len(results) undercounts some queries
                return searcher.search(q, limit=LIMIT)
            # replace=0: whoosh's top-N collector prunes sub-matchers that cannot
            # reach the top N (matcher.replace) and then miscounts; without the
            # pruning its total (len) is exact.  usequality=False counts in the
            # same pass (with block skipping on, len() runs the query again).
            collector = TopCollector(limit=LIMIT, replace=0, usequality=False)
            searcher.search_with_collector(q, collector)
            return collector.results()

        def run(q):
            results = top(parser.parse(q))
            results.fragmenter = fragmenter
            total = len(results)
            hits = []
            for hit in results:
                fields = hit.fields()
                hits.append((fields["id"], hit.highlights("body", top=1)))
            return total, hits
        return run, searcher.close
    db = sqlite3.connect(Path(spec["index"]) / "fts.sqlite")

    def run(q):
        translated = fts5_translate(q)
        if translated is None:
            return None
        match, dates = translated
        where, params = "docs MATCH ?", [match]
        if dates:
            where += " AND date BETWEEN ? AND ?"
            params += list(dates)
        rows = db.execute(f"SELECT id, title, snippet(docs, 2, '<b>', '</b>', '…', 24) FROM docs "
                          f"WHERE {where} ORDER BY rank LIMIT {LIMIT}", params).fetchall()
        total = db.execute(f"SELECT count(*) FROM docs WHERE {where}", params).fetchone()[0]
        return total, [(r[0], r[2]) for r in rows]
    return run, db.close


def work_query(spec) -> dict:
    run, close = _query_runner(spec)
    queries = spec["queries"]
    per_query: dict[str, dict] = {}
    active = []
    for q in queries:  # warm-up, and totals
        try:
            answer = run(q)
        except Exception as error:  # noqa: BLE001 - reported, not fatal
            per_query[q] = {"error": f"{type(error).__name__}: {error}"}
            continue
        if answer is None:
            per_query[q] = {"skipped": True}
            continue
        total, hits = answer
        per_query[q] = {"total": total, "hits": len(hits), "snippets": sum(1 for _, s in hits if s),
                        "top": [h[0] for h in hits[:3]], "samples_ms": []}
        active.append(q)
    for _ in range(spec["rounds"]):
        for q in active:
            started = time.perf_counter()
            run(q)
            per_query[q]["samples_ms"].append((time.perf_counter() - started) * 1000)
    close()
    medians = []
    for q in active:
        entry = per_query[q]
        entry["median_ms"] = statistics.median(entry["samples_ms"])
        medians.append(entry["median_ms"])
        del entry["samples_ms"]
    return {
        "queries": len(active),
        "skipped": sum(1 for e in per_query.values() if e.get("skipped")),
        "errors": sum(1 for e in per_query.values() if e.get("error")),
        "p50_ms": _percentile(medians, 50),
        "p95_ms": _percentile(medians, 95),
        "mean_ms": statistics.fmean(medians) if medians else float("nan"),
        "max_ms": max(medians, default=float("nan")),
        "per_query": per_query,
    }


def work_incremental(spec) -> dict:
    """One step of the incremental test: 'noop' or 'modify' (one file gets a sentence)."""
    corpus = _newsdesk_corpus(spec)
    out = {}
    if spec["step"] == "modify":
        target = Path(spec["folder"]) / spec["file"]
        record = json.loads(target.read_text(encoding="utf-8"))
        record["text"] = record["text"].rstrip() + APPENDED
        target.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    started = time.perf_counter()
    report = corpus.update()
    out["seconds"] = time.perf_counter() - started
    out["report"] = {k: getattr(report, k) for k in ("added", "changed", "removed", "unchanged", "articles")}
    if spec["step"] == "modify":
        found = corpus.search("zzbenchmarker", limit=5)
        out["found_after"] = [h.id for h in found.hits]
    corpus.close()
    return out


WORKERS = {"index": work_index, "query": work_query, "incremental": work_incremental}


def worker_main(spec_json: str) -> None:
    spec = json.loads(spec_json)
    result = WORKERS[spec["task"]](spec)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n@@RESULT@@" + json.dumps(result))


def run_worker(**spec) -> dict:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
                          capture_output=True, text=True)
    if proc.returncode != 0 or "@@RESULT@@" not in proc.stdout:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"bench: the {spec['task']} worker for {spec['system']} failed "
                         f"(exit {proc.returncode})")
    result = json.loads(proc.stdout.rsplit("@@RESULT@@", 1)[1])
    result["process_seconds"] = time.perf_counter() - started
    return result


# ---------------------------------------------------------------------------
# Checks and the report
# ---------------------------------------------------------------------------
def schema_drift() -> list[str]:
    """Differences between the raw whoosh schema and newsdesk's (analysis, field types)."""
    from newsdesk.search.schema import build_schema

    ours, theirs = raw_whoosh_schema(), build_schema()
    problems = []
    if sorted(ours.names()) != sorted(theirs.names()):
        problems.append(f"fields differ: {sorted(ours.names())} vs {sorted(theirs.names())}")
    sample = "Économie: the Markets rallied, générations of bankers' 2025 running RUNS"
    for name in set(ours.names()) & set(theirs.names()):
        a, b = ours[name], theirs[name]
        if type(a) is not type(b):
            problems.append(f"field {name}: {type(a).__name__} vs {type(b).__name__}")
        elif hasattr(a, "analyzer") and name != "date":
            ta = [t.text for t in a.analyzer(sample)]
            tb = [t.text for t in b.analyzer(sample)]
            if ta != tb:
                problems.append(f"field {name}: analyzers differ ({ta[:5]} vs {tb[:5]})")
    return problems


def total_mismatches(query_results: dict) -> list[dict]:
    rows = []
    per = {s: query_results[s]["per_query"] for s in QUERY_SYSTEMS}
    for q in per["newsdesk"]:
        totals = {s: per[s].get(q, {}).get("total") for s in QUERY_SYSTEMS}
        if len({totals["newsdesk"], totals["whoosh"], totals["whoosh-len"]}) > 1:
            rows.append({"query": q, **totals})
    return rows


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f}"


def print_corpus(name: str, res: dict, rounds: int) -> None:
    idx, qry = res["index"], res["query"]
    print(f"\n== {name}: {idx['newsdesk']['documents']:,} articles ({res['folder']}) ==")
    print("\nIndexing (fresh process per system)")
    print(f"  {'system':<14}{'docs':>8}{'time s':>10}{'size MB':>10}{'peak RSS MB':>13}")
    for s in SYSTEMS:
        r = idx[s]
        extra = ""
        if s == "newsdesk":
            extra = f"   (whoosh {_mb(r['bytes_whoosh'])} + article store {_mb(r['bytes_store'])} MB)"
        print(f"  {LABELS[s]:<14}{r['documents']:>8,}{r['seconds']:>10.1f}{_mb(r['bytes']):>10}"
              f"{r['peak_rss_mb']:>13.0f}{extra}")
    n, w = idx["newsdesk"], idx["whoosh"]
    print(f"  {'newsdesk/whoosh':<14}{'':>8}{n['seconds'] / w['seconds']:>9.2f}x"
          f"{n['bytes'] / w['bytes']:>9.2f}x{n['peak_rss_mb'] / w['peak_rss_mb']:>12.2f}x")

    nq = qry["newsdesk"]["queries"]
    print(f"\nQuery latency, ms (limit {LIMIT}; median of {rounds} rounds per query, then over queries)")
    print(f"  {'system':<14}{'queries':>8}{'p50':>9}{'p95':>9}{'mean':>9}{'max':>9}")
    for s in QUERY_SYSTEMS:
        r = qry[s]
        note = f"   ({r['skipped']} skipped: not expressible)" if r["skipped"] else ""
        if s == "whoosh-len":
            note += "   (searcher.search + len(results): totals not exact)"
        if r["errors"]:
            note += f"   ({r['errors']} errors)"
        print(f"  {LABELS[s]:<14}{r['queries']:>8}{r['p50_ms']:>9.2f}{r['p95_ms']:>9.2f}"
              f"{r['mean_ms']:>9.2f}{r['max_ms']:>9.2f}{note}")
    nd, wh = qry["newsdesk"], qry["whoosh"]
    p50, p95 = nd["p50_ms"] / wh["p50_ms"], nd["p95_ms"] / wh["p95_ms"]
    verdict = "OK" if max(p50, p95) <= TARGET_QUERY_RATIO else "OVER TARGET"
    print(f"  {'newsdesk/whoosh':<14}{nq:>8}{p50:>8.2f}x{p95:>8.2f}x"
          f"{nd['mean_ms'] / wh['mean_ms']:>8.2f}x{nd['max_ms'] / wh['max_ms']:>8.2f}x"
          f"   target <= {TARGET_QUERY_RATIO}x: {verdict}")
    wl = qry["whoosh-len"]
    print(f"  {'newsdesk/len()':<14}{nq:>8}{nd['p50_ms'] / wl['p50_ms']:>8.2f}x{nd['p95_ms'] / wl['p95_ms']:>8.2f}x"
          f"{nd['mean_ms'] / wl['mean_ms']:>8.2f}x{nd['max_ms'] / wl['max_ms']:>8.2f}x")
    ft = qry["fts5"]
    shared = [q for q, e in ft["per_query"].items() if "median_ms" in e]
    if shared:
        nd_shared = [nd["per_query"][q]["median_ms"] for q in shared if "median_ms" in nd["per_query"][q]]
        ft_shared = [ft["per_query"][q]["median_ms"] for q in shared]
        print(f"  on the {len(shared)} queries FTS5 runs: newsdesk p50 {_percentile(nd_shared, 50):.2f} ms "
              f"vs FTS5 {_percentile(ft_shared, 50):.2f} ms")

    slow = sorted(((e["median_ms"], q, wh["per_query"][q].get("median_ms", float("nan")))
                   for q, e in nd["per_query"].items() if "median_ms" in e), reverse=True)[:5]
    print("  slowest for newsdesk: " + "; ".join(f"{q!r} {m:.1f} ms (whoosh {w_:.1f})" for m, q, w_ in slow))

    mism = res["total_mismatches"]
    print(f"\nTotals: newsdesk, raw whoosh and whoosh len() agree on {nq - len(mism)} of {nq} queries", end="")
    print("" if not mism else "; differing (newsdesk / raw whoosh / whoosh len() / FTS5):")
    for row in mism[:15]:
        print(f"  {row['query']!r}: {row['newsdesk']} / {row['whoosh']} / {row['whoosh-len']} / {row['fts5']}")
    zero = [q for q, e in nd["per_query"].items() if e.get("total") == 0]
    if zero:
        print(f"  newsdesk found nothing for: {', '.join(repr(q) for q in zero)}")
    missing = [q for q, e in nd["per_query"].items() if e.get("hits") and e["snippets"] < e["hits"]]
    if missing:
        print(f"  newsdesk hits without a snippet for: {', '.join(repr(q) for q in missing)}")

    inc = res.get("incremental")
    if inc:
        files = inc["noop"]["report"]["unchanged"]
        print(f"\nIncremental re-index (newsdesk, {files:,} files; fresh process each, time of update())")
        ok = "OK" if inc["modify"]["seconds"] < TARGET_INCREMENTAL_S else "OVER TARGET"
        print(f"  no-op update (nothing changed)   {inc['noop']['seconds']:>7.2f} s")
        print(f"  one file changed (+1 sentence)   {inc['modify']['seconds']:>7.2f} s"
              f"   target < {TARGET_INCREMENTAL_S:.0f} s: {ok}   "
              f"(report: {inc['modify']['report']['changed']} changed, "
              f"{inc['modify']['report']['unchanged']:,} unchanged; appended word found in "
              f"{inc['modify']['found_after'] or 'NOTHING'})")
        print(f"  no-op update again               {inc['noop_after']['seconds']:>7.2f} s")


def bench_corpus(name: str, folder: Path, work: Path, queries: list[dict], args) -> dict:
    chosen = [q["q"] for q in queries if name == "reuters" or not q["dated"]]
    if args.queries:
        chosen = chosen[: args.queries]
    res = {"folder": str(folder), "queries": chosen, "index": {}, "query": {}}
    for system in SYSTEMS:
        print(f"  [{name}] indexing with {LABELS[system]}...", file=sys.stderr, flush=True)
        res["index"][system] = run_worker(task="index", system=system, folder=str(folder),
                                          index=str(work / f"{name}-{system}"))
    for system in QUERY_SYSTEMS:
        print(f"  [{name}] querying {LABELS[system]} ({len(chosen)} queries)...", file=sys.stderr, flush=True)
        index = work / f"{name}-{system.split('-')[0]}"
        res["query"][system] = run_worker(task="query", system=system, folder=str(folder),
                                          index=str(index), queries=chosen,
                                          rounds=args.rounds)
    res["total_mismatches"] = total_mismatches(res["query"])
    if name == "reuters":
        print(f"  [{name}] incremental re-index...", file=sys.stderr, flush=True)
        target = corpora.corpus_files(folder)[len(corpora.corpus_files(folder)) // 2]
        common = dict(task="incremental", system="newsdesk", folder=str(folder),
                      index=str(work / f"{name}-newsdesk"))
        res["incremental"] = {
            "noop": run_worker(step="noop", **common),
            "modify": run_worker(step="modify", file=target.relative_to(folder).as_posix(), **common),
            "noop_after": run_worker(step="noop", **common),
        }
        res["incremental"]["file"] = target.relative_to(folder).as_posix()
    return res


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("bbc", "reuters", "all"), default="all")
    parser.add_argument("--queries", type=int, default=0, help="use only the first N queries")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per query (default 5)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary indexes")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_main(args.worker)
        return

    import whoosh

    started = time.perf_counter()
    queries = load_queries()
    drift = schema_drift()
    for problem in drift:
        print(f"bench: warning: raw whoosh schema drifted from newsdesk's: {problem}", file=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    results = {
        "python": platform.python_version(), "whoosh": whoosh.versionstring(),
        "sqlite": sqlite3.sqlite_version, "cpus": os.cpu_count(), "rounds": args.rounds,
        "schema_drift": drift, "corpora": {},
    }
    try:
        names = ("bbc", "reuters") if args.corpus == "all" else (args.corpus,)
        for name in names:
            if name == "bbc":
                folder = corpora.BBC_DIR
            else:
                folder = work / "reuters-docs"
                print("  [reuters] converting SGML records to .json files...", file=sys.stderr, flush=True)
                converted = corpora.convert_reuters(folder)
                results["reuters_converted"] = converted
            if not folder.exists():
                raise SystemExit(f"bench: corpus not found: {folder}")
            results["corpora"][name] = bench_corpus(name, folder, work, queries, args)
    finally:
        if args.keep:
            print(f"bench: indexes kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["seconds"] = time.perf_counter() - started

    print(f"newsdesk search benchmark: Python {results['python']}, whoosh-reloaded {results['whoosh']}, "
          f"SQLite {results['sqlite']}, {results['cpus']} CPUs")
    for name, res in results["corpora"].items():
        print_corpus({"bbc": "BBC", "reuters": "Reuters-21578 (converted)"}[name], res, args.rounds)
    print(f"\nwhole run: {results['seconds']:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
