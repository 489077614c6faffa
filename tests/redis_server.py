"""Throwaway Redis for tests, configured as in production (deploy/redis.conf: nothing on disk).

``RedisServer().start()`` runs Debian's ``redis-server`` with ``deploy/redis.conf`` on a free
loopback port, a password, and its ``dir`` in a fresh folder on /dev/shm (tmpfs) when there
is one. Without ``redis-server`` the tests that need it are skipped, or fail when
``NIETPLUIS_REQUIRE_REDIS`` is set (CI).

Use from a test module::

    from tests.redis_server import redis_server, redis_url  # noqa: F401  (fixtures)
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "deploy" / "redis.conf"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = _free_port()
        self.password = secrets.token_urlsafe(16)
        base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        self.dir = Path(tempfile.mkdtemp(prefix="nietpluis-redis-", dir=base))
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        include = self.dir / "secret.conf"
        include.write_text(f"requirepass {self.password}\n")
        include.chmod(0o600)
        self.proc = subprocess.Popen(
            [self.binary, str(CONF), "--port", str(self.port), "--dir", str(self.dir),
             "--include", str(include)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_ready()
        return self

    def wait_ready(self, seconds: float = 10) -> None:
        import redis

        deadline = time.monotonic() + seconds
        while True:
            try:
                redis.Redis.from_url(self.url, socket_timeout=1).ping()
                return
            except Exception:  # noqa: BLE001 - not up yet
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start")
                time.sleep(0.05)

    def restart(self) -> None:
        self.stop(keep_dir=True)
        self.start()

    def stop(self, keep_dir: bool = False) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None
        if not keep_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def files(self) -> list[str]:
        """What Redis left in its dir (the include with the password is ours)."""
        return sorted(p.name for p in self.dir.iterdir() if p.name != "secret.conf")


def find_redis() -> str | None:
    return shutil.which("redis-server")


@pytest.fixture(scope="session")
def redis_server():
    binary = find_redis()
    if binary is None:
        if os.environ.get("NIETPLUIS_REQUIRE_REDIS"):
            pytest.fail("redis-server not found, and CI requires it (apt-get install redis-server)")
        pytest.skip("redis-server not found (apt-get install redis-server)")
    server = RedisServer(binary).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:
    """The server's URL, emptied before the test."""
    import redis

    redis.Redis.from_url(redis_server.url).flushall()
    return redis_server.url
