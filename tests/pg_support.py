"""A throw-away PostgreSQL server for the tests (``pg_server`` in conftest.py).

``PgServer.start()`` finds ``initdb`` and ``pg_ctl`` (on PATH, else the newest
/usr/lib/postgresql/*/bin), makes a cluster in a temporary folder and starts it on a free
loopback port, with its socket in that folder; as root it runs them as the ``postgres`` user
(initdb refuses root).  ``new_database()`` copies a migrated template, so each test gets a
fresh claimgraph store in a few milliseconds; ``stop()`` stops the server and removes the
folder.  ``why_not()`` says why no server can be had (binaries or psycopg missing), for a skip.
"""
from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

TEMPLATE = "claimgraph_template"


def find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name) if Path(d).parent.name.isdigit() else 0)
    for d in reversed(dirs):
        if os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    return None


def why_not() -> str | None:
    """Why no test server can be started here, or None."""
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError:
        return "psycopg or psycopg-pool is not installed (pip install -e '.[postgres]')"
    for name in ("initdb", "pg_ctl"):
        if find_bin(name) is None:
            return f"no PostgreSQL server binaries ({name} not on PATH nor in /usr/lib/postgresql/*/bin; apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and there is no runuser to start the server as 'postgres'"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self):
        self.base = Path(tempfile.mkdtemp(prefix="claimgraph-pg-"))
        self.data = self.base / "data"
        self.port = _free_port()
        self.user = "postgres"
        self._names = itertools.count(1)
        self._as: list[str] = []
        if os.geteuid() == 0:
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(self.base, pw.pw_uid, pw.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as, *args], capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {(done.stderr or done.stdout).strip()[-800:]}")

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def start(self) -> "PgServer":
        self._run(find_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8",
                  "--locale=C.UTF-8" if os.path.exists("/usr/lib/locale/C.utf8") else "--locale=C", "--no-sync")
        opts = f"-k {self.base} -h 127.0.0.1 -p {self.port} -F -c max_connections=200 -c shared_buffers=32MB"
        self._run(find_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.base / "server.log"), "-w", "-t", "60", "-o", opts, "start")
        from claimgraph.store.postgres import PostgresStore
        from claimgraph.store.postgres.pool import close_pool

        self._admin(f"CREATE DATABASE {TEMPLATE}")
        PostgresStore(self.url(TEMPLATE)).close()  # migrated once; every test database is a copy
        close_pool(self.url(TEMPLATE))  # a copy needs the template without sessions
        return self

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self) -> str:
        """A fresh, migrated, empty claimgraph database; returns its URL."""
        name = f"t{next(self._names)}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop(self, url: str) -> None:
        from claimgraph.store.postgres.pool import close_pool

        close_pool(url)  # this process's idle connections to it; FORCE ends any other session
        self._admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def stop(self) -> None:
        try:
            if self.data.exists():
                self._run(find_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
