"""The shapes plugins hand to newsdesk's interfaces: panels, palette commands, exporters.

(What plugins hand to the engine, namely annotations, analyzers and index fields, lives in
`newsdesk.search.extensions`; `newsdesk.plugins` re-exports both.)
Nothing here imports Textual: a panel names its widget class lazily, so the
command line never pays for the TUI.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Protocol, TextIO

# What a panel can react to (see `newsdesk.plugins.panels` for the messages).
PANEL_EVENTS = ("query", "article")


@dataclass
class PanelSpec:
    """A TUI panel.

    id: unique, lower-case ("entities").  title: shown on the panel's border.
    key: a single key that toggles the panel ("e"); the TUI refuses keys that
    clash with its own bindings or another panel's and reports it.
    widget: the panel's Textual widget class, a subclass of
    `newsdesk.plugins.panels.Panel`, or a "module:Class" string naming it, so
    that Textual is imported only when the TUI opens.
    reacts_to: which of "query" and "article" the panel wants to hear about.
    """

    id: str
    title: str
    key: str
    widget: Any  # a Panel subclass, or "package.module:ClassName"
    reacts_to: tuple[str, ...] = PANEL_EVENTS
    description: str = ""
    plugin: str = ""

    def __post_init__(self):
        unknown = set(self.reacts_to) - set(PANEL_EVENTS)
        if unknown:
            raise ValueError(f"panel '{self.id}': reacts_to may hold {PANEL_EVENTS}, not {sorted(unknown)}")

    def widget_class(self):
        """The widget class, importing it now if it was named by a string."""
        if isinstance(self.widget, str):
            module, _, name = self.widget.partition(":")
            return getattr(importlib.import_module(module), name)
        return self.widget


class AppContext(Protocol):
    """What a palette command can see and do in the running TUI."""

    corpus: Any  # newsdesk.search.Corpus
    query: str
    results: Any  # newsdesk.search.SearchResults | None
    article: Any  # the open newsdesk.search.Article, or None

    def set_query(self, text: str) -> None: ...
    def open_article(self, article_id: str, offset: int | None = None) -> None: ...
    def notify(self, message: str, severity: str = "information") -> None: ...
    def copy_to_clipboard(self, text: str) -> None: ...


@dataclass
class PaletteCommand:
    """A command in the TUI's command palette (ctrl+p).

    run(context) is called on the UI thread with an `AppContext`; keep it quick
    (start a worker for anything slow).
    """

    name: str
    help: str
    run: Callable[[AppContext], None]
    plugin: str = ""


@dataclass
class ExportTable:
    """Rows to export: search results, or a panel's data.

    kind names the rows ("hits", "entities"); columns orders the row keys for
    tabular formats; meta describes the whole (query, total); row_context holds
    values every row shares that flat formats repeat on each line (the query).
    """

    kind: str
    columns: list[str]
    rows: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)
    row_context: dict[str, Any] = field(default_factory=dict)
    title: str = ""

    @classmethod
    def from_results(cls, results) -> "ExportTable":
        """Search results (`newsdesk.search.SearchResults`) as a table of hits."""
        return cls(
            kind="hits",
            columns=list(HIT_COLUMNS),
            rows=[hit.to_dict() for hit in results.hits],
            meta={"query": results.query, "total": results.total, "sort": results.sort,
                  "suggestion": results.suggestion},
            row_context={"query": results.query},
            title=f"Search: {results.query}",
        )


# The columns tabular exports of search hits show (JSON carries every key).
HIT_COLUMNS = ("id", "title", "date", "path", "score", "author", "outlet", "snippet")


class Exporter(Protocol):
    """Writes an `ExportTable` in one format.

    name: what users type (`--format NAME`); extension: for file names
    (".md"); description: one line.  write(table, out, first) writes to the
    text stream `out`; `first` is False for the second and later tables of a
    batch written to one stream (CSV then leaves out its header).  Article text
    in the rows is untrusted: formats read by people must not let it act as
    markup (escape it), and CSV must not let a cell start a formula.
    """

    name: str
    extension: str
    description: str

    def write(self, table: ExportTable, out: TextIO, first: bool = True) -> None: ...


def table_rows(table: ExportTable) -> Iterable[dict[str, Any]]:
    """Each row with the shared context in front, as flat formats write it."""
    for row in table.rows:
        yield {**table.row_context, **row}


def table_columns(table: ExportTable) -> list[str]:
    return list(table.row_context) + [c for c in table.columns if c not in table.row_context]
