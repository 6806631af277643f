"""What on a web page is not the article: the line-level rules.

Every rule looks at one paragraph-sized unit at a time, using features that hold
across sites (a comment form's wording, a copyright line's shape, a byline, a
reading-time label), never the text of a particular page.  `ingest` combines
them with the unit's position (header, body, tail).  Two kinds of rule:

* STANDALONE: the unit itself is furniture ("Also read: ...", "Advertisement").
* END_OF_ARTICLE: the unit closes the article (a comment form, "Related posts",
  a copyright line, an author bio); what follows it is trailing page material.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    reason: str
    max_words: int = 25  # longer units are prose that merely mentions the words


def _rule(regex: str, reason: str, max_words: int = 25) -> Rule:
    return Rule(re.compile(regex, re.IGNORECASE), reason, max_words)


STANDALONE = [
    _rule(r"^(also read|read also|read more|see also|related( article| story)?|recommended)\s*[:\-–—]", "link to another article", 40),
    _rule(r"^(see more|show more|load more|read more|loading|continue reading|view comments?)\W*$", "page widget"),
    _rule(r"^(share|share this( article| story| post)?|tweet|print|email|copy link)\W*$", "share buttons"),
    _rule(r"^(advertisement|sponsored( content)?|ad|promoted|paid content)\W*$", "advertisement"),
    _rule(r"^(sign up|subscribe|join)\b.{0,80}\b(newsletter|inbox|updates|free)\b", "newsletter prompt"),
    _rule(r"^follow (us|me)\b|^(click|tap) here\b", "call to action"),
    _rule(r"^(tags|filed under|categories|topics)\s*:", "tag list"),
    _rule(r"^\d+\s*(min|minute)s?\s+read\W*$", "reading time"),
    _rule(r"^(published|updated|posted|last updated)\W*$", "header label"),
    _rule(r"^(edited|translated|reviewed|fact[- ]checked|additional reporting|illustration|photo(graph)?s?)\s+by\b", "credits", 15),
    _rule(r"\b(photo|image|picture|credit)\s*:\s*\S", "image credit", 15),
    _rule(r"\bpowered by\b", "widget", 8),
    _rule(r"\b(we|this (site|website)) uses? cookies\b|^(accept|reject|manage)( all)? cookies\b|\bcookie (policy|settings|preferences)\b", "cookie notice", 60),
    _rule(r"^share (this|on)\b.*\b(facebook|twitter|x|email|linkedin|whatsapp|reddit)\b", "share buttons"),
    _rule(r"^(facebook|twitter|x|email|linkedin|whatsapp|reddit|pinterest|telegram)( [|/·•] ?\w+)*\W*$", "share buttons"),
    _rule(r"^(like this|like loading|loading\.\.\.|sort by|report this comment|reply|load more comments)\b.{0,20}$", "page widget"),
]

END_OF_ARTICLE = [
    _rule(r"^was this (article|story|post|page|content) (helpful|useful)", "feedback prompt"),
    _rule(r"^(leave|post|add) a (reply|comment)\b|^(\d+\s+)?comments?\W*$|^comments?\s*\(\d+\)\W*$", "comment form"),
    _rule(r"^(name|email|e-mail|website|comment)\s*\*?\s*$", "comment form", 2),
    _rule(r"^about the (author|writer|reporter)s?\W*$", "author bio"),
    _rule(r"your email address will not be published|required fields are marked", "comment form"),
    _rule(r"\bad[s]?[- ]?block(er)?s?\b.*\b(detected|disable|whitelist|support us)\b|^ads? ?blocker", "ad-blocker notice", 40),
    _rule(r"^(similar|similiar|related|recommended|more|popular|trending|latest|other) (posts|articles|stories|news|reads)\W*$", "related links"),
    _rule(r"^you (may|might) (also )?(like|enjoy)\b", "related links"),
    _rule(r"^source( link)?\W*$", "source link"),
    _rule(r"^(copyright\b|©|\(c\)\s*\d{4})|\ball rights reserved\b", "copyright line"),
]

# "Home / News / Technology / AI / ..." and "World > Asia > China": spaced
# separators between short crumbs (the last crumb may be the headline).
_CRUMB_SEPARATOR = re.compile(r"\s+[/>»›|]\s+")
_BYLINE = re.compile(r"^(by|written by|words by|reporting by)\s+(?P<names>[^|·•,]+?)\s*(?:[|·•,].*)?$", re.IGNORECASE)
_NAME_WORD = r"(?:[A-Z][\w'’.\-]*|de|da|van|von|der|bin|al|le|la)"
NAME_LINE = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}$")
# "Jane Doe is a London-based reporter at ...": the role comes within a few words.
_BIO = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})\s+(?:is|was|has been)\s+(?:a\s+|an\s+|the\s+)?"
    r"(?:[\w\-’']+\s+){0,4}?(?:senior\s+|chief\s+|staff\s+)?"
    r"(?:reporter|journalist|writer|editor|correspondent|columnist|contributor|freelancer|"
    r"freelance|author|analyst|blogger|commentator|fellow|professor|researcher)s?\b"
)
_AT_OUTLET = re.compile(
    r"\b(?:reporter|journalist|writer|editor|correspondent|columnist|contributor)\s+(?:at|for|with)\s+"
    r"(?:the\s+)?(?P<outlet>[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,3})"
)
_COPYRIGHT_OWNER = re.compile(
    r"(?:copyright|©|\(c\))\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?\s*,?\s*"
    r"(?:by\s+)?(?P<owner>[A-Z][^.|,©]*?)\s*(?:[.|,]|\ball rights\b|$)",
    re.IGNORECASE,
)


def words(unit: str) -> int:
    return len(unit.split())


def _match(rules: list[Rule], unit: str) -> str | None:
    count = words(unit)
    for rule in rules:
        if count <= rule.max_words and rule.pattern.search(unit):
            return rule.reason
    return None


def standalone_reason(unit: str) -> str | None:
    """Why `unit` is page furniture wherever it stands, or None."""
    if is_breadcrumb(unit):
        return "breadcrumb"
    return _match(STANDALONE, unit)


def end_of_article_reason(unit: str) -> str | None:
    """Why `unit` closes the article, or None (bios are checked separately)."""
    return _match(END_OF_ARTICLE, unit)


def is_breadcrumb(unit: str) -> bool:
    crumbs = _CRUMB_SEPARATOR.split(unit)
    if len(crumbs) < 3 or words(unit) > 40:
        return False
    return all(1 <= words(c) <= 4 for c in crumbs[:-1]) and 1 <= words(crumbs[-1]) <= 20


def byline_names(unit: str) -> list[str]:
    """The names in a byline ("By A and B | March 3"), or [] if `unit` is not one."""
    match = _BYLINE.match(unit)
    if not match or words(unit) > 12:
        return []
    names = re.split(r"\s+(?:and|&)\s+|\s*,\s*", match.group("names"))
    return [name.strip() for name in names if NAME_LINE.match(name.strip())]


def is_name_line(unit: str) -> bool:
    """A line holding only a person's name, as bylines are often printed."""
    return len(unit) <= 40 and bool(NAME_LINE.match(unit))


def bio_name(unit: str) -> str | None:
    """The subject of an author bio ("Jane Doe is a reporter at ..."), or None."""
    match = _BIO.match(unit)
    if match and words(unit) <= 250:
        return match.group("name")
    return None


def outlet_from_bio(unit: str) -> str | None:
    match = _AT_OUTLET.search(unit)
    return match.group("outlet").rstrip(".,") if match else None


def outlet_from_copyright(unit: str) -> str | None:
    match = _COPYRIGHT_OWNER.search(unit)
    if not match:
        return None
    owner = match.group("owner").strip()
    return owner if 0 < words(owner) <= 6 else None
