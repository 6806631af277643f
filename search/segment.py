"""Splitting text into paragraphs and sentences, with character offsets.

Articles arrive in two shapes: one paragraph per line (most web copies), or
paragraphs separated by blank lines and hard-wrapped at a fixed width (wire
copy, plain-text archives).  `split_blocks` handles both; `split_sentences`
is a rule-based splitter that knows common abbreviations, so it needs no model.
"""

from __future__ import annotations

import re

from .text import collapse_spaces

# A block is treated as hard-wrapped when its lines (all but the last) are
# at most this long and it has at least two lines.
_WRAP_WIDTH = 100

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt capt sgt rep sen gov pres
    rev hon inc corp ltd co plc llc bros vs etc e.g i.e cf al approx dept est
    fig no nos vol jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n
    e.u a.m p.m""".split()
)
# End of a sentence: terminal punctuation, optional closing quotes/brackets,
# whitespace, then something that can start a sentence.
_BOUNDARY = re.compile(r"""[.!?…]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9À-Ý])""")
_LAST_WORD = re.compile(r"(\S+)$")


def split_blocks(text: str) -> list[str]:
    """Paragraph-sized units of `text`, whitespace folded, empty lines dropped."""
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        raw = [line for line in block.split("\n") if line.strip()]
        if raw:
            units.extend(_block_paragraphs(raw))
    return units


def _block_paragraphs(raw: list[str]) -> list[str]:
    """Undo hard wrapping inside a block, if it is wrapped; else one unit per line.

    In wrapped text a paragraph ends at a line that closes a sentence and is
    short of the wrap width, at an indented line (the wire-copy convention,
    when only some lines are indented), or before a list item.
    """
    lines = [collapse_spaces(line) for line in raw]
    indented = [line[:1].isspace() for line in raw]
    mixed_indent = any(indented) and not all(indented)
    if not _is_hard_wrapped(lines, mixed_indent):
        return _join_continuations(lines)
    width = max(len(line.rstrip()) for line in raw)
    paragraphs, current = [], [lines[0]]
    for i in range(1, len(lines)):
        previous = raw[i - 1].rstrip()
        ends_short = previous.endswith(_SENTENCE_CLOSE) and len(previous) < width * 0.85
        if ends_short or (mixed_indent and indented[i]) or _BULLET.match(lines[i]):
            paragraphs.append(" ".join(current))
            current = []
        current.append(lines[i])
    paragraphs.append(" ".join(current))
    return paragraphs


def _join_continuations(lines: list[str]) -> list[str]:
    """Lines kept apart, except one that plainly continues the line before it
    (it starts in lower case and the line before did not end a sentence)."""
    units: list[str] = []
    for line in lines:
        if units and line[:1].islower() and not units[-1].endswith(_SENTENCE_CLOSE):
            units[-1] += " " + line
        else:
            units.append(line)
    return units


_BULLET = re.compile(r"^([-*•–]|\d{1,3}[.)])\s")
_SENTENCE_CLOSE = (".", "!", "?", ":", '"', "”", "’")


def _is_hard_wrapped(lines: list[str], mixed_indent: bool = False) -> bool:
    """Prose broken at a fixed width: mostly long lines that run on into the next.
    Indented paragraph openings (wire copy) count as evidence too."""
    if len(lines) < 2 or any(len(line) > _WRAP_WIDTH for line in lines):
        return False
    if len(lines) == 2:
        # Two lines: wrapped only when the second plainly continues the first.
        return len(lines[0]) >= 40 and lines[1][:1].islower()
    body = lines[:-1]
    long_lines = sum(len(line) >= 45 for line in body)
    runs_on = sum(
        not line.endswith(_SENTENCE_CLOSE) or nxt[:1].islower() for line, nxt in zip(lines, lines[1:])
    )
    if all(_BULLET.match(line) for line in lines):
        return False
    return (long_lines >= 0.6 * len(body) or (mixed_indent and long_lines >= 0.4 * len(body))) \
        and runs_on * 2 >= len(body)


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`, shifted by `offset`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start:match.start() + 1]
        word = _LAST_WORD.search(candidate)
        last = word.group(1).rstrip(".").lower().lstrip("\"'“‘(") if word else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
            continue  # "Mr. Smith", "U.S. officials", "J. K. Rowling"
        end = match.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append((offset + start, offset + end))
        start = match.end()
    if start < len(text) and text[start:].strip():
        end = len(text.rstrip())
        spans.append((offset + start, offset + end))
    return spans
