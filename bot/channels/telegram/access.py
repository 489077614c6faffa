"""Who may report on the closed Telegram channel.

Admitted are the numeric user ids in TELEGRAM_ALLOWED_USER_IDS, and whoever sent `/start CODE`
with one of TELEGRAM_INVITE_CODES (each code admits once). What is kept on disk is only a
salted hash of each admitted user id and of each used code, so the file names nobody.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Iterable

from bot.privacy.sender_id import hash_sender_id


class Access:
    def __init__(self, allowed_ids: Iterable[int], invite_codes: Iterable[str], salt: str, path: Path) -> None:
        self.allowed = frozenset(int(i) for i in allowed_ids)
        self.salt = salt
        self._codes = {self._hash("code", c): c for c in invite_codes}
        self.path = path
        self._lock = threading.Lock()
        data = json.loads(path.read_text("utf-8")) if path.exists() else {}
        self._admitted = set(data.get("admitted", []))
        self._used = set(data.get("used_codes", []))

    def _hash(self, kind: str, value: object) -> str:
        return hash_sender_id(f"telegram-{kind}\x00{value}", self.salt)

    def sender_id(self, user_id: int) -> str:
        """The conversation's id towards Rasa: a salted hash, never the Telegram id."""
        return "tg-" + self._hash("user", user_id)[:40]

    def is_admitted(self, user_id: int) -> bool:
        return user_id in self.allowed or self._hash("user", user_id) in self._admitted

    def redeem(self, user_id: int, code: str) -> bool:
        """Admit this user with an unused invite code; the code is used up. False: no such
        code, or used before (also by this same user: a code is for one start)."""
        digest = self._hash("code", code.strip())
        with self._lock:
            if digest not in self._codes or digest in self._used:
                return False
            self._used.add(digest)
            self._admitted.add(self._hash("user", user_id))
            self._save()
        return True

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"admitted": sorted(self._admitted), "used_codes": sorted(self._used)}, fh)
        os.replace(tmp, self.path)
