"""One engine per process (built by bot.services), one session per unit of work."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, **kwargs) -> Engine:
    """A new engine for ``url``; the composition root makes the one a process uses."""
    if url.startswith("sqlite"):
        _private_file(make_url(url).database)
        # wait at most 10 s for another writer: then the user hears it failed, not silence
        connect_args = {"check_same_thread": False, "timeout": 10}
        engine = create_engine(url, future=True, connect_args=connect_args, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            if ":memory:" not in url and "mode=memory" not in url:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, future=True, **kwargs)


def _private_file(database: str | None) -> None:
    """Reports are for this user only, whatever the umask of whoever creates the file."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, class_=Session, future=True, expire_on_commit=False)
