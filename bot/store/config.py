"""Store settings from the environment, read when first needed (never at import time).

- ``DATABASE_URL``: SQLAlchemy URL; default ``sqlite:///<repo>/var/nietpluis.db``.
- ``NIETPLUIS_REPORT_KEY``: Fernet key(s) for report contents at rest. Several keys may be
  given comma-separated for rotation: the first encrypts, all decrypt.
- ``NIETPLUIS_ENV``: ``production`` makes a missing report key an error. Otherwise a dev key
  is generated once in ``var/report.key`` (mode 0600, ignored by git).
"""
from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var"
KEY_ENV = "NIETPLUIS_REPORT_KEY"


class ConfigError(RuntimeError):
    """A required setting is missing or invalid."""


def is_production() -> bool:
    return os.environ.get("NIETPLUIS_ENV", "").strip().lower() in {"production", "prod"}


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        # Heroku-style URLs name the dialect "postgres", which SQLAlchemy 1.4 rejects.
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://"):]
        return url
    VAR.mkdir(exist_ok=True)
    return f"sqlite:///{VAR / 'nietpluis.db'}"


def _dev_key(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key + b"\n")
    finally:
        os.close(fd)
    return key


def report_cipher(env: dict[str, str] | None = None, *, dev_key_path: Path | None = None) -> MultiFernet:
    """The cipher for report contents; ConfigError if the key is missing in production."""
    env = os.environ if env is None else env
    raw = env.get(KEY_ENV, "").strip()
    if raw:
        keys = [k.strip() for k in raw.split(",") if k.strip()]
        try:
            return MultiFernet([Fernet(k.encode()) for k in keys])
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{KEY_ENV} is geen geldige Fernet-sleutel (32 bytes, url-safe base64): "
                              "maak er een met `python -c 'from cryptography.fernet import Fernet; "
                              "print(Fernet.generate_key().decode())'`") from exc
    production = env.get("NIETPLUIS_ENV", "").strip().lower() in {"production", "prod"}
    if production:
        raise ConfigError(f"{KEY_ENV} ontbreekt: in productie worden meldingen alleen versleuteld "
                          "opgeslagen met een sleutel uit de configuratie")
    return MultiFernet([Fernet(_dev_key(dev_key_path or VAR / "report.key"))])
