"""Text hygiene: what article text may contain once it is inside newsdesk.

Article text is untrusted.  `clean_text` runs at ingest and removes control
characters (so no escape sequence is ever stored).  On the way to a terminal
text goes through one of the display functions, which also neutralise
bidirectional overrides and invisible characters that could disguise a name:
`display_text` (line breaks kept), `display_line` (one line), `inert_text` /
`display_inline` (each such character shown as "·", so offsets still hold),
`display_input` (an input box's value).  Markup (Rich/Textual) is never
interpreted because interfaces render article text as plain `rich.text.Text`,
never as markup strings.  Machine formats: `json_text` writes JSON whose
decoded values are exactly the stored text but whose bytes are just as inert
on a terminal; `csv_cell` cleans a CSV cell (CSV has no escapes).
"""

from __future__ import annotations

import json
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
# What `json.dumps(ensure_ascii=False)` leaves as it is but a terminal could act
# on or hide a name with: DEL, C1, lone surrogates, line/paragraph separators,
# bidi and zero-width characters.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                          "\u2066-\u2069\ufeff]")
_UNSAFE = re.compile(f"{_CONTROL.pattern[:-1]}{_INVISIBLE.pattern[1:]}")
_ANY_SPACE = re.compile(r"\s")
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
    """Text safe to write to a terminal, line breaks kept (a lone surrogate,
    which cannot be written as UTF-8, becomes U+FFFD)."""
    return _SURROGATE.sub("\ufffd", _INVISIBLE.sub("", _CONTROL.sub("", text)))


def display_line(text: str) -> str:
    """Text safe to write to a terminal on a single line (tabs/newlines folded)."""
    return _WHITESPACE.sub(" ", display_text(text)).strip()


def inert_text(text: str) -> str:
    """`text` with every control or invisible character shown as "·" (and a
    lone surrogate as U+FFFD), line breaks kept: the same length, so offsets
    into `text` (matches, annotations) still hold, and a name with a hidden
    character shows that it has one."""
    return _SURROGATE.sub("\ufffd", _UNSAFE.sub("\u00b7", text))


def display_inline(text: str) -> str:
    """`inert_text` on one line (every whitespace character a space): safe for
    a terminal, and each character where it was, for highlighting a span."""
    return _ANY_SPACE.sub(" ", inert_text(text))


def display_input(text: str) -> str:
    """Text for a one-line input box (a query pasted, recalled from history or
    built from an entity's name): what `display_text` removes is removed, line
    breaks become spaces, and nothing else changes (spaces being typed stay)."""
    return display_text(text).replace("\t", " ").replace("\n", " ")


def json_text(value, **options) -> str:
    """`json.dumps(value, ensure_ascii=False, **options)`, with every character a
    terminal could act on, or that could disguise a name, written as a `\\u`
    escape: decoded, the JSON holds exactly `value`; printed, nothing in it is
    interpreted."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def xml_text(serialised: str) -> str:
    """Serialised XML with what `json_text` escapes written as character
    references (`&#x202e;`): parsed, the document is unchanged."""
    return _JSON_UNSAFE.sub(lambda match: f"&#x{ord(match.group()):x};", serialised)


def csv_cell(value):
    """A value as a CSV cell.  CSV has no escapes, so text goes as `display_line`
    makes it (what a terminal would act on or hide a name with removed, one
    line); a cell a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        value = display_line(value)
        if value[:1] in ("=", "+", "-", "@"):
            return "'" + value
    return "" if value is None else value
