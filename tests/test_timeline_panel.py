"""The Timeline panel in the explorer (pilot, workers awaited): the events of
the results in date order under year and month headings, unresolved ones in
their own group, a histogram, the entity filter, enter opening the article at
the sentence, and hostile article text shown as text.  Plus the histogram's
choice of unit, and a snapshot."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Static

from newsdesk.plugins.manager import PluginHost
from newsdesk.plugins.timeline.events import span_of
from newsdesk.plugins.timeline.panel import TimelinePanel, group_of, histogram
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.explorer import ExplorerScreen
from newsdesk.tui.reader import ArticleReader
from newsdesk.tui.search_bar import SearchBar

from test_tui_plugins import pilot_test, search, settle

SIZE = (150, 44)


@pytest.fixture(autouse=True)
def only_the_timeline_panel(monkeypatch):
    """The other built-in panels stay out of these pictures."""
    monkeypatch.setenv("NEWSDESK_DISABLE", "entities,contradictions")


def app_on(folder, tmp_path) -> NewsdeskApp:
    host = PluginHost(third_party=False)
    corpus = host.open_corpus(folder, tmp_path / "index")
    corpus.update()
    return NewsdeskApp(host, corpus, debounce=0, export_dir=tmp_path / "exports")


def panel_of(app) -> TimelinePanel:
    return app.explorer.query_one(TimelinePanel)


def text_of(panel, selector) -> str:
    visual = panel.query_one(selector, Static).render()
    return getattr(visual, "plain", str(visual))


def listed(panel) -> list[str]:
    """The option list as plain lines (headings and rows)."""
    return [option.prompt.plain for option in panel.query_one(OptionList)._options]


@pilot_test
async def test_the_events_of_the_results_in_date_order_grouped_by_year_and_month(seeds_copy, tmp_path):
    app = app_on(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = panel_of(app)
        assert panel.display and panel.rows
        assert text_of(panel, ".timeline--status").startswith(f"{len(panel.events)} events in 5 results")
        resolved = [span_of(e)[0] for e in panel.rows if span_of(e)]
        assert resolved == sorted(resolved)
        unresolved = [e for e in panel.rows if span_of(e) is None]
        assert unresolved and panel.rows[-len(unresolved):] == unresolved  # last, in their own group
        assert any(line.startswith("Unresolved") for line in listed(panel))
        year = month = None  # every row sits under its year (and month) heading
        for option in panel.query_one(OptionList)._options:
            if option.disabled and option.prompt.plain.startswith(" "):
                month = option.prompt.plain.strip()
            elif option.disabled:
                year, month = option.prompt.plain.rsplit(" (", 1)[0], None
            else:
                assert group_of(panel.rows[int(option.id[1:])]) == (year, month)
        published = [e for e in panel.rows if e["kind"] == "published"]
        assert [e["value"] for e in published] == ["2025-03-13"]
        # The histogram spans the first to the last resolved event.
        bars = text_of(panel, ".timeline--histogram")
        assert bars.startswith(str(min(resolved).year)) and any(c in bars for c in "▁▂▃▄▅▆▇█")

        await search(pilot, "altman")
        assert text_of(panel, ".timeline--status").endswith("results of altman")
        hits = {hit.id for hit in app.explorer.results.hits}
        assert panel.rows and {row["doc"] for row in panel.rows} <= hits


@pilot_test
async def test_enter_opens_the_article_at_the_sentence(seeds_copy, tmp_path):
    app = app_on(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = panel_of(app)
        options = panel.query_one(OptionList)
        target = next(i for i, e in enumerate(panel.rows) if e["kind"] == "event" and e["sentence_start"] > 500)
        event = panel.rows[target]
        options.focus()
        options.highlighted = next(i for i, o in enumerate(options._options) if o.id == f"t{target}")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.explorer.query_one(ArticleReader)
        assert app.explorer.article.id == event["doc"] and app.focused is reader
        assert reader.scroll_y > 0  # scrolled to the sentence, not left at the top


@pilot_test
async def test_the_filter_keeps_events_whose_sentence_names_it(seeds_copy, tmp_path):
    app = app_on(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = panel_of(app)
        everything = list(panel.rows)
        panel.query_one(OptionList).focus()
        await pilot.press("i")
        assert app.focused is panel.query_one(Input)
        await pilot.press(*"altman")
        await settle(pilot)
        assert panel.rows and len(panel.rows) < len(everything)
        assert all("altman" in row["sentence"].casefold() or
                   any("altman" in name.casefold() for name in row["entities"]) for row in panel.rows)
        assert "naming 'altman'" in text_of(panel, ".timeline--status")
        await pilot.press("enter")  # back to the list
        assert app.focused is panel.query_one(OptionList)
        panel.query_one(Input).value = ""
        await settle(pilot)
        assert len(panel.rows) == len(everything)


@pilot_test
async def test_hostile_text_is_shown_as_text(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.md").write_text(
        "---\ntitle: \"[bold red]Evil[/] \\u001b]52;c;aGk=\\u0007\"\ndate: 2024-02-01\n---\n\n"
        "On March 3, 2024 the board of [link=https://x.test]Acme[/link] \x1b[31mvoted\x1b[0m to sell its "
        "port terminals, a decision the unions said they would fight in court for as long as it takes.\n")
    app = app_on(folder, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = panel_of(app)
        row = next(e for e in panel.rows if e["kind"] == "event")
        assert row["value"] == "2024-03-03"
        shown = "\n".join(listed(panel))
        assert "[link=https://x.test]Acme[/link]" in shown  # markup shown as typed, not applied
        assert "\x1b" not in shown and "\x07" not in shown


def test_the_histogram_uses_the_finest_unit_that_fits():
    def ev(value):
        return {"value": value, "resolved": True}

    first, bars, last = histogram([ev("2024-01-05"), ev("2024-03"), ev("2024-03-20")], 30)
    assert (first, last) == ("2024-01", "2024-03") and len(bars) == 3 and bars[0] != " " and bars[1] == " "
    assert bars[2] == "█"  # the busiest month gets the tallest bar
    first, bars, last = histogram([ev("1990"), ev("2025-03-13")], 60)
    assert (first, last, len(bars)) == ("1990", "2025", 36)
    first, bars, last = histogram([ev("1900"), ev("2025")], 30)
    assert (first, last, len(bars)) == ("1900s", "2020s", 13)
    assert histogram([{"value": "XXXX-09", "resolved": False}], 30) == ("", "", "")
    assert all(len(f) + len(b) + len(l) + 2 <= 20 for f, b, l in [histogram([ev("1500"), ev("2025")], 20)])


@pytest.fixture
def snapshot_app(seeds_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(ExplorerScreen, "SHOW_TIMINGS", False)
    return app_on(seeds_copy, tmp_path)


def test_snapshot_timeline_panel(snap_compare, snapshot_app):
    async def run_before(pilot):
        pilot.app.explorer.query_one(SearchBar).cursor_blink = False
        await settle(pilot)
        pilot.app.explorer.query_one(TimelinePanel).query_one(Input).cursor_blink = False

    assert snap_compare(snapshot_app, terminal_size=(160, 48), run_before=run_before)
