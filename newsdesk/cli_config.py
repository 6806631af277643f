"""`newsdesk config ...`: where the config file is, what newsdesk makes of it,
a commented starter file, and opening it in an editor.

Paths and settings go to stdout; warnings and messages to stderr, one line
each.  A config newsdesk cannot use is a `ConfigError` (exit 2), which the
command line's `main()` prints as one line.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
import typer

from newsdesk.config import config_path, load_config, starter_config, to_toml
from newsdesk.search import NewsdeskError
from newsdesk.search.text import display_line
from newsdesk.userdata import HISTORY_FILE, UI_STATE_FILE, atomic_write_text, data_dir, keep_aside, state_dir

config_app = typer.Typer(
    name="config",
    help="Show where the config file is and what it sets; write a starter one.",
    rich_markup_mode=None,
)


@config_app.callback(invoke_without_command=True)
def _config(ctx: typer.Context) -> None:
    """Show where the config file is and what it sets; write a starter one."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def say(message: str) -> None:
    print(f"newsdesk: {display_line(message)}", file=sys.stderr)


@config_app.command("path")
def path_(
    show_all: bool = typer.Option(False, "--all", help="Also the data and state folders and the files in them, "
                                                       "one 'what<TAB>path' per line."),
) -> None:
    """Print the config file's path (whether or not it exists).

    $NEWSDESK_CONFIG moves the file; --all also lists where the history and the
    remembered choices live."""
    if not show_all:
        print(config_path())
        return
    for what, where in (("config", config_path()), ("data", data_dir()), ("state", state_dir()),
                        ("history", state_dir() / HISTORY_FILE), ("ui-state", state_dir() / UI_STATE_FILE)):
        print(f"{what}\t{where}")


@config_app.command("show")
def show(as_json: bool = typer.Option(False, "--json", help="One JSON object: path, exists, config, warnings.")) -> None:
    """Print the settings in force, defaults included.

    As TOML, or one JSON object with --json; warnings on stderr."""
    config = load_config()
    for warning in config.warnings:
        say(warning)
    if not config.exists:
        say(f"no config file at {config.path}: these are the defaults (newsdesk config init writes a starter one)")
    if as_json:
        print(json.dumps({"path": str(config.path), "exists": config.exists, "config": config.effective(),
                          "warnings": config.warnings}, ensure_ascii=False, indent=2, default=_iso))
        return
    print(f"# {_comment(str(config.path))}{'' if config.exists else ' (absent: the defaults)'}")
    print(to_toml(config.effective()), end="")


def _iso(value):
    return value.isoformat()  # TOML dates and times


def _comment(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")


@config_app.command("init")
def init(force: bool = typer.Option(False, "--force", help="Replace an existing file (kept as config.toml.bak).")) -> None:
    """Write a commented starter config.

    Every option is there, commented out at its default, with an example of
    remapping keys.  An existing file is left alone unless --force."""
    path = config_path()
    if path.exists() or path.is_symlink():
        if not force:
            raise _Refused(f"{path} already exists; newsdesk config edit opens it, "
                           "newsdesk config init --force replaces it (keeping it as .bak)")
        real = Path(os.path.realpath(path))
        backup = _attempt(lambda: keep_aside(real), f"cannot keep {real} aside")
        path = real
        say(f"kept the previous config as {backup}")
    _attempt(lambda: atomic_write_text(path, starter_config()), f"cannot write {path}")
    say(f"wrote a starter config: {path}")


@config_app.command("edit")
def edit() -> None:
    """Open the config file in your editor, then check it.

    $VISUAL or $EDITOR; a starter file is written first if there is none."""
    path = config_path()
    if not path.exists():
        _attempt(lambda: atomic_write_text(path, starter_config()), f"cannot write {path}")
        say(f"wrote a starter config: {path}")
    try:
        click.edit(filename=str(path))
    except click.ClickException as error:
        raise NewsdeskError(f"{error.format_message()} (set $VISUAL or $EDITOR to your editor)") from None
    config = load_config(path)  # a ConfigError says what is wrong, exit 2
    for warning in config.warnings:
        say(warning)
    say(f"checked {path}: {len(config.warnings) or 'no'} warning{'' if len(config.warnings) == 1 else 's'}")


class _Refused(NewsdeskError):
    exit_code = 2


def _attempt(action, failure: str):
    try:
        return action()
    except OSError as error:
        raise NewsdeskError(f"{failure}: {error.strerror or error}") from None
