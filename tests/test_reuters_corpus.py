"""The boilerplate rules on wire copy: Reuters-21578 bodies are hard-wrapped,
indented, often tabular, and have no page furniture at all, so nothing may be
cut from them and wrapped paragraphs must come back whole."""

from __future__ import annotations

import html
import re

from conftest import REUTERS, needs
from newsdesk.search import SourceArticle
from newsdesk.search.ingest import ingest

_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.DOTALL)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.DOTALL)
_RECORD = re.compile(r"<REUTERS\b.*?</REUTERS>", re.DOTALL)


def _records():
    for sgm in sorted(REUTERS.glob("*.sgm")):
        for record in _RECORD.findall(sgm.read_bytes().decode("latin-1")):
            body = _BODY.search(record)
            title = _TITLE.search(record)
            if body:
                text = html.unescape(re.sub(r"&#\d+;", "", body.group(1)))
                text = re.sub(r"\s*Reuter\s*$", "", text)
                yield (html.unescape(title.group(1)) if title else None), text


@needs(REUTERS)
def test_reuters_bodies_lose_nothing():
    cut, count = [], 0
    for number, (title, text) in enumerate(_records()):
        if number % 3:  # a third of the 19,043 bodies keeps the test quick
            continue
        count += 1
        article = ingest(SourceArticle(text=text, title=title), str(number), f"{number}.txt")
        cut.extend((number, r.reason, r.text[:60]) for r in article.boilerplate if r.reason != "title")
        words_in = len(re.findall(r"\w+", text))
        words_out = len(re.findall(r"\w+", article.body))
        assert words_out >= words_in - len(re.findall(r"\w+", title or "")), (number, text[:200])
    assert count > 6000
    assert cut == []


@needs(REUTERS)
def test_reuters_records_pass_through_the_json_reader_unchanged():
    """Wire copy is full of angle-bracket tickers ("<BP>", "<P>"): not HTML."""
    from newsdesk.plugins.formats.jsonfmt import article_from_object

    changed = []
    for number, (title, text) in enumerate(_records()):
        source = article_from_object({"title": title or "untitled", "text": text})
        if source.text != text or source.title != (title or "untitled"):
            changed.append((number, title))
    assert changed == []
