"""Delivery of confirmed reports through an outbox table (SMTP and signed webhooks).

See ``bot.outbox.worker`` for the delivery guarantee. Nothing here connects anywhere at
import time; :func:`make_senders` builds the senders the operator configured.
"""
from __future__ import annotations

from bot.config import Settings
from bot.outbox.message import (
    DeliveryError, OutgoingMessage, PermanentDeliveryError, Sender, TransientDeliveryError,
)
from bot.outbox.smtp import SmtpSender
from bot.outbox.webhook import WebhookSender, sign, verify_signature
from bot.outbox.worker import OutboxWorker, PassResult, WorkerSettings


def make_senders(settings: Settings) -> dict[str, Sender]:
    """``email`` when an SMTP server is configured; ``webhook`` always (secrets per gemeente)."""
    senders: dict[str, Sender] = {"webhook": WebhookSender(secrets=settings.secrets)}
    if settings.smtp is not None:
        senders["email"] = SmtpSender.from_settings(settings.smtp)
    return senders


__all__ = [
    "DeliveryError", "OutboxWorker", "OutgoingMessage", "PassResult", "PermanentDeliveryError",
    "Sender", "SmtpSender", "TransientDeliveryError", "WebhookSender", "WorkerSettings",
    "make_senders", "sign", "verify_signature",
]
