"""The typed checks: does a pair of claims about the same thing disagree, how,
and how sure are we.  Each check returns `Finding`s with a one-line
explanation a person can verify against the two quotes.

- value: the same role filled differently: "founded in 2021" / "founded in
  2023", "$6 million" / "$500 million", "a hedge fund called X" / "hedge fund
  Y" (names that are not one entity under two spellings);
- negation: one side denies what the other asserts ("requires it to provide
  user data" / "do not contain mechanisms ... user data"), "no evidence that
  ..." against a claim stated as fact;
- antonym: the aligned predicate turned around ("rose" / "fell",
  "secure" / "insecure"), from WordNet's antonyms;
- stance: stated as fact in one, called an allegation or unproven in the
  other; judged positively in one and negatively in the other
  ("necessary" / "hypocrisy").

Name variants (one entity spelled two ways) come from the entities plugin's
clusters, not from sentence pairs: see `analyzer.py`.  Pairs that agree,
paraphrase, report the same claim twice or speak of different subjects
yield nothing: each check needs a difference on shared ground.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon as L
from .claims import Claim, Value, content_stem

# How much each kind of disagreement weighs in the score (before overlap and attribution).
WEIGHTS = {"value": 1.0, "negation": 0.9, "antonym": 0.75, "stance": 0.7, "name-variant": 0.5}
TYPES = tuple(WEIGHTS)
MIN_ROLE_SHARED = 2  # role words two values must share (one if it is the word right before both)
RELATIVE_GAP = 0.02  # amounts closer than this are the same, rounded differently


@dataclass
class Finding:
    type: str
    confidence: float  # 0..1, from the check itself
    explanation: str
    spans_a: list[tuple[int, int]] = field(default_factory=list)  # body offsets to highlight
    spans_b: list[tuple[int, int]] = field(default_factory=list)
    key: str = ""  # what the disagreement is about, for grouping near-duplicates


def check(a: Claim, b: Claim, text_a: str, text_b: str, same_entity) -> list[Finding]:
    """Every disagreement the checks find between two claims (`text_*`: their
    sentences; `same_entity(x, y)`: whether two names are one entity)."""
    found = []
    found += values(a, b, text_a, text_b, same_entity)
    found += negation(a, b, text_a, text_b)
    found += antonym(a, b, text_a, text_b)
    found += stance(a, b, text_a, text_b)
    return found


# -- values -------------------------------------------------------------------------------
def _same_value(x: Value, y: Value, same_entity) -> bool:
    if x.kind == "name":
        return same_entity(x.value, y.value) or _close_spelling(x.value, y.value)
    if x.kind in ("money", "count"):
        (unit_x, number_x), (unit_y, number_y) = _amount(x), _amount(y)
        if unit_x != unit_y:
            return True  # different currencies or units: not comparable, so no conflict
        return _close(number_x, number_y)
    if x.kind == "percent":
        return _close(float(x.value), float(y.value))
    return x.value == y.value


def _amount(value: Value) -> tuple[str, float]:
    """(unit, number) of a money value ("USD 6000000") or a count ("2000 employe")."""
    if value.kind == "money":
        unit, _, number = value.value.partition(" ")
    else:
        number, _, unit = value.value.partition(" ")
    return unit, float(number)


def _close(x: float, y: float) -> bool:
    return abs(x - y) <= RELATIVE_GAP * max(abs(x), abs(y), 1e-9)


def _close_spelling(x: str, y: str) -> bool:
    fx, fy = _fold(x), _fold(y)
    return fx == fy or fx in fy or fy in fx


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _roles_meet(x: Value, y: Value) -> list[str]:
    """The role words two values share, when they are roles of the same thing:
    the word right before a name must be the same ("hedge fund X" / "hedge
    fund Y"; not "brought X" / "organisation Y"); amounts and years need
    MIN_ROLE_SHARED words in common, or the same word right before them."""
    shared = [w for w in x.role if w in y.role]
    same_head = bool(x.role) and x.role[-1:] == y.role[-1:]
    if x.kind == "name":
        return shared if same_head else []
    if len(shared) >= MIN_ROLE_SHARED or (shared and same_head):
        return shared
    return []


_CHANGE = frozenset(content_stem(w) or w for w in L.CHANGE_WORDS)
_ROLE_TIME = frozenset(content_stem(w) or w for w in L.ROLE_TIME_WORDS)


def same_time(a: Claim, b: Claim) -> bool | None:
    """Whether two claims speak of the same time: None when either names none,
    else whether one of their time values contains the other ("2025" and
    "2025-03" do; "XXXX-01" and "XXXX-12" do not)."""
    if not a.dates or not b.dates:
        return None
    return any(x.startswith(y) or y.startswith(x) for x in a.dates for y in b.dates)


def _anchor(a: Claim, b: Claim, x: Value, y: Value, same_entity) -> bool:
    """Whether the two claims share an entity that is what the values are
    about: not one of the values and, for names, not a word of their role
    ("England" in "England rugby captain X" does not make two captains'
    sentences one; "Acme" in "Acme was founded in 2019" is the subject)."""
    role_words = set(x.role) | set(y.role) if x.kind == "name" else set()
    for name_a in a.names + a.implied:
        if same_entity(name_a, x.value) or same_entity(name_a, y.value):
            continue
        if role_words and {content_stem(w) for w in re.findall(r"\w+", name_a)} <= role_words:
            continue
        if any(same_entity(name_a, name_b) for name_b in b.names + b.implied):
            return True
    return False


def _edit_distance(x: str, y: str) -> int:
    previous = list(range(len(y) + 1))
    for i, cx in enumerate(x, start=1):
        current = [i]
        for j, cy in enumerate(y, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (cx != cy)))
        previous = current
    return previous[-1]


def values(a: Claim, b: Claim, text_a: str, text_b: str, same_entity) -> list[Finding]:
    """The same role filled with different values, about the same entity, at
    the same time (see the module docstring)."""
    when = same_time(a, b)
    out = []
    for x in a.values:
        for y in b.values:
            if x.kind != y.kind or _same_value(x, y, same_entity):
                continue
            shared = _roles_meet(x, y)
            if not shared or not _anchor(a, b, x, y, same_entity):
                continue
            if x.kind != "year" and when is False:
                continue  # amounts of different times are a change, not a contradiction
            if (set(x.role) | set(y.role)) & _CHANGE and when is not True:
                continue  # "rose 3%" / "rose 5%": which period? only the same one contradicts
            if bool(set(x.role) & _ROLE_TIME) != bool(set(y.role) & _ROLE_TIME):
                continue  # "former captain X" / "captain Y"
            # Each side mentioning the other's value means they agree on it ("from X to Y").
            if any(_same_value(y, other, same_entity) for other in a.values if other.kind == y.kind) or \
                    any(_same_value(x, other, same_entity) for other in b.values if other.kind == x.kind):
                continue
            pair = "/".join(sorted([_fold(x.value), _fold(y.value)]))
            if x.kind == "name" and min(len(x.value), len(y.value)) >= 5 and \
                    _edit_distance(_fold(x.value), _fold(y.value)) <= 2:
                out.append(Finding("name-variant", 0.8,
                                   f"one name spelled two ways for \u201c{_role_text(text_a, a.start, x)}\u201d: "
                                   f"{x.text} / {y.text}", [(x.start, x.end)], [(y.start, y.end)],
                                   key=f"name-variant|{pair}"))
                continue
            what = {"name": "names", "year": "years", "money": "amounts", "percent": "percentages",
                    "count": "counts"}[x.kind]
            confidence = min(1.0, 0.55 + 0.15 * len(shared))
            out.append(Finding("value", confidence,
                               f"different {what} for \u201c{_role_text(text_a, a.start, x)}\u201d: {x.text} / {y.text}",
                               [(x.start, x.end)], [(y.start, y.end)],
                               key=f"value|{x.kind}|{' '.join(shared)}|{pair}"))
    return out


def _role_text(text: str, offset: int, value: Value, words: int = 5) -> str:
    before = text[:value.start - offset]
    cut = re.split(r"[;:,()\u2013\u2014]", before)[-1]
    return " ".join(cut.split()[-words:]) or value.role[-1]


# -- negation -----------------------------------------------------------------------------
def negation(a: Claim, b: Claim, text_a: str, text_b: str) -> list[Finding]:
    out = []
    for pos, neg, text_pos, text_neg, flip in ((a, b, text_a, text_b, False), (b, a, text_b, text_a, True)):
        if not neg.negated or pos.negated or pos.stance == "intended":
            continue  # "hopes to win" / "failed to win" agree
        denied = sorted(set(neg.negated) & set(pos.terms))
        shared_names = set(pos.names + pos.implied) & set(neg.names + neg.implied)
        # Enough of what is negated must be what the other side says: its
        # predicate (the first word in the negation's scope) and one more, or
        # three words; "no evidence that X" about a shared name needs one.
        head = neg.negated[0] in denied
        if neg.evidential and shared_names:
            enough = len(denied) >= 1
        else:
            enough = len(denied) >= 3 or (len(denied) >= 2 and head)
        if not enough:
            continue
        cue = neg.negation
        what = "finds no evidence for" if neg.evidential else "denies"
        # Surer when the negated predicate itself is shared, less when the
        # asserting side only says it may be so.
        confidence = 0.45 + 0.08 * min(len(denied), 5) + (0.15 if head else 0) + (0.1 if shared_names else 0)
        confidence = min(1.0, confidence) * (0.75 if pos.stance == "hedged" else 1.0)
        where = _spans(text_neg, neg.start, cue)
        explanation = (f"one side {what} what the other states: \u201c{cue}\u201d on "
                       f"{_surface_words(denied, text_pos)}")
        spans_pos, spans_neg = [], where
        out.append(Finding("negation", confidence, explanation,
                           spans_neg if flip else spans_pos, spans_pos if flip else spans_neg,
                           key=f"negation|{' '.join(denied)}"))
    return out[:1]


def _surface_words(stems, text: str, most: int = 4) -> str:
    """Stems as the text writes them ("govern" -> "government"), in text order."""
    wanted, found = set(stems), []
    for match in re.finditer(r"[^\W\d_][\w'’\-]*", text):
        key = content_stem(match.group())
        if key in wanted:
            wanted.discard(key)
            found.append(match.group().lower())
    return ", ".join((found + sorted(wanted))[:most])


def _spans(text: str, offset: int, phrase: str) -> list[tuple[int, int]]:
    if not phrase:
        return []
    at = text.lower().find(phrase.lower())
    return [(offset + at, offset + at + len(phrase))] if at >= 0 else []


# -- antonyms -----------------------------------------------------------------------------
def antonym(a: Claim, b: Claim, text_a: str, text_b: str) -> list[Finding]:
    if a.negated or b.negated:
        return []  # "not secure" / "insecure" agree
    table = L.antonyms()
    lemmas_a, lemmas_b = set(a.lemmas), set(b.lemmas)  # every base form of every content word
    for word in sorted(lemmas_a - lemmas_b):
        for other in sorted(table.get(word, frozenset()) & (lemmas_b - lemmas_a)):
            shared = (lemmas_a & lemmas_b) - L.STOP_WORDS
            if len(shared) < 2:
                continue
            span_a, span_b = _word_span(text_a, a.start, word), _word_span(text_b, b.start, other)
            return [Finding("antonym", min(1.0, 0.45 + 0.08 * len(shared)),
                            f"opposite words on shared ground: \u201c{_surface(text_a, span_a, a.start, word)}\u201d / "
                            f"\u201c{_surface(text_b, span_b, b.start, other)}\u201d",
                            span_a, span_b, key=f"antonym|{'/'.join(sorted([word, other]))}")]
    return []


def _word_span(text: str, offset: int, lemma: str) -> list[tuple[int, int]]:
    for match in re.finditer(r"[^\W\d_][\w'’\-]*", text):
        if lemma in L.bases(match.group().lower()):
            return [(offset + match.start(), offset + match.end())]
    return []


def _surface(text: str, spans, offset: int, fallback: str) -> str:
    if not spans:
        return fallback
    start, end = spans[0]
    return text[start - offset:end - offset]


# -- stance -------------------------------------------------------------------------------
def stance(a: Claim, b: Claim, text_a: str, text_b: str) -> list[Finding]:
    out = []
    shared_names = set(a.names + a.implied) & set(b.names + b.implied)
    for x, y, flip in ((a, b, False), (b, a, True)):
        # y calls an allegation, unproven, speculation... what x states as fact.
        if x.stance == "asserted" and y.stance == "disputed" and not x.negated and shared_names:
            overlap = set(x.terms) & set(y.disputed)
            if len(overlap) >= 3:
                tx, ty = (text_b, text_a) if flip else (text_a, text_b)
                spans_y = _spans(ty, y.start, y.stance_cue)
                out.append(Finding("stance", min(1.0, 0.4 + 0.1 * len(overlap)),
                                   f"stated as fact on one side, called \u201c{y.stance_cue}\u201d on the other, "
                                   f"on {_surface_words(sorted(overlap), tx)}",
                                   spans_y if flip else [], [] if flip else spans_y,
                                   key=f"stance|{' '.join(sorted(overlap))}"))
                break
    if shared_names or len(set(a.terms) & set(b.terms)) >= 2:
        for x, y in ((a.evaluations, b.evaluations), (b.evaluations, a.evaluations)):
            plus = next((w for w, p in x if p > 0), None)
            minus = next((w for w, p in y if p < 0), None)
            if plus and minus:
                word_a, word_b = (plus, minus) if x is a.evaluations else (minus, plus)
                out.append(Finding("stance", 0.55,
                                   f"judged \u201c{word_a}\u201d on one side, \u201c{word_b}\u201d on the other",
                                   _spans(text_a, a.start, word_a), _spans(text_b, b.start, word_b),
                                   key=f"stance|{'/'.join(sorted([word_a, word_b]))}"))
                break
    return out
