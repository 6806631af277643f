"""Plugins cannot make the index lose work: interrupted rebuilds, interrupted
corpus analyzers, plugins switched off and on, and malformed plugin output.

Ctrl-C is simulated by a plugin raising KeyboardInterrupt at a chosen point,
which is exactly what the interpreter does when the user presses it there."""

from __future__ import annotations

import datetime as dt

import pytest

from newsdesk.plugins import Annotation, IndexField, hookimpl
from newsdesk.plugins.manager import PluginHost
from newsdesk.search import indexer as indexer_module
from newsdesk.search import open_corpus


@pytest.fixture(autouse=True)
def only_the_plugins_under_test(monkeypatch):
    """These tests count what plugins register: the built-in analyzers stay out."""
    monkeypatch.setenv("NEWSDESK_DISABLE", "entities,timeline,contradictions")


def corpus_with(folder, index, *plugins, reported=None):
    host = PluginHost(third_party=False, report=lambda p, m: reported.append((p, m)) if reported is not None else None)
    for number, plugin in enumerate(plugins):
        host.register(plugin, name=getattr(plugin, "NAME", f"test{number}"))
    return open_corpus(folder, index_dir=index, extensions=host.extensions())


NATO = ("alpha", "bravo", "charlie", "delta")


class FieldPlugin:
    """A keyword field `tag` holding the NATO words in each article, optionally
    interrupting (Ctrl-C) after `stop_after` articles."""

    NAME = "tags"

    def __init__(self, version="1", stop_after=None):
        self.version = version
        self.stop_after = stop_after
        self.seen = 0

    def values(self, article, found):
        self.seen += 1
        if self.stop_after is not None and self.seen > self.stop_after:
            raise KeyboardInterrupt
        return [word for word in article.body.split() if word in NATO]

    @hookimpl
    def register_fields(self, register):
        register(IndexField("tag", "keyword", values=self.values, version=self.version))


class Recorder:
    """A corpus analyzer that keeps each article's first line and records its calls."""

    name = "recorder"

    def __init__(self, version="1", interrupt=False):
        self.version = version
        self.interrupt = interrupt
        self.calls: list[tuple[set, set]] = []

    def update(self, view, changed, removed):
        self.calls.append((set(changed), set(removed)))
        for article_id in changed:
            view.results.put(article_id, view.article(article_id).body.split()[-1], [article_id])
        if self.interrupt:
            raise KeyboardInterrupt


class RecorderPlugin:
    NAME = "recorder"

    def __init__(self, recorder):
        self.recorder = recorder

    @hookimpl
    def register_corpus_analyzers(self, register):
        register(self.recorder)


def write(folder, name, body):
    (folder / name).write_text(f"A story called {name.split('.')[0]}\n\n{body}\n")


@pytest.fixture
def small(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder, "a.txt", "alpha words about cats and dogs.")
    write(folder, "b.txt", "bravo words about ships.")
    write(folder, "c.txt", "charlie words about trains.")
    return folder


# -- rebuilding whoosh for a field ----------------------------------------
def test_an_interrupted_field_rebuild_leaves_the_old_index_answering(small, tmp_path):
    index = tmp_path / "idx"
    corpus = corpus_with(small, index)
    corpus.update()
    assert corpus.search("words").total == 3
    corpus.close()

    corpus = corpus_with(small, index, FieldPlugin(stop_after=1))
    with pytest.raises(KeyboardInterrupt):
        corpus.update()
    corpus.close()
    # The index still opens and answers as before the attempt.
    corpus = corpus_with(small, index)
    assert corpus.search("words").total == 3
    corpus.close()

    corpus = corpus_with(small, index, FieldPlugin())
    assert corpus.needs_update()
    corpus.update()
    assert corpus.search("tag:bravo").total == 1 and corpus.search("words").total == 3
    assert not (index / "whoosh.new").exists() and not (index / "whoosh.old").exists()


def test_fields_are_recorded_only_when_every_article_has_them(small, tmp_path, monkeypatch):
    """An intermediate commit during a rebuild must not claim the field is built."""
    monkeypatch.setattr(indexer_module, "BATCH_ARTICLES", 1)
    index = tmp_path / "idx"
    corpus_with(small, index).update()
    write(small, "d.txt", "delta words about planes.")
    corpus = corpus_with(small, index, FieldPlugin(stop_after=2))
    with pytest.raises(KeyboardInterrupt):
        corpus.update()
    corpus.close()
    corpus = corpus_with(small, index, FieldPlugin())
    assert corpus.needs_update()
    corpus.update()
    assert [corpus.search(f"tag:{word}").total for word in ("alpha", "bravo", "charlie", "delta")] == [1, 1, 1, 1]


def test_a_field_plugin_switched_off_while_articles_arrive_fills_them_in_when_back(small, tmp_path):
    index = tmp_path / "idx"
    corpus_with(small, index, FieldPlugin()).update()
    write(small, "d.txt", "delta words about planes.")
    corpus = corpus_with(small, index)  # the plugin is off
    corpus.update()
    corpus.close()
    corpus = corpus_with(small, index, FieldPlugin())
    assert corpus.needs_update()
    corpus.update()
    assert corpus.search("tag:delta").total == 1 and corpus.search("tag:alpha").total == 1
    # A run with the plugin off that indexes nothing new costs nothing later.
    corpus.close()
    corpus_with(small, index).update()
    assert not corpus_with(small, index, FieldPlugin()).needs_update()


def test_a_field_value_whoosh_cannot_hold_is_dropped_for_that_article(small, tmp_path):
    class Huge:
        @hookimpl
        def register_fields(self, register):
            register(IndexField("size", "number",
                                values=lambda article, found: 2 ** 70 if article.id == "b" else len(article.body)))

    reported = []
    corpus = corpus_with(small, tmp_path / "idx", Huge(), reported=reported)
    report = corpus.update()
    assert corpus.search("words").total == 3
    assert corpus.search("size:>0").total == 2
    assert any("field 'size' failed on article b" in message for _, message in report.problems)


# -- corpus analyzers ------------------------------------------------------
def test_an_interrupted_corpus_analyzer_gets_the_same_changes_next_time(small, tmp_path):
    index = tmp_path / "idx"
    recorder = Recorder()
    corpus_with(small, index, RecorderPlugin(recorder)).update()
    write(small, "a.txt", "alpha rewritten.")
    recorder.interrupt = True
    with pytest.raises(KeyboardInterrupt):
        corpus_with(small, index, RecorderPlugin(recorder)).update()
    # What it wrote before the interrupt was rolled back, not committed.
    recorder.interrupt = False
    corpus = corpus_with(small, index, RecorderPlugin(recorder))
    assert dict((k, d) for k, d, _ in corpus.corpus_results("recorder"))["a"] == "dogs."
    assert corpus.needs_update()
    corpus.update()
    assert recorder.calls[-1] == ({"a"}, set())
    assert dict((k, d) for k, d, _ in corpus.corpus_results("recorder"))["a"] == "rewritten."
    assert not corpus.needs_update()


def test_an_article_moving_to_another_file_is_a_change_not_a_removal(small, tmp_path):
    index = tmp_path / "idx"
    recorder = Recorder()
    corpus = corpus_with(small, index, RecorderPlugin(recorder))
    corpus.update()
    (small / "a.txt").unlink()
    (small / "a.md").write_text("# Moved\n\nalpha, now in markdown.\n")
    corpus.update()
    assert recorder.calls[-1] == ({"a"}, set())
    assert dict((k, d) for k, d, _ in corpus.corpus_results("recorder"))["a"] == "markdown."


def test_a_corpus_analyzer_switched_off_catches_up_when_back(small, tmp_path):
    index = tmp_path / "idx"
    recorder = Recorder()
    corpus_with(small, index, RecorderPlugin(recorder)).update()
    write(small, "d.txt", "delta words.")
    (small / "b.txt").unlink()
    corpus_with(small, index).update()  # the plugin is off
    corpus = corpus_with(small, index, RecorderPlugin(recorder))
    assert corpus.needs_update()
    corpus.update()
    assert recorder.calls[-1] == ({"d"}, {"b"})
    assert sorted(k for k, _, _ in corpus.corpus_results("recorder")) == ["a", "c", "d"]


def test_a_new_field_does_not_make_corpus_analyzers_start_over(small, tmp_path):
    index = tmp_path / "idx"
    recorder = Recorder()
    corpus_with(small, index, RecorderPlugin(recorder)).update()
    corpus_with(small, index, RecorderPlugin(recorder), FieldPlugin()).update()
    assert len(recorder.calls) == 1


# -- malformed plugin output -------------------------------------------------
def test_malformed_annotations_are_dropped_and_the_rest_kept(small, tmp_path):
    class Sloppy:
        name = "sloppy"
        version = "1"

        def analyze(self, article):
            return [
                Annotation("good", 0, 5, "fine"),
                Annotation(None, 0, 1),
                Annotation("k", True, 2),
                Annotation("k", 0, 1, data={"when": dt.date(2025, 1, 1)}),
                Annotation("k", 0, 1, data=["not", "a", "dict"]),
                Annotation("k", 0, 1, data={"nan": float("nan")}),
            ]

    class Plugin:
        @hookimpl
        def register_analyzers(self, register):
            register(Sloppy())

    corpus = corpus_with(small, tmp_path / "idx", Plugin())
    report = corpus.update()
    assert corpus.search("words").total == 3
    assert [a.kind for a in corpus.annotations("a")] == ["good"]
    # Five bad annotations in each of three articles, reported once, counted.
    assert [plugin for plugin, _ in report.problems] == ["test0"]
    assert "analyzer 'sloppy' failed 15 times" in report.problems[0][1]


def test_unusable_registrations_are_refused_at_registration():
    class NoName:
        name = None
        version = "1"

        def analyze(self, article):
            return []

    class TupleName(NoName):
        name = ("a", "b")

    class NoVersion(NoName):
        name = "no-version"
        version = None

    class NoMethod:
        name = "lazy"
        version = "1"

    class PluginAttributeRaises(NoName):
        name = "prickly"

        @property
        def plugin(self):
            raise RuntimeError("no")

    class Good(NoName):
        name = "good"

    class Registers:
        @hookimpl
        def register_analyzers(self, register):
            for thing in (NoName(), TupleName(), NoVersion(), NoMethod(), PluginAttributeRaises(), Good()):
                register(thing)

    class Exits:
        @hookimpl
        def register_analyzers(self, register):
            raise SystemExit(3)

    reported = []
    host = PluginHost(third_party=False, report=lambda p, m: reported.append((p, m)))
    host.register(Registers(), name="registers")
    host.register(Exits(), name="exits")
    assert [a.name for a in host.analyzers()] == ["prickly", "good"]
    messages = [m for _, m in reported]
    assert any("non-empty string 'name', not None" in m for m in messages)
    assert any("non-empty string 'name', not ('a', 'b')" in m for m in messages)
    assert any("analyzer 'no-version' needs a 'version'" in m for m in messages)
    assert any("analyzer 'lazy' has no analyze or analyze_batch method" in m for m in messages)
    assert ("exits", "register_analyzers failed: SystemExit: 3") in reported


# -- keyword values in queries ---------------------------------------------------
def test_keyword_values_with_commas_and_normalisers_that_fail(small, tmp_path):
    values = {"a": ["Smith, John", "Hugging  Face"], "b": ["OpenAI"]}

    def picky(value: str) -> str:
        if "!" in value:
            raise ValueError("cannot normalise that")
        return " ".join(value.casefold().split())

    class Plugin:
        @hookimpl
        def register_fields(self, register):
            register(IndexField("tag", "keyword", values=lambda article, found: values.get(article.id, []),
                                normalise=picky))

    corpus = corpus_with(small, tmp_path / "idx", Plugin())
    corpus.update()
    for query in ('tag:"Smith, John"', 'tag:"smith john"', 'tag:"SMITH,JOHN"', 'tag:"hugging face"', "tag:smi*"):
        assert [hit.id for hit in corpus.search(query).hits] == ["a"], query
    assert corpus.search("tag:smith").total == 0  # a value is matched whole
    assert corpus.search('tag:"OpenAI!"').total == 0  # the normaliser failed: folded by default, no error


# -- aliases found across the corpus ----------------------------------------------
def test_a_keyword_field_with_aliases_finds_every_key_of_the_same_thing(small, tmp_path):
    """An alias set kept by a corpus analyzer applies to every search, no re-indexing."""
    groups = [["alpha", "alfa", "the first letter"]]

    class Aliases:
        name = "aliasmaker"
        version = "1"

        def update(self, view, changed, removed):
            view.results.clear()
            for keys in groups:
                for key in keys:
                    view.results.put(f"alias:{key}", {"keys": keys})

    class Plugin:
        @hookimpl
        def register_fields(self, register):
            register(IndexField("tag", "keyword", aliases="aliasmaker",
                                values=lambda article, found: [w for w in article.body.split() if w in NATO]))

        @hookimpl
        def register_corpus_analyzers(self, register):
            register(Aliases())

    write(small, "d.txt", "alfa is how some spell it.")
    corpus = corpus_with(small, tmp_path / "idx", Plugin())
    corpus.update()
    assert [h.id for h in corpus.search("tag:alfa").hits] == ["a"]  # alfa is an alias of alpha
    assert corpus.search("tag:alpha").total == 1
    groups[0] = ["alpha", "bravo"]  # the analyzer now says alpha and bravo are one thing
    (small / "c.txt").write_text((small / "c.txt").read_text() + "\nmore.\n")  # a change makes it run
    corpus.update()
    assert sorted(h.id for h in corpus.search("tag:alpha").hits) == ["a", "b"]
    assert sorted(h.id for h in corpus.search('tag:"Bravo" AND words').hits) == ["a", "b"]
    assert corpus.search("tag:charlie").total == 1  # no alias set: the value alone
