"""Issue 16: a Rasa server never serves with another store than the one configured. Rasa itself
falls back to an in-memory tracker store when the configured class cannot be imported; ours
exits instead. An unreachable Redis stops it at start-up too."""
from __future__ import annotations

import os
import socket
import subprocess
import time

import pytest

from bot.config import ROOT

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]

MODEL = ROOT / "models" / "current.tar.gz"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(endpoints: str, tmp_path, **env_extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(TRACKER_DB=str(tmp_path / "t.db"), **env_extra)
    return subprocess.Popen([str(ROOT / ".venv/bin/rasa"), "run", "--model", str(MODEL), "--interface", "127.0.0.1",
                             "--port", str(_free_port()), "--credentials", "credentials.yml", "--endpoints", endpoints],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_a_store_class_that_does_not_import_stops_the_server_and_one_unreachable_redis_too(tmp_path):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it first)")
    bad = tmp_path / "endpoints.yml"
    bad.write_text((ROOT / "endpoints.yml").read_text().replace(
        "type: rasa_ext.tracker_store.AnonymisingTrackerStore", "type: rasa_ext.no_such_module.Store"))
    wrong_class = _start(str(bad), tmp_path)
    no_redis = _start("endpoints.yml", tmp_path, REDIS_URL="redis://:x@127.0.0.1:1/0")
    t0 = time.monotonic()
    out_class, _ = wrong_class.communicate(timeout=300)
    out_redis, _ = no_redis.communicate(timeout=300)
    assert wrong_class.returncode == 78, out_class[-2000:]
    assert "not AnonymisingTrackerStore" in out_class
    assert "Rasa server is up and running" in out_class  # it got that far, and served no one
    assert no_redis.returncode != 0 and "Rasa server is up and running" not in out_redis
    assert "Connection refused" in out_redis or "ConnectionError" in out_redis
    assert time.monotonic() - t0 < 300
