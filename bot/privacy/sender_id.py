"""Sender ids as stored: HMAC-SHA256 with a secret salt, hex.

Stable for the same salt, so a conversation can still be found; without the salt the id
(e.g. a Telegram chat id or a phone number) cannot be recovered by trying all numbers.
The salt comes from the settings (``Settings.require_sender_salt``), never from here.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from typing import Union

from bot.config import MissingSaltError


def hash_sender_id(sender_id: Union[str, int], salt: Union[str, bytes]) -> str:
    """HMAC-SHA256 of the sender id with the secret salt, as 64 hex characters."""
    key = salt.encode("utf-8") if isinstance(salt, str) else bytes(salt)
    if not key:
        raise MissingSaltError("empty salt")
    return hmac.new(key, str(sender_id).encode("utf-8"), hashlib.sha256).hexdigest()


def conversation_key(sender_id: Union[str, int], salt: Union[str, bytes]) -> str:
    """The key a stored report keeps of the conversation that confirmed it. Derived apart
    from the tracker's hashed id, so the report table and the tracker store share no column."""
    return hash_sender_id(f"report-of\x00{sender_id}", salt)


def is_hashed_sender_id(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-f]{64}", value or ""))
