"""One thread for the engine: every call into the corpus runs there, one at a time.

The engine's SQLite store may only be used from the thread that opened it, and
whoosh searchers are not meant to be shared between threads, while Textual runs
each thread worker on a fresh thread.  `EngineThread` owns one thread that makes
every call; `CorpusProxy` looks like a `newsdesk.search.Corpus` and forwards
each method call (and property read) to it, so that workers, panels and palette
commands may call the corpus from any thread.  A call from the UI thread waits
for the engine: keep those to quick look-ups, or use a worker.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar

T = TypeVar("T")


class EngineThread:
    """Runs callables on a single dedicated thread, in the order submitted."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdesk-engine")
        self._ident: int | None = None

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `function` on the engine thread and return its result (or raise its error)."""
        if threading.get_ident() == self._ident:  # already there: no queueing behind ourselves
            return function(*args, **kwargs)
        return self._executor.submit(self._run, function, args, kwargs).result()

    def _run(self, function: Callable[..., T], args: tuple, kwargs: dict) -> T:
        self._ident = threading.get_ident()
        return function(*args, **kwargs)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class CorpusProxy:
    """A `Corpus` whose every method runs on the engine thread.

    Attribute reads run there too (some, like `fields`, open the index); methods
    come back as functions that forward their call.  `unwrap()` gives the corpus.
    """

    def __init__(self, corpus: Any, engine: EngineThread) -> None:
        object.__setattr__(self, "_corpus", corpus)
        object.__setattr__(self, "_engine", engine)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._engine.call(getattr, self._corpus, name)
        if callable(value) and getattr(value, "__self__", None) is self._corpus:
            engine = self._engine

            def forward(*args: Any, **kwargs: Any) -> Any:
                return engine.call(value, *args, **kwargs)

            forward.__name__ = name
            forward.__doc__ = value.__doc__
            return forward
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the corpus is read-only here")

    def __repr__(self) -> str:
        return f"CorpusProxy({self._corpus!r})"

    def unwrap(self) -> Any:
        return self._corpus
