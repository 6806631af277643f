"""The command line's side of plugins: `newsdesk plugins ...`, and plugin subcommands.

`plugins list` shows what is installed (from entry-point metadata; plugins that
are switched off are never imported), `plugins install` / `uninstall` run pip
in newsdesk's own environment.  `add_plugin_commands` lets each plugin add its
subcommands through `register_commands`, refusing names already taken and
turning a plugin command's crash into one line that names the plugin.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import subprocess
import sys
from importlib import metadata

import click
import typer

from newsdesk.plugins.manager import PluginHost, current_host, normalised_name, third_party_entry_points
from newsdesk.search import NewsdeskError
from newsdesk.search.errors import describe
from newsdesk.search.text import display_line

plugins_app = typer.Typer(
    name="plugins",
    help="List, install and uninstall plugins.",
    rich_markup_mode=None,
)


@plugins_app.callback(invoke_without_command=True)
def _plugins(ctx: typer.Context) -> None:
    """List, install and uninstall plugins."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


class PluginFailed(NewsdeskError):
    """A plugin's command raised something it should not have."""


def say(message: str) -> None:
    print(f"newsdesk: {message}", file=sys.stderr)


@plugins_app.command("list")
def list_plugins(
    as_json: bool = typer.Option(False, "--json", help="A JSON array on stdout."),
    show_all: bool = typer.Option(False, "--all", help="Also list built-in plugins and those switched off."),
) -> None:
    """Installed plugins: name, version, hooks, and any load error."""
    host = current_host()
    host.check()
    infos = [info for info in host.plugin_list(include_disabled=True)
             if show_all or (info.enabled and not info.builtin)]
    if as_json:
        print(json.dumps([info.to_dict() for info in infos], ensure_ascii=False, indent=2))
        return
    if not infos:
        print("no third-party plugins installed (newsdesk plugins list --all shows the built-in ones)")
        return
    for info in infos:
        state = "built-in" if info.builtin else (info.version or "?")
        if not info.enabled:
            state += ", switched off"
        line = f"{info.name} ({state})"
        if info.hooks:
            line += ": " + ", ".join(info.hooks)
        print(display_line(line))
        for error in info.errors:
            print("    error: " + display_line(error))


def _pip(*args: str) -> int:
    """Run pip in the environment newsdesk runs in; a clear message if it has no pip."""
    try:
        has_pip = importlib.util.find_spec("pip") is not None
    except (ImportError, ValueError):
        has_pip = False
    if not has_pip:
        raise NewsdeskError(
            f"pip is not available in newsdesk's environment ({sys.prefix}); if you installed newsdesk "
            "with pipx, run: pipx inject newsdesk PACKAGE; with uv: uv tool install newsdesk --with PACKAGE"
        )
    return subprocess.call([sys.executable, "-m", "pip", *args])


@plugins_app.command("install")
def install(
    packages: list[str] = typer.Argument(..., metavar="NAME|PATH...", help="Package names, paths or URLs, as pip takes them."),
    upgrade: bool = typer.Option(False, "--upgrade", "-U", help="Upgrade if already installed."),
    editable: bool = typer.Option(False, "--editable", "-e", help="Install a local folder in editable mode."),
) -> None:
    """Install plugins with pip into newsdesk's own environment."""
    before = {entry.name for entry in third_party_entry_points()}
    args = ["install"] + (["--upgrade"] if upgrade else [])
    for package in packages:
        args += ["-e", package] if editable else [package]
    code = _pip(*args)
    if code != 0:
        raise NewsdeskError(f"pip could not install {' '.join(packages)} (exit code {code}); see pip's message above")
    importlib.invalidate_caches()
    added = sorted({entry.name for entry in third_party_entry_points()} - before)
    if added:
        say(f"installed plugin{'s' if len(added) > 1 else ''}: {', '.join(added)}")
    elif not upgrade:
        say("installed, but no new newsdesk plugin appeared (the package declares no 'newsdesk' "
            "entry point, or it was already installed)")


@plugins_app.command("uninstall")
def uninstall(
    names: list[str] = typer.Argument(..., metavar="NAME...", help="Plugin names (as 'plugins list' shows them) or package names."),
    yes: bool = typer.Option(True, "--yes/--ask", help="Do not ask pip for confirmation."),
) -> None:
    """Uninstall plugins with pip from newsdesk's own environment."""
    packages = [_distribution_of(name) for name in names]
    code = _pip("uninstall", *(["-y"] if yes else []), *packages)
    if code != 0:
        raise NewsdeskError(f"pip could not uninstall {' '.join(packages)} (exit code {code})")
    say(f"uninstalled {', '.join(packages)}")


def _distribution_of(name: str) -> str:
    """The distribution to uninstall for a plugin or package name."""
    if name.lower() == "newsdesk":
        raise NewsdeskError("refusing to uninstall newsdesk itself (use pip for that)")
    plugins = {}  # plugin name and distribution name (normalised) -> distribution
    for entry in third_party_entry_points():
        if entry.dist is not None:
            plugins[normalised_name(entry.name)] = entry.dist.name
            plugins[normalised_name(entry.dist.name)] = entry.dist.name
    if normalised_name(name) in plugins:
        return plugins[normalised_name(name)]
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        raise NewsdeskError(f"no installed plugin or package named '{name}' (see: newsdesk plugins list)") from None
    raise NewsdeskError(f"'{name}' is installed but is not a newsdesk plugin (it declares no 'newsdesk' "
                        "entry point); refusing to uninstall it (use pip for that)")


# -- plugin subcommands ---------------------------------------------------
def add_plugin_commands(cli: typer.Typer, host: PluginHost) -> None:
    """Let each plugin add subcommands to `cli`, one plugin at a time."""
    for impl in host.pm.hook.register_commands.get_hookimpls():
        plugin = impl.plugin_name
        taken = _command_names(cli)
        commands, groups = len(cli.registered_commands), len(cli.registered_groups)
        try:
            impl.function(cli=cli)
        except BaseException as error:  # SystemExit from a plugin too; only Ctrl-C goes on up
            if isinstance(error, KeyboardInterrupt):
                raise
            del cli.registered_commands[commands:]
            del cli.registered_groups[groups:]
            host.report_once(plugin, f"register_commands failed: {describe(error)}")
            continue
        for info in list(cli.registered_commands[commands:]):
            name = _name(info.name, info.callback)
            if name in taken:
                cli.registered_commands.remove(info)
                host.report_once(plugin, f"command '{name}' is already taken; ignored")
                continue
            taken.add(name)
            info.callback = _guarded(info.callback, plugin, name)
        for info in list(cli.registered_groups[groups:]):
            name = info.name or getattr(info.typer_instance.info, "name", None) or ""
            if not name or name in taken:
                cli.registered_groups.remove(info)
                host.report_once(plugin, f"command group '{name}' is already taken or unnamed; ignored")
                continue
            taken.add(name)
            _guard_group(info.typer_instance, plugin, name)


def _guard_group(group: typer.Typer, plugin: str, path: str) -> None:
    """Guard a plugin's command group: its callback, its commands, its subgroups."""
    callback = group.registered_callback
    if callback is not None and callback.callback is not None:
        callback.callback = _guarded(callback.callback, plugin, path)
    for sub in group.registered_commands:
        sub.callback = _guarded(sub.callback, plugin, f"{path} {_name(sub.name, sub.callback)}")
    for sub in group.registered_groups:
        name = sub.name or getattr(sub.typer_instance.info, "name", None) or ""
        _guard_group(sub.typer_instance, plugin, f"{path} {name}".strip())


def _command_names(cli: typer.Typer) -> set[str]:
    names = {_name(info.name, info.callback) for info in cli.registered_commands}
    names.update(info.name or getattr(info.typer_instance.info, "name", None) or "" for info in cli.registered_groups)
    return names


def _name(name: str | None, callback) -> str:
    return name or callback.__name__.lower().replace("_", "-")


# What a command may raise on purpose: main() turns each into a line and an exit code.
_EXPECTED = (NewsdeskError, click.exceptions.Exit, click.ClickException, click.Abort, typer.Exit,
             typer.Abort, KeyboardInterrupt, BrokenPipeError, SystemExit)
if hasattr(typer, "TyperException"):
    _EXPECTED += (typer.TyperException,)


def silence_stdout() -> None:
    """The reader went away (`| head`): not an error.  Silence the final flush."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError:
        pass


def _guarded(callback, plugin: str, command: str):
    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except BrokenPipeError:  # the reader went away (`| head`): not an error
            silence_stdout()
            raise typer.Exit(0) from None
        except _EXPECTED:
            raise
        except Exception as error:
            raise PluginFailed(f"plugin '{plugin}': command '{command}' failed: {describe(error)}") from None

    return run

