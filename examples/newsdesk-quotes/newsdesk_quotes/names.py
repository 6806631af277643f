"""Names in running text: runs of capitalised words, cleaned of titles and roles.

Pure text processing (no newsdesk import).  A name is a run of capitalised
words with nothing but spaces between them ("Richard Parsons", "Ursula von der
Leyen").  Cleaning drops what surrounds a name in news copy: sentence-initial
words ("But Smith"), honorifics ("Mr", "Dr"), and everything up to the last
title or acronym ("Hugging Face CEO Clement Delangue" -> "Clement Delangue",
"Foreign Secretary Jack Straw" -> "Jack Straw").  The word lists are general
English, not tuned to any corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_](?:[\w'’.\-]*[^\W_])?\.?")

HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "rev",
              "mr.", "mrs.", "ms.", "dr.", "prof.", "rev."}
# Titles and roles: in a capitalised run, the name is what follows the last one.
ROLES = {
    "ceo", "cfo", "coo", "cto", "chief", "executive", "president", "vice", "prime", "minister",
    "secretary", "chairman", "chairwoman", "director", "spokesman", "spokeswoman",
    "spokesperson", "senator", "sen.", "governor", "gov.", "mayor", "judge", "justice", "coach",
    "manager", "captain", "founder", "co-founder", "cofounder", "leader", "chancellor", "king",
    "queen", "prince", "princess", "pope", "gen.", "colonel", "commissioner",
    "ambassador", "representative", "rep.", "professor", "analyst", "economist", "editor",
    "officer", "deputy", "chancellor", "premier", "sheriff", "detective", "inspector",
    "superintendent", "sergeant", "lieutenant", "bishop", "archbishop", "cardinal", "rabbi",
    "imam", "chef", "author", "dean",
    "attorney", "counsel", "lawyer", "trustee", "boss", "striker", "defender",
    "midfielder", "goalkeeper", "winger", "skipper", "referee", "umpire", "producer",
    "presenter", "anchor", "correspondent", "reporter", "columnist", "researcher",
    "scientist", "engineer", "developer", "designer", "investor", "official", "adviser",
    "advisor", "consultant", "strategist", "candidate", "nominee", "mp", "mep", "msp",
}
# Words that begin sentences or clauses and so are capitalised without being names.
STOPWORDS = {
    "a", "an", "the", "and", "but", "or", "nor", "so", "yet", "for", "if", "when", "while",
    "as", "at", "by", "in", "on", "of", "to", "from", "with", "after", "before", "since",
    "until", "although", "though", "because", "however", "meanwhile", "also", "then", "there",
    "here", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you",
    "his", "her", "their", "our", "my", "your", "him", "them", "us", "me", "who", "what",
    "which", "where", "why", "how", "not", "no", "yes", "all", "some", "many", "most", "one",
    "two", "three", "both", "each", "every", "other", "others", "another", "such", "earlier",
    "later", "last", "next", "this", "today", "yesterday", "tomorrow", "tonight", "now",
    "recently", "still", "even", "only", "just", "according", "said", "says", "asked",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
}
# Name particles that may sit lower-case inside a name.
PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al", "el",
             "la", "le", "du", "dos", "das", "ter", "y", "st."}
# Words that make a name an organisation rather than a person.
ORG_WORDS = {
    "inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "llc", "plc", "co", "co.",
    "company", "group", "holdings", "bank", "university", "college", "school", "institute",
    "party", "ministry", "department", "council", "committee", "commission", "agency", "office",
    "association", "union", "federation", "foundation", "fund", "court", "parliament",
    "government", "assembly", "senate", "congress", "house", "news", "times", "post", "journal",
    "press", "media", "network", "networks", "technologies", "technology", "labs", "systems",
    "software", "cloud", "motors", "airlines", "airways", "energy", "partners", "capital",
    "club", "city", "united", "board", "authority", "service", "services", "police", "army",
    "ai", "tv", "radio", "street", "road", "republic", "kingdom", "states", "nations",
}


@dataclass
class Name:
    text: str  # the cleaned name: "Clement Delangue"
    start: int  # offsets of the cleaned name in the text searched
    end: int
    honorific: bool = False  # it came with "Mr", "Dr"...
    titled: bool = False  # it came after a role ("CEO", "Secretary")

    @property
    def tokens(self) -> list[str]:
        return self.text.split()

    @property
    def person_like(self) -> bool:
        """Looks like a person's name rather than an organisation's."""
        if self.honorific or self.titled:
            return True
        tokens = self.tokens
        if not 2 <= len(tokens) <= 4:
            return False
        if any(t.lower() in ORG_WORDS or (t.isupper() and len(t) > 1) for t in tokens):
            return False
        return all(t[0].isupper() or t.lower() in PARTICLES for t in tokens)


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _strip_possessive(word: str) -> tuple[str, bool]:
    for suffix in ("'s", "’s", "s'", "s’"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[:-2] if suffix[0] in "'’" else word[:-1]), True
    return word, False


def name_runs(text: str, start: int = 0, end: int | None = None) -> list[Name]:
    """The cleaned names in `text[start:end]`, in order."""
    end = len(text) if end is None else end
    names: list[Name] = []
    run: list[tuple[str, int, int]] = []

    def flush():
        if run:
            name = clean_run(run)
            if name is not None:
                names.append(name)
            run.clear()

    previous_end = None
    for match in WORD.finditer(text, start, end):
        word, ws, we = match.group(), match.start(), match.end()
        if word.endswith(".") and not _is_abbreviation(word):
            word, we = word[:-1], we - 1
        gap = text[previous_end:ws] if previous_end is not None else ""
        if run and (gap.strip() or "\n" in gap):
            flush()  # punctuation between two words ends a run
        word, possessive = _strip_possessive(word)
        lower = word.lower()
        if _capitalised(word) or (run and lower in PARTICLES):
            run.append((word, ws, ws + len(word)))
            if possessive:
                flush()
        else:
            flush()
        previous_end = we
        if previous_end < match.end():  # a sentence-final period: ends the run
            flush()
    flush()
    return names


def _is_abbreviation(word: str) -> bool:
    """"U.S.", "J.", "Mr.": a period that belongs to the word."""
    core = word[:-1]
    return (len(core) == 1 or "." in core or core.lower() + "." in HONORIFICS | ROLES
            or core.lower() in {"st", "jr", "sr"})


def clean_run(run: list[tuple[str, int, int]]) -> Name | None:
    """A run of capitalised words as a name, or None when nothing is left."""
    while run and (run[0][0].lower() in STOPWORDS or run[0][0].lower() in PARTICLES):
        run = run[1:]
    while run and run[-1][0].lower() in STOPWORDS | PARTICLES:
        run = run[:-1]
    titled = False
    # Everything up to the last role or acronym is a description, if a name follows it.
    for i in range(len(run) - 2, -1, -1):
        word = run[i][0]
        acronym = word.isupper() and len(word.strip(".")) > 1
        if word.lower() in ROLES or (acronym and len(run) - i - 1 >= 2):
            run, titled = run[i + 1:], True
            break
    honorific = False
    while run and run[0][0].lower() in HONORIFICS:
        run, honorific = run[1:], True
    while run and run[-1][0].lower() in ROLES and len(run) > 1:
        run = run[:-1]
    if not run or (len(run) == 1 and run[0][0].lower() in ROLES | HONORIFICS):
        return None
    text = " ".join(word for word, _, _ in run)
    return Name(text, run[0][1], run[-1][2], honorific=honorific, titled=titled)
