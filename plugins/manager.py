"""Building the plugin manager and collecting what plugins provide.

Built-in plugins are listed in `BUILTIN_PLUGINS` and registered exactly as a
third-party plugin would be; third-party plugins come from the `newsdesk`
entry-point group.  A plugin that fails to load is reported and skipped.
"""

from __future__ import annotations

import importlib
import sys

import pluggy

from newsdesk.search import ReaderRegistry

from . import hookspecs

BUILTIN_PLUGINS = ("newsdesk.plugins.formats",)
ENTRY_POINT_GROUP = "newsdesk"


def get_plugin_manager(load_entry_points: bool = True) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("newsdesk")
    pm.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if load_entry_points:
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as error:  # one broken plugin must not take newsdesk down
            print(f"newsdesk: a plugin failed to load: {type(error).__name__}: {error}", file=sys.stderr)
    return pm


def reader_registry(pm: pluggy.PluginManager) -> ReaderRegistry:
    """Every reader the registered plugins provide, built-ins first."""
    readers = []
    # get_hookimpls() lists plugins in registration order, built-ins first.
    # (Calling the hook instead would run the latest registered first.)
    for impl in pm.hook.register_readers.get_hookimpls():
        impl.function(register=readers.append)
    return ReaderRegistry(readers)
