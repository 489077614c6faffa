"""The report store: save a confirmed report (and queue its delivery), follow-ups, retention.

All methods are synchronous and short; async callers (Rasa actions) use the ``a*`` helpers of
``asyncio.to_thread``. Every call is one unit of work: the report, its
follow-ups and its outbox rows are written in one transaction, so a report is never saved
without its deliveries or the other way round.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, Iterable, Mapping, Sequence

from cryptography.fernet import MultiFernet
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.report.model import Summary
from bot.routing import Policy, Route, delivery_targets
from bot.store.codes import new_reference_code, normalize_reference_code
from bot.store.crypto import seal, unseal
from bot.store.db import session_factory
from bot.store.models import Followup, Report, utcnow
from bot.store.uow import UnitOfWork

MAX_FOLLOWUP_CHARS = 5000
_GONE = frozenset({"sent", "sending"})  # a delivery that has left (or is leaving) cannot be called back


def submission_key(conversation_key: str, content: Mapping[str, Any], gemeente: str | None) -> str:
    """One key per conversation and confirmed content: keyed by the conversation's own
    (already secret) key, so it says nothing about the content without it."""
    canonical = json.dumps({"content": content, "gemeente": gemeente}, sort_keys=True,
                           ensure_ascii=False, separators=(",", ":"), default=str)
    return hmac.new(conversation_key.encode(), canonical.encode(), hashlib.sha256).hexdigest()


class ReportNotFound(LookupError):
    """No stored report has this reference code (never existed, or purged)."""


@dataclass(frozen=True)
class SavedReport:
    reference_code: str
    report_id: int
    outbox_ids: tuple[int, ...]
    #: every recipient code the report is queued for or sent to (also from an earlier call)
    recipients: tuple[str, ...] = ()
    #: True when this confirmation was already stored: no second report was made
    replayed: bool = False
    #: when the report was first stored (for the formal document)
    created_at: datetime | None = None


@dataclass(frozen=True)
class SavedFollowup:
    reference_code: str
    followup_id: int
    outbox_ids: tuple[int, ...]


@dataclass(frozen=True)
class DeletedReport:
    """What deleting a report did: the stored report is gone; deliveries that had already
    left (or were leaving) cannot be called back, those still waiting are cancelled."""
    reference_code: str
    already_sent: tuple[str, ...]   # recipient codes
    cancelled: tuple[str, ...]


@dataclass(frozen=True)
class StoredFollowup:
    created_at: datetime
    text: str


@dataclass(frozen=True)
class StoredReport:
    reference_code: str
    created_at: datetime
    gemeente: str | None
    summary: Summary
    classification: dict
    routes: list[dict]
    followups: list[StoredFollowup] = field(default_factory=list)


def _route_dict(route: Route | Mapping[str, Any] | str) -> dict:
    if isinstance(route, Route):
        return {"code": route.code, "reason": route.reason, "contact": dict(route.contact),
                "deliverable": route.deliverable}
    if isinstance(route, str):
        return {"code": route, "deliverable": False}
    if isinstance(route, Mapping) and "code" in route:
        return dict(route)
    raise TypeError(f"route verwacht als Route, dict met 'code' of code-tekst, kreeg {route!r}")


class ReportStore:
    def __init__(self, engine: Engine, cipher: MultiFernet, *, policy: Policy,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.cipher = cipher
        self.policy = policy
        self.clock = clock
        self.sessions = session_factory(engine)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    # ------------------------------------------------------------------ reports
    def save_report(self, *, summary: Summary, classification: Mapping[str, Any],
                    routes: Sequence[Route | Mapping[str, Any] | str], gemeente: str | None = None,
                    deliver_to: Iterable[str] | None = None,
                    conversation_key: str | None = None) -> SavedReport:
        """Store a confirmed, anonymised report and queue its delivery in one transaction.

        ``summary`` is the anonymised summary (routing.md); ``routes`` what was shown.
        Delivery goes to every configured mailbox of ``gemeente`` whose code is in the route
        and, if given, in ``deliver_to`` (the routes the reporter agreed to send to).

        With ``conversation_key`` (a keyed hash of the conversation, see
        ``bot.privacy.sender_id.conversation_key``) the same content confirmed again in the
        same conversation (a retried "ja", a replayed request, a redo after a crash) returns
        the report stored the first time, ``replayed=True``; deliveries agreed now but not
        then are queued, nothing is queued twice.
        """
        try:
            gemeente_name = self.policy.gemeente(gemeente).name if gemeente else None
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None
        route_dicts = [_route_dict(r) for r in routes]
        codes = [r["code"] for r in route_dicts]
        if deliver_to is not None:
            allowed = set(deliver_to)
            codes = [c for c in codes if c in allowed]
        targets = delivery_targets(codes, gemeente_name, self.policy)
        plain = {"summary": summary.to_dict(), "classification": dict(classification), "routes": route_dicts}
        key = submission_key(conversation_key, plain, gemeente_name) if conversation_key else None
        content = seal(self.cipher, plain)
        for _ in range(5):  # a code collision is astronomically rare; retry anyway
            now = self.clock()
            code = new_reference_code()
            try:
                with self.uow() as uow:
                    existing = uow.reports.by_submission_key(key) if key else None
                    if existing is not None:
                        return self._replay(uow, existing, targets, now)
                    report = uow.reports.add(Report(reference_code=code, gemeente=gemeente_name,
                                                    content=content, created_at=now, updated_at=now,
                                                    submission_key=key, conversation_key=conversation_key))
                    ids = tuple(uow.outbox.enqueue(
                        report_id=report.id, followup_id=None, recipient_code=t.recipient_code,
                        channel=t.channel, destination=t.destination, secret_env=t.secret_env,
                        now=now).id for t in targets)
                    uow.commit()
                    return SavedReport(reference_code=code, report_id=report.id, outbox_ids=ids,
                                       recipients=tuple(dict.fromkeys(t.recipient_code for t in targets)),
                                       created_at=now)
            except IntegrityError:
                continue  # a code collision, or the same confirmation stored a moment ago: look again
        raise RuntimeError("kon geen unieke meldcode maken")  # pragma: no cover

    @staticmethod
    def _replay(uow: UnitOfWork, report: Report, targets, now: datetime) -> SavedReport:
        queued = {(r, ch, dest) for r, ch, dest, _ in uow.outbox.targets_of_report(report.id)}
        ids = tuple(uow.outbox.enqueue(
            report_id=report.id, followup_id=None, recipient_code=t.recipient_code, channel=t.channel,
            destination=t.destination, secret_env=t.secret_env, now=now).id
            for t in targets if (t.recipient_code, t.channel, t.destination) not in queued)
        uow.commit()
        recipients = tuple(dict.fromkeys(r for r, _, _ in uow.outbox.deliveries_of_report(report.id)))
        return SavedReport(reference_code=report.reference_code, report_id=report.id, outbox_ids=ids,
                           recipients=recipients, replayed=True, created_at=report.created_at)

    def latest_of_conversation(self, conversation_key: str) -> SavedReport | None:
        """The newest report this conversation confirmed, with its recipients; None if none
        (never confirmed, deleted or purged). For "wat was mijn code?" after a crash."""
        with self.uow() as uow:
            report = uow.reports.latest_of_conversation(conversation_key)
            if report is None:
                return None
            recipients = tuple(dict.fromkeys(r for r, _, _ in uow.outbox.deliveries_of_report(report.id)))
            return SavedReport(reference_code=report.reference_code, report_id=report.id, outbox_ids=(),
                               recipients=recipients)

    def get_report(self, code: str) -> StoredReport:
        """The decrypted report for a reference code (InvalidReferenceCode / ReportNotFound)."""
        code = normalize_reference_code(code)
        with self.uow() as uow:
            report = uow.reports.by_code(code)
            if report is None:
                raise ReportNotFound(code)
            data = unseal(self.cipher, report.content)
            followups = [StoredFollowup(f.created_at, unseal(self.cipher, f.content)["text"])
                         for f in report.followups]
            return StoredReport(reference_code=report.reference_code, created_at=report.created_at,
                                gemeente=report.gemeente, summary=Summary.from_dict(data["summary"]),
                                classification=data["classification"], routes=data["routes"],
                                followups=followups)

    def exists(self, code: str) -> bool:
        code = normalize_reference_code(code)
        with self.uow() as uow:
            return uow.reports.code_exists(code)

    def add_followup(self, code: str, text: str) -> SavedFollowup:
        """Add (anonymised) extra information to a report; delivered to the same mailboxes."""
        code = normalize_reference_code(code)
        text = (text or "").strip()
        if not text:
            raise ValueError("lege aanvulling")
        if len(text) > MAX_FOLLOWUP_CHARS:
            raise ValueError(f"aanvulling is te lang (meer dan {MAX_FOLLOWUP_CHARS} tekens)")
        now = self.clock()
        with self.uow() as uow:
            report = uow.reports.by_code(code)
            if report is None:
                raise ReportNotFound(code)
            followup = uow.reports.add_followup(Followup(
                report_id=report.id, content=seal(self.cipher, {"text": text}), created_at=now))
            report.updated_at = now
            ids = tuple(uow.outbox.enqueue(
                report_id=report.id, followup_id=followup.id, recipient_code=rc, channel=ch,
                destination=dest, secret_env=secret, now=now).id
                for rc, ch, dest, secret in uow.outbox.targets_of_report(report.id))
            uow.commit()
            return SavedFollowup(reference_code=code, followup_id=followup.id, outbox_ids=ids)

    def _deliveries(self, code: str) -> list[tuple[str, str, datetime | None]]:
        code = normalize_reference_code(code)
        with self.uow() as uow:
            report = uow.reports.by_code(code)
            if report is None:
                raise ReportNotFound(code)
            return uow.outbox.deliveries_of_report(report.id)

    def already_sent(self, code: str) -> tuple[str, ...]:
        """Recipient codes a report has reached or is being sent to (ReportNotFound if none)."""
        return tuple(dict.fromkeys(r for r, status, _ in self._deliveries(code) if status in _GONE))

    def recipients_of(self, code: str) -> tuple[str, ...]:
        """Recipient codes a report is queued for or sent to (ReportNotFound if none)."""
        return tuple(dict.fromkeys(r for r, status, _ in self._deliveries(code) if status != "dead"))

    def delete_report(self, code: str) -> DeletedReport:
        """Delete a report at the reporter's request (InvalidReferenceCode / ReportNotFound)."""
        code = normalize_reference_code(code)
        with self.uow() as uow:
            report = uow.reports.by_code(code)
            if report is None:
                raise ReportNotFound(code)
            deliveries = uow.outbox.deliveries_of_report(report.id)
            uow.reports.delete(report)
            uow.commit()
        return DeletedReport(
            reference_code=code,
            already_sent=tuple(dict.fromkeys(r for r, status, _ in deliveries if status in _GONE)),
            cancelled=tuple(dict.fromkeys(r for r, status, _ in deliveries if status not in _GONE)))

    def purge_reports_older_than(self, days: int) -> int:
        """Delete reports created more than ``days`` days ago, with follow-ups and outbox rows."""
        if days < 0:
            raise ValueError("days moet 0 of groter zijn")
        cutoff = self.clock() - timedelta(days=days)
        with self.uow() as uow:
            count = uow.reports.delete_created_before(cutoff)
            uow.commit()
            return count
