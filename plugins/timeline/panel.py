"""The Timeline panel of newsdesk's explorer (toggle it with `d`, for dates).

It lays out the events of the current results in date order, grouped by year
and then month, with the events no date anchors (an undated article's "last
year") in their own group at the end.  Each row gives the date, its
granularity and where it comes from (outlet, else author, else article id),
then the sentence with the time expression highlighted; enter opens the
article at that sentence.  Above the list, a one-line histogram counts events
per month, year or decade (whichever fits), and a filter box keeps the events
whose sentence names an entity (typed in part: "liang" matches "Liang
Wenfeng"; the entities plugin's names when it ran, the sentence text always).
The only module of the plugin that imports Textual.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.worker import get_current_worker
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsdesk.plugins import ExportTable
from newsdesk.plugins.panels import Panel
from newsdesk.search.text import display_inline, display_input, display_line

from .events import corpus_events, entity_aliases, mentions, sort_key, span_of

MAX_ARTICLES = 300  # the panel reads the events of at most this many results
MAX_ROWS = 500  # rows listed (the histogram counts them all)
SENTENCE_CHARS = 110  # of the sentence shown around the expression
BARS = "▁▂▃▄▅▆▇█"
COARSE = ("year", "half", "quarter", "season", "decade")


def histogram(events: list[dict], width: int) -> tuple[str, str, str]:
    """(first label, bars, last label) of the resolved events per month, year or
    decade: the finest unit whose bars and labels fit in `width` characters."""
    starts = [span[0] for span in map(span_of, events) if span is not None]
    if not starts:
        return "", "", ""
    first, last = min(starts), max(starts)
    units = [  # (bucket of a day, the buckets from first to last, label of a bucket)
        (lambda d: (d.year, d.month),
         [((first.year * 12 + first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1)
          for i in range((last.year - first.year) * 12 + last.month - first.month + 1)],
         lambda key: f"{key[0]}-{key[1]:02d}"),
        (lambda d: d.year, list(range(first.year, last.year + 1)), str),
        (lambda d: d.year // 10 * 10, list(range(first.year // 10 * 10, last.year // 10 * 10 + 10, 10)),
         lambda key: f"{key}s"),
    ]
    for bucket, buckets, label in units:
        room = width - len(label(buckets[0])) - len(label(buckets[-1])) - 2
        if len(buckets) <= room or bucket is units[-1][0]:
            break
    buckets = buckets[-max(room, 1):]  # decades that still do not fit: the latest ones
    counts = dict.fromkeys(buckets, 0)
    for day in starts:
        if bucket(day) in counts:
            counts[bucket(day)] += 1
    top = max(counts.values()) or 1
    bars = "".join(" " if n == 0 else BARS[min(len(BARS) - 1, (n * len(BARS) - 1) // top)] for n in counts.values())
    return label(buckets[0]), bars, label(buckets[-1])


def group_of(event: dict) -> tuple[str, str | None]:
    """(year heading, month heading or None) an event is listed under."""
    span = span_of(event)
    if span is None:
        return "Unresolved (no date to anchor them)", None
    if event.get("granularity") == "decade":
        return f"{span[0].year}s", None
    if event.get("granularity") in COARSE:
        return str(span[0].year), None
    return str(span[0].year), f"{span[0]:%Y-%m}"


def display_order(event: dict):
    """Date order, but within a year the events of the whole year (or of a
    half, quarter, season) first, then month by month: each row sits under its
    year's heading or its month's."""
    year, month = group_of(event)
    return (span_of(event) is None, year if not year.startswith("Unresolved") else "", month is not None,
            sort_key(event))


def snippet(event: dict) -> Text:
    """The sentence, cut around the expression, with the expression highlighted."""
    if event["kind"] == "published":
        return Text(display_line(f"published: {event.get('title') or ''}"), style="italic")
    sentence, start = event["sentence"], event["sentence_start"]
    left, right = event["start"] - start, event["end"] - start
    begin = max(0, min(left - SENTENCE_CHARS // 3, len(sentence) - SENTENCE_CHARS))
    end = min(len(sentence), begin + SENTENCE_CHARS)
    text = Text("…" if begin else "")
    text.append(display_inline(sentence[begin:left]))
    text.append(display_inline(sentence[left:min(end, right)]), style="bold reverse")
    text.append(display_inline(sentence[min(end, right):end]))
    text.append("…" if end < len(sentence) else "")
    return text


class FilterInput(Input):
    """The filter box: what is pasted into it is made safe to show."""

    def validate_value(self, value: str) -> str:
        return display_input(value)


class TimelinePanel(Panel):
    DEFAULT_CSS = """
    TimelinePanel > Input { height: 1; border: none; padding: 0 1; margin: 0; }
    TimelinePanel > OptionList { height: 1fr; border: none; }
    TimelinePanel > .timeline--status, TimelinePanel > .timeline--histogram { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("i", "filter", "Filter by entity", show=False, id="timeline.filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict] = []  # every event of the results read
        self.rows: list[dict] = []  # the events listed, in order
        self.scope = ""
        self._cache: dict[str, list[dict]] = {}  # article id -> its events
        self._cached_for: int | None = None  # the corpus's change count the cache was read at
        self._aliases: dict[str, set[str]] = {}  # a name -> every name of its entity (entities plugin)

    def compose(self):
        yield Static(Text("waiting for a search"), classes="timeline--status")
        yield Static("", classes="timeline--histogram")
        yield FilterInput(placeholder="filter by entity or name (i)", id="timeline-filter")
        yield OptionList()

    # -- what the explorer tells us ---------------------------------------------------
    def on_query_changed(self, message) -> None:
        if message.results is not None:
            self.load(message.query, message.results)

    @work(thread=True, exclusive=True, group="timeline")
    def load(self, query: str, results) -> None:
        count = self.corpus.change_count()
        if self._cached_for != count:  # the index changed: read events again
            self._cache, self._cached_for = {}, count
            self._aliases = entity_aliases(self.corpus)
        ids = [hit.id for hit in results.hits]
        if results.total > len(ids):
            ids = [hit.id for hit in self.corpus.search(query or "*", limit=MAX_ARTICLES).hits]
        worker = get_current_worker()
        cache = self._cache
        for article_id in ids:
            if worker.is_cancelled:  # a newer search came: leave the corpus to it
                return
            if article_id not in cache:
                found_here = corpus_events(self.corpus, [article_id])
                if worker.is_cancelled:
                    return  # computed for a search (or index state) no longer shown
                cache[article_id] = found_here
        found = [event for article_id in ids for event in cache[article_id]]
        articles = f"{len(ids)} results" if len(ids) >= results.total else \
            f"the first {len(ids)} of {results.total:,} results"
        scope = articles + (f" of {query}" if query else "")
        self.app.call_from_thread(self.show_events, sorted(found, key=sort_key), scope)

    def show_events(self, found: list[dict], scope: str) -> None:
        self.events, self.scope = sorted(found, key=display_order), scope
        self.refresh_rows()

    def refresh_rows(self) -> None:
        wanted = " ".join(self.query_one(Input).value.casefold().split())
        shown = [event for event in self.events if mentions(event, wanted, self._aliases, partial=True)]
        self.rows, options, heads = [], [], set()
        for event in shown[:MAX_ROWS]:
            year, month = group_of(event)
            if year not in heads:
                heads.add(year)
                count = sum(1 for e in shown if group_of(e)[0] == year)
                options.append(Option(Text(f"{year} ({count})", style="bold"), disabled=True))
            if month and (year, month) not in heads:
                heads.add((year, month))
                options.append(Option(Text(f" {month}", style="bold dim"), disabled=True))
            self.rows.append(event)
            options.append(Option(self.row_text(event), id=f"t{len(self.rows) - 1}"))
        what = f"{len(shown)} events" + (f" naming '{wanted}'" if wanted else "") + f" in {self.scope}"
        if len(shown) > MAX_ROWS:
            what += f" (first {MAX_ROWS} listed)"
        self.query_one(".timeline--status", Static).update(Text(display_line(what)))
        first_label, bars, last_label = histogram(shown, max(12, self.size.width - 2))
        line = Text()
        if bars:
            line.append(first_label + " ", style="dim")
            line.append(bars, style="bold")
            line.append(" " + last_label, style="dim")
        self.query_one(".timeline--histogram", Static).update(line)
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        first = next((i for i, option in enumerate(options) if not option.disabled), None)
        if first is not None:
            listing.highlighted = first

    def row_text(self, event: dict) -> Text:
        line = Text()
        line.append(display_line(str(event["value"])), style="bold")
        detail = event.get("granularity") or ""
        if event.get("mod"):
            detail = f"{event['mod'].lower()} {detail}"
        line.append(f" · {detail}", style="dim")
        line.append(" · " + display_line(event.get("source") or event["doc"])[:40], style="italic dim")
        line.append("\n")
        line.append_text(snippet(event))
        return line

    # -- the user -----------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            row = self.rows[int(event.option.id[1:])]
            self.open_article(row["doc"], row.get("sentence_start", row["start"]) if row["kind"] == "event" else None)

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def export_table(self) -> ExportTable | None:
        if not self.rows:
            return None
        columns = ["value", "granularity", "mod", "expression", "doc", "sentence", "start", "end", "anchor", "rule"]
        return ExportTable(kind="timeline", columns=columns,
                           rows=[{key: event.get(key) for key in columns} for event in self.rows], title="Timeline")

