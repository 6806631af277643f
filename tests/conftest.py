"""Shared fixtures: every test runs with its own index root and user directories,
so nothing touches the developer's cache and tests never see each other's indexes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
BBC = SHARED / "corpora" / "bbc"
REUTERS = SHARED / "corpora" / "reuters21578"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("NEWSDESK_INDEX_ROOT", str(home / "indexes"))
    for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.setenv("NO_COLOR", "1")
    # Plugins installed in the environment never leak into a test; tests that
    # want one name it in NEWSDESK_PLUGINS.
    monkeypatch.setenv("NEWSDESK_PLUGINS", "")
    # The entities plugin runs spaCy on every article indexed: only the tests
    # that are about it switch it on (the `with_entities` fixture).
    monkeypatch.setenv("NEWSDESK_DISABLE", "entities")
    from newsdesk.plugins.manager import set_current_host

    set_current_host(None)
    return home


@pytest.fixture
def with_entities(monkeypatch):
    """The entities plugin switched on (it is off in other tests: spaCy is slow)."""
    monkeypatch.delenv("NEWSDESK_DISABLE", raising=False)


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def readers():
    from newsdesk.plugins.manager import PluginHost

    return PluginHost(third_party=False).readers()


@pytest.fixture
def open_seeds(seeds_copy, readers, tmp_path):
    """An indexed copy of the seeds, as an engine `Corpus`."""
    from newsdesk.search import open_corpus

    corpus = open_corpus(seeds_copy, index_dir=tmp_path / "index", readers=readers)
    corpus.update()
    yield corpus
    corpus.close()


def _pg_unavailable(reason: str):
    """Skip a PostgreSQL test, except on CI (CI=true), where it must run: fail there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required on CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def pg_dsn():
    """The DSN of a throwaway PostgreSQL server (tests/pgserver.py), one for the
    whole session (under pytest-xdist, one per worker), stopped at its end."""
    from pgserver import TemporaryPostgres, available

    reason = available()
    if reason is not None:
        _pg_unavailable(reason)
    server = TemporaryPostgres()
    try:
        server.start()
    except RuntimeError as error:
        _pg_unavailable(str(error))
    try:
        yield server.dsn
    finally:
        server.stop()


@pytest.fixture
def pg_database(pg_dsn):
    """The DSN of a new, empty database of its own on the session's server, dropped afterwards."""
    try:
        import psycopg
        from psycopg import sql
    except ImportError:
        _pg_unavailable("psycopg is not installed (pip install -e '.[test]')")
    name = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield pg_dsn.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def run_cli(*args: str, input: str | None = None, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    """Run `python -m newsdesk ARGS` as a real subprocess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args],
        input=input, capture_output=True, text=True, env=full_env, cwd=cwd, timeout=300,
    )


def needs(path: Path):
    """Skip marker for tests that use the shared real corpora when they are absent."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not present")


def fake_distribution(site: Path, name: str, modules: dict[str, str], entry_points: dict[str, str],
                      version: str = "1.0") -> Path:
    """A distribution as pip would leave it (modules plus a .dist-info with
    entry points) in `site`, a folder to put on PYTHONPATH: third-party
    plugins without running pip."""
    site.mkdir(parents=True, exist_ok=True)
    for module, source in modules.items():
        (site / f"{module}.py").write_text(source)
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = "".join(f"{key} = {value}\n" for key, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[newsdesk]\n{lines}")
    return site
