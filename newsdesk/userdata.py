"""Files newsdesk keeps for the user, where they live, and how they are written.

Two folders: the data directory (`data_dir()`, things a person made and would
miss: exports, plugins' alias merges and verdicts) and the state directory
(`state_dir()`, things that only make the next run pleasanter: the search
history, remembered UI choices).  platformdirs picks them per platform;
`NEWSDESK_DATA_DIR` and `NEWSDESK_STATE_DIR` move them.

Every file is written with `atomic_write_text` (a temporary file in the same
folder, fsync, rename), so a crash leaves the old file or the new one, never
half of one; and every file says what it is and its schema version, so a
foreign or newer file is recognised instead of overwritten.  A file that
cannot be read is renamed NAME.bak (never deleted) and newsdesk carries on
without it, with a warning for the caller to show.  Read-merge-write under a
lock lets two newsdesk processes save the same file without losing either's
changes.  No Textual here.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from datetime import datetime, timezone
from glob import escape as glob_escape
from pathlib import Path
from typing import Any, Iterator

import platformdirs

from newsdesk.search.errors import NewsdeskError

try:
    import fcntl
except ImportError:  # Windows: saves are still atomic, concurrent merges are last-writer-wins
    fcntl = None

DATA_ENV = "NEWSDESK_DATA_DIR"
STATE_ENV = "NEWSDESK_STATE_DIR"
HISTORY_FILE = "history.jsonl"
UI_STATE_FILE = "ui-state.json"
MAX_QUERY_CHARS = 10_000  # longer "queries" (a pasted article) are not kept in the history


class UserDataError(NewsdeskError):
    """A user file could not be written; the message names it."""


def data_dir() -> Path:
    """Where newsdesk keeps what the user made: `$NEWSDESK_DATA_DIR`, else the platform's user data dir."""
    override = os.environ.get(DATA_ENV)
    return Path(override).expanduser() if override else Path(platformdirs.user_data_dir("newsdesk"))


def state_dir() -> Path:
    """Where newsdesk keeps history and remembered choices: `$NEWSDESK_STATE_DIR`,
    else the platform's user state dir (`$XDG_STATE_HOME/newsdesk` on Linux)."""
    override = os.environ.get(STATE_ENV)
    return Path(override).expanduser() if override else Path(platformdirs.user_state_dir("newsdesk"))


# -- writing ------------------------------------------------------------------
def atomic_write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8") -> Path:
    """Replace `path` with `text` all at once: the old content or the new, never a mix.

    The folder is created if needed (0700, as XDG asks).  A new file gets the
    usual permissions (0666 less the umask); an existing one keeps its own.  A
    symlink is followed, so a config file kept in a dotfiles repository stays
    there.  Returns the path written; raises OSError, leaving no temporary file.
    Temporary files of earlier writes killed before their rename are removed
    once they are `STALE_SECONDS` old.
    """
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    data = text.encode(encoding)
    fd, temporary = _create_temporary(target, 0o666 if mode is None else mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)  # exactly the old mode, whatever the umask
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_folder(target.parent)
    _remove_stale_temporaries(target)
    return target


STALE_SECONDS = 600  # a temporary file this old was left by a process killed mid-write


def _remove_stale_temporaries(target: Path) -> None:
    """Delete what writes of `target` killed before their rename left behind
    (never a recent one: another process may be writing it now)."""
    cutoff = time.time() - STALE_SECONDS
    for leftover in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _create_temporary(target: Path, mode: int) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, mode), temporary
        except FileExistsError:
            continue


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def keep_aside(path: str | os.PathLike) -> Path:
    """Rename an unreadable file to NAME.bak (or NAME.bak.2, ... never over an
    earlier one) and return the new name.  Raises OSError if it cannot."""
    path = Path(path)
    for number in range(1, 1000):
        backup = path.with_name(path.name + (".bak" if number == 1 else f".bak.{number}"))
        if not backup.exists():
            os.replace(path, backup)
            return backup
    raise OSError(f"too many backups of {path.name}")


@contextlib.contextmanager
def locked(path: str | os.PathLike, timeout: float = 2.0) -> Iterator[bool]:
    """Hold an advisory lock on `path` (through `path.lock`) for a read-merge-write.

    Yields whether the lock was taken: after `timeout` seconds, or where locks
    are not available, the caller goes ahead unlocked (last writer wins)
    rather than hang the interface."""
    path = Path(path)
    if fcntl is None:
        yield False
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        yield False
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
                break
            except OSError:
                if time.monotonic() >= deadline:
                    held = False
                    break
                time.sleep(0.01)
        yield held
    finally:
        os.close(fd)  # closing releases the lock


# -- reading versioned files ----------------------------------------------------
class Records:
    """What `read_records` found in a versioned JSON Lines file."""

    def __init__(self) -> None:
        self.missing = False
        self.unreadable: str | None = None  # why the file could not be opened at all
        self.foreign = False  # not ours, or not parseable: keep it aside
        self.newer: int | None = None  # the version, when a newer newsdesk wrote it
        self.bad_lines = 0
        self.records: list[Any] = []


def _read_header(line: bytes, kind: str) -> int | None:
    """The version in a header line `{"newsdesk": kind, "version": N}`, or None."""
    try:
        header = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    version = header.get("version") if isinstance(header, dict) and header.get("newsdesk") == kind else None
    return version if isinstance(version, int) and not isinstance(version, bool) and version >= 1 else None


def read_records(path: str | os.PathLike, kind: str, version: int) -> Records:
    """Read a file `write_records` wrote; never raises.  `missing`, `unreadable`
    (why), `foreign` (not a `kind` file at all), `newer` (its version, when a
    newer newsdesk wrote it: do not overwrite it), `bad_lines`, `records`."""
    path = Path(path)
    found = Records()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        found.missing = True
        return found
    except OSError as error:
        found.unreadable = error.strerror or str(error)
        return found
    lines = [line for line in raw.split(b"\n") if line.strip()]
    if not lines:
        return found  # an empty file is an empty history
    file_version = _read_header(lines[0], kind)
    if file_version is None:
        found.foreign = True
        return found
    if file_version > version:
        found.newer = file_version
    for line in lines[1:]:
        try:
            found.records.append(json.loads(line.decode("utf-8")))
        except (UnicodeDecodeError, ValueError):
            found.bad_lines += 1
    return found


def write_records(path: str | os.PathLike, kind: str, version: int, records: list[Any]) -> Path:
    """Write a versioned JSON Lines file atomically: the header line
    `{"newsdesk": kind, "version": version}`, then one JSON value per line.
    Raises OSError."""
    lines = [_json_line({"newsdesk": kind, "version": version})] + [_json_line(record) for record in records]
    return atomic_write_text(path, "\n".join(lines) + "\n")


def _json_line(value: Any) -> str:
    """One JSON line, readable UTF-8 when possible; \\u escapes for what UTF-8
    cannot carry (lone surrogates), so any Python string survives the trip."""
    line = json.dumps(value, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(value)
    return line


# -- search history ---------------------------------------------------------------
class SearchHistory:
    """The search box's past queries, oldest first, kept across runs.

    File: JSON Lines in the state directory.  The first line is
    `{"newsdesk": "history", "version": 1}`; then one `{"query": ..., "at": ...}`
    per query, oldest first (`at`: UTC, ISO 8601).  Queries are kept as typed
    (minus surrounding whitespace): untrusted text, for the interface to render
    inertly.

    `add()` saves at once unless `autosave=False` (then call `save()`, e.g.
    from a worker: a save is a small write and an fsync); it never raises, a
    failed save becomes a warning and is tried again on the next one.  A save re-reads the
    file under a lock and adds this process's new queries to what is there, so
    two explorers open at once both keep their queries.  Loading never raises:
    problems become `warnings`, and a file that cannot be used is kept aside
    as history.jsonl.bak, or left alone (`read_only`) when it cannot be.
    """

    KIND = "history"
    VERSION = 1

    def __init__(self, path: str | os.PathLike | None = None, size: int = 500, *, autosave: bool = True) -> None:
        self.path = Path(path) if path is not None else state_dir() / HISTORY_FILE
        self.size = max(0, size)
        self.autosave = autosave
        self.read_only = False
        self.warnings: list[str] = []
        self._entries: list[tuple[str, str]] = []  # (query, at)
        self._pending: list[tuple[str, str]] = []  # added here since the last save

    @property
    def entries(self) -> list[str]:
        """The queries, oldest first (newest last)."""
        return [query for query, _ in self._entries]

    def load(self) -> SearchHistory:
        """Read the file; never raises (see `warnings`).  Returns self."""
        with locked(self.path) if self.path.exists() else contextlib.nullcontext():
            entries = self._read()
        self._entries = self._merge(entries, self._pending)
        return self

    def add(self, query: str) -> None:
        """Remember a query: stripped, empty ones ignored, a repeat moved to the end."""
        query = query.strip()
        if not query or len(query) > MAX_QUERY_CHARS or self.size == 0:
            return
        entry = (query, datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        self._pending.append(entry)
        self._entries = self._merge(self._entries, [entry])
        if self.autosave:
            try:
                self.save()
            except UserDataError as error:  # typing must go on: the caller shows `warnings`
                if str(error) not in self.warnings:
                    self.warnings.append(str(error))

    def save(self) -> None:
        """Merge this process's new queries into the file and write it atomically.
        Raises UserDataError when the file cannot be written."""
        if self.read_only or self.size == 0 or not self._pending:
            return
        with locked(self.path):
            entries = self._read()
            if self.read_only:
                return
            merged = self._merge(entries, self._pending)
            self._write(merged)
        self._entries, self._pending = merged, []

    def clear(self) -> None:
        """Forget every query, in this process and in the file."""
        self._entries, self._pending = [], []
        if self.read_only:
            return
        with locked(self.path):
            self._write([])

    # -- inside ---------------------------------------------------------------
    def _merge(self, entries: list[tuple[str, str]], added: list[tuple[str, str]]) -> list[tuple[str, str]]:
        merged: dict[str, str] = {}
        for query, at in [*entries, *added]:
            merged.pop(query, None)  # a repeat moves to the end
            merged[query] = at
        kept = list(merged.items())
        return kept[-self.size:] if self.size else []

    def _read(self) -> list[tuple[str, str]]:
        found = read_records(self.path, self.KIND, self.VERSION)
        where = str(self.path)
        if found.unreadable:
            self._stop(f"cannot read the search history {where}: {found.unreadable}; it is not saved this session")
            return []
        if found.newer:
            self._stop(f"the search history {where} was written by a newer newsdesk (version {found.newer}); "
                       "it is not saved this session")
        entries = []
        for record in found.records:
            if isinstance(record, dict) and isinstance(record.get("query"), str) and record["query"].strip():
                at = record.get("at")
                entries.append((record["query"].strip(), at if isinstance(at, str) else ""))
            elif not found.newer:
                found.bad_lines += 1
        if self.read_only:
            return entries
        if found.foreign or (found.bad_lines and not found.newer):
            what = "is not a newsdesk search history" if found.foreign else f"had {found.bad_lines} unreadable line(s)"
            try:
                backup = keep_aside(self.path)
            except OSError as error:
                self._stop(f"the search history {where} {what} and cannot be kept aside "
                           f"({error.strerror or error}); it is not saved this session")
                return entries
            self.warnings.append(f"the search history {where} {what}; the file is kept as {backup}")
            if entries:
                with contextlib.suppress(UserDataError):
                    self._write(self._merge(entries, []))
        return entries

    def _write(self, entries: list[tuple[str, str]]) -> None:
        try:
            write_records(self.path, self.KIND, self.VERSION, [{"query": query, "at": at} for query, at in entries])
        except OSError as error:
            raise UserDataError(f"cannot save the search history {self.path}: {error.strerror or error}") from None

    def _stop(self, warning: str) -> None:
        self.read_only = True
        self.warnings.append(warning)


# -- remembered choices ------------------------------------------------------------
class UIState:
    """Small choices the explorer remembers between runs (theme, panels shown...).

    File: `ui-state.json` in the state directory, one JSON object
    `{"newsdesk": "ui-state", "version": 1, "values": {...}}`.  Same rules as
    the history: atomic writes, a save merges the keys this process changed
    into what is on disk, loading never raises (`warnings`, `read_only`), an
    unreadable file is kept aside as ui-state.json.bak.
    """

    KIND = "ui-state"
    VERSION = 1

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path) if path is not None else state_dir() / UI_STATE_FILE
        self.read_only = False
        self.warnings: list[str] = []
        self.values: dict[str, Any] = {}
        self._changed: dict[str, Any] = {}

    def load(self) -> UIState:
        """Read the file; never raises (see `warnings`).  Returns self."""
        with locked(self.path) if self.path.exists() else contextlib.nullcontext():
            self.values = {**self._read(), **self._changed}
        return self

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Remember a JSON-serialisable value (saved by `save()`)."""
        json.dumps(value)  # fail here, not at save time
        self.values[key] = value
        self._changed[key] = value

    def save(self) -> None:
        """Write the changed keys over what is on disk.  Raises UserDataError."""
        if self.read_only or not self._changed:
            return
        with locked(self.path):
            merged = {**self._read(), **self._changed}
            if self.read_only:
                return
            document = {"newsdesk": self.KIND, "version": self.VERSION, "values": merged}
            try:
                atomic_write_text(self.path, json.dumps(document, indent=2, sort_keys=True) + "\n")
            except OSError as error:
                raise UserDataError(f"cannot save {self.path}: {error.strerror or error}") from None
        self.values, self._changed = merged, {}

    # The theme: the config's `[tui] theme` at start-up, unless the user picked
    # another in the explorer since that line last changed.
    def theme_for(self, config_theme: str | None) -> str | None:
        """The theme to start with, given the config file's `[tui] theme`."""
        picked = self.get("theme")
        if isinstance(picked, str) and picked and self.get("theme_config") == config_theme:
            return picked
        return config_theme

    def remember_theme(self, theme: str, config_theme: str | None) -> None:
        """The user picked `theme` in the explorer (call `save()` after)."""
        self.set("theme", theme)
        self.set("theme_config", config_theme)

    def _read(self) -> dict[str, Any]:
        where = str(self.path)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as error:
            self.read_only = True
            self.warnings.append(f"cannot read {where}: {error.strerror or error}; choices are not saved this session")
            return {}
        try:
            document = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            document = None
        ours = isinstance(document, dict) and document.get("newsdesk") == self.KIND
        version = document.get("version") if ours else None
        values = document.get("values") if ours else None
        if ours and isinstance(version, int) and version > self.VERSION:
            self.read_only = True
            self.warnings.append(f"{where} was written by a newer newsdesk (version {version}); "
                                 "choices are not saved this session")
            return values if isinstance(values, dict) else {}
        if ours and version == self.VERSION and isinstance(values, dict):
            return values
        try:
            backup = keep_aside(self.path)
        except OSError as error:
            self.read_only = True
            self.warnings.append(f"{where} is not readable as newsdesk's remembered choices and cannot be kept "
                                 f"aside ({error.strerror or error}); choices are not saved this session")
            return {}
        self.warnings.append(f"{where} is not readable as newsdesk's remembered choices; the file is kept as {backup}")
        return {}
