"""The built-in readers, each through the real plugin registry and end to end
through an indexed corpus: plain text in its encodings, Markdown, HTML, JSON
and JSON Lines."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import time
from pathlib import Path

import pytest

from newsdesk.search import ReaderError, SourceFile, open_corpus

# Prose long enough that ingest takes it for article text, not a header line.
PROSE = ("The harbour authority said on Tuesday that the new breakwater would be finished "
         "before the winter storms, after two years of delays and a long dispute over its cost.")


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def read(readers, path: Path, content: str | bytes | None = None):
    """(articles, source) for `path` read by the registry's reader for it."""
    if content is not None:
        _write(path, content)
    reader = readers.for_path(path)
    assert reader is not None, f"no reader for {path.suffix}"
    source = SourceFile(path, path.name, path.stat().st_size)
    return list(reader.read(source)), source


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "corpus"
    target.mkdir()
    return target


@pytest.fixture
def indexed(folder, readers, tmp_path):
    """Call with nothing: index `folder` and return (corpus, report)."""
    opened = []

    def run():
        corpus = open_corpus(folder, index_dir=tmp_path / "index", readers=readers)
        opened.append(corpus)
        return corpus, corpus.update()

    yield run
    for corpus in opened:
        corpus.close()


def ids(results) -> list[str]:
    return sorted(hit.id for hit in results.hits)


# -- the registry ---------------------------------------------------------

def test_registry_has_a_reader_for_every_built_in_extension(readers):
    names = {ext: readers.for_path(Path("x" + ext)).name
             for ext in (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson")}
    assert names == {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
                     ".htm": "html", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
    assert readers.for_path(Path("PAGE.HTML")).name == "html"  # extensions are case-blind
    assert readers.for_path(Path("photo.png")) is None
    assert readers.for_path(Path("a.jsonl")).streams and not readers.for_path(Path("a.txt")).streams


# -- plain text and its encodings -------------------------------------------

TEXT = f"Café owners protest “new” rules\n\n{PROSE} The café on the quay — open since 1921 — is closing.\n"


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("cp1252", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_plain_text_encodings(readers, tmp_path, encoding, prefix):
    articles, source = read(readers, tmp_path / "story.txt", prefix + TEXT.encode(encoding))
    assert len(articles) == 1 and source.warnings == []
    assert articles[0].text == TEXT  # decoded exactly, BOM gone
    assert articles[0].title is None  # plain text states no metadata; ingest finds it


def test_latin1_bytes_decode(readers, tmp_path):
    articles, _ = read(readers, tmp_path / "old.txt", "Le café de la gare, où l'on déjeune.".encode("latin-1"))
    assert articles[0].text == "Le café de la gare, où l'on déjeune."


def test_utf16_without_bom_is_refused_as_binary(readers, tmp_path):
    with pytest.raises(ReaderError, match="binary"):
        read(readers, tmp_path / "u16.txt", TEXT.encode("utf-16-le"))


@pytest.mark.parametrize("name, content", [
    ("utf8.txt", TEXT.encode("utf-8")),
    ("bom.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("latin.txt", TEXT.replace("“", '"').replace("”", '"').replace("—", "-").encode("latin-1")),
    ("cp1252.txt", TEXT.encode("cp1252")),
    ("utf16.txt", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
])
def test_plain_text_end_to_end(folder, indexed, name, content):
    _write(folder / name, content)
    corpus, report = indexed()
    assert report.skipped == [] and report.articles == 1
    stem = name.rsplit(".", 1)[0]
    assert ids(corpus.search("café")) == [stem]
    assert ids(corpus.search("cafe")) == [stem]  # accents fold
    article = corpus.article(stem)
    assert article.title.startswith("Café owners protest")  # no BOM, no mojibake
    assert article.title_source == "text"
    assert "\ufeff" not in article.body and "Ã" not in article.body
    assert "The café on the quay" in article.body
    assert article.path == name


# -- Markdown ---------------------------------------------------------------

MARKDOWN = f"""---
title: "Breakwater: a long wait"
date: 2024-03-05
author: Jane Doe and John Roe
source: Harbour Gazette
url: https://example.com/breakwater
---

# A heading that is not the title

{PROSE} Read the [full council report](https://example.com/zanzibarreport.pdf) for the figures.

![An aerial photograph of pelicans](https://example.com/img/pelican.png)

The engineers published their **load model** and _tide tables_ as code:

```python
def surge(height):
    # storm surge in metres
    return height * 1.25
```

Work resumes in *April*.
"""


def test_markdown_front_matter_and_markup(readers, tmp_path):
    [article], _ = read(readers, tmp_path / "breakwater.md", MARKDOWN)
    assert article.title == "Breakwater: a long wait"
    assert article.date == dt.date(2024, 3, 5)
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.outlet == "Harbour Gazette"
    assert article.url == "https://example.com/breakwater"
    text = article.text
    assert "title:" not in text and "---" not in text  # front matter is not text
    assert "full council report" in text and "zanzibarreport" not in text  # links keep their text only
    assert "pelican" not in text and "aerial" not in text and "![" not in text  # images go
    assert "load model" in text and "**" not in text and "tide tables" in text and "_tide" not in text
    assert "```" not in text
    assert "def surge(height):" in text and "# storm surge in metres" in text  # code kept as it is
    assert "April" in text and "*April*" not in text


def test_markdown_heading_is_the_title_without_front_matter(readers, tmp_path):
    [article], _ = read(readers, tmp_path / "h.md", f"# Pelicans return to the *harbour*\n\n{PROSE}\n")
    assert article.title == "Pelicans return to the harbour"
    assert article.date is None and article.authors == []


def test_markdown_heading_inside_code_is_not_the_title(readers, tmp_path):
    text = f"```\n# not the title\n```\n\nSetext headline here\n====================\n\n{PROSE}\n"
    [article], _ = read(readers, tmp_path / "s.md", text)
    assert article.title == "Setext headline here"
    assert "====" not in article.text


def test_markdown_front_matter_lists_crlf_and_toml(readers, tmp_path):
    yaml_list = "---\r\ntitle: Listed\r\nauthors:\r\n  - Ann Lee\r\n  - Bob Ray\r\n---\r\nBody.\r\n"
    [article], _ = read(readers, tmp_path / "l.md", yaml_list)
    assert (article.title, article.authors) == ("Listed", ["Ann Lee", "Bob Ray"])
    assert article.text.strip() == "Body."
    toml = '+++\ntitle = "Toml title"\ndate = 2024-06-01\nauthors = ["A One", "B Two"]\n+++\nBody.\n'
    [article], _ = read(readers, tmp_path / "t.md", toml)
    assert (article.title, article.date, article.authors) == ("Toml title", dt.date(2024, 6, 1), ["A One", "B Two"])


def test_markdown_escapes_and_autolinks(readers, tmp_path):
    [article], _ = read(readers, tmp_path / "e.md", r"Prices rose 2\*3 \*not italic\* see <https://ex.com/a>.")
    assert article.text == "Prices rose 2*3 *not italic* see https://ex.com/a."


def test_markdown_end_to_end(folder, indexed):
    _write(folder / "news" / "breakwater.md", MARKDOWN)
    corpus, report = indexed()
    assert report.skipped == [] and report.articles == 1
    article = corpus.article("news/breakwater")
    assert article.path == "news/breakwater.md"
    assert (article.title, article.title_source) == ("Breakwater: a long wait", "source")
    assert article.date == dt.date(2024, 3, 5)
    assert article.authors == ["Jane Doe", "John Roe"] and article.outlet == "Harbour Gazette"
    assert ids(corpus.search('"full council report"')) == ["news/breakwater"]
    assert corpus.search("pelican").total == 0  # image alt text is not indexed
    assert corpus.search("zanzibarreport").total == 0  # nor link targets
    assert ids(corpus.search("surge")) == ["news/breakwater"]  # code is text
    assert ids(corpus.search("date:2024-03-05")) == ["news/breakwater"]
    assert ids(corpus.search("author:roe")) == ["news/breakwater"]


# -- HTML -------------------------------------------------------------------

HTML = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Page title | The Daily Planet</title>
  <meta property="og:title" content="Breakwater finished &amp; opened">
  <meta property="article:published_time" content="2024-05-06T10:00:00Z">
  <meta property="og:site_name" content="The Daily Planet">
  <meta name="author" content="Lois Lane, Clark Kent">
  <link rel="canonical" href="https://planet.example/breakwater">
  <style>body {{ font-family: stylesheetword; }}</style>
  <script>var tracker = "scriptword";</script>
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/world">Navigationword</a></nav>
  <div class="sidebar">Sidebarword: most read today</div>
  <article>
    <h1>Breakwater finished</h1>
    <p>{PROSE} Fish &amp; chips stalls, the caf&eacute; and the &lt;old&gt; pier &#8212; all reopened.</p>
    <p>The mayor spoke first.<br>The engineers spoke second, at length, about tides and the
       wrapped source line that continues here without a paragraph break in the page.</p>
    <script>document.write("scriptword2")</script>
  </article>
  <footer>Copyright 2024 Footerword Media. All rights reserved.</footer>
</body>
</html>
"""


def test_html_reader(readers, tmp_path):
    [article], _ = read(readers, tmp_path / "p.html", HTML)
    assert article.title == "Breakwater finished & opened"  # og:title, entity decoded
    assert article.date == dt.date(2024, 5, 6)
    assert article.outlet == "The Daily Planet"
    assert article.authors == ["Lois Lane", "Clark Kent"]
    assert article.url == "https://planet.example/breakwater"
    text = article.text
    for hidden in ("stylesheetword", "scriptword", "Navigationword", "Sidebarword", "Footerword"):
        assert hidden not in text
    assert "Fish & chips stalls, the café and the <old> pier — all reopened." in text
    assert any("Navigationword" in block for block in article.boilerplate)
    assert any("Footerword" in block for block in article.boilerplate)


def test_html_paragraphs(readers, tmp_path):
    [article], _ = read(readers, tmp_path / "p.html", HTML)
    blocks = [" ".join(b.split()) for b in article.text.split("\n\n") if b.strip()]
    assert blocks[0] == "Breakwater finished"
    assert blocks[1].startswith("The harbour authority") and blocks[1].endswith("all reopened.")
    assert blocks[2] == "The mayor spoke first."  # <br> ends a paragraph
    # ...but a line break in the HTML source is only a space.
    assert blocks[3].startswith("The engineers spoke second") and blocks[3].endswith("in the page.")
    assert len(blocks) == 4


def test_html_end_to_end(folder, indexed):
    _write(folder / "planet.html", HTML)
    corpus, report = indexed()
    assert report.skipped == [] and report.articles == 1
    article = corpus.article("planet")
    assert (article.title, article.title_source) == ("Breakwater finished & opened", "source")
    assert article.date == dt.date(2024, 5, 6) and article.outlet == "The Daily Planet"
    assert article.author == "Lois Lane, Clark Kent"
    for word in ("scriptword", "stylesheetword", "navigationword", "footerword", "sidebarword"):
        assert corpus.search(word).total == 0, word
    furniture = [r.text for r in article.boilerplate if r.reason == "page furniture"]
    assert any("Navigationword" in t for t in furniture) and any("Footerword" in t for t in furniture)
    assert "Navigationword" not in article.body and "Footerword" not in article.body
    bodies = [article.body[s:e] for s, e in article.paragraphs]
    assert "The mayor spoke first." in bodies
    assert any(p.startswith("The engineers spoke second") and p.endswith("in the page.") for p in bodies)
    assert ids(corpus.search("café")) == ["planet"]
    assert ids(corpus.search("outlet:planet")) == ["planet"]
    assert ids(corpus.search("date:2024-05")) == ["planet"]


def test_html_title_from_title_element_then_h1(readers, tmp_path):
    page = f"<html><head><title> Plain  page\ntitle </title></head><body><p>{PROSE}</p></body></html>"
    [article], _ = read(readers, tmp_path / "t.html", page)
    assert article.title == "Plain page title"
    page = ("<html><head><title>Site | Section</title></head><body><header><h1>Site logo</h1></header>"
            "<svg><title>icon</title></svg><article><h1>The real headline</h1>"
            f"<p>{PROSE}</p></article></body></html>")
    [article], _ = read(readers, tmp_path / "h.html", page)
    assert article.title == "The real headline"  # the article's h1, not the logo, not <title>


def test_html_without_closing_head(readers, tmp_path):
    page = f"<html><head><title>Unclosed head</title><body><p>{PROSE}</p></body></html>"
    [article], _ = read(readers, tmp_path / "u.html", page)
    assert PROSE in article.text


def test_html_longest_article_wins_over_teaser_cards(readers, tmp_path):
    page = ("<html><body><main><article><h1>Main story</h1>"
            f"<header><p>By Jim Smith</p></header><p>{PROSE}</p><p>{PROSE}</p></article>"
            "<article><h2>Related</h2><p>Teaserword of another story</p></article></main>"
            "<aside><article>Cardword in the sidebar</article></aside></body></html>")
    [article], _ = read(readers, tmp_path / "m.html", page)
    assert "Teaserword" not in article.text and "Cardword" not in article.text
    assert "By Jim Smith" in article.text  # the article's own header is its text
    assert article.title == "Main story"


def test_html_short_article_card_does_not_hide_the_story(readers, tmp_path):
    page = (f"<html><body><div class='story'><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>"
            "<article><p>Read also: a teaser card</p></article></body></html>")
    [article], _ = read(readers, tmp_path / "c.html", page)
    assert PROSE in article.text


def test_html_unclosed_paragraphs_read_quickly(readers, tmp_path):
    # Old pages never close <p> or <li>; the open-element stack must not grow with them.
    page = "<html><body><article>" + "<p>Paragraph of an old page, never closed" * 20000 + "<ul>" + "<li>item" * 20000
    started = time.perf_counter()
    [article], _ = read(readers, tmp_path / "old.html", page)
    assert time.perf_counter() - started < 10  # quadratic, it took over a minute
    blocks = [b for b in article.text.split("\n\n") if b.strip()]
    assert len(blocks) == 40000 and blocks[0] == "Paragraph of an old page, never closed"


def test_html_page_wrapped_in_a_form(readers, tmp_path):
    # ASP.NET WebForms pages put everything inside one <form>.
    page = (f"<html><body><form id='aspnetForm'><nav>Menu</nav><h1>Wrapped story</h1><p>{PROSE}</p>"
            "<form><input name=q><p>Searchformword</p></form></form></body></html>")
    [article], _ = read(readers, tmp_path / "f.html", page)
    assert PROSE in article.text and article.title == "Wrapped story"
    assert "Menu" not in article.text
    # An ordinary form (a comment box) stays out of the body.
    page = f"<html><body><p>{PROSE} {PROSE}</p><form><p>Leave a commentword</p></form></body></html>"
    [article], _ = read(readers, tmp_path / "c.html", page)
    assert PROSE in article.text and "commentword" not in article.text


def test_html_latin1_page(readers, tmp_path):
    page = f"<html><body><p>Le café ouvre. {PROSE}</p></body></html>".encode("latin-1")
    [article], _ = read(readers, tmp_path / "l.html", page)
    assert "Le café ouvre." in article.text


# -- JSON -------------------------------------------------------------------

def test_json_single_object(readers, tmp_path):
    obj = {"title": "Walrus sighting", "text": PROSE, "date": "2024-02-03", "author": "Ann Lee, Bob Ray",
           "source": "Coast News", "url": "https://coast.example/w"}
    [article], _ = read(readers, tmp_path / "w.json", json.dumps(obj))
    assert (article.title, article.text, article.date) == ("Walrus sighting", PROSE, dt.date(2024, 2, 3))
    assert article.authors == ["Ann Lee", "Bob Ray"]
    assert (article.outlet, article.url, article.id) == ("Coast News", "https://coast.example/w", None)


def test_json_alternative_keys(readers, tmp_path):
    obj = {"Headline": "Seal pup rescued", "content": PROSE, "published_at": "2024-02-03T04:05:06Z",
           "publisher": {"name": "Harbour Gazette"}, "authors": [{"name": "A Bee"}, {"name": "C Dee"}],
           "id": 42}
    [article], _ = read(readers, tmp_path / "s.json", json.dumps(obj))
    assert article.title == "Seal pup rescued"
    assert article.text == PROSE
    assert article.date == dt.date(2024, 2, 3)
    assert article.outlet == "Harbour Gazette"
    assert article.authors == ["A Bee", "C Dee"]
    assert article.id == "42"


@pytest.mark.parametrize("authors, expected", [
    (["Ann Lee", "Bob Ray"], ["Ann Lee", "Bob Ray"]),
    ([{"name": "Ann Lee"}, {"name": "Bob Ray"}], ["Ann Lee", "Bob Ray"]),
    ({"name": "Ann Lee"}, ["Ann Lee"]),
    ("By Ann Lee", ["Ann Lee"]),
    ([], []),
])
def test_json_author_shapes(readers, tmp_path, authors, expected):
    [article], _ = read(readers, tmp_path / "a.json", json.dumps({"text": PROSE, "authors": authors}))
    assert article.authors == expected


@pytest.mark.parametrize("value, expected", [
    ("2024-02-03", dt.date(2024, 2, 3)),
    ("March 13, 2025", dt.date(2025, 3, 13)),
    (1700000000, dt.date(2023, 11, 14)),  # Unix seconds
    (1700000000000, dt.date(2023, 11, 14)),  # milliseconds
    ("not a date", None),
    (2024, None),  # a year is not a publication date
])
def test_json_dates(readers, tmp_path, value, expected):
    [article], _ = read(readers, tmp_path / "d.json", json.dumps({"text": PROSE, "date": value}))
    assert article.date == expected


def test_json_list_and_wrapped_list(readers, tmp_path):
    items = [{"title": "One", "text": "First text."}, {"title": "Two", "body": "Second text."}]
    articles, _ = read(readers, tmp_path / "list.json", json.dumps(items))
    assert [a.title for a in articles] == ["One", "Two"]
    api = {"status": "ok", "totalResults": 2, "articles": items}  # as news APIs return them
    articles, _ = read(readers, tmp_path / "api.json", json.dumps(api))
    assert [a.text for a in articles] == ["First text.", "Second text."]


def test_json_bad_items_are_warnings_bad_files_are_errors(readers, tmp_path):
    articles, source = read(readers, tmp_path / "mixed.json",
                            json.dumps([{"text": "Good."}, 7, {"title": "no text"}]))
    assert [a.text for a in articles] == ["Good."]
    assert len(source.warnings) == 2
    assert source.warnings[0].startswith("item 2:") and source.warnings[1].startswith("item 3: no article text")
    with pytest.raises(ReaderError, match="not valid JSON"):
        read(readers, tmp_path / "broken.json", '{"title": "x", ')
    with pytest.raises(ReaderError, match="no article text"):
        read(readers, tmp_path / "notext.json", '{"title": "x"}')
    with pytest.raises(ReaderError, match="no articles"):
        read(readers, tmp_path / "empty.json", "[]")


def test_json_file_that_is_really_json_lines(readers, tmp_path):
    articles, _ = read(readers, tmp_path / "lines.json", '{"text": "one"}\n{"text": "two"}\n')
    assert [a.text for a in articles] == ["one", "two"]


def test_json_end_to_end(folder, indexed):
    _write(folder / "single.json", json.dumps({"headline": "Walrus sighting", "content": PROSE + " Walrus!",
                                               "published_at": "2024-02-03", "publisher": "Coast News",
                                               "authors": [{"name": "Ann Lee"}], "id": 42}))
    _write(folder / "batch.json", json.dumps([
        {"title": "Otter census", "text": "Rangers counted otters along the estuary this spring."},
        {"title": "Heron nests", "text": "Herons nested early in the reed beds this year."},
    ]))
    _write(folder / "unnamed.json", json.dumps({"title": "Gull survey", "body": "Gulls were counted."}))
    corpus, report = indexed()
    assert report.skipped == [] and report.articles == 4
    walrus = corpus.article("42")  # a numeric id becomes a string id
    assert (walrus.title, walrus.date, walrus.outlet, walrus.authors) == (
        "Walrus sighting", dt.date(2024, 2, 3), "Coast News", ["Ann Lee"])
    assert ids(corpus.search("walrus")) == ["42"]
    assert ids(corpus.search("id:42")) == ["42"]
    assert ids(corpus.search("otters")) == ["batch#1"]
    assert ids(corpus.search("herons")) == ["batch#2"]
    assert ids(corpus.search("gulls")) == ["unnamed"]
    assert corpus.article("batch#2").title == "Heron nests"


# -- JSON Lines -------------------------------------------------------------

def _feed(count: int, bad_at: int | None = None) -> str:
    lines = []
    for n in range(1, count + 1):
        if n == bad_at:
            lines.append('{"title": "broken", "text": ')
            continue
        obj = {"title": f"Tide report {n}", "text": f"Tide report number {n}: the tide was marker{n} high."}
        if n % 2 == 0:
            obj["id"] = f"tide-{n}"
        lines.append(json.dumps(obj))
    return "\n".join(lines) + "\n"


def test_jsonl_reader_streams_many_articles(readers, tmp_path):
    articles, source = read(readers, tmp_path / "feed.jsonl", _feed(200))
    assert len(articles) == 200 and source.warnings == []
    assert articles[0].title == "Tide report 1" and articles[0].id is None
    assert articles[1].id == "tide-2"


def test_jsonl_malformed_line_is_a_warning_with_its_number(readers, tmp_path):
    text = _feed(5, bad_at=3) + "\n[1, 2]\n" + '{"title": "no text here"}\n'
    articles, source = read(readers, tmp_path / "feed.jsonl", text)
    assert [a.title for a in articles] == ["Tide report 1", "Tide report 2", "Tide report 4", "Tide report 5"]
    assert len(source.warnings) == 3
    assert source.warnings[0].startswith("line 3: not valid JSON")
    assert source.warnings[1].startswith("line 7: expected an object")  # line 6 is blank
    assert source.warnings[2].startswith("line 8: no article text")


def test_jsonl_utf16_with_bom(readers, tmp_path):
    articles, _ = read(readers, tmp_path / "u.ndjson", codecs.BOM_UTF16_LE + _feed(3).encode("utf-16-le"))
    assert [a.title for a in articles] == ["Tide report 1", "Tide report 2", "Tide report 3"]


def test_jsonl_end_to_end(folder, indexed):
    _write(folder / "feeds" / "tides.jsonl", _feed(60, bad_at=7))
    corpus, report = indexed()
    assert report.articles == 59
    assert report.skipped == [("feeds/tides.jsonl", report.skipped[0][1])]
    assert report.skipped[0][1].startswith("line 7: not valid JSON")
    # ids: the object's own id, else <stem>#N for the Nth article of the file
    assert ids(corpus.search("marker1")) == ["feeds/tides#1"]
    assert ids(corpus.search("marker2")) == ["tide-2"]
    assert ids(corpus.search("marker5")) == ["feeds/tides#5"]
    assert corpus.search("marker7").total == 0
    assert ids(corpus.search("marker60")) == ["tide-60"]
    assert corpus.article("tide-60").path == "feeds/tides.jsonl"
    assert corpus.search("tide").total == 59


def test_single_jsonl_file_as_the_corpus(tmp_path, readers):
    feed = _write(tmp_path / "only.jsonl", _feed(4))
    corpus = open_corpus(feed, index_dir=tmp_path / "index", readers=readers)
    try:
        assert corpus.update().articles == 4
        assert ids(corpus.search("marker3")) == ["only#3"]
    finally:
        corpus.close()


# -- several formats in one corpus ------------------------------------------

def test_same_stem_in_two_formats_gets_two_ids(folder, indexed):
    _write(folder / "a.txt", f"Plain text version\n\n{PROSE} Only the text file mentions kingfishers.\n")
    _write(folder / "a.md", f"# Markdown version\n\n{PROSE} Only the Markdown file mentions cormorants.\n")
    corpus, report = indexed()
    assert report.articles == 2 and report.skipped == []
    [text_id] = ids(corpus.search("kingfishers"))
    [md_id] = ids(corpus.search("cormorants"))
    assert text_id != md_id
    assert {corpus.article(text_id).path, corpus.article(md_id).path} == {"a.txt", "a.md"}
    assert corpus.article(text_id).path == "a.txt" and corpus.article(md_id).path == "a.md"
    assert corpus.article(md_id).title == "Markdown version"
    # A second run keeps both, with the same ids.
    again = corpus.update()
    assert again.unchanged == 2 and again.articles == 2
    assert ids(corpus.search("kingfishers")) == [text_id] and ids(corpus.search("cormorants")) == [md_id]


def test_mixed_corpus_all_formats(folder, indexed):
    _write(folder / "t.txt", TEXT)
    _write(folder / "m.md", MARKDOWN)
    _write(folder / "h.html", HTML)
    _write(folder / "j.json", json.dumps({"title": "Json one", "text": PROSE}))
    _write(folder / "l.jsonl", _feed(3))
    _write(folder / "ignored.csv", "a,b\n1,2\n")  # no reader: not part of the corpus
    corpus, report = indexed()
    assert report.skipped == []
    assert (report.added, report.articles) == (5, 7)
    assert ids(corpus.search("breakwater")) == ["h", "j", "m", "t"]  # all but the tide feed say it
    assert ids(corpus.search("marker1 OR marker2 OR marker3")) == ["l#1", "l#3", "tide-2"]


def test_json_html_bodies_and_wordpress_exports(readers, tmp_path):
    path = tmp_path / "wp.json"
    path.write_text(json.dumps({
        "id": 7, "title": {"rendered": "Bridge &amp; Tunnel <em>reopen</em>"},
        "content": {"rendered": "<p>The bridge reopened on Monday.</p><script>evil()</script><p>Traffic was light.</p>"},
    }))
    [article] = list(readers.for_path(path).read(SourceFile(path, "wp.json", path.stat().st_size)))
    assert article.title == "Bridge & Tunnel reopen"
    assert "evil" not in article.text and "<p>" not in article.text
    assert "The bridge reopened on Monday." in article.text and "Traffic was light." in article.text


def test_markdown_front_matter_values(readers, tmp_path):
    path = tmp_path / "m.md"
    path.write_text('---\nheadline: "Mayor: \\"We will rebuild\\""\nauthor: null\npublished: 2024-05-06\n---\n\nThe mayor spoke to residents at the town hall on Monday evening about the flood.\n')
    [article] = list(readers.for_path(path).read(SourceFile(path, "m.md", path.stat().st_size)))
    assert article.title == 'Mayor: "We will rebuild"'
    assert article.authors == []
    assert article.date == dt.date(2024, 5, 6)


def test_json_angle_bracket_tickers_are_text_not_html(readers, tmp_path):
    path = tmp_path / "wire.json"
    text = "Phillips <P> said it raised crude prices.\n    <EM> and <A> shares rose."
    path.write_text(json.dumps({"title": "PHILLIPS <P> RAISES CRUDE OIL PRICES", "text": text}))
    [article] = list(readers.for_path(path).read(SourceFile(path, "wire.json", path.stat().st_size)))
    assert article.title == "PHILLIPS <P> RAISES CRUDE OIL PRICES"
    assert article.text == text
