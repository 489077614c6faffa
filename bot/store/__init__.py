"""Report store: confirmed reports (encrypted at rest), follow-ups, retention and the outbox.

The process-wide store is built lazily from the environment (``DATABASE_URL``,
``NIETPLUIS_REPORT_KEY``); nothing happens at import time. Async code (Rasa actions) uses the
``a*`` functions, which run the short synchronous calls in a worker thread::

    saved = await bot.store.asave_report(summary=..., classification=..., routes=routes,
                                         gemeente="Utrecht")
    saved.reference_code   # 'K7QH-2MXD-9RW4'
"""
from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any

from bot.store.codes import InvalidReferenceCode, new_reference_code, normalize_reference_code
from bot.store.config import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from bot.store.service import ReportStore

_lock = threading.Lock()
_store: "ReportStore | None" = None


def get_store() -> "ReportStore":
    """The process-wide store (one engine per process), created on first use."""
    global _store
    if _store is None:
        with _lock:
            if _store is None:
                from bot.store.config import report_cipher
                from bot.store.db import get_engine
                from bot.store.service import ReportStore
                _store = ReportStore(get_engine(), report_cipher())
    return _store


def reset_store() -> None:
    """Forget the process-wide store and engine (tests; after changing the environment)."""
    global _store
    from bot.store.db import dispose_engine
    with _lock:
        _store = None
    dispose_engine()


def save_report(**kwargs: Any):
    return get_store().save_report(**kwargs)


def add_followup(code: str, text: str):
    return get_store().add_followup(code, text)


def get_report(code: str):
    return get_store().get_report(code)


def purge_reports_older_than(days: int) -> int:
    return get_store().purge_reports_older_than(days)


async def asave_report(**kwargs: Any):
    return await asyncio.to_thread(save_report, **kwargs)


async def aadd_followup(code: str, text: str):
    return await asyncio.to_thread(add_followup, code, text)


async def aget_report(code: str):
    return await asyncio.to_thread(get_report, code)


def __getattr__(name: str):  # lazy re-exports, so importing bot.store stays cheap
    if name in {"ReportStore", "ReportNotFound", "SavedReport", "SavedFollowup", "StoredReport"}:
        from bot.store import service
        return getattr(service, name)
    raise AttributeError(name)


__all__ = [
    "ConfigError", "InvalidReferenceCode", "ReportNotFound", "ReportStore", "aadd_followup",
    "add_followup", "aget_report", "asave_report", "get_report", "get_store",
    "new_reference_code", "normalize_reference_code", "purge_reports_older_than", "reset_store",
    "save_report",
]
