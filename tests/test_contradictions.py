"""The contradictions plugin: each typed check on sentence pairs written for
the purpose (invented names, nothing from the seeds), with pairs that must
not be flagged; candidate pairs through the inverted lists; the corpus
analyzer incremental; verdicts that survive re-indexing; the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsdesk.plugins.contradictions import analyzer as analyzer_module
from newsdesk.plugins.contradictions.analyzer import fold
from newsdesk.plugins.contradictions.checks import check
from newsdesk.plugins.contradictions.claims import read_claims
from newsdesk.plugins.contradictions.lexicon import base
from newsdesk.plugins.contradictions.pairs import ClaimIndex, all_pairs
from newsdesk.plugins.manager import PluginHost

from conftest import run_cli


def claim(text: str, doc: str = "d"):
    found = read_claims(doc, text, [(0, len(text))], [])
    assert found, f"not read as a claim: {text}"
    return found[0]


def same(a: str, b: str) -> bool:
    return sorted(fold(a).split()) == sorted(fold(b).split())


def key(name: str) -> str:
    return " ".join(sorted(fold(name).split()))


def conflicts(text_a: str, text_b: str) -> list:
    """What the plugin finds between two sentences of two articles: the pair
    must come out of the inverted lists, then the checks run."""
    a, b = claim(text_a, "a"), claim(text_b, "b")
    index = ClaimIndex([a, b], key)
    pairs = list(index.candidates())
    if not pairs:
        return []
    return check(a, b, text_a, text_b, same, pairs[0].similarity)


def types(text_a: str, text_b: str) -> set[str]:
    return {finding.type for finding in conflicts(text_a, text_b)}


# -- negation ----------------------------------------------------------------------------
@pytest.mark.parametrize("a, b", [
    ("Under the new rules the regulator requires Norvik Bank to provide customer records to the ministry.",
     "Norvik Bank's systems do not provide customer records to the ministry, its auditors found."),
    ("Acme Foundry is controlled by the provincial government, officials said.",
     "There is no evidence that Acme Foundry is controlled by the provincial government."),
    ("Zorvan Logistics has close links to the defence ministry.",
     "Despite the lack of a clear link between Zorvan Logistics and the defence ministry, the deal went ahead."),
    ("Regulators found that Halden Mobile shares location data with advertisers.",
     "Halden Mobile never shares location data with advertisers, the company insisted."),
])
def test_negation(a, b):
    found = conflicts(a, b)
    assert "negation" in {f.type for f in found}, found
    finding = next(f for f in found if f.type == "negation")
    assert "\u201c" in finding.explanation and (finding.spans_a or finding.spans_b)


@pytest.mark.parametrize("a, b", [
    ("Acme Foundry did not sell the Ohio plant last year.", "Acme Foundry has not sold the Ohio plant."),
    ("Acme Foundry did not sell its Ohio plant to investors.", "Globex Metals sold its Ohio plant to investors."),
    ("Halden Mobile does not sell phones in Norway.", "Halden Mobile sells tablets through partners in Norway."),
])
def test_not_negation(a, b):
    assert "negation" not in types(a, b)


# -- conflicting values --------------------------------------------------------------------
@pytest.mark.parametrize("a, b, shown", [
    ("Veltra Systems was founded in 2019 by two engineers from Oslo.",
     "Veltra Systems, which was founded in 2021, makes industrial sensors.", "2019 / 2021"),
    ("Training the Orion model cost $6 million, Veltra Systems said.",
     "Training the Orion model cost $500 million, according to rivals of Veltra Systems.", "$6 million / $500 million"),
    ("Veltra Systems is a spin-off from a hedge fund called Bluerock.",
     "Veltra Systems was incubated by the hedge fund Castlegate.", "Bluerock / Castlegate"),
    ("Morlan Pharma cut 1,200 jobs at its Leeds site this spring.",
     "Morlan Pharma cut 300 jobs at its Leeds site this spring, the union said.", "1,200 jobs / 300 jobs"),
])
def test_conflicting_values(a, b, shown):
    found = [f for f in conflicts(a, b) if f.type == "value"]
    assert found and shown in found[0].explanation, conflicts(a, b)


@pytest.mark.parametrize("a, b", [
    ("Veltra Systems was founded in 2019.", "Founded in 2019, Veltra Systems makes sensors for factories."),
    ("In 2022 revenue at Veltra Systems was $5 million.", "In 2023 revenue at Veltra Systems was $9 million."),
    ("Training the Orion model cost Veltra Systems $6 million.", "Training the Orion model cost Veltra Systems $6.05 million."),
    ("Veltra Systems runs its models on clouds such as Amazon, Microsoft and Google.",
     "Veltra Systems runs its models on clouds such as Oracle."),
    ("Veltra Systems was founded by engineer Ada Brun in 2019.", "Engineer Ada Brun founded Veltra Systems in 2019."),
    ("The founder of Veltra Systems, Liang Wen, met the minister.", "Veltra Systems founder Wen Liang met the minister."),
])
def test_not_conflicting_values(a, b):
    assert "value" not in types(a, b)


# -- antonyms ----------------------------------------------------------------------------
@pytest.mark.parametrize("a, b, words", [
    ("Shares of Veltra Systems rose sharply after the earnings report on Tuesday.",
     "Shares of Veltra Systems fell sharply after the earnings report on Tuesday.", ("rose", "fell")),
    ("Security researchers said the Orion app from Veltra Systems is secure for public use.",
     "Security researchers said the Orion app from Veltra Systems is insecure for public use.", ("secure", "insecure")),
    ("The board of Morlan Pharma approved the merger with its rival.",
     "The board of Morlan Pharma disapproved of the merger with its rival.", ("approved", "disapproved")),
])
def test_antonyms(a, b, words):
    found = [f for f in conflicts(a, b) if f.type == "antonym"]
    assert found and all(w in found[0].explanation for w in words), conflicts(a, b)


@pytest.mark.parametrize("a, b", [
    ("Veltra Systems raised its prices in March.", "In March, Veltra Systems increased its prices."),
    ("The Orion app from Veltra Systems is not secure.", "The Orion app from Veltra Systems is insecure."),
    ("Shares of Veltra Systems rose on Monday.", "Shares of Morlan Pharma fell on Monday."),
])
def test_not_antonyms(a, b):
    assert "antonym" not in types(a, b)


def test_base_forms_for_antonyms():
    assert [base(w) for w in ("fell", "rose", "rising", "increased", "secured", "won", "stopped")] == \
        ["fall", "rise", "rise", "increase", "secure", "win", "stop"]


# -- stance --------------------------------------------------------------------------------
@pytest.mark.parametrize("a, b", [
    ("Veltra Systems copied the chip design from its rival Morlan.",
     "Allegations that Veltra Systems copied the chip design from its rival remain unproven."),
    ("Lawmakers said the export ban on Veltra Systems chips is necessary to protect customer data.",
     "Critics called the export ban on Veltra Systems chips hypocritical and protectionist."),
])
def test_stance(a, b):
    assert "stance" in types(a, b), conflicts(a, b)


@pytest.mark.parametrize("a, b", [
    ("Allegations that Veltra Systems copied the design remain unproven.",
     "The allegations that Veltra Systems copied the design are unproven, its lawyers said."),
    ("Veltra Systems copied the chip design from its rival, a court found.",
     "Veltra Systems copied the chip design from its rival, the court ruled on Monday."),
])
def test_not_stance(a, b):
    assert not types(a, b) - {"value"}


# -- what is not a claim, attribution ------------------------------------------------------
def test_questions_and_tiny_sentences_are_not_claims():
    assert read_claims("d", "Did Veltra Systems copy the design?", [(0, 35)], []) == []
    assert read_claims("d", "Veltra rose.", [(0, 12)], []) == []


@pytest.mark.parametrize("text, speaker", [
    ("Veltra Systems claims that the chip is safe for children.", "Veltra Systems"),
    ("The chip is safe for children, according to Veltra Systems.", "Veltra Systems"),
    ("An accusation by Morlan Pharma that Veltra copied the design was rejected.", "Morlan Pharma"),
    ("Critics argue that the Veltra chip is unsafe for children.", "critics"),
    ("The Veltra chip is safe for children and cheap to make.", None),
])
def test_attribution(text, speaker):
    assert claim(text).speaker == speaker


# -- candidate pairs ----------------------------------------------------------------------
def test_pairs_come_from_shared_entities_and_terms_not_all_pairs():
    texts = [f"Company{chr(65 + i)} Holdings reported strong sales of widgets in the northern region."
             for i in range(30)]
    texts += ["Veltra Systems was founded in 2019 by two engineers from Oslo.",
              "Veltra Systems, which was founded in 2021, makes industrial sensors."]
    claims = [claim(t, f"d{i}") for i, t in enumerate(texts)]
    index = ClaimIndex(claims, key)
    pairs = list(index.candidates())
    assert len(pairs) < all_pairs(len(claims)) / 50
    assert any({claims[p.a].doc, claims[p.b].doc} == {"d30", "d31"} for p in pairs)
    focused = list(index.candidates(focus=[31]))
    assert [(p.a, p.b) for p in focused] == [(30, 31)]


# -- the corpus analyzer, incremental; verdicts ------------------------------------------
ARTICLES = {
    "one.txt": "Veltra Systems raises money\n\nVeltra Systems was founded in 2019 by two engineers from Oslo, "
               "and it now sells industrial sensors to carmakers across Europe and Asia.\n",
    "two.txt": "Sensor makers\n\nVeltra Systems, which was founded in 2021, makes industrial sensors that "
               "carmakers in Europe buy for their factories, the company's chief executive said.\n",
    "three.txt": "Unrelated\n\nThe harbour of Tarnby reopened after storms closed it for two weeks in "
                 "January, the port authority said on Monday morning.\n",
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    host = PluginHost(third_party=False, report=lambda p, m: None)
    corpus = host.open_corpus(folder, tmp_path / "index")
    report = corpus.update()
    assert not report.problems, report.problems
    yield corpus, folder
    corpus.close()


def listed(corpus, **options):
    from newsdesk.plugins.contradictions import conflicts as reading
    from newsdesk.plugins.contradictions.verdicts import Verdicts

    return reading.load(corpus, verdicts=Verdicts(), **options)


def test_the_analyzer_finds_it_and_reads_only_what_changed(corpus, monkeypatch):
    corpus, folder = corpus
    found = listed(corpus)
    assert [(r["type"], {r["a"]["doc"], r["b"]["doc"]}) for r in found] == [("value", {"one", "two"})]
    assert "2019" in found[0]["explanation"] and "2021" in found[0]["explanation"]
    # Adding an article reads its claims only, and pairs it with the rest.
    read = []
    original = analyzer_module.article_claims
    monkeypatch.setattr(analyzer_module, "article_claims", lambda article, notes: read.append(article.id) or
                        original(article, notes))
    loaded = []
    original_from_dict = analyzer_module.Claim.from_dict
    monkeypatch.setattr(analyzer_module.Claim, "from_dict",
                        classmethod(lambda cls, data: loaded.append(data["doc"]) or original_from_dict(data)))
    (folder / "four.txt").write_text("More sensors\n\nVeltra Systems, founded in 2017 according to its "
                                     "filings, says its sensors are used by carmakers in Europe.\n")
    corpus.update()
    assert read == ["four"]
    assert {"one", "two", "four"} <= set(loaded) and "three" not in loaded  # no shared entity: not read
    pairs = {frozenset((r["a"]["doc"], r["b"]["doc"])) for r in listed(corpus)} | \
        {frozenset((r["a"]["doc"], r["b"]["doc"])) for r in listed(corpus) for _ in r["also"]}
    assert any("four" in pair for pair in pairs)
    # Changing an article drops its conflicts: "two" now agrees with "one".
    (folder / "two.txt").write_text(ARTICLES["two.txt"].replace("2021", "2019"))
    corpus.update()
    assert not any("two" in (r["a"]["doc"], r["b"]["doc"]) for r in listed(corpus))


def test_verdicts_survive_reindexing_and_dismissed_ones_are_hidden(corpus):
    from newsdesk.plugins.contradictions.verdicts import Verdicts

    corpus, folder = corpus
    record = listed(corpus)[0]
    Verdicts().set(record, "dismissed")
    assert listed(corpus) == []
    assert [r["verdict"] for r in listed(corpus, dismissed=True)] == ["dismissed"]
    corpus.update(rebuild=True)
    assert listed(corpus) == [] and listed(corpus, dismissed=True)[0]["id"] == record["id"]
    Verdicts().set(record, "confirmed")
    assert listed(corpus)[0]["verdict"] == "confirmed"


def test_the_command(corpus, tmp_path):
    corpus, folder = corpus
    where = ["--corpus", str(folder), "--index", str(corpus.index_dir)]
    result = run_cli("contradictions", *where, "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) == 1 and {"id", "score", "type", "explanation", "a", "b"} <= set(found[0])
    assert {"doc", "sentence", "start", "end"} <= set(found[0]["a"])
    side = found[0]["a"]
    assert corpus.article(side["doc"]).body[side["start"]:side["end"]] == side["sentence"]
    piped = subprocess.run(f"{sys.executable} -m newsdesk contradictions {' '.join(where)} --json | jq -r '.[0].type'",
                           shell=True, capture_output=True, text=True, timeout=120)
    assert piped.stdout.strip() == "value"
    text = run_cli("contradictions", *where)
    assert text.returncode == 0 and found[0]["id"] in text.stdout and "why:" in text.stdout
    marked = run_cli("contradictions", "mark", found[0]["id"][:8], "dismissed", *where)
    assert marked.returncode == 0, marked.stderr
    assert run_cli("contradictions", *where).returncode == 1
    assert json.loads(run_cli("contradictions", *where, "--all", "--json").stdout)[0]["verdict"] == "dismissed"
    for args, code, message in [(["--type", "colour"], 2, "unknown type 'colour'"),
                                (["mark", "nope00", "dismissed"], 1, "no conflict with id 'nope00'"),
                                (["mark", found[0]["id"], "maybe"], 2, "a verdict is confirmed, dismissed or open")]:
        bad = run_cli("contradictions", *args, *where)
        assert bad.returncode == code and message in bad.stderr and "Traceback" not in bad.stderr, bad.stderr


def test_converse_words_are_not_antonyms_here():
    assert "antonym" not in types("Veltra Systems sells industrial sensors to carmakers in Europe.",
                                  "Carmakers in Europe buy industrial sensors from Veltra Systems.")


# -- the panel -----------------------------------------------------------------------------
@pytest.fixture
def app_on_corpus(corpus, tmp_path):
    from newsdesk.tui.app import NewsdeskApp

    corpus, folder = corpus
    host = PluginHost(third_party=False)
    return NewsdeskApp(host, host.open_corpus(folder, corpus.index_dir), debounce=0, export_dir=tmp_path / "exports")


def test_the_panel_lists_compares_opens_and_marks(app_on_corpus):
    import asyncio

    from textual.widgets import OptionList, Static

    from newsdesk.plugins.contradictions.panel import ConflictScreen, ContradictionsPanel
    from newsdesk.tui.reader import ArticleReader

    from test_tui_plugins import search, settle

    async def drive():
        app = app_on_corpus
        async with app.run_test(size=(150, 44)) as pilot:
            await settle(pilot)
            panel = app.explorer.query_one(ContradictionsPanel)
            assert [r["type"] for r in panel.rows] == ["value"]
            options = panel.query_one(OptionList)
            options.focus()
            options.highlighted = 0
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ConflictScreen)
            shown = " ".join(str(s.render()) for s in app.screen.query(Static))
            assert "2019" in shown and "2021" in shown
            await pilot.press("2")  # open the second article at its sentence
            await settle(pilot)
            record = panel.rows[0]
            assert not isinstance(app.screen, ConflictScreen)
            assert app.explorer.article.id == record["b"]["doc"] and isinstance(app.focused, ArticleReader)
            options.focus()
            await pilot.press("y")
            await settle(pilot)
            assert panel.rows[0]["verdict"] == "confirmed" and options.get_option_at_index(0).prompt.plain[0] == "✓"
            await pilot.press("n")
            await settle(pilot)
            assert panel.rows == []  # dismissed: hidden
            await pilot.press("h")
            await settle(pilot)
            assert [r["verdict"] for r in panel.rows] == ["dismissed"]
            await search(pilot, "harbour")  # results without a conflict
            assert panel.rows == [] or all(r["verdict"] == "dismissed" for r in panel.rows)
            assert "no conflicts in 1 results of harbour" in str(panel.query_one(Static).render())

    asyncio.run(drive())


def test_snapshot_two_quotes_side_by_side(snap_compare, app_on_corpus, monkeypatch):
    from textual.widgets import OptionList

    from newsdesk.plugins.contradictions.panel import ContradictionsPanel
    from newsdesk.tui.explorer import ExplorerScreen
    from newsdesk.tui.search_bar import SearchBar

    from test_tui_plugins import settle

    monkeypatch.setattr(ExplorerScreen, "SHOW_TIMINGS", False)

    async def run_before(pilot):
        pilot.app.explorer.query_one(SearchBar).cursor_blink = False
        await settle(pilot)
        options = pilot.app.explorer.query_one(ContradictionsPanel).query_one(OptionList)
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app_on_corpus, terminal_size=(120, 30), run_before=run_before)


@pytest.mark.parametrize("a, b", [
    # different matches, meetings, periods: not one fact stated twice
    ("An early own goal gave Norwich City a 1-0 win at Carrow Road.",
     "A late goal gave Norwich City a 3-1 win at Carrow Road."),
    ("Norwich City will unveil the new manager at a news conference at 1100 GMT.",
     "Norwich City will unveil the new manager at a news conference at 1500 GMT."),
    ("Shares in Norwich City rose 5% in January.", "Shares in Norwich City rose 2% in March."),
    ("Shares in Norwich City rose 5% on the news.", "Shares in Norwich City rose 2% on the news."),
    ("Former Norwich City captain Adam Drury opened the new stand.",
     "Norwich City captain Grant Holt opened the new stand."),
    ("The Orion robot is four times as fast as Sony's Qrio robot.", "The Orion robot is four times as fast as Qrio."),
])
def test_values_of_different_events_are_not_conflicts(a, b):
    assert "value" not in types(a, b), conflicts(a, b)


def test_a_misspelt_name_in_the_same_role_is_a_name_variant():
    found = conflicts("Speaking after the debate, shadow home secretary David Davies said the Identity Bill was rushed.",
                      "Shadow home secretary David Davis said the Identity Bill would be opposed in the debate.")
    assert [f.type for f in found] == ["name-variant"] and "David Davies / David Davis" in found[0].explanation


@pytest.mark.parametrize("a, b", [
    ("A judge has dismissed an attempt by Yukon Oil to gain bankruptcy protection in the US.",
     "Yukon Oil filed for bankruptcy protection in the US in an attempt to halt the sale."),
    ("Gazco is thought to have failed to get finance after a court injunction barred it from the auction.",
     "A court granted an injunction that barred Gazco from taking part in the auction."),
    ("Browser usage of Firebird rose, not least because of security problems in Internet Explorer.",
     "Security problems in Internet Explorer drew criticism of Firebird's rival."),
    ("Clive Owen is hoping to win the best supporting actor award at the Baftas.",
     "Clive Owen failed to win the best supporting actor award at the Baftas."),
    ("Alicia Keys won best song for You Don't Know My Name at the Grammys.",
     "Alicia Keys was up for best song for You Don't Know My Name at the Grammys."),
])
def test_not_negations_of_a_claim(a, b):
    assert "negation" not in types(a, b), conflicts(a, b)


def test_an_origin_far_back_in_the_clause_still_counts():
    found = conflicts("Despite a lack of links to the state, Veltra Systems, which is a spin-off from a quantitative "
                      "hedge fund called Bluerock, has drawn attention.",
                      "Veltra Systems was first incubated by the quantitative hedge fund Castlegate in Oslo.")
    assert [f.type for f in found if f.type == "value"] == ["value"], found


@pytest.mark.parametrize("a, b", [
    ("At each Tarnby polling station an official scans the voter's fingers before allowing them to enter.",
     "If the ink shows, the Tarnby voter will not be allowed to enter the polling station."),
    ("Analysts see aggressive moves on interest rates by the Norland central bank.",
     "The Norland central bank has to be careful not to move too aggressively on interest rates."),
])
def test_conditions_and_advice_are_not_denials(a, b):
    assert "negation" not in types(a, b), conflicts(a, b)
