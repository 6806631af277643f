"""Metadata sidecars (`NAME.meta.json`): the user's corrections of an
article's date, title, authors, outlet and URL win over the source, survive
re-indexing, are re-read when edited or removed, and a broken one is reported
without losing the article."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from newsdesk.search import open_corpus

from conftest import run_cli

BODY = ("The committee met again on Tuesday to discuss the proposal, which members said would "
        "change how the port is run. Last year the same proposal failed by two votes, and its "
        "backers have spent the months since gathering support among the harbour's tenants.\n")


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "port.txt").write_text("Port vote\n\n" + BODY)
    (root / "other.txt").write_text("Other story\n\n" + BODY.replace("port", "airport"))
    records = [{"id": "w1", "title": "Wire one", "body": BODY, "date": "1987-03-02"},
               {"id": "w2", "title": "Wire two", "body": BODY}]
    (root / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return root


@pytest.fixture
def corpus(folder, readers, tmp_path):
    corpus = open_corpus(folder, index_dir=tmp_path / "index", readers=readers)
    corpus.update()
    yield corpus
    corpus.close()


def write(path, data):
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    # A different modification time even on coarse clocks: the indexer must notice.
    stamp = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(stamp, stamp))


def test_a_sidecar_sets_metadata_and_is_not_an_article(folder, corpus):
    assert corpus.article("port").date is None
    write(folder / "port.txt.meta.json", {"date": "2024-05-06", "title": "The port vote",
                                          "author": "Ann Lee", "outlet": "Harbour News", "url": "https://x.test/a"})
    report = corpus.update()
    assert (report.changed, report.added) == (1, 0)
    article = corpus.article("port")
    assert (article.date, article.title, article.authors, article.outlet, article.url) == \
        (dt.date(2024, 5, 6), "The port vote", ["Ann Lee"], "Harbour News", "https://x.test/a")
    assert corpus.search("date:2024-05-06").total == 1
    assert corpus.search('outlet:"harbour news"').total == 1
    assert corpus.article_count() == 4  # the sidecar itself is not an article
    assert corpus.update().changed == 0  # unchanged sidecar: nothing to do


def test_editing_or_removing_the_sidecar_updates_the_article(folder, corpus):
    side = folder / "port.txt.meta.json"
    write(side, {"date": "2024-05-06"})
    corpus.update()
    write(side, {"date": "2023-01-02"})
    assert corpus.update().changed == 1
    assert corpus.article("port").date == dt.date(2023, 1, 2)
    stamp = side.stat().st_mtime_ns + 3_000_000_000
    os.utime(side, ns=(stamp, stamp))  # touched, same content: not re-read
    assert corpus.update().changed == 0
    side.unlink()
    assert corpus.update().changed == 1
    assert corpus.article("port").date is None


def test_null_clears_a_value_the_source_states(folder, corpus):
    assert corpus.article("w1").date == dt.date(1987, 3, 2)
    write(folder / "wire.jsonl.meta.json", {"records": {"w1": {"date": None}}})
    corpus.update()
    assert corpus.article("w1").date is None


def test_records_set_one_article_of_a_collection_and_top_level_keys_all(folder, corpus):
    write(folder / "wire.jsonl.meta.json", {"outlet": "Reuters", "records": {"w2": {"date": "March 4, 1987"}}})
    corpus.update()
    one, two = corpus.article("w1"), corpus.article("w2")
    assert (one.outlet, two.outlet) == ("Reuters", "Reuters")
    assert (one.date, two.date) == (dt.date(1987, 3, 2), dt.date(1987, 3, 4))


@pytest.mark.parametrize("content, why", [
    ("{not json", "not JSON"),
    ("[1, 2]", "must hold a JSON object"),
    ('{"date": "soon"}', '"date" is not a date'),
    ('{"dates": "2024-01-01"}', 'unknown key "dates"'),
    ('{"authors": [1]}', "must be a name or a list of names"),
    ('{"records": {"w1": 3}}', '"records" must map article ids to objects'),
    (b"\xff\xfe\x00junk", "not UTF-8"),
])
def test_a_broken_sidecar_is_reported_until_fixed_and_loses_nothing(folder, corpus, content, why):
    side = folder / "port.txt.meta.json"
    side.write_bytes(content if isinstance(content, bytes) else content.encode())
    for _ in range(2):  # said again on the next run, not only once
        report = corpus.update()
        assert [(where, reason) for where, reason in report.skipped if why in reason] == \
            [("port.txt.meta.json", next(r for w, r in report.skipped if why in r))]
        assert corpus.article("port").title == "Port vote" and corpus.article_count() == 4


def test_a_sidecar_without_its_article_is_reported(folder, corpus):
    write(folder / "gone.txt.meta.json", {"date": "2024-01-01"})
    report = corpus.update()
    assert ("gone.txt.meta.json", "metadata for 'gone.txt', which is not an article file here") in report.skipped
    assert corpus.article_count() == 4


def test_set_metadata_keeps_what_the_file_holds(folder, corpus):
    side = folder / "wire.jsonl.meta.json"
    write(side, {"outlet": "Reuters"})
    corpus.update()
    assert corpus.set_metadata("w2", {"date": dt.date(1987, 3, 9), "authors": ["Al Fox"]}) == side
    assert json.loads(side.read_text()) == {"version": 1, "outlet": "Reuters",
                                            "records": {"w2": {"date": "1987-03-09", "authors": ["Al Fox"]}}}
    corpus.update()
    assert (corpus.article("w2").date, corpus.article("w2").authors) == (dt.date(1987, 3, 9), ["Al Fox"])
    assert corpus.set_metadata("port", {"title": "Vote"}) == folder / "port.txt.meta.json"
    assert json.loads((folder / "port.txt.meta.json").read_text()) == {"version": 1, "title": "Vote"}


def test_set_metadata_refuses_to_overwrite_a_broken_sidecar(folder, corpus):
    side = folder / "port.txt.meta.json"
    side.write_text("{oops")
    from newsdesk.search.errors import UsageError

    with pytest.raises(UsageError, match="cannot update .*not JSON"):
        corpus.set_metadata("port", {"title": "Vote"})
    assert side.read_text() == "{oops"


def test_the_meta_command(folder, tmp_path):
    where = ["--corpus", str(folder), "--index", str(tmp_path / "cli-index")]
    shown = run_cli("meta", "port", *where, "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["date"] is None
    result = run_cli("meta", "port", *where, "--date", "2024-05-06", "--author", "Ann Lee", "--author", "Bo Chan",
                     "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["date"], record["authors"]) == ("2024-05-06", ["Ann Lee", "Bo Chan"])
    assert "wrote" in result.stderr and "port.txt.meta.json" in result.stderr
    assert run_cli("search", "date:2024-05-06", *where, "--plain").stdout.startswith("port\t")
    for args, code, message in [(["nope", "--date", "2024-01-01"], 1, "no article with id 'nope'"),
                                (["port", "--date", "2024-13-01"], 2, "'2024-13-01' is not a date"),
                                (["port", "--date", "2024-01-01", "--no-date"], 2, "choose --date or --no-date")]:
        bad = run_cli("meta", *args, *where)
        assert bad.returncode == code and message in bad.stderr and "Traceback" not in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    assert not (folder / "nope.txt.meta.json").exists()


def test_a_one_record_collection_is_set_by_id_so_records_added_later_keep_their_own(tmp_path, readers):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "feed.jsonl").write_text(json.dumps({"id": "a1", "title": "One", "body": BODY}) + "\n")
    corpus = open_corpus(folder, index_dir=tmp_path / "i", readers=readers)
    corpus.update()
    corpus.set_metadata("a1", {"date": dt.date(2022, 2, 2)})
    assert json.loads((folder / "feed.jsonl.meta.json").read_text()) == {"version": 1, "records": {"a1": {"date": "2022-02-02"}}}
    with (folder / "feed.jsonl").open("a") as handle:
        handle.write(json.dumps({"id": "a2", "title": "Two", "body": BODY}) + "\n")
    corpus.update()
    assert (corpus.article("a1").date, corpus.article("a2").date) == (dt.date(2022, 2, 2), None)
    corpus.set_metadata("a1", {"date": dt.date(2023, 3, 3)})  # updates the records entry, not a shadowed top level
    corpus.update()
    assert corpus.article("a1").date == dt.date(2023, 3, 3)
    corpus.close()


def test_unlikely_dates_and_unknown_record_ids_are_reported(folder, corpus):
    write(folder / "port.txt.meta.json", {"date": "9999-12-31"})
    report = corpus.update()
    assert any("not a date from 1000 to 2999" in why for _, why in report.skipped)
    write(folder / "wire.jsonl.meta.json", {"records": {"w9": {"date": "2020-01-01"}}})
    report = corpus.update()
    assert ("wire.jsonl.meta.json", "metadata for records this file does not hold: w9") in report.skipped
