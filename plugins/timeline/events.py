"""Dated events: the time expressions of an article, each with the sentence
around it, as the timeline plugin stores and reads them.

`TimelineAnalyzer` is the plugin's article analyzer.  For every time
expression `timex.find_timexes` finds in the body (resolved against the
article's publication date, or left unresolved when it has none) it stores an
`Annotation(kind="timex")` whose label is the normalised value and whose data
holds the granularity, modifier, anchor, rule and the sentence's offsets.
`events()` turns an article's annotations back into event records, adding the
publication itself (kind "published") and the entities each sentence
mentions when the entities plugin has run (read from its annotations: this
plugin does not depend on it).
"""

from __future__ import annotations

import datetime as dt
import re

from newsdesk.search import Article
from newsdesk.search.extensions import Annotation

from . import timex

KIND = "timex"
ENTITY_ANALYZER = "entities"  # whose annotations name the entities of a sentence, when present
ENTITY_CLUSTERS = "entity_clusters"  # whose `entity:` records give every name of an entity, when present


def sentence_around(article: Article, start: int, end: int) -> tuple[int, int]:
    """The sentence of the body holding [start, end) (the span itself if none)."""
    for s_start, s_end in article.sentences:
        if s_start <= start < s_end:
            return s_start, max(s_end, end)
    return start, end


class TimelineAnalyzer:
    """The `timeline` article analyzer (see the module docstring)."""

    name = "timeline"
    version = "1"

    def analyze(self, article: Article) -> list[Annotation]:
        out = []
        for found in timex.find_timexes(article.body, article.date, sentences=article.sentences or None):
            s_start, s_end = sentence_around(article, found.start, found.end)
            data = found.to_dict()
            for key in ("start", "end", "text"):
                data.pop(key, None)
            data.update({"sentence_start": s_start, "sentence_end": s_end})
            out.append(Annotation(KIND, found.start, found.end, found.value, data))
        return out


def events(article: Article, annotations: list[Annotation]) -> list[dict]:
    """The article's events, in body order, its publication first."""
    entities = [a for a in annotations if a.analyzer == ENTITY_ANALYZER and a.kind == "entity" and a.end > a.start]
    out = []
    source = article.outlet or article.author or ""
    if article.date:
        out.append({"kind": "published", "value": article.date.isoformat(), "granularity": "day", "mod": None,
                    "expression": "", "doc": article.id, "title": article.title, "sentence": "",
                    "start": 0, "end": 0, "anchor": "absolute", "rule": "publication-date", "resolved": True,
                    "entities": [], "source": source})
    for annotation in annotations:
        if annotation.kind != KIND or annotation.analyzer not in ("", TimelineAnalyzer.name):
            continue
        data = annotation.data
        s_start, s_end = data.get("sentence_start", annotation.start), data.get("sentence_end", annotation.end)
        mentioned = sorted({e.label for e in entities if s_start <= e.start < s_end})
        out.append({"kind": "event", "value": annotation.label, "granularity": data.get("granularity"),
                    "mod": data.get("mod"), "expression": article.body[annotation.start:annotation.end],
                    "doc": article.id, "title": article.title, "sentence": article.body[s_start:s_end],
                    "sentence_start": s_start, "start": annotation.start, "end": annotation.end,
                    "anchor": data.get("anchor"), "rule": data.get("rule"), "resolved": data.get("resolved", True),
                    "entities": mentioned, "source": source})
    return out


def entity_aliases(corpus) -> dict[str, set[str]]:
    """Each name an entity goes by (case-folded) -> all its names, from the
    entities plugin's clusters when it ran (empty otherwise): "Wenfeng Liang"
    then finds the sentences that wrote "Liang Wenfeng"."""
    out: dict[str, set[str]] = {}
    for _, data, _ in corpus.corpus_results(ENTITY_CLUSTERS, "entity:"):
        if isinstance(data, dict):
            names = {" ".join(str(n).casefold().split()) for n in [data.get("name"), *data.get("aliases", [])] if n}
            for name in names:
                out.setdefault(name, set()).update(names)
    return out


def mentions(event: dict, wanted: str, aliases: dict[str, set[str]], partial: bool = False) -> bool:
    """Whether an event's sentence names `wanted` (case-folded): one of the
    entities found in it, under any of its names, or the sentence's own words.
    `partial`: part of a name will do ("liang"), as a filter box is typed."""
    if not wanted:
        return True
    names = set()
    for name in event.get("entities", []):
        key = " ".join(name.casefold().split())
        names |= aliases.get(key, {key})
    if partial:
        return any(wanted in name for name in names) or wanted in (event["sentence"] or event.get("title") or "").casefold()
    spelled = aliases.get(wanted, {wanted})
    if names & spelled:
        return True
    text = " ".join((event["sentence"] or "").casefold().split())
    return any(re.search(r"(?<!\w)%s(?!\w)" % re.escape(name), text) for name in spelled)


def span_of(event: dict) -> tuple[dt.date, dt.date] | None:
    """The first and last day an event covers (None when unresolved)."""
    return timex.date_range(event["value"]) if event.get("resolved", True) else None


def sort_key(event: dict):
    """Date order: by first day, finer spans after coarser ones that start the
    same day, unresolved events last; then article and position."""
    span = span_of(event)
    if span is None:
        return (True, dt.date.max, dt.date.max, event["doc"], event["start"])
    return (False, span[0], -(span[1] - span[0]).days, event["doc"], event["start"])


def corpus_events(corpus, ids) -> list[dict]:
    """The events of the articles `ids` (any `newsdesk.search.Corpus`), in date order."""
    found = []
    for article_id in ids:
        found += events(corpus.article(article_id), corpus.annotations(article_id))
    return sorted(found, key=sort_key)
