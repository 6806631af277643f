"""The filters screen (`f`): how the current results divide by outlet, year,
author and the fields plugins add, with counts; choosing a value adds its
clause to the query box, so the user sees (and learns) the syntax.

Counts come from `Corpus.facets` in a worker: opening the screen never waits
for the index.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from newsdesk.search import NewsdeskError
from newsdesk.search.errors import describe
from newsdesk.search.text import display_line

VALUES_PER_GROUP = 12


def facet_options(groups) -> list[Option]:
    """One disabled heading per group, then one option per value whose id is its clause."""
    options: list[Option] = []
    seen: set[str] = set()  # option ids must be unique
    for group in groups:
        if not group.values:
            continue
        heading = Text(display_line(group.label), style="bold")
        if group.more:
            heading.append(f"  (+{group.more} more)", style="dim")
        options.append(Option(heading, disabled=True))
        width = max(len(f"{value.count:,}") for value in group.values)
        for value in group.values:
            if value.clause in seen:
                continue
            if value.clause is not None:
                seen.add(value.clause)
            line = Text(f"  {value.count:>{width},}  ", style="dim")
            line.append(display_line(value.value), style="italic" if value.missing else "")
            options.append(Option(line, id=value.clause, disabled=value.clause is None))
    return options


class FilterScreen(ModalScreen[str | None]):
    """Facet values of the current query; enter adds one to the query, escape closes."""

    BINDINGS = [
        Binding("escape,f,q", "dismiss(None)", "Close", id="filters.close"),
        Binding("j", "cursor_down", "Down", show=False, id="filters.down"),
        Binding("k", "cursor_up", "Up", show=False, id="filters.up"),
    ]
    DEFAULT_CSS = """
    FilterScreen { align: center middle; }
    FilterScreen > Vertical {
        width: 64; max-width: 96%; height: 80%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FilterScreen #filters-status { color: $text-muted; height: auto; }
    FilterScreen OptionList, FilterScreen OptionList:focus { height: 1fr; border: none; padding: 0; }
    """

    def __init__(self, corpus: Any, query: str) -> None:
        super().__init__()
        self.corpus = corpus
        self.query_text = query

    def compose(self):
        with Vertical() as box:
            box.border_title = "Filters"
            box.border_subtitle = "enter: add to the query · escape: close"
            yield Static(Text("Counting…"), id="filters-status")
            yield OptionList(id="filters-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._count()

    @work(thread=True, exclusive=True)
    def _count(self) -> None:
        groups, error = None, None
        try:
            groups = self.corpus.facets(self.query_text.strip(), limit=VALUES_PER_GROUP)
        except NewsdeskError as exc:
            error = str(exc)
        except Exception as exc:  # an engine bug must not take the explorer down
            error = f"counting failed: {describe(exc)}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, groups, error)

    def _show(self, groups, error: str | None) -> None:
        status = self.query_one("#filters-status", Static)
        if error is not None:
            status.update(Text(display_line(error)))
            return
        listing = self.query_one(OptionList)
        listing.add_options(facet_options(groups))
        scope = f"the results of {display_line(self.query_text)}" if self.query_text.strip() else "every article"
        status.update(Text(f"Counts over {scope}" if listing.option_count else "Nothing to filter by"))
        first = next((i for i in range(listing.option_count) if not listing.get_option_at_index(i).disabled), None)
        if first is not None:
            listing.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
