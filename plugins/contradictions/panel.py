"""The Contradictions panel of newsdesk's explorer (toggle it with `x`).

It ranks the conflicts that touch the current results: score, type, the two
articles, and the explanation.  Enter shows the two quotes side by side
(outlet, date, who says it, the words that differ highlighted); there `1`
and `2` open either article at its sentence.  `y` marks a conflict confirmed,
`n` dismissed, `u` forgets the verdict, in the list or side by side;
dismissed conflicts are hidden, `h` shows them.  The only module of the
plugin that imports Textual.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from newsdesk.plugins import ExportTable
from newsdesk.plugins.panels import OpenArticle, Panel
from newsdesk.search.text import display_inline, display_line

from . import conflicts
from .claims import content_stem
from .verdicts import Verdicts

MAX_RESULTS = 2000  # the articles of a search the panel looks at
MAX_ROWS = 200
MARKS = {"confirmed": "✓ ", "dismissed": "✗ ", None: ""}


def quote(side: dict, other: dict) -> Text:
    """A side's sentence: the check's spans in reverse video, the words the
    other side does not have in bold."""
    sentence, start = side["sentence"], side["start"]
    theirs = {content_stem(w) for w in re.findall(r"[^\W\d_][\w'’\-]*", other["sentence"])} - {None}
    text = Text(display_inline(sentence))
    for match in re.finditer(r"[^\W\d_][\w'’\-]*|\d[\d,.]*", sentence):
        key = content_stem(match.group())
        if key and key not in theirs:
            text.stylize("bold", match.start(), match.end())
        if match.group()[:1].isdigit():
            text.stylize("bold", match.start(), match.end())
    for span_start, span_end in side.get("highlights", []):
        text.stylize("reverse", max(0, span_start - start), max(0, span_end - start))
    return text


def where(side: dict) -> str:
    parts = [side.get("outlet") or "", side.get("date") or "undated", side["doc"]]
    who = f"says {side['speaker']}" if side.get("speaker") else ""
    return display_line(" · ".join(p for p in parts + [who] if p))


class ConflictScreen(ModalScreen):
    """Two quotes side by side."""

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > #conflict { width: 96%; height: 90%; border: round $primary; background: $surface; }
    ConflictScreen .conflict--head, ConflictScreen .conflict--why { padding: 0 1; height: auto; }
    ConflictScreen .conflict--why { color: $text-muted; }
    ConflictScreen Horizontal { height: 1fr; }
    ConflictScreen VerticalScroll { width: 1fr; border: round $foreground 30%; padding: 0 1; }
    ConflictScreen .conflict--where { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", id="contradictions.close"),
        Binding("1", "open('a')", "Open first", id="contradictions.open_a"),
        Binding("2", "open('b')", "Open second", id="contradictions.open_b"),
        Binding("y", "verdict('confirmed')", "Confirm", id="contradictions.confirm"),
        Binding("n", "verdict('dismissed')", "Dismiss", id="contradictions.dismiss"),
        Binding("u", "verdict(None)", "Undo verdict", id="contradictions.undo"),
    ]

    def __init__(self, record: dict) -> None:
        super().__init__()
        self.record = record

    def compose(self):
        r = self.record
        with VerticalScroll(id="conflict"):
            mark = f"  [{r['verdict']}]" if r.get("verdict") else ""
            yield Static(Text(display_line(f"{r['type']} · score {r['score']:.2f} · {r['id']}{mark}"), style="bold"),
                         classes="conflict--head")
            yield Static(Text(display_line(r["explanation"])), classes="conflict--why")
            with Horizontal():
                for key, label in (("a", "1"), ("b", "2")):
                    side, other = r[key], r["b" if key == "a" else "a"]
                    with VerticalScroll():
                        yield Static(Text(f"{label} · {where(side)}"), classes="conflict--where")
                        yield Static(Text(display_line(side.get("title") or "")), classes="conflict--where")
                        yield Static(quote(side, other))
        yield Footer()

    def action_open(self, key: str) -> None:
        self.dismiss(("open", key))

    def action_verdict(self, verdict: str | None) -> None:
        self.dismiss(("verdict", verdict))


class ContradictionsPanel(Panel):
    DEFAULT_CSS = """
    ContradictionsPanel > OptionList { height: 1fr; border: none; }
    ContradictionsPanel > .contradictions--status { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("y", "verdict('confirmed')", "Confirm", show=False, id="contradictions.list_confirm"),
        Binding("n", "verdict('dismissed')", "Dismiss", show=False, id="contradictions.list_dismiss"),
        Binding("u", "verdict(None)", "Undo verdict", show=False, id="contradictions.list_undo"),
        Binding("h", "toggle_dismissed", "Show dismissed", show=False, id="contradictions.show_dismissed"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.show_dismissed = False
        self.scope = ""
        self._last: tuple[str, object] | None = None  # (query, results) last asked for
        self._stored: list[dict] = []  # every conflict stored, read at index state `_stored_for`
        self._stored_for: int | None = None
        self.problem = ""

    def compose(self):
        yield Static(Text("waiting for a search"), classes="contradictions--status")
        yield OptionList()

    def on_query_changed(self, message) -> None:
        if message.results is not None:
            self._last = (message.query, message.results)
            self.load()

    @work(thread=True, exclusive=True, group="contradictions")
    def load(self) -> None:
        if self._last is None:
            return
        query, results = self._last
        docs = None
        if query:
            ids = [hit.id for hit in results.hits]
            if results.total > len(ids):
                ids = [hit.id for hit in self.corpus.search(query, limit=MAX_RESULTS).hits]
            docs = set(ids)
        try:
            verdicts = Verdicts.of(self.corpus)
            problem = verdicts.warning
        except Exception as error:  # an unreadable verdicts file: say so, list without verdicts
            verdicts, problem = None, str(error)
        state = self.corpus.change_count()
        if self._stored_for != state:  # read the corpus's conflicts once per index state
            self._stored, self._stored_for = conflicts.records(self.corpus), state
        found = conflicts.load(self.corpus, docs=docs, dismissed=self.show_dismissed, stored=self._stored,
                               verdicts=verdicts if verdicts is not None else _NoVerdicts())
        scope = f"{len(docs)} results of {query}" if docs is not None else "the corpus"
        self.app.call_from_thread(self.show_conflicts, found, scope, problem)

    def show_conflicts(self, found: list[dict], scope: str, problem: str = "") -> None:
        self.rows, self.scope, self.problem = found[:MAX_ROWS], scope, problem
        status = f"{len(found)} conflicts in {scope}" if found else f"no conflicts in {scope}"
        if self.show_dismissed:
            status += " (dismissed shown)"
        if problem:
            status += f" · {problem}"
        self.query_one(".contradictions--status", Static).update(Text(display_line(status)))
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options([Option(self.row_text(r), id=f"c{n}") for n, r in enumerate(self.rows)])
        if self.rows:
            listing.highlighted = min(highlighted or 0, len(self.rows) - 1)

    def row_text(self, r: dict) -> Text:
        line = Text()
        line.append(MARKS.get(r.get("verdict"), ""), style="bold")
        line.append(f"{r['score']:.2f} ", style="bold")
        line.append(r["type"], style="italic")
        if r.get("also"):
            line.append(f" +{len(r['also'])}", style="dim")
        docs = r["a"]["doc"] if r["a"]["doc"] == r["b"]["doc"] else f"{r['a']['doc']} / {r['b']['doc']}"
        line.append("\n" + display_line(docs)[:60], style="dim")
        line.append("\n" + display_line(r["explanation"])[:160])
        return line

    def _current(self) -> dict | None:
        option = self.query_one(OptionList).highlighted_option
        return self.rows[int(option.id[1:])] if option is not None and option.id else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            record = self.rows[int(event.option.id[1:])]
            self.app.push_screen(ConflictScreen(record), lambda result: self.after_screen(record, result))

    def after_screen(self, record: dict, result) -> None:
        if not result:
            return
        action, value = result
        if action == "open":
            side = record[value]
            self.post_message(OpenArticle(side["doc"], side["start"]))
        else:
            self.set_verdict(record, value)

    def action_verdict(self, verdict: str | None) -> None:
        record = self._current()
        if record is not None:
            self.set_verdict(record, verdict)

    def set_verdict(self, record: dict, verdict: str | None) -> None:
        try:
            Verdicts.of(self.corpus).set(record, verdict)
        except Exception as error:
            self.notify(display_line(str(error)), severity="error", markup=False)
            return
        self.notify(display_line(f"{record['id']}: {verdict or 'verdict forgotten'}"), markup=False)
        self.load()

    def action_toggle_dismissed(self) -> None:
        self.show_dismissed = not self.show_dismissed
        self.load()

    def export_table(self) -> ExportTable | None:
        if not self.rows:
            return None
        columns = ["id", "score", "type", "explanation", "verdict", "a_doc", "a_sentence", "b_doc", "b_sentence"]
        return ExportTable(kind="contradictions", columns=columns, title="Contradictions", rows=[
            {"id": r["id"], "score": r["score"], "type": r["type"], "explanation": r["explanation"],
             "verdict": r.get("verdict") or "", "a_doc": r["a"]["doc"], "a_sentence": r["a"]["sentence"],
             "b_doc": r["b"]["doc"], "b_sentence": r["b"]["sentence"]} for r in self.rows])


class _NoVerdicts:
    def get(self, conflict_id: str) -> None:
        return None
