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

# One-word negations; "n't" is split off by the tokenizer as "not".  ("without"
# is too weak alone: "without evidence" is an evidential negation below.)
NEGATIONS = frozenset({
    "not", "no", "never", "none", "nothing", "neither", "nor", "cannot", "nobody", "nowhere",
})
# Words after a negation that make it no negation of the claim: "not only",
# "not least", "no longer" (a change, said as such), "no one" (a subject).
NOT_NEGATING = frozenset({"only", "least", "just", "merely", "simply", "longer", "more", "one", "doubt", "wait",
                          "help"})
# Words before "not to" that make it advice ("careful not to move too fast").
ADVICE_BEFORE_NOT = frozenset({"careful", "cautious", "wary", "sure", "try", "tried", "trying"})
# Negations of a verb ("do not contain"), as opposed to "no such", "failed to".
VERBAL_NEGATIONS = frozenset({"not", "n't", "never", "cannot"})
# Negations of what follows, as patterns: "no (concrete) evidence that ...",
# "a lack of a clear link", "failed to".  EVIDENTIAL ones deny that something
# is known rather than state its opposite.
EVIDENTIAL_NEGATIONS = (
    r"no\s+(?:\w+\s+){0,2}(?:evidence|indication|sign|proof|link|basis|suggestion)",
    r"(?:lack|lacks|lacked|lacking|absence)\s+of\s+(?:\w+\s+){0,3}(?:evidence|link|proof|connection|indication)",
    r"(?:nothing|none)\s+(?:\w+\s+){0,2}(?:proven|confirmed|established|shown)",
    r"without\s+(?:\w+\s+){0,2}(?:evidence|proof)",
)
NEGATION_PHRASES = EVIDENTIAL_NEGATIONS + (
    r"lack\s+of", r"lacks", r"lacked", r"absence\s+of", r"failed\s+to", r"fails\s+to", r"failing\s+to",
    r"far\s+from", r"ruled\s+out", r"rules\s+out", r"ruling\s+out", r"refused\s+to", r"refuses\s+to",
)
# Where a negation's reach ends: punctuation, and words that open another clause
# ("failed to get finance after a court barred it": the court part is not negated).
SCOPE_END = (r"[;:,()\u2013\u2014]|\s-\s|\b(?:but|after|before|because|while|although|though|whereas|"
             r"when|whenever|since|until|unless|however|which|who)\b|"
             r"\band\s+(?:again\s+|also\s+)?(?:[A-Z]|he\b|she\b|they\b|it\b|we\b|i\b)")
# Verbs that deny a claim: only when what follows is one ("denied that ...",
# "rejected claims that ..."), not "denied him gold" or "dismissed an appeal".
DENIAL_VERBS = frozenset({
    "deny", "denies", "denied", "denying", "refute", "refutes", "refuted", "reject", "rejects", "rejected",
    "dismiss", "dismisses", "dismissed", "disputes", "disputed",
})
CLAIM_NOUNS = frozenset({
    "that", "claim", "claims", "report", "reports", "allegation", "allegations", "accusation", "accusations",
    "suggestion", "suggestions", "rumour", "rumours", "rumor", "rumors", "speculation", "charge", "charges",
    "assertion", "assertions", "story", "stories", "idea",
})
# Words that present a claim as unproven, contested or an accusation.
DISPUTE_WORDS = frozenset({
    "allegation", "allegations", "alleged", "allegedly", "alleges", "alleging", "accused", "accuses",
    "accusation", "accusations", "unproven", "unsubstantiated", "unverified", "unfounded", "baseless",
    "purported", "purportedly", "supposedly", "rumour", "rumours", "rumor", "rumors",
    "speculation", "questioned", "doubts", "dubious", "unclear", "unconfirmed", "charges", "charged",
})
# Hedges: the writer does not assert it as fact.
HEDGES = frozenset({
    "may", "might", "could", "possibly", "perhaps", "reportedly", "apparently", "likely", "unlikely",
    "appears", "appear", "seems", "seem", "suggests", "suggest", "believed", "would",
})
# Intentions and hopes: what someone wants is no statement of what happened.
INTENTIONS = frozenset({
    "hoping", "hopes", "hope", "hoped", "aims", "aiming", "wants", "wanted", "seeks", "seeking", "plans",
    "planned", "planning", "expects", "expected", "intends", "intended", "tipped", "set",
})
# A value's role with one of these is a change over some period ("rose 3%",
# "grew at an annual rate of 3.9%"): two different changes contradict only
# for the same period.
CHANGE_WORDS = frozenset("""
rose rise risen rising rises fell fall fallen falling falls grew grow grown growing grows gained gain gains
lost lose loses up down increased increase increases decreased decrease decreases climbed climb climbs
dropped drop drops jumped jump jumps slipped slip slid slide declined decline declines surged surge plunged
plunge soared soar eased ease edged edge added shed closed opened rate rates growth change changed higher
lower record fell
""".split())
# A name fills a role one entity has only one of at a time ("chief executive X",
# "founder X"), or is what the entity came from ("a spin-off from a fund called
# X", "owned by X"): two different names there contradict.  (Many people are
# "a prop" or "a correspondent" of one team or paper.)
UNIQUE_ROLES = frozenset("""
ceo chief executive chairman chairwoman chair president founder co-founder cofounder owner parent head leader
captain manager coach editor governor mayor premier chancellor secretary king queen pope spokesman spokeswoman
""".split())
ORIGINS = frozenset("""
spin-off spinoff spun incubated founded owned parent subsidiary acquired bought backed created launched
""".split())
# A year is a conflict when it dates something that happens once.
ONCE = frozenset("""
founded established born died launched created formed incorporated started began set joined elected married
released published invented introduced acquired bought merged listed floated opened built
""".split())
# Verbs that may follow an owner's name directly ("Acme cut 300 jobs"): the
# name is the owner, not a qualifier of the word after it.
OWNER_VERBS = frozenset("""
is was has had have are were will would said says agreed cut cuts paid pays reported reports posted made sold
spent raised won lost grew rose fell employs employed expects expected plans announced
""".split())
# Qualifiers that make a role another one: "former captain X" / "captain Y".
ROLE_TIME_WORDS = frozenset("former ex then previous new current acting interim outgoing incoming future late "
                            "first last next".split())
# Units that make a number a time or a duration, not a count of things.
TIME_UNITS = frozenset("""
gmt bst utc cet est edt pst pdt am pm minute minutes hour hours second seconds day days week weeks month months
year years times time per
""".split())
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


# Opposites of place or order, not of truth: "went home" / "walked away", "first
# half" / "last year", "left wing" / "right to".
POSITIONAL = frozenset("""
first last second home away left right center centre front back top bottom inner outer early late earlier later
latest earliest new old next previous past future
""".split())


@functools.lru_cache(maxsize=1)
def adjectives() -> frozenset[str]:
    """The antonym list's adjectives (comparatives are looked up through them)."""
    found = set()
    for line in (DATA / "antonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and line.endswith("\ta"):
            found.add(line.split("\t")[0])
    return frozenset(found)


@functools.lru_cache(maxsize=1)
def antonyms() -> dict[str, frozenset[str]]:
    """word -> its direct antonyms (verbs and adjectives), from WordNet 3.0."""
    table: dict[str, set[str]] = {}
    for line in (DATA / "antonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, other, pos = line.split("\t")
            # Verbs and adjectives turn a claim around; nouns and adverbs
            # ("home" / "away", "winner" / "loser") mostly do not.
            if pos in ("a", "v") and frozenset((word, other)) not in CONVERSES and \
                    word not in POSITIONAL and other not in POSITIONAL:
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
            if candidate[-1:] == candidate[-2:-1] and len(candidate) > 3 and candidate not in table:
                candidate = candidate[:-1]  # "stopped" -> "stop", "bigger" -> "big"
            # "-er", "-est" make comparatives of adjectives, not "winner" of "win".
            if candidate in table and (ending not in ("er", "est") or candidate in adjectives()):
                found.add(candidate)
    return frozenset(found or {word})


def base(word: str) -> str:
    """One base form of `word`: the verb or noun under an inflection when there
    is one ("fell" -> "fall", "rising" -> "rise"), else the word."""
    found = bases(word)
    lower = word.lower()
    others = sorted(found - {lower}, key=len)
    return others[0] if others else lower
