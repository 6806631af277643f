"""The contract between the engine and file-format readers.

Readers come from plugins (the built-in ones live in `newsdesk.plugins.formats`);
the engine only knows this interface.  A reader names the file extensions it
handles and turns a `SourceFile` into `SourceArticle`s, raising `ReaderError`
with a short reason when the file is not something it can read.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Protocol

from .article import SourceArticle
from .errors import ReaderError

# Single-article files larger than this are refused (a 50 MB ".txt" is a dump,
# not an article); collection formats such as JSON Lines are streamed instead.
DEFAULT_MAX_ARTICLE_BYTES = 20 * 1024 * 1024
_SNIFF = 8192


class Reader(Protocol):
    """A file format newsdesk can ingest."""

    name: str
    extensions: tuple[str, ...]  # lower case, with the dot: (".txt",)
    streams: bool  # True when one file holds many articles and is read lazily

    def read(self, source: "SourceFile") -> Iterable[SourceArticle]: ...


@dataclass
class SourceFile:
    """A file of the corpus, handed to a reader."""

    path: Path
    relpath: str
    size: int
    max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
    # Problems with parts of the file (a malformed JSON line) that did not stop
    # the rest from being read; the indexer reports each one.
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def read_bytes(self) -> bytes:
        if self.size > self.max_bytes:
            raise ReaderError(
                f"file too large for one article ({_megabytes(self.size)} > "
                f"{_megabytes(self.max_bytes)})"
            )
        data = self.path.read_bytes()
        if not data.strip():
            raise ReaderError("empty file")
        return data

    def read_text(self) -> str:
        """The whole file decoded (see `decode_bytes`)."""
        return decode_bytes(self.read_bytes())

    def iter_lines(self) -> Iterator[tuple[int, str]]:
        """(line number, decoded line) pairs, read lazily: for collection formats.
        A line longer than `max_bytes` (one record) is skipped with a warning,
        never held in memory whole."""
        with self.path.open("rb") as handle:
            head = handle.read(_SNIFF)
            if not head.strip():
                raise ReaderError("empty file")
            if _looks_binary(head):
                raise ReaderError("binary file, not text")
            handle.seek(0)
            number = 0
            while raw := handle.readline(self.max_bytes + 1):
                number += 1
                if len(raw) > self.max_bytes and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):
                        raw = handle.readline(1 << 20)
                    self.warn(f"line {number}: a record longer than {_megabytes(self.max_bytes)}, left out")
                    continue
                yield number, decode_bytes(raw, check_binary=False)


def decode_bytes(data: bytes, check_binary: bool = True) -> str:
    """Decode article bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252/Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if check_binary and _looks_binary(data[:_SNIFF]):
        raise ReaderError("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few stray bytes stays UTF-8 (one bad byte must not turn
    # every "é" into "Ã©"); text with no valid multi-byte sequence is cp1252.
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for char in lenient if ord(char) > 0x7F and char != "\ufffd")
    if good > bad:
        return lenient
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    # Many bytes below 0x20 that are not whitespace: an image, an archive...
    controls = sum(1 for b in head if b < 0x20 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.1


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class ReaderRegistry:
    """Readers by extension; the first registered for an extension wins."""

    def __init__(self, readers: Iterable[Reader] = ()):
        self._by_extension: dict[str, Reader] = {}
        for reader in readers:
            self.add(reader)

    def add(self, reader: Reader) -> None:
        for extension in reader.extensions:
            self._by_extension.setdefault(extension.lower(), reader)

    def for_path(self, path: Path) -> Reader | None:
        return self._by_extension.get(path.suffix.lower())

    @property
    def extensions(self) -> frozenset[str]:
        return frozenset(self._by_extension)

    def __bool__(self) -> bool:
        return bool(self._by_extension)
