"""Encryption of report contents at rest (Fernet: AES-128-CBC + HMAC-SHA256)."""
from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import InvalidToken, MultiFernet


class DecryptionError(RuntimeError):
    """Stored content cannot be decrypted with the configured key(s)."""


def seal(cipher: MultiFernet, value: Any) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return cipher.encrypt(data.encode("utf-8")).decode("ascii")


def unseal(cipher: MultiFernet, token: str) -> Any:
    try:
        return json.loads(cipher.decrypt(token.encode("ascii")).decode("utf-8"))
    except InvalidToken as exc:
        raise DecryptionError("kan de opgeslagen melding niet ontsleutelen: verkeerde of "
                              "ontbrekende NIETPLUIS_REPORT_KEY") from exc
