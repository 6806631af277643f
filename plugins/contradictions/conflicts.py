"""Reading conflicts back for the CLI and the panel: the analyzer's records,
filtered (articles, entity, type), with the user's verdicts, near-duplicates
grouped and ranked.

Near-duplicates are the same disagreement found between other sentences
(the same two values, the same denied terms): the best-scored one stands
for the group and lists the others' ids under `also`.
"""

from __future__ import annotations

from .analyzer import CLUSTERS, NAME, fold
from .checks import TYPES
from .verdicts import Verdicts


def entity_names(corpus, name: str) -> set[str]:
    """Every name of the entity called `name` (folded), from the entities
    plugin's clusters when it ran; else just `name`."""
    wanted = fold(name)
    for _, data, _ in corpus.corpus_results(CLUSTERS, "entity:"):
        if isinstance(data, dict):
            names = {fold(str(n)) for n in [data.get("name", ""), *data.get("aliases", [])]}
            if wanted in names:
                return names
    return {wanted}


def mentions(record: dict, names: set[str]) -> bool:
    if any(fold(e) in names for e in record.get("entities", [])):
        return True
    sentences = " ".join(fold(record[s]["sentence"]) for s in ("a", "b"))
    return any(f" {n} " in f" {sentences} " for n in names)


def records(corpus) -> list[dict]:
    """Every conflict the analyzer stored (read once per index state by the panel)."""
    return [record for _, record, _ in corpus.corpus_results(NAME, "conflict:")]


def load(corpus, *, docs: set[str] | None = None, entity: str | None = None, kinds: set[str] | None = None,
         dismissed: bool = False, verdicts: Verdicts | None = None, stored: list[dict] | None = None) -> list[dict]:
    """Ranked conflicts (best first), each with `verdict` and `also` (the ids
    of near-duplicates it stands for).  `docs`: only conflicts with a side in
    these articles.  Dismissed ones are left out unless `dismissed`.
    `stored`: `records(corpus)`, when the caller has them already."""
    verdicts = verdicts if verdicts is not None else Verdicts.of(corpus)
    names = entity_names(corpus, entity) if entity else None
    found = []
    for record in stored if stored is not None else records(corpus):
        if not isinstance(record, dict) or record.get("type") not in TYPES:
            continue
        if kinds and record["type"] not in kinds:
            continue
        if docs is not None and record["a"]["doc"] not in docs and record["b"]["doc"] not in docs:
            continue
        if names is not None and not mentions(record, names):
            continue
        record = {**record, "verdict": verdicts.get(record["id"])}
        if record["verdict"] == "dismissed" and not dismissed:
            continue
        found.append(record)
    found.sort(key=lambda r: (-r["score"], r["id"]))
    groups: dict[tuple, dict] = {}
    for record in found:
        group = (record["type"], record.get("key", record["id"]))
        if group in groups:
            groups[group]["also"].append(record["id"])
        else:
            groups[group] = {**record, "also": []}
    return list(groups.values())


def find(corpus, conflict_id: str) -> dict | None:
    """One conflict by id (or a unique prefix of at least 6 characters)."""
    conflict_id = conflict_id.strip().lower()
    matches = [record for key, record, _ in corpus.corpus_results(NAME, "conflict:")
               if isinstance(record, dict) and (record.get("id") == conflict_id or
                                                (len(conflict_id) >= 6 and str(record.get("id", "")).startswith(conflict_id)))]
    return matches[0] if len(matches) == 1 else None
