"""Retention: delete stored conversations and reports after a configured number of days.

Conversations live in Rasa's `events` table (our tracker store keeps it anonymised); we
delete them with plain SQL so that this runs without loading Rasa.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

import sqlalchemy as sa

DEFAULT_CONVERSATION_DAYS = 30
DEFAULT_REPORT_DAYS = 90


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    reports: int


def conversation_days() -> float:
    return float(os.environ.get("NIETPLUIS_RETENTION_DAYS", DEFAULT_CONVERSATION_DAYS))


def report_days() -> float:
    return float(os.environ.get("NIETPLUIS_REPORT_RETENTION_DAYS", DEFAULT_REPORT_DAYS))


def purge_conversations(tracker_db: str, days: float, now: float | None = None) -> int:
    """Delete whole conversations whose latest event is older than `days`."""
    if not os.path.exists(tracker_db):
        return 0
    cutoff = (now if now is not None else time.time()) - days * 86400
    engine = sa.create_engine(f"sqlite:///{tracker_db}", future=True)
    try:
        events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    except sa.exc.NoSuchTableError:
        engine.dispose()
        return 0
    stale = (sa.select(events.c.sender_id).group_by(events.c.sender_id)
             .having(sa.func.max(events.c.timestamp) < cutoff))
    with engine.begin() as conn:
        senders = [row[0] for row in conn.execute(stale)]
        for start in range(0, len(senders), 500):
            conn.execute(sa.delete(events).where(events.c.sender_id.in_(senders[start:start + 500])))
    engine.dispose()
    return len(senders)


def purge(tracker_db: str | None = None, conversation_retention: float | None = None,
          report_retention: float | None = None) -> PurgeResult:
    from bot.store import get_store

    tracker_db = tracker_db or os.environ.get("TRACKER_DB", "var/trackers.db")
    conversations = purge_conversations(
        tracker_db, conversation_days() if conversation_retention is None else conversation_retention)
    reports = get_store().purge_reports_older_than(
        report_days() if report_retention is None else report_retention)
    return PurgeResult(conversations, int(reports or 0))
