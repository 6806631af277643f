"""The hooks a newsdesk plugin can implement: the plugin author's reference.

Implement a hook by decorating a function of the same name with `hookimpl`
in a module or object that you register (built-ins) or expose through the
`newsdesk` entry-point group (third-party packages).
"""

import pluggy

hookspec = pluggy.HookspecMarker("newsdesk")
hookimpl = pluggy.HookimplMarker("newsdesk")


@hookspec
def register_readers(register):
    """Add readers for file formats.

    Call `register(reader)` once per reader.  A reader is any object with:

    - `name`: a short name ("html");
    - `extensions`: a tuple of lower-case extensions with the dot (".html", ".htm");
    - `streams`: True if one file holds many articles (read lazily);
    - `read(source)`: given a `newsdesk.search.SourceFile`, yield
      `newsdesk.search.SourceArticle`s.  Raise `newsdesk.search.ReaderError`
      with a short reason for a file that cannot be read; call
      `source.warn(message)` for a bad part of a file whose other parts are fine.

    When two readers claim an extension, the first registered wins; built-in
    readers are registered first.
    """
