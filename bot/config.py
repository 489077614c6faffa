"""Every setting of Niet-pluis, its default and its checks: the one module that reads the
environment.

`Settings.from_env()` is called once per process (by `bot.services`, the composition root)
and the frozen result is handed to whatever needs it. Paths default to files under `var/`.
Rasa's own processes read some of these from the environment (endpoints.yml): `scripts/env.sh`
exports them from here (`python -m bot.config --shell`), so there is one set of defaults and a
command run without `env.sh` opens the same database with the same key.

| variable | default |
|---|---|
| `NIETPLUIS_ENV` | `development` (`production` refuses missing secrets) |
| `DATABASE_URL` | `sqlite:///<repo>/var/reports.db` |
| `TRACKER_DB` | `<repo>/var/trackers.db` |
| `NIETPLUIS_REPORT_KEY` | generated once into `var/report_key` (required in production) |
| `NIETPLUIS_DOUBLE_SEND_SECONDS` | 2: the same message twice from one sender within this time is read once (0: off) |
| `NIETPLUIS_SENDER_SALT` | generated once into `var/sender_salt` by `--shell` (required in production); the tracker store refuses to start without it |
| `NIETPLUIS_RETENTION_DAYS` / `NIETPLUIS_REPORT_RETENTION_DAYS` | 30 / 90 |
| `NIETPLUIS_PURGE_INTERVAL` / `NIETPLUIS_OUTBOX_POLL` (seconds) | 21600 / 5 |
| `NIETPLUIS_SMTP_HOST`, `_PORT`, `_FROM`, `_STARTTLS`, `_USER`, `_PASSWORD` | unset: local mailbox |
| `NIETPLUIS_DEVMAIL_PORT` / `NIETPLUIS_DEVMAIL_DIR` | 8025 / `var/mail` |
| `NIETPLUIS_DEDUCE_CACHE` | deduce's own lookup folder |
| `LOG_LEVEL` | `INFO` |
| `ACTION_HOST` / `ACTION_PORT` / `RASA_PORT` | `127.0.0.1` / 5055 / 5005 |
| `ACTION_ENDPOINT_URL` | `http://127.0.0.1:<ACTION_PORT>/webhook` |
| `NIETPLUIS_ACTION_TOKEN` | generated once into `var/action_token` (required in production): Rasa sends it, the action server refuses calls without it |
| `CORS_ORIGINS` | the demo page's origins (`http://127.0.0.1:<WEB_PORT>`, `http://localhost:<WEB_PORT>`): space-separated origins of the sites that embed the widget (`https://www.gemeente.nl`); never `*` |
| `WEB_PORT` | 8080: the widget, its theme and the demo page (`bot.web`); 0: not started |
| `NIETPLUIS_CHAT_URL` | `http://127.0.0.1:<RASA_PORT>`: where the demo page's widget sends messages (the Rasa server as browsers reach it) |
| `TELEGRAM_BOT_TOKEN` | unset: no Telegram bridge; set: `make run` starts `python -m bot.channels.telegram` |
| `TELEGRAM_API_BASE_URL` | `https://api.telegram.org/bot` (python-telegram-bot's `base_url`: the token is appended); the file URL is derived from it |
| `TELEGRAM_ALLOWED_USER_IDS` / `TELEGRAM_INVITE_CODES` | empty: numeric user ids that may report / one-time codes for `/start CODE` |
| `TELEGRAM_WEBHOOK_URL` / `TELEGRAM_WEBHOOK_SECRET` / `TELEGRAM_WEBHOOK_PORT` | unset: long polling; set: webhook mode on 127.0.0.1:`TELEGRAM_WEBHOOK_PORT` (8443) behind a TLS proxy, the secret header checked |
| `TELEGRAM_RATE_PER_MINUTE` | 20 messages per user per minute |
| `TELEGRAM_RASA_URL` / `TELEGRAM_ACCESS_FILE` | `http://127.0.0.1:<RASA_PORT>` / `var/telegram_access.json` (salted hashes of admitted users and used codes) |
| `NIETPLUIS_EXIT_URL` | `https://www.buienradar.nl/`: the neutral page "Snel weg" on the demo page leaves for |
| `NIETPLUIS_MAX_REQUEST_BYTES` | 65536: larger HTTP bodies to the Rasa server get 413 |
| `REDIS_URL` | unset: one Rasa process, conversation locks and unconfirmed conversations in its memory. Set (`redis://:password@host:6379/0`): both in Redis, shared by every Rasa replica (`make run-cluster`, docs/deploy.md) |
| `TRACKER_DB_URL` | unset: SQLite at `TRACKER_DB`. A SQLAlchemy URL (`postgresql+psycopg2://…`): confirmed conversations there |
| `NIETPLUIS_REPLICA` | unset: a name for this Rasa process in logs and the `X-Nietpluis-Replica` header (cluster) |
"""
from __future__ import annotations

import os
import secrets as secrets_module
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Mapping

ROOT = Path(__file__).resolve().parents[1]
#: Editable content (texts, vocabularies, lexicon, routing, contacts), reviewed like code.
CONTENT_DIR = ROOT / "content"
VAR_DIR = ROOT / "var"

DEFAULT_RETENTION_DAYS = 30.0
DEFAULT_REPORT_RETENTION_DAYS = 90.0
MIN_SALT_LENGTH = 16
SALT_ENV = "NIETPLUIS_SENDER_SALT"
REPORT_KEY_ENV = "NIETPLUIS_REPORT_KEY"
ACTION_TOKEN_ENV = "NIETPLUIS_ACTION_TOKEN"
#: the header Rasa sends to the action server (endpoints.yml) and the action server checks
ACTION_TOKEN_HEADER = "X-Nietpluis-Action-Token"
DEDUCE_CACHE_ENV = "NIETPLUIS_DEDUCE_CACHE"


class ConfigError(RuntimeError):
    """A required setting is missing or invalid."""


class MissingSaltError(ConfigError):
    """The secret salt for sender ids is not configured."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    from_addr: str = "niet-pluis@localhost"
    starttls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class TelegramSettings:
    token: str = field(repr=False)
    api_base_url: str = "https://api.telegram.org/bot"
    allowed_user_ids: frozenset[int] = frozenset()
    invite_codes: tuple[str, ...] = field(default=(), repr=False)
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_port: int = 8443
    rate_per_minute: int = 20
    #: the Rasa server the bridge talks to; None: http://127.0.0.1:<RASA_PORT>
    rasa_url: str | None = None
    #: salted hashes of admitted users and used invite codes
    access_file: Path = VAR_DIR / "telegram_access.json"

    @property
    def file_base_url(self) -> str:
        """Telegram's file URL beside the API URL: ``…/bot`` -> ``…/file/bot``."""
        base = self.api_base_url.rstrip("/")
        return base[:-len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file"


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    var_dir: Path = VAR_DIR
    content_dir: Path = CONTENT_DIR
    database_url: str = f"sqlite:///{VAR_DIR / 'reports.db'}"
    tracker_db: Path = VAR_DIR / "trackers.db"
    #: Fernet keys; the first encrypts, all decrypt (rotation). Empty: the dev key file.
    report_keys: tuple[str, ...] = field(default=(), repr=False)
    report_key_file: Path = VAR_DIR / "report_key"
    sender_salt: str | None = field(default=None, repr=False)
    retention_days: float = DEFAULT_RETENTION_DAYS
    report_retention_days: float = DEFAULT_REPORT_RETENTION_DAYS
    purge_interval_seconds: float = 6 * 3600.0
    #: after a stop, the next message may undo it within this many minutes (memory only)
    stop_undo_minutes: float = 10.0
    #: the same text twice from one sender within this time is read once (a double tap); 0: off
    double_send_seconds: float = 2.0
    outbox_poll_seconds: float = 5.0
    smtp: SmtpSettings | None = None
    devmail_port: int = 8025
    devmail_dir: Path = VAR_DIR / "mail"
    deduce_cache_dir: Path | None = None
    log_level: str = "INFO"
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    rasa_port: int = 5005
    action_endpoint_url: str = "http://127.0.0.1:5055/webhook"
    action_token: str | None = field(default=None, repr=False)
    #: origins allowed to call the Rasa server from a browser; empty: none (same origin only)
    cors_origins: tuple[str, ...] = ()
    web_port: int = 8080
    chat_url: str = "http://127.0.0.1:5005"
    exit_url: str = "https://www.buienradar.nl/"
    max_request_bytes: int = 64 * 1024
    #: None: no Telegram bridge
    telegram: TelegramSettings | None = None
    #: None: locks and unconfirmed conversations in the Rasa process's memory (one process)
    redis_url: str | None = field(default=None, repr=False)
    #: None: SQLite at tracker_db
    tracker_db_url: str | None = field(default=None, repr=False)
    replica: str | None = None
    #: Webhook secrets are named per gemeente in the routing content (`secret_env`).
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_production(self) -> bool:
        return self.env in {"production", "prod"}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = dict(os.environ if environ is None else environ)

        def text(name: str, default: str = "") -> str:
            return (env.get(name) or "").strip() or default

        def number(name: str, default: float) -> float:
            raw = text(name)
            try:
                return float(raw) if raw else default
            except ValueError:
                raise ConfigError(f"{name} moet een getal zijn, niet {raw!r}") from None

        var_dir = VAR_DIR
        smtp_host = text("NIETPLUIS_SMTP_HOST")
        smtp = SmtpSettings(
            host=smtp_host, port=int(number("NIETPLUIS_SMTP_PORT", 25)),
            from_addr=text("NIETPLUIS_SMTP_FROM", "niet-pluis@localhost"),
            starttls=text("NIETPLUIS_SMTP_STARTTLS", "0").lower() in {"1", "true", "yes"},
            username=text("NIETPLUIS_SMTP_USER") or None,
            password=env.get("NIETPLUIS_SMTP_PASSWORD") or None) if smtp_host else None
        deduce_cache = text(DEDUCE_CACHE_ENV)
        settings = cls(
            env=text("NIETPLUIS_ENV", "development").lower(),
            var_dir=var_dir,
            database_url=_database_url(text("DATABASE_URL"), var_dir),
            tracker_db=Path(text("TRACKER_DB", str(var_dir / "trackers.db"))),
            report_keys=tuple(k.strip() for k in text(REPORT_KEY_ENV).split(",") if k.strip()),
            report_key_file=var_dir / "report_key",
            sender_salt=text(SALT_ENV) or None,
            retention_days=number("NIETPLUIS_RETENTION_DAYS", DEFAULT_RETENTION_DAYS),
            report_retention_days=number("NIETPLUIS_REPORT_RETENTION_DAYS",
                                         DEFAULT_REPORT_RETENTION_DAYS),
            purge_interval_seconds=number("NIETPLUIS_PURGE_INTERVAL", 6 * 3600.0),
            stop_undo_minutes=number("NIETPLUIS_STOP_UNDO_MINUTES", 10.0),
            double_send_seconds=number("NIETPLUIS_DOUBLE_SEND_SECONDS", 2.0),
            outbox_poll_seconds=number("NIETPLUIS_OUTBOX_POLL", 5.0),
            smtp=smtp,
            devmail_port=int(number("NIETPLUIS_DEVMAIL_PORT", 8025)),
            devmail_dir=Path(text("NIETPLUIS_DEVMAIL_DIR", str(var_dir / "mail"))),
            deduce_cache_dir=Path(deduce_cache) if deduce_cache else None,
            log_level=text("LOG_LEVEL", "INFO").upper(),
            action_host=text("ACTION_HOST", "127.0.0.1"),
            action_port=int(number("ACTION_PORT", 5055)),
            rasa_port=int(number("RASA_PORT", 5005)),
            action_endpoint_url=text("ACTION_ENDPOINT_URL",
                                     f"http://127.0.0.1:{int(number('ACTION_PORT', 5055))}/webhook"),
            action_token=text(ACTION_TOKEN_ENV) or None,
            cors_origins=_cors_origins(text("CORS_ORIGINS"), int(number("WEB_PORT", 8080))),
            web_port=int(number("WEB_PORT", 8080)),
            chat_url=text("NIETPLUIS_CHAT_URL", f"http://127.0.0.1:{int(number('RASA_PORT', 5005))}").rstrip("/"),
            exit_url=text("NIETPLUIS_EXIT_URL", "https://www.buienradar.nl/"),
            max_request_bytes=int(number("NIETPLUIS_MAX_REQUEST_BYTES", 64 * 1024)),
            telegram=_telegram(text, number),
            redis_url=text("REDIS_URL") or None,
            tracker_db_url=_database_url(text("TRACKER_DB_URL"), var_dir) if text("TRACKER_DB_URL") else None,
            replica=text("NIETPLUIS_REPLICA") or None,
            secrets=MappingProxyType(env),
        )
        settings.check()
        return settings

    def check(self) -> None:
        """Refuse what must never run: production without its own secrets and database."""
        if not self.is_production:
            return
        missing = [name for name, value in ((REPORT_KEY_ENV, self.report_keys),
                                            (SALT_ENV, self.sender_salt),
                                            (ACTION_TOKEN_ENV, self.action_token)) if not value]
        if missing:
            raise ConfigError(f"in productie ontbreekt: {', '.join(missing)} (zie .env.example)")

    def require_sender_salt(self) -> bytes:
        """The salt for hashing sender ids; MissingSaltError when absent or too short."""
        value = self.sender_salt or ""
        if len(value) < MIN_SALT_LENGTH:
            raise MissingSaltError(
                f"{SALT_ENV} is not set or shorter than {MIN_SALT_LENGTH} characters; "
                "generate one with: python -c 'import secrets; print(secrets.token_hex(32))'")
        return value.encode("utf-8")


def dev_secret(path: Path, make: Callable[[], str]) -> str:
    """A development secret kept in ``path`` (mode 0600), made once. Never for production."""
    if path.exists():
        return path.read_text("utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text("utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    return value


def new_fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def shell_exports(settings: Settings) -> str:
    """`export NAME=value` lines for the values Rasa's processes read from the environment."""
    values = {
        "RASA_PORT": settings.rasa_port,
        "ACTION_PORT": settings.action_port,
        "ACTION_ENDPOINT_URL": settings.action_endpoint_url,
        "TRACKER_DB": settings.tracker_db,
        "DATABASE_URL": settings.database_url,
        "CORS_ORIGINS": " ".join(settings.cors_origins),
        "WEB_PORT": settings.web_port,
        "NIETPLUIS_MAX_REQUEST_BYTES": settings.max_request_bytes,
    }
    if not settings.is_production:
        values[SALT_ENV] = settings.sender_salt or dev_secret(
            settings.var_dir / "sender_salt", lambda: secrets_module.token_hex(32))
        values[REPORT_KEY_ENV] = ",".join(settings.report_keys) or dev_secret(
            settings.report_key_file, new_fernet_key)
        values[ACTION_TOKEN_ENV] = settings.action_token or dev_secret(
            settings.var_dir / "action_token", lambda: secrets_module.token_urlsafe(32))
    elif settings.action_token:
        values[ACTION_TOKEN_ENV] = settings.action_token
    return "".join(f"export {name}={shlex.quote(str(value))}\n" for name, value in values.items())


def _telegram(text: Callable[..., str], number: Callable[[str, float], float]) -> TelegramSettings | None:
    token = text("TELEGRAM_BOT_TOKEN")
    if not token:
        return None
    ids = []
    for raw in text("TELEGRAM_ALLOWED_USER_IDS").replace(",", " ").split():
        if not raw.lstrip("-").isdigit():
            raise ConfigError(f"TELEGRAM_ALLOWED_USER_IDS: {raw!r} is geen getal (numerieke Telegram user id)")
        ids.append(int(raw))
    secret = text("TELEGRAM_WEBHOOK_SECRET") or None
    if text("TELEGRAM_WEBHOOK_URL") and not secret:
        raise ConfigError("TELEGRAM_WEBHOOK_URL vraagt ook TELEGRAM_WEBHOOK_SECRET (de header die Telegram meestuurt)")
    return TelegramSettings(
        token=token,
        api_base_url=text("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot"),
        allowed_user_ids=frozenset(ids),
        invite_codes=tuple(c for c in text("TELEGRAM_INVITE_CODES").replace(",", " ").split() if c),
        webhook_url=text("TELEGRAM_WEBHOOK_URL") or None,
        webhook_secret=secret,
        webhook_port=int(number("TELEGRAM_WEBHOOK_PORT", 8443)),
        rate_per_minute=int(number("TELEGRAM_RATE_PER_MINUTE", 20)),
        rasa_url=text("TELEGRAM_RASA_URL") or None,
        access_file=Path(text("TELEGRAM_ACCESS_FILE", str(VAR_DIR / "telegram_access.json"))))


def _cors_origins(raw: str, web_port: int) -> tuple[str, ...]:
    """The configured origins; unset: the demo page's own (bot.web), so `make run` works."""
    origins = tuple(raw.replace(",", " ").split())
    if not origins and web_port:
        origins = (f"http://127.0.0.1:{web_port}", f"http://localhost:{web_port}")
    # "*" would let any site read a conversation in the user's browser
    if "*" in origins:
        raise ConfigError("CORS_ORIGINS mag geen '*' zijn: noem de origins (https://www.gemeente.nl)")
    return origins


def _database_url(url: str, var_dir: Path) -> str:
    if not url:
        return f"sqlite:///{var_dir / 'reports.db'}"
    # Heroku-style URLs name the dialect "postgres", which SQLAlchemy 1.4 rejects.
    if url.startswith("postgres://"):
        return "postgresql://" + url[len("postgres://"):]
    return url


if __name__ == "__main__":  # `python -m bot.config --shell`: used by scripts/env.sh
    if sys.argv[1:] != ["--shell"]:
        sys.exit("usage: python -m bot.config --shell")
    try:
        sys.stdout.write(shell_exports(Settings.from_env()))
    except ConfigError as exc:
        sys.exit(f"configuratie: {exc}")
