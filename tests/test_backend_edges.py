"""Edge cases a review of the backends found, each a regression test: phrases
with slop, wildcards on ids and paths, fields without words, ids with NUL,
an article too big for a PostgreSQL tsvector, over-long words, and a server
that refuses a connection while an index run checks the index.
"""

from __future__ import annotations

import json
import random

import pytest

from newsdesk.plugins.manager import PluginHost
from newsdesk.search import IndexUnavailable, open_corpus

BACKENDS = ["tantivy", "postgres"]
QUERIES = [
    '"b a"~3', '"walrus walrus"~2', '"a a"~2', '"a b"~3', '"a b"~2', '"a b"', '"walrus and"',
    "id:e?", "id:*2", "id:e1~1", "path:*jsonl", "path:edges.json?", "walrus", "outlet:*", "NOT outlet:*",
    "NOT author:*", "title:*", "NOT title:*", "x" * 300 + "~1", '"walrus ' + "z" * 3000 + '"',
    "title:[a TO m]", "body:[a TO c]", "id:[e1 TO e3}", "title:{walrus TO]", "body:[x TO]", "path:[TO f]",
]


@pytest.fixture(scope="module")
def host():
    return PluginHost(third_party=False, allow="", disable="entities,timeline,contradictions")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    where = tmp_path_factory.mktemp("edges")
    records = [
        {"id": "e1", "title": "Walrus news", "text": "the walrus sat here", "outlet": "—", "author": "???"},
        {"id": "e2", "title": "!!!", "text": "walrus and walrus again, b x a", "outlet": "Daily Walrus"},
        {"id": "e3", "title": "A3", "text": "a x b and a y z b"},
        {"id": "n\u00001", "title": "Nul", "text": "walrus with a nul in its id"},
        {"id": "long", "title": "Long", "text": "x" * 300 + " " + "y" * 3000 + " walrus"},
    ]
    (where / "edges.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return where


@pytest.fixture(scope="module")
def corpora(folder, host, tmp_path_factory, request):
    found = {"whoosh": open_corpus(folder, index_dir=tmp_path_factory.mktemp("w"), extensions=host.extensions())}
    found["whoosh"].update()
    return found


def backend_corpus(name, folder, host, tmp_path, request):
    options = {"dsn": request.getfixturevalue("pg_database")} if name == "postgres" else {}
    corpus = open_corpus(folder, index_dir=tmp_path / name, extensions=host.extensions(), backend=name,
                         backend_options=options)
    corpus.update()
    return corpus


@pytest.mark.parametrize("name", BACKENDS)
def test_edge_queries_find_what_whoosh_finds(name, folder, host, corpora, tmp_path, request):
    corpus = backend_corpus(name, folder, host, tmp_path, request)
    for query in QUERIES:
        assert corpus.match_ids(query) == corpora["whoosh"].match_ids(query), query
        assert corpus.search(query, limit=50).total == len(corpora["whoosh"].match_ids(query)), query


def test_a_word_too_long_for_postgresql_is_simply_not_found(folder, host, tmp_path, pg_database):
    corpus = open_corpus(folder, index_dir=tmp_path / "i", extensions=host.extensions(), backend="postgres",
                         backend_options={"dsn": pg_database})
    corpus.update()
    assert corpus.match_ids("y" * 3000) == set()  # whoosh finds it: a documented limit (docs/scaling.md)
    assert corpus.search("y" * 3000 + " OR walrus").total == 4


def test_an_article_too_big_for_a_tsvector_is_indexed_and_found(tmp_path, host, pg_database):
    rng = random.Random(7)
    words = {"".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(3)) for _ in range(80_000)}
    (tmp_path / "big").mkdir()
    (tmp_path / "big" / "cjk.txt").write_text("Big\n\nwalrus " + " ".join(sorted(words)) + "\n", encoding="utf-8")
    (tmp_path / "big" / "small.txt").write_text("Small\n\nwalrus\n", encoding="utf-8")
    corpus = open_corpus(tmp_path / "big", index_dir=tmp_path / "i", extensions=host.extensions(),
                         backend="postgres", backend_options={"dsn": pg_database})
    report = corpus.update()
    assert report.added == 2
    assert corpus.match_ids("walrus") == {"cjk", "small"}


def test_a_refused_connection_while_checking_never_throws_the_index_away(folder, host, tmp_path, pg_database,
                                                                         monkeypatch):
    corpus = open_corpus(folder, index_dir=tmp_path / "i", extensions=host.extensions(), backend="postgres",
                         backend_options={"dsn": pg_database})
    assert corpus.update().added == 1
    backend = corpus.backend
    real = backend.open_store

    def refuse(readonly=False):
        if readonly:
            raise backend.errors[0]("sorry, too many clients already")
        return real(readonly)

    monkeypatch.setattr(backend, "open_store", refuse)
    corpus.close()
    with pytest.raises(IndexUnavailable, match="too many clients"):
        corpus.update()
    monkeypatch.setattr(backend, "open_store", real)
    report = corpus.update()
    assert report.added == 0 and report.unchanged == 1  # nothing was rebuilt


def test_checking_the_index_leaves_an_open_reader_working(folder, host, tmp_path, pg_database):
    corpus = open_corpus(folder, index_dir=tmp_path / "i", extensions=host.extensions(), backend="postgres",
                         backend_options={"dsn": pg_database})
    corpus.update()
    assert corpus.search("walrus").total == 4
    assert not corpus.needs_update() and corpus.has_index()
    assert corpus.article("e1").title == "Walrus news"
    assert corpus.article_count() == 5 and corpus.status()["index"]


def test_a_fuzzy_prefix_longer_than_the_word_is_a_syntax_error(corpora):
    from newsdesk.search import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match="keeps more letters"):
        corpora["whoosh"].search("walrus~2/7")


def test_a_local_index_that_cannot_be_read_is_rebuilt(folder, host, tmp_path):
    corpus = open_corpus(folder, index_dir=tmp_path / "i", extensions=host.extensions())
    corpus.update()
    corpus.close()
    (tmp_path / "i" / "articles.sqlite").write_bytes(b"not a database")
    for suffix in ("-wal", "-shm"):
        (tmp_path / "i" / f"articles.sqlite{suffix}").unlink(missing_ok=True)
    assert corpus.update().added == 1  # a cache: built again
    assert corpus.search("walrus").total == 4
