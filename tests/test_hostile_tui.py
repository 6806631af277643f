"""Hostile article text in the explorer: the results, the reader, every panel,
the status line, the search box and its history, the palette, the filters,
the conflict screen and exports.  After each step the whole screen, as the
compositor would send it, must hold no control, bidi or zero-width character,
no hyperlink and no `@click` action; markup in articles must show as written;
a 1 MB line and 100,000 paragraphs must open in bounded time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList, Static

import hostile_corpus as hc
from newsdesk.plugins import Annotation, hookimpl
from newsdesk.plugins.manager import PluginHost
from newsdesk.search import Article, open_corpus
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.filters import FilterScreen
from newsdesk.tui.reader import WINDOW, ArticleReader
from newsdesk.tui.results import ResultsList
from newsdesk.tui.search_bar import MemoryHistory, SearchBar

from test_tui_plugins import pilot_test, settle

SIZE = (160, 48)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return hc.indexed(tmp_path_factory, "small")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return hc.indexed(tmp_path_factory, "big")


def make_app(corpus_index, tmp_path, kind="small", plugins=(), **options) -> NewsdeskApp:
    host = PluginHost(third_party=False, disable=hc.DISABLE[kind])
    for name, plugin in plugins:
        host.register(plugin, name=name)
    folder, index = corpus_index
    corpus = open_corpus(folder, index_dir=index, extensions=host.extensions())
    return NewsdeskApp(host, corpus, debounce=0, export_dir=tmp_path / "exports", **options)


def screen(app) -> tuple[str, list]:
    """The text of every cell of the current screen, and the cells' styles."""
    strips = app.screen._compositor.render_strips()
    text = "\n".join("".join(segment.text for segment in strip) for strip in strips)
    return text, [segment.style for strip in strips for segment in strip if segment.style]


def assert_inert(app) -> str:
    text, styles = screen(app)
    assert hc.leaks(text) == [], f"{type(app.screen).__name__} shows {hc.leaks(text)}"
    assert not [style.link for style in styles if style.link], "a hyperlink reached the screen"
    assert not [style.meta for style in styles if style.meta and "@click" in style.meta], "an @click action"
    return text


@pilot_test
async def test_results_reader_panels_and_status_show_articles_as_written(small, tmp_path):
    app = make_app(small, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 6)
        listing = app.explorer.query_one(ResultsList)
        assert listing.option_count == app.explorer.results.total >= 13
        listing.focus()
        for _ in range(listing.option_count):  # every article in the reader, panels following
            await pilot.press("down")
            await settle(pilot, 3)
            assert_inert(app)
        await pilot.press("home")
        await settle(pilot, 3)
        text = assert_inert(app)
        assert "[bold]BOLD[/bold] [@click=app.quit]quit[/]" in text  # markup shown as written
        assert "Evil·Corp" in text  # the hidden override shows as a placeholder
        for title in ("Entities", "Timeline", "Contradictions"):
            assert f"─ {title} ─" in text
        assert "John Smith" in text and "conflicts in" in text and "events in" in text


@pilot_test
async def test_clicking_markup_in_an_article_does_nothing(small, tmp_path):
    app = make_app(small, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 6)
        text, _ = screen(app)
        lines = text.split("\n")
        row = next(n for n, line in enumerate(lines) if "[@click=app.quit]quit" in line)  # in the reader
        column = lines[row].index("[@click=app.quit]quit") + len("[@click=app.quit]")
        await pilot.click(offset=(column, row))
        await settle(pilot)
        assert app.is_running and app.return_code is None


@pilot_test
async def test_panel_views_conflict_screen_and_filter_box(small, tmp_path):
    from newsdesk.plugins.contradictions.panel import ConflictScreen, ContradictionsPanel
    from newsdesk.plugins.entities.panel import EntitiesPanel
    from newsdesk.plugins.timeline.panel import TimelinePanel

    app = make_app(small, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 6)
        entities = app.explorer.query_one(EntitiesPanel)
        entities.query_one(OptionList).focus()
        await pilot.press("down", "m")  # the sentences mentioning an entity
        await settle(pilot)
        assert entities.view == "mentions"
        assert_inert(app)
        await pilot.press("enter")  # opens the article at the mention
        await settle(pilot)
        assert_inert(app)
        timeline = app.explorer.query_one(TimelinePanel)
        box = timeline.query_one(Input)
        box.value = "jo\u200bhn\x1b[2J \u202e"  # pasted
        await settle(pilot)
        assert box.value == "john[2J "
        assert_inert(app)
        box.value = ""
        await settle(pilot)
        conflicts = app.explorer.query_one(ContradictionsPanel)
        conflicts.query_one(OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert_inert(app)
        await pilot.press("y")  # a verdict, and its notification
        await settle(pilot)
        assert_inert(app)


@pilot_test
async def test_search_box_history_and_query_errors(small, tmp_path):
    hostile = "smith \x1b]52;c;ZXZpbA==\x07 jo\u200bhn \u202e[bold]x[/bold]"
    app = make_app(small, tmp_path, history=MemoryHistory([hostile, 'title:"\x1b[2J [@click=app.quit]']))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 6)
        bar = app.explorer.query_one(SearchBar)
        bar.focus()
        await pilot.press("up")  # the unbalanced quote: a query error echoed in the status line
        await settle(pilot)
        assert bar.value == 'title:"[2J [@click=app.quit]'
        text = assert_inert(app)
        assert "[@click=app.quit]" in text
        await pilot.press("up")
        await settle(pilot)
        assert bar.value == "smith ]52;c;ZXZpbA== john [bold]x[/bold]"
        assert_inert(app)
        app.explorer.set_query('entity:"Jo\u200bhn Smith" [bold]')  # as a panel's refine would
        await settle(pilot)
        assert_inert(app)


@pilot_test
async def test_filters_screen_lists_hostile_values_as_written(small, tmp_path):
    app = make_app(small, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 6)
        app.explorer.query_one(ResultsList).focus()
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        text = assert_inert(app)
        assert "Side ]52;c;ZXZpbA== outlet" in text and "bold red]Mallory[/" in text
        await pilot.press("enter")  # adds the first value's clause to the query
        await settle(pilot)
        assert_inert(app)


@pilot_test
async def test_palette_and_every_export_from_the_explorer(small, tmp_path):
    app = make_app(small, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 6)
        app.explorer.query_one(ResultsList).focus()
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"export")
        await settle(pilot)
        assert_inert(app)
        await pilot.press("escape")
        await settle(pilot)
        panels = [frame.spec.id for frame, _ in app.explorer.panel_tables()]
        assert set(panels) >= {"entities", "timeline", "contradictions"}
        for name in app.exporters:
            app.export_results(name)
            for panel in panels:
                app.export_panel(panel, name)
            await settle(pilot)
            assert_inert(app)  # the "written to ..." notifications
    files = sorted((tmp_path / "exports").iterdir())
    assert len(files) == len(app.exporters) * (1 + len(panels))
    for path in files:
        check_export(path.read_text(encoding="utf-8"), path.suffix)


def check_export(text: str, suffix: str) -> None:
    """Valid for its format, inert on a terminal, markup kept from acting."""
    if suffix == ".json":
        json.loads(text)
        assert "\x1b" not in text and "\u202e" not in text  # escaped, not dropped: see test_hostile_output
    elif suffix == ".jsonl":
        [json.loads(line) for line in text.splitlines()]
        assert "\x1b" not in text and "\u202e" not in text
    elif suffix == ".csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len({len(row) for row in rows}) == 1 and hc.leaks(text) == []
    elif suffix == ".md":
        assert hc.leaks(text) == []
        lines = text.splitlines()
        pipes = unescaped(next(line for line in lines if line.startswith("| "))).count("|")
        for line in lines:
            acting = unescaped(line)
            assert set(acting) <= {"|"}, f"unescaped {acting} in {line!r}"
            assert not line.startswith("|") or acting.count("|") == pipes, f"a cell broke the table: {line!r}"
    else:
        raise AssertionError(f"no check for {suffix} exports")


def unescaped(line: str) -> list[str]:
    """The characters of a Markdown line that act as markup (not backslash-escaped)."""
    found, i = [], 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] in "[]<>&*_`|~":
            found.append(line[i])
        i += 1
    return found


class HostileLabels:
    """An analyzer whose annotations carry hostile labels and kinds (plugins'
    data is not cleaned at ingest)."""

    name = "hostile"
    version = "1"

    def analyze(self, article):
        yield Annotation("kind\x1b[31m\u202e", 0, min(5, len(article.body)), "label \x1b]52;c;ZXZpbA==\x07 [bold]")


class HostilePlugin:
    @hookimpl
    def register_analyzers(self, register):
        register(HostileLabels())


@pilot_test
async def test_reader_with_text_that_bypassed_ingest(small, tmp_path):
    app = make_app(small, tmp_path)
    raw = "Raw \x1b[2J\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\ \x07\x9b31m Evil\u202eCorp [@click=app.quit]quit[/]"
    article = Article(id="[@click=app.quit]id\x1b[2J", path="p\x1b[2J.txt", title=raw, authors=[raw],
                      date=dt.date(2024, 1, 2), outlet=raw, url=raw, body=f"{raw}\n\n{raw} quit",
                      paragraphs=[(0, len(raw))], sentences=[(0, len(raw))])
    labels = [Annotation("kind\x1b[31m\u202e", 0, 3, "label \x07 [bold]", analyzer="x\x1b[2J")]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 6)
        app.explorer.current_query = "quit raw"
        app.explorer.show_article(article, annotations=labels, focus=True)
        await settle(pilot)
        await pilot.press("a", "n", "n")  # annotations inline, jump between matches
        await settle(pilot)
        text = assert_inert(app)
        assert "[@click=app.quit]quit[/]" in text and "[@click=app.quit]id[2J" in text  # the id in the subtitle
        await pilot.press("c")  # copy the citation: a notification and OSC 52 of cleaned text
        await settle(pilot)
        assert_inert(app)
        assert hc.leaks(app.clipboard) == []


@pilot_test
async def test_hostile_annotation_labels_from_a_plugin(small, tmp_path):
    folder, _ = small
    host_plugins = [("hostile", HostilePlugin())]
    app = make_app((folder, tmp_path / "index"), tmp_path, plugins=host_plugins)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 8)
        app.explorer.query_one(ResultsList).focus()
        await pilot.press("enter", "a")
        await settle(pilot)
        assert "kind" in str(app.explorer.query_one(ArticleReader).border_subtitle)
        assert_inert(app)


@pilot_test
async def test_a_megabyte_line_and_100000_paragraphs_open_quickly(big, tmp_path):
    app = make_app(big, tmp_path, kind="big")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 4)
        reader = app.explorer.query_one(ArticleReader)
        for article_id in ("paragraphs", "megaline"):
            started = time.perf_counter()
            app.explorer.open_article(article_id, focus=True)
            await settle(pilot, 3)
            opened = time.perf_counter() - started
            assert reader.article.id == article_id and len(reader.article.body) > 900_000
            assert opened < 10, f"{article_id} took {opened:.1f}s to open"
            first, last = reader.window
            assert first == 0 and last <= WINDOW
            assert_inert(app)
            assert body_text(reader).endswith("more characters · ] to read on")
            started = time.perf_counter()
            await pilot.press("right_square_bracket", "right_square_bracket", "left_square_bracket", "G")
            await settle(pilot, 2)
            assert reader.window[0] > 0 and time.perf_counter() - started < 10
            assert body_text(reader).startswith(f"… {reader.window[0]:,} characters above")
            assert_inert(app)
        app.explorer.current_query = "tiny"
        app.explorer.open_article("paragraphs", focus=True)
        await settle(pilot, 3)
        started = time.perf_counter()
        await pilot.press("N")  # the last of 100,000 matches: its part is laid out
        await settle(pilot, 2)
        assert reader.current == len(reader.matches) - 1 == 99_999
        assert reader.window[1] == len(reader.article.body) and time.perf_counter() - started < 10
        assert_inert(app)


def body_text(reader: ArticleReader) -> str:
    visual = reader.query_one("#reader-body", Static).render()
    return getattr(visual, "plain", str(visual))
