"""Which claims to compare: pairs about the same thing, found through inverted
lists, never by comparing all pairs.

Each claim gets keys, (entity, term): one of the entities it names (under
its canonical name, so "Wenfeng Liang" and "Liang Wenfeng" meet) with one of
its content terms.  Two claims are a candidate pair when they share a key
(an entity, and a term said of it) and their terms overlap by at least MIN_SIMILARITY: the IDF weight of the terms
they share over that of the shorter one's terms (a short sentence can
contradict a clause of a long one).  A key held
by more than MAX_POSTING claims ("said" beside the corpus's most frequent
name) says nothing and is skipped, and so are terms found in more than
COMMON_TERM of all claims: each claim then meets at most
MAX_POSTING x (its keys) others, so the work grows linearly with the corpus.

`candidates(focus)` pairs only the claims in `focus` (a new or changed
article's) with the rest: re-indexing one article costs its own claims.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .claims import Claim

MAX_POSTING = 64
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
        self.keys: list[frozenset] = []
        self.postings: dict[tuple[str, str], list[int]] = {}
        for i, (entities, terms) in enumerate(zip(self.entities, self.terms)):
            keys = frozenset((e, t) for e in entities for t in terms - common)
            self.keys.append(keys)
            for key in keys:
                self.postings.setdefault(key, []).append(i)
        self.skipped_keys = sum(1 for p in self.postings.values() if len(p) > MAX_POSTING)

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
        counts: Counter = Counter()
        if focus is None:
            for posting in self.postings.values():
                if len(posting) > MAX_POSTING:
                    continue
                for x in range(len(posting)):
                    for y in range(x + 1, len(posting)):
                        counts[(posting[x], posting[y])] += 1
        else:
            for i in sorted(set(focus)):
                met: Counter = Counter()
                for key in self.keys[i]:
                    posting = self.postings[key]
                    if len(posting) <= MAX_POSTING:
                        met.update(j for j in posting if j != i)
                for j, n in met.items():
                    counts[(min(i, j), max(i, j))] = n
        for (i, j), shared in counts.items():
            if shared < MIN_SHARED:
                continue
            a, b = self.claims[i], self.claims[j]
            if a.doc == b.doc and a.start == b.start:
                continue
            score = self.similarity(i, j)
            if score >= MIN_SIMILARITY:
                yield Pair(i, j, shared, score, sorted(set(self.entities[i]) & set(self.entities[j])),
                           sorted(self.terms[i] & self.terms[j]))


def all_pairs(claims: int) -> int:
    """How many pairs comparing everything would take."""
    return claims * (claims - 1) // 2
