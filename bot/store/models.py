"""Tables of the report store. The schema itself is created by Alembic (``migrations/``).

Contents (summary, classification, route, follow-up text) are stored only as Fernet tokens;
the plain columns hold what the operator and the outbox need: the reference code, the
gemeente, timestamps and delivery state.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Text, TypeDecorator,
)
from sqlalchemy.orm import declarative_base, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)
Base = declarative_base(metadata=metadata)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC, on SQLite and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(timezone.utc)")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Report(Base):
    __tablename__ = "reports"

    id = Column(Integer, primary_key=True)
    reference_code = Column(String(14), nullable=False, unique=True)
    gemeente = Column(String(100), nullable=True)
    content = Column(Text, nullable=False)  # sealed {summary, classification, routes}
    # keyed hashes, never the sender id: the same confirmation twice is one report, and the
    # conversation can ask for its code again after a crash (migration 0002)
    submission_key = Column(String(64), nullable=True, unique=True)
    conversation_key = Column(String(64), nullable=True, index=True)
    created_at = Column(UTCDateTime(), nullable=False, index=True)
    updated_at = Column(UTCDateTime(), nullable=False)

    followups = relationship("Followup", back_populates="report", cascade="all, delete-orphan",
                             passive_deletes=True, order_by="Followup.id")


class Followup(Base):
    __tablename__ = "report_followups"

    id = Column(Integer, primary_key=True)
    report_id = Column(Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True)
    content = Column(Text, nullable=False)  # sealed {"text": ...}
    created_at = Column(UTCDateTime(), nullable=False)

    report = relationship("Report", back_populates="followups")


class OutboxMessage(Base):
    """One delivery of a report or follow-up to one mailbox over one channel.

    States: pending -> sending (claimed, lease) -> sent | pending (retry) | dead.
    """

    __tablename__ = "outbox"

    id = Column(Integer, primary_key=True)
    report_id = Column(Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True)
    followup_id = Column(Integer, ForeignKey("report_followups.id", ondelete="CASCADE"), nullable=True)
    recipient_code = Column(String(40), nullable=False)
    channel = Column(String(16), nullable=False)  # email | webhook
    destination = Column(String(320), nullable=False)
    secret_env = Column(String(100), nullable=True)
    idempotency_key = Column(String(64), nullable=False, unique=True)
    status = Column(String(16), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime(), nullable=False)
    lease_expires_at = Column(UTCDateTime(), nullable=True)
    claim_token = Column(String(36), nullable=True)
    last_error = Column(Text, nullable=True)
    created_at = Column(UTCDateTime(), nullable=False)
    updated_at = Column(UTCDateTime(), nullable=False)
    sent_at = Column(UTCDateTime(), nullable=True)

    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)
