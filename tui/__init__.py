"""newsdesk's Textual explorer (the interactive face of the tool).

The screens live here; they use the engine (`newsdesk.search`) and the panels
that plugins provide, never the other way round.  Nothing in the command-line
search path imports this package.
"""
