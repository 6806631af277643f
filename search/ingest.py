"""From a reader's `SourceArticle` to a clean `Article`.

An article page has three regions, found from the text's own shape:

* the header, before the first prose paragraph: title, bylines, date line,
  reading time, breadcrumbs, section labels;
* the body: the paragraphs that are the article;
* the tail, after an end-of-article marker (comment form, related posts,
  copyright line, author bio): trailing page material and teasers of other
  articles, which are not this article's text.

Metadata the source states (JSON fields, HTML meta tags) wins over metadata
found in the text.  Everything kept out of the body is recorded with a reason.
"""

from __future__ import annotations

import re

from . import boilerplate as bp
from .article import Article, Removed, SourceArticle
from .dates import date_span, find_date
from .segment import split_blocks, split_sentences
from .text import clean_text

_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ")", ":", ";")
_TITLE_MAX_CHARS = 120
_HEADER_WITHOUT_PROSE = 4


def is_prose(unit: str) -> bool:
    """A paragraph of running text rather than a label, heading or byline."""
    count = bp.words(unit)
    return count >= 25 or (count >= 12 and unit.endswith(_SENTENCE_END))


def ingest(source: SourceArticle, article_id: str, relpath: str) -> Article:
    units = split_blocks(clean_text(source.text))
    roles: list[str | None] = [None] * len(units)  # None = body, else why it is out
    removed_extra = [Removed(clean_text(b), "page furniture") for b in source.boilerplate if b.strip()]

    first = next((i for i, u in enumerate(units) if is_prose(u) and not _furniture(u)), None)
    if first is None:
        # No prose at all (a table of figures, a list): only the opening lines
        # can be a header; the rest is the article.
        first = min(len(units), _HEADER_WITHOUT_PROSE)
    found = _read_header(units[:first], roles, source)
    _read_tail(units, roles, first, found)
    for i in range(first, len(units)):
        if roles[i] is None:
            roles[i] = bp.standalone_reason(units[i])

    if all(role is not None for role in roles):
        # Everything looked like header: a very short text.  Better a body with
        # the labels in it than an empty one.
        roles = [role if role in ("title", "title (repeated)") else None for role in roles]
    body_units = [u for u, role in zip(units, roles) if role is None] or units
    if not found["date"] and body_units:
        found["date"] = _dateline_date(body_units[0])
    body, paragraphs, sentences = _assemble(body_units)

    title, title_source = _choose_title(source, found, body, sentences, relpath)
    removed = [Removed(u, role) for u, role in zip(units, roles) if role is not None]
    return Article(
        id=article_id,
        path=relpath,
        title=title,
        body=body,
        authors=[_one_line(a) for a in source.authors if a.strip()] or found["authors"],
        date=source.date or found["date"],
        outlet=(_one_line(source.outlet) if source.outlet else None) or found["outlet"],
        url=_one_line(source.url) if source.url else source.url,
        title_source=title_source,
        paragraphs=paragraphs,
        sentences=sentences,
        boilerplate=removed + removed_extra,
    )


def _furniture(unit: str) -> bool:
    return bool(bp.standalone_reason(unit) or bp.end_of_article_reason(unit) or bp.byline_names(unit))


def _read_header(header: list[str], roles: list, source: SourceArticle) -> dict:
    """Classify the units before the first prose paragraph; return what they say."""
    found = {"title": None, "authors": [], "date": None, "outlet": None}
    known_title = _norm(source.title) if source.title else None
    candidates = []
    for i, unit in enumerate(header):
        names = bp.byline_names(unit)
        if names:
            roles[i] = "byline"
            found["authors"] = found["authors"] or names
            found["date"] = found["date"] or find_date(unit)
        elif _is_date_line(unit):
            roles[i] = "date line"
            found["date"] = found["date"] or find_date(unit)
        elif known_title and _norm(unit) == known_title:
            roles[i] = "title"
        elif reason := (bp.standalone_reason(unit) or bp.end_of_article_reason(unit)):
            roles[i] = reason
            found["outlet"] = found["outlet"] or _outlet_of(unit, reason)
        elif bp.words(unit) >= 2 and not unit.endswith("."):
            candidates.append(i)

    # The title is the first candidate, passing over a lone name when a later
    # candidate is not one (a name printed above the headline is a byline).
    title_at = None
    if known_title:
        title_at = next((i for i, role in enumerate(roles[: len(header)]) if role == "title"), None)
    elif candidates:
        title_at = next((i for i in candidates if not bp.is_name_line(header[i])), candidates[0])
        found["title"] = header[title_at]
        roles[title_at] = "title"
    for i in range(len(header)):
        if roles[i] is not None or i == title_at:
            continue
        if found["title"] and _norm(header[i]) == _norm(found["title"]):
            roles[i] = "title (repeated)"
        elif bp.is_name_line(header[i]) and _beside_byline_material(header, roles, i):
            roles[i] = "byline"
            if header[i] not in found["authors"] and not any(bp.byline_names(u) for u in header):
                found["authors"].append(header[i])
        elif title_at is not None and i < title_at and bp.words(header[i]) <= 3:
            roles[i] = "section label"  # "AI", "World" above the headline
    return found


def _beside_byline_material(header: list[str], roles: list, i: int) -> bool:
    """A lone name is a byline when it stands next to a date line, a byline,
    a 'Published' label or the same name again (sites print it twice)."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(header):
            if roles[j] in ("date line", "byline", "header label") or header[j] == header[i]:
                return True
    return False


def _read_tail(units: list[str], roles: list, first: int, found: dict) -> None:
    """Find the end of the article; mark it and everything after it."""
    end = None
    for i in range(first + 1, len(units)):
        reason = bp.end_of_article_reason(units[i])
        name = None if reason else bp.bio_name(units[i])
        if name and not _bio_placement_ok(units, i, name, found):
            name = None
        if reason or name:
            end = i
            roles[i] = reason or "author bio"
            if name and not found["authors"]:
                found["authors"] = [name]
            found["outlet"] = found["outlet"] or _outlet_of(units[i], roles[i])
            break
    if end is None:
        # No marker: teasers glued on the end show as a run of paragraphs that
        # each stop mid-sentence.  One alone may be a clumsy copy; leave it.
        i = len(units) - 1
        while i > first and _is_cut_off(units[i]):
            i -= 1
        if len(units) - 1 - i >= 2:
            for j in range(i + 1, len(units)):
                roles[j] = "teaser of another article"
        return
    for i in range(end + 1, len(units)):
        reason = bp.end_of_article_reason(units[i]) or bp.standalone_reason(units[i])
        roles[i] = reason or ("author bio" if bp.bio_name(units[i]) else "after the end of the article")
        found["outlet"] = found["outlet"] or _outlet_of(units[i], roles[i])


def _bio_placement_ok(units: list[str], i: int, name: str, found: dict) -> bool:
    """A bio closes an article: near the end, or about the byline's author, or
    followed straight away by other page furniture."""
    if name in found["authors"] or len(units) - i <= 3:
        return True
    nxt = units[i + 1] if i + 1 < len(units) else ""
    return bool(bp.end_of_article_reason(nxt) or bp.standalone_reason(nxt))


_DANGLING = re.compile(
    r"(,|[-–—]|\b(the|a|an|of|to|and|or|in|on|at|by|for|with|from|that|then|as|his|her|its|their))$",
    re.IGNORECASE,
)


def _is_cut_off(unit: str) -> bool:
    """A paragraph stopped mid-sentence: a teaser of another article glued on."""
    return bp.words(unit) >= 20 and bool(_DANGLING.search(unit.rstrip()))


# What may stand beside the date on a date line: labels, reading time, a
# weekday, a time of day and its zone.  Any other word makes it a sentence.
_DATE_LINE_EXTRAS = re.compile(
    r"\b(\d+\s*(min|minute)s?\s+read|published|updated|posted|last|on|at|"
    r"(mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"\d{1,2}[:.]\d\d(\s*[ap]\.?m\.?)?|[ap]m|"
    r"gmt|utc|bst|cet|cest|[ecmp][sd]?t)\b|[^\w]",
    re.IGNORECASE,
)


def _is_date_line(unit: str) -> bool:
    span = date_span(unit)
    if not span or bp.words(unit) > 12:
        return False
    rest = unit[: span[0]] + " " + unit[span[1]:]
    return not _DATE_LINE_EXTRAS.sub(" ", rest).strip()


# A wire dateline opening the first paragraph: "LONDON, 5 June 2019 (Reuters) -".
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’\-]{1,40},\s+(?P<when>[^-—–()]{6,30}?)\s*(\([^)]{1,30}\)\s*)?[-—–]")


def _dateline_date(paragraph: str):
    match = _DATELINE.match(paragraph)
    return find_date(match.group("when")) if match else None


def _outlet_of(unit: str, reason: str | None) -> str | None:
    if reason == "copyright line":
        return bp.outlet_from_copyright(unit)
    if reason == "author bio":
        return bp.outlet_from_bio(unit)
    return None


def _assemble(body_units: list[str]) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    parts, paragraphs, sentences = [], [], []
    offset = 0
    for unit in body_units:
        paragraphs.append((offset, offset + len(unit)))
        sentences.extend(split_sentences(unit, offset))
        parts.append(unit)
        offset += len(unit) + 2
    return "\n\n".join(parts), paragraphs, sentences


def _choose_title(source, found, body, sentences, relpath) -> tuple[str, str]:
    if source.title and source.title.strip():
        return _one_line(source.title), "source"
    if found["title"]:
        return found["title"], "text"
    if sentences:
        start, end = sentences[0]
        return _shorten(body[start:end]), "first-sentence"
    return relpath.rsplit("/", 1)[-1], "file-name"


def _shorten(text: str) -> str:
    if len(text) <= _TITLE_MAX_CHARS:
        return text
    cut = text[:_TITLE_MAX_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _one_line(text: str) -> str:
    """Metadata from a source, cleaned and folded onto one line."""
    return " ".join(clean_text(text).split())


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
