"""Unit of work: one session, one transaction; nothing is saved unless ``commit()`` is called."""
from __future__ import annotations

from sqlalchemy.orm import sessionmaker

from bot.store.repository import OutboxRepository, ReportRepository


class UnitOfWork:
    def __init__(self, sessions: sessionmaker) -> None:
        self._sessions = sessions

    def __enter__(self) -> "UnitOfWork":
        self.session = self._sessions()
        self.reports = ReportRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        return self

    def __exit__(self, *exc) -> None:
        # close() rolls back whatever was not committed and detaches the loaded objects
        # without expiring them, so results stay readable after the block.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
