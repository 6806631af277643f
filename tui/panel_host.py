"""Where plugin panels live: one titled frame per `PanelSpec`, in a column the
layout places without knowing any panel's name.

The column builds each panel from its spec (a failure to import or construct
it shows in the panel's frame), shows or hides panels (`toggle`), and routes
the explorer's `QueryChanged` / `ArticleSelected` messages only to live,
visible panels whose spec `reacts_to` the event.  A panel shown again gets the
latest event it missed, so hidden panels cost nothing.  Keys are checked by
`panel_bindings` before the screen is built.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from newsdesk.plugins.panels import ArticleSelected, Panel, PanelFailed, QueryChanged
from newsdesk.plugins.specs import PanelSpec
from newsdesk.search.errors import PLUGIN_FAILURES, describe
from newsdesk.search.text import display_line

EVENT_MESSAGES = {"query": QueryChanged, "article": ArticleSelected}
Report = Callable[[str, str], None]


def panel_bindings(specs: Iterable[PanelSpec], taken: dict[str, str], report: Report) -> dict[str, Binding]:
    """Panel id -> the binding of its key, refusing (and reporting) keys that are not a
    single key, or that `taken` (key -> what uses it) or another panel holds."""
    bindings, taken = {}, dict(taken)
    for spec in specs:
        key = str(spec.key or "").strip()
        if not key or "," in key or " " in key:
            report(spec.plugin, f"panel '{spec.id}': '{key}' is not a single key; the panel has no key")
            continue
        if key in taken:
            report(spec.plugin, f"panel '{spec.id}': key '{key}' is already used by {taken[key]}; "
                                "the panel has no key")
            continue
        taken[key] = f"panel '{spec.id}'"
        bindings[spec.id] = Binding(key, f"toggle_panel({spec.id!r})", display_line(spec.title),
                                    id=f"panel.{spec.id}")
    return bindings


class PanelFrame(Vertical):
    """The bordered area of one panel: the panel itself, or the error that
    stopped it."""

    def __init__(self, spec: PanelSpec, corpus: Any, key: str | None) -> None:
        super().__init__(classes="panel-frame")
        self.spec = spec
        self.corpus = corpus
        self.border_title = display_line(spec.title)
        self.border_subtitle = key or ""
        self.panel: Panel | None = None
        self.error: str | None = None
        self.seen: dict[str, int] = {}

    def compose(self):
        try:
            cls = self.spec.widget_class()
            if not (isinstance(cls, type) and issubclass(cls, Panel)):
                raise TypeError(f"{cls!r} is not a subclass of newsdesk.plugins.panels.Panel")
            panel = cls()
        except PLUGIN_FAILURES as error:
            self.error = display_line(f"panel '{self.spec.id}' (plugin '{self.spec.plugin}') "
                                      f"failed: {describe(error)}")
            yield Static(Text(self.error), classes="panel--error")
            return
        panel.spec, panel.corpus = self.spec, self.corpus
        self.panel = panel
        yield panel

    @property
    def alive(self) -> bool:
        return self.panel is not None and self.error is None and self.panel.failed is None

    def on_panel_failed(self, message: PanelFailed) -> None:
        message.stop()
        self.error = message.text

    def deliver(self, kind: str, serial: int, message: Message) -> None:
        if self.alive and kind in self.spec.reacts_to:
            self.seen[kind] = serial
            self.panel.post_message(message)


class PanelColumn(Vertical):
    """All plugin panels, top to bottom; hidden when none is shown."""

    def __init__(self, specs: list[PanelSpec], corpus: Any, keys: dict[str, str], *, id: str | None = None,
                 hidden: set[str] = frozenset()) -> None:
        super().__init__(id=id)
        self.specs = specs
        self.hidden_at_start = set(hidden)  # panel ids the user hid last time
        self.corpus = corpus
        self.keys = keys  # panel id -> its key, for those that have one
        self._latest: dict[str, tuple[int, tuple]] = {}
        self._serial = 0

    def compose(self):
        for spec in self.specs:
            frame = PanelFrame(spec, self.corpus, self.keys.get(spec.id))
            frame.display = spec.id not in self.hidden_at_start
            yield frame

    def on_mount(self) -> None:
        self._update_display()

    @property
    def frames(self) -> list[PanelFrame]:
        return list(self.query_children(PanelFrame))

    def frame(self, panel_id: str) -> PanelFrame | None:
        return next((f for f in self.frames if f.spec.id == panel_id), None)

    def toggle(self, panel_id: str) -> bool | None:
        """Show or hide a panel; returns whether it is now shown (None: no such panel)."""
        frame = self.frame(panel_id)
        if frame is None:
            return None
        frame.display = not frame.display
        if frame.display:
            self._catch_up(frame)
        self._update_display()
        return bool(frame.display)

    def hidden(self) -> list[str]:
        """The ids of the panels hidden now."""
        return [frame.spec.id for frame in self.frames if not frame.display]

    def query_changed(self, query: str, results) -> None:
        self._send("query", query, results)

    def article_selected(self, article) -> None:
        self._send("article", article)

    def _send(self, kind: str, *args: Any) -> None:
        self._serial += 1
        self._latest[kind] = (self._serial, args)
        for frame in self.frames:
            if frame.display:
                frame.deliver(kind, self._serial, EVENT_MESSAGES[kind](*args))

    def _catch_up(self, frame: PanelFrame) -> None:
        for kind, (serial, args) in sorted(self._latest.items(), key=lambda item: item[1][0]):
            if frame.seen.get(kind, 0) < serial:
                frame.deliver(kind, serial, EVENT_MESSAGES[kind](*args))

    def _update_display(self) -> None:
        self.display = any(frame.display for frame in self.frames)
