"""The user's verdicts on conflicts: confirmed or dismissed, kept in the user's
data directory, so they survive re-indexing and rebuilding (conflict ids
hash what the conflict is about and its two sentences, not index state).

File: `verdicts.jsonl` in `data_dir()/contradictions`, a versioned JSON Lines
file (`{"newsdesk": "contradiction verdicts", "version": 1}` then one
`{"id", "verdict", "type", "a", "b", "at"}` per line; the sentences are kept
so the file reads on its own).  Written atomically under a lock; a file a
newer newsdesk wrote, or one that is not ours, is never overwritten.

With a shared index (the PostgreSQL backend) the verdicts are the corpus's,
not the user's: they live in its `notes` table, so a newsroom sees one set
(`Verdicts.of(corpus)`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsdesk.userdata import UserDataError, data_dir, locked, read_records, write_records

KIND = "contradiction verdicts"
VERSION = 1
VERDICTS = ("confirmed", "dismissed")


def default_path() -> Path:
    return data_dir() / "contradictions" / "verdicts.jsonl"


class Verdicts:
    def __init__(self, path: Path | None = None, notes=None):
        self.path = Path(path) if path else default_path()
        self.notes = notes  # a shared index's table (newsdesk.search.backends.Notes), or None: the file
        self.records: dict[str, dict] = {}
        self.warning = ""
        self._newer = None
        self._read()

    @classmethod
    def of(cls, corpus) -> "Verdicts":
        """The verdicts on `corpus`'s conflicts: with a shared index (PostgreSQL),
        everyone's, from its table; otherwise this user's file."""
        notes = corpus.notes(KIND) if corpus is not None else None
        return cls(notes=notes)

    def _read(self) -> None:
        if self.notes is not None:
            self.records = {r["id"]: r for r in self.notes.records()
                            if isinstance(r.get("id"), str) and r.get("verdict") in VERDICTS}
            return
        found = read_records(self.path, KIND, VERSION)
        if found.unreadable:
            raise UserDataError(f"cannot read {self.path}: {found.unreadable}")
        if found.foreign:
            raise UserDataError(f"{self.path} is not a newsdesk verdicts file; move it away to record verdicts")
        if found.newer:
            self.warning = f"{self.path} was written by a newer newsdesk (version {found.newer}): read only"
        if found.bad_lines:
            self.warning = f"{found.bad_lines} unreadable line(s) in {self.path} were skipped"
        self.records = {r["id"]: r for r in found.records
                        if isinstance(r, dict) and isinstance(r.get("id"), str) and r.get("verdict") in VERDICTS}
        self._newer = found.newer

    def get(self, conflict_id: str) -> str | None:
        record = self.records.get(conflict_id)
        return record["verdict"] if record else None

    def set(self, conflict: dict, verdict: str | None) -> None:
        """Record `verdict` ("confirmed", "dismissed"; None forgets it) for a conflict record."""
        if verdict is not None and verdict not in VERDICTS:
            raise UserDataError(f"a verdict is {' or '.join(VERDICTS)}, not '{verdict}'")
        if self.notes is not None:
            if verdict is None:
                self.notes.remove(conflict["id"])
                self.records.pop(conflict["id"], None)
            else:
                self.records[conflict["id"]] = self._record(conflict, verdict)
                self.notes.put(conflict["id"], self.records[conflict["id"]])
            return
        if self._newer:
            raise UserDataError(f"{self.path} was written by a newer newsdesk; not changing it")
        with locked(self.path):
            self._read()  # another process may have written since
            if verdict is None:
                self.records.pop(conflict["id"], None)
            else:
                self.records[conflict["id"]] = self._record(conflict, verdict)
            try:
                write_records(self.path, KIND, VERSION, list(self.records.values()))
            except OSError as error:
                raise UserDataError(f"cannot write {self.path}: {error.strerror or error}") from None

    @staticmethod
    def _record(conflict: dict, verdict: str) -> dict:
        return {"id": conflict["id"], "verdict": verdict, "type": conflict.get("type"),
                "a": (conflict.get("a") or {}).get("sentence"), "b": (conflict.get("b") or {}).get("sentence"),
                "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
