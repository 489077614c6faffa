"""Background work of a running assistant: deliver the outbox, purge on schedule.

`python -m bot.daemon` runs until SIGTERM/Ctrl-C. With no SMTP server configured it starts
the local mailbox of bot.devmail (messages land in var/mail/).
"""
from __future__ import annotations

import logging
import os
import signal
import threading

from bot import retention
from bot.logging_setup import configure_logging

log = logging.getLogger("bot.daemon")
PURGE_EVERY_SECONDS = float(os.environ.get("NIETPLUIS_PURGE_INTERVAL", 6 * 3600))


def purge_loop(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            result = retention.purge()
            log.info("purged %d conversation(s), %d report(s)", result.conversations, result.reports)
        except Exception:
            log.exception("purge failed")
        stop.wait(PURGE_EVERY_SECONDS)


def stop_handler(stop: threading.Event):
    """A signal handler that sets ``stop`` from another thread.

    Handlers run in the main thread, which may hold the Event's lock at that moment (inside
    ``stop.wait()`` or an earlier ``set()``: Ctrl-C reaches us twice, from the terminal and
    from run.sh). Calling ``set()`` right here would then deadlock on that lock."""
    def handler(signum, frame) -> None:
        threading.Thread(target=stop.set, daemon=True).start()
    return handler


def main() -> None:
    configure_logging()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop_handler(stop))
    mailbox = None
    if not os.environ.get("NIETPLUIS_SMTP_HOST"):
        from bot import devmail

        port = int(os.environ.get("NIETPLUIS_DEVMAIL_PORT", 8025))
        mailbox = devmail.start(os.environ.get("NIETPLUIS_DEVMAIL_DIR", "var/mail"), port)
        os.environ.update(NIETPLUIS_SMTP_HOST="127.0.0.1", NIETPLUIS_SMTP_PORT=str(port),
                          NIETPLUIS_SMTP_FROM=os.environ.get("NIETPLUIS_SMTP_FROM",
                                                             "niet-pluis@localhost"))
        log.info("no SMTP server configured: local mailbox on 127.0.0.1:%d", port)
    from bot.outbox import OutboxWorker, senders_from_env
    from bot.store import get_store

    threading.Thread(target=purge_loop, args=(stop,), daemon=True).start()
    OutboxWorker(get_store(), senders_from_env()).run(stop, poll_seconds=float(
        os.environ.get("NIETPLUIS_OUTBOX_POLL", 5)))
    if mailbox:
        mailbox.stop()


if __name__ == "__main__":
    main()
