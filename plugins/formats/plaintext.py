"""Plain-text articles (.txt): the text as it is; ingest finds the metadata."""

from newsdesk.search import SourceArticle


class PlainTextReader:
    name = "text"
    extensions = (".txt", ".text")
    streams = False

    def read(self, source):
        yield SourceArticle(text=source.read_text())
