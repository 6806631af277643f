"""Claims: the sentences of an article that assert something checkable, read
into the parts the checks compare.

A sentence is a claim when it names an entity, states a value (an amount,
a percentage, a count, a year), negates, evaluates, or disputes something.
Questions and very long runs (tables, lists) are not claims.  For each claim:

- `names`: the entities it mentions, as written (from the entities plugin's
  annotations when it ran; else capitalised names found here);
- `terms`: the stems of its content words, names and time words left out:
  what two sentences must share to be about the same thing;
- `negated`: the terms in the scope of a negation ("do not contain mechanisms
  ..."), with the cue;
- `values`: amounts, percentages, counts, years and names, each with its
  `role`, the content words just before it ("founded in" 2021, "hedge fund
  called" X), which says what the value is a value of;
- `stance`: "asserted", "disputed" (an allegation, "no evidence", "denied"),
  "hedged" ("may", "reportedly"), with the cue;
- `evaluations`: positive or negative judgements ("necessary",
  "hypocritical"), flipped by a negation just before them;
- `speaker`: who the claim is attributed to ("OpenAI claims that ...",
  "according to officials"), or None when the outlet says it itself;
- `dates`: the years of its time expressions (timeline plugin, or years in
  the text), so that values of different years are not compared.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from whoosh.lang.porter import stem

from . import lexicon as L

MAX_TOKENS = 90  # longer "sentences" are lists or tables
ROLE_WORDS = 4  # content words before a value that say what it is
NEGATION_SCOPE = 10  # tokens a negation reaches, up to the end of its clause

_TOKEN = re.compile(r"[$£€¥]?\d[\d,.]*%?|[^\W\d_][\w'’\-]*")
_CLAUSE_END = re.compile(r"[;:,()\u2013\u2014]|\s-\s")
_SCOPE_END = re.compile(L.SCOPE_END)
_CAPITALISED = re.compile(r"\b(?:[A-Z][\w'’.&\-]*[\w]|[A-Z])(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’.&\-]*[\w])*")
_MONEY = re.compile(r"(?P<cur>[$£€¥])\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>trillion|billion|million|bn|mln|bln|"
                    r"m|k|thousand)?\b|(?P<num2>\d[\d,]*(?:\.\d+)?)\s*(?P<scale2>trillion|billion|million|bn|mln|bln|"
                    r"thousand)?\s*(?P<cur2>dollars|dlrs|euros|pounds|yen|yuan|rupees)\b", re.IGNORECASE)
_PERCENT = re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?:%|per\s*cent\b|percent\b|pct\b)", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d$£€¥.,])(?P<num>(?:19|20)\d\d)(?![\d%]|[.,]\d|\s*(?:%|percent|per cent))")
# A count: a number and the noun it counts ("300 jobs"), not a score or range ("1-0 win", "3-5 days").
_COUNT = re.compile(r"(?<![\d$£€¥.,\-–/])(?P<num>\d[\d,]*(?:\.\d+)?)(?!\s*[-–/]\s*\d)\s*"
                    r"(?P<scale>million|billion|thousand|mln|bln)?\s+(?P<unit>[a-z][a-z\-]+)", re.IGNORECASE)
_SCALES = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "bln": 1e9, "million": 1e6, "mln": 1e6, "m": 1e6,
           "thousand": 1e3, "k": 1e3}
_CURRENCIES = {"$": "USD", "dollars": "USD", "dlrs": "USD", "£": "GBP", "pounds": "GBP", "€": "EUR",
               "euros": "EUR", "¥": "JPY", "yen": "JPY", "yuan": "CNY", "rupees": "INR"}
_NOT_NAMES = frozenset("""
The A An In On At For From By With And But Or If When While As After Before This That These Those It Its
He She They We I You His Her Their Our My Your There Here What Which Who Why How Not No Yes Also However
Meanwhile According Despite Although Though Since Still Yet So Then Now Today Last Next Earlier Later Mr Mrs
Ms Dr Some Many Most Several All Each Every Both Such Other Another One Two Three
""".split())


def fold(name: str) -> str:
    """A name compared without case, punctuation or possessive ("DeepSeek's" is "deepseek")."""
    text = re.sub(r"['’]s\b", "", name.casefold())
    return " ".join(re.findall(r"\w+", text))


def name_key(name: str) -> str:
    """A name's words in order, folded: "Wenfeng Liang" and "Liang Wenfeng" meet."""
    return " ".join(sorted(fold(name).split()))


@dataclass
class Value:
    kind: str  # "money", "percent", "year", "count", "name"
    value: str  # normalised: "USD 6000000", "12.5", "2021", "2000 employe", an entity name
    text: str  # as written
    role: list[str]  # stems of the content words before it
    start: int  # in the body
    end: int
    subject: str | None = None  # the name it belongs to: the nearest before it, or the one the sentence points back to
    words: list[str] = field(default_factory=list)  # the role as written, lower case ("founded", not "found")
    after: str | None = None  # the content word right after an amount ("£35bn efficiency savings": effici)


@dataclass
class Claim:
    doc: str
    start: int  # the sentence, in the body
    end: int
    names: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    negation: str = ""  # the cue
    values: list[Value] = field(default_factory=list)
    stance: str = "asserted"
    stance_cue: str = ""
    evaluations: list[tuple[str, int]] = field(default_factory=list)  # (word, +1 / -1)
    speaker: str | None = None
    dates: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)  # base forms of the content words (antonym look-ups)
    implied: list[str] = field(default_factory=list)  # names taken from the sentence before ("The company ...")
    evidential: bool = False  # the negation denies evidence ("no evidence that ...")
    negated_names: list[str] = field(default_factory=list)  # names in the negated clause: whose claim is denied
    disputed: list[str] = field(default_factory=list)  # terms a dispute cue is about ("allegations of ...")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Claim":
        values = [Value(**v) for v in data.pop("values", [])]
        evaluations = [tuple(e) for e in data.pop("evaluations", [])]
        return cls(**data, values=values, evaluations=evaluations)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) in `text`; "don't" gives "do" and "not"."""
    out = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        lower = word.lower().replace("’", "'")
        if lower.endswith("n't") and len(lower) > 3:
            stem_part = "can" if lower == "can't" else ("will" if lower == "won't" else lower[:-3])
            out.append((stem_part, start, start + len(word) - 3))
            out.append(("not", start + len(word) - 3, match.end()))
        elif lower.endswith("'s"):
            out.append((word[:-2], start, match.end() - 2))
        else:
            out.append((word, start, match.end()))
    return out


def content_stem(word: str) -> str | None:
    """The stem a content word is matched by, or None for stop words, numbers,
    time words and one- or two-letter words."""
    lower = word.lower().strip("'’-")
    if len(lower) < 3 or not lower[0].isalpha() or lower in L.STOP_WORDS or lower in L.TIME_WORDS:
        return None
    return stem(lower)


def sentence_names(text: str, offset: int, annotated: list[tuple[int, int, str]],
                   known: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """(start, end, name) of the entities in a sentence: the annotations given,
    or capitalised names, not function words.  A single word opening the
    sentence is a name only if it is capitalised inside a word ("OpenAI") or
    `known` (the article capitalises it mid-sentence too)."""
    if annotated:
        return annotated
    found = []
    for match in _CAPITALISED.finditer(text):
        words = match.group().split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        first_word = re.match(r"[\W_]*", text).end()
        if not words or len(words[0]) < 2:
            continue
        if len(words) == 1 and match.start() <= first_word and not (
                words[0] in known or any(c.isupper() or c.isdigit() for c in words[0][1:])):
            continue
        name = " ".join(words)
        start = offset + match.end() - len(name)
        found.append((start, offset + match.end(), name))
    return found


def _role(words: list[tuple[str, int, int]], position: int, stop: int, skip=frozenset()) -> list[str]:
    """Stems of up to ROLE_WORDS content words before token `position`, not
    crossing a clause boundary at character `stop`, leaving out the words of
    names (`skip`: their tokens' starts): a role is what, not whose."""
    role = []
    for word, start, _ in reversed(words[:position]):
        if start < stop:
            break
        key = None if start in skip else content_stem(word)
        if key:
            role.append(key)
            if len(role) == ROLE_WORDS:
                break
    return list(reversed(role))


def _clause_start(text: str, at: int) -> int:
    starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, at)]
    return starts[-1] if starts else 0


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _values(text: str, offset: int, words, names, implied: list[str], skip=frozenset()) -> list[Value]:
    out: list[Value] = []
    taken: list[tuple[int, int]] = []

    def free(s, e):
        return all(e <= a or s >= b for a, b in taken)

    def role_at(char: int) -> list[str]:
        position = next((i for i, w in enumerate(words) if w[1] >= char), len(words))
        return _role(words, position, _clause_start(text, char), skip)

    for match in _MONEY.finditer(text):
        number = _number(match.group("num") or match.group("num2"))
        if number is None:
            continue
        scale = (match.group("scale") or match.group("scale2") or "").lower()
        currency = _CURRENCIES[(match.group("cur") or match.group("cur2")).lower()]
        amount = number * _SCALES.get(scale, 1)
        out.append(Value("money", f"{currency} {amount:.0f}", match.group(), role_at(match.start()),
                         offset + match.start(), offset + match.end()))
        taken.append(match.span())
    for match in _PERCENT.finditer(text):
        if free(*match.span()):
            out.append(Value("percent", f"{_number(match.group('num')):g}", match.group(), role_at(match.start()),
                             offset + match.start(), offset + match.end()))
            taken.append(match.span())
    for match in _YEAR.finditer(text):
        if free(*match.span()):
            out.append(Value("year", match.group("num"), match.group(), role_at(match.start()),
                             offset + match.start(), offset + match.end()))
            taken.append(match.span())
    for match in _COUNT.finditer(text):
        unit = content_stem(match.group("unit"))
        number = _number(match.group("num"))
        if unit is None or number is None or not free(*match.span("num")) or \
                match.group("unit").lower() in L.TIME_UNITS:
            continue
        amount = number * _SCALES.get((match.group("scale") or "").lower(), 1)
        out.append(Value("count", f"{amount:g} {unit}", match.group(), role_at(match.start()),
                         offset + match.start(), offset + match.end()))
        taken.append(match.span())
    for start, end, name in names:
        value = _name_value(text, offset, words, names, start, end, name, skip)
        if value is not None:
            out.append(value)
    for value in out:
        local = value.start - offset
        value.words = [w.lower() for w, st, _ in words if st < local and st >= _clause_start(text, local)
                       and st not in skip][-2 * ROLE_WORDS - 2:]
        follow = re.match(r"\s+(?:of\s+)?([^\W\d_][\w'’\-]*)", text[value.end - offset:])
        value.after = content_stem(follow.group(1)) if follow and value.kind == "money" else None
        before = [(e, n) for s, e, n in names if e <= value.start and n != value.value]
        value.subject = before[-1][1] if before else None  # None: the sentence's own subject is not named
        qualified = re.match(r"\s+([a-z][a-z\-]+)", text[before[-1][0] - offset:]) if before else None
        if value.kind != "name" and qualified and content_stem(qualified.group(1)) and \
                qualified.group(1) not in L.OWNER_VERBS:
            # "the US firm", "the Orion model": the name qualifies the owner, which is the pair.
            value.subject = f"{value.subject} {qualified.group(1)}"
        if value.kind == "name" and before and not set(value.words) & L.ORIGINS:
            # A title's owner is written right before it ("Deutsche Boerse chief
            # executive X"): a name further back is someone else's.
            between = text[before[-1][0] - offset:local]
            if re.search(r"[,;:()\"“”]", between) or len(between.split()) > ROLE_WORDS + 1:
                value.subject = None
    return out


# What may stand between a role and the name that fills it: "a hedge fund called X",
# "founded by X", "the lab's founder, X".
_DEMONYM = re.compile(r"(?:ese|ian|ish|ean|can|ch|ic|i)$")  # Chinese, Russian, British, Israeli, French...
_LINK = frozenset({"called", "named", "dubbed", "known", "as", "by", "from", "the", "a", "an", "its", "their",
                   "his", "her"})


def _name_value(text, offset, words, names, start, end, name, skip=frozenset()) -> Value | None:
    """A name filling a role ("hedge fund called X", "CEO X", "founded by X"):
    the content words right before it, up to ROLE_WORDS, not crossing a clause
    boundary or another name.  A name in a list ("such as A, B and C") fills
    no single role."""
    local = start - offset
    before = text[max(0, local - 40):local].lower()
    if re.search(r"(?:such as|including|like|and|or|,)\s*$", before) or \
            re.match(r"\s*(?:,\s*(?:and|or)\b|and\b|or\b)", text[end - offset:]):
        return None
    after = text[end - offset:]
    if " " not in name and _DEMONYM.search(name):
        return None  # "Chinese", "British": an adjective, not the name that fills a role
    if re.match(r"['’]s\b", after):
        return None  # "Sony's Qrio": the name qualifies what follows
    position = next((i for i, w in enumerate(words) if w[1] >= local), len(words))
    links = 0
    while position > 0 and words[position - 1][0].lower() in _LINK and links < 2:
        position -= 1
        links += 1
    if position == 0 or not content_stem(words[position - 1][0]):
        return None  # the name follows nothing that says what it is
    boundary = max([_clause_start(text, local)] + [e - offset for s, e, n in names if e <= start])
    role = _role(words, position, boundary, skip)
    return Value("name", name, name, role, start, end) if role else None


def _negation(text: str, words, skip=frozenset(), names=()) -> tuple[list[str], str, list[str]]:
    """(terms in a negation's scope, in order; the cue; the names of the
    negated clause, from its start to the scope's end) of a sentence.
    `names` are (start, end, name) in the sentence."""
    lower = text.lower()
    scoped: list[str] = []
    cue = ""
    cues: list[tuple[int, int]] = []
    for phrase in L.NEGATION_PHRASES:
        for match in re.finditer(r"(?<!\w)%s(?!\w)" % phrase, lower):
            cues.append((match.start(), match.end()))
    for i, (word, start, end) in enumerate(words):
        lower_word = word.lower()
        following = words[i + 1][0] if i + 1 < len(words) else ""
        if lower_word in L.NEGATIONS:
            if following.lower() in L.NOT_NEGATING or following[:1].isupper():
                continue  # "not only", "no longer"; "Don't Know My Name" is a title
            if i > 0 and words[i - 1][0].lower() in L.ADVICE_BEFORE_NOT:
                continue  # "careful not to move too fast": advice, not a fact denied
        elif lower_word in L.DENIAL_VERBS:
            ahead = {w.lower() for w, _, _ in words[i + 1:i + 4]}
            if not ahead & L.CLAIM_NOUNS:
                continue  # "dismissed an appeal", "denied him gold": no claim denied
        else:
            continue
        cues.append((start, end))
    clause_names: list[str] = []
    for start, end in sorted(cues):
        if _in_short_quote(text, start):
            continue  # a slogan or title: "Make love not spam"
        cue = cue or text[start:end]
        scoped += _scope(text, words, end, skip)
        # Whose claim is negated: the name nearest before the cue in its clause
        # ("Ken Livingstone should not apologise"), else the names it reaches
        # ("no evidence that DeepSeek is controlled").
        stop = _SCOPE_END.search(text, end)
        opened = [m.end() for m in _SCOPE_END.finditer(text, 0, start)]
        low, high = (opened[-1] if opened else 0), (stop.start() if stop else len(text))
        before = [n for s, e, n in names if low <= s and e <= start]
        opening = [n for s, e, n in names if e <= start][:1]  # the sentence's subject, when it names one
        if before:
            clause_names += before[-1:]
        elif opening and names[0][0] <= _first_clause_end(text):
            clause_names += opening  # "DeepSeek's models, which ..., do not contain ..."
        elif any(re.match(p, lower[start:]) for p in L.EVIDENTIAL_NEGATIONS + (r"lack\s+of", r"absence\s+of")):
            clause_names += [n for s, e, n in names if end <= s < high]  # "no evidence that X ...": X's
    return list(dict.fromkeys(scoped)), cue, list(dict.fromkeys(clause_names))


def _first_clause_end(text: str) -> int:
    """Where the sentence's first clause ends (its first comma or the like)."""
    stop = _CLAUSE_END.search(text)
    return stop.start() if stop else len(text)


def _in_short_quote(text: str, at: int) -> bool:
    """Whether `at` is inside a quotation of a few words (a title or slogan)."""
    for match in re.finditer(r"[\"“]([^\"“”]{1,60})[\"”]", text):
        if match.start() < at < match.end() and len(match.group(1).split()) <= 6:
            return True
    return False


def _scope(text: str, words, after: int, skip=frozenset()) -> list[str]:
    """Content terms a cue at `after` reaches: up to NEGATION_SCOPE, to the end
    of its clause; names (`skip`) are who, not what is denied."""
    stop = _SCOPE_END.search(text, after)
    limit = stop.start() if stop else len(text)
    out = []
    for word, start, _ in words:
        if after <= start < limit and start not in skip:
            key = content_stem(word)
            if key:
                out.append(key)
                if len(out) >= NEGATION_SCOPE:
                    break
    return out


_CONDITIONAL = re.compile(r"^[\W_]*(?:if|unless|should|were|had|suppose|supposing|assuming|in case)\b", re.IGNORECASE)


def _stance(text: str, words) -> tuple[str, str, list[str]]:
    """("disputed" / "hedged" / "asserted", the cue, the terms the dispute is
    about: after the cue in its clause ("allegations of replicating ..."),
    or before it for a trailing judgement ("the claims ... remain unproven")).
    A sentence opening on a condition ("If the ink shows, ...") is "conditional":
    it asserts nothing either way."""
    if _CONDITIONAL.match(text):
        return "conditional", words[0][0].lower() if words else "", []
    for i, (word, start, end) in enumerate(words):
        lower = word.lower()
        denial = lower in L.DENIAL_VERBS and {w.lower() for w, _, _ in words[i + 1:i + 4]} & L.CLAIM_NOUNS
        if lower in L.DISPUTE_WORDS or denial:
            scope = _scope(text, words, end)
            if len(scope) < 2:
                clause = _clause_start(text, start)
                scope += [key for w, s, _ in words[:i] if s >= clause for key in [content_stem(w)] if key]
            return "disputed", lower, sorted(set(scope))
    for word, _, _ in words:
        if word.lower() in L.INTENTIONS:
            return "intended", word.lower(), []
    for word, _, _ in words:
        if word.lower() in L.HEDGES:
            return "hedged", word.lower(), []
    return "asserted", "", []


def _evaluations(text: str, words) -> list[tuple[str, int]]:
    out = []
    lower = text.lower()
    for phrase in (p for p in L.NEGATIVE if " " in p):
        if phrase in lower:
            out.append((phrase, -1))
    for i, (word, _, _) in enumerate(words):
        lower_word = word.lower()
        polarity = 1 if lower_word in L.POSITIVE else -1 if lower_word in L.NEGATIVE else 0
        if not polarity:
            continue
        before = {w.lower() for w, _, _ in words[max(0, i - 3):i]}
        if before & L.NEGATIONS:
            polarity = -polarity
        out.append((lower_word, polarity))
    return out


def _speaker(text: str, offset: int, words, names) -> str | None:
    """Who the sentence reports ("X said", "X claims that", "according to X"),
    or None.  `names` are at body offsets; the sentence starts at `offset`."""
    names = [(s - offset, e - offset, n) for s, e, n in names]
    lower = text.lower()
    for match in re.finditer(r"\b(?:accusations?|allegations?|claims?|charges?)\s+(?:by|from)\s+", lower):
        after = [n for s, e, n in names if s == match.end()]
        if after:
            return after[0]  # "an accusation by OpenAI that ..."
    match = re.search(r"\baccording to\s+", lower)
    if match:
        after = [n for s, e, n in names if s >= match.end() - 0]
        if after:
            return after[0]
        following = [w for w, s, _ in words if s >= match.end()][:3]
        return " ".join(following) or None
    for i, (word, start, _) in enumerate(words):
        if word.lower() not in L.REPORTING_VERBS or i == 0:
            continue
        before = [n for s, e, n in names if e <= start and start - e <= 12]
        if before:
            return before[-1]
        j = i - 1
        while j > 0 and words[j][0].lower().endswith("ly"):  # "X previously stated"
            j -= 1
        noun = words[j][0]
        if content_stem(noun) and noun.lower() not in L.HEDGES and not noun.lower().endswith("ly"):
            return noun.lower()  # "officials said", "critics argue"
    return None


# A sentence whose subject points back ("It ...", "The company ...") is about
# what the sentence before named.
_POINTS_BACK = re.compile(r"^[\W_]*(?:(?:however|but|still|yet|also|moreover|instead),?\s+)?(?:it|its|they|their|"
                          r"this|these|the\s+(?:company|firm|lab|laboratory|institution|start-?up|group|organi[sz]ation|"
                          r"government|agency|platform|bank|ministry|country|team|business|developer|maker|"
                          r"operator|chain|carrier|union|party|court|regulator|board|council))\b", re.IGNORECASE)


def _mid_sentence_capitals(body: str, sentences) -> frozenset[str]:
    """Capitalised words an article writes inside its sentences (so names, not
    sentence openings)."""
    found = set()
    for start, end in sentences:
        for match in re.finditer(r"(?<=[a-z,;] )[A-Z][\w'’\-]+", body[start:end]):
            found.add(match.group())
    return frozenset(found)


def read_claims(doc: str, body: str, sentences, entities: list[tuple[int, int, str]],
                years: dict[int, list[str]] | None = None) -> list[Claim]:
    """The claims of an article: `sentences` (start, end) of `body`, `entities`
    (start, end, name) found in it (may be empty), `years` the years of the
    time expressions by sentence start (may be None: years are read here)."""
    claims = []
    previous: list[str] = []
    known = frozenset() if entities else _mid_sentence_capitals(body, sentences)
    for s_start, s_end in sentences:
        text = body[s_start:s_end]
        stripped = text.strip()
        if not stripped or stripped.endswith("?"):
            continue
        words = tokens(text)
        if len(words) < 5 or len(words) > MAX_TOKENS:
            continue
        annotated = [(s, e, n) for s, e, n in entities if s_start <= s < s_end]
        names = sentence_names(text, s_start, annotated, known)
        written = sorted({n for _, _, n in names})
        implied = [n for n in previous if n not in written] if _POINTS_BACK.match(text) else []
        previous = written or previous
        name_words = {w.lower() for _, _, n in names for w in re.findall(r"\w+", n)}
        skip = frozenset(start for _, start, _ in words
                         if any(s - s_start <= start < e - s_start for s, e, _ in names))
        terms = sorted({key for word, _, _ in words if word.lower() not in name_words
                        for key in [content_stem(word)] if key})
        local_names = [(st - s_start, en - s_start, n) for st, en, n in names]
        negated, cue, negated_names = _negation(text, words, skip, local_names)
        values = _values(text, s_start, words, names, implied, skip)
        stance, stance_cue, disputed = _stance(text, words)
        evaluations = _evaluations(text, words)
        if not (names or implied or values or negated or evaluations or stance != "asserted"):
            continue
        dates = sorted(set(years.get(s_start, []))) if years is not None else \
            sorted({v.value for v in values if v.kind == "year"})
        lemmas = sorted({form for word, _, _ in words
                         if word[:1].isalpha() and word.lower() not in L.STOP_WORDS and len(word) > 2
                         for form in L.bases(word.lower())})
        evidential = any(re.search(r"(?<!\w)%s(?!\w)" % p, text.lower()) for p in L.EVIDENTIAL_NEGATIONS)
        claims.append(Claim(doc, s_start, s_end, written, terms, negated, cue, values, stance, stance_cue,
                            evaluations, _speaker(text, s_start, words, names), dates, lemmas, implied, evidential,
                            negated_names, disputed))
    return claims
