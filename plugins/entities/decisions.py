"""The user's entity merge decisions: a plain-text file a person can edit.

File: `merges.txt` in `data_dir()/entities`, UTF-8, one decision per line:

    # newsdesk entity merges, version 1
    merge	Liang Wenfeng	Wenfeng Liang
    reject	Sam Altman	Sam Altmann

An action (`merge`: these two names are one entity, whatever the rules say;
`reject`: they are not, even if a rule would merge them), then two names,
separated by tabs (or, for hand editing, two spaces or more).  `accept` and
`add` are read as `merge`.  A pair is unordered and has one decision: the
later line wins, and writing a decision replaces the pair's line in place.
Blank lines and `#` comments are kept.  A line that cannot be read is kept as
it is and reported in `warnings`; nothing here raises on reading.  A file
from a newer newsdesk (a higher version in the header) is read for what this
version understands and never written (`read_only`).  Undecodable bytes make
the file be kept aside as merges.txt.bak before the next save.

Changes are pending until `save()`, which re-reads the file under
`userdata.locked`, applies this process's changes in order on what is there,
and writes it with `userdata.atomic_write_text`: two processes saving at once
keep both sets of changes (on the same pair, the last saver wins).
`fingerprint()` names the decisions' content (order and comments aside), so
the corpus analyzer can tell when to cluster again.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path
from typing import Iterator, NamedTuple

from newsdesk.userdata import UserDataError, atomic_write_text, data_dir, keep_aside, locked

VERSION = 1
FILE_NAME = "merges.txt"
HEADER = f"# newsdesk entity merges, version {VERSION}"
ACTIONS = {"merge": "merge", "accept": "merge", "add": "merge", "reject": "reject"}
_HEADER = re.compile(r"^#\s*newsdesk entity merges,\s*version\s+(\d+)\s*$", re.IGNORECASE)
_FIELDS = re.compile(r"\t+| {2,}")


class Decision(NamedTuple):
    action: str  # "merge" or "reject"
    a: str
    b: str


def default_path() -> Path:
    return data_dir() / "entities" / FILE_NAME


def _name(text: str) -> str:
    return " ".join(str(text).split())


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


class _Parsed:
    """A file's lines: ("line", text) kept as written, or ("decision", Decision)."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, object]] = []
        self.version: int | None = None  # from the header, None without one
        self.warnings: list[str] = []
        self.undecodable = False


def parse(text: str, where: str = "merges.txt") -> _Parsed:
    """Read the file's text; never raises."""
    parsed = _Parsed()
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line
    for number, line in enumerate(lines, 1):
        line = line.removesuffix("\r")
        stripped = line.strip()
        header = _HEADER.match(stripped)
        if header and parsed.version is None and not seen:
            parsed.version = int(header.group(1))
            parsed.lines.append(("header", line))
            continue
        if not stripped or stripped.startswith("#"):
            parsed.lines.append(("line", line))
            continue
        newer = parsed.version is not None and parsed.version > VERSION
        if any(0xDC80 <= ord(c) <= 0xDCFF for c in line):
            parsed.undecodable = True
            parsed.warnings.append(f"{where} line {number} is not UTF-8 text; it is dropped when the file is "
                                   "next saved (the file is kept as merges.txt.bak)")
            parsed.lines.append(("undecodable", line))
            continue
        fields = [field.strip() for field in _FIELDS.split(stripped) if field.strip()]
        action = ACTIONS.get(fields[0].lower()) if fields else None
        if action is None or len(fields) != 3 or _name(fields[1]) == _name(fields[2]):
            if not newer:
                why = ("an unknown action" if fields and action is None
                       else "the same name twice" if len(fields) == 3 else "not an action and two names")
                parsed.warnings.append(f"{where} line {number} is not a decision ({why}); it is kept as it is: "
                                       f"{stripped[:80]}")
            parsed.lines.append(("line", line))
            continue
        decision = Decision(action, _name(fields[1]), _name(fields[2]))
        pair = _pair(decision.a, decision.b)
        if pair in seen and seen[pair][1] != action:
            parsed.warnings.append(f"{where} line {number} contradicts line {seen[pair][0]} "
                                   f"({decision.a} / {decision.b}); the later line counts")
        seen[pair] = (number, action)
        parsed.lines.append(("decision", decision))
    return parsed


def _apply(lines: list[tuple[str, object]], operation: tuple[str, str, str]) -> list[tuple[str, object]]:
    """`lines` with one change: ("merge"|"reject", a, b) sets the pair's
    decision (in place of its first line), ("forget", a, b) removes it."""
    action, a, b = operation
    pair = _pair(a, b)
    out: list[tuple[str, object]] = []
    placed = action == "forget"
    for kind, value in lines:
        if kind == "decision" and _pair(value.a, value.b) == pair:
            if not placed:
                out.append(("decision", Decision(action, a, b)))
                placed = True
            continue
        out.append((kind, value))
    if not placed:
        out.append(("decision", Decision(action, a, b)))
    return out


class Decisions:
    """The user's merge decisions (see the module docstring)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.warnings: list[str] = []
        self.read_only = False
        self.newer: int | None = None
        self._base: list[tuple[str, object]] = []  # the file as last read
        self._undecodable = False
        self._pending: list[tuple[str, str, str]] = []  # changes since, in order
        self._lines: list[tuple[str, object]] = []  # _base with _pending applied

    @classmethod
    def load(cls, path: str | Path | None = None) -> Decisions:
        """Read the file (a missing one is empty); never raises."""
        return cls(path).reload()

    def reload(self) -> Decisions:
        """Read the file again, keeping changes not yet saved.  Returns self."""
        with locked(self.path) if self.path.exists() else contextlib.nullcontext():
            self._read()
        self._recompute()
        return self

    # -- changes -------------------------------------------------------------
    def merge(self, a: str, b: str) -> None:
        """`a` and `b` are one entity (accept a candidate, or add a merge)."""
        self._change("merge", a, b)

    def reject(self, a: str, b: str) -> None:
        """`a` and `b` are not one entity, even if a rule says so."""
        self._change("reject", a, b)

    def unmerge(self, a: str, b: str) -> str:
        """Undo a merge: the user's merge of the pair is removed ("removed");
        without one, the two were merged by a rule, and a reject is recorded
        ("rejected").  Give the alias and the name it was merged `via`."""
        if self.get(a, b) == "merge":
            self._change("forget", a, b)
            return "removed"
        self._change("reject", a, b)
        return "rejected"

    def forget(self, a: str, b: str) -> bool:
        """Remove whatever was decided about the pair; whether there was something."""
        had = self.get(a, b) is not None
        if had:
            self._change("forget", a, b)
        return had

    def _change(self, action: str, a: str, b: str) -> None:
        a, b = _name(a), _name(b)
        if not a or not b or a == b:
            raise ValueError(f"a decision needs two different names, not {a!r} and {b!r}")
        self._pending.append((action, a, b))
        self._lines = _apply(self._lines, (action, a, b))

    # -- reading what is decided --------------------------------------------------
    def __iter__(self) -> Iterator[Decision]:
        """The decisions in file order, one per pair."""
        return iter(self._effective())

    def __len__(self) -> int:
        return len(self._effective())

    def get(self, a: str, b: str) -> str | None:
        """"merge", "reject" or None for the pair (either order)."""
        pair = _pair(_name(a), _name(b))
        for decision in self._effective():
            if _pair(decision.a, decision.b) == pair:
                return decision.action
        return None

    def fingerprint(self) -> str:
        """A short string that changes when, and only when, the decisions do."""
        canonical = sorted("\t".join((d.action, *_pair(d.a, d.b))) for d in self._effective())
        digest = hashlib.sha256("\n".join(canonical).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return f"{VERSION}-{len(canonical)}-{digest}"

    def to_text(self) -> str:
        """The file's text: the header, then every line in order."""
        out = [HEADER]
        for kind, value in self._lines:
            if kind == "header" or kind == "undecodable":
                continue
            out.append("\t".join(value) if kind == "decision" else str(value))
        return "\n".join(out) + "\n"

    def _effective(self) -> list[Decision]:
        last: dict[tuple[str, str], Decision] = {}
        for kind, value in self._lines:
            if kind == "decision":
                last.pop(_pair(value.a, value.b), None)
                last[_pair(value.a, value.b)] = value
        return list(last.values())

    # -- the file -----------------------------------------------------------------
    def save(self) -> None:
        """Apply this process's changes to the file as it is now, atomically.
        Does nothing when `read_only` (see `warnings`).  Raises UserDataError
        when the file cannot be written."""
        if self.read_only or not self._pending:
            return
        with locked(self.path):
            self._read()
            if self.read_only:
                return
            self._recompute()
            try:
                if self._undecodable and self.path.exists():
                    backup = keep_aside(self.path)
                    self._warn(f"{self.path} had lines that are not UTF-8 text; the old file is kept as {backup}")
                atomic_write_text(self.path, self.to_text())
            except OSError as error:
                raise UserDataError(f"cannot save the entity merges {self.path}: {error.strerror or error}") from None
        self._base, self._pending, self._undecodable = self._lines, [], False

    def _read(self) -> None:
        where = str(self.path)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._base, self._undecodable = [], False
            return
        except OSError as error:
            self.read_only = True
            self._warn(f"cannot read the entity merges {where}: {error.strerror or error}; "
                       "changes are not saved this session")
            self._base = []
            return
        parsed = parse(raw.decode("utf-8", "surrogateescape"), where)
        for warning in parsed.warnings:
            self._warn(warning)
        if parsed.version is not None and parsed.version > VERSION:
            self.read_only, self.newer = True, parsed.version
            self._warn(f"the entity merges {where} were written by a newer newsdesk (version {parsed.version}); "
                       "they are read but changes are not saved this session")
        self._base, self._undecodable = parsed.lines, parsed.undecodable

    def _recompute(self) -> None:
        lines = self._base
        for operation in self._pending:
            lines = _apply(lines, operation)
        self._lines = lines

    def _warn(self, warning: str) -> None:
        if warning not in self.warnings:
            self.warnings.append(warning)
