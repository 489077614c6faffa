"""Encryption of report contents at rest (Fernet: AES-128-CBC + HMAC-SHA256)."""
from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.config import REPORT_KEY_ENV, ConfigError, Settings, dev_secret, new_fernet_key


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


def report_cipher(settings: Settings) -> MultiFernet:
    """The cipher for report contents: the configured keys (the first encrypts, all decrypt),
    or outside production a key generated once into ``settings.report_key_file``."""
    if settings.report_keys:
        try:
            return MultiFernet([Fernet(k.encode()) for k in settings.report_keys])
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{REPORT_KEY_ENV} is geen geldige Fernet-sleutel (32 bytes, url-safe base64): "
                              "maak er een met `python -c 'from cryptography.fernet import Fernet; "
                              "print(Fernet.generate_key().decode())'`") from exc
    if settings.is_production:
        raise ConfigError(f"{REPORT_KEY_ENV} ontbreekt: in productie worden meldingen alleen versleuteld "
                          "opgeslagen met een sleutel uit de configuratie")
    return MultiFernet([Fernet(dev_secret(settings.report_key_file, new_fernet_key).encode())])
