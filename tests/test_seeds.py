"""The bundled seeds: metadata read from the text, boilerplate kept out of the
index, and every real paragraph searchable.  The expected values live here, in
the test, never in the code."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import SEEDS

TITLES = {
    "000_a87104d3ceeb3507": "Western AI Firms Are Worried About ‘Censorship’ In China’s AI Models",
    "001_898deb4b01bdfc3a": "China’s AI Startups Accused of AI Distillation, But Why?",
    "003_db8d85c80677fcae": "OpenAI Proposes US Ban on Chinese AI Lab DeepSeek, Citing Security Risks",
}
# These two have no headline line: the title falls back to the first sentence.
FIRST_SENTENCE_TITLES = {
    "002_d86b51388400303c": "Chinese artificial intelligence (AI) start-up DeepSeek early this year launched",
    "004_2f6f94751758ff33": "Recently, according to a report by TechCrunch, artificial intelligence giant OpenAI",
}

# Lines of the seed files that are not article text (page furniture, bylines,
# bios, teasers of other articles).  Every other line with 8+ words is a real
# paragraph and must be in the body.
BOILERPLATE_LINES = {
    "000_a87104d3ceeb3507": ["Home / News", "Kurt Robson is a London-based reporter", "Was this Article helpful"],
    "001_898deb4b01bdfc3a": ["Also read:", "Leave a Reply", "Your email address", "We have detected that you are using",
                             "Ads Blocker Image"],
    "002_d86b51388400303c": ["Ryan Xu is a freelancer", "Translated by", "The gutting of Voice of America",
                             "On a quiet lane in Taipei", "By now, most of Taiwan", "As the highest elected official"],
    "003_db8d85c80677fcae": ["OpenAI Proposes US Ban", "Copyright ©"],
    "004_2f6f94751758ff33": [],
}


def test_all_five_seeds_are_indexed(open_seeds):
    assert open_seeds.article_count() == 5


@pytest.mark.parametrize("article_id,title", sorted(TITLES.items()))
def test_headline_titles(open_seeds, article_id, title):
    article = open_seeds.article(article_id)
    assert article.title == title
    assert article.title_source == "text"


@pytest.mark.parametrize("article_id,start", sorted(FIRST_SENTENCE_TITLES.items()))
def test_titles_without_a_headline_use_the_first_sentence(open_seeds, article_id, start):
    article = open_seeds.article(article_id)
    assert article.title.startswith(start)
    assert article.title_source == "first-sentence"
    assert len(article.title) <= 121


def test_author_and_date_of_the_dated_seed(open_seeds):
    article = open_seeds.article("003_db8d85c80677fcae")
    assert article.authors == ["Reese Morgan"]
    assert article.date == dt.date(2025, 3, 13)
    assert article.outlet == "Starfolk"


def test_bylines_and_bios_give_authors(open_seeds):
    assert open_seeds.article("000_a87104d3ceeb3507").authors == ["Kurt Robson"]
    assert open_seeds.article("002_d86b51388400303c").authors == ["Ryan Xu"]
    # Nobody signs these two: no name is invented.
    assert open_seeds.article("001_898deb4b01bdfc3a").authors == []
    assert open_seeds.article("004_2f6f94751758ff33").authors == []


def test_undated_seeds_have_no_date(open_seeds):
    for article_id in ("000_a87104d3ceeb3507", "001_898deb4b01bdfc3a", "002_d86b51388400303c"):
        assert open_seeds.article(article_id).date is None


@pytest.mark.parametrize("phrase", [
    '"ads blocker"', '"leave a reply"', '"was this article helpful"', '"similiar posts"',
    '"all rights reserved"', '"source link"', '"london-based reporter"', '"translated by"',
    '"voice of america"', '"Taipei Mayor"', '"email address will not be published"',
])
def test_boilerplate_is_not_searchable(open_seeds, phrase):
    assert open_seeds.search(phrase).total == 0


@pytest.mark.parametrize("article_id", sorted(BOILERPLATE_LINES))
def test_every_real_paragraph_is_in_the_body_and_found(open_seeds, article_id):
    article = open_seeds.article(article_id)
    lines = [l.strip() for l in (SEEDS / f"{article_id}.txt").read_text().splitlines()]
    real = [
        l for l in lines
        if len(l.split()) >= 8 and not any(l.startswith(b) for b in BOILERPLATE_LINES[article_id])
        and l != article.title
    ]
    assert real, "the test needs paragraphs to check"
    for paragraph in real:
        assert " ".join(paragraph.split()) in article.body
        # Search the paragraph's opening words as a phrase.
        words = re.findall(r"\w+", paragraph)[:6]
        hits = open_seeds.search('"' + " ".join(words) + '"', limit=10).hits
        assert article_id in [h.id for h in hits], paragraph


def test_boilerplate_is_kept_retrievable_with_reasons(open_seeds):
    article = open_seeds.article("001_898deb4b01bdfc3a")
    reasons = {r.reason for r in article.boilerplate}
    assert {"comment form", "ad-blocker notice", "source link", "link to another article"} <= reasons
    assert any("Leave a Reply" in r.text for r in article.boilerplate)


def test_offsets_point_at_paragraphs_and_sentences(open_seeds):
    article = open_seeds.article("003_db8d85c80677fcae")
    assert len(article.paragraphs) == 7
    for start, end in article.paragraphs:
        text = article.body[start:end]
        assert text == text.strip() and text
    first = article.sentences[0]
    assert article.body[first[0]:first[1]].startswith("Artificial intelligence research organization OpenAI")
    assert article.body[first[0]:first[1]].endswith("Chinese government.")
    # Every sentence lies inside one paragraph.
    for start, end in article.sentences:
        assert any(p0 <= start and end <= p1 for p0, p1 in article.paragraphs)
