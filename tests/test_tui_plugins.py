"""The explorer driven for real (pilot key presses, workers awaited, never slept):
searching and reading, plugin panels (toggling, messages, containment of their
errors), plugin problems as notifications, palette commands and exports, and
hostile article text shown inertly."""

from __future__ import annotations

import asyncio
import functools
import inspect

import pytest
from rich.text import Text
from textual.widgets import OptionList, Static

from newsdesk.plugins import ExportTable, PaletteCommand, PanelSpec, hookimpl
from newsdesk.plugins.manager import PluginHost
from newsdesk.plugins.panels import Panel
from newsdesk.search import open_corpus
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.panel_host import PanelFrame
from newsdesk.tui.reader import ArticleReader
from newsdesk.tui.results import ResultsList
from newsdesk.tui.search_bar import SearchBar


@pytest.fixture(autouse=True)
def without_builtin_panels(monkeypatch):
    """The panels here are the tests' own; the built-in ones stay out of the layout."""
    monkeypatch.setenv("NEWSDESK_DISABLE", "entities,timeline,contradictions")


SIZE = (100, 32)


def pilot_test(test):
    """Run an async test on its own event loop (the suite has no asyncio plugin)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    run.__signature__ = inspect.signature(test)
    return run


@pytest.fixture
def make_app(seeds_copy, tmp_path):
    """An explorer on a fresh copy of the seeds (not indexed yet: the app builds
    the index), with the given (name, plugin object) pairs registered."""

    def make(*plugins, host: PluginHost | None = None) -> NewsdeskApp:
        host = host or PluginHost(third_party=False)
        for name, plugin in plugins:
            host.register(plugin, name=name)
        corpus = open_corpus(seeds_copy, index_dir=tmp_path / "index", extensions=host.extensions())
        return NewsdeskApp(host, corpus, debounce=0, export_dir=tmp_path / "exports")

    return make


async def settle(pilot, rounds: int = 4) -> None:
    """Let chained work finish (index -> search -> article -> panels)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def search(pilot, query: str) -> None:
    bar = pilot.app.explorer.query_one(SearchBar)
    if pilot.app.focused is not bar:
        await pilot.press("slash")
        assert pilot.app.focused is bar
    bar.value = ""
    await pilot.press(*query)
    await settle(pilot)


def plain(widget: Static) -> str:
    visual = widget.render()
    return getattr(visual, "plain", str(visual))


def reader_text(app) -> str:
    reader = app.explorer.query_one(ArticleReader)
    return "\n".join(plain(s) for s in reader.query(Static))


def frame(app, panel_id: str) -> PanelFrame:
    return app.explorer.panels.frame(panel_id)


def notifications(app) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


# -- plugins used below -----------------------------------------------------------
class Recorder(Panel):
    """Remembers every message it gets."""

    def compose(self):
        yield Static("waiting", id="recorder-line")

    def on_mount(self) -> None:
        self.events: list[tuple[str, object]] = []

    def on_query_changed(self, message) -> None:
        self.events.append(("query", message.query, message.results))
        self.query_one("#recorder-line", Static).update(Text(f"query: {message.query}"))

    def on_article_selected(self, message) -> None:
        self.events.append(("article", message.article.id, None))

    def export_table(self):
        return ExportTable(kind="events", columns=["kind", "value"],
                           rows=[{"kind": k, "value": v} for k, v, _ in self.events])


class FailsOnMount(Panel):
    def on_mount(self) -> None:
        raise ValueError("cannot start")


class FailsInCompose(Panel):
    def compose(self):
        raise RuntimeError("no widgets today")
        yield  # pragma: no cover


class FailsOnQuery(Panel):
    def compose(self):
        yield Static("fine so far")

    def on_query_changed(self, message) -> None:
        if message.query:
            raise ValueError("cannot handle this query")


class PanelsPlugin:
    def __init__(self, *specs: PanelSpec):
        self.specs = specs

    @hookimpl
    def register_panels(self, register):
        for spec in self.specs:
            register(spec)


class TsvExporter:
    name = "tsv"
    extension = ".tsv"
    description = "tab-separated, for the test"

    def write(self, table, out, first=True):
        for row in table.rows:
            out.write("\t".join(str(row.get(c)) for c in table.columns) + "\n")


class CommandsPlugin:
    def __init__(self):
        self.seen: list[str] = []

    @hookimpl
    def register_palette_commands(self, register):
        def run(context):
            self.seen.append(context.query)
            context.set_query("title:ban")
            context.notify("hello from the plugin")
            context.copy_to_clipboard("cite\x1b]52;c;ZXZpbA==\x07 me")

        register(PaletteCommand("Greet the reader", "says hello", run))

    @hookimpl
    def register_exporters(self, register):
        register(TsvExporter())


# -- searching and reading ------------------------------------------------------------
@pilot_test
async def test_searching_shows_results_and_enter_opens_the_article(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results = app.explorer.query_one(ResultsList)
        assert results.option_count == 5  # an empty query lists every article
        await search(pilot, "title:ban")
        assert app.explorer.results.total == 1
        assert results.option_count == 1
        await pilot.press("enter")  # from the search box to the results
        assert app.focused is results
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, ArticleReader)
        assert app.explorer.article.id == "003_db8d85c80677fcae"
        text = reader_text(app)
        assert "OpenAI Proposes US Ban on Chinese AI Lab DeepSeek" in text
        assert "Reese Morgan" in text and "2025-03-13" in text
        await pilot.press("escape")
        assert app.focused is results
        await pilot.press("escape")
        assert isinstance(app.focused, SearchBar)


@pilot_test
async def test_query_matches_are_highlighted_in_the_reader(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "ban")
        body = app.explorer.query_one("#reader-body", Static).render()
        marked = {body.plain[s.start:s.end].lower() for s in body.spans}
        assert "ban" in marked


@pilot_test
async def test_a_query_error_shows_in_the_status_line(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, '"hedge')
        status = plain(app.explorer.query_one("#status-text", Static))
        assert "unbalanced quote" in status
        assert app.explorer.query_one(ResultsList).option_count > 0  # the last results stay
        await pilot.press(*' fund"')
        await settle(pilot)
        assert "unbalanced" not in plain(app.explorer.query_one("#status-text", Static))


@pilot_test
async def test_j_and_k_move_through_the_results(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        results = app.explorer.query_one(ResultsList)
        first = results.highlighted_id
        await pilot.press("j")
        await settle(pilot)
        assert results.highlighted == 1
        assert app.explorer.article.id == results.highlighted_id != first
        await pilot.press("k")
        assert results.highlighted == 0


# -- panels -------------------------------------------------------------------------------
@pilot_test
async def test_a_plugin_panel_receives_events_toggles_and_refines_the_query(make_app):
    plugin = PanelsPlugin(PanelSpec("recorder", "Recorder", "r", Recorder))
    app = make_app(("recorder-plugin", plugin))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.explorer.query_one(Recorder)
        assert panel.spec.plugin == "recorder-plugin" and panel.corpus is not None
        await search(pilot, "deepseek")
        kinds = [kind for kind, *_ in panel.events]
        assert "query" in kinds and "article" in kinds
        query_events = [e for e in panel.events if e[0] == "query"]
        assert query_events[-1][1] == "deepseek" and query_events[-1][2].total == 5
        assert panel.events[-1][1] == app.explorer.article.id

        await pilot.press("enter")  # to the results, where single keys are commands
        await pilot.press("r")
        assert not frame(app, "recorder").display
        assert not app.explorer.panels.display  # no panel shown: the column goes
        await search(pilot, "openai")  # hidden: nothing delivered
        assert [e for e in panel.events if e[0] == "query"][-1][1] == "deepseek"
        await pilot.press("enter", "r")
        await settle(pilot)
        assert frame(app, "recorder").display
        assert [e for e in panel.events if e[0] == "query"][-1][1] == "openai"  # caught up

        panel.add_to_query("title:ban")
        await settle(pilot)
        assert app.explorer.query_one(SearchBar).value == "openai title:ban"
        assert app.explorer.results.total == 1
        panel.open_article("002_d86b51388400303c", offset=400)
        await settle(pilot)
        assert app.explorer.article.id == "002_d86b51388400303c"


@pilot_test
async def test_a_panel_key_that_clashes_is_refused_and_reported(make_app):
    plugin = PanelsPlugin(PanelSpec("one", "One", "q", Recorder),
                          PanelSpec("two", "Two", "x", Recorder), PanelSpec("three", "Three", "x", Recorder))
    app = make_app(("keys", plugin))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [m for t, m in notifications(app) if t == "plugin 'keys'"]
        assert any("key 'q' is already used" in m for m in messages)
        assert any("key 'x' is already used by panel 'two'" in m for m in messages)
        assert app.panel_keys == {"two": "x"}
        await pilot.press("enter", "q")  # still quits
        assert app.return_code == 0


@pytest.mark.parametrize("panel, message", [
    (FailsOnMount, "panel 'bad' (plugin 'bad-plugin') failed: ValueError: cannot start"),
    (FailsInCompose, "panel 'bad' (plugin 'bad-plugin') failed: RuntimeError: no widgets today"),
    ("no_such_module_for_newsdesk:Panel",
     "panel 'bad' (plugin 'bad-plugin') failed: ModuleNotFoundError: No module named 'no_such_module_for_newsdesk'"),
    (FailsOnQuery, "panel 'bad' (plugin 'bad-plugin') failed: ValueError: cannot handle this query"),
])
@pilot_test
async def test_a_failing_panel_shows_its_error_in_its_own_area(make_app, panel, message):
    app = make_app(("bad-plugin", PanelsPlugin(PanelSpec("bad", "Bad", "b", panel))),
                   ("good-plugin", PanelsPlugin(PanelSpec("good", "Good", "g", Recorder))))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek")
        bad = frame(app, "bad")
        errors = [plain(s) for s in bad.query(".panel--error")]
        assert errors == [message]
        assert not bad.alive
        # The rest carries on: search works and the other panel keeps hearing about it.
        await search(pilot, "title:ban")
        assert app.explorer.results.total == 1
        good = app.explorer.query_one(Recorder)
        assert [e for e in good.events if e[0] == "query"][-1][1] == "title:ban"
        assert plain(good.query_one("#recorder-line", Static)) == "query: title:ban"
        assert app.is_running


@pilot_test
async def test_plugin_problems_are_notifications_naming_the_plugin(make_app):
    class RaisesInHook:
        @hookimpl
        def register_panels(self, register):
            raise ValueError("panels are broken")

    host = PluginHost(third_party=False)
    host._problem("broken", "failed to load: ImportError: x")
    app = make_app(("raiser", RaisesInHook()), host=host)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        found = notifications(app)
        assert ("plugin 'broken'", "failed to load: ImportError: x") in found
        assert ("plugin 'raiser'", "register_panels failed: ValueError: panels are broken") in found
        # Reported after start, from a thread: still a notification.
        await pilot.app.workers.wait_for_complete()
        app.run_worker(lambda: host.report_once("late", "went wrong"), thread=True)
        await settle(pilot)
        assert ("plugin 'late'", "went wrong") in notifications(app)


@pilot_test
async def test_an_analyzer_failing_while_the_app_indexes_is_a_notification(make_app):
    class Fragile:
        name = "fragile"
        version = "1"

        def analyze(self, article):
            if "Wenfeng" in article.body:
                raise KeyError("no such name")
            return []

    class FragilePlugin:
        @hookimpl
        def register_analyzers(self, register):
            register(Fragile())

    app = make_app(("fragile-plugin", FragilePlugin()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [(title, message)] = [n for n in notifications(app) if n[0] == "plugin 'fragile-plugin'"]
        assert message.startswith("analyzer 'fragile' failed")
        await search(pilot, "deepseek")
        assert app.explorer.results.total == 5  # the index is whole


# -- palette and exports -------------------------------------------------------------------
async def run_palette(pilot, text: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)


@pilot_test
async def test_a_plugin_palette_command_runs_from_the_palette(make_app):
    plugin = CommandsPlugin()
    app = make_app(("greeter", plugin))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek")
        await run_palette(pilot, "Greet the reader")
        assert plugin.seen == ["deepseek"]
        assert app.explorer.query_one(SearchBar).value == "title:ban"
        assert app.explorer.results.total == 1
        assert ("", "hello from the plugin") in notifications(app)
        assert app.clipboard == "cite]52;c;ZXZpbA== me"  # no escape sequence rides along


@pilot_test
async def test_exporting_results_from_the_palette_writes_a_file(make_app, tmp_path):
    app = make_app(("tsv-plugin", CommandsPlugin()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek AND ban")
        await run_palette(pilot, "Export results as tsv")
        written = tmp_path / "exports" / "newsdesk-deepseek-and-ban.tsv"
        assert written.exists()
        lines = written.read_text().splitlines()
        assert len(lines) == app.explorer.results.total >= 1
        assert lines[0].startswith("003_db8d85c80677fcae\tOpenAI Proposes US Ban")
        assert any(str(written) in message for _, message in notifications(app))


@pilot_test
async def test_a_panel_table_exports_and_a_failing_exporter_is_reported(make_app, tmp_path):
    class Broken(TsvExporter):
        name = "broken"

        def write(self, table, out, first=True):
            raise ValueError("cannot write")

    class Plugin:
        @hookimpl
        def register_exporters(self, register):
            register(TsvExporter())
            register(Broken())

    app = make_app(("exp", Plugin()), ("rec", PanelsPlugin(PanelSpec("recorder", "Recorder", "r", Recorder))))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek")
        await run_palette(pilot, "Export panel Recorder as tsv")
        files = list((tmp_path / "exports").glob("newsdesk-recorder-deepseek*.tsv"))
        assert len(files) == 1 and "query\tdeepseek" in files[0].read_text()
        await run_palette(pilot, "Export results as broken")
        assert ("plugin 'exp'", "exporter 'broken' failed: ValueError: cannot write") in notifications(app)
        assert not list((tmp_path / "exports").glob("*.broken"))


# -- hostile text ------------------------------------------------------------------------------
@pilot_test
async def test_hostile_article_text_is_shown_inertly(make_app, seeds_copy):
    (seeds_copy / "hostile.txt").write_text(
        "[bold red]Pwned[/] \x1b[31mheadline\x1b[0m [link=http://x]click[/link]\n\n"
        "Body with [reverse]markup[/reverse] and \x1b]0;title\x07 escapes about zebrafish.\n",
        encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "zebrafish")
        results = app.explorer.query_one(ResultsList)
        assert results.option_count == 1
        prompt = results.get_option_at_index(0).prompt
        assert isinstance(prompt, Text)
        assert "[bold red]Pwned[/]" in prompt.plain and "\x1b" not in prompt.plain
        assert not any("red" in str(span.style) for span in prompt.spans)
        text = reader_text(app)
        assert "[bold red]Pwned[/]" in text and "[reverse]markup[/reverse]" in text
        assert "\x1b" not in text and "\x07" not in text
        body = app.explorer.query_one("#reader-body", Static).render()
        assert not any("reverse" == str(span.style) for span in body.spans)


@pilot_test
async def test_while_typing_panels_hear_of_results_once_the_typing_pauses(seeds_copy, tmp_path):
    """A keystroke's frame stays small: with a debounce, results reach the
    panels after a pause (as the reader's preview does), and only the last."""
    host = PluginHost(third_party=False)
    host.register(PanelsPlugin(PanelSpec("recorder", "Recorder", "r", Recorder)), name="recorder")
    corpus = open_corpus(seeds_copy, index_dir=tmp_path / "index", extensions=host.extensions())
    app = NewsdeskApp(host, corpus, debounce=0.05, export_dir=tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        panel = app.explorer.query_one(Recorder)
        assert isinstance(app.focused, SearchBar)
        await pilot.press(*"deep")
        await settle(pilot)
        assert app.explorer.current_query == "deep" and app.explorer._panels_timer is not None
        assert not any(event[1] in ("d", "de", "dee", "deep") for event in panel.events if event[0] == "query")
        await pilot.pause(1.0)  # longer than the pause the timer waits for (0.3 s)
        await settle(pilot)
        told = [event[1] for event in panel.events if event[0] == "query"]
        assert told[-1] == "deep" and not {"d", "de", "dee"} & set(told)


@pilot_test
async def test_panels_hidden_stay_hidden_in_the_next_session(seeds_copy, tmp_path):
    from newsdesk.userdata import UIState

    state = tmp_path / "ui-state.json"
    host = PluginHost(third_party=False)
    host.register(PanelsPlugin(PanelSpec("recorder", "Recorder", "r", Recorder)), name="recorder")
    corpus = open_corpus(seeds_copy, index_dir=tmp_path / "index", extensions=host.extensions())
    app = NewsdeskApp(host, corpus, debounce=0, export_dir=tmp_path / "exports", ui_state=UIState(state).load())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert frame(app, "recorder").display
        await pilot.press("enter", "r")
        assert not frame(app, "recorder").display
    again = NewsdeskApp(host, corpus, debounce=0, export_dir=tmp_path / "exports", ui_state=UIState(state).load())
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not frame(again, "recorder").display and not again.explorer.panels.display
        await pilot.press("enter", "r")
        assert frame(again, "recorder").display
        await settle(pilot)
        assert panel_events(again)  # shown again, it catches up with the search it missed
    assert UIState(state).load().get("panels_hidden") == []


def panel_events(app):
    return [e for e in app.explorer.query_one(Recorder).events if e[0] == "query"]
