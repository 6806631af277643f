"""Where the quotations are: pairs of quotation marks, paragraph by paragraph.

Pure text processing (no newsdesk import).  `quoted_spans(text)` finds the
top-level quoted passages of a text: curly double quotes (“ ”), straight double
quotes ("), guillemets (« »), low-high quotes („ “) and curly single quotes
(‘ ’, as British papers use them).  Quotes nested inside a quotation are part
of its text.  Straight single quotes are only ever nested: at the top level they
cannot be told from apostrophes.

A quotation does not cross a paragraph (a line), with one exception, the
newspaper convention for a quotation running over several paragraphs: each
paragraph opens with a quotation mark and only the last one closes.  The same
holds inside a paragraph when a quotation's sentence ends and a new opening
mark follows (paragraph breaks lost on the way).  A mark left open at the end
of any other paragraph is a stray and is ignored, as is a closing mark with no
opening one.  One pass over the marks: linear time however
hostile the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# family -> (opening marks, closing marks)
FAMILIES = {
    "double": ("“„", "”“"),
    "straight": ('"', '"'),
    "guillemet": ("«", "»"),
    "single": ("‘", "’"),
}
_MARKS = re.compile('["“”„«»‘’]')
_OPENING_AT_START = re.compile('\\s*["“„«‘]')


@dataclass
class Span:
    """The text between a pair of marks: `text[start:end]` (marks excluded)."""

    start: int
    end: int
    open_start: int  # where the opening mark is
    close_end: int  # just after the closing mark (== end when the paragraph ran on)
    paragraph: int  # the index of the paragraph (line) it is in
    runs_on: bool = False  # unclosed: the quotation continues in the next paragraph


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each non-blank line."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(text: str, i: int, ch: str, start: int, end: int) -> str | None:
    """The family a mark at `i` may open, or None."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if ch == "«":
        return "guillemet"  # French typography puts a space inside guillemets
    if after.isspace():
        return None  # an opening mark is followed by the quotation
    if ch in "“„":
        return "double"
    if ch == '"':
        return "straight" if not _is_word(before) else None  # 12" is inches, not a quote
    if ch == "‘":
        return "single" if not _is_word(before) else None
    if ch == "”" and (before.isspace() or i == start):
        return "double"  # some texts use ” on both sides
    return None


def _closes(text: str, i: int, ch: str, family: str, start: int, end: int) -> bool:
    if ch not in FAMILIES[family][1]:
        return False
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if family == "guillemet":
        return True
    if before.isspace():
        return False
    if family == "single":
        return not _is_word(after)  # don’t, it’s: apostrophes
    if family == "straight":
        return not _is_word(after)
    return True


def _paragraph_spans(text: str, start: int, end: int, index: int, next_opens: bool) -> list[Span]:
    found: list[Span] = []
    family: str | None = None
    opened = 0
    for match in _MARKS.finditer(text, start, end):
        i, ch = match.start(), match.group()
        if family is None:
            family = _opens(text, i, ch, start, end)
            opened = i
            continue
        if _closes(text, i, ch, family, start, end):
            inner_start, inner_end = opened + 1, i
            while inner_start < inner_end and text[inner_start].isspace():
                inner_start += 1
            while inner_end > inner_start and text[inner_end - 1].isspace():
                inner_end -= 1
            found.append(Span(inner_start, inner_end, opened, i + 1, index))
            family = None
        elif family != "single" and _opens(text, i, ch, start, end) == family:
            stop = i
            while stop > opened + 1 and text[stop - 1].isspace():
                stop -= 1
            if stop < i and text[stop - 1] in ".!?…":
                # `"First part. "Second part," he said`: paragraphs of one quotation
                # that lost their line break.
                found.append(Span(opened + 1, stop, opened, stop, index, runs_on=True))
            opened = i  # else the first opening mark was a stray
    if family is not None and next_opens:
        stop = end
        while stop > opened + 1 and text[stop - 1].isspace():
            stop -= 1
        found.append(Span(opened + 1, stop, opened, stop, index, runs_on=True))
    return found


def quoted_spans(text: str) -> list[Span]:
    """Every top-level quotation in `text`, in order."""
    paras = paragraphs(text)
    spans: list[Span] = []
    for index, (start, end) in enumerate(paras):
        next_opens = index + 1 < len(paras) and bool(_OPENING_AT_START.match(text, paras[index + 1][0]))
        spans.extend(_paragraph_spans(text, start, end, index, next_opens))
    return spans
