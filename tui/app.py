"""The explorer application: plugin host wiring, user settings (key map,
theme, search history), notifications, palette and exports.

    from newsdesk.tui.app import run
    run(host)                                   # what `newsdesk` / `newsdesk tui` do

    app = NewsdeskApp(host, corpus)             # tests: an open engine Corpus
    async with app.run_test(size=(100, 32)) as pilot: ...

`run` reads the user's config file, history and remembered choices; an app
built directly uses defaults and remembers nothing unless given them.

The app takes over the corpus: every call into it runs on the app's engine
thread (`tui/engine.py`), and the corpus is closed there when the app exits.
Do not read from the corpus on another thread before handing it over.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from newsdesk.config import Config, load_config
from newsdesk.plugins.specs import PaletteCommand, PanelSpec
from newsdesk.search import NewsdeskError
from newsdesk.search.errors import PLUGIN_FAILURES, describe
from newsdesk.search.text import display_line

from .commands import NewsdeskCommands
from .context import ExplorerContext
from .engine import CorpusProxy, EngineThread
from .explorer import ExplorerScreen
from .export import results_table, write_export
from .panel_host import panel_bindings
from .reader import ArticleReader
from .results import ResultsList
from .search_bar import MemoryHistory, SearchBar

# Keys the explorer's widgets use; a panel may not take them.
NAVIGATION_KEYS = ("tab", "shift+tab", "enter", "escape", "up", "down", "left", "right",
                   "pageup", "pagedown", "home", "end", "space", "ctrl+p", "ctrl+q", "ctrl+c")


class PluginProblem(Message):
    """A plugin problem reported off the UI thread, to notify on it."""

    def __init__(self, plugin: str, message: str) -> None:
        super().__init__()
        self.plugin, self.message = plugin, message


class NewsdeskApp(App):
    """newsdesk's explorer.

    host: a `newsdesk.plugins.manager.PluginHost` (panels, palette commands,
    exporters, and where plugin problems are reported).
    corpus: an open engine `Corpus` (indexed or not: a missing index is built
    with a progress bar).  debounce: seconds between the last keystroke and
    the search (0: search on every keystroke).  export_dir: where exports are
    written (default: the current directory, else the user's data directory).
    """

    TITLE = "newsdesk"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {NewsdeskCommands}
    NOTIFICATION_TIMEOUT = 8
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(self, host: Any, corpus: Any, *, debounce: float | None = None,
                 export_dir: str | Path | None = None, config: Config | None = None,
                 history: Any = None, ui_state: Any = None) -> None:
        super().__init__()
        self.host = host
        self.config = config if config is not None else Config()
        self.history = history if history is not None else MemoryHistory()
        self.ui_state = ui_state  # newsdesk.userdata.UIState, or None: choices are not remembered
        self.engine = EngineThread()
        self.corpus = CorpusProxy(corpus, self.engine)
        self.export_dir = Path(export_dir) if export_dir is not None else None
        self.debounce = self.config.debounce if debounce is None else debounce
        self._previous_report = host.report
        host.report = lambda plugin, message: None  # collected in host.problems; notified on mount
        self.panel_specs: list[PanelSpec] = host.panels()
        self.palette_commands: list[PaletteCommand] = host.palette_commands()
        self.exporters: dict[str, Any] = host.exporters()
        bindings = panel_bindings(self.panel_specs, reserved_keys(), host.report_once)
        self.panel_keys = {panel_id: binding.key for panel_id, binding in bindings.items()}
        # The panels' keys are bindings of the screen, so they show in the footer and help.
        screen_class = type("ExplorerScreen", (ExplorerScreen,), {"BINDINGS": list(bindings.values())})
        self.explorer: ExplorerScreen = screen_class(self.corpus, self.panel_specs, self.panel_keys,
                                                     self.debounce, self.history)
        self.context = ExplorerContext(self)
        self.set_keymap(self.config.keymap)
        self._config_theme = self.config.theme
        theme = self.ui_state.theme_for(self.config.theme) if self.ui_state is not None else self.config.theme
        if theme and theme in self.available_themes:
            self.theme = theme

    def get_default_screen(self) -> ExplorerScreen:
        return self.explorer

    def on_mount(self) -> None:
        self._ui_thread = threading.get_ident()
        for plugin, message in list(self.host.problems):
            self._notify_problem(plugin, message)
        self.host.report = self.report_problem
        warnings = list(self.config.warnings)
        warnings += self.config.check_names(binding_ids(self.panel_keys), self.available_themes)
        warnings += list(getattr(self.history, "warnings", []))
        warnings += list(getattr(self.ui_state, "warnings", []))
        for warning in warnings:
            self.notify(display_line(warning), title="Settings", severity="warning", timeout=12, markup=False)
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def remember_panels(self, hidden: list[str]) -> None:
        """Keep which panels the user hid, for the next run."""
        if self.ui_state is None:
            return
        self.ui_state.set("panels_hidden", sorted(hidden))
        try:
            self.ui_state.save()
        except NewsdeskError as error:
            self.notify(display_line(str(error)), severity="warning", markup=False)

    def _remember_theme(self, theme) -> None:
        if self.ui_state is None:
            return
        self.ui_state.remember_theme(theme.name, self._config_theme)
        try:
            self.ui_state.save()
        except NewsdeskError as error:
            self.notify(display_line(str(error)), severity="warning", markup=False)

    def handle_bindings_clash(self, clashed_bindings, node) -> None:
        keys = ", ".join(sorted({f"{b.key} ({b.id or b.action})" for b in clashed_bindings}))
        self.notify(display_line(f"[keys] in the config gives a key that is already taken: {keys}; "
                                 "the default is kept"), title="Settings", severity="warning", markup=False)

    def on_unmount(self) -> None:
        self.host.report = self._previous_report
        try:
            self.engine.call(self.corpus.unwrap().close)
        except Exception:
            pass
        self.engine.shutdown()

    # -- plugin problems ---------------------------------------------------------
    def report_problem(self, plugin: str, message: str) -> None:
        """`host.report` while the app runs: a notification naming the plugin,
        from any thread."""
        if threading.get_ident() == getattr(self, "_ui_thread", None):
            self._notify_problem(plugin, message)
        else:
            # Not call_from_thread: it would wait for the UI thread, which may
            # itself be waiting for the engine thread reporting this.
            self.post_message(PluginProblem(plugin, message))

    def on_plugin_problem(self, message: PluginProblem) -> None:
        self._notify_problem(message.plugin, message.message)

    def _notify_problem(self, plugin: str, message: str) -> None:
        self.notify(display_line(message), title=f"plugin '{display_line(plugin)}'",
                    severity="error", timeout=12, markup=False)

    # -- palette -------------------------------------------------------------------
    def run_palette_command(self, command: PaletteCommand) -> None:
        try:
            command.run(self.context)
        except PLUGIN_FAILURES as error:
            self.host.report_once(command.plugin or "?", f"palette command '{command.name}' failed: {describe(error)}")

    def export_results(self, name: str) -> None:
        results = self.explorer.results
        if results is None or not results.hits:
            self.notify("No results to export.", severity="warning")
            return
        self._export(results_table(results), name, results.query or "all")

    def export_panel(self, panel_id: str, name: str) -> None:
        for frame, table in self.explorer.panel_tables():
            if frame.spec.id == panel_id:
                self._export(table, name, f"{panel_id} {self.explorer.current_query}")
                return
        self.notify("That panel has nothing to export.", severity="warning")

    def _export(self, table, name: str, stem: str) -> None:
        exporter = self.exporters.get(name)
        if exporter is None:
            return
        self._export_worker(table, exporter, stem)

    @work(thread=True, group="export")
    def _export_worker(self, table, exporter, stem: str) -> None:
        try:
            path = write_export(table, exporter, stem, self.export_dir)
        except OSError as error:
            self.call_from_thread(self.notify, f"Export failed: {error.strerror or error}",
                                  severity="error", markup=False)
            return
        except PLUGIN_FAILURES as error:
            plugin = getattr(exporter, "plugin", "") or "?"
            self.report_problem(plugin, f"exporter '{exporter.name}' failed: {describe(error)}")
            return
        self.call_from_thread(self.notify, f"{len(table.rows)} rows written to {path}",
                              title="Exported", markup=False)


def binding_ids(panel_keys: dict[str, str] | None = None) -> set[str]:
    """Every binding id the explorer knows (for checking the config's [keys])."""
    from .filters import FilterScreen
    from .help import HelpScreen

    ids = {f"panel.{panel_id}" for panel_id in (panel_keys or {})}
    for owner in (NewsdeskApp, ExplorerScreen, ResultsList, ArticleReader, SearchBar, HelpScreen, FilterScreen):
        ids.update(binding.id for binding in owner.BINDINGS if binding.id)
    return ids


def reserved_keys() -> dict[str, str]:
    """Keys the explorer binds (key -> what for), which panels may not take."""
    taken = {key: "navigation" for key in NAVIGATION_KEYS}
    for owner in (NewsdeskApp, ExplorerScreen, ResultsList, ArticleReader, SearchBar):
        for binding in owner.BINDINGS:
            for key in binding.key.split(","):
                taken[key.strip()] = f"'{binding.description or binding.action}'"
    return taken


def run(host: Any, corpus_path: str | Path | None = None, index_dir: str | Path | None = None) -> int:
    """Open the corpus (default: $NEWSDESK_CORPUS, else the bundled seeds) and
    run the explorer until the user quits.  Engine errors opening the corpus
    (`NewsdeskError`) propagate before the screen changes, for the CLI to print."""
    from newsdesk.userdata import SearchHistory, UIState

    config = load_config()
    corpus = host.open_corpus(corpus_path or config.corpus, index_dir)
    history = SearchHistory(size=config.history_size, autosave=False).load()
    app = NewsdeskApp(host, corpus, config=config, history=history, ui_state=UIState().load())
    app.run()
    return app.return_code or 0
