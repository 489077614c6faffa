"""The outbox worker: claim due rows, render, send, mark; retries with backoff, dead letters.

Guarantee (at-least-once, with duplicate detection by the receiver):

1. The outbox row is written in the same transaction as the report, so a confirmed report is
   always delivered and a rolled-back one never is.
2. A worker claims a row in its own committed transaction (``pending -> sending``, attempts+1,
   a random claim token, a lease). Two workers never hold the same row at once: PostgreSQL
   uses ``FOR UPDATE SKIP LOCKED``, SQLite a compare-and-set UPDATE (see OutboxRepository.claim).
3. After sending, the row is marked ``sent`` only if the claim token still matches.
4. A worker claims one row at a time, just before sending it, with a lease of a minute (longer
   than the SMTP and webhook timeouts of 30 s). A worker that dies therefore leaves at most
   one row ``sending``, and a restarted worker resumes it within a minute; the other due rows
   were never claimed and go out at once. If the worker dies after sending but before
   marking, that one row is sent again after the lease. Exactly-once delivery is impossible
   without the receiver's help, so every delivery of one row carries the same key: the
   e-mail ``Message-ID`` and the webhook ``Idempotency-Key``. A duplicate is therefore
   possible only in that crash window (or if sending takes longer than the lease), and it is
   recognisable. Without a crash, each row is delivered once.
5. Failures are retried with exponential backoff; after ``max_attempts`` claims (a lease that
   expires counts too, so a message that crashes the worker cannot loop forever) the row is
   ``dead`` and waits for an operator: ``python -m bot outbox list|retry``.
"""
from __future__ import annotations

import logging
import random
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Callable, Mapping

from bot.outbox.message import (
    DeliveryError, OutgoingMessage, PermanentDeliveryError, Sender, TransientDeliveryError,
)
from bot.store.crypto import DecryptionError, unseal
from bot.store.repository import Claim
from bot.report.model import Summary
from bot.report.texts import ReportTexts, email_subject

if TYPE_CHECKING:  # pragma: no cover
    from bot.report.document import Documents

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerSettings:
    batch_size: int = 10  # rows per pass, each claimed on its own just before it is sent
    lease_seconds: float = 60.0  # must exceed the longest send (SMTP and webhook timeouts: 30 s)
    max_attempts: int = 8
    backoff_base: float = 30.0  # 30 s, 1 min, 2 min, ... capped
    backoff_cap: float = 3600.0
    jitter: float = 0.1  # +-10 % so that retries of many rows spread out

    def backoff(self, attempts: int) -> timedelta:
        delay = min(self.backoff_cap, self.backoff_base * 2 ** max(0, attempts - 1))
        if self.jitter:
            delay *= 1 + random.uniform(-self.jitter, self.jitter)  # noqa: S311 - not security
        return timedelta(seconds=delay)


@dataclass
class PassResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    lost: int = 0  # lease lost: another worker took the row over
    errors: list[str] = field(default_factory=list)


class OutboxWorker:
    def __init__(self, store, senders: Mapping[str, Sender], settings: WorkerSettings | None = None,
                 *, worker_id: str | None = None, clock: Callable[[], datetime] | None = None,
                 texts: ReportTexts | None = None, documents: "Documents | None" = None) -> None:
        self.store = store
        self.texts = texts or ReportTexts.from_content()
        self.documents = documents  # the formal summary, attached to mails when given
        self.senders = dict(senders)
        self.settings = settings or WorkerSettings()
        self.worker_id = worker_id or f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"
        self.clock = clock or store.clock

    # ------------------------------------------------------------------ one pass
    def claim(self, limit: int = 1) -> list[Claim]:
        now = self.clock()
        with self.store.uow() as uow:
            claims = uow.outbox.claim(now=now, lease_until=now + timedelta(seconds=self.settings.lease_seconds),
                                      limit=limit)
            uow.commit()
        return claims

    def render(self, claim: Claim) -> OutgoingMessage:
        with self.store.uow() as uow:
            report = uow.reports.get(claim.report_id)
            if report is None:
                raise PermanentDeliveryError("melding bestaat niet meer (verwijderd)")
            data = unseal(self.store.cipher, report.content)
            followup_text = None
            followup_at = None
            if claim.followup_id is not None:
                followup = uow.reports.followup(claim.followup_id)
                if followup is None:
                    raise PermanentDeliveryError("aanvulling bestaat niet meer (verwijderd)")
                followup_text = unseal(self.store.cipher, followup.content)["text"]
                followup_at = followup.created_at.isoformat()
            code, created = report.reference_code, report.created_at.isoformat()
        summary = data["summary"]
        kind = "followup" if followup_text is not None else "report"
        payload = {
            "event": f"niet_pluis.{kind}",
            "id": claim.idempotency_key,
            "reference_code": code,
            "recipient_code": claim.recipient_code,
            "report_created_at": created,
            "summary": summary,
            "followup": None if followup_text is None else {"text": followup_text, "created_at": followup_at},
        }
        attachments = ()
        if self.documents is not None:
            attachments = ((self.documents.filename(code), "text/html",
                            self.documents.render(code, datetime.fromisoformat(created), data)),)
        return OutgoingMessage(
            attachments=attachments,
            outbox_id=claim.id, idempotency_key=claim.idempotency_key,
            recipient_code=claim.recipient_code, channel=claim.channel,
            destination=claim.destination, secret_env=claim.secret_env, reference_code=code,
            kind=kind, subject=email_subject(code, followup=followup_text is not None),
            text=self.texts.email_body(code, Summary.from_dict(summary), followup_text=followup_text),
            payload=payload)

    def _deliver(self, claim: Claim) -> None:
        if claim.attempts > self.settings.max_attempts:
            raise PermanentDeliveryError(f"na {claim.attempts - 1} pogingen opgegeven")
        sender = self.senders.get(claim.channel)
        if sender is None:
            raise TransientDeliveryError(f"geen verzender ingesteld voor kanaal {claim.channel!r}")
        try:
            message = self.render(claim)
        except DecryptionError as exc:
            raise PermanentDeliveryError(str(exc)) from exc
        sender.send(message)

    def process(self, claim: Claim, result: PassResult) -> None:
        try:
            self._deliver(claim)
        except DeliveryError as exc:
            error = f"{type(exc).__name__}: {exc}"
            now = self.clock()
            permanent = isinstance(exc, PermanentDeliveryError) or claim.attempts >= self.settings.max_attempts
            with self.store.uow() as uow:
                if permanent:
                    ok = uow.outbox.mark_dead(claim, now, error)
                else:
                    ok = uow.outbox.mark_retry(claim, now, now + self.settings.backoff(claim.attempts), error)
                uow.commit()
            if not ok:
                result.lost += 1
            elif permanent:
                result.dead += 1
                log.warning("outbox %s dead after %s attempt(s): %s", claim.id, claim.attempts, error)
            else:
                result.retried += 1
                log.info("outbox %s retry later (attempt %s): %s", claim.id, claim.attempts, error)
            result.errors.append(f"{claim.id}: {error}")
            return
        with self.store.uow() as uow:
            ok = uow.outbox.mark_sent(claim, self.clock())
            uow.commit()
        if ok:
            result.sent += 1
            log.info("outbox %s sent via %s", claim.id, claim.channel)
        else:  # sent, but someone re-claimed it after our lease expired: a duplicate may follow
            result.lost += 1
            log.warning("outbox %s sent but lease was lost; receiver may see a duplicate", claim.id)

    def run_once(self) -> PassResult:
        """Up to ``batch_size`` rows, each claimed only when it is its turn: a crash mid-pass
        strands one row for one lease, not the whole batch."""
        result = PassResult()
        for _ in range(self.settings.batch_size):
            claims = self.claim()
            if not claims:
                break
            result.claimed += 1
            self.process(claims[0], result)
        return result

    def run(self, stop: threading.Event, poll_seconds: float = 5.0) -> None:
        """Work until ``stop`` is set; sleeps only when there was nothing to do."""
        while not stop.is_set():
            try:
                busy = self.run_once().claimed > 0
            except Exception:  # keep the worker alive on DB hiccups
                log.exception("outbox pass failed")
                busy = False
            if not busy:
                stop.wait(poll_seconds)
