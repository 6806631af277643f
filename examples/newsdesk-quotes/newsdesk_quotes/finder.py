"""Quoted speech and its speaker, in plain text.

    from newsdesk_quotes.finder import find_quotes
    for quote in find_quotes(text):
        print(quote.speaker or "?", quote.text)

`marks` finds the quotations, `attribution` the verb and subject in the same
sentence; this module decides which quotations are speech and who the speaker
is.  A quotation counts as speech when something attributes it, or when it is
long enough to be speech on its own (six words or more; the speaker is then
unknown).  Short quotations without attribution ("scare quotes", titles such
as “AI Action Plan”) are not speech.  Speakers are resolved within the text:

- a surname or "Mr Smith" becomes the full name mentioned in the text ("Smith"
  -> "Jane Smith");
- "he"/"she" becomes the last person quoted before (or, failing that, the last
  person named shortly before);
- a role ("the CEO", "the spokeswoman") becomes the last person quoted;
- anything else ("some analysts", "they", "the company") leaves the speaker
  unknown (""), with the words used kept in `source`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .attribution import (PERSONAL, Attribution, according, after, before, ends_sentence, sentence_end,
                          sentence_start, words)
from .marks import Span, paragraphs, quoted_spans
from .names import Name, name_runs

CONTEXT = 400  # characters of a sentence looked at on each side of a quotation
MIN_UNATTRIBUTED_WORDS = 6
PRONOUN_REACH = 800  # how far back "he" may look for a person named but not quoted
_SMALL_WORDS = {"of", "and", "the", "for", "a", "an", "in", "on", "to", "at", "by", "with", "or", "&"}


@dataclass
class Quote:
    start: int  # text[start:end] is the quotation, marks excluded
    end: int
    text: str
    speaker: str  # "" when unknown
    verb: str  # "said", "told", "according to"; "" when none
    source: str  # the words naming the speaker as written ("he", "Smith", "some analysts")
    how: str  # "named", "full name", "pronoun", "role", "continued" or "unknown"

    def to_data(self) -> dict:
        return {"speaker": self.speaker, "text": self.text, "verb": self.verb, "source": self.source,
                "how": self.how}


def _title_like(text: str) -> bool:
    """“AI Action Plan”, “Tier 1”: a name or title in quotation marks."""
    tokens = re.findall(r"[\w'’-]+", text)
    if not tokens or len(tokens) > 6 or re.search(r"[.!?,;:…]\s*$", text):
        return False
    return all(t[0].isupper() or t[0].isdigit() or t.lower() in _SMALL_WORDS for t in tokens)


class _Names:
    """The names in a text, for turning "Smith" into "Jane Smith" and "he" into a person."""

    def __init__(self, text: str):
        mentions = name_runs(text)
        self.full: dict[str, list[Name]] = {}
        for name in mentions:
            if len(name.tokens) >= 2:
                self.full.setdefault(name.tokens[-1], []).append(name)
        self.people = [name for name in mentions if name.person_like]
        self.people_starts = [name.start for name in self.people]

    def expand(self, name: Name, position: int) -> Name:
        """The fullest mention of `name` ("Smith" -> "Jane Smith"): the last one
        before `position`, else the first after."""
        if len(name.tokens) != 1:
            return name
        candidates = self.full.get(name.tokens[0], [])
        if not candidates:
            return name
        starts = [c.start for c in candidates]
        i = bisect.bisect_left(starts, position)
        return candidates[i - 1] if i > 0 else candidates[0]

    def last_person(self, position: int) -> Name | None:
        i = bisect.bisect_left(self.people_starts, position)
        if i and position - self.people[i - 1].end <= PRONOUN_REACH:
            return self.people[i - 1]
        return None


def _contexts(text: str, spans: list[Span], k: int, paras: list[tuple[int, int]]) -> tuple[str, str, bool]:
    """The text before and after quotation k within its sentence, and whether it
    shares that sentence with the quotation before it."""
    span = spans[k]
    pstart, pend = paras[span.paragraph]
    previous = spans[k - 1] if k and spans[k - 1].paragraph == span.paragraph else None
    following = spans[k + 1] if k + 1 < len(spans) and spans[k + 1].paragraph == span.paragraph else None
    floor = previous.close_end if previous else pstart
    left_start = sentence_start(text, max(floor, span.open_start - CONTEXT), span.open_start)
    ceiling = following.open_start if following else pend
    right_end = sentence_end(text, span.close_end, min(ceiling, span.close_end + CONTEXT))
    same_sentence = bool(previous and left_start == previous.close_end
                         and not ends_sentence(text[previous.start:previous.end]))
    return text[left_start:span.open_start], text[span.close_end:right_end], same_sentence


def _attribute(inner: str, left: str, right: str) -> Attribution | None:
    found = None
    sentence_over = inner.rstrip()[-1:] in (".", "…")  # `“We won.” Smith said...` starts anew
    if not sentence_over or right.lstrip(" ,")[:1].islower():
        found = after(right, inner)
    if found is None:
        found = before(left, inner)
    if found is None and words(inner) >= 3:
        found = according(left + " " + right)
    return found


def find_quotes(text: str) -> list[Quote]:
    """The quoted speech in `text`, in order, with speakers resolved."""
    spans = quoted_spans(text)
    if not spans:
        return []
    paras = paragraphs(text)
    names = _Names(text)
    found: list[tuple[Span, Attribution | None, str]] = []
    for k, span in enumerate(spans):
        inner = text[span.start:span.end]
        if not inner.strip():
            continue
        left, right, same_sentence = _contexts(text, spans, k, paras)
        attribution = _attribute(inner, left, right)
        how = ""
        if attribution is None and same_sentence and found and found[-1][0] is spans[k - 1] \
                and found[-1][1] is not None and words(inner) >= 2:
            attribution, how = found[-1][1], "continued"  # Smith said it was "x" and "y z"
        if _title_like(inner) and not (attribution and attribution.immediate):
            continue
        if attribution is None and words(inner) < MIN_UNATTRIBUTED_WORDS:
            continue
        found.append((span, attribution, how))
    _carry_over_paragraphs(text, paras, found)
    return _resolve(text, names, found)


def _carry_over_paragraphs(text: str, paras, found) -> None:
    """A quotation that runs over paragraphs takes its speaker from the part
    that has an attribution; a paragraph that is only a quotation continues
    the speaker of the paragraph before."""
    for i in range(len(found) - 1, -1, -1):  # backwards: the attribution usually comes last
        span, attribution, how = found[i]
        if attribution is None and span.runs_on and i + 1 < len(found) and found[i + 1][1] is not None:
            found[i] = (span, found[i + 1][1], "continued")
    for i in range(1, len(found)):
        span, attribution, how = found[i]
        previous = found[i - 1]
        if attribution is not None or previous[1] is None:
            continue
        pstart, pend = paras[span.paragraph]
        opens_paragraph = not text[pstart:span.open_start].strip()
        whole_paragraph = opens_paragraph and not re.sub(r"[\W_]", "", text[span.close_end:pend])
        follows_on = previous[0].runs_on and not text[previous[0].close_end:span.open_start].strip()
        if follows_on or (opens_paragraph and previous[0].runs_on):
            found[i] = (span, previous[1], "continued")
        elif whole_paragraph and previous[0].paragraph == span.paragraph - 1:
            # A paragraph that is nothing but a quotation, right after someone
            # was quoted: by convention, the same speaker goes on.
            found[i] = (span, previous[1], "continued")


def _resolve(text: str, names: _Names, found) -> list[Quote]:
    quotes: list[Quote] = []
    people: list[str] = []  # people quoted so far, by full name
    person_like: dict[str, bool] = {}
    gender: dict[str, str] = {}  # speaker -> the pronoun that referred to them
    for span, attribution, how in found:
        inner = text[span.start:span.end]
        speaker, verb, source = "", "", ""
        if attribution is not None:
            verb, source = attribution.verb, attribution.phrase
            if attribution.kind == "name" and attribution.name is not None:
                name = names.expand(attribution.name, span.start)
                speaker = name.text
                person_like[speaker] = name.person_like or name.honorific or len(name.tokens) >= 2
                how = how or ("full name" if name is not attribution.name else "named")
            elif attribution.kind == "pronoun" and attribution.phrase in PERSONAL:
                pronoun = attribution.phrase
                earlier = next((p for p in reversed(people)
                                if person_like.get(p) and gender.get(p, pronoun) == pronoun), None)
                if earlier is None:
                    mention = names.last_person(span.open_start)
                    mention = names.expand(mention, mention.start) if mention else None
                    earlier = mention.text if mention and gender.get(mention.text, pronoun) == pronoun else None
                if earlier:
                    gender[earlier] = pronoun  # "she" once, never "he" later
                speaker, how = earlier or "", how or ("pronoun" if earlier else "unknown")
            elif attribution.kind == "role":
                earlier = next((p for p in reversed(people) if person_like.get(p)), None)
                speaker, how = earlier or "", how or ("role" if earlier else "unknown")
            else:
                how = how or "unknown"
        else:
            how = "unknown"
        if speaker:
            person_like.setdefault(speaker, True)
            people.append(speaker)
        quotes.append(Quote(span.start, span.end, inner, speaker, verb, source, how))
    return quotes
