"""Bounds on what one user message may cost, checked before NLU sees it.

The intake keeps at most `answers.MAX_CHARS` of an answer and tells the user so; the channel
cuts a little above that (`MAX_MESSAGE_CHARS`), so the intake still sees that the text was
long, while NLU never works on more than a few thousand characters.
"""
from __future__ import annotations

from typing import Any

from bot.intake.answers import MAX_CHARS

#: the channel's hard cut; above MAX_CHARS so the intake can still say "ik heb het eerste deel bewaard"
MAX_MESSAGE_CHARS = MAX_CHARS + 1000
MAX_SENDER_CHARS = 128
#: messages of one sender that may wait for the conversation lock; more get "wacht even"
MAX_WAITING_PER_SENDER = 3


def bound_text(text: Any) -> str:
    """The text NLU may see: text only (anything else counts as empty), at most MAX_MESSAGE_CHARS."""
    if not isinstance(text, str):
        return ""
    return text[:MAX_MESSAGE_CHARS]


def request_problem(body: Any) -> str | None:
    """Why a REST request body cannot be a user message (a key of content/messages.yml), or None."""
    if not isinstance(body, dict):
        return "http_not_an_object"
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return "http_no_sender"
    if not isinstance(body.get("message"), str):
        return "http_no_message"
    return None
