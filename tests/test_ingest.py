"""Ingest on pages written for these tests (not the seeds): the general rules
for headers, page furniture and article tails."""

from __future__ import annotations

import datetime as dt

from newsdesk.search import SourceArticle
from newsdesk.search.ingest import ingest

PAGE = """Harbour Extension Approved
By Jane Example
Updated 3:45 PM EST, Tue March 4, 2025
We use cookies to improve your experience. Accept all cookies
The city council approved the harbour extension on Tuesday after a long debate that lasted well into the night.
Share this article on Facebook Twitter Email
The project will cost 40 million dollars and take two years, officials said at the meeting.
About the author
Jane writes about cities.
Comments (12)
Sort by: newest
Name *
Email *
"""


def test_web_page_furniture_is_cut_and_metadata_read():
    article = ingest(SourceArticle(text=PAGE), "x", "x.txt")
    assert article.title == "Harbour Extension Approved"
    assert article.authors == ["Jane Example"]
    assert article.date == dt.date(2025, 3, 4)
    assert article.body.split("\n\n") == [
        "The city council approved the harbour extension on Tuesday after a long debate that lasted well into the night.",
        "The project will cost 40 million dollars and take two years, officials said at the meeting.",
    ]
    reasons = [r.reason for r in article.boilerplate]
    assert {"cookie notice", "share buttons", "author bio", "comment form", "page widget"} <= set(reasons)


def test_wire_dateline_gives_the_date_and_stays_in_the_body():
    text = "Rates cut\n\nLONDON, 5 June 2019 (Reuters) - The bank cut its main rate by a quarter point on Wednesday, citing slower growth.\n"
    article = ingest(SourceArticle(text=text), "x", "x.txt")
    assert article.date == dt.date(2019, 6, 5)
    assert article.body.startswith("LONDON, 5 June 2019")


def test_source_metadata_wins_over_the_text():
    source = SourceArticle(text=PAGE, title="Given Title", authors=["Given Author"], date=dt.date(2020, 1, 2),
                           outlet="Given Outlet")
    article = ingest(source, "x", "x.txt")
    assert (article.title, article.authors, article.date, article.outlet) == (
        "Given Title", ["Given Author"], dt.date(2020, 1, 2), "Given Outlet")
    assert article.title_source == "source"


def test_a_sentence_with_a_date_is_not_a_date_line():
    text = "Company results\n\nThe company was formed on Dec 30, 1985.\n\nIt reported a profit for the period ended December 31, 1986, and raised its dividend.\n"
    article = ingest(SourceArticle(text=text), "x", "x.txt")
    assert article.date is None
    assert "formed on Dec 30, 1985." in article.body
