"""Delivery of confirmed reports through an outbox table (SMTP and signed webhooks).

See ``bot.outbox.worker`` for the delivery guarantee. Nothing here connects anywhere at
import time; :func:`senders_from_env` builds the senders the operator configured.
"""
from __future__ import annotations

from bot.outbox.message import (
    DeliveryError, OutgoingMessage, PermanentDeliveryError, Sender, TransientDeliveryError,
)
from bot.outbox.smtp import SmtpSender
from bot.outbox.webhook import WebhookSender, sign, verify_signature
from bot.outbox.worker import OutboxWorker, PassResult, WorkerSettings


def senders_from_env(env: dict[str, str] | None = None) -> dict[str, Sender]:
    """``email`` when NIETPLUIS_SMTP_HOST is set; ``webhook`` always (secrets per gemeente)."""
    senders: dict[str, Sender] = {"webhook": WebhookSender(env=env)}
    smtp = SmtpSender.from_env(env)
    if smtp is not None:
        senders["email"] = smtp
    return senders


__all__ = [
    "DeliveryError", "OutboxWorker", "OutgoingMessage", "PassResult", "PermanentDeliveryError",
    "Sender", "SmtpSender", "TransientDeliveryError", "WebhookSender", "WorkerSettings",
    "senders_from_env", "sign", "verify_signature",
]
