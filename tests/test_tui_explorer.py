"""The explorer as a user drives it (pilot key presses, workers awaited, never
slept): typing a query, moving through results, opening an article, jumping
between matches, annotations inline, filters, paging, history, the help screen,
the palette, copying a citation, remapping a key and remembering the theme."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, OptionList, Static

from newsdesk.config import Config, load_config
from newsdesk.plugins import Annotation, PanelSpec, hookimpl
from newsdesk.plugins.manager import PluginHost
from newsdesk.search import open_corpus
from newsdesk.tui import explorer as explorer_module
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.filters import FilterScreen
from newsdesk.tui.help import HelpScreen
from newsdesk.tui.reader import ArticleReader
from newsdesk.tui.results import ResultsList
from newsdesk.tui.search_bar import SearchBar
from newsdesk.userdata import SearchHistory, UIState

from test_tui_plugins import PanelsPlugin, Recorder, pilot_test, search, settle

SIZE = (100, 32)


class CapitalsAnalyzer:
    """Annotates runs of capitalised words, so the reader has something to show."""

    name = "capitals"
    version = "1"

    def analyze(self, article):
        import re

        for match in re.finditer(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+", article.body):
            yield Annotation("name", match.start(), match.end(), match.group())


class CapitalsPlugin:
    @hookimpl
    def register_analyzers(self, register):
        register(CapitalsAnalyzer())


@pytest.fixture
def make_app(seeds_copy, tmp_path):
    def make(*plugins, **options) -> NewsdeskApp:
        host = PluginHost(third_party=False)
        for name, plugin in plugins:
            host.register(plugin, name=name)
        corpus = open_corpus(seeds_copy, index_dir=tmp_path / "index", extensions=host.extensions())
        corpus.update()
        return NewsdeskApp(host, corpus, debounce=0, export_dir=tmp_path / "exports", **options)

    return make


def reader(app) -> ArticleReader:
    return app.explorer.query_one(ArticleReader)


def results(app) -> ResultsList:
    return app.explorer.query_one(ResultsList)


def bar(app) -> SearchBar:
    return app.explorer.query_one(SearchBar)


@pilot_test
async def test_type_move_open_and_jump_between_matches(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek")
        assert app.explorer.results.total == 5 and results(app).option_count == 5
        await pilot.press("enter")  # into the results
        await settle(pilot)
        assert app.focused is results(app)
        await pilot.press("j", "j", "k")
        await settle(pilot)
        assert results(app).highlighted == 1
        await pilot.press("k")
        await settle(pilot)
        chosen = results(app).highlighted_id
        await pilot.press("enter")
        await settle(pilot)
        view = reader(app)
        assert app.focused is view and view.article.id == chosen
        assert len(view.matches) >= 2 and view.current is None
        first, second = view.matches[0], view.matches[1]
        assert view.article.body[first[0]:first[1]].lower().startswith("deepseek")
        await pilot.press("n")
        assert view.current == 0 and "match 1/" in view.border_subtitle
        await pilot.press("n")
        assert view.current == 1 and view.matches[1] == second
        await pilot.press("N", "N")
        assert view.current == len(view.matches) - 1  # wraps around
        await pilot.press("escape")
        assert app.focused is results(app)
        await pilot.press("escape")
        assert app.focused is bar(app)


@pilot_test
async def test_plugin_annotations_show_inline_on_a_key(make_app):
    app = make_app(("capitals", CapitalsPlugin()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek")
        await pilot.press("enter", "enter")
        await settle(pilot)
        view = reader(app)
        assert view.annotations and not view.show_annotations
        await pilot.press("a")
        assert view.show_annotations and "name " in view.border_subtitle
        body = view.query_one("#reader-body", Static).render()
        first = view.annotations[0]
        assert any(span.start == first.start and span.end == first.end for span in body.spans)
        await pilot.press("a")
        assert not view.show_annotations


@pilot_test
async def test_each_panel_toggles_with_its_key(make_app):
    specs = [PanelSpec("one", "One", "1", Recorder), PanelSpec("two", "Two", "2", Recorder)]
    app = make_app(("panels", PanelsPlugin(*specs)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # out of the search box, where digits are typed
        for key, panel_id in (("1", "one"), ("2", "two")):
            frame = app.explorer.panels.frame(panel_id)
            before = bool(frame.display)
            await pilot.press(key)
            assert bool(frame.display) is not before
            await pilot.press(key)
            assert bool(frame.display) is before


@pilot_test
async def test_filters_add_a_clause_that_finds_exactly_its_count(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek")
        await pilot.press("escape", "f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FilterScreen)
        listing = screen.query_one(OptionList)
        option = listing.get_option_at_index(listing.highlighted)
        count = int(str(option.prompt).split()[0])
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FilterScreen)
        assert bar(app).value == f"deepseek {option.id}"
        assert app.explorer.results.total == count


@pilot_test
async def test_the_results_list_loads_the_next_page_at_its_end(make_app, monkeypatch):
    monkeypatch.setattr(explorer_module, "SEARCH_LIMIT", 2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek")
        assert results(app).option_count == 2 and app.explorer.results.total == 5
        await pilot.press("enter")
        await pilot.press("j")
        await settle(pilot)
        assert results(app).option_count == 4 and results(app).highlighted == 1
        await pilot.press("j", "j")
        await settle(pilot)
        assert results(app).option_count == 5
        assert [h.id for h in app.explorer.results.hits] == [o.id for o in results(app)._options]


@pilot_test
async def test_history_walks_back_and_is_kept_across_runs(make_app, tmp_path):
    path = tmp_path / "history.jsonl"
    app = make_app(history=SearchHistory(path, autosave=False).load())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for query in ("ban", "deepseek"):
            await search(pilot, query)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("slash")
    again = make_app(history=SearchHistory(path).load())
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("up")
        assert bar(again).value == "deepseek"
        await pilot.press("up")
        assert bar(again).value == "ban"
        await pilot.press("down", "down")
        assert bar(again).value == ""
        await settle(pilot)
        await pilot.press("down")  # past the newest: on to the results
        assert again.focused is results(again)


@pilot_test
async def test_help_lists_every_binding_with_its_id_and_the_palette_opens(make_app):
    specs = [PanelSpec("one", "One", "1", Recorder)]
    app = make_app(("panels", PanelsPlugin(*specs)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        ids = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert {"explorer.search", "explorer.filters", "reader.next_match", "search.history_back",
                "results.down", "panel.one"} <= ids
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)


@pilot_test
async def test_a_key_remapped_in_the_config_file_works_and_shows_in_help(make_app, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"reader.next_match" = "ctrl+n"\n"explorer.filters" = "F"\n')
    app = make_app(config=load_config(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek")
        await pilot.press("enter", "enter")
        await settle(pilot)
        view = reader(app)
        await pilot.press("n")
        assert view.current is None  # n no longer jumps
        await pilot.press("ctrl+n")
        assert view.current == 0
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("escape", "question_mark")
        table = app.screen.query_one(DataTable)
        rows = {str(table.get_row_at(i)[2]): str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert rows["reader.next_match"] == "^n"


@pilot_test
async def test_an_unknown_binding_id_in_the_config_is_a_warning(make_app):
    app = make_app(config=Config(keymap={"reader.nxt_match": "x"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("'reader.nxt_match' is not a binding id" in m and "reader.next_match" in m for m in messages)


@pilot_test
async def test_copying_the_citation_of_the_open_article(make_app):
    app = make_app()
    copied = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "c")
        await settle(pilot)
        article = app.explorer.article
        assert copied == [explorer_module.citation(article)]
        assert article.title in copied[0] and article.path in copied[0]
        assert (article.date.isoformat() if article.date else "undated") in copied[0]


@pilot_test
async def test_the_theme_chosen_is_remembered(make_app, tmp_path):
    state = tmp_path / "ui-state.json"
    app = make_app(ui_state=UIState(state).load())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    again = make_app(ui_state=UIState(state).load())
    assert again.theme == "nord"
    # A theme set in the config file later wins over the remembered one.
    third = make_app(ui_state=UIState(state).load(), config=Config(theme="gruvbox"))
    assert third.theme == "gruvbox"


@pilot_test
async def test_at_80x24_the_search_box_stays_visible_with_a_panel_open(make_app):
    specs = [PanelSpec("one", "One", "1", Recorder)]
    app = make_app(("panels", PanelsPlugin(*specs)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek")
        await pilot.press("enter", "enter")
        await settle(pilot)
        if not app.explorer.panels.frame("one").display:
            await pilot.press("1")
            await settle(pilot)

        def check(*widgets):
            search_box = bar(app).region
            assert search_box.height == 3 and search_box.y == 0
            for widget in widgets:
                region = widget.region
                assert region.right <= 80 and region.bottom <= 24 and region.width >= 20, widget

        # Reading: the reader takes the results' place; back: both again.
        assert app.focused is reader(app) and not results(app).region
        check(reader(app), app.explorer.panels)
        await pilot.press("escape")
        await pilot.pause()
        check(results(app), reader(app), app.explorer.panels)


@pilot_test
async def test_the_explorer_searches_a_tantivy_index_the_same(seeds_copy, tmp_path):
    host = PluginHost(third_party=False)
    corpus = open_corpus(seeds_copy, index_dir=tmp_path / "index", extensions=host.extensions(), backend="tantivy")
    corpus.update()
    app = NewsdeskApp(host, corpus, debounce=0, export_dir=tmp_path / "exports")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deepseek AND NOT censorship")
        assert app.explorer.results.total == 3 and results(app).option_count == 3
        assert "· tantivy" in str(app.explorer.status.query_one("#status-text").render())
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert reader(app).article is not None and "DeepSeek" in reader(app).article.body
