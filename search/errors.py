"""The error types the engine raises on purpose.

Every failure a user can cause (a missing corpus, a broken query, a locked index)
is one of these, carrying a message fit to print as a single line.  Anything else
escaping the engine is a bug.
"""


class NewsdeskError(Exception):
    """Base class: a problem the user can fix, with a one-line message.

    Exit codes: 1 means "not found" (like grep), 2 a usage or query error,
    3 anything else that stopped the command (a locked or unusable index).
    """

    exit_code = 3


class CorpusNotFound(NewsdeskError):
    """The corpus path does not exist or is not readable."""

    exit_code = 2


class QuerySyntaxError(NewsdeskError):
    """The query string cannot be parsed (unbalanced quotes, unknown field...)."""

    exit_code = 2


class UsageError(NewsdeskError):
    """A request the engine cannot take as given (an unknown sort or facet)."""

    exit_code = 2


class IndexLocked(NewsdeskError):
    """Another process is writing the same index."""


class IndexUnavailable(NewsdeskError):
    """The index directory cannot be created, read or written."""


class ArticleNotFound(NewsdeskError):
    """No article has the requested id."""

    exit_code = 1


class ReaderError(NewsdeskError):
    """A file could not be read as an article; the indexer skips it and says why."""


def describe(error: BaseException) -> str:
    """An exception as one short line: "ValueError: the first line of its message"."""
    text = str(error).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


# What newsdesk contains when a plugin's code raises it (a reader, an analyzer,
# a field, a corpus analyzer, an exporter, a panel, a palette command): any
# Exception, and SystemExit, since a plugin calling sys.exit() must not end a
# whole index run or the explorer.  Ctrl-C (KeyboardInterrupt), GeneratorExit
# and asyncio's cancellation go on up as they should.
PLUGIN_FAILURES = (Exception, SystemExit)
