"""Background work of a running assistant: deliver the outbox, purge on schedule.

`python -m bot.runtime.daemon` runs until SIGTERM/Ctrl-C. With no SMTP server configured it
starts the local mailbox of bot.runtime.devmail (messages land in var/mail/).
"""
from __future__ import annotations

import dataclasses
import logging
import signal
import threading

from bot.config import SmtpSettings
from bot.privacy.logging_setup import configure_logging
from bot.services import Services, get_services, use_services

log = logging.getLogger(__name__)


def purge_loop(services: Services, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            result = services.purge()
            log.info("purged %d conversation(s), %d report(s)", result.conversations, result.reports)
        except Exception:
            log.exception("purge failed")
        stop.wait(services.settings.purge_interval_seconds)


def stop_handler(stop: threading.Event):
    """A signal handler that sets ``stop`` from another thread.

    Handlers run in the main thread, which may hold the Event's lock at that moment (inside
    ``stop.wait()`` or an earlier ``set()``: Ctrl-C reaches us twice, from the terminal and
    from run.sh). Calling ``set()`` right here would then deadlock on that lock."""
    def handler(signum, frame) -> None:
        threading.Thread(target=stop.set, daemon=True).start()
    return handler


def main() -> None:
    services = get_services()
    settings = services.settings
    configure_logging(settings.log_level)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop_handler(stop))
    mailbox = None
    if settings.smtp is None:
        from bot.runtime import devmail

        mailbox = devmail.start(settings.devmail_dir, settings.devmail_port)
        # Deliver to that mailbox: the same settings, with it as the SMTP server.
        local = SmtpSettings(host="127.0.0.1", port=settings.devmail_port)
        services = Services(dataclasses.replace(settings, smtp=local))
        use_services(services)
        log.info("no SMTP server configured: local mailbox on 127.0.0.1:%d", settings.devmail_port)
    from bot.outbox import OutboxWorker, make_senders

    threading.Thread(target=purge_loop, args=(services, stop), daemon=True).start()
    OutboxWorker(services.store, make_senders(services.settings), texts=services.texts,
                 documents=services.documents).run(
        stop, poll_seconds=settings.outbox_poll_seconds)
    if mailbox:
        mailbox.stop()


if __name__ == "__main__":
    main()
