"""The example plugin `examples/newsdesk-quotes`: its quote finder on hand-written
text (attribution forms, scare quotes, unbalanced and hostile text), its hooks
through a `PluginHost`, and the real thing end to end: both distributions built
as wheels, pip-installed into a throwaway virtual environment, and driven through
that environment's own `newsdesk` command."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from conftest import BBC, REPO, SEEDS, needs

EXAMPLE = REPO / "examples" / "newsdesk-quotes"
sys.path.insert(0, str(EXAMPLE))  # the unit tests import the package from its folder

from newsdesk_quotes.finder import find_quotes  # noqa: E402
from newsdesk_quotes.marks import quoted_spans  # noqa: E402


@pytest.fixture(autouse=True)
def without_builtin_panels(monkeypatch):
    """The panels here are the tests' own; the built-in ones stay out of the layout."""
    monkeypatch.setenv("NEWSDESK_DISABLE", "entities,timeline,contradictions")


def quotes(text: str) -> list[tuple[str, str]]:
    """(speaker, quotation) pairs, checking each span points at its text."""
    found = find_quotes(text)
    for quote in found:
        assert text[quote.start:quote.end] == quote.text
    return [(q.speaker, q.text) for q in found]


def speakers(text: str) -> list[str]:
    return [speaker for speaker, _ in quotes(text)]


# -- attribution forms ------------------------------------------------------------------
@pytest.mark.parametrize("text, speaker", [
    ('"We will not back down," Maria Lopez said.', "Maria Lopez"),
    ('"We will not back down," said Maria Lopez.', "Maria Lopez"),
    ("“We will not back down,” Maria Lopez told Reuters on Tuesday.", "Maria Lopez"),
    ("“We will not back down,” Maria Lopez, the chief executive of Acme Corp, said.", "Maria Lopez"),
    ("Maria Lopez said: “We will not back down.”", "Maria Lopez"),
    ("Maria Lopez said, “We will not back down.”", "Maria Lopez"),
    ("Acme CEO Maria Lopez told the BBC that the firm would “never back down from this fight”.", "Maria Lopez"),
    ("“We will not back down,” said chief executive Maria Lopez, who joined in 2019.", "Maria Lopez"),
    ("Maria Lopez (马丽) has said that the company “will not back down from this fight”.", "Maria Lopez"),
    ("The plan “will not survive the winter”, according to Maria Lopez.", "Maria Lopez"),
    ("« Nous ne reculerons pas devant rien, » Maria Lopez said.", "Maria Lopez"),
    ("‘We will not back down,’ Maria Lopez said.", "Maria Lopez"),
    ("“Why should we back down now?” asked Maria Lopez.", "Maria Lopez"),
])
def test_attribution_after_and_before_the_quotation(text, speaker):
    assert speakers(text) == [speaker]


def test_surnames_titles_and_pronouns_resolve_to_the_full_name():
    text = ("Acme chief executive Maria Lopez spoke to staff on Monday.\n"
            "“Our margins are thin this year,” Ms Lopez said.\n"
            "“But we will invest in new plants,” she added.\n"
            "“The numbers speak for themselves,” the chief executive told analysts.\n"
            "Rival boss John Okafor disagreed. “This is a company in trouble,” he said.")
    assert speakers(text) == ["Maria Lopez", "Maria Lopez", "Maria Lopez", "John Okafor"]
    found = find_quotes(text)
    assert [q.how for q in found] == ["full name", "pronoun", "role", "pronoun"]
    assert found[0].verb == "said" and found[1].verb == "added" and found[2].verb == "told"


def test_he_does_not_resolve_to_a_speaker_called_she():
    text = ("“We are ready for the vote,” Anna Berg said.\n"
            "“It will be close and we know it,” she added.\n"
            "“I expect to win by a wide margin,” he said.")
    assert speakers(text) == ["Anna Berg", "Anna Berg", ""]


def test_descriptions_leave_the_speaker_unknown_but_keep_the_words():
    found = find_quotes("Some analysts warned, “This rally cannot last much longer.”\n"
                        "“We have seen this film before,” they said.")
    assert [(q.speaker, q.source, q.verb) for q in found] == [
        ("", "Some analysts", "warned"), ("", "they", "said")]


def test_a_sentence_with_two_quotations_and_one_attribution():
    text = "“The plan is dead,” Tom Reyes said, “and nobody will miss it at all.”"
    assert speakers(text) == ["Tom Reyes", "Tom Reyes"]
    text = 'Tom Reyes said the plan was "a total disaster" and "utterly unworkable in practice".'
    assert quotes(text) == [("Tom Reyes", "a total disaster"), ("Tom Reyes", "utterly unworkable in practice")]


def test_a_quotation_over_several_paragraphs_keeps_its_speaker():
    text = ("“The first thing we did was call the bank and ask for more time.\n\n"
            "“Then we called our lawyers, and that was the end of it,” said Priya Nair.")
    found = find_quotes(text)
    assert [q.speaker for q in found] == ["Priya Nair", "Priya Nair"]
    assert found[0].text.startswith("The first thing") and found[0].text.endswith("more time.")


def test_a_paragraph_that_is_only_a_quotation_continues_the_last_speaker():
    text = ("“We are going to fight this ruling,” said Priya Nair.\n\n"
            "“There is no doubt in my mind that the court got this one wrong.”\n\n"
            "The case continues.")
    assert speakers(text) == ["Priya Nair", "Priya Nair"]


# -- what is not quoted speech -------------------------------------------------------------
def test_no_quotation_marks_no_quotes():
    assert find_quotes("Maria Lopez said the company would not back down.") == []
    assert find_quotes("") == []


def test_scare_quotes_and_titles_are_not_speech():
    text = ("The company called its plan the “AI Action Plan” and said its R1 “reasoning” model was safe. "
            "Critics called it “censorship”. Its “Tier 1” list was leaked.")
    assert find_quotes(text) == []


def test_a_long_unattributed_quotation_has_an_unknown_speaker():
    assert quotes("“Nobody here expected the factory to close so soon after the merger.”") == [
        ("", "Nobody here expected the factory to close so soon after the merger.")]


def test_apostrophes_and_inches_are_not_quotation_marks():
    text = "It’s the players’ union’s call, and the 12\" screen isn't Bob's."
    assert quoted_spans(text) == [] and find_quotes(text) == []


def test_unbalanced_quotation_marks_do_not_swallow_the_text():
    text = ("Maria Lopez said “this will never work and walked out.\n"
            "Later, “We start again on Monday with a new team,” Tom Reyes said.\n"
            "A stray closing mark” here, and a stray opening “ there.")
    assert quotes(text) == [("Tom Reyes", "We start again on Monday with a new team,")]


def test_nested_quotations_stay_inside_the_outer_one():
    text = "“He told me ‘go home’ and I did exactly that,” Maria Lopez said."
    assert quotes(text) == [("Maria Lopez", "He told me ‘go home’ and I did exactly that,")]


def test_hostile_text_is_handled_quickly_and_safely():
    hostile = [
        "“" * 50_000,
        "”" * 50_000 + "\"" * 50_000,
        ("\"a\" " * 20_000) + "said",
        ("“x said y” " * 5_000),
        "\x1b[31m“Red alert, everyone,” said \x1b]8;;http://evil\x07Eve Mallory\x1b[0m.",
        "\u202e“Reversed text is a trick,” said Eve Mallory.\u202c",
        "“" + "word " * 100_000 + "” said Eve Mallory.",
        "said " * 20_000 + "“quoted text here now”",
        "\n".join(["“a b c d e f g"] * 5_000),
    ]
    for text in hostile:
        started = time.perf_counter()
        for quote in find_quotes(text):
            assert 0 <= quote.start <= quote.end <= len(text)
            assert text[quote.start:quote.end] == quote.text
        assert time.perf_counter() - started < 5, text[:40]


def test_the_seed_articles():
    """The seeds read as a reader would: who is quoted, and what is not speech."""
    found = {path.stem: find_quotes(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))}
    named = {stem: {q.speaker for q in qs if q.speaker} for stem, qs in found.items()}
    assert named["000_a87104d3ceeb3507"] == {"Clement Delaunge", "Sam Altman"}
    assert named["002_d86b51388400303c"] == {"Guo Jiakun"}
    # Article 003 puts only terms in quotation marks ("reasoning", "AI Action Plan").
    assert found["003_db8d85c80677fcae"] == [] and found["001_898deb4b01bdfc3a"] == []
    # The netizens of article 004 are quoted, with nobody named.
    assert len(found["004_2f6f94751758ff33"]) >= 4 and not named["004_2f6f94751758ff33"]


@needs(BBC)
def test_bbc_articles_it_has_never_seen():
    """General rules on unseen text: many quotations, most with a named speaker,
    every span exact, every speaker a short capitalised name."""
    files = sorted(BBC.glob("*/*.txt"))[::25]
    total = named = 0
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for quote in find_quotes(text):
            total += 1
            assert text[quote.start:quote.end] == quote.text
            if quote.speaker:
                named += 1
                assert quote.speaker[0].isupper() and len(quote.speaker.split()) <= 5, quote.speaker
    assert total > len(files) and named / total > 0.5


# -- the hooks, through a plugin host -------------------------------------------------------
@pytest.fixture
def quotes_corpus(seeds_copy, tmp_path):
    """The seeds indexed with the plugin registered on a host, as a test would
    register any plugin object; the host's problems are collected."""
    import newsdesk_quotes
    from newsdesk.plugins.manager import PluginHost

    problems = []
    host = PluginHost(third_party=False, report=lambda plugin, message: problems.append((plugin, message)))
    assert host.register(newsdesk_quotes, name="quotes")
    corpus = host.open_corpus(seeds_copy, tmp_path / "index")
    corpus.update()
    yield host, corpus, problems
    corpus.close()


def test_the_hooks_through_a_plugin_host(quotes_corpus):
    host, corpus, problems = quotes_corpus
    assert host.infos["quotes"].hooks == ["register_analyzers", "register_commands", "register_fields",
                                          "register_palette_commands", "register_panels"]
    [panel] = host.panels()
    assert (panel.id, panel.key, panel.plugin) == ("quotes", "u", "quotes")
    assert [c.name for c in host.palette_commands()] == [
        "Quotes: search the speakers of this article", "Quotes: list the speakers of this article"]
    assert problems == []
    [quote, *_] = corpus.annotations("000_a87104d3ceeb3507", kind="quote")
    body = corpus.article("000_a87104d3ceeb3507").body
    assert body[quote.start:quote.end] == quote.data["text"] and quote.analyzer == "quotes"
    assert quote.label == quote.data["speaker"] == "Clement Delaunge"
    hits = corpus.search('speaker:"sam   ALTMAN"')
    assert [hit.id for hit in hits.hits] == ["000_a87104d3ceeb3507"]
    assert corpus.search('speaker:"nobody at all"').total == 0


def test_palette_commands_use_the_open_article(quotes_corpus):
    from newsdesk_quotes.palette import palette_commands

    _, corpus, _ = quotes_corpus

    class Context:  # what the TUI hands a palette command (AppContext)
        query, results, article = "", None, None

        def __init__(self):
            self.corpus, self.queries, self.notes = corpus, [], []

        def set_query(self, text):
            self.queries.append(text)

        def open_article(self, article_id):
            raise AssertionError("not expected")

        def notify(self, message, severity="information"):
            self.notes.append(message)

    search, listing = palette_commands()
    context = Context()
    search.run(context)
    assert context.queries == [] and "open an article" in context.notes[-1]
    context.article = corpus.article("000_a87104d3ceeb3507")
    listing.run(context)
    assert context.notes[-1] == "Quoted here: Clement Delaunge; Sam Altman"
    search.run(context)
    assert context.queries == ['speaker:"Clement Delaunge" OR speaker:"Sam Altman"']
    assert corpus.search(context.queries[0]).total == 1
    context.article = corpus.article("003_db8d85c80677fcae")
    listing.run(context)
    assert context.notes[-1] == "Quotes: no named speaker in this article"


def test_the_quotes_panel_in_the_explorer(seeds_copy, tmp_path):
    """The real explorer: the panel follows the search and the article read,
    and enter on a quotation narrows the search to its speaker."""
    import asyncio

    from textual.widgets import OptionList

    import newsdesk_quotes
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.tui.app import NewsdeskApp
    from newsdesk.tui.search_bar import SearchBar
    from newsdesk_quotes.panel import QuotesPanel

    host = PluginHost(third_party=False)
    host.register(newsdesk_quotes, name="quotes")
    corpus = host.open_corpus(seeds_copy, tmp_path / "index")
    app = NewsdeskApp(host, corpus, debounce=0, export_dir=tmp_path / "exports")

    async def settle(pilot):
        for _ in range(4):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    async def drive():
        async with app.run_test(size=(110, 34)) as pilot:
            await settle(pilot)
            panel = app.explorer.query_one(QuotesPanel)
            assert app.panel_keys.get("quotes") == "u" and host.problems == []
            app.explorer.set_query("tiananmen")
            await settle(pilot)
            app.explorer.open_article("004_2f6f94751758ff33")
            await settle(pilot)
            assert panel.scope == "article 004_2f6f94751758ff33" and len(panel.rows) >= 4
            assert {row["speaker"] for row in panel.rows} == {""}
            app.explorer.open_article("000_a87104d3ceeb3507")
            await settle(pilot)
            assert [row["speaker"] for row in panel.rows] == ["Clement Delaunge", "Clement Delaunge", "Sam Altman"]
            assert panel.export_table().rows[2]["speaker"] == "Sam Altman"
            options = panel.query_one(OptionList)
            options.focus()
            options.highlighted = 2
            await pilot.press("enter")
            await settle(pilot)
            assert app.explorer.query_one(SearchBar).value.endswith('speaker:"Sam Altman"')
            assert app.explorer.results.total == 1
            assert panel.scope == "article 000_a87104d3ceeb3507"
            await pilot.press("t")  # the top results of the search instead
            await settle(pilot)
            assert panel.scope == 'top 1 results of tiananmen speaker:"Sam Altman"'
            assert len(panel.rows) == 3

    asyncio.run(drive())
    corpus.close()


def test_importing_the_plugin_does_not_import_textual_or_typer():
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import newsdesk_quotes; "
            "print(sorted(m for m in ('textual', 'typer') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# -- end to end: pip install into a fresh virtual environment ----------------------------------
def _can_build_offline() -> bool:
    """Whether this environment can build wheels without fetching setuptools (no build isolation)."""
    try:
        import setuptools
    except ImportError:
        return False
    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def _copy_sources(target: Path) -> tuple[Path, Path]:
    """Copies of newsdesk and the example to build from (builds leave files behind)."""
    skip = shutil.ignore_patterns(".git", ".venv", "__pycache__", "build", "dist", "*.egg-info", "tests",
                                  "bench", "examples", "docs", ".pytest_cache")
    repo = target / "newsdesk-src"
    shutil.copytree(REPO, repo, ignore=skip)
    example = target / "newsdesk-quotes-src"
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    return repo, example


def _dependencies_folder(target: Path) -> Path:
    """newsdesk's dependencies (textual, whoosh, typer, pip...) as they are installed
    for this interpreter, linked into one folder, minus newsdesk itself and any
    newsdesk plugin: the throwaway environment reuses them instead of
    downloading them, and sees no newsdesk it did not install."""
    target.mkdir()
    folders = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    for folder in map(Path, sorted(folders)):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            name = entry.name.lower()
            if name.startswith(("newsdesk", "__editable__", "_newsdesk")) or name.endswith(".pth"):
                continue
            if name.endswith(".dist-info") and "[newsdesk]" in _read(entry / "entry_points.txt"):
                continue  # another installed plugin
            if not (target / entry.name).exists():
                (target / entry.name).symlink_to(entry)
    return target


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


@pytest.fixture(scope="module")
def throwaway_env(tmp_path_factory):
    """A new virtual environment with newsdesk installed by pip from a wheel
    built from this repository, and the example plugin's wheel beside it."""
    root = tmp_path_factory.mktemp("e2e")
    repo, example = _copy_sources(root)
    wheels = root / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
             "-w", str(wheels)]
    if _can_build_offline():
        build.append("--no-build-isolation")
    done = subprocess.run([*build, str(repo), str(example)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "_newsdesk_test_deps.pth").write_text(str(_dependencies_folder(root / "deps")) + "\n")
    env = _child_env(root)
    [newsdesk_wheel] = wheels.glob("newsdesk-*.whl")
    done = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(newsdesk_wheel)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    [plugin_wheel] = wheels.glob("newsdesk_quotes-*.whl")
    return {"root": root, "python": python, "newsdesk": venv / "bin" / "newsdesk", "wheel": plugin_wheel,
            "env": env}


def _child_env(root: Path) -> dict[str, str]:
    """The environment of the throwaway venv's commands: its own home, caches
    and index root, and the quotes plugin allowed (the suite switches plugins off)."""
    home = root / "home"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV", "NEWSDESK_", "XDG_"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / "cache"), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"),
               NEWSDESK_INDEX_ROOT=str(root / "indexes"), NEWSDESK_PLUGINS="quotes", NO_COLOR="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_NO_INDEX="1")
    return env


def test_install_use_and_uninstall_the_example_plugin(throwaway_env, tmp_path):
    env, newsdesk = throwaway_env["env"], str(throwaway_env["newsdesk"])

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([newsdesk, *args], capture_output=True, text=True, env=env, timeout=300)

    def listed() -> list[dict]:
        result = run("plugins", "list", "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    assert listed() == []  # a fresh environment: no third-party plugin

    # Installed through newsdesk itself (pip in the venv's own environment, no index needed).
    installed = run("plugins", "install", str(throwaway_env["wheel"]))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "installed plugin: quotes" in installed.stderr
    [info] = listed()
    assert info["name"] == "quotes" and info["builtin"] is False and info["version"] == "0.1.0"
    assert info["distribution"] == "newsdesk-quotes" and info["loaded"] and info["error"] is None
    assert {"register_analyzers", "register_fields", "register_commands", "register_panels",
            "register_palette_commands"} <= set(info["hooks"])

    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    human = run("quotes", "--corpus", str(corpus), "--index", str(index))
    assert human.returncode == 0, human.stderr
    assert "000_a87104d3ceeb3507" in human.stdout and "“" in human.stdout
    as_json = run("quotes", "--corpus", str(corpus), "--index", str(index), "--json")
    assert as_json.returncode == 0, as_json.stderr
    found = json.loads(as_json.stdout)
    assert found and all(set(q) >= {"article", "title", "speaker", "text", "verb"} for q in found)
    speaker, article = next((q["speaker"], q["article"]) for q in found if q["speaker"])

    searched = run("search", f'speaker:"{speaker.upper()}"', "--corpus", str(corpus), "--index", str(index),
                   "--json")
    assert searched.returncode == 0, searched.stderr
    assert article in [hit["id"] for hit in json.loads(searched.stdout)["hits"]]

    only = run("quotes", "--corpus", str(corpus), "--index", str(index), "--speaker", speaker, "--json")
    assert {q["speaker"] for q in json.loads(only.stdout)} == {speaker}
    nobody = run("quotes", "--corpus", str(corpus), "--index", str(index), "--speaker", "Nobody Atall")
    assert nobody.returncode == 1 and nobody.stdout == "" and "no quotations" in nobody.stderr

    # Switched off: the command is gone, search still works.
    off = subprocess.run([newsdesk, "--no-plugins", "quotes"], capture_output=True, text=True, env=env, timeout=300)
    assert off.returncode == 2

    removed = run("plugins", "uninstall", "quotes")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert listed() == []
    assert run("quotes", "--corpus", str(corpus), "--index", str(index)).returncode == 2


# -- the tutorial in docs/plugins.md works as written ---------------------------------------
def _tutorial_module() -> str:
    text = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    marker = "```python\n# newsdesk_wordcount/__init__.py\n"
    start = text.index(marker) + len("```python\n")
    return text[start:text.index("```", start)]


def test_the_tutorial_plugin_from_the_docs(tmp_path, seeds_copy):
    from conftest import fake_distribution, run_cli

    site_dir = fake_distribution(tmp_path / "site", "newsdesk-wordcount", {"newsdesk_wordcount": _tutorial_module()},
                                 {"wordcount": "newsdesk_wordcount"}, version="0.1.0")
    env = {"PYTHONPATH": os.pathsep.join([str(site_dir), os.environ.get("PYTHONPATH", "")]),
           "NEWSDESK_PLUGINS": "wordcount"}
    listed = run_cli("plugins", "list", "--json", env=env)
    [info] = json.loads(listed.stdout)
    assert info["hooks"] == ["register_analyzers", "register_commands", "register_fields"] and info["error"] is None
    index = str(tmp_path / "index")
    long = run_cli("search", "words:>500", "--corpus", str(seeds_copy), "--index", index, "--json", env=env)
    assert long.returncode == 0, long.stderr
    short = run_cli("search", "words:[1 TO 500]", "--corpus", str(seeds_copy), "--index", index, "--json", env=env)
    assert json.loads(long.stdout)["total"] + json.loads(short.stdout)["total"] == 5
    counted = run_cli("wordcount", "--corpus", str(seeds_copy), "--index", index, env=env)
    assert counted.returncode == 0, counted.stderr
    lines = counted.stdout.splitlines()
    assert {line.split()[1] for line in lines} == {path.stem for path in SEEDS.glob("*.txt")}
    counts = [int(line.split()[0]) for line in lines]
    assert counts == sorted(counts, reverse=True) and counts[-1] > 0
    longer = {line.split()[1] for line in lines if int(line.split()[0]) > 500}
    assert longer == {hit["id"] for hit in json.loads(long.stdout)["hits"]}
