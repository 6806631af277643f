"""Built-in plugin: the search backends newsdesk ships.

whoosh (the default), tantivy and PostgreSQL, registered through
`register_backends` exactly as a third-party backend would be.  Registering a
backend imports none of its libraries: each says what it is missing
(`Backend.missing`) when its package is not installed.
"""

from newsdesk.plugins.hookspecs import hookimpl
from newsdesk.search.backends import builtin_backends


@hookimpl
def register_backends(register):
    for backend in builtin_backends().values():
        register(backend)
