"""The entities plugin on the seed corpus, end to end: spaCy finds the names,
aliases merge, types come out right, boilerplate stays out, searches resolve
aliases, the command line and the explorer's panel show them, and the user's
merge decisions survive re-indexing.

The seed strings live here, in the tests, never in the plugin's code.  The
seeds are indexed once for the module (spaCy is slow to load)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from newsdesk.plugins.entities import aliases
from newsdesk.plugins.entities.corpus import load_entities
from newsdesk.plugins.entities.extract import EntityAnalyzer, trim_span
from newsdesk.plugins.manager import PluginHost

from conftest import SEEDS, run_cli

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """(corpus, data dir): the seeds indexed with the entities plugin on."""
    home = tmp_path_factory.mktemp("entities")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSDESK_DATA_DIR", str(home / "data"))
        host = PluginHost(third_party=False, allow="", disable="", report=lambda p, m: None)
        corpus = host.open_corpus(str(SEEDS), str(home / "index"))
        report = corpus.update()
        assert not report.problems, report.problems
        yield corpus, home
        corpus.close()


def entity(entities, name: str) -> dict:
    key = aliases.fingerprint(name)
    for item in entities:
        if key in {aliases.fingerprint(n) for n in [item["name"], *item["aliases"]]}:
            return item
    raise AssertionError(f"no entity named {name!r}")


def test_names_written_differently_are_one_entity(indexed):
    corpus, _ = indexed
    entities = load_entities(corpus)
    assert entity(entities, "Wenfeng Liang") is entity(entities, "Liang Wenfeng")  # name order
    assert entity(entities, "Altman")["name"] == "Sam Altman"  # surname after the full name
    party = entity(entities, "CCP")  # acronym defined beside its long form
    assert party["name"] == "Chinese Communist Party" and "CCP" in party["aliases"]
    states = entity(entities, "United States")
    assert {"US", "U.S"} & set(states["aliases"])
    # A misspelling is a candidate for the user, not a silent merge.
    assert entity(entities, "Clement Delangue") is not entity(entities, "Clement Delaunge")
    candidates = [data for _, data, _ in corpus.corpus_results("entity_clusters", "candidate:")]
    assert any({c["a"], c["b"]} == {"Clement Delangue", "Clement Delaunge"} for c in candidates)


def test_types_of_people_and_organisations_in_headlines_and_bylines(indexed):
    corpus, _ = indexed
    entities = load_entities(corpus)
    for name in ("OpenAI", "DeepSeek", "Microsoft"):
        assert entity(entities, name)["type"] == "ORG", name
    for name in ("Sam Altman", "Liang Wenfeng", "Kurt Robson", "Ryan Xu", "Reese Morgan"):
        assert entity(entities, name)["type"] == "PERSON", name


def test_nothing_found_only_in_boilerplate_becomes_an_entity(indexed):
    corpus, _ = indexed
    names = {aliases.fingerprint(n) for e in load_entities(corpus) for n in [e["name"], *e["aliases"]]}
    analyzer = EntityAnalyzer()
    bodies, cut = [], []
    for article_id in [hit.id for hit in corpus.search("*", limit=50).hits]:
        article = corpus.article(article_id)
        # The byline's names are entities (PERSON, from the article's metadata).
        bodies.append("\n".join([article.body, *article.authors]).casefold())
        cut += [removed.text for removed in article.boilerplate]
    assert cut, "the seeds have boilerplate (author bios) to check"
    found_in_cut = {aliases.clean_name(ent.text) for doc in analyzer.nlp.pipe(cut) for ent in doc.ents}
    only_in_cut = {n for n in found_in_cut if n and not any(n.casefold() in body for body in bodies)}
    assert only_in_cut, "the boilerplate names something the bodies do not"
    assert not {aliases.fingerprint(n) for n in only_in_cut} & names


def test_searches_resolve_aliases(indexed):
    corpus, _ = indexed
    both = {h.id for h in corpus.search('entity:"Liang Wenfeng"').hits}
    assert both and {h.id for h in corpus.search('entity:"Wenfeng Liang"').hits} == both
    assert {h.id for h in corpus.search("entity:CCP").hits} == {h.id for h in corpus.search(
        'entity:"Chinese Communist Party"').hits} != set()
    assert corpus.search('person:"sam altman"').total >= 1
    assert corpus.search("org:openai").total >= 1


def test_spans_lose_determiners_and_possessives():
    text = "Officials at the Trump Administration's office said so."
    start = text.index("the Trump")
    assert text[slice(*trim_span(text, start, text.index(" office")))] == "Trump Administration"


def cli(home, *args, stdin=None):
    env = {"NEWSDESK_DATA_DIR": str(home / "data"), "NEWSDESK_DISABLE": ""}
    return run_cli(*args, "--corpus", str(SEEDS), "--index", str(home / "index"), env=env, input=stdin)


def test_the_entities_command(indexed):
    _, home = indexed
    result = cli(home, "entities", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert all(set(e) == {"name", "type", "aliases", "docs", "mentions"} for e in found)
    people = json.loads(cli(home, "entities", "--type", "person", "--json").stdout)
    assert people and all(e["type"] == "PERSON" for e in people)
    narrowed = json.loads(cli(home, "entities", "--query", 'title:"OpenAI Proposes"', "--json").stdout)
    assert narrowed and all(len(e["docs"]) == 1 for e in narrowed)
    bad = cli(home, "entities", "--type", "colour")
    assert bad.returncode == 2 and "unknown entity type 'colour'" in bad.stderr
    review = cli(home, "entities", "--review")
    assert review.returncode == 2 and "run it in a terminal" in review.stderr


def test_merge_decisions_survive_reindexing(indexed, tmp_path):
    _, home = indexed
    merged = cli(home, "entities", "merge", "Clement Delangue", "Clement Delaunge")
    assert merged.returncode == 0, merged.stderr
    rebuilt = cli(home, "index", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    found = json.loads(cli(home, "entities", "--type", "person", "--json").stdout)
    one = [e for e in found if "Clement Delaunge" in [e["name"], *e["aliases"]]]
    assert len(one) == 1 and {"Clement Delangue", "Clement Delaunge"} <= {one[0]["name"], *one[0]["aliases"]}
    assert "merge\tClement Delangue\tClement Delaunge" in (home / "data" / "entities" / "merges.txt").read_text()
    apart = cli(home, "entities", "unmerge", "Sam Altman", "Altman")
    assert apart.returncode == 0, apart.stderr
    cli(home, "entities", "unmerge", "Clement Delangue", "Clement Delaunge")


def test_the_co_mention_graph_exports_for_gephi(indexed):
    _, home = indexed
    for fmt, tag in (("gexf", "{http://gexf.net/1.3}node"), ("graphml", "{http://graphml.graphdrawing.org/xmlns}node")):
        result = cli(home, "entities", "graph", "--format", fmt)
        assert result.returncode == 0, result.stderr
        root = ET.fromstring(result.stdout)
        assert len(list(root.iter(tag))) > 10


def test_search_and_the_explorer_start_without_spacy(indexed):
    _, home = indexed
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(home / "data"), "NEWSDESK_DISABLE": ""}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "newsdesk", "search", "deepseek",
                             "--corpus", str(SEEDS), "--index", str(home / "index"), "--json"],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "newsdesk.plugins.entities.extract" in imported
    assert not any(name == "spacy" or name.startswith("spacy.") for name in imported)


def test_the_entities_panel_lists_groups_and_refines_the_query(indexed):
    import asyncio

    from textual.widgets import OptionList

    from newsdesk.tui.app import NewsdeskApp
    from newsdesk.tui.search_bar import SearchBar

    _, home = indexed

    async def drive():
        host = PluginHost(third_party=False, allow="", disable="", report=lambda p, m: None)
        app = NewsdeskApp(host, host.open_corpus(str(SEEDS), str(home / "index")), debounce=0)
        async with app.run_test(size=(140, 40)) as pilot:
            for _ in range(4):
                await app.workers.wait_for_complete()
                await pilot.pause()
            frame = app.explorer.panels.frame("entities")
            assert frame is not None and frame.alive
            if not frame.display:
                await pilot.press("escape", "e")
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            listing = frame.panel.query_one(OptionList)
            headings = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)
                        if listing.get_option_at_index(i).disabled]
            assert any(h.startswith("People") for h in headings) and any(h.startswith("Organisations") for h in headings)
            listing.focus()
            listing.highlighted = next(i for i in range(listing.option_count)
                                       if not listing.get_option_at_index(i).disabled)
            chosen = frame.panel.rows[0]["name"]
            await pilot.press("enter")
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert app.explorer.query_one(SearchBar).value == f'entity:"{chosen}"'
            assert app.explorer.results.total >= 1
            await pilot.press("m")
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert frame.panel.view == "mentions" and frame.panel.rows
            assert all(row["sentence"] for row in frame.panel.rows)

    asyncio.run(drive())


def test_a_plugin_command_piped_into_head_exits_cleanly(indexed):
    import shlex

    _, home = indexed
    command = " ".join(shlex.quote(part) for part in [sys.executable, "-m", "newsdesk", "entities", "--corpus",
                                                        str(SEEDS), "--index", str(home / "index")])
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(home / "data"), "NEWSDESK_DISABLE": ""}
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {command} | head -1"], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1 and result.stderr == ""


def test_the_timeline_of_an_entity_finds_every_spelling_of_it(indexed):
    """The timeline plugin reads the entities plugin's names (without importing
    it): `--entity` keeps the events whose sentence names the entity, however
    the article spelled it, and the events carry the entities they mention."""
    corpus, home = indexed
    written = {name for e in load_entities(corpus) if "Liang" in e["name"] for name in [e["name"], *e["aliases"]]}
    assert {"Liang Wenfeng", "Wenfeng Liang"} <= written
    for spelling in ("Wenfeng Liang", "liang wenfeng"):
        result = cli(home, "timeline", "--entity", spelling, "--json")
        assert result.returncode == 0, result.stderr
        found = [e for e in json.loads(result.stdout) if e["kind"] == "event"]
        assert found and all("liang" in e["sentence"].casefold() for e in found)
        assert any("Liang Wenfeng" in e["sentence"] for e in found)
        assert any(name in written for e in found for name in e["entities"])
    nobody = cli(home, "timeline", "--entity", "Nobody Atall", "--json")
    assert nobody.returncode == 1 and json.loads(nobody.stdout) == []


def test_the_timeline_entity_filter_finds_names_spacy_did_not_tag(indexed):
    """`--entity` reads the text too: the entities plugin being on never finds less."""
    corpus, home = indexed
    result = cli(home, "timeline", "--entity", "Liang", "--json")
    assert result.returncode == 0, result.stderr
    assert any("Liang" in e["sentence"] for e in json.loads(result.stdout))
