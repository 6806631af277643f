"""newsdesk's plugin system (pluggy).

`hookspecs` defines what a plugin can add; `manager` builds the plugin manager,
registering the built-in plugins (each in its own folder here) exactly as a
third-party one, then those installed under the `newsdesk` entry-point group.
Plugin authors import `hookimpl` from here:

    from newsdesk.plugins import hookimpl
"""

from .hookspecs import hookimpl, hookspec

__all__ = ["hookimpl", "hookspec"]
