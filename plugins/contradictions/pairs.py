"""Which claims to compare: pairs about the same thing, found through inverted
lists, never by comparing all pairs.

Each claim gets keys, (entity, term): one of the entities it names (under
its canonical name, so "Wenfeng Liang" and "Liang Wenfeng" meet) with one of
its content terms.  A claim looks for partners through its PROBE_KEYS rarest
keys (the shortest lists: rare shared material says most), skipping keys
held by more than MAX_POSTING claims ("said" beside the corpus's most
frequent name says nothing) and terms found in more than COMMON_TERM of all
claims.  Of the claims it meets, the 2 x MAX_PARTNERS met most often are
scored by term overlap (`similarity`), and the MAX_PARTNERS closest above
MIN_SIMILARITY become candidate pairs.

So each claim costs at most PROBE_KEYS x MAX_POSTING look-ups and 2 x
MAX_PARTNERS overlaps, whatever the corpus's size: the work grows linearly
with the number of claims.  `candidates(focus)` pairs only the claims in
`focus` (a new or changed article's) with the rest: re-indexing one article
costs its own claims.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .claims import Claim

MAX_POSTING = 64
PROBE_KEYS = 16
MAX_PARTNERS = 12
MIN_SHARED = 1
MIN_SIMILARITY = 0.2
COMMON_TERM = 0.05  # a term in more than this share of claims is no key (with at least COMMON_FLOOR claims)
COMMON_FLOOR = 200


@dataclass
class Pair:
    a: int  # claim indexes, a < b
    b: int
    shared_keys: int
    similarity: float
    shared_entities: list[str] = field(default_factory=list)
    shared_terms: list[str] = field(default_factory=list)


class ClaimIndex:
    """The inverted lists over a corpus's claims (see the module docstring).
    `canonical(name)` gives the key an entity name is compared by."""

    def __init__(self, claims: list[Claim], canonical: Callable[[str], str]):
        self.claims = claims
        self.entities = [sorted({canonical(n) for n in c.names + c.implied if canonical(n)}) for c in claims]
        self.terms = [frozenset(c.terms) for c in claims]
        counts = Counter(term for terms in self.terms for term in terms)
        total = max(1, len(claims))
        self.idf = {term: math.log(1 + total / n) for term, n in counts.items()}
        common = {term for term, n in counts.items() if n > max(COMMON_FLOOR, COMMON_TERM * total)}
        keys_of: list[frozenset] = []
        self.postings: dict[tuple[str, str], list[int]] = {}
        for i, (entities, terms) in enumerate(zip(self.entities, self.terms)):
            keys = frozenset((e, t) for e in entities for t in terms - common)
            keys_of.append(keys)
            for key in keys:
                self.postings.setdefault(key, []).append(i)
        self.skipped_keys = sum(1 for p in self.postings.values() if len(p) > MAX_POSTING)
        # The keys each claim looks for partners through: its rarest useful ones.
        self.probes = [sorted((k for k in keys if 1 < len(self.postings[k]) <= MAX_POSTING),
                              key=lambda k: (len(self.postings[k]), k))[:PROBE_KEYS] for keys in keys_of]

    def similarity(self, i: int, j: int) -> float:
        """How much of the shorter claim the other shares: the IDF weight of the
        shared terms over the weight of the lighter claim's terms (0..1)."""
        a, b = self.terms[i], self.terms[j]
        if not a or not b:
            return 0.0
        weight = self.idf.get
        lighter = min(sum(weight(t, 0.0) for t in a), sum(weight(t, 0.0) for t in b))
        return sum(weight(t, 0.0) for t in a & b) / (lighter or 1.0)

    def candidates(self, focus: Iterable[int] | None = None) -> Iterator[Pair]:
        """Candidate pairs: all of them, or those with a claim in `focus`."""
        seen: set[tuple[int, int]] = set()
        for i in range(len(self.claims)) if focus is None else sorted(set(focus)):
            met: Counter = Counter()
            for key in self.probes[i]:
                met.update(j for j in self.postings[key] if j != i)
            best = []
            for j, shared in heapq.nsmallest(2 * MAX_PARTNERS, met.items(), key=lambda item: (-item[1], item[0])):
                pair = (min(i, j), max(i, j))
                a, b = self.claims[pair[0]], self.claims[pair[1]]
                if pair in seen or (a.doc == b.doc and a.start == b.start):
                    continue
                score = self.similarity(i, j)
                if score >= MIN_SIMILARITY:
                    best.append((shared, score, pair))
            best.sort(key=lambda item: (-item[0], -item[1], item[2]))
            for shared, score, (x, y) in best[:MAX_PARTNERS]:
                seen.add((x, y))
                yield Pair(x, y, shared, score, sorted(set(self.entities[x]) & set(self.entities[y])),
                           sorted(self.terms[x] & self.terms[y]))


def all_pairs(claims: int) -> int:
    """How many pairs comparing everything would take."""
    return claims * (claims - 1) // 2
