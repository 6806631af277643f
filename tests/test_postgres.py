"""The PostgreSQL backend as a newsroom uses it: several people searching
while one indexer adds articles, a second indexer refused, the schema made and
rebuilt by newsdesk, the command line, and a server that is not there.

The article sets each query finds are checked against whoosh in
tests/test_backends.py; this file is about sharing one server.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from conftest import run_cli
from newsdesk.plugins.manager import current_host
from newsdesk.search import IndexLocked, IndexUnavailable, open_corpus
from newsdesk.search.errors import UsageError
from newsdesk.search.locations import bundled_seeds

READER = textwrap.dedent("""
    import json, sys
    from newsdesk.plugins.manager import current_host
    from newsdesk.search import open_corpus
    folder, index, dsn, stop_file = sys.argv[1:5]
    from pathlib import Path
    corpus = open_corpus(folder, index_dir=index, extensions=current_host().extensions(),
                         backend="postgres", backend_options={"dsn": dsn})
    searches, seen, problems, last = 0, [], [], 0
    while True:
        finished = Path(stop_file).exists()
        try:
            results = corpus.search("batchword", limit=10_000)
            ids = [hit.id for hit in results.hits]
            if results.total != len(ids):
                problems.append(f"total {results.total} but {len(ids)} hits")
            if results.total < last:
                problems.append(f"went back from {last} to {results.total}")
            last = results.total
            for article_id in ids:
                article = corpus.article(article_id)
                if "batchword" not in article.body or not article.body.rstrip().endswith("END"):
                    problems.append(f"{article_id} is not whole")
            every = corpus.search("*", limit=1).total
            if every < results.total:
                problems.append(f"{every} articles but {results.total} match")
            seen.append(results.total)
        except Exception as error:
            problems.append(f"{type(error).__name__}: {error}")
        searches += 1
        if finished:
            break
    print(json.dumps({"searches": searches, "counts": sorted(set(seen)), "problems": problems[:10]}))
""")


@pytest.fixture(scope="module")
def pg_module_dsn(pg_dsn):
    """One database for this module's tests."""
    import psycopg

    name = "test_postgres_module"
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    yield pg_dsn.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def write_article(folder: Path, number: int) -> None:
    body = " ".join(f"Paragraph {number}.{i} says batchword and more words about markets." for i in range(40))
    (folder / f"article{number:04d}.txt").write_text(f"Article {number}\n\n{body}\nEND\n", encoding="utf-8")


def test_readers_never_see_an_error_or_half_an_article_while_one_indexer_adds(tmp_path, pg_module_dsn):
    folder, index = tmp_path / "corpus", tmp_path / "index"
    folder.mkdir()
    write_article(folder, 0)
    corpus = open_corpus(folder, index_dir=index, extensions=current_host().extensions(), backend="postgres",
                         backend_options={"dsn": pg_module_dsn})
    corpus.update(rebuild=True)
    stop = tmp_path / "stop"
    script = tmp_path / "reader.py"
    script.write_text(READER)
    readers = [subprocess.Popen([sys.executable, str(script), str(folder), str(index), pg_module_dsn, str(stop)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    try:
        added = 1
        for _ in range(8):  # eight index runs, each adding 40 articles in one transaction
            for number in range(added, added + 40):
                write_article(folder, number)
            added += 40
            report = corpus.update()
            assert report.added == 40
    finally:
        stop.touch()
        outputs = [reader.communicate(timeout=120) for reader in readers]
    assert corpus.search("batchword", limit=1).total == added
    for out, err in outputs:
        assert "Traceback" not in err, err
        summary = json.loads(out.strip().splitlines()[-1])
        assert summary["problems"] == []
        assert summary["searches"] >= 2
        # Only whole index runs are ever seen: multiples of 40 articles, plus the first.
        assert all((count - 1) % 40 == 0 for count in summary["counts"]), summary["counts"]


def test_a_second_indexer_is_refused_at_once(tmp_path, pg_module_dsn):
    folder = tmp_path / "corpus"
    shutil.copytree(bundled_seeds(), folder)
    options = {"dsn": pg_module_dsn}
    first = open_corpus(folder, index_dir=tmp_path / "a", extensions=current_host().extensions(),
                        backend="postgres", backend_options=options)
    second = open_corpus(folder, index_dir=tmp_path / "b", extensions=current_host().extensions(),
                         backend="postgres", backend_options=options)
    with first.backend.write_lock():
        with pytest.raises(IndexLocked, match="another newsdesk is indexing it"):
            second.update()
    assert second.update().added == 5  # the lock went with the first one


def test_the_schema_is_made_and_rebuilt_by_newsdesk(tmp_path, pg_module_dsn):
    import psycopg

    folder = tmp_path / "corpus"
    shutil.copytree(bundled_seeds(), folder)
    corpus = open_corpus(folder, index_dir=tmp_path / "i", extensions=current_host().extensions(),
                         backend="postgres", backend_options={"dsn": pg_module_dsn})
    corpus.update()
    schema = corpus.backend.schema
    assert schema.startswith("nd_corpus_")
    with psycopg.connect(pg_module_dsn, autocommit=True) as connection:
        tables = {row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))}
        assert {"docs", "doc_values", "lexicon", "articles", "annotations", "corpus_results", "files"} <= tables
        indexes = {row[0] for row in connection.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = 'docs'", (schema,))}
        assert any("USING gin (tsv)" in index for index in indexes)
        # An index from an older newsdesk (another schema version) is rebuilt.
        connection.execute(f'UPDATE "{schema}".meta SET value = %s WHERE key = %s', ("1", "schema_version"))
    corpus.close()
    assert not corpus.has_index()
    report = corpus.update()
    assert report.added == 5 and corpus.search("deepseek").total == 5


def test_the_command_line_indexes_and_searches_through_a_pipe(tmp_path, pg_module_dsn):
    folder = tmp_path / "corpus"
    shutil.copytree(bundled_seeds(), folder)
    env = {"NEWSDESK_DSN": pg_module_dsn}
    built = run_cli("index", str(folder), "--backend", "postgres", "--json", env=env)
    assert built.returncode == 0, built.stderr
    report = json.loads(built.stdout)
    assert report["backend"] == "postgres" and report["articles"] == 5 and "***" not in report["index"]
    search = subprocess.run(f"{sys.executable} -m newsdesk search -c {folder} --backend postgres --dsn "
                            f"'{pg_module_dsn}' 'openai AND deepseek' --json | jq -r '.hits[].id'",
                            shell=True, capture_output=True, text=True, timeout=120)
    assert search.returncode == 0, search.stderr
    listed = run_cli("backends", "-c", str(folder), "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = {row["name"]: row for row in map(json.loads, listed.stdout.splitlines())}
    assert rows["postgres"]["index"] is True and rows["postgres"]["articles"] == 5
    assert rows["whoosh"]["available"] and rows["whoosh"]["index"] is False
    whoosh = run_cli("search", "-c", str(folder), "openai AND deepseek", "--json")
    assert sorted(search.stdout.split()) == sorted(hit["id"] for hit in json.loads(whoosh.stdout)["hits"])


def test_a_server_that_is_not_there_is_one_clear_line(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(bundled_seeds(), folder)
    result = run_cli("index", str(folder), "--backend", "postgres", "--dsn",
                     "postgresql://someone:secret@127.0.0.1:1/nowhere")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot connect to PostgreSQL" in lines[0]
    assert "secret" not in lines[0]  # the password is not shown
    missing = run_cli("index", str(folder), "--backend", "postgres", env={"NEWSDESK_DSN": ""})
    assert missing.returncode == 2 and "needs a server" in missing.stderr


def test_an_unknown_backend_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="unknown backend 'elastic'"):
        open_corpus(bundled_seeds(), index_dir=tmp_path, extensions=current_host().extensions(), backend="elastic")
    result = run_cli("search", "deepseek", "--backend", "elastic")
    assert result.returncode == 2 and "unknown backend 'elastic'" in result.stderr


def test_a_reader_reopens_when_an_index_was_rebuilt_under_it(tmp_path, pg_module_dsn):
    folder = tmp_path / "corpus"
    shutil.copytree(bundled_seeds(), folder)
    options = {"dsn": pg_module_dsn}
    writer = open_corpus(folder, index_dir=tmp_path / "i", extensions=current_host().extensions(),
                         backend="postgres", backend_options=options)
    writer.update()
    reader = open_corpus(folder, index_dir=tmp_path / "i", extensions=current_host().extensions(),
                         backend="postgres", backend_options=options)
    assert reader.search("deepseek").total == 5
    (folder / "extra.txt").write_text("Extra\n\nDeepSeek again, in a new article.\n", encoding="utf-8")
    writer.update()
    assert reader.search("deepseek").total == 6  # a reader sees each commit
    errors = []

    def search_a_lot():
        try:
            for _ in range(20):
                reader.search("deepseek OR openai")
        except (IndexUnavailable, Exception) as error:  # noqa: B014 - any failure is reported
            errors.append(error)

    threads = [threading.Thread(target=search_a_lot) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_verdicts_are_the_newsrooms_and_outlive_a_rebuild(tmp_path, pg_module_dsn):
    folder = tmp_path / "corpus"
    shutil.copytree(bundled_seeds(), folder)
    env = {"NEWSDESK_DSN": pg_module_dsn, "NEWSDESK_BACKEND": "postgres", "NEWSDESK_CORPUS": str(folder)}
    assert run_cli("index", env=env).returncode == 0
    listed = run_cli("contradictions", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    first = json.loads(listed.stdout)[0]["id"]
    marked = run_cli("contradictions", "mark", first, "dismissed", env=env)
    assert marked.returncode == 0, marked.stderr
    # Another person (their own data folder) sees the verdict, even after a rebuild.
    colleague = {**env, "NEWSDESK_DATA_DIR": str(tmp_path / "colleague")}
    assert run_cli("index", "--rebuild", env=colleague).returncode == 0
    hidden = run_cli("contradictions", "--json", env=colleague)
    assert first not in {r["id"] for r in json.loads(hidden.stdout)}
    shown = {r["id"]: r for r in json.loads(run_cli("contradictions", "--all", "--json", env=colleague).stdout)}
    assert shown[first]["verdict"] == "dismissed"
    # Nothing went to either person's verdicts file.
    assert not list(tmp_path.rglob("verdicts.jsonl"))


def test_a_colleague_without_the_folder_searches_by_its_path(tmp_path, pg_module_dsn):
    folder = tmp_path / "corpus"
    shutil.copytree(bundled_seeds(), folder)
    env = {"NEWSDESK_DSN": pg_module_dsn, "NEWSDESK_BACKEND": "postgres"}
    assert run_cli("index", str(folder), env=env).returncode == 0
    shutil.rmtree(folder)  # another machine: the same path, no files
    found = run_cli("search", "-c", str(folder), "deepseek", "--json", env=env)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] == 5
    refused = run_cli("index", str(folder), env=env)
    assert refused.returncode != 0 and "corpus not found" in refused.stderr
    local = run_cli("search", "-c", str(folder), "deepseek")
    assert local.returncode != 0 and "corpus not found" in local.stderr
