"""Built-in plugin: readers for plain text, Markdown, HTML, JSON and JSON Lines.

It is registered through the same hook a third-party format plugin uses;
read it as the example of `register_readers`.
"""

from newsdesk.plugins import hookimpl

from .html import HtmlReader
from .jsonfmt import JsonLinesReader, JsonReader
from .markdown import MarkdownReader
from .plaintext import PlainTextReader


@hookimpl
def register_readers(register):
    for reader in (PlainTextReader(), MarkdownReader(), HtmlReader(), JsonReader(), JsonLinesReader()):
        register(reader)
