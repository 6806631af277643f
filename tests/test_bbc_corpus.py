"""The boilerplate rules on a corpus they were not written for: the 2,225 BBC
articles are clean copy, so the rules must leave their paragraphs alone."""

from __future__ import annotations

from conftest import BBC, needs
from newsdesk.search import SourceArticle
from newsdesk.search.ingest import ingest
from newsdesk.search.readers import decode_bytes


@needs(BBC)
def test_bbc_paragraphs_survive_and_headlines_become_titles():
    files = sorted(p for p in BBC.rglob("*.txt") if p.name != "README.TXT")
    assert len(files) == 2225
    lost, bios, wrong_titles = [], 0, []
    for path in files:
        text = decode_bytes(path.read_bytes())
        article = ingest(SourceArticle(text=text), path.stem, path.name)
        lines = [" ".join(l.split()) for l in text.splitlines() if l.strip()]
        if article.title != lines[0]:
            wrong_titles.append((path, article.title))
        for removed in article.boilerplate:
            if removed.reason == "author bio":
                bios += 1
            elif removed.reason != "title":
                lost.append((path, removed.reason, removed.text[:80]))
    assert wrong_titles == []
    assert lost == []
    # A few BBC columns end with the columnist's bio; that is all that may go.
    assert bios <= 25


@needs(BBC)
def test_latin1_file_is_decoded():
    text = decode_bytes((BBC / "sport" / "199.txt").read_bytes())
    assert "\ufffd" not in text
