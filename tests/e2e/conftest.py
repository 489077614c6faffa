"""The real stack on loopback for the end-to-end tests: Rasa server, action server,
delivery daemon, local mailbox and the web server with the widget's demo page, started once
per test session by scripts/run.sh; and Debian's Chromium for the browser tests."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from bot.config import ROOT

MODEL = ROOT / "models" / "current.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it first)")
    tmp = tmp_path_factory.mktemp("stack")
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "NIETPLUIS_DEVMAIL_PORT": free_port(),
             "WEB_PORT": free_port()}
    # derived from the ports above (CORS: the demo page's origin; the chat URL: the Rasa port)
    env = {k: v for k, v in os.environ.items()
           if k not in ("ACTION_ENDPOINT_URL", "NIETPLUIS_SMTP_HOST", "DATABASE_URL", "CORS_ORIGINS",
                        "NIETPLUIS_CHAT_URL", "NIETPLUIS_EXIT_URL")}
    env.update({k: str(v) for k, v in ports.items()})
    env.update(TRACKER_DB=str(tmp / "trackers.db"), DATABASE_URL=f"sqlite:///{tmp / 'reports.db'}",
               NIETPLUIS_DEVMAIL_DIR=str(tmp / "mail"), NIETPLUIS_LOG_DIR=str(tmp / "log"),
               NIETPLUIS_RUN_DIR=str(tmp / "run"),
               NIETPLUIS_OUTBOX_POLL="1", LOG_LEVEL="DEBUG")
    # Rasa's HTTP API on loopback with a throwaway token: the tests read trackers through it
    token = secrets.token_hex(16)
    env["RASA_API_ARGS"] = f"--enable-api --auth-token {token}"
    subprocess.run([str(ROOT / ".venv/bin/python"), "-c",
                    "from bot.store.migrate import upgrade; upgrade()"], env=env, cwd=ROOT, check=True)
    proc = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{ports['RASA_PORT']}"
    deadline = time.time() + 420
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail("stack exited:\n" + (proc.stdout.read() if proc.stdout else ""))
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            time.sleep(2)
    else:
        os.killpg(proc.pid, signal.SIGTERM)
        pytest.fail("stack did not start within 420 s")
    time.sleep(3)  # the daemon starts right after the Rasa server
    yield {"base": base, "tmp": tmp, "token": token, "action_port": ports["ACTION_PORT"],
           "web": f"http://127.0.0.1:{ports['WEB_PORT']}"}
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium: no browser download, works offline.
    Where the browser tests must run (CI) a missing Chromium fails them instead of skipping."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} missing: apt-get install chromium (.ci/run does)"
        if os.environ.get("CI") or os.environ.get("NIETPLUIS_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM}

