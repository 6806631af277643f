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
from .claims import Claim, Value, content_stem, name_key

# How much each kind of disagreement weighs in the score (before overlap and attribution).
WEIGHTS = {"value": 1.0, "negation": 0.9, "antonym": 0.75, "stance": 0.7, "name-variant": 0.5}
TYPES = tuple(WEIGHTS)
MIN_ROLE_SHARED = 2  # role words two values must share (one if it is the word right before both)
RELATIVE_GAP = 0.02  # amounts closer than this are the same, rounded differently
# Two sentences with opposite words must otherwise say nearly the same thing
# ("shares of X rose sharply after the report" / "... fell sharply ...").
MIN_ANTONYM_SIMILARITY = 0.45


@dataclass
class Finding:
    type: str
    confidence: float  # 0..1, from the check itself
    explanation: str
    spans_a: list[tuple[int, int]] = field(default_factory=list)  # body offsets to highlight
    spans_b: list[tuple[int, int]] = field(default_factory=list)
    key: str = ""  # what the disagreement is about, for grouping near-duplicates


_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "prof", "professor"})


def same_person(x: str, y: str) -> bool:
    """Two names of one entity, as far as the words tell: the same words, or
    one's words within the other's once titles are dropped ("Mr Brown",
    "Gordon Brown")."""
    wx = set(name_key(x).split()) - _TITLES
    wy = set(name_key(y).split()) - _TITLES
    return bool(wx and wy) and (wx <= wy or wy <= wx)


def shared_names(a: Claim, b: Claim, same_entity=None) -> set[str]:
    """The names two claims both mention (or point back to), as `a` writes them."""
    same = same_entity or (lambda x, y: name_key(x) == name_key(y))
    return {x for x in a.names + a.implied if any(same(x, y) for y in b.names + b.implied)}


def check(a: Claim, b: Claim, text_a: str, text_b: str, same_entity, similarity: float = 1.0) -> list[Finding]:
    """Every disagreement the checks find between two claims (`text_*`: their
    sentences; `same_entity(x, y)`: whether two names are one entity;
    `similarity`: how much they share, from `pairs.ClaimIndex`)."""
    found = []
    found += values(a, b, text_a, text_b, same_entity)
    found += negation(a, b, text_a, text_b)
    if similarity >= MIN_ANTONYM_SIMILARITY:
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
    the word right before a name or a count must be the same ("hedge fund X"
    / "hedge fund Y"; not "brought X" / "organisation Y"); amounts,
    percentages and years need MIN_ROLE_SHARED words in common ("growth
    estimated at" is not "piracy estimated at")."""
    shared = [w for w in x.role if w in y.role]
    same_head = bool(x.role) and x.role[-1:] == y.role[-1:]
    if x.kind in ("name", "count", "year"):
        return shared if same_head else []  # counts: the unit is compared apart ("300 jobs")
    if len(shared) >= MIN_ROLE_SHARED:
        return shared
    return []


def _stems(words) -> frozenset[str]:
    return frozenset(content_stem(w) or w for w in words)


_CHANGE = _stems(L.CHANGE_WORDS)
_UNIQUE = _stems(L.UNIQUE_ROLES)
_ORIGINS = _stems(L.ORIGINS)
_ONCE = _stems(L.ONCE)


def same_time(a: Claim, b: Claim) -> bool | None:
    """Whether two claims speak of the same time: None when either names none,
    else whether one of their time values contains the other ("2025" and
    "2025-03" do; "XXXX-01" and "XXXX-12" do not)."""
    if not a.dates or not b.dates:
        return None
    return any(x.startswith(y) or y.startswith(x) for x in a.dates for y in b.dates)


def _owner_of(value: Value, claim: Claim, other: Claim, same_entity) -> bool:
    """Whether the name a value belongs to in `claim` is one `other` is about:
    the name before the value, or, when the sentence does not name its
    subject ("The institution was incubated by ..."), what it points back to."""
    if value.subject:
        return any(same_entity(value.subject, n) for n in other.names + other.implied)
    return bool(claim.implied and shared_names(claim, other, same_entity))


def _title(value: Value) -> list[str]:
    """The role after its origin word, for origins ("spin-off from a hedge fund
    called" -> hedge fund); the role itself otherwise."""
    cut = max((i for i, w in enumerate(value.role) if w in _ORIGINS), default=-1)
    return value.role[cut + 1:] if cut >= 0 else value.role


def _comparable(a: Claim, b: Claim, x: Value, y: Value, same_entity) -> bool:
    """Whether two values can only be one:

    - names: a title one entity has one of ("chief executive") or what it
      came from ("a spin-off from a fund called X" / "incubated by the fund
      Y"), the same title in both (its last three words: "shadow home
      secretary" is not "shadow education secretary"), and, for a short
      title, the same owner ("Chelsea chief executive" is not "Liverpool
      chief executive");
    - years: both date an event that happens once ("founded in"), of the same
      entity;
    - amounts and counts: of the same entity (the period is checked apart).
    The owner is the name just before each value."""
    same_owner = bool(x.subject and y.subject and same_entity(x.subject, y.subject)) or \
        (_owner_of(x, a, b, same_entity) and _owner_of(y, b, a, same_entity))
    if x.kind == "name":
        origins = bool(set(x.words) & L.ORIGINS and set(y.words) & L.ORIGINS)
        unique = origins or bool({x.role[-1], y.role[-1]} & _UNIQUE)
        tx, ty = _title(x), _title(y)
        length = min(len(tx), len(ty), 3)
        same_title = length >= (1 if origins else 2) and tx[-length:] == ty[-length:]
        return unique and same_title and (length >= 3 or same_owner)
    if not same_owner:
        return False
    if x.kind == "year":
        return bool(set(x.words) & L.ONCE and set(y.words) & L.ONCE)
    # Amounts: both owners named ("It agreed to pay $13m" / "It is paying
    # $500,000" are two payments), and the same thing measured when both say.
    if not (x.subject and y.subject):
        return False
    return x.after == y.after  # "£4bn" of tax cuts is not "£35bn efficiency savings"


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
            if not shared or not _comparable(a, b, x, y, same_entity):
                continue
            if x.kind != "year" and when is False:
                continue  # amounts of different times are a change, not a contradiction
            if (set(x.role) | set(y.role)) & _CHANGE and when is not True:
                continue  # "rose 3%" / "rose 5%": which period? only the same one contradicts
            if bool(set(x.words[-6:]) & L.ROLE_TIME_WORDS) != bool(set(y.words[-6:]) & L.ROLE_TIME_WORDS):
                continue  # "former Fiat chief executive X" / "Fiat chief executive Y"
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
        if not neg.negated or pos.negation or pos.stance in ("intended", "disputed", "conditional") or \
                neg.stance == "conditional":
            continue  # "hopes to win" / "failed to win" agree; so do "questioned whether" / "has no"
        denied = sorted(set(neg.negated) & set(pos.terms))
        # Whose claim is denied: a name of the negated clause the other side is about.
        if not any(same_person(n, m) for n in neg.negated_names for m in pos.names + pos.implied):
            continue
        # Enough of what is negated must be what the other side says: three
        # words, its predicate (the first word in the negation's scope) among
        # them, or, for a verb's negation ("do not contain mechanisms ... user
        # data"), two fifths of its scope; "no evidence that X" needs one.
        head = neg.negated[0] in denied
        verbal = neg.negation.lower().replace("’", "'") in L.VERBAL_NEGATIONS
        if neg.evidential:
            enough = len(denied) >= 1
        else:
            enough = len(denied) >= 3 and (head or (verbal and len(denied) >= 0.4 * len(neg.negated)))
        if not enough:
            continue
        cue = neg.negation
        what = "finds no evidence for" if neg.evidential else "denies"
        # Surer when the negated predicate itself is shared, less when the
        # asserting side only says it may be so.
        confidence = 0.5 + 0.08 * min(len(denied), 5) + (0.15 if head else 0)
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
    if a.negation or b.negation or "conditional" in (a.stance, b.stance) or not shared_names(a, b):
        return []  # "not secure" / "insecure" agree; and both must be about one named thing
    table = L.antonyms()
    lemmas_a, lemmas_b = set(a.lemmas), set(b.lemmas)  # every base form of every content word
    for word in sorted(lemmas_a - lemmas_b):
        for other in sorted(table.get(word, frozenset()) & (lemmas_b - lemmas_a)):
            shared = (lemmas_a & lemmas_b) - L.STOP_WORDS
            if len(shared) < 2:
                continue
            span_a, span_b = _word_span(text_a, a.start, word), _word_span(text_b, b.start, other)
            surfaces = (_surface(text_a, span_a, a.start, word), _surface(text_b, span_b, b.start, other))
            if any(w[:1].isupper() for w in surfaces):
                continue  # "Lost in Translation", "Little Britain": titles, not predicates
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
    shared = shared_names(a, b)
    for x, y, flip in ((a, b, False), (b, a, True)):
        # y calls an allegation, unproven, speculation... what x states as fact.
        if x.stance == "asserted" and y.stance == "disputed" and not x.negation and shared:
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
    if shared or len(set(a.terms) & set(b.terms)) >= 2:
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
