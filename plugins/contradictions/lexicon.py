"""The words the contradictions checks read, as data: negation and stance
cues, reporting verbs, evaluative words, stop words, and WordNet's antonyms
(`data/antonyms.tsv`, built by `wordnet_extract.py`).

Everything here is general English; nothing names a person, an outlet or a
topic.  `base(word)` gives the dictionary form used to look antonyms up
("fell" -> "fall", "rising" -> "rise").
"""

from __future__ import annotations

import functools
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# One-word negations; "n't" is split off by the tokenizer as "not".
NEGATIONS = frozenset({
    "not", "no", "never", "none", "nothing", "neither", "nor", "without", "cannot", "nobody", "nowhere",
})
# Negations of what follows, as patterns: "no (concrete) evidence that ...",
# "a lack of a clear link", "failed to".  EVIDENTIAL ones deny that something
# is known rather than state its opposite.
EVIDENTIAL_NEGATIONS = (
    r"no\s+(?:\w+\s+){0,2}(?:evidence|indication|sign|proof|link|basis|suggestion)",
    r"(?:lack|lacks|lacked|lacking|absence)\s+of\s+(?:\w+\s+){0,3}(?:evidence|link|proof|connection|indication)",
    r"(?:nothing|none)\s+(?:\w+\s+){0,2}(?:proven|confirmed|established|shown)",
)
NEGATION_PHRASES = EVIDENTIAL_NEGATIONS + (
    r"lack\s+of", r"lacks", r"lacked", r"absence\s+of", r"failed\s+to", r"fails\s+to", r"far\s+from",
)
# Verbs that deny or reject what follows.
DENIAL_VERBS = frozenset({
    "deny", "denies", "denied", "denying", "refute", "refutes", "refuted", "reject", "rejects", "rejected",
    "dismiss", "dismisses", "dismissed", "disputes", "disputed", "contest", "contests", "contested",
})
# Words that present a claim as unproven, contested or an accusation.
DISPUTE_WORDS = frozenset({
    "allegation", "allegations", "alleged", "allegedly", "alleges", "alleging", "accused", "accuses",
    "accusation", "accusations", "unproven", "unsubstantiated", "unverified", "unfounded", "baseless",
    "purported", "purportedly", "supposedly", "rumour", "rumours", "rumor", "rumors",
    "speculation", "questioned", "doubts", "dubious", "unclear", "unconfirmed",
})
# Hedges: the writer does not assert it as fact.
HEDGES = frozenset({
    "may", "might", "could", "possibly", "perhaps", "reportedly", "apparently", "likely", "unlikely",
    "appears", "appear", "seems", "seem", "suggests", "suggest", "believed",
})
# Verbs of saying: "X said", "X claims that", "according to X".
REPORTING_VERBS = frozenset({
    "said", "says", "say", "claim", "claims", "claimed", "argue", "argues", "argued", "allege", "alleges",
    "alleged", "told", "tells", "stated", "states", "insist", "insists", "insisted", "wrote", "writes",
    "added", "adds", "noted", "notes", "warned", "warns", "believes", "believed", "contends", "contended",
    "maintains", "maintained", "asserted", "asserts", "reported", "reports", "announced", "announces",
    "accused", "accuses", "suggested", "suggests", "proposed", "proposes", "testified", "acknowledged",
    "admitted", "denied", "denies", "confirmed", "confirms", "concerned", "worried", "fears", "feared",
})
# Evaluations of a proposal, a decision, a claim: positive and negative.
POSITIVE = frozenset({
    "necessary", "justified", "legitimate", "reasonable", "warranted", "appropriate", "essential", "sensible",
    "fair", "right", "valid", "sound", "prudent", "wise", "needed", "vital", "crucial", "credible", "accurate",
    "correct", "true", "safe", "secure", "effective", "successful", "beneficial", "welcome",
})
NEGATIVE = frozenset({
    "hypocritical", "unjustified", "unnecessary", "misguided", "baseless", "unfounded", "unfair", "wrong",
    "absurd", "excessive", "illegitimate", "unreasonable", "invalid", "reckless", "dangerous", "harmful",
    "ineffective", "inaccurate", "incorrect", "false", "misleading", "flawed", "unsafe", "insecure",
    "self-serving", "politically motivated", "protectionist", "counterproductive", "failed", "risky",
    "hypocrisy", "double standard", "double standards", "hypocrite", "hypocrites",
})
# Words with no content of their own for matching two sentences.
STOP_WORDS = frozenset("""
a about above after again against all also although am an and any are as at be because been before being
below between both but by can could did do does doing done down during each even ever every few for from
further had has have having he her here hers herself him himself his how however i if in into is it its
itself just least less let like made make makes many may me might more most much must my myself new now
of off on once one only or other our ours out over own per said same say says she should since so some
still such than that the their theirs them themselves then there these they this those though through to
too under until up upon us very via was we were what when where whether which while who whom whose why will
with within would yet you your yours according told year years time times mr mrs ms percent pct
""".split())
# Words of a sentence that say when, not what (kept out of the overlap).
TIME_WORDS = frozenset("""
january february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday today yesterday tomorrow week weeks month months recently earlier
later last next ago early late mid
""".split())


# Antonyms that describe one event from its two sides ("A sells to B" is "B
# buys from A"): never a contradiction by themselves.
CONVERSES = frozenset(frozenset(pair) for pair in (
    ("buy", "sell"), ("lend", "borrow"), ("give", "receive"), ("give", "take"), ("send", "receive"),
    ("teach", "learn"), ("import", "export"), ("employ", "work"), ("parent", "child"), ("debit", "credit"),
    ("question", "answer"), ("ask", "answer"), ("lead", "follow"), ("host", "guest"), ("supply", "demand"),
))


@functools.lru_cache(maxsize=1)
def antonyms() -> dict[str, frozenset[str]]:
    """word -> its direct antonyms (any part of speech), from WordNet 3.0."""
    table: dict[str, set[str]] = {}
    for line in (DATA / "antonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, other, _ = line.split("\t")
            if frozenset((word, other)) not in CONVERSES:
                table.setdefault(word, set()).add(other)
    return {word: frozenset(others) for word, others in table.items()}


@functools.lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    forms = {}
    for line in (DATA / "forms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            form, base_form = line.split("\t")[:2]
            forms.setdefault(form, base_form)
    return forms


# Endings taken off to find a base form, tried in order (WordNet's "morphy" rules).
_DETACH = (("ies", "y"), ("es", "e"), ("es", ""), ("s", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
           ("er", ""), ("est", ""), ("er", "e"), ("est", "e"))


@functools.lru_cache(maxsize=65536)
def bases(word: str) -> frozenset[str]:
    """Every form of `word` WordNet's antonyms list: the word itself ("rising",
    an adjective), its irregular base ("rose" -> "rise") and what taking an
    ending off gives ("rising" -> "rise"); the word alone when none is known."""
    word = word.lower()
    table = antonyms()
    found = {word} if word in table else set()
    irregular = _irregular().get(word)
    if irregular:
        found.add(irregular)
    for ending, replacement in _DETACH:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            candidate = word[: -len(ending)] + replacement
            if candidate in table:
                found.add(candidate)
            elif len(candidate) > 3 and candidate[-1] == candidate[-2] and candidate[:-1] in table:
                found.add(candidate[:-1])  # "stopped" -> "stop"
    return frozenset(found or {word})


def base(word: str) -> str:
    """One base form of `word`: the verb or noun under an inflection when there
    is one ("fell" -> "fall", "rising" -> "rise"), else the word."""
    found = bases(word)
    lower = word.lower()
    others = sorted(found - {lower}, key=len)
    return others[0] if others else lower
