"""A throwaway PostgreSQL server for the test suite.

`TemporaryPostgres` runs `initdb` into a fresh temporary directory, starts the
server on a free TCP port of 127.0.0.1 (its Unix socket in that directory too,
never /var/run/postgresql), and on exit stops it and deletes the directory.
It needs only the server binaries (Debian: the postgresql-15 package, which
`make tools` installs); no system cluster is used or touched.

    with TemporaryPostgres() as pg:
        psycopg.connect(pg.dsn)   # postgresql://newsdesk@127.0.0.1:PORT/postgres

The superuser is always the role "newsdesk", with trust authentication. Durability
is switched off (fsync, synchronous_commit, full_page_writes) for speed: the
data lives only as long as the server.

PostgreSQL refuses to run as root. As root (CI), the server runs as an
unprivileged account instead, `postgres` if it exists, else `nobody`, and the
temporary directory (made under $TMPDIR, normally /tmp, which that account
must be able to reach) is handed to that account.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ROLE = "newsdesk"
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "max_connections": "100",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: from PATH, else the highest
    /usr/lib/postgresql/<version>/bin; None if there is none."""
    initdb = shutil.which("initdb")
    if initdb:
        bindir = Path(initdb).resolve().parent
        if (bindir / "pg_ctl").exists():
            return bindir
    versions = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    versions.sort(key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parts[-3].split(".")])
    for initdb in reversed(versions):
        if (Path(initdb).parent / "pg_ctl").exists():
            return Path(initdb).parent
    return None


def server_account() -> pwd.struct_passwd | None:
    """The account the server runs as: None for the current user, or, as root,
    an unprivileged one (`postgres`, else `nobody`)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise LookupError("running as root, and neither a 'postgres' nor a 'nobody' account exists")


def available() -> str | None:
    """None if a server can be started here, else the reason it cannot."""
    if find_bindir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin"
    try:
        server_account()
    except LookupError as error:
        return str(error)
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TemporaryPostgres:
    """A PostgreSQL server in a temporary directory, for the length of a `with` block.

    `dsn` is its connection URL, `port` its TCP port, `dir` the directory that
    holds the data (`dir/data`), the socket and the log (`dir/server.log`).
    """

    def __init__(self) -> None:
        self.bindir = find_bindir()
        if self.bindir is None:
            raise RuntimeError(available())
        self.account = server_account()
        self.dir: Path | None = None
        self.port: int | None = None

    @property
    def dsn(self) -> str:
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        """Run a server program, as the unprivileged account when we are root."""
        ids = {}
        if self.account is not None:
            ids = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}
        # cwd: the programs look up their own path and fail in a folder they cannot read (/root).
        done = subprocess.run([str(self.bindir / args[0]), *args[1:]], cwd=self.dir,
                              capture_output=True, text=True, timeout=120, **ids)
        if done.returncode != 0:
            log = self.dir / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({done.returncode}):\n{done.stdout}{done.stderr}{tail}")

    def start(self) -> "TemporaryPostgres":
        self.dir = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
        try:
            if self.account is not None:
                os.chown(self.dir, self.account.pw_uid, self.account.pw_gid)
            data = self.dir / "data"
            self._run("initdb", "-D", str(data), "-U", ROLE, "-A", "trust", "-E", "UTF8",
                      "--locale=C", "--no-sync")
            for attempt in range(3):  # the free port may be taken before the server binds it
                self.port = free_port()
                settings = {**SETTINGS, "port": str(self.port), "unix_socket_directories": str(self.dir)}
                with open(data / "postgresql.auto.conf", "w") as conf:  # initdb made it; owner kept
                    conf.writelines(f"{key} = '{value}'\n" for key, value in settings.items())
                try:
                    self._run("pg_ctl", "-D", str(data), "-l", str(self.dir / "server.log"),
                              "-w", "-t", "60", "start")
                    break
                except RuntimeError:
                    if attempt == 2:
                        raise
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (if it runs) and delete its directory."""
        if self.dir is None:
            return
        if (self.dir / "data" / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
            except RuntimeError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def __enter__(self) -> "TemporaryPostgres":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
