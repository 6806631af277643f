"""A plugin adds a file format through the `register_readers` hook, exactly as
the built-in formats plugin does."""

from __future__ import annotations

from newsdesk.plugins import hookimpl
from newsdesk.plugins.manager import PluginHost
from newsdesk.search import ReaderError, SourceArticle, open_corpus


class SubtitleReader:
    """A toy format: '.srt'-like files whose text lines become one article."""

    name = "subtitles"
    extensions = (".sub",)
    streams = False

    def read(self, source):
        lines = [l for l in source.read_text().splitlines() if l.strip() and not l.strip().isdigit()]
        if not lines:
            raise ReaderError("no subtitle lines")
        yield SourceArticle(text="\n".join(lines[1:]), title=lines[0])


class GreedyTextReader:
    name = "greedy"
    extensions = (".txt",)
    streams = False

    def read(self, source):
        yield SourceArticle(text="hijacked")


class SubtitlePlugin:
    @hookimpl
    def register_readers(self, register):
        register(SubtitleReader())
        register(GreedyTextReader())


def test_a_plugin_reader_is_used_for_its_extension(tmp_path, seeds_copy):
    host = PluginHost(third_party=False)
    host.register(SubtitlePlugin(), name="subtitles")
    readers = host.readers()
    assert readers.for_path(tmp_path / "x.sub").name == "subtitles"
    # Built-ins are registered first and keep their extensions.
    assert readers.for_path(tmp_path / "x.txt").name == "text"

    (seeds_copy / "film.sub").write_text("Harbour Film\n1\nThe lighthouse keeper waves at the ferry.\n2\nGulls circle.\n")
    (seeds_copy / "empty.sub").write_text("1\n2\n")
    corpus = open_corpus(seeds_copy, index_dir=tmp_path / "idx", readers=readers)
    report = corpus.update()
    assert report.articles == 6
    assert ("empty.sub", "no subtitle lines") in report.skipped
    hit = corpus.search("lighthouse").hits[0]
    assert (hit.id, hit.title) == ("film", "Harbour Film")
    assert corpus.search("hijacked").total == 0


def test_a_reader_that_crashes_is_reported_and_the_rest_indexed(tmp_path, seeds_copy):
    class Broken:
        name = "broken"
        extensions = (".brk",)
        streams = False

        def read(self, source):
            raise RuntimeError("bug in a third-party reader")

    class BrokenPlugin:
        @hookimpl
        def register_readers(self, register):
            register(Broken())

    host = PluginHost(third_party=False)
    host.register(BrokenPlugin(), name="broken")
    (seeds_copy / "x.brk").write_text("anything")
    corpus = open_corpus(seeds_copy, index_dir=tmp_path / "idx", readers=host.readers())
    report = corpus.update()
    assert report.articles == 5
    [(where, why)] = report.skipped
    assert where == "x.brk" and "reader 'broken' failed: RuntimeError" in why
