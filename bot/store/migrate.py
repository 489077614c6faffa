"""Run the Alembic migrations from code (tests, start-up scripts)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.config import ROOT, Settings


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(Path(ROOT) / "alembic.ini"))
    cfg.attributes["configure_logger"] = False  # keep the caller's logging untouched
    if url:
        cfg.attributes["url"] = url  # not set_main_option: '%' in passwords breaks ini interpolation
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Migrate ``url`` (default: the configured DATABASE_URL) to ``revision``."""
    command.upgrade(alembic_config(url or Settings.from_env().database_url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(url or Settings.from_env().database_url), revision)
