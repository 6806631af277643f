"""The user's verdicts on conflicts: confirmed or dismissed, kept in the user's
data directory, so they survive re-indexing and rebuilding (conflict ids
hash what the conflict is about and its two sentences, not index state).

File: `verdicts.jsonl` in `data_dir()/contradictions`, a versioned JSON Lines
file (`{"newsdesk": "contradiction verdicts", "version": 1}` then one
`{"id", "verdict", "type", "a", "b", "at"}` per line; the sentences are kept
so the file reads on its own).  Written atomically under a lock; a file a
newer newsdesk wrote, or one that is not ours, is never overwritten.
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
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else default_path()
        self.records: dict[str, dict] = {}
        self.warning = ""
        self._read()

    def _read(self) -> None:
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
        if self._newer:
            raise UserDataError(f"{self.path} was written by a newer newsdesk; not changing it")
        with locked(self.path):
            self._read()  # another process may have written since
            if verdict is None:
                self.records.pop(conflict["id"], None)
            else:
                self.records[conflict["id"]] = {
                    "id": conflict["id"], "verdict": verdict, "type": conflict.get("type"),
                    "a": (conflict.get("a") or {}).get("sentence"), "b": (conflict.get("b") or {}).get("sentence"),
                    "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
            try:
                write_records(self.path, KIND, VERSION, list(self.records.values()))
            except OSError as error:
                raise UserDataError(f"cannot write {self.path}: {error.strerror or error}") from None
