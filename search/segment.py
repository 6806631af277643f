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
        lines = [collapse_spaces(line) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            units.append(" ".join(lines))
        else:
            units.extend(lines)
    return units


def _is_hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    body = lines[:-1]
    if any(len(line) > _WRAP_WIDTH for line in body):
        return False
    # Wrapped prose: most lines run on, i.e. do not end a sentence, and are long
    # enough to be wrapped text rather than a list of short items.
    run_on = sum(1 for line in body if not line.endswith((".", "!", "?", ":", '"', "”")))
    long_enough = sum(1 for line in body if len(line) >= 40)
    return run_on * 2 >= len(body) and long_enough * 2 >= len(body)


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
