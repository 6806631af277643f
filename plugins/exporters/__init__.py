"""Built-in plugin: export formats for search results and panel data.

JSON, JSON Lines, CSV and Markdown, registered through `register_exporters`
exactly as a third-party exporter would be.  `newsdesk search --format NAME`
and the TUI's export commands both use them.
"""

from newsdesk.plugins.hookspecs import hookimpl

from .writers import CsvExporter, JsonExporter, JsonLinesExporter, MarkdownExporter


@hookimpl
def register_exporters(register):
    for exporter in (JsonExporter(), JsonLinesExporter(), CsvExporter(), MarkdownExporter()):
        register(exporter)
