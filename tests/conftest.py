"""Shared fixtures: every test runs against its own throwaway configuration.

`services` is the process's composition root built once for the session (the classifier
and anonymiser load only when a test first needs them); `report_db` gives one test a fresh,
migrated report database with its own key, on services that share those heavy parts.
"""
from __future__ import annotations

import dataclasses

import pytest
import yaml

from bot.config import ROOT, Settings
from bot.services import Services, use_services


@pytest.fixture(scope="session")
def domain_dict() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))


@pytest.fixture(scope="session")
def services() -> Services:
    return Services(Settings.from_env())


def services_with(base: Services, settings: Settings) -> Services:
    """New services on ``settings`` that reuse the loaded content and models of ``base``."""
    shared = {name: getattr(base, name) for name in
              ("policy", "gemeenten", "vocabulary", "answers", "messages", "texts", "languages")}
    for heavy in ("classifier", "anonymiser"):
        if heavy in base.__dict__:
            shared[heavy] = base.__dict__[heavy]
    fresh = Services(settings, **shared)
    if "classifier" not in shared:  # load once, then keep it on the session's services too
        base.__dict__.setdefault("classifier", fresh.classifier)
        fresh.__dict__["classifier"] = base.__dict__["classifier"]
    return fresh


@pytest.fixture(autouse=True)
def installed_services(services):
    """What `get_services()` returns in the code under test: the session's services."""
    use_services(services)
    yield services


@pytest.fixture
def report_db(tmp_path, services):
    """A fresh, migrated SQLite report store with its own key, for one test; the services
    of this process (`get_services()`) use it until the test ends."""
    from cryptography.fernet import Fernet

    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'reports.db'}"
    settings = dataclasses.replace(services.settings, database_url=url,
                                   report_keys=(Fernet.generate_key().decode(),),
                                   sender_salt="test-salt-for-conversation-keys-0123456789")
    upgrade(url)
    use_services(services_with(services, settings))
    yield url
    use_services(services)


def pytest_collection_modifyitems(config, items):
    """Browser tests last: Playwright's sync API leaves its event loop set in this thread until
    the session ends, and asyncio.run or an async test after it would refuse to start."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
