"""Putting the corpus's entities together: the `entity_clusters` corpus analyzer.

After each index run it summarises the entity mentions of every new or
changed article (one `doc:<id>` record each, dropped with the article), then
clusters the names of the whole corpus (`aliases.cluster`, with the user's
merge decisions on top) and stores, in the analyzer's results:

- `entity:<key>`: one per entity: name, type (by vote), aliases, docs,
  mentions, how each alias was merged, and the fuzzy candidates;
- `alias:<fingerprint>`: {"keys": [...], "entities": [keys]} for every name
  of an entity (a name several entities share lists them all), so that `entity:"Wenfeng Liang"` finds every article that wrote any
  of its names (`IndexField.aliases`);
- `candidate:<a>|<b>`: merges the rules suggest but leave to the user.

Clustering is redone from the per-article summaries (small JSON records), so
an article changed costs its own summary plus one pass over the names.
Entities seen only in heading-like lines are left out: headlines in Title
Case are where small models invent names.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from . import aliases
from .decisions import Decisions

NAME = "entity_clusters"
SOURCE = "entities"  # the article analyzer whose annotations are read


def article_summary(annotations) -> list[dict]:
    """One article's entities: each resolved name with its type votes, mention
    count, the surface forms that resolved to it, and whether it appeared only
    in headings or the byline."""
    names: dict[str, dict] = {}
    for annotation in annotations:
        if annotation.kind != "entity" or not annotation.label:
            continue
        entry = names.setdefault(annotation.label, {"name": annotation.label, "types": {}, "count": 0,
                                                    "forms": [], "body": False, "byline": False})
        kind = str(annotation.data.get("type", ""))
        entry["types"][kind] = entry["types"].get(kind, 0) + 1
        text = str(annotation.data.get("text") or "")
        if annotation.data.get("source") == "byline":
            entry["byline"] = True
            continue
        entry["count"] += 1
        if text and aliases.clean_name(text) not in (None, annotation.label) and text not in entry["forms"]:
            entry["forms"].append(aliases.clean_name(text))
        if not annotation.data.get("heading"):
            entry["body"] = True
    return [entry for entry in names.values() if entry["body"] or entry["byline"]]


def occurrences(summaries: dict[str, list[dict]]) -> list[aliases.Occurrence]:
    found = []
    for doc, entries in summaries.items():
        prints = {entry["name"]: aliases.fingerprint(entry["name"]) for entry in entries}
        for entry in entries:
            context = frozenset(p for name, p in prints.items() if name != entry["name"])
            # One occurrence per type the mentions were given, so that the
            # cluster's vote counts every mention, not one type per article.
            for kind, count in sorted(entry["types"].items()):
                found.append(aliases.Occurrence(doc, entry["name"], kind, max(count, 1), context,
                                                frozenset(entry["forms"])))
    return found


def settle_type(votes: dict[str, int], voted: str) -> str:
    """The type by vote, except that an organisation whose name is also used
    for what it makes ("Google", a lab and its model) is an organisation when
    at least a quarter of its mentions say so: news names companies far more
    often than products, and small models tag a company in product position
    as PRODUCT."""
    org, product = votes.get("ORG", 0), votes.get("PRODUCT", 0)
    if voted == "PRODUCT" and org and org * 4 >= org + product:
        return "ORG"
    return voted


class EntityClusters:
    """The corpus analyzer (see the module docstring).  Its version follows the
    user's merge decisions, so changing them re-clusters on the next run."""

    name = NAME

    def __init__(self, decisions: Decisions | None = None):
        self._decisions = decisions

    @property
    def decisions(self) -> Decisions:
        if self._decisions is None:
            self._decisions = Decisions.load()
        return self._decisions

    @property
    def version(self) -> str:
        return f"3:{self.decisions.fingerprint()}"

    def update(self, view, changed: set[str], removed: set[str]) -> None:
        for doc in sorted(changed):
            view.results.put(f"doc:{doc}", article_summary(view.annotations(doc, analyzer=SOURCE)), [doc])
        summaries = {key[4:]: data for key, data, _ in view.results.items("doc:")}
        clusters = aliases.cluster(occurrences(summaries), list(self.decisions))
        for prefix in ("entity:", "alias:", "candidate:"):
            for key, _, _ in view.results.items(prefix):
                view.results.delete(key)
        sets: dict[str, set[str]] = defaultdict(set)  # a name's key -> every key it may mean
        owners: dict[str, list[str]] = defaultdict(list)
        for item in clusters:
            item.type = settle_type(item.types, item.type)
            view.results.put(f"entity:{item.key}", item.to_dict())
            keys = {aliases.fingerprint(name) for name in [item.name, *item.aliases]}
            for key in keys:
                sets[key] |= keys  # a surname two people share means either of them
                owners[key].append(item.key)
        for key, keys in sets.items():
            view.results.put(f"alias:{key}", {"keys": sorted(keys), "entities": owners[key]})
        for candidate in aliases.candidates(clusters):
            view.results.put(f"candidate:{candidate.a}|{candidate.b}",
                             {"a": candidate.a, "b": candidate.b, "reason": candidate.reason,
                              "confidence": candidate.confidence})


def load_entities(corpus) -> list[dict]:
    """Every entity the corpus analyzer stored, the most mentioned first."""
    found = [data for _, data, _ in corpus.corpus_results(NAME, "entity:")]
    return sorted(found, key=lambda e: (-len(e["docs"]), -e["mentions"], e["name"]))


def co_mentions(entities: list[dict], name_key: str, limit: int = 10) -> list[tuple[dict, int]]:
    """Entities sharing articles with the one whose key is `name_key`, with the
    number of articles shared, the most shared first."""
    docs_of = {e["key"]: set(e["docs"]) for e in entities}
    mine = docs_of.get(name_key, set())
    shared = [(e, len(mine & docs_of[e["key"]])) for e in entities if e["key"] != name_key]
    shared = [(e, n) for e, n in shared if n]
    return sorted(shared, key=lambda pair: (-pair[1], pair[0]["name"]))[:limit]


def graph(entities: list[dict], min_shared: int = 1) -> tuple[list[dict], list[tuple[str, str, int]]]:
    """The co-mention graph: nodes (entities) and weighted edges (articles shared)."""
    by_doc: dict[str, list[str]] = defaultdict(list)
    for entity in entities:
        for doc in entity["docs"]:
            by_doc[doc].append(entity["key"])
    weights: Counter = Counter()
    for keys in by_doc.values():
        keys = sorted(set(keys))
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                weights[(a, b)] += 1
    edges = [(a, b, n) for (a, b), n in sorted(weights.items()) if n >= min_shared]
    return entities, edges
