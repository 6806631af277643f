"""newsdesk: a keyboard-driven terminal explorer for corpora of news articles.

The package is assembled from the repository's top-level folders:
`newsdesk.search` (search/, the engine), `newsdesk.plugins` (plugins/),
`newsdesk.tui` (tui/) and this root (the command line).  Importing it is
cheap: nothing heavy loads until a command needs it.
"""

__version__ = "0.1.0"
