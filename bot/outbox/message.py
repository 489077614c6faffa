"""What a sender gets: one rendered message for one outbox row, and the delivery errors."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class DeliveryError(Exception):
    """Delivery failed."""


class TransientDeliveryError(DeliveryError):
    """Might work later (server down, timeout, 4xx SMTP, HTTP 5xx/429): retry with backoff."""


class PermanentDeliveryError(DeliveryError):
    """Will not work without a change (address refused, bad config): dead letter at once."""


@dataclass(frozen=True)
class OutgoingMessage:
    outbox_id: int
    idempotency_key: str  # stable per outbox row: Message-ID / Idempotency-Key
    recipient_code: str
    channel: str
    destination: str
    secret_env: str | None
    reference_code: str
    kind: str  # "report" | "followup"
    subject: str
    text: str
    payload: dict[str, Any] = field(default_factory=dict)
    #: files for a mail: (filename, MIME type "text/html", content)
    attachments: tuple[tuple[str, str, str], ...] = ()


class Sender(Protocol):
    def send(self, message: OutgoingMessage) -> None:
        """Deliver or raise Transient/PermanentDeliveryError."""
