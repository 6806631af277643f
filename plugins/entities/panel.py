"""The Entities panel of newsdesk's explorer (toggle it with `e`).

It lists the entities of the current results, grouped by type, with the
number of articles (among the results) and mentions, and their other names;
`t` switches to the entities of the open article and back.  Enter adds
`entity:"..."` to the query; `m` lists the sentences that mention the
highlighted entity in the results (enter on one opens the article there);
the line under the list names the entities most often mentioned with it.
The only module of the plugin that imports Textual.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from newsdesk.plugins import ExportTable
from newsdesk.plugins.panels import Panel
from newsdesk.search.text import display_line

from .corpus import co_mentions, load_entities

TYPE_LABELS = {"PERSON": "People", "ORG": "Organisations", "GPE": "Places", "LOC": "Places",
               "NORP": "Groups", "PRODUCT": "Products", "EVENT": "Events", "LAW": "Laws"}
PER_TYPE = 15
MAX_MENTIONS = 60


class EntitiesPanel(Panel):
    DEFAULT_CSS = """
    EntitiesPanel > OptionList { height: 1fr; border: none; }
    EntitiesPanel > .entities--status, EntitiesPanel > .entities--related { color: $text-muted; padding: 0 1; }
    EntitiesPanel > .entities--related { height: auto; max-height: 3; }
    """
    BINDINGS = [
        Binding("t", "switch_scope", "Results / article", show=False, id="entities.scope"),
        Binding("m", "mentions", "Mentions", show=False, id="entities.mentions"),
        Binding("backspace", "back", "Back to entities", show=False, id="entities.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mode = "results"  # or "article"; `t` switches
        self.view = "entities"  # or "mentions"
        self.rows: list[dict] = []  # entities shown, or mentions shown
        self.all: list[dict] = []  # every entity of the corpus, loaded once per query
        self._docs: set[str] | None = None  # the result ids (None: no query yet)
        self._article = None
        self._query = ""
        self._entities: list[dict] = []
        self._loaded_for: int | None = None  # the corpus's change count the cache was read at

    def compose(self):
        yield Static(Text("waiting for a search"), classes="entities--status")
        yield OptionList()
        yield Static("", classes="entities--related")

    # -- what the explorer tells us ---------------------------------------------------
    def on_query_changed(self, message) -> None:
        if message.results is None:
            return
        self._query = message.query
        self._docs = {hit.id for hit in message.results.hits}
        if self.mode == "results":
            self.load()

    def on_article_selected(self, message) -> None:
        self._article = message.article
        if self.mode == "article":
            self.load()

    @work(thread=True, exclusive=True, group="entities")
    def load(self) -> None:
        # The corpus's entities are read once, and again only when the index
        # changed: a search must not wait behind tens of thousands of records.
        count = self.corpus.change_count()
        if self._loaded_for != count:
            self._entities, self._loaded_for = load_entities(self.corpus), count
        entities = self._entities
        if self.mode == "article" and self._article is not None:
            wanted, scope = {self._article.id}, f"article {self._article.id}"
        else:
            wanted = self._docs or set()
            scope = f"{len(wanted)} results" + (f" of {self._query}" if self._query else "")
        rows = []
        for entity in entities:
            docs = [d for d in entity["docs"] if d in wanted]
            if docs:
                rows.append({**entity, "here": docs})
        self.app.call_from_thread(self.show_entities, entities, rows, scope)

    def show_entities(self, entities: list[dict], rows: list[dict], scope: str) -> None:
        self.all, self.view = entities, "entities"
        groups: dict[str, list[dict]] = {}
        for row in sorted(rows, key=lambda r: (-len(r["here"]), -r["mentions"], r["name"])):
            groups.setdefault(TYPE_LABELS.get(row["type"], row["type"]), []).append(row)
        self.rows, options = [], []
        order = list(dict.fromkeys(TYPE_LABELS.values()))
        for label, members in sorted(groups.items(), key=lambda g: order.index(g[0]) if g[0] in order else 99):
            options.append(Option(Text(f"{label} ({len(members)})", style="bold"), disabled=True))
            for row in members[:PER_TYPE]:
                self.rows.append(row)
                line = Text(f"{len(row['here']):>3} ", style="dim")
                line.append(display_line(row["name"]))
                line.append(f"  {row['mentions']}×", style="dim")
                if row["aliases"]:
                    line.append("  = " + display_line(", ".join(row["aliases"][:3])), style="italic dim")
                options.append(Option(line, id=f"e{len(self.rows) - 1}"))
        self.query_one(".entities--status", Static).update(
            Text(display_line(f"{len(rows)} entities in the {scope}") if rows else f"no entities in the {scope}"))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        self.query_one(".entities--related", Static).update("")
        first = next((i for i, option in enumerate(options) if not option.disabled), None)
        if first is not None:
            listing.highlighted = first

    # -- the highlighted entity -------------------------------------------------------
    def _current(self) -> dict | None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or not option.id:
            return None
        return self.rows[int(option.id[1:])] if self.view == "entities" else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entity = self._current()
        related = self.query_one(".entities--related", Static)
        if entity is None:
            related.update("")
            return
        names = [display_line(e["name"]) for e, _ in co_mentions(self.all, entity["key"], limit=5)]
        related.update(Text("with: " + ", ".join(names)) if names else "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not event.option.id:
            return
        if self.view == "entities":
            name = self.rows[int(event.option.id[1:])]["name"].replace('"', " ")
            self.add_to_query(f'entity:"{" ".join(name.split())}"')
        else:
            row = self.rows[int(event.option.id[1:])]
            self.open_article(row["article"], row["start"])

    # -- actions -------------------------------------------------------------------------
    def action_switch_scope(self) -> None:
        self.mode = "article" if self.mode == "results" else "results"
        self.load()

    def action_mentions(self) -> None:
        entity = self._current()
        if entity is not None:
            self.load_mentions(entity)

    def action_back(self) -> None:
        if self.view == "mentions":
            self.load()

    @work(thread=True, exclusive=True, group="entities")
    def load_mentions(self, entity: dict) -> None:
        from . import aliases

        names = {aliases.fingerprint(n) for n in [entity["name"], *entity["aliases"]]}
        rows = []
        for doc in entity["here"]:
            article = self.corpus.article(doc)
            for annotation in self.corpus.annotations(doc, analyzer="entities", kind="entity"):
                if annotation.end <= annotation.start or aliases.fingerprint(annotation.label) not in names:
                    continue
                start, end = next(((s, e) for s, e in article.sentences if s <= annotation.start < e),
                                  (annotation.start, annotation.end))
                rows.append({"article": doc, "start": annotation.start, "title": article.title,
                             "sentence": article.body[start:end]})
                if len(rows) >= MAX_MENTIONS:
                    break
        self.app.call_from_thread(self.show_mentions, entity, rows)

    def show_mentions(self, entity: dict, rows: list[dict]) -> None:
        self.view, self.rows = "mentions", rows
        self.query_one(".entities--status", Static).update(
            Text(display_line(f"{entity['name']}: {len(rows)} mentions · backspace: back")))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options([Option(Text(display_line(row["sentence"])[:200]), id=f"m{n}")
                             for n, row in enumerate(rows)])

    def export_table(self) -> ExportTable | None:
        if self.view != "entities" or not self.rows:
            return None
        return ExportTable(kind="entities", columns=["name", "type", "articles", "mentions", "aliases"],
                           rows=[{"name": r["name"], "type": r["type"], "articles": len(r["here"]),
                                  "mentions": r["mentions"], "aliases": "; ".join(r["aliases"])} for r in self.rows],
                           title="Entities")
