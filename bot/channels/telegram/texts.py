"""Replies as Telegram takes them: at most 4096 characters per message, split where a
sentence ends; Rasa's buttons as an inline keyboard. Text is always sent plain (no parse
mode), so nothing the user or the assistant wrote is read as Markdown or HTML."""
from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

LIMIT = 4096
#: Telegram's limit for callback_data, in bytes
CALLBACK_LIMIT = 64
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut after a sentence or a line where possible,
    else at a space, else hard."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit + 1]
        cut = max((m.end() for m in _SENTENCE_END.finditer(window) if m.start() <= limit), default=0)
        if cut < limit // 2:  # no sentence end in the second half: a space will do
            space = window.rfind(" ")
            cut = space + 1 if space > limit // 2 else limit
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def keyboard(buttons: list[dict]) -> InlineKeyboardMarkup | None:
    """One button per row (titles are sentences); the payload travels as callback data.
    A payload longer than Telegram allows gets no button: it can be typed."""
    rows = [[InlineKeyboardButton(b["title"][:64], callback_data=b["payload"])]
            for b in buttons
            if isinstance(b.get("title"), str) and isinstance(b.get("payload"), str)
            and 0 < len(b["payload"].encode("utf-8")) <= CALLBACK_LIMIT]
    return InlineKeyboardMarkup(rows) if rows else None
