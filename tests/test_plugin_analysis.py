"""Analyzers, corpus analyzers and index fields from plugins: run at index time,
stored, recomputed only for what changed, and isolated when they fail."""

from __future__ import annotations

import re

import pytest

from newsdesk.plugins import Annotation, IndexField, hookimpl
from newsdesk.plugins.manager import PluginHost
from newsdesk.search import QuerySyntaxError, open_corpus


@pytest.fixture(autouse=True)
def only_the_plugins_under_test(monkeypatch):
    """These tests count what plugins register: the built-in analyzers stay out."""
    monkeypatch.setenv("NEWSDESK_DISABLE", "entities,timeline,contradictions")


CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")


class Names:
    """A toy analyzer: runs of capitalised words, counting the articles it sees."""

    name = "names"

    def __init__(self, version="1", fail_on=None):
        self.version = version
        self.fail_on = fail_on
        self.seen: list[str] = []

    def analyze(self, article):
        self.seen.append(article.id)
        if self.fail_on and self.fail_on in article.body:
            raise ValueError("cannot cope with this article")
        for match in CAPITALISED.finditer(article.body):
            yield Annotation("name", match.start(), match.end(), label=match.group())


def add_paragraph(path, text: str) -> None:
    """A paragraph in the middle of an article (its end may be boilerplate)."""
    old = path.read_text()
    middle = old.index("\n\n", len(old) // 3)
    path.write_text(old[:middle] + "\n\n" + text + old[middle:])


def name_order_free(value: str) -> str:
    """'Wenfeng Liang' and 'Liang Wenfeng' meet: words sorted, case folded."""
    return " ".join(sorted(value.casefold().split()))


class NamesPlugin:
    def __init__(self, analyzer, with_field=True, field_version="1"):
        self.analyzer = analyzer
        self.with_field = with_field
        self.field_version = field_version

    @hookimpl
    def register_analyzers(self, register):
        register(self.analyzer)

    @hookimpl
    def register_fields(self, register):
        if self.with_field:
            register(IndexField("name", "keyword", version=self.field_version, normalise=name_order_free,
                                values=lambda article, found: [a.label for a in found.get("names", [])]))
            register(IndexField("mentions", "number",
                                values=lambda article, found: len(found.get("names", []))))


def corpus_with(folder, index, *plugins):
    host = PluginHost(third_party=False, report=lambda plugin, message: None)
    for number, plugin in enumerate(plugins):
        host.register(plugin, name=f"test{number}")
    return open_corpus(folder, index_dir=index, extensions=host.extensions()), host


def test_annotations_are_stored_and_read_back_without_recomputing(seeds_copy, tmp_path):
    analyzer = Names()
    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", NamesPlugin(analyzer))
    report = corpus.update()
    assert sorted(analyzer.seen) == sorted(p.stem for p in seeds_copy.iterdir())
    article = corpus.article(analyzer.seen[0])
    found = corpus.annotations(article.id)
    assert found and all(a.analyzer == "names" and a.kind == "name" for a in found)
    assert all(article.body[a.start:a.end] == a.label for a in found)
    assert [a.start for a in found] == sorted(a.start for a in found)
    assert report.problems == []

    # A second run over unchanged files analyses nothing.
    analyzer.seen.clear()
    corpus.update()
    assert analyzer.seen == []
    # Another process reads them from the index, with no analyzer loaded at all.
    reader = open_corpus(seeds_copy, index_dir=tmp_path / "idx")
    assert [a.to_dict() for a in reader.annotations(article.id)] == [a.to_dict() for a in found]


def test_only_changed_articles_are_analysed_again(seeds_copy, tmp_path):
    analyzer = Names()
    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", NamesPlugin(analyzer))
    corpus.update()
    target = sorted(seeds_copy.iterdir())[1]
    add_paragraph(target, "Harriet Quimby answered questions about it at a briefing on Monday, officials said.")
    (seeds_copy / "new.txt").write_text("Brand New\n\nToday Oskar Lindqvist spoke to reporters at length.\n")
    analyzer.seen.clear()
    corpus.update()
    assert sorted(analyzer.seen) == sorted([target.stem, "new"])
    assert corpus.search('name:"Harriet Quimby"').hits[0].id == target.stem
    # Deleting an article deletes its annotations.
    (seeds_copy / "new.txt").unlink()
    corpus.update()
    assert corpus.annotations("new") == []


def test_a_new_analyzer_version_reanalyses_everything_without_reading_files(seeds_copy, tmp_path):
    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", NamesPlugin(Names("1")))
    corpus.update()
    newer = Names("2")
    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", NamesPlugin(newer))
    assert corpus.needs_update()
    report = corpus.update()
    assert len(newer.seen) == 5
    assert (report.added, report.changed, report.unchanged, report.reanalysed) == (0, 0, 5, 5)
    assert not corpus.needs_update()


def test_a_plugin_installed_later_analyses_the_existing_index(seeds_copy, tmp_path):
    plain, _ = corpus_with(seeds_copy, tmp_path / "idx")
    plain.update()
    with pytest.raises(QuerySyntaxError, match="unknown field 'name:'"):
        plain.search('name:"Sam Altman"')
    plain.close()

    analyzer = Names()
    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", NamesPlugin(analyzer))
    assert corpus.needs_update()
    report = corpus.update()
    assert report.reanalysed == 5 and len(analyzer.seen) == 5
    assert corpus.search('name:"Sam Altman"').total >= 1
    # Case, spacing and name order are folded on both sides.
    assert corpus.search('name:"altman  SAM"').total == corpus.search('name:"Sam Altman"').total
    assert corpus.search("mentions:>3").total >= 1
    assert corpus.search("mentions:[0 TO 100000]").total == 5


def test_removing_a_plugin_keeps_its_work_for_when_it_comes_back(seeds_copy, tmp_path):
    analyzer = Names()
    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", NamesPlugin(analyzer))
    corpus.update()
    corpus.close()
    without, _ = corpus_with(seeds_copy, tmp_path / "idx")
    assert not without.needs_update()
    without.update()
    # Its field stays searchable; without the plugin's normaliser only the
    # default folding (case, accents, spaces) applies to what the user types.
    assert without.search('name:"ALTMAN  sam"').total >= 1
    assert without.search('name:"sam altman"').total == 0
    without.close()
    analyzer.seen.clear()
    again, _ = corpus_with(seeds_copy, tmp_path / "idx", NamesPlugin(analyzer))
    assert not again.needs_update()
    again.update()
    assert analyzer.seen == []


def test_a_changed_field_reindexes_from_the_store(seeds_copy, tmp_path):
    analyzer = Names()
    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", NamesPlugin(analyzer))
    corpus.update()
    corpus.close()
    analyzer.seen.clear()
    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", NamesPlugin(analyzer, field_version="2"))
    assert corpus.needs_update()
    report = corpus.update()
    assert report.reanalysed == 5
    assert analyzer.seen == []  # annotations were reused
    assert corpus.search("deepseek").total == 5
    assert corpus.search('name:"Sam Altman"').total >= 1


def test_an_analyzer_that_raises_costs_only_its_own_output(seeds_copy, tmp_path):
    victim = sorted(seeds_copy.iterdir())[0]
    word = "Zyxwvut"
    add_paragraph(victim, f"{word} Qwerty said so at the meeting, according to two people present.")
    analyzer = Names(fail_on=word)
    reported = []
    host = PluginHost(third_party=False, report=lambda p, m: reported.append((p, m)))
    host.register(NamesPlugin(analyzer), name="names-plugin")
    corpus = open_corpus(seeds_copy, index_dir=tmp_path / "idx", extensions=host.extensions())
    report = corpus.update()
    assert report.articles == 5
    [(plugin, message)] = report.problems
    assert plugin == "names-plugin"
    assert f"analyzer 'names' failed on article {victim.stem}: ValueError: cannot cope" in message
    assert corpus.annotations(victim.stem) == []
    assert corpus.search(word.lower()).hits[0].id == victim.stem  # still searchable
    assert [(i, a) for i, a, _ in corpus.analysis_errors()] == [(victim.stem, "names")]
    others = [p.stem for p in seeds_copy.iterdir() if p != victim]
    for other in others:
        assert len(corpus.annotations(other)) == len(list(Names().analyze(corpus.article(other))))
    assert sum(len(corpus.annotations(other)) for other in others) > 10
    # The failure is retried on the next run; fixed, it succeeds.
    analyzer.fail_on = None
    analyzer.seen.clear()
    corpus.update()
    assert analyzer.seen == [victim.stem]
    assert corpus.annotations(victim.stem) and corpus.analysis_errors() == []


def test_bad_annotations_are_dropped_and_reported(seeds_copy, tmp_path):
    class Sloppy:
        name = "sloppy"
        version = "1"

        def analyze(self, article):
            return [Annotation("x", 0, 4, "ok"), Annotation("x", 5, len(article.body) + 10, "past the end"),
                    Annotation("x", -1, 3), "not an annotation"]

    class SloppyPlugin:
        @hookimpl
        def register_analyzers(self, register):
            register(Sloppy())

    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", SloppyPlugin())
    report = corpus.update()
    some = corpus.search("deepseek").hits[0].id
    assert [a.label for a in corpus.annotations(some)] == ["ok"]
    assert len(report.problems) == 1 and "failed 15 times" in report.problems[0][1]


def test_batch_analyzers_get_batches_and_a_failing_batch_falls_back(seeds_copy, tmp_path):
    class Batched:
        name = "batched"
        version = "1"
        batches: list[int] = []

        def analyze_batch(self, articles):
            self.batches.append(len(articles))
            if any("Wenfeng" in a.body for a in articles) and len(articles) > 1:
                raise RuntimeError("one bad apple")
            return [[Annotation("len", 0, 1, str(len(a.body)))] for a in articles]

        def analyze(self, article):
            if "Wenfeng" in article.body:
                raise RuntimeError("bad apple")
            return [Annotation("len", 0, 1, str(len(article.body)))]

    class BatchPlugin:
        @hookimpl
        def register_analyzers(self, register):
            register(Batched())

    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", BatchPlugin())
    report = corpus.update()
    assert Batched.batches == [5]
    with_name = {h.id for h in corpus.search("wenfeng", limit=10).hits}
    assert with_name
    for article_id in (p.stem for p in seeds_copy.iterdir()):
        assert bool(corpus.annotations(article_id)) == (article_id not in with_name)
    assert report.problems and "bad apple" in report.problems[0][1]


class Pairs:
    """A toy corpus analyzer: pairs of articles that share a name annotation."""

    name = "pairs"

    def __init__(self, version="1", fail=False):
        self.version = version
        self.fail = fail
        self.calls: list[tuple[set, set]] = []

    def update(self, view, changed, removed):
        self.calls.append((set(changed), set(removed)))
        for article_id in changed:
            for annotation in view.annotations(article_id, kind="name"):
                for other, _ in view.annotations_by_label("name", annotation.label):
                    if other != article_id:
                        first, second = sorted((article_id, other))
                        view.results.put(f"{first}|{second}|{annotation.label}", {"name": annotation.label},
                                         [first, second])
        if self.fail:
            raise RuntimeError("corpus analyzer bug")


class PairsPlugin(NamesPlugin):
    def __init__(self, analyzer, pairs):
        super().__init__(analyzer, with_field=False)
        self.pairs = pairs

    @hookimpl
    def register_corpus_analyzers(self, register):
        register(self.pairs)


def test_corpus_analyzers_are_told_what_changed_and_their_results_are_cached(seeds_copy, tmp_path):
    pairs = Pairs()
    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", PairsPlugin(Names(), pairs))
    corpus.update()
    everything = {p.stem for p in seeds_copy.iterdir()}
    assert pairs.calls == [(everything, set())]
    results = corpus.corpus_results("pairs")
    assert results and all(len(ids) == 2 for _, _, ids in results)

    corpus.update()
    assert len(pairs.calls) == 1  # nothing changed: not called

    (seeds_copy / "echo.txt").write_text("Echo\n\nSam Altman met Liang Wenfeng, people said.\n")
    corpus.update()
    assert pairs.calls[-1] == ({"echo"}, set())
    assert any("echo" in ids for _, _, ids in corpus.corpus_results("pairs"))

    (seeds_copy / "echo.txt").unlink()
    corpus.update()
    assert pairs.calls[-1] == (set(), {"echo"})
    # Records tied to a removed article were dropped before the call.
    assert not any("echo" in ids for _, _, ids in corpus.corpus_results("pairs"))
    assert sorted(corpus.corpus_results("pairs")) == sorted(results)


def test_a_failing_corpus_analyzer_is_rolled_back_and_rerun_in_full(seeds_copy, tmp_path):
    pairs = Pairs(fail=True)
    corpus, _ = corpus_with(seeds_copy, tmp_path / "idx", PairsPlugin(Names(), pairs))
    report = corpus.update()
    assert corpus.corpus_results("pairs") == []  # its half-done work was rolled back
    assert "corpus analyzer 'pairs' failed" in report.problems[0][1]
    assert corpus.search("deepseek").total == 5  # the index itself is fine
    pairs.fail = False
    corpus.update()
    assert len(pairs.calls[-1][0]) == 5 and corpus.corpus_results("pairs")


def test_plugin_fields_cannot_shadow_builtin_ones_or_each_other():
    class Greedy:
        @hookimpl
        def register_fields(self, register):
            register(IndexField("title", "keyword", values=lambda a, f: []))
            register(IndexField("topic", "keyword", values=lambda a, f: []))
            register(IndexField("topic", "text", values=lambda a, f: []))

    reported = []
    host = PluginHost(third_party=False, report=lambda p, m: reported.append((p, m)))
    host.register(Greedy(), name="greedy")
    assert [f.name for f in host.fields()] == ["topic"]
    assert ("greedy", "field 'title' is already provided by newsdesk; ignored") in reported
    assert ("greedy", "field 'topic' is already provided by plugin 'greedy'; ignored") in reported
    with pytest.raises(ValueError, match="kind must be one of"):
        IndexField("x", "colour", values=lambda a, f: [])


def test_hook_problems_are_reported_once_with_the_plugin_name():
    class Typo:
        @hookimpl
        def register_panel(self, register):  # not a hook: register_panels
            pass

    class WrongArguments:
        @hookimpl
        def register_fields(self, register, corpus):
            pass

    class Raises:
        @hookimpl
        def register_analyzers(self, register):
            register(Names())
            raise OSError("disk on fire")

    reported = []
    host = PluginHost(third_party=False, report=lambda p, m: reported.append((p, m)))
    assert host.register(Typo(), name="typo")
    assert not host.register(WrongArguments(), name="wrong")
    host.register(Raises(), name="raises")
    host.analyzers()
    host.analyzers()
    assert reported[0] == ("typo", "implements 'register_panel', which is not a newsdesk hook; ignored")
    assert reported[1][0] == "wrong" and reported[1][1].startswith("failed to load: PluginValidationError")
    assert reported[2:] == [("raises", "register_analyzers failed: OSError: disk on fire")]
    # What the failing hook registered before raising is dropped; others are not affected.
    assert host.analyzers() == [] and host.readers().for_path(__import__("pathlib").Path("a.txt"))
    infos = {info.name: info for info in host.plugin_list()}
    assert infos["raises"].errors == ["register_analyzers failed: OSError: disk on fire"]
    assert infos["formats"].builtin and infos["formats"].hooks == ["register_readers"]
