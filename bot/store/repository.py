"""Repositories: query and change rows inside a session; they never commit (the unit of work does)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot.store.models import Followup, OutboxMessage, Report

PENDING, SENDING, SENT, DEAD = "pending", "sending", "sent", "dead"
STATUSES = (PENDING, SENDING, SENT, DEAD)


class ReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, report: Report) -> Report:
        self.session.add(report)
        self.session.flush()
        return report

    def by_code(self, code: str) -> Report | None:
        return self.session.execute(
            select(Report).where(Report.reference_code == code)).scalar_one_or_none()

    def by_submission_key(self, key: str) -> Report | None:
        return self.session.execute(
            select(Report).where(Report.submission_key == key)).scalar_one_or_none()

    def latest_of_conversation(self, conversation_key: str) -> Report | None:
        return self.session.execute(
            select(Report).where(Report.conversation_key == conversation_key)
            .order_by(Report.created_at.desc(), Report.id.desc()).limit(1)).scalar_one_or_none()

    def get(self, report_id: int) -> Report | None:
        return self.session.get(Report, report_id)

    def code_exists(self, code: str) -> bool:
        return self.session.execute(
            select(Report.id).where(Report.reference_code == code)).first() is not None

    def add_followup(self, followup: Followup) -> Followup:
        self.session.add(followup)
        self.session.flush()
        return followup

    def followup(self, followup_id: int) -> Followup | None:
        return self.session.get(Followup, followup_id)

    def delete(self, report: Report) -> None:
        """Delete one report with its follow-ups and outbox rows."""
        self.session.execute(delete(OutboxMessage).where(OutboxMessage.report_id == report.id),
                             execution_options={"synchronize_session": False})
        self.session.execute(delete(Followup).where(Followup.report_id == report.id),
                             execution_options={"synchronize_session": False})
        self.session.execute(delete(Report).where(Report.id == report.id),
                             execution_options={"synchronize_session": False})

    def delete_created_before(self, cutoff: datetime) -> int:
        """Delete old reports with their follow-ups and outbox rows; returns the report count."""
        ids = select(Report.id).where(Report.created_at < cutoff).scalar_subquery()
        # Explicit child deletes: correct even where the database does not enforce cascades.
        self.session.execute(delete(OutboxMessage).where(OutboxMessage.report_id.in_(ids)),
                             execution_options={"synchronize_session": False})
        self.session.execute(delete(Followup).where(Followup.report_id.in_(ids)),
                             execution_options={"synchronize_session": False})
        result = self.session.execute(delete(Report).where(Report.created_at < cutoff),
                                      execution_options={"synchronize_session": False})
        return result.rowcount or 0


@dataclass(frozen=True)
class Claim:
    """An outbox row claimed by one worker until ``lease_expires_at``."""

    id: int
    report_id: int
    followup_id: int | None
    recipient_code: str
    channel: str
    destination: str
    secret_env: str | None
    idempotency_key: str
    attempts: int
    claim_token: str


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def enqueue(self, *, report_id: int, followup_id: int | None, recipient_code: str,
                channel: str, destination: str, secret_env: str | None, now: datetime) -> OutboxMessage:
        row = OutboxMessage(
            report_id=report_id, followup_id=followup_id, recipient_code=recipient_code,
            channel=channel, destination=destination, secret_env=secret_env,
            idempotency_key=uuid.uuid4().hex, status=PENDING, attempts=0,
            next_attempt_at=now, created_at=now, updated_at=now)
        self.session.add(row)
        self.session.flush()
        return row

    def deliveries_of_report(self, report_id: int) -> list[tuple[str, str, datetime | None]]:
        """(recipient_code, status, sent_at) of every delivery of the report itself."""
        return [tuple(row) for row in self.session.execute(
            select(OutboxMessage.recipient_code, OutboxMessage.status, OutboxMessage.sent_at)
            .where(OutboxMessage.report_id == report_id, OutboxMessage.followup_id.is_(None))
            .order_by(OutboxMessage.id)).all()]

    def targets_of_report(self, report_id: int) -> list[tuple[str, str, str, str | None]]:
        """Distinct (recipient_code, channel, destination, secret_env) the report went to."""
        rows = self.session.execute(
            select(OutboxMessage.recipient_code, OutboxMessage.channel,
                   OutboxMessage.destination, OutboxMessage.secret_env)
            .where(OutboxMessage.report_id == report_id, OutboxMessage.followup_id.is_(None))
            .order_by(OutboxMessage.id)).all()
        seen, out = set(), []
        for row in rows:
            if tuple(row) not in seen:
                seen.add(tuple(row))
                out.append(tuple(row))
        return out

    @staticmethod
    def _due(now: datetime):
        return or_(
            and_(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now),
            and_(OutboxMessage.status == SENDING, OutboxMessage.lease_expires_at < now),
        )

    def claim(self, *, now: datetime, lease_until: datetime, limit: int) -> list[Claim]:
        """Claim up to ``limit`` due rows for one worker; the caller commits right away.

        PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` then UPDATE in one transaction, so
        concurrent workers never wait for or take each other's rows. SQLite has no row locks
        but only one writer at a time: every row is claimed by a compare-and-set UPDATE that
        re-checks the due condition, so a row another worker claimed first is skipped.
        """
        token = str(uuid.uuid4())
        values = dict(status=SENDING, claim_token=token, lease_expires_at=lease_until,
                      attempts=OutboxMessage.attempts + 1, updated_at=now)
        candidates = (select(OutboxMessage.id).where(self._due(now))
                      .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            ids = self.session.execute(candidates.with_for_update(skip_locked=True)).scalars().all()
            if ids:
                self.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids))
                                     .values(**values), execution_options={"synchronize_session": False})
        else:
            # Look further than `limit`: the first rows may be taken by a concurrent worker.
            ids = []
            for row_id in self.session.execute(candidates.limit(limit * 5)).scalars().all():
                if len(ids) >= limit:
                    break
                result = self.session.execute(
                    update(OutboxMessage).where(OutboxMessage.id == row_id, self._due(now)).values(**values),
                    execution_options={"synchronize_session": False})
                if result.rowcount == 1:
                    ids.append(row_id)
        if not ids:
            return []
        rows = self.session.execute(
            select(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.claim_token == token)
            .order_by(OutboxMessage.id).execution_options(populate_existing=True)).scalars().all()
        return [Claim(id=r.id, report_id=r.report_id, followup_id=r.followup_id,
                      recipient_code=r.recipient_code, channel=r.channel, destination=r.destination,
                      secret_env=r.secret_env, idempotency_key=r.idempotency_key,
                      attempts=r.attempts, claim_token=token) for r in rows]

    def _finish(self, claim: Claim, now: datetime, **values) -> bool:
        result = self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == claim.id, OutboxMessage.claim_token == claim.claim_token,
                   OutboxMessage.status == SENDING)
            .values(updated_at=now, **values),
            execution_options={"synchronize_session": False})
        return result.rowcount == 1

    def mark_sent(self, claim: Claim, now: datetime) -> bool:
        """False if the lease was lost (another worker re-claimed the row meanwhile)."""
        return self._finish(claim, now, status=SENT, sent_at=now, lease_expires_at=None,
                            claim_token=None, last_error=None)

    def mark_retry(self, claim: Claim, now: datetime, next_attempt_at: datetime, error: str) -> bool:
        return self._finish(claim, now, status=PENDING, next_attempt_at=next_attempt_at,
                            lease_expires_at=None, claim_token=None, last_error=error[:2000])

    def mark_dead(self, claim: Claim, now: datetime, error: str) -> bool:
        return self._finish(claim, now, status=DEAD, lease_expires_at=None, claim_token=None,
                            last_error=error[:2000])

    def list(self, status: str | None = None, limit: int = 100) -> list[tuple[OutboxMessage, str]]:
        """Newest first, each with the reference code of its report."""
        query = (select(OutboxMessage, Report.reference_code)
                 .join(Report, Report.id == OutboxMessage.report_id)
                 .order_by(OutboxMessage.id.desc()).limit(limit))
        if status:
            query = query.where(OutboxMessage.status == status)
        return [(row[0], row[1]) for row in self.session.execute(query).all()]

    def counts(self) -> dict[str, int]:
        rows = self.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
        return {status: count for status, count in rows}

    def retry(self, now: datetime, message_id: int | None = None) -> int:
        """Put dead rows (or one given dead/pending row) back in the queue, attempts reset."""
        query = update(OutboxMessage)
        if message_id is None:
            query = query.where(OutboxMessage.status == DEAD)
        else:
            query = query.where(OutboxMessage.id == message_id,
                                OutboxMessage.status.in_([DEAD, PENDING]))
        result = self.session.execute(
            query.values(status=PENDING, attempts=0, next_attempt_at=now, lease_expires_at=None,
                         claim_token=None, updated_at=now),
            execution_options={"synchronize_session": False})
        return result.rowcount or 0
