"""Which names are the same entity: cleaning, fingerprints, acronyms, resolution
inside one article, and clustering across the corpus.  Pure Python: no spaCy,
no Textual, nothing from the rest of the plugin.

Rules, in the order they apply (each general, none tuned to particular names):

1. `clean_name` trims what surrounds a name: quotes and punctuation, a
   trailing parenthesis, a leading determiner ("the", any case; "a"/"an"
   only in lower case, since "An" and "A" start real names), a trailing
   possessive ('s, ’s, or the apostrophe of s').  Nothing name-like left
   (no letter, a lone determiner, cased letters but none upper case) -> None.
2. `tokens` folds a name for comparison: case-folded, accents removed (NFKD,
   plus letters NFKD leaves alone: ø ł đ æ œ ...), "&" read as "and", dots
   and apostrophes deleted ("U.S." -> "us", "O'Brien" -> "obrien"), other
   punctuation a word break, and a run of single letters joined
   ("J. K. Rowling" -> "jk rowling").
3. Safe merges (automatic, confidence 1) are two keys, closed transitively:
   - `fingerprint`: the folded tokens, sorted, joined by a space.  Equal for
     case, accent, punctuation and word-order variants ("Liang Wenfeng" /
     "wenfeng LIANG"); a changed letter is never equal ("Sam Altman" /
     "Sam Altmann").
   - `squashed`: the folded tokens in their written order, joined with no
     space: equal for spacing variants ("Hugging Face" / "HuggingFace" /
     "Huggingface").  Only when it is at least MIN_SQUASH letters long: below
     that, joined letters collide too easily ("Li Na" / "Lina"), and such a
     pair is only a candidate.  Sorting and squashing are never combined in
     one key ("Na Li" sorted-and-squashed would equal "Lina"); a spacing
     variant of a reordered name still joins through the written form that
     links them.
4. Inside one article (`resolve_in_article`): a PERSON mention whose words
   (after a title such as "Mr") are the last words of a fuller PERSON name
   met earlier in the article, or its first word alone (family-name-first
   names), refers to that name ("Altman" after "Sam Altman"; with several,
   a last-word match, then the most mentioned so far, then the first); a
   lone word with no earlier match refers to a later full name if exactly
   one fits (a headline before the body); a titled full name ("Mr Sam
   Altman", "President Tal Brin") to the name without its title.  An
   acronym refers to the long form defined beside it in the text ("Chinese
   Communist Party (CCP)" or "CCP (Chinese Communist Party)", Schwartz &
   Hearst 2003), else to a long form of the article whose initials it is
   (nearest before, else nearest after; a PERSON only for a PERSON).  These rules never cross
   articles: "Altman" alone elsewhere is not "Sam Altman".
5. Acronyms across the corpus: a bare acronym ("US") joins a long form
   automatically (confidence ACRONYM_CONFIDENCE) only when some article
   resolved it to that long form (the occurrence's `forms`), no other long
   form was so resolved, and the acronym alone is not in more than
   ACRONYM_SPREAD times as many articles as the long form (then it probably
   means something else too: "AI").  Initials alone, several long forms, or
   a too-wide spread make candidates instead.
6. Likely misspellings are candidates, never merged automatically: names
   of at least FUZZY_MIN_LETTERS letters whose fingerprints have the same
   words but one, that one within one edit (two when the longer of the two
   words has FUZZY_TWO_EDITS_WORD letters or more and both names
   FUZZY_TWO_EDITS_LETTERS: "Clement Delangue" / "Clement Delaunge", not
   "Talia Brennick" / "Tolio Brennick"; edits counted as in
   optimal string alignment, a swap of neighbours being one), both words of
   FUZZY_MIN_WORD letters or more, neither a number, not both roman numerals ("Windows 10" / "Windows 11", "Henry VII" /
   "Henry VIII"), of the same type family (TYPE_FAMILY), and sharing at
   least one other entity in their articles' contexts.  Never all pairs:
   near words come from a symmetric-delete index over the vocabulary (as in
   SymSpell), and names are joined through their other words.  A name with
   two misspelt words is not found.  See `_fuzzy_confidence`.  A spacing
   variant shorter than MIN_SQUASH is a candidate on the same conditions.
7. The user's decisions (`decisions.py`, or any iterable of (action, a, b))
   come first and win: "merge" (or "accept", "add") joins two names whatever the rules say (an accepted
   candidate, or a link no rule makes); "reject" keeps two names apart, even
   a safe merge (the names on either side of it stay in separate clusters;
   which other names follow which side is decided by frequency).  A name in
   a decision means that exact name where the corpus has it, else every name
   with its fingerprint.  Resolutions inside an article (rule 4) stand.
8. Each cluster is named by its most frequent full form: acronyms and a lone
   word that is one of the words of a longer member ("Altman" beside "Sam
   Altman") are not full; then all-capital multi-word forms rank after
   others; then mentions, articles, more words, and the name itself break
   ties.  Its type is the vote of all its mentions (ties in TYPE_ORDER).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict, deque
from dataclasses import asdict, dataclass, field
from typing import Any, Hashable, Iterable, NamedTuple

TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "NORP", "PRODUCT", "EVENT", "LAW")
# Types spaCy confuses with each other count as one family for candidates.
TYPE_FAMILY = {"ORG": "organisation", "PRODUCT": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
MIN_SQUASH = 6  # letters, for a spacing variant to be a safe merge
FUZZY_MIN_LETTERS = 8  # in the whole name, for a misspelling candidate
FUZZY_MIN_WORD = 4  # letters in each of the two differing words ("Tom" / "Tim" are names, not slips)
FUZZY_TWO_EDITS_WORD = 8  # letters in the misspelt word for two edits (else one) ...
FUZZY_TWO_EDITS_LETTERS = 12  # ... and in the whole name
ACRONYM_CONFIDENCE = 0.9
ACRONYM_SPREAD = 10
MAX_ACRONYM_TARGETS = 5  # candidates offered for one ambiguous acronym
SAFE_REASONS = {
    "fold": "same name but for case, accents or punctuation",
    "order": "same words in another order",
    "spacing": "same letters, spaced differently",
}
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le",
                            "del", "der", "den", "van", "von", "y", "et", "und"})
# Titles before a name, skipped when matching a short mention to a full name.
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
                    "president", "senator", "sen", "rep", "representative", "gov", "governor", "minister",
                    "judge", "justice", "gen", "general", "col", "colonel", "capt", "captain", "rev",
                    "chancellor", "premier", "mayor", "secretary", "chairman", "chairwoman", "ceo"})
DETERMINERS = frozenset({"the", "a", "an"})

# -- cleaning and folding ---------------------------------------------------------
_EDGE = set("\"'“”‘’«»‹›()[]{}<>,;:.!?-–—*•·/\\|_~#@`´")
_INITIALISM_END = re.compile(r"(?:^|[\s(])(?:[^\W\d_]\.){2,}$")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)?$")
_DETERMINER = re.compile(r"^(?:the|The|THE|a|an)\s+")
_POSSESSIVE = re.compile(r"(?:['’`][sS]|(?<=[sSzZ])['’`])$")
_FOLD_EXTRA = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
                             "ı": "i", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th",
                             "ð": "d", "Ð": "D"})
_DELETED = re.compile(r"[.'’‘`´ʼ]")
_SEPARATOR = re.compile(r"[\W_]+")
_ROMAN = re.compile(r"^(?=[mdclxvi])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")


def clean_name(text: str | None) -> str | None:
    """The name in `text` without what surrounds it (see rule 1), or None."""
    if not text:
        return None
    name = " ".join(str(text).split())
    while True:
        before = name
        if name.endswith(")") or ("(" in name and ")" not in name[name.rfind("("):]):
            name = _TRAILING_PAREN.sub("", name) or name  # "Party (CCP)" -> "Party"; "(CCP)" stays
        name = _strip_edges(name)
        determiner = _DETERMINER.match(name)
        if determiner and determiner.end() < len(name):
            name = name[determiner.end():]
        name = _POSSESSIVE.sub("", name)
        if name == before:
            break
    if not any(c.isalpha() for c in name):
        return None
    if any(c.islower() for c in name) and not any(c.isupper() for c in name):
        return None
    if all(token in DETERMINERS for token in tokens(name)):
        return None
    return name


def _strip_edges(name: str) -> str:
    start = 0
    while start < len(name) and (name[start] in _EDGE or name[start].isspace()):
        start += 1
    name = name[start:]
    while name and (name[-1] in _EDGE or name[-1].isspace()):
        if name[-1] == "." and _INITIALISM_END.search(name):
            break  # "U.S." keeps its last dot
        name = name[:-1]
    return name


def fold(text: str) -> str:
    """Case-folded, accents removed, and invisible format characters (zero-width
    spaces and joiners, bidirectional controls) dropped: "Jo\u200bhn Smith"
    reads as John Smith, so it is keyed as John Smith, not split in two."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA).casefold())
    return "".join(c for c in text if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")


def tokens(name: str) -> list[str]:
    """The folded words of a name, in written order (rule 2)."""
    text = _DELETED.sub("", fold(name).replace("&", " and "))
    out: list[str] = []
    run: list[str] = []
    for token in _SEPARATOR.split(text):
        if not token:
            continue
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append(token)
    if run:
        out.append("".join(run))
    return out


def fingerprint(name: str) -> str:
    """The safe-merge key for case, accent, punctuation and word-order variants:
    folded tokens, sorted, joined by one space."""
    return " ".join(sorted(tokens(name)))


def squashed(name: str) -> str:
    """The safe-merge key for spacing variants: folded tokens in written order,
    joined with no space (a safe merge only from MIN_SQUASH letters)."""
    return "".join(tokens(name))


# -- acronyms -----------------------------------------------------------------
_WORD = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*")


def acronym_key(name: str) -> str | None:
    """The folded letters of `name` when it is written as an acronym ("U.S.",
    "NATO", "AT&T": 2-10 letters, all capitals, no space but between dotted
    initials), else None."""
    text = name.strip()
    if re.fullmatch(r"(?:[^\W\d_]\.\s*){2,}", text):
        compact = re.sub(r"[.\s]", "", text)
    elif any(c.isspace() for c in text):
        return None
    else:
        compact = text.replace(".", "").replace("&", "")
    if 2 <= len(compact) <= 10 and compact.isalpha() and compact.isupper():
        return fold(compact)
    return None


def acronym_of(long_name: str) -> set[str]:
    """The acronyms a long name may go by: the initials of all its words and
    of its words without FUNCTION_WORDS, with hyphenated words as one word
    and as several ("Federal Bureau of Investigation" -> {"FBOI", "FBI"}).
    Empty for a one-word name."""
    words = _WORD.findall(long_name)
    if len(words) < 2:
        return set()
    out = set()
    for split_hyphens in (False, True):
        parts = [p for w in words for p in re.split(r"[-‐]", w)] if split_hyphens else words
        for skip in (False, True):
            kept = [p for p in parts if not (skip and fold(p) in FUNCTION_WORDS)]
            initials = "".join(fold(p)[0] for p in kept if p and not p[0].isdigit())
            if len(initials) >= 2:
                out.add(initials.upper())
    return out


def _short_key(short: str) -> str:
    return re.sub(r"[\W_]", "", fold(short))


def _is_short_form(text: str) -> bool:
    """Looks like an abbreviation defined in parentheses: one word (or dotted
    initials) of 2-10 letters, at least two capitals, mostly capitals."""
    if acronym_key(text):
        return True
    if any(c.isspace() for c in text) or not 2 <= len(text) <= 10 or not text[0].isalnum():
        return False
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 2 and upper * 2 >= len(letters)


def _best_long_form(short: str, text: str) -> str | None:
    """Schwartz & Hearst's match: the shortest end of `text` containing the
    letters of `short` in order, its first letter starting a word."""
    chars = [c for c in fold(short) if c.isalnum()]
    if not chars:
        return None
    folded = fold(text)
    if len(folded) != len(text):  # folding changed lengths: match on the text as written
        folded = text.lower()
    s_index, l_index = len(chars) - 1, len(folded) - 1
    while s_index >= 0:
        c = chars[s_index]
        while l_index >= 0 and (folded[l_index] != c or (s_index == 0 and l_index > 0
                                                          and folded[l_index - 1].isalnum())):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = max(text.rfind(" ", 0, l_index + 1), text.rfind("\n", 0, l_index + 1)) + 1
    return text[start:]


_PAREN = re.compile(r"\(([^()\n]{1,120})\)")
_CLAUSE_BREAK = re.compile(r"[;\n()!?\[\]]|(?<=[a-z0-9]{2})\.\s")


def acronym_definitions(text: str) -> list[tuple[str, str]]:
    """(long form, short form) pairs defined in `text` as "Long Form (SF)" or
    "SF (Long Form)", in order.  The long form is cleaned (`clean_name`) and
    has at least two words; the short form is as written, without a possessive."""
    out = []
    for match in _PAREN.finditer(text):
        inner = (clean_name(match.group(1)) or "").strip()
        before = text[:match.start()]
        breaks = list(_CLAUSE_BREAK.finditer(before))
        clause = before[breaks[-1].end():] if breaks else before
        found = None
        if inner and _is_short_form(inner):
            letters = sum(1 for c in inner if c.isalnum())
            starts = [word.start() for word in re.finditer(r"\S+", clause)][-min(letters + 5, letters * 2):]
            if starts:
                long = _best_long_form(inner, clause[starts[0]:].strip())
                if long and len(long.split()) >= 2:
                    found = (clean_name(long), inner)
        if found is None and inner and len(inner.split()) >= 2:
            last = re.search(r"(\S+)\s*$", clause)
            short = clean_name(last.group(1)) if last else None
            if short and _is_short_form(short):
                long = _best_long_form(short, inner)
                if long and clean_name(long) == inner:
                    found = (inner, short)
        if found and found[0] and len(found[0].split()) >= 2:
            out.append(found)
    return out


# -- one article ------------------------------------------------------------------
def _person_words(name: str) -> list[str]:
    words = tokens(name)
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return words


def resolve_in_article(mentions: Iterable[tuple], text: str | None = None) -> list[str]:
    """For each mention (surface name, type, start) of one article, the name it
    refers to in that article (rule 4): itself, or a fuller PERSON name, or the
    long form of an acronym.  `text` (the article body) lets definitions in
    parentheses be read; without it acronyms resolve by initials only."""
    items = [(str(m[0]), str(m[1]) if len(m) > 1 else "", m[2] if len(m) > 2 else n)
             for n, m in enumerate(mentions)]
    order = sorted(range(len(items)), key=lambda n: (items[n][2], n))
    result = [name for name, _, _ in items]
    persons = {n: _person_words(items[n][0]) for n in order
               if items[n][1] == "PERSON" and not acronym_key(items[n][0])}
    full = [(n, persons[n]) for n in order if len(persons.get(n, ())) >= 2]  # in order of appearance
    untitled = {}  # fingerprint -> a full name as written without a title
    for n, words in full:
        if words == tokens(items[n][0]):
            untitled.setdefault(" ".join(sorted(words)), items[n][0])
    position = {n: rank for rank, n in enumerate(order)}
    for rank, n in enumerate(order):
        words = persons.get(n)
        if not words:
            continue
        target = _match_full(words, [(m, w) for m, w in full if position[m] < rank], items)
        if target is None and len(words) == 1:  # nothing before: a later full name, if only one fits
            later: dict[str, int] = {}
            for m, w in full:
                if position[m] > rank and _fits(words, w):
                    later.setdefault(" ".join(sorted(w)), m)
            target = items[next(iter(later.values()))][0] if len(later) == 1 else None
        if target is None and words != tokens(items[n][0]) and len(words) >= 2:
            target = items[n][0]  # "Mr Sam Altman" -> "Sam Altman"
        if target is not None:  # written without its title where the article has that
            result[n] = untitled.get(" ".join(sorted(_person_words(target)))) or _without_titles(target)
    _resolve_acronyms(items, order, result, text)
    return result


def _without_titles(name: str) -> str:
    """`name` without leading titles, if two words or more are left."""
    words = name.split()
    while len(words) > 2 and tokens(words[0]) and tokens(words[0])[0] in TITLES:
        words = words[1:]
    return " ".join(words)


def _fits(words: list[str], full_words: list[str]) -> bool:
    """`words` are the last words of `full_words`, or its first word alone."""
    if not words or len(words) >= len(full_words):
        return False
    return full_words[-len(words):] == words or (len(words) == 1 and full_words[0] == words[0])


def _match_full(words: list[str], earlier: list[tuple[int, list[str]]], items) -> str | None:
    """The earlier full name `words` is short for: last-word matches before a
    first-word one, then the most mentioned so far, then the first introduced."""
    counts: Counter = Counter()
    first: dict[str, tuple[int, str, bool]] = {}
    for position, (n, full_words) in enumerate(earlier):
        if not _fits(words, full_words):
            continue
        key = " ".join(sorted(full_words))
        counts[key] += 1
        first.setdefault(key, (position, items[n][0], full_words[-len(words):] == words))
    if not counts:
        return None
    best = min(counts, key=lambda k: (not first[k][2], -counts[k], first[k][0]))
    return first[best][1]


def _resolve_acronyms(items, order, result, text) -> None:
    defined: dict[str, str] = {}
    for long, short in acronym_definitions(text) if text else ():
        defined.setdefault(_short_key(short), long)
    longs = [(rank, n) for rank, n in enumerate(order) if len(tokens(items[n][0])) >= 2]
    by_fingerprint = {}
    for _, n in longs:
        by_fingerprint.setdefault(fingerprint(items[n][0]), items[n][0])
    initials = {n: {fold(a) for a in acronym_of(items[n][0])} for _, n in longs}
    for rank, n in enumerate(order):
        name, kind, _ = items[n]
        key = _short_key(name)
        if key in defined and len(tokens(name)) == 1:
            long = defined[key]
            result[n] = by_fingerprint.get(fingerprint(long)) or _mention_ending(long, by_fingerprint) or long
            continue
        acronym = acronym_key(name)
        if not acronym:
            continue
        fitting = [(r, m) for r, m in longs if acronym in initials[m]
                   and (items[m][1] != "PERSON" or kind == "PERSON")]
        before = [m for r, m in fitting if r < rank]
        after = [m for r, m in fitting if r > rank]
        if before or after:
            result[n] = items[before[-1] if before else after[0]][0]


def _mention_ending(long: str, by_fingerprint: dict[str, str]) -> str | None:
    """A mention the defined long form ends with ("ruling Chinese Communist
    Party" -> the mention "Chinese Communist Party")."""
    words = tokens(long)
    for size in range(len(words) - 1, 1, -1):
        found = by_fingerprint.get(" ".join(sorted(words[-size:])))
        if found:
            return found
    return None


# -- the corpus ----------------------------------------------------------------------
class Occurrence(NamedTuple):
    """One resolved name in one article: `context` is what it is seen with
    (fingerprints of the article's other entities), `forms` the other surface
    names that `resolve_in_article` resolved to it there ("CCP", "Altman")."""

    doc: Hashable
    name: str
    type: str
    count: int = 1
    context: frozenset | set | tuple = frozenset()
    forms: frozenset | set | tuple = frozenset()


@dataclass(frozen=True)
class Candidate:
    """A merge the rules suggest but do not make: `a` and `b` are names as the
    corpus writes them (for `Decisions.merge(a, b)` / `.reject(a, b)`)."""

    a: str
    b: str
    reason: str
    confidence: float
    a_key: str = ""
    b_key: str = ""


@dataclass(frozen=True)
class Merge:
    """How `alias` came into its cluster: joined to `via` for `reason`."""

    alias: str
    reason: str
    confidence: float
    automatic: bool
    via: str = ""


@dataclass
class Cluster:
    """One entity: its name (rule 8), the type its mentions voted for, the
    other names it goes by (merged names by mentions, then the forms articles
    resolved to it), its articles, how each alias came in, and the merges
    suggested with other clusters."""

    key: str  # fingerprint of `name` (plus "|name" if a rejected safe merge left two alike)
    name: str
    type: str
    aliases: list[str]
    docs: list  # article ids, sorted
    mentions: int
    merges: list[Merge] = field(default_factory=list)
    types: dict[str, int] = field(default_factory=dict)  # mentions by type
    candidates: list[Candidate] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def cluster(entities: Iterable[Occurrence | tuple], decisions: Iterable | None = None) -> list[Cluster]:
    """Group occurrences (Occurrence or tuples in its order) into entities,
    the largest first; rules in the module docstring.  `decisions`: an
    iterable of (action, a, b) with action "merge" or "reject"."""
    return _Clustering(entities, decisions).run()


def candidates(clusters: Iterable[Cluster]) -> list[Candidate]:
    """Every candidate once, the most confident first."""
    seen: dict[tuple[str, str], Candidate] = {}
    for item in clusters:
        for candidate in item.candidates:
            seen.setdefault(tuple(sorted((candidate.a, candidate.b))), candidate)
    return sorted(seen.values(), key=lambda c: (-c.confidence, c.a, c.b))


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit).
    With `limit`, only a band of the table is filled and any distance above
    it comes back as limit + 1."""
    if a == b:
        return 0
    if limit is None:
        limit = max(len(a), len(b))
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    big = limit + 1
    previous2: list[int] = []
    previous = [j if j <= limit else big for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [big] * (len(b) + 1)
        if i <= limit:
            current[0] = i
        ca = a[i - 1]
        lowest = current[0]
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            value = previous[j - 1] + (ca != b[j - 1])
            if previous[j] + 1 < value:
                value = previous[j] + 1
            if current[j - 1] + 1 < value:
                value = current[j - 1] + 1
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == b[j - 1] and previous2[j - 2] + 1 < value:
                value = previous2[j - 2] + 1
            current[j] = value
            if value < lowest:
                lowest = value
        if lowest > limit:
            return big
        previous2, previous = previous, current
    return min(previous[-1], big)


def _deletion_variants(text: str, depth: int) -> Iterable[str]:
    """`text` and what it becomes with up to `depth` (0-2) letters deleted
    (repeats possible)."""
    yield text
    if depth <= 0:
        return
    for i in range(len(text)):
        once = text[:i] + text[i + 1:]
        yield once
        if depth >= 2:
            for j in range(i, len(once)):
                yield once[:j] + once[j + 1:]


def near_words(words: Iterable[str], keep=None) -> list[tuple[str, str, int]]:
    """Pairs of words (of FUZZY_MIN_WORD letters or more, no digits) within
    `word_edits` of each other, with their distance,
    found by symmetric delete (as in SymSpell): two words within d edits
    become equal after at most d deletions from each, so they share an entry
    of the index of deletions; only those pairs are compared (and only when
    `keep(a, b)`, if given, says the pair matters)."""
    vocabulary = sorted({w for w in words if len(w) >= FUZZY_MIN_WORD and w.isalpha()})
    first: dict[str, int] = {}  # deletion variant -> the first word that has it
    shared: dict[str, list[int]] = defaultdict(list)  # variant -> the other words that have it
    for number, word in enumerate(vocabulary):
        for variant in _deletion_variants(word, 2 if len(word) >= FUZZY_TWO_EDITS_WORD - 2 else 1):
            owner = first.setdefault(variant, number)
            if owner != number:
                shared[variant].append(number)
    pairs: set[tuple[int, int]] = set()
    for variant, others in shared.items():
        bucket = sorted({first[variant], *others})
        for i, x in enumerate(bucket):
            for y in bucket[i + 1:]:
                pairs.add((x, y))
    out = []
    for x, y in sorted(pairs):
        a, b = vocabulary[x], vocabulary[y]
        limit = word_edits(a, b)
        if abs(len(a) - len(b)) > limit or (_ROMAN.match(a) and _ROMAN.match(b)):
            continue  # "vii" / "viii" are numbers
        if keep is not None and not keep(a, b):
            continue
        distance = edit_distance(a, b, limit)
        if distance <= limit:
            out.append((a, b, distance))
    return out


def word_edits(a: str, b: str) -> int:
    """Edits allowed between two words: 2 when the longer has at least
    FUZZY_TWO_EDITS_WORD letters, else 1 (`near_names` also asks the names
    for FUZZY_TWO_EDITS_LETTERS letters before allowing 2)."""
    return 2 if max(len(a), len(b)) >= FUZZY_TWO_EDITS_WORD else 1


def near_names(fingerprints: list[str]) -> list[tuple[int, int, int]]:
    """(i, j, distance) for fingerprints of at least FUZZY_MIN_LETTERS letters
    that have the same words but one, and that one within `word_edits` (see
    `near_words`).  Names are joined through their other words, never
    compared all against all."""
    by_rest: dict[tuple[str, str], list[int]] = defaultdict(list)  # (other words, word) -> names
    places: dict[str, list[tuple[int, str]]] = defaultdict(list)  # word -> (name, other words)
    for number, fp in enumerate(fingerprints):
        if len(fp) - fp.count(" ") < FUZZY_MIN_LETTERS:
            continue
        words = fp.split(" ")
        for i, word in enumerate(words):
            if i and words[i - 1] == word:
                continue
            rest = " ".join(words[:i] + words[i + 1:])
            by_rest[(rest, word)].append(number)
            places[word].append((number, rest))

    def joined(a: str, b: str) -> list[tuple[int, int]]:
        if len(places[a]) > len(places[b]):
            a, b = b, a
        return [(number, other) for number, rest in places[a] for other in by_rest.get((rest, b), ())]

    def letters(number: int) -> int:
        return len(fingerprints[number]) - fingerprints[number].count(" ")

    out = set()
    for a, b, distance in near_words(places, keep=lambda a, b: bool(joined(a, b))):
        for number, other in joined(a, b):
            if distance < 2 or min(letters(number), letters(other)) >= FUZZY_TWO_EDITS_LETTERS:
                out.add((min(number, other), max(number, other), distance))
    return sorted(out)


def _type_family(kind: str) -> str:
    return TYPE_FAMILY.get(kind, kind)


_TYPE_RANK = {kind: n for n, kind in enumerate(TYPE_ORDER)}


def _vote(types: Counter) -> str:
    if not types:
        return ""
    return min(types, key=lambda k: (-types[k], _TYPE_RANK.get(k, len(_TYPE_RANK)), k))


def _fuzzy_confidence(distance: int, shared: int, mentions: tuple[int, int], docs: tuple[int, int]) -> float:
    """0.6 one edit apart, 0.45 two; +0.05 per shared context entity (up to
    4); +0.1 when one name has at most a fifth of the other's mentions (a slip
    is rare); -0.15 when both are in 3 articles or more (two settled spellings
    may be two entities).  Between 0.05 and 0.95."""
    value = (0.6 if distance <= 1 else 0.45) + 0.05 * min(shared, 4)
    if min(mentions) * 5 <= max(mentions):
        value += 0.1
    if min(docs) >= 3:
        value -= 0.15
    return round(min(0.95, max(0.05, value)), 2)


class _Clustering:
    """Union-find over distinct names with cannot-link constraints (rejects)."""

    def __init__(self, entities, decisions) -> None:
        self.names: list[str] = []
        self.index: dict[str, int] = {}
        self.docs: list[set] = []
        self.mentions: list[int] = []
        self.types: list[Counter] = []
        self.contexts: list[list] = []
        self.forms: list[dict[str, set]] = []
        for raw in entities:
            occurrence = raw if isinstance(raw, Occurrence) else Occurrence(*raw)
            name = " ".join(str(occurrence.name).split())
            if not name:
                continue
            node = self.index.get(name)
            if node is None:
                node = self.index[name] = len(self.names)
                self.names.append(name)
                self.docs.append(set())
                self.mentions.append(0)
                self.types.append(Counter())
                self.contexts.append([])
                self.forms.append({})
            count = max(1, int(occurrence.count or 1))
            self.docs[node].add(occurrence.doc)
            self.mentions[node] += count
            if occurrence.type:
                self.types[node][occurrence.type] += count
            if occurrence.context:
                self.contexts[node].append(occurrence.context)
            for form in occurrence.forms or ():
                form = " ".join(str(form).split())
                if form and form != name:
                    self.forms[node].setdefault(form, set()).add(occurrence.doc)
        size = len(self.names)
        self.words = [tokens(name) for name in self.names]
        self.fingerprints = [" ".join(sorted(words)) for words in self.words]
        self.parent = list(range(size))
        self.members: list[list[int]] = [[n] for n in range(size)]
        self.banned: dict[int, set[int]] = {}
        self.edges: list[tuple[int, int, str, float, bool]] = []
        self.suggested: dict[tuple[int, int], tuple[int, int, str, float]] = {}
        self.context_cache: dict[int, tuple[int, set]] = {}  # root -> (members then, context)
        self.by_fingerprint: dict[str, list[int]] = defaultdict(list)
        for node in sorted(range(size), key=self._rank):
            self.by_fingerprint[self.fingerprints[node]].append(node)
        self.decisions = [(str(d[0]).lower(), " ".join(str(d[1]).split()), " ".join(str(d[2]).split()))
                          for d in (decisions or ()) if len(d) >= 3]
        self.rejected = {frozenset((a, b)) for action, a, b in self.decisions if action == "reject"}

    def _rank(self, node: int) -> tuple:
        return (-self.mentions[node], -len(self.docs[node]), self.names[node])

    # -- union-find ------------------------------------------------------------
    def find(self, node: int) -> int:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def allowed(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        banned = self.banned.get(ra)
        return not banned or not any(m in banned for m in self.members[rb])

    def union(self, a: int, b: int, reason: str, confidence: float, automatic: bool) -> bool:
        if not self.allowed(a, b):
            return False
        ra, rb = self.find(a), self.find(b)
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members[rb])
        self.members[rb] = []
        if rb in self.banned:
            self.banned.setdefault(ra, set()).update(self.banned.pop(rb))
        self.edges.append((a, b, reason, confidence, automatic))
        return True

    def suggest(self, a: int, b: int, reason: str, confidence: float) -> None:
        if not self.allowed(a, b):
            return
        pair = (min(a, b), max(a, b))
        if pair not in self.suggested or self.suggested[pair][3] < confidence:
            self.suggested[pair] = (a, b, reason, confidence)

    def nodes_for(self, name: str) -> list[int]:
        name = " ".join(name.split())
        if name in self.index:
            return [self.index[name]]
        return self.by_fingerprint.get(fingerprint(name), [])

    # -- the rules, in order --------------------------------------------------------
    def run(self) -> list[Cluster]:
        for action, a, b in self.decisions:
            if action == "reject":
                for x in self.nodes_for(a):
                    for y in self.nodes_for(b):
                        if x != y:
                            self.banned.setdefault(x, set()).add(y)
                            self.banned.setdefault(y, set()).add(x)
        for action, a, b in self.decisions:
            if action in ("merge", "accept", "add") and self.nodes_for(a) and self.nodes_for(b):
                self.union(self.nodes_for(a)[0], self.nodes_for(b)[0], "merged by the user", 1.0, False)
        self._safe()
        self._acronyms()
        self._fuzzy()
        return self._clusters()

    def _safe(self) -> None:
        for group in self.by_fingerprint.values():
            for other in group[1:]:
                self._join(group, other, lambda first: SAFE_REASONS[
                    "fold" if self.words[first] == self.words[other] else "order"])
        by_squash: dict[str, list[int]] = defaultdict(list)
        for nodes in self.by_fingerprint.values():
            for node in nodes:
                by_squash["".join(self.words[node])].append(node)
        for key, group in by_squash.items():
            if len(group) < 2:
                continue
            group.sort(key=self._rank)
            for other in group[1:]:
                if len(key) >= MIN_SQUASH:
                    self._join(group, other, lambda first: SAFE_REASONS["spacing"])
                elif self.find(group[0]) != self.find(other):
                    self._spacing_candidate(group[0], other)

    def _join(self, group: list[int], other: int, reason) -> None:
        """Join `other` to the first name of its group it may join (a reject
        may forbid some)."""
        first = next((n for n in group if n != other and self.allowed(n, other)), None)
        if first is not None:
            self.union(first, other, reason(first), 1.0, True)

    def _spacing_candidate(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if _type_family(_vote(self.types[a])) != _type_family(_vote(self.types[b])):
            return
        if self._shared_context(ra, rb):
            self.suggest(a, b, "same letters, spaced differently (a short name)", 0.5)

    def _acronyms(self) -> None:
        acronyms: dict[tuple[int, str], int] = {}  # (root, key) -> its most frequent acronym node
        for node in sorted(range(len(self.names)), key=self._rank):
            key = acronym_key(self.names[node])
            if key:
                acronyms.setdefault((self.find(node), key), node)
        if not acronyms:
            return
        wanted = {key for _, key in acronyms}
        initials: dict[str, list[int]] = defaultdict(list)  # key -> long-form nodes
        defined: dict[str, dict[int, set]] = defaultdict(dict)  # key -> long-form node -> articles
        for node, name in enumerate(self.names):
            if len(self.words[node]) < 2:
                continue
            for initial in acronym_of(name):
                if fold(initial) in wanted:
                    initials[fold(initial)].append(node)
            for form, docs in self.forms[node].items():
                key = acronym_key(form)
                if key in wanted:
                    defined[key].setdefault(node, set()).update(docs)
        for (_, key), node in acronyms.items():
            self._link_acronym(node, key, initials.get(key, []), defined.get(key, {}))

    def _link_acronym(self, node: int, key: str, initials: list[int], defined: dict[int, set]) -> None:
        """Rule 5 for one acronym: merge, or suggest, or nothing."""
        root = self.find(node)
        targets: dict[int, int] = {}  # root -> its best long-form node
        by_definition: dict[int, set] = defaultdict(set)  # root -> articles resolving the acronym to it
        person = _vote(self.types[node]) == "PERSON"
        for long in sorted({*initials, *defined}, key=self._rank):
            long_root = self.find(long)
            if long not in defined and not person and _vote(self.types[long]) == "PERSON":
                continue  # initials of a person are rarely an organisation's acronym
            if long_root != root:
                targets.setdefault(long_root, long)
                if long in defined:
                    by_definition[long_root] |= defined[long]
        if not targets:
            return
        name = self.names[node]
        rest = 0.7 if len(targets) == 1 else 0.4  # for targets by initials only
        if len(by_definition) == 1:
            target_root, docs = next(iter(by_definition.items()))
            target = targets.pop(target_root)
            long_docs = len(set().union(*(self.docs[m] for m in self.members[target_root])))
            acronym_docs = len(set().union(*(self.docs[m] for m in self.members[root])))
            plural = "s" if len(docs) != 1 else ""
            if acronym_docs <= ACRONYM_SPREAD * long_docs:
                self.union(node, target, f"acronym of “{self.names[target]}”, used beside it in {len(docs)} "
                                         f"article{plural}", ACRONYM_CONFIDENCE, True)
            else:
                self.suggest(node, target, f"acronym of “{self.names[target]}” in {len(docs)} article{plural}, "
                                           f"but “{name}” alone is in far more articles", 0.6)
            rest = 0.4
        elif by_definition:
            total = sum(len(docs) for docs in by_definition.values())
            for target_root, docs in by_definition.items():
                target = targets.pop(target_root)
                self.suggest(node, target, f"acronym of “{self.names[target]}” in {len(docs)} of the {total} "
                                           "articles defining it", round(0.3 + 0.5 * len(docs) / total, 2))
            rest = 0.3
        for target in sorted(targets.values(), key=self._rank)[:MAX_ACRONYM_TARGETS]:
            self.suggest(node, target, f"initials of “{self.names[target]}”", rest)

    def _fuzzy(self) -> None:
        strings = list(self.by_fingerprint)
        for x, y, distance in near_names(strings):
            fa, fb = strings[x], strings[y]
            a, b = self.by_fingerprint[fa][0], self.by_fingerprint[fb][0]
            ra, rb = self.find(a), self.find(b)
            if not self.allowed(a, b):
                continue
            if _type_family(self._root_type(ra)) != _type_family(self._root_type(rb)):
                continue
            shared = self._shared_context(ra, rb)
            if not shared:
                continue
            mentions = (self.mentions[a], self.mentions[b])
            docs = (len(self.docs[a]), len(self.docs[b]))
            confidence = _fuzzy_confidence(distance, len(shared), mentions, docs)
            reason = (f"{distance} letter{'s' if distance > 1 else ''} apart, and their articles share "
                      f"{len(shared)} other entit{'ies' if len(shared) > 1 else 'y'}")
            self.suggest(a, b, reason, confidence)

    def _root_type(self, root: int) -> str:
        total: Counter = Counter()
        for member in self.members[root]:
            total.update(self.types[member])
        return _vote(total)

    def _shared_context(self, a: int, b: int) -> set:
        """What the articles of root `a` and of root `b` both mention, but
        for the two entities' own names."""
        context_a, context_b = self._context(a), self._context(b)
        if len(context_a) > len(context_b):
            context_a, context_b = context_b, context_a
        own = {self.fingerprints[m] for r in (a, b) for m in self.members[r]}
        own |= {self.names[m] for r in (a, b) for m in self.members[r]}
        return {item for item in context_a if item in context_b and item not in own}

    def _context(self, root: int) -> set:
        cached = self.context_cache.get(root)
        if cached is not None and cached[0] == len(self.members[root]):
            return cached[1]
        found: set = set()
        for member in self.members[root]:
            for items in self.contexts[member]:
                found.update(items)
        self.context_cache[root] = (len(self.members[root]), found)
        return found

    # -- the result --------------------------------------------------------------
    def _clusters(self) -> list[Cluster]:
        adjacency: dict[int, list[tuple[int, tuple]]] = defaultdict(list)
        for edge in self.edges:
            adjacency[edge[0]].append((edge[1], edge))
            adjacency[edge[1]].append((edge[0], edge))
        built: list[tuple[Cluster, int, int]] = []
        for root in range(len(self.names)):
            members = self.members[root]
            if not members or self.find(root) != root:
                continue
            canonical = self._canonical(members)
            if len(members) == 1:
                types, docs = self.types[canonical], self.docs[canonical]
            else:
                types, docs = Counter(), set()
                for member in members:
                    types.update(self.types[member])
                    docs |= self.docs[member]
            ordered = sorted((m for m in members if m != canonical), key=self._rank)
            aliases = [self.names[m] for m in ordered]
            merges = self._merges(canonical, members, adjacency)
            names = {self.names[m] for m in members}
            forms: dict[str, tuple[set, int]] = {}
            for member in sorted(members, key=self._rank):
                for form, form_docs in self.forms[member].items():
                    if form not in names and form not in self.index and \
                            frozenset((form, self.names[member])) not in self.rejected:
                        previous = forms.get(form)
                        forms[form] = (form_docs | previous[0] if previous else form_docs,
                                       previous[1] if previous else member)
            for form, (form_docs, member) in sorted(forms.items(), key=lambda f: (-len(f[1][0]), f[0])):
                aliases.append(form)
                what = ("acronym used beside it" if acronym_key(form) else "short form after the full name")
                merges.append(Merge(form, f"{what} in the same article", 1.0, True, self.names[member]))
            item = Cluster(key="", name=self.names[canonical], type=_vote(types), aliases=aliases,
                           docs=_sorted_docs(docs), mentions=sum(self.mentions[m] for m in members),
                           merges=merges, types=dict(types.most_common()))
            built.append((item, root, canonical))
        built.sort(key=lambda found: (-found[0].mentions, -len(found[0].docs), found[0].name))
        by_root: dict[int, Cluster] = {}
        used: set[str] = set()
        for item, root, canonical in built:
            key = self.fingerprints[canonical]
            if key in used:
                key = f"{self.fingerprints[canonical]}|{item.name}"
                number = 2
                while key in used:
                    key, number = f"{self.fingerprints[canonical]}|{item.name}|{number}", number + 1
            used.add(key)
            item.key = key
            by_root[root] = item
        offered: set[frozenset] = set()
        for a, b, reason, confidence in sorted(self.suggested.values(), key=lambda s: (-s[3], s[0], s[1])):
            ca, cb = by_root[self.find(a)], by_root[self.find(b)]
            if ca is cb or frozenset((ca.key, cb.key)) in offered:
                continue
            offered.add(frozenset((ca.key, cb.key)))
            suggestion = Candidate(self.names[a], self.names[b], reason, confidence, ca.key, cb.key)
            ca.candidates.append(suggestion)
            cb.candidates.append(suggestion)
        return [item for item, _, _ in built]

    def _canonical(self, members: list[int]) -> int:
        if len(members) == 1:
            return members[0]
        words = {m: self.words[m] for m in members}
        in_longer = {w for m in members if len(words[m]) >= 2 for w in words[m]}

        def rank(m: int) -> tuple:
            name = self.names[m]
            full = not acronym_key(name) and not (len(words[m]) == 1 and words[m][0] in in_longer)
            shouting = len(words[m]) >= 2 and name.upper() == name and name.lower() != name
            return (not full, shouting, -self.mentions[m], -len(self.docs[m]), -len(words[m]), name)

        return min(members, key=rank)

    def _merges(self, canonical: int, members: list[int], adjacency) -> list[Merge]:
        if len(members) == 1:
            return []
        out: list[Merge] = []
        seen = {canonical}
        queue = deque([canonical])
        while queue:
            node = queue.popleft()
            for other, (_, _, reason, confidence, automatic) in sorted(adjacency[node], key=lambda e: e[0]):
                if other in seen:
                    continue
                seen.add(other)
                queue.append(other)
                out.append(Merge(self.names[other], reason, confidence, automatic, self.names[node]))
        rank = {self.names[m]: self._rank(m) for m in members}
        return sorted(out, key=lambda merge: rank[merge.alias])


def _sorted_docs(docs: set) -> list:
    try:
        return sorted(docs)
    except TypeError:
        return sorted(docs, key=repr)
