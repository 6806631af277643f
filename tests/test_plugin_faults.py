"""A third-party plugin that raises at any hook, or in anything it registered,
costs only what that plugin adds: newsdesk's commands go on, nothing already
indexed is lost, and the user's own files (entity merges, contradiction
verdicts, article metadata, search history, remembered choices) are unchanged.

The plugin (`FAULTY` below) is a real distribution on PYTHONPATH, loaded from
its entry point by the real command line.  It registers one working thing per
hook, and `FAULT=<point>` makes exactly one point raise: a hook itself, or a
method of what it registered.  Every hookspec must have a fault point here, so a
new hook cannot be added without this test covering it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import fake_distribution, run_cli

FAULTY = r'''
"""A plugin that works, except at the point named by $FAULT (raising $FAULT_KIND)."""
import os

from newsdesk.plugins import Annotation, IndexField, PaletteCommand, PanelSpec, hookimpl
from newsdesk.search import ReaderError, SourceArticle


def fault(point):
    if os.environ.get("FAULT") == point:
        if os.environ.get("FAULT_KIND") == "exit":
            raise SystemExit(f"faulty plugin exits at {point}")
        raise RuntimeError(f"faulty plugin fails at {point}")


class Reader:
    name = "faulty"
    extensions = (".faulty",)
    streams = False

    def read(self, source):
        fault("reader.read")
        text = source.path.read_text(encoding="utf-8")
        yield SourceArticle(text=text, title="A faulty-format note")


class Marks:
    name = "faultymarks"
    version = "1"

    def analyze(self, article):
        fault("analyzer.analyze")
        word = article.body.find("DeepSeek")
        return [Annotation("faultymark", word, word + 8, label="DeepSeek")] if word >= 0 else []


class Crossref:
    name = "faultycross"
    version = "1"

    def update(self, view, changed, removed):
        view.results.put("seen", {"n": len(view.article_ids())}, [])
        fault("corpus.update")


def marks(article, found):
    fault("field.values")
    return [len(found.get("faultymarks", []))]


class Exporter:
    name = "faulty"
    extension = ".faulty"
    description = "a format that may fail half-way"

    def write(self, table, out, first=True):
        out.write("partial output\n")
        fault("exporter.write")
        for row in table.rows:
            out.write(f"{row.get('id')}\n")


def palette_run(context):
    fault("palette.run")
    context.notify("faulty palette command ran")


@hookimpl
def register_readers(register):
    fault("register_readers")
    register(Reader())


@hookimpl
def register_analyzers(register):
    fault("register_analyzers")
    register(Marks())


@hookimpl
def register_corpus_analyzers(register):
    fault("register_corpus_analyzers")
    register(Crossref())


@hookimpl
def register_fields(register):
    fault("register_fields")
    register(IndexField("faultymarks", "number", values=marks))


@hookimpl
def register_backends(register):
    fault("register_backends")


@hookimpl
def register_panels(register):
    fault("register_panels")
    register(PanelSpec("faulty", "Faulty", "f9", "nd_faulty_panel:FaultyPanel"))


@hookimpl
def register_commands(cli):
    fault("register_commands")

    @cli.command("faulty-cmd")
    def faulty_cmd():
        """A command that may fail."""
        fault("command.run")
        print("faulty command ran")


@hookimpl
def register_palette_commands(register):
    fault("register_palette_commands")
    register(PaletteCommand("Faulty command", "may fail", palette_run))


@hookimpl
def register_exporters(register):
    fault("register_exporters")
    register(Exporter())
'''

FAULTY_PANEL = r'''
"""The faulty plugin's panel (Textual is imported only here)."""
from textual.widgets import Static

from newsdesk.plugins.panels import Panel
from nd_faulty import fault


class FaultyPanel(Panel):
    def compose(self):
        fault("panel.compose")
        yield Static("faulty panel")

    def on_query_changed(self, message):
        fault("panel.query_changed")
'''

# The hooks, then methods of what the plugin registers.
HOOK_POINTS = ["register_readers", "register_analyzers", "register_corpus_analyzers", "register_fields",
               "register_backends", "register_panels", "register_commands", "register_palette_commands",
               "register_exporters"]
CLI_POINTS = ["reader.read", "analyzer.analyze", "corpus.update", "field.values", "exporter.write", "command.run"]
QUERIES = ["deepseek", "distillation AND ban", "title:censorship", "faultyword"]


def test_every_hook_has_a_fault_point():
    from newsdesk.plugins import hookspecs

    hooks = {name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "newsdesk_spec")}
    assert hooks == set(HOOK_POINTS)


def user_files(*folders: Path) -> dict[str, str]:
    """Every file under `folders` (the user's data, state and corpus sidecars), by path, with a digest."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.endswith(".lock"):
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def sidecars(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.meta.json"))


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """The seeds plus one file in the plugin's own format, indexed with the
    plugin working, and the user's files made through newsdesk itself."""
    root = tmp_path_factory.mktemp("faults")
    site = root / "site"
    fake_distribution(site, "newsdesk-faulty", {"nd_faulty": FAULTY, "nd_faulty_panel": FAULTY_PANEL},
                      {"faulty": "nd_faulty"})
    corpus = root / "corpus"
    shutil.copytree(Path(__file__).parent.parent / "seeds", corpus)
    (corpus / "note.faulty").write_text("A faultyword note about DeepSeek and its models.\n", encoding="utf-8")
    home = root / "home"
    env = {"PYTHONPATH": str(site), "NEWSDESK_PLUGINS": "faulty", "NEWSDESK_DISABLE": "entities",
           "NEWSDESK_DATA_DIR": str(home / "data"), "NEWSDESK_STATE_DIR": str(home / "state"),
           "FAULT": "none"}
    index = root / "index"
    done = run_cli("index", "-c", str(corpus), "--index", str(index), env=env)
    assert done.returncode == 0, done.stderr

    found = json.loads(run_cli("search", "-c", str(corpus), "--index", str(index), "--json", "deepseek",
                               env=env).stdout)
    first, second = found["hits"][0]["id"], found["hits"][1]["id"]
    made = run_cli("meta", first, "-c", str(corpus), "--index", str(index), "--date", "2024-02-03", env=env)
    assert made.returncode == 0, made.stderr
    listed = run_cli("contradictions", "-c", str(corpus), "--index", str(index), "--json", env=env)
    conflict = json.loads(listed.stdout)[0]["id"]
    marked = run_cli("contradictions", "mark", conflict, "confirmed", "-c", str(corpus), "--index", str(index),
                     env=env)
    assert marked.returncode == 0, marked.stderr

    # The entities plugin (spaCy) is off here; its merges file and the
    # explorer's history and choices are written through their own classes.
    os.environ.update({k: env[k] for k in ("NEWSDESK_DATA_DIR", "NEWSDESK_STATE_DIR")})
    try:
        from newsdesk.plugins.entities.decisions import Decisions
        from newsdesk.userdata import SearchHistory, UIState

        decisions = Decisions.load()
        decisions.merge("Liang Wenfeng", "Wenfeng Liang")
        decisions.save()
        history = SearchHistory().load()
        for query in ("deepseek", "ban NOT china"):
            history.add(query)
        history.save()
        state = UIState().load()
        state.set("theme", "textual-light")
        state.save()
    finally:
        for key in ("NEWSDESK_DATA_DIR", "NEWSDESK_STATE_DIR"):
            os.environ.pop(key, None)

    totals = totals_of({"corpus": corpus, "index": index}, env)
    assert totals["faultyword"] == 1  # the plugin's own reader made that article
    pristine = root / "pristine"
    for name, folder in (("corpus", corpus), ("index", index), ("home", home)):
        shutil.copytree(folder, pristine / name, symlinks=True)
    return {"root": root, "pristine": pristine, "corpus": corpus, "index": index, "home": home, "env": env,
            "second": second, "totals": totals}


@pytest.fixture
def world(prepared):
    """The prepared corpus, index and user files, as they were before any test
    changed them (restored in place: an index remembers its corpus's path)."""
    for name in ("corpus", "index", "home"):
        shutil.rmtree(prepared[name])
        shutil.copytree(prepared["pristine"] / name, prepared[name], symlinks=True)
    return prepared


def no_traceback(done) -> None:
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr


def totals_of(world, env) -> dict[str, int]:
    """Each of QUERIES's totals, from one `newsdesk search -` reading them on stdin."""
    done = run_cli("search", "-c", str(world["corpus"]), "--index", str(world["index"]), "--json", "-",
                   input="\n".join(QUERIES) + "\n", env=env)
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    return {answer["query"]: answer["total"] for answer in answers}


# SystemExit takes other paths than exceptions where newsdesk calls the plugin's
# code itself: plugin commands and registered objects' methods.
POINTS = [(point, "error") for point in HOOK_POINTS + CLI_POINTS] + \
         [(point, "exit") for point in ["register_commands"] + CLI_POINTS]


@pytest.mark.parametrize(("point", "kind"), POINTS)
def test_a_plugin_raising_anywhere_loses_nothing(world, point, kind):
    corpus, index = str(world["corpus"]), str(world["index"])
    before = user_files(world["home"], world["corpus"])
    env = {**world["env"], "FAULT": point, "FAULT_KIND": kind}
    (world["corpus"] / "later.txt").write_text("A later article about DeepSeek distillation.\n", encoding="utf-8")
    (world["corpus"] / "later.faulty").write_text("A later note in the plugin's own format.\n", encoding="utf-8")

    # An index run with the fault: it completes, naming the plugin when it
    # ran the failing code.
    done = run_cli("index", "-c", corpus, "--index", index, env=env)
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    if point in HOOK_POINTS[:4] + CLI_POINTS[:4] + ["register_commands"]:
        assert "faulty" in done.stderr, done.stderr

    # Searching still answers, with everything already indexed (the plugin's
    # own article included, even when its reader cannot run now).
    with_fault = totals_of(world, env)
    assert with_fault["faultyword"] == 1
    assert with_fault["title:censorship"] == world["totals"]["title:censorship"]
    assert with_fault["deepseek"] == world["totals"]["deepseek"] + 1  # later.txt

    if point in ("exporter.write", "register_exporters"):  # a clean failure, not half a file
        exported = run_cli("search", "-c", corpus, "--index", index, "--format", "faulty", "deepseek", env=env)
        no_traceback(exported)
        assert exported.returncode != 0 and len(exported.stderr.strip().splitlines()) <= 2, exported.stderr
    if point in ("command.run", "register_commands"):  # one line
        ran = run_cli("faulty-cmd", env=env)
        no_traceback(ran)
        assert ran.returncode != 0 and len(ran.stderr.strip().splitlines()) <= 2, ran.stderr

    # Correcting an article's date still works, and re-indexes it.
    meta = run_cli("meta", world["second"], "-c", corpus, "--index", index, "--date", "2023-05-06", env=env)
    no_traceback(meta)
    assert meta.returncode == 0, meta.stderr

    # The user's files: untouched, but for the one sidecar just written.
    after = user_files(world["home"], world["corpus"])
    written = [p for p in after if p not in before]
    assert all(p.endswith((".meta.json", "later.txt", "later.faulty")) for p in written), written
    assert {p: d for p, d in after.items() if p in before} == before
    assert any(json.loads(Path(p).read_text()).get("date") == "2023-05-06"
               for p in written if p.endswith(".meta.json"))

    # With the plugin mended, the next run completes and finds everything.
    healed = run_cli("index", "-c", corpus, "--index", index, env=world["env"])
    no_traceback(healed)
    assert healed.returncode == 0, healed.stderr
    assert "faulty" not in healed.stderr, healed.stderr
    assert totals_of(world, world["env"]) == with_fault


def test_a_working_plugin_command_and_exporter(world):
    """The fault points above are real: with no fault, the plugin's command and
    exporter work."""
    corpus, index = str(world["corpus"]), str(world["index"])
    ran = run_cli("faulty-cmd", env=world["env"])
    assert ran.returncode == 0 and "faulty command ran" in ran.stdout, ran.stderr
    exported = run_cli("search", "-c", corpus, "--index", index, "--format", "faulty", "deepseek", env=world["env"])
    assert exported.returncode == 0 and exported.stdout.startswith("partial output\n"), exported.stderr
    assert len(exported.stdout.splitlines()) == 1 + world["totals"]["deepseek"]


# -- the explorer ---------------------------------------------------------------------
# The hooks themselves fail as in the command line (tested above), and a panel's
# handlers raising exceptions is tests/test_tui_plugins.py's; here, the explorer
# calling the plugin's panel, palette command and exporter.
TUI_FAULTS = [("panel.compose", "exit"), ("palette.run", "exit"), ("exporter.write", "error")]


@pytest.mark.parametrize(("point", "kind"), TUI_FAULTS)
def test_the_explorer_keeps_the_users_work_whatever_a_plugin_raises(world, point, kind, monkeypatch):
    """Searching, reading, the plugin's panel, its palette command and its
    exporter, with one of them failing: the explorer goes on, the search is
    added to the history, and no other file of the user's changes."""
    import asyncio
    import sys

    from textual.widgets import Input

    from newsdesk.plugins.manager import PluginHost
    from newsdesk.search import open_corpus
    from newsdesk.tui.app import NewsdeskApp
    from newsdesk.tui.results import ResultsList
    from newsdesk.tui.search_bar import SearchBar
    from newsdesk.userdata import SearchHistory, UIState

    monkeypatch.syspath_prepend(str(world["root"] / "site"))
    for key in ("NEWSDESK_DATA_DIR", "NEWSDESK_STATE_DIR"):
        monkeypatch.setenv(key, world["env"][key])
    monkeypatch.setenv("FAULT", point)
    monkeypatch.setenv("FAULT_KIND", kind)
    monkeypatch.delitem(sys.modules, "nd_faulty", raising=False)
    import nd_faulty

    host = PluginHost(third_party=False, report=lambda plugin, message: None)
    host.register(nd_faulty, name="faulty")
    corpus = open_corpus(world["corpus"], index_dir=world["index"], extensions=host.extensions())
    exports = world["home"] / "data" / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    earlier = exports / "newsdesk-deepseek.faulty"
    earlier.write_text("an earlier export\n", encoding="utf-8")
    before = user_files(world["home"], world["corpus"])
    state = Path(world["env"]["NEWSDESK_STATE_DIR"])
    history = SearchHistory(state / "history.jsonl").load()
    app = NewsdeskApp(host, corpus, debounce=0, export_dir=exports, history=history,
                      ui_state=UIState(state / "ui-state.json").load())

    async def settle(pilot) -> None:
        for _ in range(4):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    async def drive() -> None:
        async with app.run_test(size=(110, 34)) as pilot:
            await settle(pilot)
            bar = app.explorer.query_one(SearchBar)
            if app.focused is not bar:
                await pilot.press("slash")
            await pilot.press(*"deepseek AND ban")
            await pilot.press("enter")
            await settle(pilot)
            assert app.explorer.results.query == "deepseek AND ban" and app.explorer.results.total >= 1
            app.explorer.query_one(ResultsList).focus()
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("f9")  # the plugin's panel
            await settle(pilot)
            for command in ("Faulty command", "Export results as faulty"):
                await pilot.press("ctrl+p")
                await pilot.pause()
                await pilot.press(*command)
                await settle(pilot)
                await pilot.press("down", "enter")
                await settle(pilot)
                if isinstance(app.focused, Input) and app.screen is not app.explorer.screen:
                    await pilot.press("escape")
            assert app.is_running
            await pilot.press("ctrl+q")

    asyncio.run(drive())

    after = user_files(world["home"], world["corpus"])
    history_file = str(state / "history.jsonl")
    assert "deepseek AND ban" in (state / "history.jsonl").read_text(encoding="utf-8")
    assert "ban NOT china" in (state / "history.jsonl").read_text(encoding="utf-8")
    new = {p for p in after if p not in before}
    unchanged = {p: d for p, d in after.items() if p in before and p != history_file and "ui-state" not in p}
    assert unchanged == {p: d for p, d in before.items() if p != history_file and "ui-state" not in p}
    assert earlier.read_text(encoding="utf-8") == "an earlier export\n"
    assert all(Path(p).parent == exports for p in new), new
    if point in ("exporter.write", "register_exporters"):
        assert not new, new  # no half-written export is left behind
