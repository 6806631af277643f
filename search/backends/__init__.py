"""Search backends: where a corpus's index lives.

    whoosh     the default: pure Python, in the corpus's index folder
    tantivy    embedded, compiled (pip install newsdesk[fast]); same folder
    postgres   a shared server (pip install newsdesk[postgres]); --dsn

Every backend answers the same query language (whoosh's, parsed once by the
engine): `base` explains the contract, `tests/test_backends.py` checks it.
Plugins register more backends with the `register_backends` hook.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from .base import Backend, BackendIndex, BackendReader, BackendWriter
from .whoosh_backend import WhooshBackend

DEFAULT_BACKEND = "whoosh"


def builtin_backends() -> dict[str, type[Backend]]:
    """The backends newsdesk ships (importing one does not import its library)."""
    from .postgres_backend import PostgresBackend
    from .tantivy_backend import TantivyBackend

    return {"whoosh": WhooshBackend, "tantivy": TantivyBackend, "postgres": PostgresBackend}


def make_backend(name: str | None, index_dir: Path, options: dict | None, corpus_root: Path,
                 registered: dict[str, type[Backend]] | None = None) -> Backend:
    """The backend `name` (default whoosh) for a corpus.  Backends other than
    whoosh keep their files in a subfolder of the index folder named after them."""
    name = name or DEFAULT_BACKEND
    known = dict(registered or {})
    known.setdefault(DEFAULT_BACKEND, WhooshBackend)
    if name not in known:
        raise UsageError(f"unknown backend '{name}' (backends: {', '.join(sorted(known))})")
    cls = known[name]
    why = cls.missing()
    if why:
        raise UsageError(f"the {name} backend cannot be used: {why}")
    where = index_dir if name == DEFAULT_BACKEND else index_dir / name
    return cls(where, options, corpus_root)


__all__ = ["Backend", "BackendIndex", "BackendReader", "BackendWriter", "DEFAULT_BACKEND", "WhooshBackend",
           "builtin_backends", "make_backend"]
