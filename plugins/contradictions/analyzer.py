"""The `contradictions` corpus analyzer: after each index run, the claims of
new and changed articles are read, paired with the claims of the whole
corpus that are about the same thing (`pairs.py`), checked (`checks.py`),
and the disagreements kept, scored, in the analyzer's results:

- `doc:<id>`: the article's claims (and its title, outlet, date), dropped
  with the article;
- `conflict:<id>`: one disagreement: type, score, explanation, and the two
  sides (article, sentence, offsets, who says it), dropped when either
  article goes.  The id hashes the type, what it is about and the two
  sentences, so it survives re-indexing (the user's verdicts hang on it).

Only the changed articles' claims are compared, with the claims of the
articles that share an entity with them (per-entity lists of articles, kept
with the results): an article added to a large corpus costs its own pairs and
its neighbours' claims, not a pass over the corpus.  Name variants (one entity
spelled two ways in different articles) are read from the entities plugin's
clusters, when it ran, and rebuilt on each run.

Reads other plugins' output by name, without importing them: the `entities`
annotations (names in a sentence), the `entity_clusters` results (which names
are one entity, and the suggested misspellings) and the `timeline`
annotations (the years a sentence speaks of).
"""

from __future__ import annotations

import hashlib

from . import checks
from .claims import Claim, fold, name_key, read_claims
from .pairs import ClaimIndex

NAME = "contradictions"
ENTITIES = "entities"
CLUSTERS = "entity_clusters"
TIMELINE = "timeline"
VARIANT_REASONS = ("apart", "another order")  # the entities plugin's merge reasons that mean "spelled differently"


class Names:
    """Which written names are one entity: the entities plugin's clusters when
    it ran (every alias of an entity gets the entity's key), else the folded
    name itself."""

    def __init__(self, view=None) -> None:
        self.keys: dict[str, str] = {}
        self.variants: list[tuple[str, str, str]] = []  # (a, b, reason): one entity spelled two ways
        if view is None:  # no corpus: names compared by their words alone
            return
        for _, data, _ in view.results_of(CLUSTERS, "entity:"):
            if not isinstance(data, dict):
                continue
            key = str(data.get("key") or fold(str(data.get("name", ""))))
            for name in [data.get("name", ""), *data.get("aliases", [])]:
                self.keys.setdefault(fold(str(name)), key)
            for merge in data.get("merges", []):
                # Misspellings ("2 letters apart") and names in another order, not
                # acronyms or short forms, which are ordinary ways to write a name.
                if isinstance(merge, dict) and any(cue in str(merge.get("reason", ""))
                                                   for cue in VARIANT_REASONS):
                    self.variants.append((str(merge.get("via") or data.get("name")), str(merge.get("alias")),
                                          str(merge.get("reason"))))
        for _, data, _ in view.results_of(CLUSTERS, "candidate:"):
            if isinstance(data, dict) and data.get("a") and data.get("b"):
                self.variants.append((str(data["a"]), str(data["b"]), str(data.get("reason", ""))))

    def key(self, name: str) -> str:
        """The entity's key; without clusters, the name's words in order
        ("Wenfeng Liang" and "Liang Wenfeng" meet)."""
        return self.keys.get(fold(name)) or name_key(name)

    def same(self, a: str, b: str) -> bool:
        return self.key(a) == self.key(b)


def article_claims(article, annotations) -> list[Claim]:
    """An article's claims, with the entities plugin's names and the timeline's
    years when those plugins ran."""
    entities = [(a.start, a.end, a.label) for a in annotations
                if a.analyzer == ENTITIES and a.kind == "entity" and a.end > a.start and a.label]
    years = None
    timexes = [a for a in annotations if a.analyzer == TIMELINE and a.kind == "timex"]
    if timexes:
        years = {}
        for annotation in timexes:
            start = annotation.data.get("sentence_start", annotation.start)
            if annotation.data.get("resolved", True) and annotation.label[:4].isdigit():
                years.setdefault(start, []).append(annotation.label[:4])
    return read_claims(article.id, article.body, article.sentences, entities, years)


def conflict_id(kind: str, key: str, text_a: str, text_b: str) -> str:
    first, second = sorted([" ".join(text_a.split()), " ".join(text_b.split())])
    return hashlib.sha1(f"{kind}\n{key}\n{first}\n{second}".encode("utf-8", "surrogatepass")).hexdigest()[:12]


def score(finding: checks.Finding, similarity: float, same_article: bool) -> float:
    """The rank of a disagreement: how much its type weighs, how sure the
    check is, how much the two sentences share, and a discount for two
    sentences of one article (often a claim and its rebuttal, reported)."""
    overlap = 0.6 + 0.4 * min(1.0, similarity / 0.4)
    return round(checks.WEIGHTS[finding.type] * finding.confidence * overlap * (0.85 if same_article else 1.0), 4)


def side(claim: Claim, info: dict, body: str, spans) -> dict:
    return {"doc": claim.doc, "start": claim.start, "end": claim.end, "sentence": body[claim.start:claim.end],
            "title": info.get("title", ""), "outlet": info.get("outlet"), "date": info.get("date"),
            "speaker": claim.speaker, "stance": claim.stance, "highlights": [list(span) for span in spans]}


def attribution(a: dict, b: dict) -> str:
    """Who says what, when it matters: a reported claim against an outlet's own words."""
    def who(s):
        return s["speaker"] or f"{s['outlet'] or 'the article'} itself"
    if bool(a["speaker"]) != bool(b["speaker"]) or (a["speaker"] and a["speaker"] != b["speaker"]):
        return f"{who(a)} vs {who(b)}"
    return ""


# An update pairs a changed article's claims with those of the articles that
# share an entity with it, found through the entity lists: a list longer than
# this ("US" in a wire corpus) is no way in, and at most NEIGHBOURS_MAX
# articles are read, the ones behind the shortest lists first.
ENTITY_DOCS_MAX = 400
NEIGHBOURS_MAX = 1500


class ContradictionFinder:
    """The corpus analyzer (see the module docstring).

    Besides `doc:<id>` and `conflict:<id>` it keeps, for increments, one list
    per entity of the articles whose claims name it (`ent:<key>`) and, per
    article, the entities it was listed under (`keys:<id>`, kept when the
    article changes, so that its old entries can be taken out)."""

    name = NAME
    version = "17"

    def update(self, view, changed: set[str], removed: set[str]) -> None:
        names = Names(view)
        lists: dict[str, dict] = {}  # entity key -> {"docs": {id: 1}}, as changed in this run

        def entity_list(key: str) -> dict:
            if key not in lists:
                found = view.results.get(f"ent:{key}")
                lists[key] = found if isinstance(found, dict) and isinstance(found.get("docs"), dict) else {"docs": {}}
            return lists[key]

        for doc in set(changed) | set(removed):
            for key in view.results.get(f"keys:{doc}") or []:
                entity_list(key)["docs"].pop(doc, None)
            view.results.delete(f"keys:{doc}")
        records: dict[str, dict] = {}
        for doc in sorted(changed):
            article = view.article(doc)
            if article is None:
                continue
            found = article_claims(article, view.annotations(doc))
            records[doc] = {"title": article.title, "outlet": article.outlet,
                            "date": article.date.isoformat() if article.date else None,
                            "claims": [claim.to_dict() for claim in found]}
            view.results.put(f"doc:{doc}", records[doc], [doc])
            keys = sorted({names.key(n) for claim in found for n in claim.names + claim.implied} - {""})
            view.results.put(f"keys:{doc}", keys)
            for key in keys:
                entity_list(key)["docs"][doc] = 1
        fresh = set(records)
        everything = fresh >= set(view.article_ids())
        if fresh and not everything:
            for doc in self._neighbours(fresh, lists, entity_list):
                data = view.results.get(f"doc:{doc}")
                if isinstance(data, dict):
                    records[doc] = data
        claims = [Claim.from_dict(dict(c)) for doc in sorted(records) for c in records[doc].get("claims", [])]
        # What the checks' records need of an article; its claims are in `claims` now.
        records = {doc: {k: v for k, v in data.items() if k != "claims"} for doc, data in records.items()}
        index = ClaimIndex(claims, names.key)
        focus = [i for i, claim in enumerate(claims) if claim.doc in fresh]
        if focus:
            bodies: dict[str, str] = {}
            for pair in index.candidates(None if everything else focus):
                self._check(view, index.claims[pair.a], index.claims[pair.b], pair.similarity, records, bodies, names)
        for key, data in lists.items():
            if data["docs"]:
                view.results.put(f"ent:{key}", data)
            else:
                view.results.delete(f"ent:{key}")
        self._name_variants(view, names, entity_list)

    @staticmethod
    def _neighbours(fresh: set[str], lists: dict, entity_list) -> list[str]:
        """The articles that share an entity with the changed ones (see ENTITY_DOCS_MAX)."""
        keys = {key for key, data in lists.items() if fresh & set(data["docs"])}
        usable = sorted((len(entity_list(k)["docs"]), k) for k in keys if len(entity_list(k)["docs"]) <= ENTITY_DOCS_MAX)
        found: dict[str, None] = {}
        for _, key in usable:
            for doc in entity_list(key)["docs"]:
                if doc not in fresh:
                    found[doc] = None
            if len(found) >= NEIGHBOURS_MAX:
                break
        return list(found)[:NEIGHBOURS_MAX]

    def _check(self, view, a: Claim, b: Claim, similarity: float, infos, bodies, names) -> None:
        for doc in (a.doc, b.doc):
            if doc not in bodies:
                article = view.article(doc)
                bodies[doc] = article.body if article else ""
        text_a, text_b = bodies[a.doc][a.start:a.end], bodies[b.doc][b.start:b.end]
        for finding in checks.check(a, b, text_a, text_b, names.same, similarity):
            one = side(a, infos.get(a.doc, {}), bodies[a.doc], finding.spans_a)
            other = side(b, infos.get(b.doc, {}), bodies[b.doc], finding.spans_b)
            who = attribution(one, other)
            record = {"type": finding.type, "score": score(finding, similarity, a.doc == b.doc),
                      "explanation": finding.explanation + (f" ({who})" if who else ""),
                      "key": finding.key, "similarity": round(similarity, 3),
                      "entities": sorted(set(a.names + a.implied) & set(b.names + b.implied)),
                      "a": one, "b": other}
            record["id"] = conflict_id(finding.type, finding.key, text_a, text_b)
            view.results.put(f"conflict:{record['id']}", record, sorted({a.doc, b.doc}))

    def _name_variants(self, view, names: Names, entity_list) -> None:
        """One entity spelled two ways: the first sentence of an article that
        writes each spelling, side by side."""
        for key, data, _ in list(view.results.items("conflict:")):
            if isinstance(data, dict) and data.get("type") == "name-variant":
                view.results.delete(key)
        if not names.variants:
            return
        wanted = {fold(n) for pair in names.variants for n in pair[:2]}
        docs = sorted({doc for pair in names.variants for n in pair[:2] for doc in entity_list(names.key(n))["docs"]})
        where: dict[str, tuple[str, int, int]] = {}  # folded name -> (doc, start, end) of its first sentence
        infos: dict[str, dict] = {}
        for doc in docs:
            data = view.results.get(f"doc:{doc}")
            if not isinstance(data, dict):
                continue
            infos[doc] = data
            for claim in data.get("claims", []):
                for name in claim.get("names", []):
                    if fold(name) in wanted and fold(name) not in where:
                        where[fold(name)] = (doc, claim["start"], claim["end"])
        for first, second, reason in names.variants:
            a, b = where.get(fold(first)), where.get(fold(second))
            if not a or not b or a == b:
                continue
            texts = []
            sides = []
            for name, (doc, start, end) in ((first, a), (second, b)):
                article = view.article(doc)
                if article is None:
                    break
                sentence = article.body[start:end]
                at = sentence.find(name)
                spans = [(start + at, start + at + len(name))] if at >= 0 else []
                texts.append(sentence)
                sides.append({"doc": doc, "start": start, "end": end, "sentence": sentence,
                              "title": infos[doc].get("title", ""), "outlet": infos[doc].get("outlet"),
                              "date": infos[doc].get("date"), "speaker": None, "stance": "asserted",
                              "highlights": [list(s) for s in spans]})
            if len(sides) != 2:
                continue
            finding_key = "name-variant|" + "/".join(sorted([fold(first), fold(second)]))
            record = {"type": "name-variant", "score": round(checks.WEIGHTS["name-variant"] * 0.8, 4),
                      "explanation": f"one name spelled two ways: \u201c{first}\u201d / \u201c{second}\u201d ({reason})",
                      "key": finding_key, "similarity": 0.0, "entities": [first, second], "a": sides[0], "b": sides[1]}
            record["id"] = conflict_id("name-variant", finding_key, *texts)
            view.results.put(f"conflict:{record['id']}", record, sorted({sides[0]["doc"], sides[1]["doc"]}))
