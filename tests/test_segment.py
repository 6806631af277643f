"""Paragraphs and sentences from the shapes text arrives in."""

from __future__ import annotations

from newsdesk.search.segment import split_blocks, split_sentences

WIRE = """The harbour authority said on Tuesday that it would extend the
northern quay by 200 metres, at a cost of about 40 mln dlrs.
    Work is expected to start in the spring and to finish
within two years, a spokesman said.
    The extension will let larger container ships berth at
the port.
"""

TABLE = """Shr profit four cts vs loss 16 cts
    Net profit 155,383 vs loss 577,336
    Note: Net includes a tax credit of one ct per
share.
"""


def test_wire_copy_is_unwrapped_at_indented_lines():
    assert split_blocks(WIRE) == [
        "The harbour authority said on Tuesday that it would extend the northern quay by 200 metres, "
        "at a cost of about 40 mln dlrs.",
        "Work is expected to start in the spring and to finish within two years, a spokesman said.",
        "The extension will let larger container ships berth at the port.",
    ]


def test_table_lines_stay_apart_but_a_broken_line_is_mended():
    assert split_blocks(TABLE) == [
        "Shr profit four cts vs loss 16 cts",
        "Net profit 155,383 vs loss 577,336",
        "Note: Net includes a tax credit of one ct per share.",
    ]


def test_one_paragraph_per_line_is_kept():
    text = ("A first paragraph that is written on a single long line, as web pages are copied, and it goes on.\n"
            "A second paragraph, also on its own line, and also long enough to be a real paragraph here.\n")
    assert split_blocks(text) == [line for line in text.splitlines()]


def test_a_header_block_is_not_mistaken_for_wrapped_prose():
    text = "Harbour Extension Approved After Long Debate\nBy Jane Example\nMarch 3, 2025\n"
    assert split_blocks(text) == ["Harbour Extension Approved After Long Debate", "By Jane Example", "March 3, 2025"]


def test_list_items_are_not_joined():
    text = "- the first item of a list that is fairly long\n- the second item of the list, also long\n- a third\n"
    assert len(split_blocks(text)) == 3


def test_sentences_respect_abbreviations_and_initials():
    text = 'Mr. Smith met U.S. officials on Jan. 5. "It went well," said J. K. Doe. Talks resume today!'
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Smith met U.S. officials on Jan. 5.",
        '"It went well," said J. K. Doe.',
        "Talks resume today!",
    ]


def test_sentence_offsets_shift():
    assert split_sentences("One. Two.", offset=10) == [(10, 14), (15, 19)]
