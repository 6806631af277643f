"""The user's configuration file: where it lives, what it may hold, and reading it.

`config.toml` sits in the platform's config directory (platformdirs; on Linux
`$XDG_CONFIG_HOME/newsdesk/`), or wherever `NEWSDESK_CONFIG` points.  A missing
file means the defaults.  newsdesk owns three tables: `[corpus]`, `[tui]` and
`[keys]` (binding id -> keys, for Textual's `App.set_keymap`); every other
table belongs to a plugin, which reads it with `config.section(name)`.

Mistakes that would make newsdesk guess (broken TOML, a value of the wrong
type) raise `ConfigError`: one line naming the file, the line when it can be
found, and the key.  Keys newsdesk does not know in its own tables are only
warnings (`Config.warnings`), for the caller to show.  No Textual here: the
command line imports this module.
"""

from __future__ import annotations

import copy
import difflib
import json
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import platformdirs

from newsdesk.search.errors import NewsdeskError

CONFIG_ENV = "NEWSDESK_CONFIG"
DEFAULT_DEBOUNCE_MS = 150
DEFAULT_HISTORY_SIZE = 500
MAX_DEBOUNCE_MS = 5_000
MAX_HISTORY_SIZE = 100_000


class ConfigError(NewsdeskError):
    """The config file cannot be used as written; the message names the file and where."""

    exit_code = 2


def config_path() -> Path:
    """Where the config file is (whether or not it exists): `$NEWSDESK_CONFIG`,
    else `config.toml` in the platform's user config directory."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir("newsdesk")) / "config.toml"


@dataclass
class Config:
    """The settings newsdesk uses, defaults filled in, and every table as read."""

    path: Path | None = None
    exists: bool = False
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> "key1,key2"
    theme: str | None = None
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    history_size: int = DEFAULT_HISTORY_SIZE
    corpus: str | None = None  # [corpus] path, ~ expanded, relative to the file's folder
    backend: str | None = None  # [corpus] backend: where indexes live (None: whoosh)
    dsn: str | None = None  # [corpus] dsn: the PostgreSQL backend's server
    sections: dict[str, Any] = field(default_factory=dict)  # every top-level table, as read
    warnings: list[str] = field(default_factory=list)

    @property
    def debounce(self) -> float:
        """`debounce_ms` in seconds, as Textual's timers take it."""
        return self.debounce_ms / 1000

    def section(self, name: str) -> dict[str, Any]:
        """A plugin's own table (`[entities]` -> `section("entities")`), a copy; {} when absent."""
        table = self.sections.get(name)
        return copy.deepcopy(table) if isinstance(table, dict) else {}

    def effective(self) -> dict[str, Any]:
        """Every setting in force, as tables: newsdesk's own with their defaults
        (None for an unset value), then the plugins' tables as read."""
        tables: dict[str, Any] = {
            "corpus": {"path": self.corpus, "backend": self.backend, "dsn": self.dsn},
            "tui": {"theme": self.theme, "debounce_ms": self.debounce_ms, "history_size": self.history_size},
            "keys": dict(self.keymap),
        }
        for name, table in self.sections.items():
            if name not in KNOWN_TABLES and (isinstance(table, dict) or _tables(table)):
                tables[name] = copy.deepcopy(table)
        return tables

    def check_names(self, binding_ids: Iterable[str] = (), themes: Iterable[str] = ()) -> list[str]:
        """Warnings for `[keys]` ids that are no binding's and a theme that is not
        available, for the explorer, which knows both lists, to show."""
        warnings = []
        known = sorted(set(binding_ids))
        if known:
            for binding_id in self.keymap:
                if binding_id not in known:
                    warnings.append(f"{self._where()}: [keys] {binding_id!r} is not a binding id"
                                    f"{_did_you_mean(binding_id, known, quote=True)}; the help screen lists them")
        available = sorted(set(themes))
        if available and self.theme is not None and self.theme not in available:
            warnings.append(f"{self._where()}: [tui] theme {self.theme!r} is not an available theme"
                            f"{_did_you_mean(self.theme, available, quote=True)}")
        return warnings

    def _where(self) -> str:
        return str(self.path) if self.path is not None else "config"


def load_config(path: str | os.PathLike | None = None) -> Config:
    """Read the config file (`config_path()` unless given).  A missing file is the
    defaults; anything unusable raises `ConfigError`."""
    path = Path(path).expanduser() if path is not None else config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path, exists=False)
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a config file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the config file: {error.strerror or error}") from None
    text = _decode(raw, path)
    try:
        tables = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}{_toml_position(str(error), text)}: not valid TOML: "
                          f"{_toml_reason(str(error))}") from None
    return _interpret(tables, path, text)


# -- reading ------------------------------------------------------------------
def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):  # a BOM, as some Windows editors write
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise ConfigError(f"{path}, line {line}: not UTF-8 text (byte 0x{raw[error.start]:02x}); "
                          "save the file as UTF-8") from None


def _toml_position(message: str, text: str) -> str:
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if found:
        return f", line {found.group(1)}, column {found.group(2)}"
    if "(at end of document)" in message:
        return f", line {max(1, len(text.splitlines()))}"
    return ""


def _toml_reason(message: str) -> str:
    reason = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", message).strip()
    # tomllib names tables as tuples: "cannot declare ('tui',) twice" -> "[tui]"
    reason = re.sub(r"\(((?:'[^']*'(?:, )?)+),?\)",
                    lambda m: "[" + ".".join(re.findall(r"'([^']*)'", m.group(1))) + "]", reason)
    return reason[:1].lower() + reason[1:] if reason else "cannot parse it"


# -- what the tables may hold -------------------------------------------------
def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _whole(low: int, high: int) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


# table -> key -> (check, what a good value is)
SETTINGS: dict[str, dict[str, tuple[Callable[[Any], bool], str]]] = {
    "corpus": {
        "path": (_text, "a path to a corpus folder or file, as a string"),
        "backend": (_text, "a backend name as a string, e.g. \"tantivy\" (newsdesk backends lists them)"),
        "dsn": (_text, "a PostgreSQL connection string, e.g. \"postgresql://newsdesk@db.example/news\""),
    },
    "tui": {
        "theme": (_text, "a theme name as a string, e.g. \"nord\""),
        "debounce_ms": (_whole(0, MAX_DEBOUNCE_MS), f"a whole number of milliseconds from 0 to {MAX_DEBOUNCE_MS}"),
        "history_size": (_whole(0, MAX_HISTORY_SIZE), f"a whole number from 0 to {MAX_HISTORY_SIZE}"),
    },
}
KNOWN_TABLES = ("corpus", "tui", "keys")


def _interpret(tables: dict[str, Any], path: Path, text: str) -> Config:
    config = Config(path=path, exists=True, sections=tables)
    fail = _Failer(path, text)
    for name, value in tables.items():
        if name in KNOWN_TABLES:
            if not isinstance(value, dict):
                fail(None, name, f"'{name}' must be a table ([{name}]), not {_kind(value)}")
        elif not isinstance(value, dict) and not _tables(value):
            config.warnings.append(f"{path}{fail.line(None, name)}: {name!r} is outside any table and newsdesk "
                                   f"does not use it{_did_you_mean_setting(name)}")
        elif isinstance(value, dict) and (close := difflib.get_close_matches(name, KNOWN_TABLES, n=1, cutoff=0.6)):
            config.warnings.append(f"{path}{fail.line(None, name, header=True)}: [{name}] is not one of newsdesk's "
                                   f"tables (did you mean [{close[0]}]?); left for plugins")
    for table, settings in SETTINGS.items():
        values = tables.get(table, {})
        for key, value in values.items():
            if key not in settings:
                config.warnings.append(f"{path}{fail.line(table, key)}: [{table}] {key!r} is not a setting "
                                       f"newsdesk knows{_did_you_mean(key, list(settings))}; ignored")
                continue
            check, wanted = settings[key]
            if not check(value):
                fail(table, key, f"[{table}] {key} must be {wanted}, not {_shown(value)}")
    tui = tables.get("tui", {})
    config.theme = tui.get("theme", None)
    config.debounce_ms = tui.get("debounce_ms", DEFAULT_DEBOUNCE_MS)
    config.history_size = tui.get("history_size", DEFAULT_HISTORY_SIZE)
    config.backend = tables.get("corpus", {}).get("backend")
    config.dsn = tables.get("corpus", {}).get("dsn")
    corpus = tables.get("corpus", {}).get("path")
    if corpus is not None:
        config.corpus = str(path.parent / Path(corpus).expanduser())  # an absolute path stays itself
    config.keymap = _keymap(tables.get("keys", {}), fail)
    return config


def _keymap(table: dict[str, Any], fail: "_Failer", prefix: str = "") -> dict[str, str]:
    """`[keys]`, flattened: an unquoted `explorer.search = ...` is a nested table in TOML."""
    keymap: dict[str, str] = {}
    for key, value in table.items():
        binding_id = prefix + key
        if isinstance(value, dict):
            keymap.update(_keymap(value, fail, binding_id + "."))
            continue
        keys = [value] if isinstance(value, str) else value
        if not isinstance(keys, list) or not all(isinstance(item, str) for item in keys):
            fail("keys", key, f"[keys] {binding_id!r} must be keys as a string (\"ctrl+f\" or \"ctrl+f,slash\") "
                              f"or a list of strings, not {_shown(value)}")
        parts = [part.strip() for item in keys for part in item.split(",")]
        if not parts or "" in parts:
            fail("keys", key, f"[keys] {binding_id!r} has an empty key in {_shown(value)}; "
                              "give one or more keys separated by commas")
        if bad := next((part for part in parts if re.search(r"\s", part)), None):
            fail("keys", key, f"[keys] {binding_id!r}: {bad!r} is not a key name (no spaces: \"ctrl+f\", "
                              "\"space\", \"question_mark\")")
        keymap[binding_id] = ",".join(parts)
    return keymap


class _Failer:
    """Raises ConfigError naming the file and, when it can find it, the line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def __call__(self, table: str | None, key: str, message: str) -> None:
        raise ConfigError(f"{self.path}{self.line(table, key)}: {message}")

    def line(self, table: str | None, key: str, header: bool = False) -> str:
        """", line N" where `key` is set in `[table]` (or where `[key]` starts), or ""."""
        current: str | None = None
        key_pattern = re.compile(r"\s*([\"']?)" + re.escape(key) + r"\1\s*=")
        for number, line in enumerate(self.lines, start=1):
            opened = re.match(r"\s*\[\s*([^\[\]]+?)\s*\]", line)
            if opened:
                current = re.sub(r"[\"'\s]", "", opened.group(1))
                if header and current == key:
                    return f", line {number}"
            elif not header and current == table and key_pattern.match(line):
                return f", line {number}"
        return ""


def _tables(value: Any) -> bool:
    """Whether a value is an array of tables (`[[name]]`), which plugins may use."""
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list",
             dict: "a table"}
    return names.get(type(value), "a date or time")


def _shown(value: Any) -> str:
    """A value as it looks in TOML, cut short."""
    shown = _toml_value(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _did_you_mean(name: str, choices: list[str], quote: bool = False) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean {close[0]!r}?)" if quote else f" (did you mean {close[0]}?)"


def _did_you_mean_setting(name: str) -> str:
    for table, settings in SETTINGS.items():
        if name in settings:
            return f" (did you mean {name} in [{table}]?)"
    return ""


# -- a starter file -------------------------------------------------------------
STARTER = '''\
# newsdesk configuration (TOML).  Lines starting with # are comments: remove the
# # in front of a setting to change it.  `newsdesk config show` prints what
# newsdesk makes of this file; docs/config.md describes every option.

[corpus]
# The corpus the explorer opens when neither --corpus nor NEWSDESK_CORPUS is
# given: a folder or a file (.jsonl, ...).  ~ is your home folder; a relative
# path is relative to the folder of this file.  Unset: the bundled seed articles.
# path = "~/news/corpus"

# Where its index lives: "whoosh" (the default, pure Python), "tantivy"
# (pip install 'newsdesk[fast]') or "postgres" (pip install 'newsdesk[postgres]',
# a server shared by a newsroom; give its dsn).  --backend and --dsn, or
# NEWSDESK_BACKEND and NEWSDESK_DSN, win over these.
# backend = "whoosh"
# dsn = "postgresql://newsdesk@localhost/newsdesk"

[tui]
# The explorer's theme at start-up: one of Textual's themes, e.g. textual-dark,
# textual-light, nord, gruvbox, dracula, tokyo-night, monokai, flexoki,
# catppuccin-mocha, solarized-light, rose-pine.  A theme picked in the explorer
# (ctrl+p, "theme") is remembered and wins until you change this line.
# theme = "nord"

# Milliseconds between the last keystroke and the search as you type (0 to 5000).
# debounce_ms = 150

# How many past queries the search box keeps across runs (0 keeps none).
# history_size = 500

[keys]
# Remap a binding by its id: "id" = "key" or "key1,key2" (these replace its
# keys).  The help screen (? or F1) lists every binding with its id.  Key names
# are Textual's: ctrl+f, shift+tab, f5, space, slash, question_mark, a, G.
# "explorer.search" = "slash,ctrl+f"
# "results.down" = "j,down"
# "reader.next_match" = "n,ctrl+n"

# Plugins read tables of their own, for example the entities plugin:
# [entities]
# model = "en_core_web_sm"
'''


def starter_config() -> str:
    """The commented file `newsdesk config init` writes: every option, all at their defaults."""
    return STARTER


# -- writing settings back as TOML (for `config show`) ------------------------------
def to_toml(tables: dict[str, Any]) -> str:
    """Tables of simple values as TOML; an unset (None) value becomes a comment."""
    out: list[str] = []
    for name, table in tables.items():
        if isinstance(table, dict):
            _table(out, [name], table)
        else:  # an array of tables
            for item in table:
                out.append(("\n" if out else "") + f"[[{_toml_key(name)}]]")
                out.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in item.items())
    return "\n".join(out).strip("\n") + "\n"


def _table(out: list[str], names: list[str], table: dict[str, Any]) -> None:
    out.append(("\n" if out else "") + "[" + ".".join(_toml_key(n) for n in names) + "]")
    nested = []
    for key, value in table.items():
        if isinstance(value, dict):
            nested.append((key, value))
        elif value is None:
            out.append(f"# {_toml_key(key)} is unset")
        else:
            out.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in nested:
        _table(out, names + [key], value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("nan" if math.isnan(value) else f"{value:+}"[0] + "inf")
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return value.isoformat()  # dates and times
