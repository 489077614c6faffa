"""Rasa's `events` table, for work outside a running Rasa server: deleting stale conversations.

Plain SQLAlchemy on the table `SQLTrackerStore` writes (no Rasa import, so the daemon and
the CLI stay light). The tracker store's own retention uses the same function.
"""
from __future__ import annotations

import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

TABLE = "events"
_CHUNK = 500


def purge_stale_conversations(engine: Engine, days: float, now: float | None = None) -> int:
    """Delete whole conversations whose latest event is older than `days`; how many."""
    cutoff = (now if now is not None else time.time()) - float(days) * 86400
    try:
        events = sa.Table(TABLE, sa.MetaData(), autoload_with=engine)
    except sa.exc.NoSuchTableError:
        return 0
    stale = (sa.select(events.c.sender_id).group_by(events.c.sender_id)
             .having(sa.func.max(events.c.timestamp) < cutoff))
    with engine.begin() as conn:
        senders = [row[0] for row in conn.execute(stale)]
        for start in range(0, len(senders), _CHUNK):
            conn.execute(sa.delete(events).where(events.c.sender_id.in_(senders[start:start + _CHUNK])))
    return len(senders)


class ConversationStore:
    """The stored conversations of the embedded default (a SQLite tracker database)."""

    def __init__(self, tracker_db: Path) -> None:
        self.tracker_db = Path(tracker_db)

    def purge_older_than(self, days: float, now: float | None = None) -> int:
        if not self.tracker_db.exists():
            return 0
        engine = sa.create_engine(f"sqlite:///{self.tracker_db}", future=True)
        try:
            return purge_stale_conversations(engine, days, now)
        finally:
            engine.dispose()
