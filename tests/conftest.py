"""Shared fixtures: every test runs against its own throwaway configuration."""
from __future__ import annotations

import pathlib

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def domain_dict() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))


@pytest.fixture
def report_db(tmp_path, monkeypatch):
    """A fresh, migrated SQLite report store with its own key, for one test."""
    from cryptography.fernet import Fernet

    from bot.store import reset_store
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'reports.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("NIETPLUIS_REPORT_KEY", Fernet.generate_key().decode())
    reset_store()
    upgrade(url)
    yield url
    reset_store()
