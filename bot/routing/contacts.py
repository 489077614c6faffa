"""Where a report can be delivered electronically: the configured mailboxes of a gemeente.

Only the aandachtsfunctionaris and partner mailboxes (zorgcoördinator, gemeentelijk meldpunt)
of ``content/routing/gemeenten_contacts.yml`` can receive a report, and only when the route of
the report contains their code. National meldpunten are never delivered to: the reporter
contacts them, with a copyable summary (``bot.report.texts``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from bot.routing.policy import Mailbox, Policy


@dataclass(frozen=True)
class DeliveryTarget:
    recipient_code: str
    channel: str  # "email" | "webhook"
    destination: str  # e-mail address or webhook URL
    secret_env: str | None = None  # webhook only: env var with the HMAC secret


def mailboxes(gemeente: str | None, policy: Policy) -> list[Mailbox]:
    """The deliverable mailboxes configured for a gemeente (empty when not configured)."""
    g = policy.gemeente(gemeente)
    if g is None or not g.configured:
        return []
    boxes = [g.aandachtsfunctionaris] if g.aandachtsfunctionaris else []
    return [b for b in [*boxes, *g.partners] if b.deliverable]


def delivery_targets(route_codes: Iterable[str], gemeente: str | None,
                     policy: Policy) -> list[DeliveryTarget]:
    """One target per (mailbox, channel) whose code is in ``route_codes``, in config order."""
    codes = set(route_codes)
    targets: list[DeliveryTarget] = []
    for box in mailboxes(gemeente, policy):
        if box.code not in codes:
            continue
        if box.email:
            targets.append(DeliveryTarget(box.code, "email", box.email))
        if box.webhook:
            targets.append(DeliveryTarget(box.code, "webhook", box.webhook.url,
                                          box.webhook.secret_env))
    return targets
