"""One engine per process (built lazily), one session per unit of work."""
from __future__ import annotations

import threading

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.store.config import database_url

_lock = threading.Lock()
_engine: Engine | None = None


def make_engine(url: str, **kwargs) -> Engine:
    """A new engine for ``url`` (tests and tools); the app uses :func:`get_engine`."""
    if url.startswith("sqlite"):
        connect_args = {"check_same_thread": False, "timeout": 30}
        engine = create_engine(url, future=True, connect_args=connect_args, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            if ":memory:" not in url and "mode=memory" not in url:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, future=True, **kwargs)


def get_engine() -> Engine:
    """The process-wide engine for ``DATABASE_URL``, created on first use."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                _engine = make_engine(database_url())
    return _engine


def dispose_engine() -> None:
    """Close the process-wide engine's connections (tests, or after fork)."""
    global _engine
    with _lock:
        if _engine is not None:
            _engine.dispose()
        _engine = None


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, class_=Session, future=True, expire_on_commit=False)
