"""The throwaway PostgreSQL server the suite uses (tests/pgserver.py, the pg_dsn
and pg_database fixtures)."""

from __future__ import annotations

from urllib.parse import urlsplit

import psycopg
import pytest


def test_server_answers(pg_dsn):
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
        assert conn.execute("select current_user").fetchone() == ("newsdesk",)


SEEN: list[str] = []


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_a_fresh_database(pg_database, run):
    """Run twice: the second run gets another, empty database (the first's table is not there)."""
    with psycopg.connect(pg_database) as conn:
        name = conn.execute("select current_database()").fetchone()[0]
        assert conn.execute("select to_regclass('marker')").fetchone() == (None,)
        conn.execute("create table marker (x int)")
    assert name.startswith("test_") and name not in SEEN
    SEEN.append(name)


def test_listens_on_loopback_only(pg_dsn):
    assert urlsplit(pg_dsn).hostname == "127.0.0.1"
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("show listen_addresses").fetchone() == ("127.0.0.1",)
        assert str(conn.execute("select inet_server_addr()").fetchone()[0]) == "127.0.0.1"
        sockets = conn.execute("show unix_socket_directories").fetchone()[0]
    assert "/var/run/postgresql" not in sockets and "/run/postgresql" not in sockets
