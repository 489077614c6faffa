"""Logging for our processes: levels that keep user text out, and the privacy filter."""
from __future__ import annotations

import logging

from bot.privacy.log_redaction import install_log_redaction


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Libraries that log request bodies or user text at DEBUG/INFO stay at WARNING.
    # (aiosmtpd's "mail.log" logs every line of a mail at DEBUG: the local mailbox of the daemon)
    for name in ("rasa_sdk.executor", "rasa_sdk.endpoint", "httpx", "sanic.access", "telegram", "mail.log"):
        logging.getLogger(name).setLevel(logging.WARNING)
    install_log_redaction()
