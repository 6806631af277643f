"""The plugin host: finds plugins, loads them one by one, and collects what they add.

Built-in plugins are listed in `BUILTIN_PLUGINS` and registered exactly as a
third-party plugin is; third-party plugins come from the `newsdesk`
entry-point group.  Which third-party plugins load is decided from entry-point
metadata alone (nothing is imported to be skipped):

- `NEWSDESK_PLUGINS` unset: all of them; set to a comma-separated list: only
  those (by entry-point or distribution name); set but empty: none.
- `--no-plugins` (the CLI) is the same as an empty `NEWSDESK_PLUGINS`.
- `NEWSDESK_DISABLE`: comma-separated names of plugins, built-in ones included,
  never to load.

Fault isolation: a plugin that fails to import, or raises in a hook, is
reported once through `report` with its name, and everything else goes on.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from typing import Callable, Iterable

import pluggy

import newsdesk
from newsdesk.search import ReaderRegistry
from newsdesk.search.errors import describe
from newsdesk.search.extensions import Extensions, IndexField
from newsdesk.search.schema import BUILTIN_FIELDS

from . import hookspecs
from .specs import PaletteCommand, PanelSpec

BUILTIN_PLUGINS = (
    "newsdesk.plugins.backends",
    "newsdesk.plugins.formats",
    "newsdesk.plugins.exporters",
    "newsdesk.plugins.entities",
    "newsdesk.plugins.timeline",
    "newsdesk.plugins.contradictions",
)
ENTRY_POINT_GROUP = "newsdesk"

Report = Callable[[str, str], None]  # (plugin name, message)


def stderr_report(plugin: str, message: str) -> None:
    from newsdesk.search.text import display_line

    print(f"newsdesk: plugin '{display_line(plugin)}': {display_line(message)}", file=sys.stderr)


@dataclass
class PluginInfo:
    """One plugin as `newsdesk plugins list` shows it."""

    name: str
    builtin: bool
    module: str
    distribution: str | None = None
    version: str | None = None
    enabled: bool = True  # False: left out by NEWSDESK_PLUGINS, --no-plugins or NEWSDESK_DISABLE
    loaded: bool = False
    hooks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.name, "version": self.version, "builtin": self.builtin,
                "distribution": self.distribution, "module": self.module, "enabled": self.enabled,
                "loaded": self.loaded, "hooks": self.hooks,
                "error": "; ".join(self.errors) if self.errors else None}


def third_party_entry_points() -> list[metadata.EntryPoint]:
    """The `newsdesk` entry points installed, read from metadata only."""
    seen, found = set(), []
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry.name not in seen:  # one distribution installed twice on sys.path
            seen.add(entry.name)
            found.append(entry)
    return sorted(found, key=lambda e: e.name)


def _names(value: str | None) -> set[str] | None:
    """The names in a comma-separated setting, normalised (None: not set)."""
    if value is None:
        return None
    return {normalised_name(part) for part in value.split(",") if part.strip()}


def normalised_name(name: str) -> str:
    """Names compare as PyPI's do: case, '-', '_' and '.' alike."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


class PluginHost:
    """A pluggy manager with newsdesk's plugins loaded, and what they provide."""

    def __init__(self, third_party: bool = True, report: Report = stderr_report,
                 allow: str | None = None, disable: str | None = None):
        self.pm = pluggy.PluginManager("newsdesk")
        self.pm.add_hookspecs(hookspecs)
        self.report = report
        self.problems: list[tuple[str, str]] = []  # everything reported, in order
        self._reported: set[tuple[str, str]] = set()
        self.infos: dict[str, PluginInfo] = {}
        allowed = _names(os.environ.get("NEWSDESK_PLUGINS") if allow is None else allow)
        if not third_party:
            allowed = set()
        blocked = _names(os.environ.get("NEWSDESK_DISABLE") if disable is None else disable) or set()
        for module in BUILTIN_PLUGINS:
            name = module.rsplit(".", 1)[-1]
            info = PluginInfo(name, True, module, "newsdesk", newsdesk.__version__,
                              enabled=normalised_name(name) not in blocked)
            self.infos[name] = info
            if info.enabled:
                self._load(info, lambda module=module: importlib.import_module(module))
        for entry in third_party_entry_points():
            dist = entry.dist.name if entry.dist else None
            info = PluginInfo(entry.name, False, entry.value, dist, entry.dist.version if entry.dist else None)
            names = {normalised_name(entry.name), normalised_name(dist or entry.name)}
            info.enabled = not names & blocked and (allowed is None or bool(names & allowed))
            if entry.name in self.infos:
                info.enabled = False
                info.errors.append(f"the name '{entry.name}' is already taken by another plugin")
                self.infos[f"{entry.name} ({dist})"] = info
                continue
            self.infos[entry.name] = info
            if info.enabled:
                self._load(info, entry.load)

    # -- loading ----------------------------------------------------------
    def _load(self, info: PluginInfo, load: Callable[[], object]) -> None:
        try:
            plugin = load()
        except BaseException as error:  # a plugin's import may raise anything, SystemExit included
            if isinstance(error, KeyboardInterrupt):
                raise
            self._problem(info.name, f"failed to load: {describe(error)}")
            return
        self.register(plugin, info.name)

    def register(self, plugin: object, name: str) -> bool:
        """Register a plugin object (tests use this for plugins defined inline)."""
        info = self.infos.setdefault(name, PluginInfo(name, False, getattr(plugin, "__name__", repr(plugin))))
        try:
            self.pm.register(plugin, name=name)
        except Exception as error:  # pluggy refuses unknown hooks or wrong arguments
            self._problem(name, f"failed to load: {describe(error)}")
            return False
        info.loaded = True
        callers = self.pm.get_hookcallers(plugin) or []
        info.hooks = sorted(caller.name for caller in callers if caller.spec is not None)
        for caller in callers:
            if caller.spec is None:  # most likely a misspelt hook name
                self._problem(name, f"implements '{caller.name}', which is not a newsdesk hook; ignored")
        return True

    def _problem(self, plugin: str, message: str) -> None:
        info = self.infos.get(plugin)
        if info is not None and message not in info.errors:
            info.errors.append(message)
        self.report_once(plugin, message)

    def report_once(self, plugin: str, message: str) -> None:
        if (plugin, message) in self._reported:
            return
        self._reported.add((plugin, message))
        self.problems.append((plugin, message))
        try:
            self.report(plugin, message)
        except Exception:
            pass

    # -- calling hooks, one plugin at a time ------------------------------
    def collect(self, hook: str, **kwargs) -> list[tuple[str, object]]:
        """Call `hook` on each plugin in registration order (built-ins first);
        return (plugin name, thing registered) pairs.  A plugin that raises is
        reported and what it registered before raising is dropped."""
        gathered = []
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            mine: list = []
            try:
                impl.function(**{**kwargs, "register": mine.append} if "register" in impl.argnames else kwargs)
            except BaseException as error:  # SystemExit from a plugin too; only Ctrl-C goes on up
                if isinstance(error, KeyboardInterrupt):
                    raise
                self._problem(impl.plugin_name, f"{hook} failed: {describe(error)}")
                continue
            for thing in mine:
                _tag(thing, impl.plugin_name)
                gathered.append((impl.plugin_name, thing))
        return gathered

    def _unique(self, hook: str, what: str, key: Callable[[object], str],
                taken: Iterable[str] = ()) -> list:
        seen = {name: "newsdesk" for name in taken}
        kept = []
        for plugin, thing in self.collect(hook):
            try:
                name = key(thing)
            except Exception as error:
                self._problem(plugin, f"{hook} registered something unusable: {describe(error)}")
                continue
            if name in seen:
                self._problem(plugin, f"{what} '{name}' is already provided by {seen[name]}; ignored")
                continue
            seen[name] = f"plugin '{plugin}'"
            kept.append(thing)
        return kept

    def readers(self) -> ReaderRegistry:
        return ReaderRegistry([thing for _, thing in self.collect("register_readers")])

    def analyzers(self) -> list:
        return self._unique("register_analyzers", "analyzer",
                            lambda a: _checked_name(a, "analyzer", ("analyze", "analyze_batch"), versioned=True))

    def corpus_analyzers(self) -> list:
        return self._unique("register_corpus_analyzers", "corpus analyzer",
                            lambda a: _checked_name(a, "corpus analyzer", ("update",), versioned=True))

    def fields(self) -> list[IndexField]:
        def name(thing) -> str:
            if not isinstance(thing, IndexField):
                raise TypeError(f"expected an IndexField, got {type(thing).__name__}")
            return thing.name

        return self._unique("register_fields", "field", name, taken=BUILTIN_FIELDS)

    def backends(self) -> dict[str, type]:
        from newsdesk.search.backends import Backend

        def name(thing) -> str:
            if not (isinstance(thing, type) and issubclass(thing, Backend)) or not thing.name:
                raise TypeError(f"expected a named subclass of Backend, got {thing!r}")
            return thing.name

        return {cls.name: cls for cls in self._unique("register_backends", "backend", name)}

    def extensions(self) -> Extensions:
        return Extensions(readers=self.readers(), analyzers=self.analyzers(),
                          corpus_analyzers=self.corpus_analyzers(), fields=self.fields(),
                          backends=self.backends())

    def panels(self) -> list[PanelSpec]:
        def panel_id(thing) -> str:
            if not isinstance(thing, PanelSpec):
                raise TypeError(f"expected a PanelSpec, got {type(thing).__name__}")
            return thing.id

        return self._unique("register_panels", "panel", panel_id)

    def palette_commands(self) -> list[PaletteCommand]:
        return self._unique("register_palette_commands", "palette command",
                            lambda c: _checked_name(c, "palette command", ("run",)))

    def exporters(self) -> dict[str, object]:
        # "table" and "plain" are the search command's own formats.
        exporters = self._unique("register_exporters", "exporter", lambda e: _checked_name(e, "exporter", ("write",)),
                                 taken=("table", "plain"))
        return {e.name: e for e in exporters}

    def open_corpus(self, path=None, index=None, backend=None, dsn=None):
        """Open a corpus (default: $NEWSDESK_CORPUS, else the bundled seeds)
        with every plugin's readers, analyzers, fields and backends.  The
        backend and its server come from the arguments, else $NEWSDESK_BACKEND
        and $NEWSDESK_DSN, else the config's [corpus] table."""
        from newsdesk.search import open_corpus
        from newsdesk.search.locations import bundled_seeds

        path = path or os.environ.get("NEWSDESK_CORPUS") or bundled_seeds()
        index = index or os.environ.get("NEWSDESK_INDEX") or None
        backend = backend or os.environ.get("NEWSDESK_BACKEND") or None
        dsn = dsn or os.environ.get("NEWSDESK_DSN") or None
        if not backend or not dsn:
            from newsdesk.config import load_config

            config = load_config()
            backend, dsn = backend or config.backend, dsn or config.dsn
        options = {"dsn": dsn} if dsn else {}
        return open_corpus(path, index_dir=index, extensions=self.extensions(), backend=backend,
                           backend_options=options)

    def check(self) -> None:
        """Call every registration hook once, so that a plugin's broken hook
        shows in its `errors` (hooks otherwise run only when needed)."""
        self.extensions()
        self.panels()
        self.palette_commands()
        self.exporters()

    def plugin_list(self, include_disabled: bool = False) -> list[PluginInfo]:
        return [info for info in self.infos.values() if include_disabled or info.enabled]


def _tag(thing: object, plugin: str) -> None:
    """Record which plugin registered `thing`, where the object allows it."""
    try:
        if not getattr(thing, "plugin", ""):
            thing.plugin = plugin
    except Exception:  # a slotted, frozen or otherwise odd object keeps its own
        pass


def _checked_name(thing: object, what: str, methods: tuple[str, ...], versioned: bool = False) -> str:
    """`thing.name`, once `thing` has the shape its hook asks for: a name that
    is a non-empty string, a `version` if `versioned`, and at least one of
    `methods` callable.  Anything else is refused when registered, not when
    it would run halfway through an index build."""
    name = getattr(thing, "name", None)
    if not isinstance(name, str) or not name.strip():
        raise TypeError(f"a {what} needs a non-empty string 'name', not {name!r}")
    if versioned and getattr(thing, "version", None) in (None, ""):
        raise TypeError(f"{what} '{name}' needs a 'version'")
    if not any(callable(getattr(thing, method, None)) for method in methods):
        raise TypeError(f"{what} '{name}' has no {' or '.join(methods)} method")
    return name



# -- the host the running program uses ------------------------------------
_current: PluginHost | None = None


def current_host() -> PluginHost:
    """The host the CLI or TUI set up; a default one (all plugins) otherwise."""
    global _current
    if _current is None:
        _current = PluginHost()
    return _current


def set_current_host(host: PluginHost | None) -> None:
    global _current
    _current = host
