"""SVG snapshots of the explorer on the seed corpus (pytest-textual-snapshot):
the main screen with results, the reader and the help screen, at 80x24 and
160x48, and the plugin panel column at 100x32.

Deterministic: a fresh index built before the app starts, no timings in the status
line, no cursor blink, every worker awaited before the picture.
Update with `pytest tests/test_tui_snapshots.py --snapshot-update` and look at
the report before committing the new SVGs.
"""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Static

from newsdesk.plugins import PanelSpec, hookimpl
from newsdesk.plugins.manager import PluginHost
from newsdesk.plugins.panels import Panel
from newsdesk.search import open_corpus
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.explorer import ExplorerScreen
from newsdesk.tui.search_bar import SearchBar


@pytest.fixture(autouse=True)
def without_builtin_panels(monkeypatch):
    """The panels here are the tests' own; the built-in ones stay out of the layout."""
    monkeypatch.setenv("NEWSDESK_DISABLE", "entities,timeline,contradictions")


SIZE = (100, 32)


class OutletPanel(Panel):
    """Shows the open article's outlet and the number of results."""

    def compose(self):
        yield Static("", id="outlet-line")

    def on_query_changed(self, message) -> None:
        total = message.results.total if message.results is not None else 0
        self.query_one(Static).update(Text(f"{total} results"))

    def on_article_selected(self, message) -> None:
        self.query_one(Static).update(Text(f"outlet: {message.article.outlet or '-'}"))


class OutletPlugin:
    @hookimpl
    def register_panels(self, register):
        register(PanelSpec("outlet", "Outlet", "o", OutletPanel))


@pytest.fixture
def snapshot_app(seeds_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(ExplorerScreen, "SHOW_TIMINGS", False)

    def make(*plugins) -> NewsdeskApp:
        host = PluginHost(third_party=False)
        for name, plugin in plugins:
            host.register(plugin, name=name)
        corpus = open_corpus(seeds_copy, index_dir=tmp_path / "index", readers=host.readers())
        corpus.update()  # before the app: no "index updated" notification (it has timings)
        return NewsdeskApp(host, corpus, debounce=0, export_dir=tmp_path)

    return make


async def settle(pilot) -> None:
    pilot.app.explorer.query_one(SearchBar).cursor_blink = False
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


SIZES = {"80x24": (80, 24), "160x48": (160, 48)}


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_results(snap_compare, snapshot_app, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"deepseek", "enter")
        await settle(pilot)

    assert snap_compare(snapshot_app(), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_reader_at_a_match(snap_compare, snapshot_app, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"deepseek", "enter", "enter")
        await settle(pilot)
        await pilot.press("n", "n")
        await settle(pilot)

    assert snap_compare(snapshot_app(), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_help(snap_compare, snapshot_app, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("escape", "question_mark")
        await settle(pilot)

    assert snap_compare(snapshot_app(("outlet-plugin", OutletPlugin())), terminal_size=SIZES[size],
                        run_before=run_before)


def test_snapshot_search_with_a_panel(snap_compare, snapshot_app):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"deepseek", "enter", "j")
        await settle(pilot)

    assert snap_compare(snapshot_app(("outlet-plugin", OutletPlugin())), terminal_size=SIZE,
                        run_before=run_before)
