"""Contradictions benchmark: how candidate pairs and time grow with the corpus,
beside comparing all pairs, and the precision of the top of the ranked list.

Run from the repository root:

    .venv/bin/python bench/contradictions.py                 # or: make bench-contradictions
    .venv/bin/python bench/contradictions.py --corpus bbc --skip-precision
    .venv/bin/python bench/contradictions.py --dump-top 20 > /tmp/top.jsonl   # to judge a new top 20

1. Scale.  The articles of BBC (2,225 files) and Reuters-21578 (the 19,043 of
   its 21,578 records that have a body; the others have no sentence) go
   through newsdesk's readers and ingest (boilerplate, sentences), then the
   plugin's claim reader (`article_claims`, with the names it finds itself:
   spaCy over 21,000 articles would take most of an hour).  For an eighth, a
   quarter, a half and all of each corpus (nested samples of one shuffled
   order, seed 7, so each part has the corpus's mix of topics), it times building the inverted lists, generating candidate pairs
   and running the checks on them, and prints the count beside the number of
   pairs comparing everything would take.  Near-linear growth shows as a
   steady "pairs per claim" and "µs per claim".  The all-pairs baseline is
   also run for real on the first 2,000 claims of each corpus (similarity of
   every pair), to set its time per pair beside the index's.  Then one
   article is added to the full corpus: the time to pair its claims alone
   (`candidates(focus)`), as the analyzer does on re-indexing.
2. Precision of the top 20 on BBC.  The BBC folder is indexed with every
   built-in plugin on (entities included: the ranking users get), into a
   temporary folder; the top 20 of `newsdesk contradictions` (grouped, best
   first) are matched by id with the judgements in
   bench/data/contradictions_bbc_judged.jsonl (each with the reason, written
   by reading both sentences in their articles).  Conflicts without a
   judgement are listed, not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpora  # noqa: E402

JUDGED = HERE / "data" / "contradictions_bbc_judged.jsonl"
FRACTIONS = (0.125, 0.25, 0.5, 1.0)
ALL_PAIRS_SAMPLE = 2000
SEED = 7


def load_articles(name: str, limit: int | None = None):
    """Articles as newsdesk ingests them (readers + boilerplate + sentences)."""
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.search.article import SourceArticle
    from newsdesk.search.dates import parse_iso_or_text
    from newsdesk.search.ingest import ingest
    from newsdesk.search.readers import SourceFile

    articles = []
    if name == "bbc":
        registry = PluginHost(third_party=False).readers()
        for path in corpora.corpus_files(corpora.BBC_DIR, (".txt",)):
            relpath = path.relative_to(corpora.BBC_DIR).as_posix()
            reader = registry.for_path(path)
            for source in reader.read(SourceFile(path, relpath, path.stat().st_size)):
                articles.append(ingest(source, relpath.rsplit(".", 1)[0], relpath))
            if limit and len(articles) >= limit:
                break
    else:
        for stem, newid, title, date, text in corpora.reuters_records():
            source = SourceArticle(text=text, title=title or None, date=parse_iso_or_text(date) if date else None)
            articles.append(ingest(source, f"{stem}/{newid}", f"{stem}/{newid}"))
            if limit and len(articles) >= limit:
                break
    return articles


def claims_of(articles):
    from newsdesk.plugins.contradictions.analyzer import article_claims

    found = []
    for article in articles:
        found += article_claims(article, [])
    return found


def run_scale(name: str, articles) -> dict:
    from newsdesk.plugins.contradictions import checks
    from newsdesk.plugins.contradictions.analyzer import Names
    from newsdesk.plugins.contradictions.pairs import ClaimIndex, all_pairs

    import random

    articles = list(articles)
    random.Random(SEED).shuffle(articles)
    started = time.perf_counter()
    per_article = [claims_of([a]) for a in articles]
    read_seconds = time.perf_counter() - started
    bodies = {a.id: a.body for a in articles}
    names = Names()  # no entity clusters: names compared by their words
    key = names.key
    rows = []
    for fraction in FRACTIONS:
        count = max(1, int(len(articles) * fraction))
        claims = [c for group in per_article[:count] for c in group]
        t0 = time.perf_counter()
        index = ClaimIndex(claims, key)
        t1 = time.perf_counter()
        pairs = list(index.candidates())
        t2 = time.perf_counter()
        found = 0
        for pair in pairs:
            a, b = claims[pair.a], claims[pair.b]
            found += len(checks.check(a, b, bodies[a.doc][a.start:a.end], bodies[b.doc][b.start:b.end],
                                      names.same, pair.similarity))
        t3 = time.perf_counter()
        rows.append({"articles": count, "claims": len(claims), "all_pairs": all_pairs(len(claims)),
                     "candidates": len(pairs), "conflicts": found, "index_s": t1 - t0, "pairs_s": t2 - t1,
                     "checks_s": t3 - t2, "skipped_keys": index.skipped_keys})
    # The all-pairs baseline, for real, on the first claims.
    sample = [c for group in per_article for c in group][:ALL_PAIRS_SAMPLE]
    index = ClaimIndex(sample, key)
    t0 = time.perf_counter()
    n = len(sample)
    for i in range(n):
        for j in range(i + 1, n):
            index.similarity(i, j)
    brute = time.perf_counter() - t0
    t0 = time.perf_counter()
    sample_pairs = sum(1 for _ in index.candidates())
    indexed = time.perf_counter() - t0
    # One article added to the whole corpus (the last one, in the shuffled
    # order, with at least five claims): its claims paired with the rest.
    claims = [c for group in per_article for c in group]
    newest = next((i for i in range(len(per_article) - 1, -1, -1) if len(per_article[i]) >= 5), None)
    first = sum(len(group) for group in per_article[:newest]) if newest is not None else 0
    focus = list(range(first, first + len(per_article[newest]))) if newest is not None else []
    full = ClaimIndex(claims, key)
    t0 = time.perf_counter()
    focus_pairs = sum(1 for _ in full.candidates(focus))
    incremental = time.perf_counter() - t0
    return {"name": name, "read_seconds": read_seconds, "rows": rows,
            "brute": {"claims": n, "pairs": n * (n - 1) // 2, "seconds": brute, "indexed_seconds": indexed,
                      "indexed_pairs": sample_pairs},
            "incremental": {"claims": len(focus), "pairs": focus_pairs, "seconds": incremental}}


def print_scale(result: dict) -> None:
    print(f"\n== {result['name']}: claims read in {result['read_seconds']:.1f} s ==")
    print(f"  {'articles':>8} {'claims':>8} {'all pairs':>15} {'candidates':>11} {'pairs/claim':>11} "
          f"{'conflicts':>9} {'lists s':>8} {'pairs s':>8} {'checks s':>8} {'µs/claim':>9}")
    for r in result["rows"]:
        per = (r["index_s"] + r["pairs_s"]) / max(r["claims"], 1) * 1e6
        print(f"  {r['articles']:>8,} {r['claims']:>8,} {r['all_pairs']:>15,} {r['candidates']:>11,} "
              f"{r['candidates'] / max(r['claims'], 1):>11.2f} {r['conflicts']:>9,} {r['index_s']:>8.2f} "
              f"{r['pairs_s']:>8.2f} {r['checks_s']:>8.2f} {per:>9.1f}")
    first, last = result["rows"][0], result["rows"][-1]
    growth = last["claims"] / max(first["claims"], 1)
    print(f"  claims x{growth:.1f} from the first row to the last: candidates x"
          f"{last['candidates'] / max(first['candidates'], 1):.1f}, list+pair time x"
          f"{(last['index_s'] + last['pairs_s']) / max(first['index_s'] + first['pairs_s'], 1e-9):.1f}, "
          f"all pairs x{last['all_pairs'] / max(first['all_pairs'], 1):.0f}")
    b = result["brute"]
    print(f"  baseline, all pairs for real on the first {b['claims']:,} claims: {b['pairs']:,} similarities in "
          f"{b['seconds']:.2f} s; the inverted lists there: {b['indexed_pairs']:,} candidates in "
          f"{b['indexed_seconds']:.3f} s ({b['seconds'] / max(b['indexed_seconds'], 1e-9):.0f}x faster)")
    inc = result["incremental"]
    print(f"  one article added ({inc['claims']} claims) to all {last['claims']:,}: "
          f"{inc['pairs']} candidate pairs in {inc['seconds'] * 1000:.1f} ms")


def top_conflicts(limit: int, index_dir: Path | None) -> list[dict]:
    """The top of the ranked list on BBC, with every built-in plugin on."""
    from newsdesk.plugins.contradictions import conflicts
    from newsdesk.plugins.contradictions.verdicts import Verdicts
    from newsdesk.plugins.manager import PluginHost

    work = Path(tempfile.mkdtemp(prefix="newsdesk-bench-contra-"))
    os.environ["NEWSDESK_DATA_DIR"] = str(work / "data")  # no user verdicts
    try:
        host = PluginHost(third_party=False, allow="", disable="", report=lambda p, m: print(f"  plugin {p}: {m}"))
        corpus = host.open_corpus(corpora.BBC_DIR, index_dir or work / "index")
        started = time.perf_counter()
        print("  indexing BBC with every built-in plugin (spaCy included)...", file=sys.stderr, flush=True)
        corpus.update()
        print(f"  indexed in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        found = conflicts.load(corpus, verdicts=Verdicts(work / "verdicts.jsonl"))
        total = len(found)
        corpus.close()
        return found[:limit], total
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_precision(limit: int, index_dir: Path | None) -> None:
    found, total = top_conflicts(limit, index_dir)
    judged = {}
    if JUDGED.exists():
        for line in JUDGED.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                record = json.loads(line)
                judged[record["id"]] = record
    print(f"\n== precision of the top {limit} on BBC ({total} conflicts after grouping) ==")
    real = counted = 0
    for rank, record in enumerate(found, start=1):
        verdict = judged.get(record["id"])
        mark = "?" if verdict is None else ("real" if verdict["real"] else "not")
        if verdict is not None:
            counted += 1
            real += bool(verdict["real"])
        print(f"  {rank:>2}. {mark:<4} {record['score']:.2f} {record['type']:<12} {record['id']}  "
              f"{record['a']['doc']} / {record['b']['doc']}")
        if verdict is not None:
            print(f"        {verdict['reason']}")
    if counted:
        print(f"  precision: {real}/{counted} = {100 * real / counted:.0f}% of the judged "
              f"({len(found) - counted} unjudged)")
    else:
        print(f"  no judgement matches: judge them (--dump-top) into {JUDGED}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("bbc", "reuters", "all"), default="all")
    parser.add_argument("--skip-precision", action="store_true")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--index", type=Path, help="reuse this index folder for the precision run")
    parser.add_argument("--dump-top", type=int, metavar="N", help="print the top N on BBC as JSON lines, and stop")
    args = parser.parse_args(argv)
    os.environ["NEWSDESK_PLUGINS"] = ""
    if args.dump_top:
        found, _ = top_conflicts(args.dump_top, args.index)
        for record in found:
            print(json.dumps({"id": record["id"], "type": record["type"], "score": record["score"],
                              "explanation": record["explanation"], "a": record["a"]["doc"],
                              "a_sentence": record["a"]["sentence"], "b": record["b"]["doc"],
                              "b_sentence": record["b"]["sentence"]}, ensure_ascii=False))
        return
    started = time.perf_counter()
    print(f"newsdesk contradictions benchmark: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    names = ("bbc", "reuters") if args.corpus == "all" else (args.corpus,)
    for name in names:
        print(f"  [{name}] reading articles...", file=sys.stderr, flush=True)
        print_scale(run_scale(name, load_articles(name)))
    if not args.skip_precision:
        run_precision(args.top, args.index)
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
