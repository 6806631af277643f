"""Text hygiene: what article text may contain once it is inside newsdesk.

Article text is untrusted.  `clean_text` runs at ingest and removes control
characters (so no escape sequence is ever stored); `display_line` and
`display_text` run again on the way to a terminal, and also neutralise
bidirectional overrides and invisible characters that could disguise a name.
Markup (Rich/Textual) is never interpreted because interfaces render article
text as plain `rich.text.Text`, never as markup strings.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, and the C1 range (0x80-0x9f holds
# the 8-bit CSI/OSC introducers some terminals still honour).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone surrogates (a JSON "\ud800", a file name that is not UTF-8) cannot be
# stored or printed as UTF-8: each becomes U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Bidirectional embeddings/overrides/isolates and zero-width characters.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_WHITESPACE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Normalise text for storage: NFC, `\\n` line ends, no control characters,
    no lone surrogates."""
    text = _SURROGATE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub("", text)


def collapse_spaces(line: str) -> str:
    """Fold runs of horizontal whitespace into one space and strip the ends."""
    return _SPACES.sub(" ", line).strip()


def display_text(text: str) -> str:
    """Text safe to write to a terminal, line breaks kept."""
    return _INVISIBLE.sub("", _CONTROL.sub("", text))


def display_line(text: str) -> str:
    """Text safe to write to a terminal on a single line (tabs/newlines folded)."""
    return _WHITESPACE.sub(" ", display_text(text)).strip()


def display_inline(text: str) -> str:
    """`display_text` on one line with every character where it was, so that
    offsets into `text` still hold (for highlighting a span); when making it
    safe had to drop characters, the plain `display_line` instead."""
    safe = display_text(text)
    return re.sub(r"\s", " ", safe) if len(safe) == len(text) else display_line(text)
