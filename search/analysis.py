"""Running plugins' analyzers at index time, and keeping what they find.

`ArticleAnalysis` runs the article analyzers on batches of new or changed
articles, checks and stores their annotations, and computes the plugin index
fields from them.  `run_corpus_analyzers` then lets each corpus analyzer see
what changed, through a `View` of the store and its own `Results` cache.

A plugin's failure costs only its own output: an analyzer that raises on an
article leaves that article without its annotations (and it is retried on the
next run), a corpus analyzer that raises has its changes rolled back and runs
in full next time.  Every failure is counted in `Problems` under the plugin's
name and reported once per run.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Iterable

from .article import Article
from .errors import PLUGIN_FAILURES, describe
from .extensions import Annotation, IndexField
from .fields import document_value
from .store import ArticleStore

# Articles handed to an analyzer at once (spaCy's nlp.pipe likes batches).
ANALYSIS_BATCH = 64


def plugin_of(thing) -> str:
    return getattr(thing, "plugin", "") or getattr(thing, "name", "") or type(thing).__name__



class Problems:
    """Plugin failures during one run, counted so each is reported once."""

    def __init__(self):
        self._seen: dict[tuple[str, str], list] = {}

    def add(self, plugin: str, what: str, where: str, error: str) -> None:
        entry = self._seen.setdefault((plugin, what), [0, where, error])
        entry[0] += 1

    def lines(self) -> list[tuple[str, str]]:
        out = []
        for (plugin, what), (count, where, error) in self._seen.items():
            if count == 1:
                out.append((plugin, f"{what} failed on {where}: {error}"))
            else:
                out.append((plugin, f"{what} failed {count} times (first on {where}: {error})"))
        return out


def _annotation_problem(item, body_length: int) -> str | None:
    """What is wrong with an analyzer's output item, or None."""
    if not isinstance(item, Annotation):
        return f"returned a {type(item).__name__}, not an Annotation"
    if not isinstance(item.kind, str) or not item.kind:
        return f"returned an annotation whose kind is {item.kind!r}, not a non-empty string"
    offsets_ok = all(isinstance(n, int) and not isinstance(n, bool) for n in (item.start, item.end))
    if not offsets_ok or not 0 <= item.start <= item.end <= body_length:
        return f"returned an annotation outside the body ({item.start!r}..{item.end!r})"
    if not isinstance(item.data, dict):
        return f"returned annotation data that is a {type(item.data).__name__}, not a dict"
    try:
        json.dumps(item.data, allow_nan=False)
    except (TypeError, ValueError) as error:
        return f"returned annotation data that is not JSON: {error}"
    return None


class ArticleAnalysis:
    def __init__(self, store: ArticleStore, analyzers: list, fields: list[IndexField], problems: Problems):
        self.store = store
        self.analyzers = analyzers
        self.fields = fields
        self.problems = problems
        self.analysed = 0  # article-analyzer runs this session

    def due(self) -> dict[str, set[str]]:
        """For each analyzer, the articles it has not run on at its current
        version (or failed on)."""
        return {a.name: set(self.store.stale(a.name, str(a.version))) for a in self.analyzers}

    def analyse(self, articles: list[Article],
                due: dict[str, set[str]] | None = None) -> dict[str, dict[str, list[Annotation]]]:
        """Run the analyzers on `articles` (all of them, or for each analyzer
        only the ids `due` lists), store the results, and return each
        article's annotations by analyzer, stored ones included."""
        found: dict[str, dict[str, list[Annotation]]] = {a.id: {} for a in articles}
        for analyzer in self.analyzers:
            version = str(analyzer.version)
            todo = articles if due is None else [a for a in articles if a.id in due.get(analyzer.name, ())]
            for article, annotations, error in self._run(analyzer, todo):
                self.store.put_annotations(article.id, analyzer.name, version, annotations, error)
                self.analysed += 1
        for article in articles:
            for annotation in self.store.annotations(article.id):
                found[article.id].setdefault(annotation.analyzer, []).append(annotation)
        return found

    def _run(self, analyzer, articles: list[Article]) -> Iterable[tuple[Article, list[Annotation], str | None]]:
        if not articles:
            return
        batch = getattr(analyzer, "analyze_batch", None)
        if batch is not None:
            try:
                outputs = [list(output) for output in batch(articles)]
                if len(outputs) != len(articles):
                    raise ValueError(f"analyze_batch returned {len(outputs)} results for {len(articles)} articles")
            except PLUGIN_FAILURES as error:
                if not hasattr(analyzer, "analyze"):
                    for article in articles:
                        yield self._failed(analyzer, article, error)
                    return
                # Find the article that breaks the batch by going one at a time.
            else:
                for article, output in zip(articles, outputs):
                    yield article, self._checked(analyzer, article, output), None
                return
        for article in articles:
            try:
                output = list(analyzer.analyze(article))
            except PLUGIN_FAILURES as error:
                yield self._failed(analyzer, article, error)
                continue
            yield article, self._checked(analyzer, article, output), None

    def _failed(self, analyzer, article: Article, error: Exception):
        self.problems.add(plugin_of(analyzer), f"analyzer '{analyzer.name}'", f"article {article.id}", describe(error))
        return article, [], describe(error)

    def _checked(self, analyzer, article: Article, output: list) -> list[Annotation]:
        """Annotations that are well formed and point inside the body; the rest
        are dropped and reported."""
        kept = []
        for item in output:
            problem = _annotation_problem(item, len(article.body))
            if problem:
                self.problems.add(plugin_of(analyzer), f"analyzer '{analyzer.name}'", f"article {article.id}", problem)
                continue
            item.analyzer = analyzer.name
            item.label = "" if item.label is None else str(item.label)
            kept.append(item)
        return kept

    def field_values(self, article: Article, annotations: dict[str, list[Annotation]], schema) -> dict[str, Any]:
        """The plugin fields' values for an article's whoosh document.  Each
        value is tried through its whoosh field first: a value whoosh would
        choke on halfway through a document (a number too large for 64 bits)
        is dropped and reported, never written."""
        values = {}
        for spec in self.fields:
            if spec.name not in schema:
                continue
            try:
                value = document_value(spec, spec.values(article, annotations))
                if value is not None and spec.kind != "text":
                    for _ in schema[spec.name].index(value):
                        pass
            except PLUGIN_FAILURES as error:
                self.problems.add(plugin_of(spec), f"field '{spec.name}'", f"article {article.id}", describe(error))
                continue
            if value is not None:
                values[spec.name] = value
        return values


# -- corpus analyzers -----------------------------------------------------
class Results:
    """One corpus analyzer's cache in the store (the `CorpusResults` protocol)."""

    def __init__(self, store: ArticleStore, analyzer: str):
        self.store = store
        self.analyzer = analyzer

    def put(self, key: str, data: Any, article_ids: Iterable[str] = ()) -> None:
        self.store.put_result(self.analyzer, str(key), data, sorted(set(article_ids)))

    def get(self, key: str) -> Any | None:
        return self.store.get_result(self.analyzer, str(key))

    def delete(self, key: str) -> None:
        self.store.delete_result(self.analyzer, str(key))

    def delete_for_articles(self, article_ids: Iterable[str]) -> list[str]:
        keys = self.store.results_for_articles(self.analyzer, article_ids)
        for key in keys:
            self.store.delete_result(self.analyzer, key)
        return keys

    def items(self, prefix: str = "") -> Iterable[tuple[str, Any, list[str]]]:
        return list(self.store.results(self.analyzer, prefix))

    def clear(self) -> None:
        self.store.clear_results(self.analyzer)


class View:
    """What a corpus analyzer sees of the corpus (the `CorpusView` protocol)."""

    def __init__(self, store: ArticleStore, analyzer: str):
        self.store = store
        self.results = Results(store, analyzer)

    def article_ids(self) -> list[str]:
        return self.store.ids()

    def article(self, article_id: str) -> Article | None:
        return self.store.get(article_id)

    def annotations(self, article_id: str, analyzer: str | None = None, kind: str | None = None) -> list[Annotation]:
        return self.store.annotations(article_id, analyzer, kind)

    def annotations_by_label(self, kind: str, label: str) -> list[tuple[str, Annotation]]:
        return self.store.annotations_by_label(kind, label)

    def results_of(self, analyzer: str, prefix: str = "") -> list[tuple[str, Any, list[str]]]:
        return list(self.store.results(analyzer, prefix))


def run_corpus_analyzers(store: ArticleStore, analyzers: list, problems: Problems) -> list[str]:
    """Bring each corpus analyzer up to date with the store's change log;
    returns the names of those that ran.

    An analyzer sees the articles changed or removed since the last change it
    saw (all of them when it is new or its version changed).  Records tied to
    those articles are dropped before `update` is called, so an analyzer only
    has to add what the changed articles bring.  Each analyzer's work is
    committed on its own; one that raises has its work rolled back and is
    reported, and sees the same changes again on the next run.  An interrupt
    (Ctrl-C) rolls back the analyzer it stopped and is raised again."""
    ran = []
    newest = store.last_change()
    for analyzer in analyzers:
        name, version = analyzer.name, str(analyzer.version)
        previous, seen = store.corpus_analyzer_state(name)
        if previous != version:
            todo, gone = set(store.ids()), set()
        elif seen < newest:
            todo, gone = store.changes_since(seen)
        else:
            continue
        view = View(store, name)
        store.commit()
        store.db.execute("SAVEPOINT corpus_analyzer")
        try:
            if previous != version:
                view.results.clear()
            else:
                view.results.delete_for_articles(todo | gone)
            analyzer.update(view, todo, gone)
            store.set_corpus_analyzer_state(name, version, newest)
        except BaseException as error:
            _roll_back(store)
            if not isinstance(error, PLUGIN_FAILURES):
                raise
            problems.add(plugin_of(analyzer), f"corpus analyzer '{name}'", f"{len(todo | gone)} changed articles",
                         describe(error))
        else:
            store.db.execute("RELEASE corpus_analyzer")
            store.commit()
        ran.append(name)
    store.prune_changes(keep_for=max(store.count(), 1000))
    store.commit()
    return ran


def _roll_back(store: ArticleStore) -> None:
    """Undo a corpus analyzer's writes (its savepoint), whatever state it left."""
    try:
        store.db.execute("ROLLBACK TO corpus_analyzer")
        store.db.execute("RELEASE corpus_analyzer")
    except Exception:  # the savepoint is gone (the transaction was ended)
        store.rollback()


def group_by_analyzer(annotations: list[Annotation]) -> dict[str, list[Annotation]]:
    grouped: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        grouped[annotation.analyzer].append(annotation)
    return dict(grouped)
