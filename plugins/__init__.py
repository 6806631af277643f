"""newsdesk's plugin system (pluggy): everything a plugin author imports.

`hookspecs` defines what a plugin can add (read it: it is the reference);
`manager` loads the built-in plugins (each in its own folder here) exactly as
third-party ones, then those installed under the `newsdesk` entry-point group.

    from newsdesk.plugins import hookimpl, Annotation, IndexField, PanelSpec
"""

from newsdesk.search.extensions import Annotation, IndexField

from .hookspecs import hookimpl, hookspec
from .specs import ExportTable, PaletteCommand, PanelSpec


def open_corpus(path=None, index=None):
    """Open a corpus with every loaded plugin's readers, analyzers and fields
    (for plugin CLI commands).  `path` defaults to $NEWSDESK_CORPUS, then the
    bundled seeds; `index` to $NEWSDESK_INDEX, then the per-corpus default."""
    from .manager import current_host

    return current_host().open_corpus(path, index)


__all__ = ["Annotation", "ExportTable", "IndexField", "PaletteCommand", "PanelSpec",
           "hookimpl", "hookspec", "open_corpus"]
