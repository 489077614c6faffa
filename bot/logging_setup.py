"""Logging for our processes: levels that keep user text out, and the privacy filter."""
from __future__ import annotations

import logging
import os


def configure_logging(level: str | None = None) -> None:
    logging.basicConfig(level=(level or os.environ.get("LOG_LEVEL", "INFO")).upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Libraries that log request bodies or user text at DEBUG/INFO stay at WARNING.
    for name in ("rasa_sdk.executor", "rasa_sdk.endpoint", "httpx", "sanic.access", "telegram"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from bot.privacy import install_log_redaction

    install_log_redaction()
