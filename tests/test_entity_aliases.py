"""The entities plugin's name rules (`aliases.py`) and the user's merge
decisions file (`decisions.py`): made-up names, and a few real-world shapes."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdesk.plugins.entities import aliases
from newsdesk.plugins.entities.aliases import (Occurrence, acronym_definitions, acronym_key, acronym_of,
                                               clean_name, cluster, fingerprint, resolve_in_article, squashed)
from newsdesk.plugins.entities.decisions import HEADER, Decision, Decisions, default_path


def by_name(clusters):
    return {item.name: item for item in clusters}


def holding(clusters, name):
    """The cluster that has `name` as its name or an alias."""
    found = [item for item in clusters if item.name == name or name in item.aliases]
    assert len(found) == 1, (name, [(c.name, c.aliases) for c in clusters])
    return found[0]


def occurrences(*rows, context=frozenset({"shared ctx"})):
    """(doc, name, type[, count]) rows, every one seen with the same context entity."""
    return [Occurrence(row[0], row[1], row[2], row[3] if len(row) > 3 else 1, context) for row in rows]


# -- clean_name ---------------------------------------------------------------------
@pytest.mark.parametrize("text, name", [
    ("the Trump Administration's", "Trump Administration"),
    ("The Vexlor Group’s", "Vexlor Group"),
    ("THE VEXLOR GROUP", "VEXLOR GROUP"),
    ("the Halvers'", "Halvers"),
    ("“Brindle Works”", "Brindle Works"),
    ("  Orin\n  Kessel ,", "Orin Kessel"),
    ("Quarn Liberation Front (QLF)", "Quarn Liberation Front"),
    ("(QLF)", "QLF"),
    ("U.S.", "U.S."),
    ("the U.S.", "U.S."),
    ("An Vell", "An Vell"),  # a capital "An" may be a name
    ("a Tesmark", "Tesmark"),
    ("de la Ferro", "de la Ferro"),
])
def test_clean_name_trims_determiners_possessives_and_punctuation(text, name):
    assert clean_name(text) == name


@pytest.mark.parametrize("text", ["", "2024", "--", "officials", "the", "The", "'s", "(1999)"])
def test_clean_name_refuses_what_is_not_a_name(text):
    assert clean_name(text) is None


# -- fingerprints ---------------------------------------------------------------------
def test_fingerprint_folds_case_accents_punctuation_and_order():
    assert fingerprint("Tarvo Kellamen") == fingerprint("Kellamen Tarvo") == fingerprint("KELLAMEN, tarvo")
    assert fingerprint("Zoë Brännström") == fingerprint("Zoe Brannstrom") == "brannstrom zoe"
    assert fingerprint("Søren Ødegård") == fingerprint("Soren Odegard")
    assert fingerprint("U.S.") == fingerprint("US") == fingerprint("U. S.") == "us"
    assert fingerprint("J.K. Dorrow") == fingerprint("J. K. Dorrow") == fingerprint("JK Dorrow")
    assert fingerprint("Mallow & Finch") == fingerprint("Mallow and Finch")
    assert fingerprint("O'Rourke Vane") == fingerprint("ORourke Vane")


def test_invisible_characters_neither_split_a_name_nor_disguise_it():
    # A zero-width space inside a word, a joiner, a right-to-left override: the
    # name reads as Tarvo Kellamen, so it is keyed as Tarvo Kellamen.
    for disguised in ("Tar\u200bvo Kellamen", "Tarvo Kel\u200dlamen", "\u202eTarvo Kellamen\u202c",
                      "Tarvo\u2060 Kellamen", "\ufeffTarvo Kellamen"):
        assert fingerprint(disguised) == fingerprint("Tarvo Kellamen"), disguised
        assert squashed(disguised) == squashed("Tarvo Kellamen"), disguised


def test_fingerprint_keeps_different_letters_apart():
    assert fingerprint("Orin Kessel") != fingerprint("Orin Kessell")
    assert fingerprint("Hugging Face") != fingerprint("HuggingFace")  # spacing is the squashed key's job


def test_squashed_key_is_in_written_order():
    assert squashed("Hugging Face") == squashed("HuggingFace") == squashed("Huggingface") == "huggingface"
    assert squashed("Face Hugging") != squashed("HuggingFace")
    assert squashed("Na Li") != squashed("Lina")


# -- acronyms ---------------------------------------------------------------------------
def test_acronym_of_gives_initials_with_and_without_function_words():
    assert acronym_of("Chinese Communist Party") == {"CCP"}
    assert acronym_of("Federal Bureau of Investigation") == {"FBOI", "FBI"}
    assert "OECD" in acronym_of("Organisation for Economic Co-operation and Development")
    assert acronym_of("United States") == {"US"}
    assert acronym_of("Vantor") == set()


def test_acronym_key_recognises_written_acronyms():
    assert acronym_key("U.S.") == acronym_key("US") == acronym_key("U. S.") == "us"
    assert acronym_key("AT&T") == "att"
    assert acronym_key("QLF") == "qlf"
    for not_one in ("Apple", "United States", "G7", "I", "MPs"):
        assert acronym_key(not_one) is None


def test_acronym_definitions_in_both_orders():
    text = ("Officials of the ruling Quarn Liberation Front (QLF) met on Monday. The National Orbital "
            "and Survey Administration (NOSA) said nothing; later the WMO (World Maritime Office) "
            "warned. In 2019 (a year) the Solvane Fed (Fed) was quiet.")
    assert acronym_definitions(text) == [
        ("Quarn Liberation Front", "QLF"),
        ("National Orbital and Survey Administration", "NOSA"),
        ("World Maritime Office", "WMO"),
    ]
    assert acronym_definitions("Nothing defined here (really).") == []


# -- one article ---------------------------------------------------------------------------
def test_surname_and_first_name_after_the_full_name():
    mentions = [("Orin Kessel", "PERSON", 0), ("Kessel", "PERSON", 40), ("Mr Kessel", "PERSON", 80),
                ("Qian Borui", "PERSON", 120), ("Qian", "PERSON", 160), ("Orin", "PERSON", 200),
                ("Ilse van der Moor", "PERSON", 240), ("van der Moor", "PERSON", 260)]
    assert resolve_in_article(mentions) == ["Orin Kessel", "Orin Kessel", "Orin Kessel", "Qian Borui",
                                            "Qian Borui", "Orin Kessel", "Ilse van der Moor",
                                            "Ilse van der Moor"]


def test_surname_rules_need_the_person_type_and_the_same_article():
    assert resolve_in_article([("Kessel", "PERSON", 0)]) == ["Kessel"]
    assert resolve_in_article([("Orin Kessel", "PERSON", 0), ("Kessel", "ORG", 9)]) == ["Orin Kessel", "Kessel"]


def test_a_surname_shared_by_two_people_goes_to_the_more_mentioned():
    mentions = [("Dara Voss", "PERSON", 0), ("Mina Voss", "PERSON", 10), ("Mina Voss", "PERSON", 20),
                ("Voss", "PERSON", 30)]
    assert resolve_in_article(mentions)[-1] == "Mina Voss"


def test_a_lone_name_before_the_full_name_resolves_only_when_one_fits():
    assert resolve_in_article([("Kessel", "PERSON", 0), ("Orin Kessel", "PERSON", 50)])[0] == "Orin Kessel"
    two = [("Voss", "PERSON", 0), ("Dara Voss", "PERSON", 50), ("Mina Voss", "PERSON", 90)]
    assert resolve_in_article(two)[0] == "Voss"


def test_titles_are_dropped_from_full_names():
    mentions = [("Mr Orin Kessel", "PERSON", 0), ("President Tal Brin", "PERSON", 10), ("Brin", "PERSON", 20)]
    assert resolve_in_article(mentions) == ["Orin Kessel", "Tal Brin", "Tal Brin"]


def test_mentions_are_resolved_in_text_order_but_returned_in_input_order():
    mentions = [("Kessel", "PERSON", 90), ("Orin Kessel", "PERSON", 10)]
    assert resolve_in_article(mentions) == ["Orin Kessel", "Orin Kessel"]


def test_acronyms_resolve_to_the_long_form_defined_or_used_beside_them():
    text = "The Quarn Liberation Front (QLF) said the QLF would vote. The United States agreed; US envoys came."
    mentions = [("Quarn Liberation Front", "ORG", 4), ("QLF", "ORG", 28), ("QLF", "ORG", 42),
                ("United States", "GPE", 63), ("US", "GPE", 86)]
    assert resolve_in_article(mentions, text) == ["Quarn Liberation Front"] * 3 + ["United States"] * 2
    # Defined in the text only: the mention of the long form was missed, the definition still counts.
    assert resolve_in_article([("QLF", "ORG", 28)], text) == ["Quarn Liberation Front"]
    # No long form in the article: the acronym stays.
    assert resolve_in_article([("QLF", "ORG", 0)], "The QLF said.") == ["QLF"]


def test_an_acronym_does_not_resolve_to_a_person_unless_it_is_one():
    mentions = [("Pella Marsh", "PERSON", 0), ("PM", "ORG", 30)]
    assert resolve_in_article(mentions) == ["Pella Marsh", "PM"]


# -- the corpus ---------------------------------------------------------------------------
def test_safe_merges_are_automatic_and_say_why():
    clusters = cluster(occurrences(
        ("d1", "Liang Wenfeng", "PERSON", 5), ("d2", "Wenfeng Liang", "PERSON", 2),
        ("d3", "Vantor Labs", "ORG", 4), ("d4", "VantorLabs", "ORG", 1), ("d5", "VANTOR LABS", "ORG", 1),
        ("d6", "Zoë Brännström", "PERSON", 3), ("d7", "Zoe Brannstrom", "PERSON", 1),
    ))
    assert len(clusters) == 3
    liang = holding(clusters, "Wenfeng Liang")
    assert liang.name == "Liang Wenfeng" and liang.aliases == ["Wenfeng Liang"] and liang.docs == ["d1", "d2"]
    assert liang.mentions == 7
    (merge,) = liang.merges
    assert (merge.alias, merge.via, merge.automatic, merge.confidence) == ("Wenfeng Liang", "Liang Wenfeng", True, 1.0)
    assert merge.reason == aliases.SAFE_REASONS["order"]
    vantor = holding(clusters, "VantorLabs")
    assert vantor.name == "Vantor Labs" and set(vantor.aliases) == {"VantorLabs", "VANTOR LABS"}
    reasons = {m.alias: m.reason for m in vantor.merges}
    assert reasons == {"VantorLabs": aliases.SAFE_REASONS["spacing"], "VANTOR LABS": aliases.SAFE_REASONS["fold"]}
    assert holding(clusters, "Zoe Brannstrom").name == "Zoë Brännström"


def test_order_and_spacing_variants_join_through_the_written_form():
    clusters = cluster(occurrences(("d1", "Face Hugging", "ORG"), ("d2", "Hugging Face", "ORG"),
                                   ("d3", "HuggingFace", "ORG")))
    assert len(clusters) == 1


def test_short_spacing_variants_are_only_candidates():
    clusters = cluster(occurrences(("d1", "Li Na", "PERSON", 3), ("d2", "Lina", "PERSON")))
    assert len(clusters) == 2
    (candidate,) = aliases.candidates(clusters)
    assert {candidate.a, candidate.b} == {"Li Na", "Lina"} and candidate.confidence < 0.9


def test_a_surname_alone_never_merges_across_articles():
    # Two people sharing a surname, each article resolving its own "Kessel".
    articles = {
        "d1": [("Orin Kessel", "PERSON", 0), ("Kessel", "PERSON", 50)],
        "d2": [("Mara Kessel", "PERSON", 0), ("Kessel", "PERSON", 50)],
        "d3": [("Kessel", "PERSON", 0)],
    }
    found = []
    for doc, mentions in articles.items():
        resolved = resolve_in_article(mentions)
        for name in set(resolved):
            forms = {m[0] for m, r in zip(mentions, resolved) if r == name and m[0] != name}
            found.append(Occurrence(doc, name, "PERSON", resolved.count(name), frozenset({"ctx"}), frozenset(forms)))
    clusters = by_name(cluster(found))
    assert set(clusters) == {"Orin Kessel", "Mara Kessel", "Kessel"}
    assert clusters["Orin Kessel"].docs == ["d1"] and clusters["Mara Kessel"].docs == ["d2"]
    assert clusters["Kessel"].docs == ["d3"]
    assert not aliases.candidates(clusters.values())


def test_a_misspelling_is_a_candidate_only_with_shared_context():
    shared = cluster([
        Occurrence("d1", "Orin Kessel", "PERSON", 9, frozenset({"vantor labs", "quarn"})),
        Occurrence("d2", "Orin Kessell", "PERSON", 1, frozenset({"vantor labs"})),
    ])
    assert len(shared) == 2  # never merged automatically
    (candidate,) = aliases.candidates(shared)
    assert {candidate.a, candidate.b} == {"Orin Kessel", "Orin Kessell"}
    assert "1 letter apart" in candidate.reason and 0 < candidate.confidence < 1
    assert {candidate.a_key, candidate.b_key} == {fingerprint("Orin Kessel"), fingerprint("Orin Kessell")}
    assert by_name(shared)["Orin Kessel"].candidates == [candidate]
    apart = cluster([
        Occurrence("d1", "Orin Kessel", "PERSON", 9, frozenset({"vantor labs"})),
        Occurrence("d2", "Orin Kessell", "PERSON", 1, frozenset({"brindle works"})),
    ])
    assert not aliases.candidates(apart)


def test_what_is_not_a_misspelling():
    ctx = frozenset({"ctx"})
    rows = [("Novatek Series 10", "PRODUCT"), ("Novatek Series 11", "PRODUCT"),  # numbers differ
            ("Aldric Marrow VII", "PERSON"), ("Aldric Marrow VIII", "PERSON"),  # roman numerals
            ("Tom Halloway", "PERSON"), ("Tim Halloway", "PERSON"),  # a short word: another name
            ("Talia Brennick", "PERSON"), ("Talia Brenick", "PERSON"),  # a slip
            ("Kestrelvane", "GPE"), ("Kestrelvine", "ORG"),  # different type families
            ("Dalmora", "GPE"), ("Delmora", "GPE"),  # too short
            ("Orin Kessel", "PERSON"), ("Oren Kassel", "PERSON")]  # two words off
    found = aliases.candidates(cluster([Occurrence(f"d{n}", name, kind, 1, ctx)
                                        for n, (name, kind) in enumerate(rows)]))
    pairs = {frozenset((c.a, c.b)) for c in found}
    assert pairs == {frozenset(("Talia Brennick", "Talia Brenick"))}


def test_two_edits_only_in_a_long_word_of_a_long_name():
    ctx = frozenset({"ctx"})

    def offered(a, b):
        return bool(aliases.candidates(cluster([Occurrence("d1", a, "PERSON", 5, ctx),
                                                Occurrence("d2", b, "PERSON", 1, ctx)])))

    assert offered("Clement Delangue", "Clement Delaunge")  # 8-letter word, 15-letter name
    assert offered("Mark Zockenbarg", "Mark Zuckenberg")
    assert not offered("Talia Brennick", "Tolio Brennick")  # two edits in a 5-letter word
    assert not offered("Dalvenia", "Dalvakia")  # two edits in an 8-letter name
    assert offered("Dalvenia", "Dalvenya")  # one is enough


def test_acronym_defined_in_an_article_merges_across_the_corpus():
    clusters = cluster([
        Occurrence("d1", "Quarn Liberation Front", "ORG", 3, frozenset(), frozenset({"QLF"})),
        Occurrence("d2", "QLF", "ORG", 4),
        Occurrence("d3", "Q.L.F.", "ORG", 1),
    ])
    (qlf,) = clusters
    assert qlf.name == "Quarn Liberation Front"  # the long form, though the acronym is more frequent
    assert set(qlf.aliases) == {"QLF", "Q.L.F."}
    merge = next(m for m in qlf.merges if m.alias == "QLF")
    assert merge.automatic and merge.confidence == aliases.ACRONYM_CONFIDENCE and "used beside it" in merge.reason


def test_acronym_by_initials_alone_is_a_candidate():
    clusters = cluster([Occurrence("d1", "Quarn Liberation Front", "ORG", 3), Occurrence("d2", "QLF", "ORG", 4)])
    assert len(clusters) == 2
    (candidate,) = aliases.candidates(clusters)
    assert {candidate.a, candidate.b} == {"QLF", "Quarn Liberation Front"} and "initials" in candidate.reason


def test_initials_of_a_person_are_not_an_organisation():
    clusters = cluster([Occurrence("d1", "Pella Marsh", "PERSON", 3), Occurrence("d2", "PM", "ORG", 4)])
    assert not aliases.candidates(clusters)


def test_ambiguous_or_overused_acronyms_are_only_candidates():
    ambiguous = cluster([
        Occurrence("d1", "Quarn Liberation Front", "ORG", 3, frozenset(), frozenset({"QLF"})),
        Occurrence("d2", "Quillon Labour Federation", "ORG", 3, frozenset(), frozenset({"QLF"})),
        Occurrence("d3", "QLF", "ORG", 4),
    ])
    assert len(ambiguous) == 3 and len(aliases.candidates(ambiguous)) == 2
    overused = [Occurrence("d0", "Artemis Institute", "ORG", 1, frozenset(), frozenset({"AI"}))]
    overused += [Occurrence(f"d{n}", "AI", "ORG", 1) for n in range(1, 40)]
    clusters = cluster(overused)
    assert len(clusters) == 2
    assert "far more articles" in aliases.candidates(clusters)[0].reason


def test_canonical_name_is_the_most_frequent_full_form():
    clusters = cluster(occurrences(("d1", "Vantor Labs", "ORG", 2), ("d2", "VantorLabs", "ORG", 5)))
    assert clusters[0].name == "VantorLabs"  # a spacing variant is a full form: frequency decides
    clusters = cluster(occurrences(("d1", "Kessel", "PERSON", 9), ("d2", "Orin Kessel", "PERSON", 2)),
                       [("merge", "Kessel", "Orin Kessel")])
    assert clusters[0].name == "Orin Kessel"  # a lone word of a longer member is not full
    clusters = cluster(occurrences(("d1", "ORIN KESSEL", "PERSON", 5), ("d2", "Orin Kessel", "PERSON", 2)))
    assert clusters[0].name == "Orin Kessel"  # shouting ranks after


def test_ties_are_broken_the_same_whatever_the_input_order():
    rows = [Occurrence(f"d{n}", name, kind, 2, frozenset({"ctx"}))
            for n, (name, kind) in enumerate([("Tarvo Kellamen", "PERSON"), ("Kellamen Tarvo", "ORG"),
                                              ("TarvoKellamen", "GPE"), ("Orin Kessel", "PERSON"),
                                              ("Orin Kessell", "PERSON")])]
    expected = [c.to_dict() for c in cluster(rows)]
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert [c.to_dict() for c in cluster(shuffled)] == expected
    assert expected[0]["name"] == "Kellamen Tarvo"  # equal mentions: the name decides


def test_type_is_voted_by_mentions():
    clusters = cluster(occurrences(("d1", "Brindle", "ORG", 3), ("d2", "Brindle", "PERSON", 2),
                                   ("d3", "BRINDLE", "GPE", 2)))
    assert clusters[0].type == "ORG" and clusters[0].types == {"ORG": 3, "PERSON": 2, "GPE": 2}
    tie = cluster(occurrences(("d1", "Brindle", "GPE", 2), ("d2", "Brindle", "PERSON", 2)))
    assert tie[0].type == "PERSON"  # ties follow TYPE_ORDER


def test_keys_are_unique_and_clusters_serialise():
    clusters = cluster(occurrences(("d1", "Hugging Face", "ORG"), ("d2", "HuggingFace", "ORG")),
                       [("reject", "Hugging Face", "HuggingFace")])
    assert len(clusters) == 2
    assert len({c.key for c in clusters}) == 2
    json.dumps([c.to_dict() for c in clusters])


def test_tuples_work_as_occurrences():
    clusters = cluster([("d1", "Orin Kessel", "PERSON", 2, {"x"}), ("d2", "Kessel Orin", "PERSON")])
    assert clusters[0].mentions == 3 and clusters[0].docs == ["d1", "d2"]


# -- decisions on top -----------------------------------------------------------------------
def test_accept_reject_and_add():
    rows = [Occurrence("d1", "Orin Kessel", "PERSON", 9, frozenset({"ctx"})),
            Occurrence("d2", "Orin Kessell", "PERSON", 1, frozenset({"ctx"})),
            Occurrence("d3", "Hugging Face", "ORG", 3), Occurrence("d4", "HuggingFace", "ORG", 1),
            Occurrence("d5", "Ostrava Works", "ORG", 2), Occurrence("d6", "OW Group", "ORG", 1)]
    accepted = cluster(rows, [Decision("merge", "Orin Kessel", "Orin Kessell")])
    kessel = holding(accepted, "Orin Kessell")
    assert kessel.name == "Orin Kessel"
    (merge,) = kessel.merges
    assert not merge.automatic and merge.reason == "merged by the user"
    assert not aliases.candidates(accepted)
    rejected = cluster(rows, [Decision("reject", "Orin Kessel", "Orin Kessell"),
                              Decision("reject", "HuggingFace", "Hugging Face")])
    assert not aliases.candidates(rejected)  # a rejected candidate is not offered again
    assert len([c for c in rejected if "hugging" in c.key]) == 2  # even a safe merge is undone
    added = cluster(rows, [Decision("merge", "Ostrava Works", "OW Group")])
    assert holding(added, "OW Group").name == "Ostrava Works"


def test_a_decision_names_a_fingerprint_when_the_exact_name_is_gone():
    rows = occurrences(("d1", "Ostrava Works", "ORG", 2), ("d2", "OW GROUP", "ORG"))
    clusters = cluster(rows, [("merge", "Ostrava works", "OW Group")])
    assert len(clusters) == 1


def test_a_reject_keeps_the_other_names_with_one_side():
    rows = occurrences(("d1", "Vantor Labs", "ORG", 5), ("d2", "VantorLabs", "ORG", 3),
                       ("d3", "vantor LABS", "ORG", 1))
    clusters = cluster(rows, [("reject", "Vantor Labs", "VantorLabs")])
    assert len(clusters) == 2
    names = sorted(sorted([c.name, *c.aliases]) for c in clusters)
    assert ["VantorLabs"] in names or ["Vantor Labs"] in names


def test_a_rejected_form_is_not_listed_as_an_alias():
    rows = [Occurrence("d1", "Orin Kessel", "PERSON", 2, frozenset(), frozenset({"Kessel"}))]
    assert cluster(rows)[0].aliases == ["Kessel"]
    assert cluster(rows, [("reject", "Kessel", "Orin Kessel")])[0].aliases == []


# -- scale ------------------------------------------------------------------------------------
def synthetic_names(count: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "sa", "to", "vi", "zen", "qua", "bor", "lin", "dra", "fe", "gu", "ho",
                 "jer", "nak", "pol", "ster", "wu", "an", "bel", "cor", "dun", "el", "fin", "gar", "hal", "is",
                 "jun", "kel", "lor", "mar", "nor", "ol", "pet", "quin", "ros", "tam", "ul"]

    def word(low: int, high: int) -> str:
        return "".join(rnd.choice(syllables) for _ in range(rnd.randint(low, high))).capitalize()

    firsts = [word(2, 3) for _ in range(1500)]
    lasts = [word(2, 4) for _ in range(6000)]
    kinds = ["Group", "Bank", "Party", "Institute", "Holdings"]
    names: set[str] = set()
    while len(names) < count:
        roll = rnd.random()
        if roll < 0.6:
            names.add(f"{rnd.choice(firsts)} {rnd.choice(lasts)}")
        elif roll < 0.85:
            names.add(f"{word(2, 3)} {rnd.choice(kinds)}")
        else:
            names.add(word(2, 4))
    return sorted(names)


def test_twenty_thousand_names_cluster_in_well_under_a_few_seconds():
    rnd = random.Random(1)
    names = synthetic_names(20_000)
    rows = [Occurrence(f"d{n % 5000}", name, rnd.choice(["PERSON", "ORG", "GPE"]), rnd.randint(1, 5),
                       frozenset(f"c{rnd.randint(0, 300)}" for _ in range(5))) for n, name in enumerate(names)]
    planted = [Occurrence("p1", "Zorvath Quellinger", "PERSON", 8, frozenset({"c1"})),
               Occurrence("p2", "Zorvath Quellingar", "PERSON", 1, frozenset({"c1"})),
               Occurrence("p3", "Quellinger Zorvath", "PERSON", 2, frozenset({"c1"})),
               Occurrence("p4", "Brask Holmvendt", "ORG", 2), Occurrence("p5", "BraskHolmvendt", "ORG", 1)]
    started = time.perf_counter()
    clusters = cluster(rows + planted)
    elapsed = time.perf_counter() - started
    print(f"\n20,000 names clustered in {elapsed:.2f} s")
    assert elapsed < 5.0  # about 1 s on a slow two-core machine
    assert holding(clusters, "Quellinger Zorvath").name == "Zorvath Quellinger"
    assert holding(clusters, "BraskHolmvendt").name == "Brask Holmvendt"
    offered = {frozenset((c.a, c.b)) for c in aliases.candidates(clusters)}
    assert frozenset(("Zorvath Quellinger", "Zorvath Quellingar")) in offered
    assert len(clusters) >= 19_990


def test_near_words_finds_every_pair_a_brute_force_finds():
    rnd = random.Random(5)  # a two-letter alphabet: many near pairs, one and two edits apart
    words = {"".join(rnd.choice("ab") for _ in range(rnd.randint(3, 13))) for _ in range(800)}
    found = {(a, b): d for a, b, d in aliases.near_words(words)}
    assert sum(1 for d in found.values() if d == 2) > 500
    vocabulary = sorted(words)
    expected = {}
    for i, a in enumerate(vocabulary):
        for b in vocabulary[i + 1:]:
            if min(len(a), len(b)) < aliases.FUZZY_MIN_WORD:
                continue
            limit = aliases.word_edits(a, b)
            distance = aliases.edit_distance(a, b, 2)
            if distance <= limit and not (aliases._ROMAN.match(a) and aliases._ROMAN.match(b)):
                expected[(a, b)] = distance
    assert found == expected


def test_edit_distance_matches_the_full_table():
    def full_table(a, b):
        d = [[i + j if not i or not j else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
        for i in range(1, len(a) + 1):
            for j in range(1, len(b) + 1):
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
                if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        return d[-1][-1]

    rnd = random.Random(3)
    for _ in range(3000):
        a, b = ("".join(rnd.choice("abc") for _ in range(rnd.randint(0, 8))) for _ in range(2))
        expected = full_table(a, b)
        assert aliases.edit_distance(a, b) == expected
        for limit in (1, 2):
            assert aliases.edit_distance(a, b, limit) == min(expected, limit + 1)


def test_edit_distance_counts_a_swap_as_one_edit():
    assert aliases.edit_distance("kessel", "kesesl") == 1
    assert aliases.edit_distance("kessel", "kessell") == 1
    assert aliases.edit_distance("kessel", "kassell") == 2
    assert aliases.edit_distance("kessel", "vantor", 2) == 3


# -- the decisions file ---------------------------------------------------------------------
def test_decisions_live_in_the_data_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "entities" / "merges.txt"
    decisions = Decisions.load()
    assert list(decisions) == [] and not decisions.warnings
    decisions.merge("Liang Wenfeng", "Wenfeng Liang")
    decisions.save()
    assert (tmp_path / "data" / "entities" / "merges.txt").read_text() == (
        "# newsdesk entity merges, version 1\nmerge\tLiang Wenfeng\tWenfeng Liang\n")


def test_decisions_survive_a_reload_and_apply_to_clustering(tmp_path):
    path = tmp_path / "merges.txt"
    decisions = Decisions.load(path)
    decisions.merge("Orin Kessel", "Orin Kessell")
    decisions.reject("Hugging Face", "HuggingFace")
    decisions.merge("Ostrava Works", "OW Group")
    decisions.save()
    again = Decisions.load(path)
    assert list(again) == [Decision("merge", "Orin Kessel", "Orin Kessell"),
                           Decision("reject", "Hugging Face", "HuggingFace"),
                           Decision("merge", "Ostrava Works", "OW Group")]
    rows = [Occurrence("d1", "Orin Kessel", "PERSON", 9), Occurrence("d2", "Orin Kessell", "PERSON", 1),
            Occurrence("d3", "Hugging Face", "ORG", 3), Occurrence("d4", "HuggingFace", "ORG", 1),
            Occurrence("d5", "Ostrava Works", "ORG", 2), Occurrence("d6", "OW Group", "ORG", 1)]
    clusters = cluster(rows, again)
    assert len(clusters) == 4
    assert holding(clusters, "Orin Kessell").name == "Orin Kessel"
    assert holding(clusters, "OW Group").name == "Ostrava Works"


def test_the_file_round_trips_with_comments_and_hand_editing(tmp_path):
    path = tmp_path / "merges.txt"
    text = (f"{HEADER}\n"
            "# people\n"
            "merge\tLiang Wenfeng\tWenfeng Liang\n"
            "\n"
            "reject\tSam Altman\tSam Altmann\n")
    path.write_text(text)
    decisions = Decisions.load(path)
    assert decisions.to_text() == text and not decisions.warnings
    path.write_text(f"{HEADER}\nmerge    Liang Wenfeng    Wenfeng Liang\nACCEPT\tA One\tA Two\nadd\tB One\tB Two\n")
    hand = Decisions.load(path)
    assert [d.action for d in hand] == ["merge", "merge", "merge"] and not hand.warnings
    assert hand.get("Wenfeng Liang", "Liang Wenfeng") == "merge"


def test_a_corrupt_line_is_a_warning_and_is_kept(tmp_path):
    path = tmp_path / "merges.txt"
    path.write_text(f"{HEADER}\nmerge\tLiang Wenfeng\tWenfeng Liang\nthis is not a decision\n"
                    "split\tA\tB\nmerge\tSame\tSame\nreject\tLiang Wenfeng\tWenfeng Liang\n")
    decisions = Decisions.load(path)
    assert len(decisions.warnings) == 4  # three bad lines, one contradiction
    assert "line 3" in decisions.warnings[0]
    assert list(decisions) == [Decision("reject", "Liang Wenfeng", "Wenfeng Liang")]  # the later line counts
    decisions.merge("Orin Kessel", "Orin Kessell")
    decisions.save()
    saved = path.read_text()
    assert "this is not a decision\n" in saved and "split\tA\tB\n" in saved
    assert saved.count("Wenfeng Liang") == 2 and saved.endswith("merge\tOrin Kessel\tOrin Kessell\n")


def test_a_file_without_a_header_is_read_and_gets_one(tmp_path):
    path = tmp_path / "merges.txt"
    path.write_text("merge\tA One\tA Two\n")
    decisions = Decisions.load(path)
    assert list(decisions) == [Decision("merge", "A One", "A Two")]
    decisions.reject("B One", "B Two")
    decisions.save()
    assert path.read_text() == f"{HEADER}\nmerge\tA One\tA Two\nreject\tB One\tB Two\n"


def test_a_newer_file_is_read_but_never_overwritten(tmp_path):
    path = tmp_path / "merges.txt"
    text = "# newsdesk entity merges, version 9\nmerge\tA One\tA Two\nsplit-at\tC\tD\t2025\n"
    path.write_text(text)
    decisions = Decisions.load(path)
    assert decisions.read_only and decisions.newer == 9
    assert list(decisions) == [Decision("merge", "A One", "A Two")]
    assert len(decisions.warnings) == 1 and "newer" in decisions.warnings[0]
    decisions.merge("B One", "B Two")
    assert decisions.get("B One", "B Two") == "merge"  # this session only
    decisions.save()
    assert path.read_text() == text


def test_undecodable_bytes_are_kept_aside(tmp_path):
    path = tmp_path / "merges.txt"
    path.write_bytes(HEADER.encode() + b"\nmerge\tA One\tA Two\nmerge\t\xff\xfe\tX\n")
    decisions = Decisions.load(path)
    assert list(decisions) == [Decision("merge", "A One", "A Two")] and len(decisions.warnings) == 1
    decisions.merge("B One", "B Two")
    decisions.save()
    assert (tmp_path / "merges.txt.bak").read_bytes().endswith(b"\xff\xfe\tX\n")
    assert path.read_text() == f"{HEADER}\nmerge\tA One\tA Two\nmerge\tB One\tB Two\n"


def test_one_decision_per_pair_and_unmerge(tmp_path):
    decisions = Decisions.load(tmp_path / "merges.txt")
    decisions.merge("A One", "A Two")
    decisions.reject("A Two", "A One")  # the same pair, the other way round
    assert list(decisions) == [Decision("reject", "A Two", "A One")]
    decisions.merge("B One", "B Two")
    assert decisions.unmerge("B Two", "B One") == "removed" and decisions.get("B One", "B Two") is None
    assert decisions.unmerge("Hugging Face", "HuggingFace") == "rejected"  # a rule's merge: reject it
    assert decisions.get("HuggingFace", "Hugging Face") == "reject"
    assert decisions.forget("A One", "A Two") and not decisions.forget("A One", "A Two")
    with pytest.raises(ValueError):
        decisions.merge("Same", " Same ")
    decisions.save()
    assert list(Decisions.load(tmp_path / "merges.txt")) == [Decision("reject", "Hugging Face", "HuggingFace")]


def test_fingerprint_follows_the_decisions_not_their_order(tmp_path):
    one = Decisions.load(tmp_path / "one.txt")
    empty = one.fingerprint()
    one.merge("A One", "A Two")
    one.reject("B One", "B Two")
    two = Decisions.load(tmp_path / "two.txt")
    two.reject("B Two", "B One")
    two.merge("A Two", "A One")
    assert one.fingerprint() == two.fingerprint() != empty
    two.merge("B One", "B Two")
    assert two.fingerprint() != one.fingerprint()
    one.save()
    assert Decisions.load(tmp_path / "one.txt").fingerprint() == one.fingerprint()


def test_two_sessions_saving_keep_both_changes(tmp_path):
    path = tmp_path / "merges.txt"
    first, second = Decisions.load(path), Decisions.load(path)
    first.merge("A One", "A Two")
    second.reject("B One", "B Two")
    first.save()
    second.save()
    assert set(Decisions.load(path)) == {Decision("merge", "A One", "A Two"), Decision("reject", "B One", "B Two")}
    assert set(second) == set(Decisions.load(path))


def test_concurrent_processes_merge_their_decisions(tmp_path):
    path = tmp_path / "merges.txt"
    script = ("import sys\nfrom newsdesk.plugins.entities.decisions import Decisions\n"
              "for n in range(10):\n"
              "    d = Decisions.load(sys.argv[1])\n"
              "    d.merge(f'{sys.argv[2]} {n}', f'{sys.argv[2]} {n} bis')\n"
              "    d.save()\n")
    workers = [subprocess.Popen([sys.executable, "-c", script, str(path), f"Worker{w}"]) for w in range(4)]
    assert [worker.wait(timeout=120) for worker in workers] == [0] * 4
    decisions = Decisions.load(path)
    assert len(decisions) == 40 and not decisions.warnings
    assert Path(path).read_text().startswith(HEADER + "\n")
