"""The help screen (`?` or F1): every binding of the explorer, where it works,
its key(s) after the user's remapping, and its id for the config file's
`[keys]` table.

It reads the bindings from the live widgets (the app, the screen, the search
box, the results, the reader, each plugin panel), so what it lists is what the
keys do right now, panel keys and remapped keys included.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from newsdesk.search.text import display_line

INTRO = ("Keys of the explorer.  Remap any binding by its id in the config file's [keys] table "
         "(newsdesk config path shows where), e.g.  \"reader.next_match\" = \"ctrl+n\".")


def binding_rows(app, screen) -> list[tuple[str, str, str, str]]:
    """(where, keys, what it does, binding id) for every binding that has an id
    or a description, one row per binding id, in the order a user meets them."""
    from .panel_host import PanelFrame
    from .reader import ArticleReader
    from .results import ResultsList
    from .search_bar import SearchBar

    places = [("Everywhere", app), ("Explorer", screen)]
    for label, kind in (("Search box", SearchBar), ("Results", ResultsList), ("Reader", ArticleReader)):
        places += [(label, node) for node in screen.query(kind)]
    for frame in screen.query(PanelFrame):
        if frame.panel is not None:
            places.append((f"Panel {frame.border_title}", frame.panel))
    rows, seen = [], set()
    for where, node in places:
        keys_by_binding: dict[tuple, list[str]] = {}
        found: dict[tuple, Binding] = {}
        bindings_map = node._bindings.copy()
        if app._keymap:  # as Textual does for key presses: the user's remapping applied
            bindings_map.apply_keymap(app._keymap)
        for key, bindings in bindings_map.key_to_bindings.items():
            for binding in bindings:
                if binding.system or not (binding.id or binding.description):
                    continue
                ident = (binding.id or binding.action, binding.action)
                found.setdefault(ident, binding)
                keys_by_binding.setdefault(ident, []).append(app.get_key_display(Binding(key, binding.action)))
        for ident, binding in found.items():
            if (where, ident) in seen:
                continue
            seen.add((where, ident))
            rows.append((where, ", ".join(keys_by_binding[ident]), display_line(binding.description or binding.action),
                         binding.id or ""))
    return rows


class HelpScreen(ModalScreen):
    """Every binding, in a table; escape, q, ? or F1 closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 100; max-width: 96%; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-intro { color: $text-muted; height: auto; margin-bottom: 1; }
    HelpScreen DataTable { height: 1fr; }
    """

    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self):
        with Vertical() as box:
            box.border_title = "Help"
            box.border_subtitle = "escape to close"
            yield Static(Text(INTRO), id="help-intro")
            table = DataTable(cursor_type="row", zebra_stripes=True, id="help-table")
            table.add_columns("Where", "Keys", "Id", "Does")
            for where, keys, does, ident in self.rows:
                table.add_row(Text(where), Text(keys, style="bold"), Text(ident, style="dim"), Text(does))
            yield table

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
