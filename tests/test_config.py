"""The config file, `newsdesk config ...`, and the user files (history, remembered
choices): defaults, every error as the command line reports it, atomic writes,
corrupt files kept aside, and two processes saving the same history."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from conftest import run_cli
from newsdesk.config import SETTINGS, ConfigError, config_path, load_config, starter_config
from newsdesk.userdata import (SearchHistory, UIState, atomic_write_text, data_dir, keep_aside, read_records,
                               state_dir, write_records)

FULL = """\
[corpus]
path = "news"

[tui]
theme = "nord"
debounce_ms = 80
history_size = 3

[keys]
"explorer.search" = "slash, ctrl+f"
"results.down" = ["j", "down"]
explorer.help = "f1"

[keys.reader]
next_match = "ctrl+n"
previous_match = "ctrl+p"

[entities]
model = "en_core_web_sm"
"""


@pytest.fixture
def config_file(isolated_dirs) -> Path:
    path = isolated_dirs / "xdg_config_home" / "newsdesk" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def one_line_error(result) -> str:
    """The run failed with exit 2 and one line on stderr, no traceback; that line."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsdesk: "), result.stderr
    assert result.stdout == ""
    return lines[0]


# -- reading the config ----------------------------------------------------------
def test_no_file_means_the_defaults(isolated_dirs):
    config = load_config()
    assert config.path == isolated_dirs / "xdg_config_home" / "newsdesk" / "config.toml"
    assert not config.exists and config.warnings == []
    assert (config.keymap, config.theme, config.corpus) == ({}, None, None)
    assert (config.debounce_ms, config.debounce, config.history_size) == (150, 0.15, 500)
    assert config.section("entities") == {}


def test_a_full_config(config_file):
    config_file.write_text(FULL)
    config = load_config()
    assert config.exists and config.warnings == []
    assert config.theme == "nord" and config.debounce_ms == 80 and config.history_size == 3
    assert config.corpus == str(config_file.parent / "news")  # relative to the file's folder
    # Quoted ids, unquoted dotted ids (nested tables in TOML) and lists all end as Textual keymap strings.
    assert config.keymap == {"explorer.search": "slash,ctrl+f", "results.down": "j,down",
                             "explorer.help": "f1", "reader.next_match": "ctrl+n",
                             "reader.previous_match": "ctrl+p"}
    assert config.section("entities") == {"model": "en_core_web_sm"}
    config.section("entities")["model"] = "changed"  # a copy: plugins cannot change each other's view
    assert config.section("entities") == {"model": "en_core_web_sm"}


def test_home_in_the_corpus_path_is_expanded(config_file, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    config_file.write_text('[corpus]\npath = "~/corpus"\n')
    assert load_config().corpus == str(tmp_path / "corpus")
    config_file.write_text(f'[corpus]\npath = "{tmp_path / "abs"}"\n')
    assert load_config().corpus == str(tmp_path / "abs")


def test_unknown_keys_are_warnings_and_plugin_tables_are_theirs(config_file):
    config_file.write_text('theme = "nord"\n[tui]\nthem = "nord"\n[tiu]\nx = 1\n[entities]\nmodel = "m"\n'
                           '[[saved]]\nquery = "a"\n')
    config = load_config()
    assert len(config.warnings) == 3 and all(w.startswith(f"{config_file}, line ") for w in config.warnings)
    said = "\n".join(config.warnings)
    assert "line 1: 'theme' is outside any table and newsdesk does not use it (did you mean theme in [tui]?)" in said
    assert "line 3: [tui] 'them' is not a setting newsdesk knows (did you mean theme?); ignored" in said
    assert "line 4: [tiu] is not one of newsdesk's tables (did you mean [tui]?); left for plugins" in said
    assert config.theme is None and config.sections["saved"] == [{"query": "a"}]


def test_check_names_against_what_the_explorer_has(config_file):
    config_file.write_text('[tui]\ntheme = "nrod"\n[keys]\n"reader.nxt_match" = "n"\n"results.down" = "j"\n')
    warnings = load_config().check_names(["reader.next_match", "results.down"], ["nord", "gruvbox"])
    assert len(warnings) == 2
    assert "'reader.nxt_match' is not a binding id (did you mean 'reader.next_match'?)" in warnings[0]
    assert "theme 'nrod' is not an available theme (did you mean 'nord'?)" in warnings[1]


ERRORS = [
    ("[tui]\ntheme = \n", "line 2, column 9: not valid TOML: invalid value"),
    ("[tui]\ndebounce_ms = 1\n[tui]\n", "line 3, column 5: not valid TOML: cannot declare [tui] twice"),
    ('[tui]\n\ndebounce_ms = "fast"\n', 'line 3: [tui] debounce_ms must be a whole number of milliseconds '
                                        'from 0 to 5000, not "fast"'),
    ("[tui]\ndebounce_ms = true\n", "line 2: [tui] debounce_ms must be"),
    ("[tui]\ndebounce_ms = 1.5\n", "[tui] debounce_ms must be"),
    ("[tui]\nhistory_size = -1\n", "line 2: [tui] history_size must be a whole number from 0 to 100000, not -1"),
    ("[tui]\ntheme = 3\n", "[tui] theme must be a theme name as a string"),
    ('[tui]\ntheme = ""\n', "[tui] theme must be"),
    ("[corpus]\npath = []\n", "[corpus] path must be a path"),
    ('tui = "dark"\n', "line 1: 'tui' must be a table ([tui]), not a string"),
    ('[keys]\n"explorer.search" = ""\n', "line 2: [keys] 'explorer.search' has an empty key"),
    ('[keys]\n"explorer.search" = "a,,b"\n', "[keys] 'explorer.search' has an empty key"),
    ('[keys]\n"explorer.search" = 5\n', "line 2: [keys] 'explorer.search' must be keys as a string"),
    ('[keys]\n"explorer.search" = ["a", 1]\n', "[keys] 'explorer.search' must be keys as a string"),
    ('[keys]\n"explorer.search" = "ctrl + f"\n', "'ctrl + f' is not a key name"),
    (b"[tui]\ntheme = \"caf\xe9\"\n", "line 2: not UTF-8 text (byte 0xe9)"),
]


@pytest.mark.parametrize("content, message", ERRORS, ids=[str(i) for i in range(len(ERRORS))])
def test_each_mistake_is_one_line_and_exit_2(config_file, content, message):
    if isinstance(content, bytes):
        config_file.write_bytes(content)
    else:
        config_file.write_text(content)
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert str(caught.value).startswith(str(config_file)) and message in str(caught.value)
    line = one_line_error(run_cli("config", "show"))
    assert line.startswith(f"newsdesk: {config_file}") and message in line


def test_a_folder_where_the_file_should_be(config_file):
    config_file.mkdir()
    assert one_line_error(run_cli("config", "show")) == f"newsdesk: {config_file}: is a folder, not a config file"


def test_a_bom_is_tolerated(config_file):
    config_file.write_bytes(b"\xef\xbb\xbf[tui]\ntheme = \"nord\"\n")
    assert load_config().theme == "nord"


# -- newsdesk config path / show / init / edit -------------------------------------
def test_config_path_follows_xdg_and_newsdesk_config(isolated_dirs, tmp_path):
    shown = run_cli("config", "path")
    assert shown.returncode == 0 and shown.stderr == ""
    assert shown.stdout == f"{isolated_dirs / 'xdg_config_home' / 'newsdesk' / 'config.toml'}\n"
    elsewhere = run_cli("config", "path", env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert elsewhere.stdout == f"{tmp_path / 'cfg' / 'newsdesk' / 'config.toml'}\n"
    chosen = run_cli("config", "path", env={"NEWSDESK_CONFIG": str(tmp_path / "mine.toml")})
    assert chosen.stdout == f"{tmp_path / 'mine.toml'}\n"
    assert not (tmp_path / "mine.toml").exists()  # printing the path creates nothing
    every = dict(line.split("\t") for line in run_cli("config", "path", "--all").stdout.splitlines())
    assert every == {"config": str(config_path()), "data": str(isolated_dirs / "xdg_data_home" / "newsdesk"),
                     "state": str(isolated_dirs / "xdg_state_home" / "newsdesk"),
                     "history": str(isolated_dirs / "xdg_state_home" / "newsdesk" / "history.jsonl"),
                     "ui-state": str(isolated_dirs / "xdg_state_home" / "newsdesk" / "ui-state.json")}


def test_config_show_prints_toml_that_reads_back(config_file):
    config_file.write_text(FULL + "[tui.extra]\n")  # a subtable newsdesk does not use
    shown = run_cli("config", "show")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == f"# {config_file}"
    assert tomllib.loads(shown.stdout) == {key: {k: v for k, v in table.items() if v is not None}
                                           for key, table in load_config().effective().items()}
    assert "[tui] 'extra' is not a setting" in shown.stderr
    as_json = json.loads(run_cli("config", "show", "--json").stdout)
    assert as_json["path"] == str(config_file) and as_json["exists"] is True
    assert as_json["config"]["tui"] == {"theme": "nord", "debounce_ms": 80, "history_size": 3}
    assert as_json["config"]["entities"] == {"model": "en_core_web_sm"}
    assert as_json["config"]["keys"]["results.down"] == "j,down"


def test_config_show_without_a_file(isolated_dirs):
    shown = run_cli("config", "show", "--json")
    assert shown.returncode == 0
    assert "no config file at" in shown.stderr and "the defaults" in shown.stderr
    assert json.loads(shown.stdout)["config"] == {"corpus": {"path": None, "backend": None, "dsn": None}, "keys": {},
                                                  "tui": {"theme": None, "debounce_ms": 150, "history_size": 500}}


def test_config_init_writes_a_starter_and_will_not_overwrite(config_file):
    config_file.parent.rmdir()  # init creates the folder
    made = run_cli("config", "init")
    assert made.returncode == 0, made.stderr
    assert config_file.read_text() == starter_config()
    starter = load_config()
    assert starter.warnings == [] and starter.effective() == load_config(config_file.parent / "none").effective()
    config_file.write_text("[tui]\ntheme = \"nord\"\n")
    refused = one_line_error(run_cli("config", "init"))
    assert "already exists" in refused and "--force" in refused
    assert load_config().theme == "nord"
    forced = run_cli("config", "init", "--force")
    assert forced.returncode == 0 and config_file.read_text() == starter_config()
    assert (config_file.parent / "config.toml.bak").read_text() == "[tui]\ntheme = \"nord\"\n"


def test_the_starter_names_every_option_and_a_remapping(tmp_path):
    starter = starter_config()
    for table, settings in SETTINGS.items():
        assert f"[{table}]" in starter
        for key in settings:
            assert f"# {key} = " in starter
    assert '# "reader.next_match" = ' in starter and "(? or F1)" in starter
    # Uncommented, the examples are a valid config.
    uncommented = re.sub(r"^# (\[\w+\]|\S+ = .*)$", r"\1", starter, flags=re.MULTILINE)
    path = tmp_path / "uncommented.toml"
    path.write_text(uncommented)
    config = load_config(path)
    assert config.warnings == [] and config.theme == "nord" and config.corpus.endswith("news/corpus")
    assert config.keymap == {"explorer.search": "slash,ctrl+f", "results.down": "j,down",
                             "reader.next_match": "n,ctrl+n"}
    assert config.section("entities") == {"model": "en_core_web_sm"}


def test_config_edit_opens_the_editor_then_checks(tmp_path, config_file):
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('[tui]\\ndebounce_ms = \"x\"\\n')\n")
    fine = run_cli("config", "edit", env={"EDITOR": "true", "VISUAL": ""})
    assert fine.returncode == 0 and config_file.read_text() == starter_config()
    assert "checked" in fine.stderr
    broken = run_cli("config", "edit", env={"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""})
    assert "cannot declare [tui] twice" in one_line_error(broken)


def test_the_config_commands_do_not_import_textual(config_file):
    config_file.write_text(FULL)
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "newsdesk", "config", "show"],
                            capture_output=True, text=True, env=os.environ, timeout=120)
    assert result.returncode == 0
    assert "newsdesk.config" in result.stderr
    assert not any(line.split("|")[-1].strip().startswith("textual") for line in result.stderr.splitlines()
                   if line.startswith("import time:"))


# -- where user files live ------------------------------------------------------------
def test_data_and_state_folders(isolated_dirs, monkeypatch, tmp_path):
    assert data_dir() == isolated_dirs / "xdg_data_home" / "newsdesk"
    assert state_dir() == isolated_dirs / "xdg_state_home" / "newsdesk"
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("NEWSDESK_STATE_DIR", str(tmp_path / "s"))
    assert (data_dir(), state_dir()) == (tmp_path / "d", tmp_path / "s")
    assert SearchHistory().path == tmp_path / "s" / "history.jsonl"
    assert UIState().path == tmp_path / "s" / "ui-state.json"


# -- atomic writes -------------------------------------------------------------------
def test_atomic_write_creates_the_folder_and_keeps_permissions(tmp_path):
    target = tmp_path / "new" / "file.txt"
    atomic_write_text(target, "one")
    assert target.read_text() == "one"
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    target.chmod(0o600)
    atomic_write_text(target, "two")
    assert target.read_text() == "two" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.txt"]


def test_atomic_write_follows_a_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch, failing):
    target = tmp_path / "history.jsonl"
    target.write_text("the old content\n")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError):
        atomic_write_text(target, "the new content, written into the temporary file first\n")
    monkeypatch.undo()
    assert target.read_text() == "the old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["history.jsonl"]  # no temporary file left behind


def test_versioned_records_round_trip(tmp_path):
    path = tmp_path / "aliases.jsonl"
    write_records(path, "aliases", 1, [{"merge": ["CCP", "Chinese Communist Party"]}])
    assert path.read_text().splitlines()[0] == '{"newsdesk": "aliases", "version": 1}'
    found = read_records(path, "aliases", 1)
    assert found.records == [{"merge": ["CCP", "Chinese Communist Party"]}]
    assert not (found.foreign or found.missing or found.bad_lines or found.newer)
    assert read_records(path, "history", 1).foreign
    assert read_records(tmp_path / "none", "aliases", 1).missing


def test_keep_aside_never_overwrites_an_earlier_backup(tmp_path):
    path = tmp_path / "f"
    for content in ("first", "second"):
        path.write_text(content)
        keep_aside(path)
    assert (tmp_path / "f.bak").read_text() == "first" and (tmp_path / "f.bak.2").read_text() == "second"


# -- search history --------------------------------------------------------------------
def test_history_dedupes_trims_and_persists(tmp_path):
    history = SearchHistory(tmp_path / "h.jsonl", size=3).load()
    for query in ["deepseek", "  ", "", "openai", "deepseek", " ban ", "moonshot"]:
        history.add(query)
    assert history.entries == ["deepseek", "ban", "moonshot"]  # newest last, repeat moved, trimmed to 3
    assert SearchHistory(tmp_path / "h.jsonl", size=3).load().entries == ["deepseek", "ban", "moonshot"]
    assert SearchHistory(tmp_path / "h.jsonl", size=2).load().entries == ["ban", "moonshot"]
    lines = (tmp_path / "h.jsonl").read_text().splitlines()
    assert json.loads(lines[0]) == {"newsdesk": "history", "version": 1}
    assert [json.loads(line)["query"] for line in lines[1:]] == ["deepseek", "ban", "moonshot"]
    assert all(json.loads(line)["at"].endswith("Z") for line in lines[1:])


def test_history_stores_untrusted_text_faithfully(tmp_path):
    odd = ['title:"hedge fund" AND NOT openai', "génération 中国 🙂", "line\nbreak\rreturn",
           "\x1b[31mred\x1b[0m [bold]markup[/bold]", "para\u2028sep\x85nel\u2029end", "lone \udc80 surrogate",
           '{"newsdesk": "history", "version": 9}']
    history = SearchHistory(tmp_path / "h.jsonl")
    for query in odd:
        history.add(query)
    again = SearchHistory(tmp_path / "h.jsonl").load()
    assert again.entries == odd and again.warnings == []


def test_size_zero_keeps_nothing(tmp_path):
    history = SearchHistory(tmp_path / "h.jsonl", size=0).load()
    history.add("deepseek")
    assert history.entries == [] and not (tmp_path / "h.jsonl").exists()


@pytest.mark.parametrize("content", [b"\x00\xff\xfe garbage", b"deepseek\nopenai\n", b'{"newsdesk": "ui-state"}\n',
                                     b'{"newsdesk": "history", "version": 0}\n'])
def test_a_foreign_or_corrupt_history_is_kept_aside(tmp_path, content):
    path = tmp_path / "h.jsonl"
    path.write_bytes(content)
    history = SearchHistory(path).load()
    assert history.entries == [] and not history.read_only
    assert len(history.warnings) == 1 and "kept as" in history.warnings[0]
    assert (tmp_path / "h.jsonl.bak").read_bytes() == content  # never lost
    history.add("deepseek")
    assert SearchHistory(path).load().entries == ["deepseek"]


def test_a_partly_corrupt_history_keeps_its_good_lines(tmp_path):
    path = tmp_path / "h.jsonl"
    content = (b'{"newsdesk": "history", "version": 1}\n{"query": "one"}\n{"query": \xff broken\n'
               b'[1, 2]\n{"query": "two", "at": "2026-01-01T00:00:00Z"}\n')
    path.write_bytes(content)
    history = SearchHistory(path).load()
    assert history.entries == ["one", "two"]
    assert "had 2 unreadable line(s)" in history.warnings[0]
    assert (tmp_path / "h.jsonl.bak").read_bytes() == content
    assert SearchHistory(path).load().warnings == []  # rewritten clean


def test_a_history_from_a_newer_newsdesk_is_left_alone(tmp_path):
    path = tmp_path / "h.jsonl"
    content = '{"newsdesk": "history", "version": 2}\n{"query": "one", "new": true}\n'
    path.write_text(content)
    history = SearchHistory(path).load()
    assert history.read_only and "newer newsdesk (version 2)" in history.warnings[0]
    assert history.entries == ["one"]
    history.add("two")
    assert history.entries == ["one", "two"]  # this session only
    assert path.read_text() == content and not (tmp_path / "h.jsonl.bak").exists()


def test_two_histories_merge_instead_of_overwriting(tmp_path):
    path = tmp_path / "h.jsonl"
    first, second = SearchHistory(path).load(), SearchHistory(path).load()
    first.add("from the first")
    second.add("from the second")
    first.add("again the first")
    assert SearchHistory(path).load().entries == ["from the first", "from the second", "again the first"]
    assert first.entries == ["from the first", "from the second", "again the first"]
    second.clear()
    assert SearchHistory(path).load().entries == []


def test_without_autosave_nothing_is_written_until_save(tmp_path):
    path = tmp_path / "h.jsonl"
    history = SearchHistory(path, autosave=False).load()
    history.add("deepseek")
    assert not path.exists()
    history.save()
    assert SearchHistory(path).load().entries == ["deepseek"]


WRITER = textwrap.dedent("""
    import sys
    from newsdesk.userdata import SearchHistory
    history = SearchHistory(sys.argv[1], size=1000).load()
    for number in range(int(sys.argv[3])):
        history.add(f"{sys.argv[2]} {number}")
""")


def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    path = tmp_path / "h.jsonl"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "60"]) for name in ("a", "b")]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    history = SearchHistory(path, size=1000).load()
    assert history.warnings == []
    assert sorted(history.entries) == sorted(f"{name} {n}" for name in ("a", "b") for n in range(60))
    assert [q for q in history.entries if q.startswith("a")] == [f"a {n}" for n in range(60)]  # each in order


# -- remembered choices ----------------------------------------------------------------
def test_ui_state_round_trip_and_merge(tmp_path):
    path = tmp_path / "ui-state.json"
    first, second = UIState(path).load(), UIState(path).load()
    first.set("panels", ["entities", "timeline"])
    first.save()
    second.set("theme", "nord")
    second.save()
    again = UIState(path).load()
    assert again.values == {"panels": ["entities", "timeline"], "theme": "nord"} and again.warnings == []
    document = json.loads(path.read_text())
    assert (document["newsdesk"], document["version"]) == ("ui-state", 1)
    with pytest.raises(TypeError):
        again.set("bad", object())


def test_a_corrupt_ui_state_is_kept_aside(tmp_path):
    path = tmp_path / "ui-state.json"
    path.write_text("{not json")
    state = UIState(path).load()
    assert state.values == {} and "kept as" in state.warnings[0]
    assert (tmp_path / "ui-state.json.bak").read_text() == "{not json"
    state.set("theme", "gruvbox")
    state.save()
    assert UIState(path).load().get("theme") == "gruvbox"


def test_a_newer_ui_state_is_read_but_not_overwritten(tmp_path):
    path = tmp_path / "ui-state.json"
    content = '{"newsdesk": "ui-state", "version": 7, "values": {"theme": "nord"}}'
    path.write_text(content)
    state = UIState(path).load()
    assert state.read_only and state.get("theme") == "nord"
    state.set("theme", "gruvbox")
    state.save()
    assert path.read_text() == content


def test_the_theme_picked_wins_until_the_config_line_changes(tmp_path):
    state = UIState(tmp_path / "ui-state.json").load()
    assert state.theme_for(None) is None and state.theme_for("nord") == "nord"
    state.remember_theme("gruvbox", config_theme="nord")  # picked in the explorer
    state.save()
    state = UIState(tmp_path / "ui-state.json").load()
    assert state.theme_for("nord") == "gruvbox"
    assert state.theme_for("dracula") == "dracula"  # the user edited the config since
    assert state.theme_for(None) is None  # the line was removed since


def test_a_history_that_cannot_be_saved_warns_and_typing_goes_on(tmp_path, monkeypatch):
    import newsdesk.userdata

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(newsdesk.userdata, "atomic_write_text", full)
    history = SearchHistory(tmp_path / "h.jsonl").load()
    history.add("deepseek")
    history.add("openai")
    assert history.entries == ["deepseek", "openai"]
    assert history.warnings == [f"cannot save the search history {tmp_path / 'h.jsonl'}: No space left on device"]
    monkeypatch.undo()
    history.add("ban")  # the next save carries what the failed ones could not
    assert SearchHistory(tmp_path / "h.jsonl").load().entries == ["deepseek", "openai", "ban"]


def test_a_history_that_cannot_be_read_is_not_saved(tmp_path):
    (tmp_path / "a-file").write_text("")
    history = SearchHistory(tmp_path / "a-file" / "h.jsonl").load()
    history.add("deepseek")
    assert history.read_only and history.entries == ["deepseek"]
    assert "cannot read the search history" in history.warnings[0] and "not saved this session" in history.warnings[0]


def test_config_init_where_nothing_can_be_written(tmp_path):
    (tmp_path / "a-file").write_text("")
    result = run_cli("config", "init", env={"NEWSDESK_CONFIG": str(tmp_path / "a-file" / "config.toml")})
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"newsdesk: cannot write {tmp_path / 'a-file' / 'config.toml'}: ")
    assert len(result.stderr.splitlines()) == 1
