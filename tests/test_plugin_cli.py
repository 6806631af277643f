"""Third-party plugins through the real command line: discovery from entry-point
metadata, the allow-list, fault isolation, plugin subcommands, and start-up cost.

The plugins here are distributions laid out as pip leaves them (see
`fake_distribution`), on PYTHONPATH of a subprocess; `test_example_plugin.py`
installs a real one with pip."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import fake_distribution, run_cli

GOOD = '''
"""A well-behaved plugin: a subcommand, an analyzer and a field."""
import re
from newsdesk.plugins import Annotation, IndexField, hookimpl

MONEY = re.compile(r"\\$\\d[\\d,.]*(?: (?:million|billion))?")

class Money:
    name = "money"
    version = "1"
    def analyze(self, article):
        for m in MONEY.finditer(article.body):
            yield Annotation("money", m.start(), m.end(), label=m.group())

@hookimpl
def register_analyzers(register):
    register(Money())

@hookimpl
def register_fields(register):
    register(IndexField("money", "keyword", values=lambda article, found: [a.label for a in found.get("money", [])]))

@hookimpl
def register_commands(cli):
    import typer

    @cli.command("hello")
    def hello(name: str = typer.Argument("world")):
        """Say hello."""
        print(f"hello {name}")

    @cli.command("search")
    def hijack():
        print("hijacked")

    @cli.command("explode")
    def explode():
        """Always fails."""
        raise ZeroDivisionError("plugin bug")
'''

BROKEN_AT_IMPORT = '''
raise RuntimeError("this plugin cannot even be imported")
'''

MARKER = '''
import os, pathlib
pathlib.Path(os.environ["MARKER_FILE"]).write_text("imported")
from newsdesk.plugins import hookimpl

@hookimpl
def register_exporters(register):
    raise KeyError("exporters hook bug")
'''


NESTED = '''
"""Command groups within groups, a failing group callback, a failing exporter."""
import typer
from newsdesk.plugins import hookimpl

class Broken:
    name = "broken-format"
    extension = ".txt"
    def write(self, table, out, first=True):
        raise UnicodeError("exporter bug")

@hookimpl
def register_exporters(register):
    register(Broken())

@hookimpl
def register_commands(cli):
    outer = typer.Typer(name="outer")
    inner = typer.Typer(name="inner")
    strict = typer.Typer(name="strict")

    @inner.command("deep")
    def deep():
        raise LookupError("deep bug")

    @strict.callback()
    def check():
        raise AttributeError("callback bug")

    @strict.command("go")
    def go():
        print("never")

    outer.add_typer(inner)
    outer.add_typer(strict)
    cli.add_typer(outer)
'''


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    fake_distribution(folder, "newsdesk-good", {"nd_good": GOOD}, {"good": "nd_good"}, version="1.2.3")
    fake_distribution(folder, "newsdesk-broken", {"nd_broken": BROKEN_AT_IMPORT}, {"broken": "nd_broken"})
    fake_distribution(folder, "newsdesk-marker", {"nd_marker": MARKER}, {"marker": "nd_marker"})
    return folder


def env_for(site, tmp_path, plugins: str | None) -> dict:
    env = {"PYTHONPATH": str(site), "MARKER_FILE": str(tmp_path / "marker")}
    if plugins is None:
        env["NEWSDESK_PLUGINS"] = ""
        env.pop("NEWSDESK_PLUGINS")
    else:
        env["NEWSDESK_PLUGINS"] = plugins
    return env


def cli(site, tmp_path, *args, plugins: str | None = None, **kwargs):
    env = {**os.environ, **env_for(site, tmp_path, plugins)}
    if plugins is None:
        env.pop("NEWSDESK_PLUGINS", None)
    return subprocess.run([sys.executable, "-m", "newsdesk", *args], capture_output=True, text=True,
                          env=env, timeout=300, **kwargs)


def test_plugins_list_shows_each_plugin_and_its_load_error(site, tmp_path):
    result = cli(site, tmp_path, "plugins", "list", "--json", plugins=None)
    assert result.returncode == 0, result.stderr
    listed = {p["name"]: p for p in json.loads(result.stdout)}
    assert set(listed) == {"good", "broken", "marker"}
    good = listed["good"]
    assert (good["version"], good["builtin"], good["distribution"], good["loaded"]) == \
        ("1.2.3", False, "newsdesk-good", True)
    assert good["hooks"] == ["register_analyzers", "register_commands", "register_fields"]
    assert listed["broken"]["error"] == "failed to load: RuntimeError: this plugin cannot even be imported"
    assert not listed["broken"]["loaded"]
    # Each problem is reported once on stderr, naming the plugin.
    lines = result.stderr.splitlines()
    assert lines.count("newsdesk: plugin 'broken': failed to load: RuntimeError: this plugin cannot even be "
                       "imported") == 1
    assert "newsdesk: plugin 'marker': register_exporters failed: KeyError: 'exporters hook bug'" in lines

    every = json.loads(cli(site, tmp_path, "plugins", "list", "--json", "--all", plugins=None).stdout)
    assert {p["name"] for p in every if p["builtin"]} >= {"formats", "exporters"}

    text = cli(site, tmp_path, "plugins", "list", plugins=None).stdout
    assert "good (1.2.3): register_analyzers, register_commands, register_fields" in text
    assert "error: failed to load: RuntimeError" in text


def test_switched_off_plugins_are_listed_from_metadata_without_importing_them(site, tmp_path):
    for plugins, args in (("", ()), ("good", ()), (None, ("--no-plugins",))):
        marker = tmp_path / "marker"
        marker.unlink(missing_ok=True)
        result = cli(site, tmp_path, *args, "plugins", "list", "--json", "--all", plugins=plugins)
        assert result.returncode == 0, result.stderr
        listed = {p["name"]: p for p in json.loads(result.stdout)}
        assert not marker.exists(), (plugins, args)
        assert listed["marker"]["enabled"] is False and listed["marker"]["loaded"] is False
        assert listed["broken"]["error"] is None
        assert listed["good"]["enabled"] is (plugins == "good")
        assert "broken" not in result.stderr
    # Only enabled third-party plugins by default.
    assert cli(site, tmp_path, "plugins", "list", "--json", plugins="").stdout.strip() == "[]"


def test_a_broken_plugin_does_not_stop_search(site, tmp_path, seeds_copy):
    result = cli(site, tmp_path, "search", "deepseek", "--corpus", str(seeds_copy), "--index",
                 str(tmp_path / "idx"), "--json", plugins=None)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 5
    assert "plugin 'broken': failed to load" in result.stderr
    assert "Traceback" not in result.stderr


def test_plugin_commands_fields_and_isolation(site, tmp_path, seeds_copy):
    def run(*args):
        return cli(site, tmp_path, *args, plugins="good")

    hello = run("hello", "reporters")
    assert (hello.returncode, hello.stdout) == (0, "hello reporters\n")
    assert "command 'search' is already taken; ignored" in hello.stderr
    assert "hello" in run("--help").stdout

    boom = run("explode")
    assert boom.returncode == 3
    assert boom.stderr.strip().splitlines()[-1] == \
        "newsdesk: plugin 'good': command 'explode' failed: ZeroDivisionError: plugin bug"
    assert "Traceback" not in boom.stderr

    # The plugin's field is searchable; the built-in search command was kept.
    (seeds_copy / "budget.txt").write_text(
        "Harbour Budget Approved\n\nThe council approved $6 million for the harbour wall on Tuesday.\n\n"
        "Critics said the wall would cost closer to $9.5 million once finished.\n")
    where = ["--corpus", str(seeds_copy), "--index", str(tmp_path / "idx")]
    found = run("search", 'money:"$6 million"', *where, "--json")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert [h["id"] for h in hits] == ["budget"]
    shown = json.loads(run("show", hits[0]["id"], *where, "--json").stdout)
    assert {"analyzer": "money", "kind": "money", "label": "$6 million", "text": "$6 million"}.items() <= \
        next(a for a in shown["annotations"] if a["label"] == "$6 million").items()

    # Switched off, the plugin's command is gone and its field is an unknown one
    # only when the index never had it (here it stays searchable).
    gone = cli(site, tmp_path, "hello", plugins="")
    assert gone.returncode == 2 and "No such command 'hello'" in gone.stderr


def test_the_search_path_does_not_import_textual(site, tmp_path, seeds_copy):
    where = ["--corpus", str(seeds_copy), "--index", str(tmp_path / "idx")]
    assert cli(site, tmp_path, "index", *where, plugins="good").returncode == 0
    env = {**os.environ, **env_for(site, tmp_path, "good")}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "newsdesk", "search", "deepseek", *where,
                             "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "newsdesk.plugins.exporters.writers" in imported  # built-in plugins loaded
    assert "plugin 'good': command 'search' is already taken" in result.stderr  # so did the third-party one
    assert not any(name == "textual" or name.startswith("textual.") for name in imported)


def test_exporters_give_search_its_formats(seeds_copy, tmp_path):
    where = ["--corpus", str(seeds_copy), "--index", str(tmp_path / "idx")]
    md = run_cli("search", "deepseek", *where, "--format", "markdown", "-n", "2")
    assert md.returncode == 0, md.stderr
    lines = md.stdout.splitlines()
    assert lines[0] == "## Search: deepseek"
    assert lines[4] == "| id | title | date | path | score | author | outlet | snippet |"
    assert len([line for line in lines if line.startswith("| 00")]) == 2
    as_json = run_cli("search", "deepseek", *where, "--format", "json")
    assert as_json.stdout == run_cli("search", "deepseek", *where, "--json").stdout
    bad = run_cli("search", "deepseek", *where, "--format", "yaml")
    assert bad.returncode == 2
    assert "unknown format 'yaml' (formats: table, plain, json, jsonl, csv, markdown)" in bad.stderr
    both = run_cli("search", "deepseek", *where, "--json", "--format", "csv")
    assert both.returncode == 2 and "choose one output format" in both.stderr


def test_plugins_install_and_uninstall_explain_failures(tmp_path):
    missing = run_cli("plugins", "uninstall", "newsdesk-nothing-here")
    assert missing.returncode == 3
    assert "no installed plugin or package named 'newsdesk-nothing-here'" in missing.stderr
    itself = run_cli("plugins", "uninstall", "newsdesk")
    assert itself.returncode == 3 and "refusing to uninstall newsdesk itself" in itself.stderr
    bad = run_cli("plugins", "install", str(tmp_path / "no-such-folder"))
    assert bad.returncode == 3 and "pip could not install" in bad.stderr.splitlines()[-1]


def test_plugins_install_without_pip_says_what_to_do(tmp_path):
    """A pipx- or uv-made environment may have no pip: say how to add a plugin there."""
    blocker = tmp_path / "nopip"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class NoPip:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'pip' or name.startswith('pip.'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, NoPip())\n"
    )
    result = run_cli("plugins", "install", "anything", env={"PYTHONPATH": str(blocker)})
    assert result.returncode == 3
    assert "pip is not available in newsdesk's environment" in result.stderr
    assert "pipx inject newsdesk" in result.stderr and "uv tool install newsdesk --with" in result.stderr


def test_plugin_groups_and_exporters_fail_in_one_line(tmp_path, seeds_copy):
    site = tmp_path / "nested-site"
    fake_distribution(site, "newsdesk_nested.tools", {"nd_nested": NESTED}, {"nested": "nd_nested"})
    # Distribution names compare as PyPI's do: "newsdesk-nested-tools" is "newsdesk_nested.tools".
    deep = cli(site, tmp_path, "outer", "inner", "deep", plugins="newsdesk-nested-tools")
    assert deep.returncode == 3
    assert deep.stderr.strip() == "newsdesk: plugin 'nested': command 'outer inner deep' failed: LookupError: deep bug"
    strict = cli(site, tmp_path, "outer", "strict", "go", plugins="nested")
    assert strict.returncode == 3 and "Traceback" not in strict.stderr
    assert strict.stderr.strip() == "newsdesk: plugin 'nested': command 'outer strict' failed: AttributeError: callback bug"
    assert "never" not in strict.stdout
    where = ["--corpus", str(seeds_copy), "--index", str(tmp_path / "idx")]
    export = cli(site, tmp_path, "search", "deepseek", *where, "--format", "broken-format", plugins="nested")
    assert export.returncode == 3
    assert export.stderr.strip().splitlines()[-1] == \
        "newsdesk: plugin 'nested': exporter 'broken-format' failed: UnicodeError: exporter bug"


def test_uninstall_refuses_a_package_that_is_not_a_plugin():
    result = run_cli("plugins", "uninstall", "typer")
    assert result.returncode == 3
    assert "'typer' is installed but is not a newsdesk plugin" in result.stderr
