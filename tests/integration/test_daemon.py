"""bot.runtime.daemon stops promptly on signals, also when they arrive in a burst (Ctrl-C in a
terminal reaches it from the terminal and from run.sh at nearly the same moment)."""
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time

import pytest
from cryptography.fernet import Fernet

from bot.config import ROOT  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def daemon(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NIETPLUIS_SMTP")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'reports.db'}", TRACKER_DB=str(tmp_path / "t.db"),
               NIETPLUIS_DEVMAIL_PORT=str(free_port()), NIETPLUIS_DEVMAIL_DIR=str(tmp_path / "mail"),
               NIETPLUIS_OUTBOX_POLL="0.01", NIETPLUIS_PURGE_INTERVAL="0.01",
               NIETPLUIS_SENDER_SALT="test-salt-0123456789abcdef",
               NIETPLUIS_REPORT_KEY=Fernet.generate_key().decode(), PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-c", "from bot.store.migrate import upgrade; upgrade()"],
                   env=env, cwd=ROOT, check=True)
    proc = subprocess.Popen([sys.executable, "-m", "bot.runtime.daemon"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not (tmp_path / "mail").exists():
        time.sleep(0.2)  # the local mailbox is up: the daemon is running
    yield proc
    if proc.poll() is None:
        proc.kill()


@pytest.mark.parametrize("burst", [1, 30])
def test_stops_on_signals(daemon, burst):
    assert daemon.poll() is None, daemon.stderr.read()
    for i in range(burst):
        try:
            daemon.send_signal(signal.SIGINT if i % 2 else signal.SIGTERM)
        except ProcessLookupError:
            break
    assert daemon.wait(timeout=20) == 0


def test_handler_never_blocks_while_the_event_lock_is_held():
    """The deadlock seen in the wild: a second signal arrived while the main thread was inside
    Event.set()/wait() from the first, holding the Event's (non-reentrant) lock."""
    import threading

    from bot.runtime.daemon import stop_handler

    stop = threading.Event()
    handler = stop_handler(stop)

    def signal_arrives_inside_set():
        with stop._cond:  # what Event.set()/wait() hold while a handler may run
            handler(signal.SIGTERM, None)

    t = threading.Thread(target=signal_arrives_inside_set, daemon=True)
    t.start()
    t.join(timeout=5)
    assert not t.is_alive(), "signal handler blocked on the Event's lock"
    assert stop.wait(timeout=5)
