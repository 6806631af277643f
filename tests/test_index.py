"""Incremental indexing: only what changed is touched, and the index says so."""

from __future__ import annotations

import os

from newsdesk.search import open_corpus


def _corpus(folder, readers, tmp_path):
    return open_corpus(folder, index_dir=tmp_path / "idx", readers=readers)


def test_first_run_adds_everything_second_run_touches_nothing(seeds_copy, readers, tmp_path):
    corpus = _corpus(seeds_copy, readers, tmp_path)
    first = corpus.update()
    assert (first.added, first.changed, first.removed, first.unchanged) == (5, 0, 0, 0)
    again = corpus.update()
    assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, 5)
    assert again.articles == 5


def test_edit_add_and_delete(seeds_copy, readers, tmp_path):
    corpus = _corpus(seeds_copy, readers, tmp_path)
    corpus.update()
    edited = seeds_copy / "004_2f6f94751758ff33.txt"
    edited.write_text(edited.read_text() + "\nA zanzibarian lighthouse keeper disputed every claim above.\n")
    (seeds_copy / "005_new.txt").write_text("Quokka census\n\nRangers counted quokkas on Rottnest Island this spring, and found more than last year.\n")
    (seeds_copy / "000_a87104d3ceeb3507.txt").unlink()

    report = corpus.update()
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 1, 1, 3)
    assert report.articles == 5
    assert "1 added, 1 changed, 1 removed, 3 unchanged" in report.summary()

    assert [h.id for h in corpus.search("zanzibarian").hits] == ["004_2f6f94751758ff33"]
    assert [h.id for h in corpus.search("quokkas").hits] == ["005_new"]
    assert corpus.search("Delaunge").total == 0  # only the deleted article said it
    assert corpus.search("deepseek").total == 4


def test_touched_but_identical_file_is_unchanged(seeds_copy, readers, tmp_path):
    corpus = _corpus(seeds_copy, readers, tmp_path)
    corpus.update()
    path = seeds_copy / "001_898deb4b01bdfc3a.txt"
    os.utime(path, ns=(1, 1))  # new modification time, same content
    report = corpus.update()
    assert (report.changed, report.unchanged) == (0, 5)


def test_rebuild_starts_over(seeds_copy, readers, tmp_path):
    corpus = _corpus(seeds_copy, readers, tmp_path)
    corpus.update()
    report = corpus.update(rebuild=True)
    assert report.added == 5 and report.articles == 5


def test_search_sees_updates_made_by_another_handle(seeds_copy, readers, tmp_path):
    reader_side = _corpus(seeds_copy, readers, tmp_path)
    writer_side = _corpus(seeds_copy, readers, tmp_path)
    writer_side.update()
    assert reader_side.search("quokka").total == 0
    (seeds_copy / "quokka.txt").write_text("Quokka news\n\nA quokka was seen smiling at tourists on the island today.\n")
    writer_side.update()
    assert reader_side.search("quokka").total == 1


def test_interrupted_run_keeps_the_previous_index(seeds_copy, readers, tmp_path, monkeypatch):
    corpus = _corpus(seeds_copy, readers, tmp_path)
    corpus.update()
    before = [h.id for h in corpus.search("openai").hits]
    (seeds_copy / "003_db8d85c80677fcae.txt").write_text("Replaced text about pelicans only, nothing else here at all.\n")

    from newsdesk.search import indexer

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(indexer, "ingest", interrupted)
    try:
        corpus.update()
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the run should have been interrupted")
    monkeypatch.undo()

    fresh = _corpus(seeds_copy, readers, tmp_path)
    assert [h.id for h in fresh.search("openai").hits] == before
    assert fresh.search("pelicans").total == 0
    report = fresh.update()  # the next run completes the work
    assert report.changed == 1
    assert fresh.search("pelicans").total == 1


def test_single_file_corpus(tmp_path, readers):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a1", "title": "Walrus", "text": "A walrus hauled out on the beach."}\n'
                    '{"id": "a2", "title": "Seal", "text": "A seal swam past the pier."}\n')
    corpus = _corpus(feed, readers, tmp_path)
    assert corpus.update().articles == 2
    assert [h.id for h in corpus.search("walrus").hits] == ["a1"]


def test_empty_corpus_searches_cleanly_and_then_fills(tmp_path, readers):
    folder = tmp_path / "empty"
    folder.mkdir()
    corpus = _corpus(folder, readers, tmp_path)
    assert corpus.update().articles == 0
    assert corpus.search("anything").total == 0
    (folder / "a.txt").write_text("Pelican report\n\nA pelican stole a fish from the harbour market this morning.\n")
    _corpus(folder, readers, tmp_path).update()  # another handle, as another process would
    assert corpus.search("pelican").total == 1


def test_duplicate_ids_inside_one_file_get_distinct_ids(tmp_path, readers):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "d.jsonl").write_text(
        '{"id": "x1", "title": "First", "text": "alpha story about turnips"}\n'
        '{"id": "x1", "title": "Second", "text": "beta story about turnips"}\n')
    corpus = _corpus(folder, readers, tmp_path)
    assert corpus.update().articles == 2
    alpha = corpus.search("alpha").hits[0]
    beta = corpus.search("beta").hits[0]
    assert (alpha.id, alpha.title) == ("x1", "First")
    assert (beta.id, beta.title) == ("d#2", "Second")
    assert corpus.article("d#2").body == "beta story about turnips"


def test_a_corpus_can_be_read_from_several_threads(open_seeds):
    """The TUI searches in worker threads: one Corpus serves them all."""
    import threading

    first = open_seeds.search("deepseek").hits[0].id
    seen, errors = [], []

    def read():
        try:
            for _ in range(20):
                seen.append(open_seeds.article(first).id)
                open_seeds.search("openai OR ban")
                open_seeds.annotations(first)
        except Exception as error:  # pragma: no cover - the assertion below shows it
            errors.append(error)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and seen == [first] * 80
    open_seeds.close()
