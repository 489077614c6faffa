"""Throwaway PostgreSQL for tests, plus migrated database fixtures (SQLite and PostgreSQL).

``PgServer.start()`` runs ``initdb`` into a fresh temp dir and ``pg_ctl start`` on 127.0.0.1
with a free port (fsync off: it is thrown away). PostgreSQL refuses to run as root, so when
the tests run as root (as in CI) every server command runs through ``runuser -u <user>`` as
an unprivileged user: ``postgres`` (created by the Debian package) if it exists, otherwise a
system user ``nietpluis-pg`` created with ``useradd``. The data dir is created with
``tempfile.mkdtemp`` directly under /tmp and chowned to that user (pytest's tmp_path lives in
a root-only directory the server user could not enter).

Binaries: ``$NIETPLUIS_PG_BIN``, else the newest ``/usr/lib/postgresql/*/bin``, else PATH.
Without binaries the postgres tests are skipped with the reason.

Use from a test module::

    from tests.pg import db_url, pg_server, sqlite_template  # noqa: F401  (fixtures)
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

FALLBACK_USER = "nietpluis-pg"


def find_pg_bin() -> Path | None:
    env = os.environ.get("NIETPLUIS_PG_BIN")
    candidates = [env] if env else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                         reverse=True)
    which = shutil.which("pg_ctl")
    if which:
        candidates.append(str(Path(which).parent))
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_user() -> str | None:
    """None when not root; else an unprivileged user to run the server as."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", FALLBACK_USER):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    FALLBACK_USER], check=True, capture_output=True)
    return FALLBACK_USER


class PgServer:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.user = _server_user()
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="nietpluis-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}\n{log}")
        return result

    def start(self) -> "PgServer":
        if self.user:
            shutil.chown(self.dir, self.user, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync", "--locale=C")
        opts = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", "-t", "30", "start")
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except Exception:  # noqa: BLE001 - best effort on teardown
            pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        finally:
            conn.close()
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server():
    bin_dir = find_pg_bin()
    if bin_dir is None:
        if os.environ.get("NIETPLUIS_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL binaries not found, and CI requires them (NIETPLUIS_PG_BIN)")
        pytest.skip("PostgreSQL binaries not found (set NIETPLUIS_PG_BIN)")
    server = PgServer(bin_dir).start()
    try:
        # One database migrated with Alembic; every test gets a copy (CREATE DATABASE ... TEMPLATE).
        from bot.store.migrate import upgrade
        upgrade(server.create_database("migrated_template"))
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated once with Alembic; tests copy it."""
    from bot.store.migrate import upgrade

    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """A fresh, migrated database: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "store.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    server = request.getfixturevalue("pg_server")
    return server.create_database(f"t_{uuid.uuid4().hex[:12]}", template="migrated_template")
