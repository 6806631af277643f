"""Who said it: the attribution around a quotation, in the same sentence.

Pure text processing (no newsdesk import).  Given the text before a quotation
(back to the start of its sentence) and after it (to the end of the sentence),
find a speech verb and its subject:

- after the quotation: `“...,” Smith said`, `“...,” said Smith`, `“...,” he
  told Reuters`, `“...,” Smith, the CEO of Acme, said`;
- before it: `Smith said: “...”`, `Smith said that ... “...”`, `Acme CEO Jane
  Smith (...) has said “...”`;
- either side: `according to Smith`.

The subject is classified as a name, a pronoun ("he"), a role ("the CEO",
resolved later to the last person named) or a description ("some analysts",
kept as written, with no speaker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import HONORIFICS, ROLES, STOPWORDS, Name, name_runs

VERBS = (
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "explained", "explains",
    "asked", "asks", "replied", "replies", "answered", "wrote", "writes", "noted", "argued",
    "argues", "claimed", "claims", "insisted", "insists", "warned", "warns", "declared",
    "declares", "announced", "remarked", "recalled", "recalls", "commented", "responded",
    "suggested", "suggests", "admitted", "admits", "acknowledged", "conceded", "concedes",
    "confirmed", "observed", "mocked", "questioned", "joked", "jokes", "tweeted", "posted",
    "stressed", "stresses", "emphasised", "emphasized", "concluded", "predicted", "predicts",
    "urged", "urges", "cautioned", "continued", "continues", "complained", "complains",
    "boasted", "shouted", "cried", "whispered", "agreed", "countered", "maintained",
    "maintains", "contended", "quipped", "quips", "pointed out", "points out", "went on",
    "goes on", "saying", "adding", "writing", "telling",
)
# Lower-case only: "States" in "United States" is not a verb.
VERB = re.compile(r"(?<![\w'’-])(" + "|".join(sorted((re.escape(v) for v in VERBS), key=len, reverse=True))
                  + r")(?![\w'’-])")
ACCORDING = re.compile(r"(?<![\w-])[Aa]ccording to\s+")
PRONOUNS = {"he": "he", "she": "she", "i": "i", "we": "we", "they": "they", "it": "it", "you": "you"}
PERSONAL = {"he", "she"}
# Roles that name one person, so "the CEO said" can be resolved to the last speaker.
ROLE_NOUNS = {
    "ceo", "chief", "executive", "president", "minister", "secretary", "chairman", "chairwoman",
    "chair", "director", "spokesman", "spokeswoman", "spokesperson", "senator", "governor",
    "mayor", "judge", "coach", "manager", "captain", "founder", "co-founder", "leader",
    "chancellor", "professor", "boss", "author", "actor", "actress", "singer", "star", "player",
    "striker", "midfielder", "defender", "goalkeeper", "premier", "ambassador", "commissioner",
    "economist", "analyst", "official", "officer", "businessman", "businesswoman", "entrepreneur",
    "billionaire", "lawmaker", "politician", "writer", "novelist", "director-general", "head",
}
DETERMINERS = {"the", "his", "her", "its", "their", "our"}
# Words that may stand before a name after the verb: `said chief executive Jane Smith`.
DESCRIPTORS = ROLE_NOUNS | {r.strip(".") for r in ROLES | HONORIFICS} | {
    "the", "a", "an", "and", "former", "senior", "deputy", "acting", "managing", "general",
    "vice", "assistant", "then", "new", "chief", "executive", "prime", "foreign", "finance"}
_FILLER = re.compile(
    r"(?:\s+(?:(?:was|is|were|are|has been|had been) (?:quoted|reported) as|has|have|had|was|were|is|are|will|would|could|also|later|previously|then|once|again|"
    r"earlier|recently|first|further|simply|just|[a-z]+ly))+\s*$")
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")
_APPOSITIVE = re.compile(r",[^,]*,\s*$")
_LEADING = re.compile(r"^[\s,;:—–-]+")
_ENDS_SENTENCE = re.compile(r"[.!?…]['\"’”)\]]*$")
_CLAUSE = re.compile(r"[,;:—–()\[\]]")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Col|Lt|Sen|Rep|Gov|No|vs|Inc|Co|Corp|Ltd|"
                           r"[A-Z])|\.[A-Za-z])\.$")
_BOUNDARY = re.compile(r"[.!?…]+['\"’”)\]]*\s+")
MAX_SUBJECT_WORDS = 10


@dataclass
class Attribution:
    kind: str  # "name", "pronoun", "role" or "description"
    phrase: str  # the subject as written: "Smith", "he", "the CEO", "some analysts"
    verb: str  # "said", "told", "according to"
    side: str  # "after", "before" or "according"
    name: Name | None = None  # for kind "name"
    immediate: bool = False  # the verb touches the quotation (`said: “...”`, `“...,” he said`)


def sentence_start(text: str, start: int, end: int) -> int:
    """The start of the last sentence in `text[start:end]`."""
    found = start
    for match in _BOUNDARY.finditer(text, start, end):
        head = text[max(start, match.start() - 6):match.start() + 1]
        if _ABBREVIATION.search(head):
            continue
        found = match.end()
    return found


def sentence_end(text: str, start: int, end: int) -> int:
    """The end of the first sentence in `text[start:end]`."""
    for match in _BOUNDARY.finditer(text, start, end):
        head = text[max(start, match.start() - 6):match.start() + 1]
        if not _ABBREVIATION.search(head):
            return match.start() + 1
    return end


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _trim_subject(phrase: str) -> str:
    """The subject as it stands before its verb: fillers, a parenthesis and an
    appositive ("Smith, the CEO of Acme,") removed, then its last clause."""
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _FILLER.sub("", phrase)
        phrase = _PARENTHETICAL.sub("", phrase)
    if _APPOSITIVE.search(phrase) and phrase.rstrip().endswith(","):
        phrase = _APPOSITIVE.sub("", phrase)
    parts = _CLAUSE.split(phrase)
    return parts[-1].strip() if parts else ""


def classify(phrase: str, head: bool = False) -> Attribution | None:
    """What a subject phrase names.  `head`: the subject is at the start of
    `phrase` (after the verb: "said Smith, a spokesman"), else at its end."""
    phrase = phrase.strip()
    if head:
        phrase = _CLAUSE.split(phrase)[0].strip()
    if not phrase:
        return None
    tokens = phrase.split()
    edge = tokens[0] if head else tokens[-1]
    rest = tokens[:-1] if not head else []
    if edge.lower() in PRONOUNS and all(t.lower() in STOPWORDS for t in rest):  # "he", "but he"
        return Attribution("pronoun", edge.lower(), "", "")
    names = name_runs(phrase)
    if names:
        name = names[0] if head else names[-1]
        if head:  # said Smith / said Mr Smith / said chief executive Jane Smith
            at_edge = all(t.lower().strip(".") in DESCRIPTORS for t in phrase[:name.start].split())
        else:
            at_edge = not phrase[name.end:].strip(" ,.'’")
        if at_edge and (head or len(tokens) <= MAX_SUBJECT_WORDS):
            return Attribution("name", name.text, "", "", name=name)
    lowered = [t.lower().strip(".,") for t in (tokens[:4] if head else tokens[-4:])]
    if head:
        role = next((i for i, t in enumerate(lowered) if t in ROLE_NOUNS), None)
        if role is not None and lowered[0] in DETERMINERS:
            return Attribution("role", " ".join(tokens[:role + 1]), "", "")
    elif lowered and lowered[-1] in ROLE_NOUNS and any(t in DETERMINERS for t in lowered[:-1]):
        return Attribution("role", " ".join(tokens[-(len(lowered) - max(
            i for i, t in enumerate(lowered) if t in DETERMINERS)):]), "", "")
    if len(tokens) > MAX_SUBJECT_WORDS:
        return None
    return Attribution("description", " ".join(tokens[:6] if head else tokens[-6:]), "", "")


def after(region: str, quote_text: str) -> Attribution | None:
    """An attribution right after a quotation: `region` runs from the closing
    mark to the end of the sentence (or the next quotation)."""
    lead = _LEADING.match(region)
    body = region[lead.end():] if lead else region
    punctuated = bool(re.search(r"[,!?.…—–-]\s*$", quote_text)) or bool(lead and "," in lead.group())
    if not punctuated:
        return None
    match = VERB.match(body)
    if match:  # “...,” said Smith
        found = classify(body[match.end():], head=True)
        if found is not None:
            found.verb, found.side, found.immediate = match.group(), "after", True
        return found
    match = VERB.search(body)
    if not match:
        return None
    before_verb = body[:match.start()]
    if re.search(r"[.;:!?]", before_verb):
        return None
    subject = _trim_subject(before_verb)
    if not subject or words(subject) > MAX_SUBJECT_WORDS:
        return None
    found = classify(subject)
    if found is None:
        return None
    found.verb, found.side, found.immediate = match.group(), "after", True
    return found


def before(region: str, quote_text: str) -> Attribution | None:
    """An attribution before a quotation: `region` runs from the start of the
    sentence (or the end of the previous quotation) to the opening mark."""
    matches = list(VERB.finditer(region))
    if not matches:
        return None
    match = matches[-1]
    between = region[match.end():]
    immediate = bool(re.fullmatch(r"\s*(?:[,:]|that)?\s*", between))
    if not immediate:
        # `Smith said the plan was "a disaster"`: a partial quotation needs a few words,
        # so that a scare-quoted term is not taken for speech.
        near = words(between) <= 6
        if not (words(quote_text) >= 3 or (near and words(quote_text) >= 2)):
            return None
    subject = _trim_subject(region[:match.start()])
    found = classify(subject) if subject else None
    if found is None:
        return None
    found.verb, found.side, found.immediate = match.group(), "before", immediate
    return found


def according(region: str) -> Attribution | None:
    """`according to Smith` anywhere in the sentence."""
    match = ACCORDING.search(region)
    if not match:
        return None
    found = classify(region[match.end():], head=True)
    if found is None:
        return None
    found.verb, found.side = "according to", "according"
    return found


def ends_sentence(text: str) -> bool:
    return bool(_ENDS_SENTENCE.search(text.strip()))
