"""Outbox delivery against real local servers: aiosmtpd (SMTP) and http.server (webhook)."""
from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy_email
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml
from aiosmtpd.controller import Controller
from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import select

from bot.outbox import (
    OutboxWorker, PermanentDeliveryError, Sender, SmtpSender, TransientDeliveryError, WebhookSender,
    WorkerSettings, verify_signature,
)
from bot.outbox.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER
from bot.routing import decide_routes, load_policy
from bot.routing.policy import DEFAULT_CONTACTS
from bot.store.db import make_engine
from bot.store.models import OutboxMessage
from bot.store.service import ReportStore
from tests.pg import db_url, pg_server, sqlite_template  # noqa: F401 - fixtures
from tests.support import POLICY, SUMMARY, TEXTS, Clock

NO_JITTER = dict(jitter=0.0, backoff_base=60.0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default_policy_email)))
        return "250 OK"


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def smtp_server(smtp_port):
    servers = []

    def start():
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        servers.append(controller)
        return inbox

    yield start
    for controller in servers:
        controller.stop()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def make_store(db_url, clock):  # noqa: F811
    engines = []
    cipher = MultiFernet([Fernet(Fernet.generate_key())])

    def make(policy=None):
        engine = make_engine(db_url)
        engines.append(engine)
        return ReportStore(engine, cipher, policy=policy or POLICY, clock=clock)

    yield make
    for engine in engines:
        engine.dispose()


def policy_with(tmp_path, gemeente: str, entry: dict):
    doc = yaml.safe_load(DEFAULT_CONTACTS.read_text(encoding="utf-8"))
    doc["gemeenten"][gemeente] = entry
    path = tmp_path / "contacts.yml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return load_policy(contacts_path=path)


def save(store, gemeente="Vlaardingen"):
    routes = decide_routes("arbeidsuitbuiting", acute=False, minor=False, role="gemeente_medewerker",
                           gemeente=gemeente, policy=store.policy)
    return store.save_report(summary=dataclasses.replace(SUMMARY, gemeente=gemeente), classification={"form": "arbeidsuitbuiting"},
                             routes=routes, gemeente=gemeente)


def rows(store):
    with store.uow() as uow:
        return uow.session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()


# ------------------------------------------------------------------------------ SMTP
def test_smtp_delivers_the_dutch_summary_with_code_and_stable_message_id(make_store, smtp_server, smtp_port):
    inbox = smtp_server()
    store = make_store()
    saved = save(store)
    worker = OutboxWorker(store, {"email": SmtpSender("127.0.0.1", smtp_port, "nietpluis@test.example")},
                          WorkerSettings(**NO_JITTER))
    result = worker.run_once()
    assert (result.claimed, result.sent) == (1, 1)
    [(rcpt, msg)] = inbox.messages
    assert rcpt == ["aandachtsfunctionaris@vlaardingen.example"]
    [row] = rows(store)
    assert row.status == "sent" and row.attempts == 1 and row.sent_at == store.clock()
    assert msg["Message-ID"] == f"<{row.idempotency_key}@test.example>"
    assert msg["Subject"] == f"Niet-pluis-signaal {saved.reference_code}"
    body = msg.get_content()
    assert f"Meldcode: {saved.reference_code}" in body
    assert "matrassen in de kantine" in body and "mogelijk arbeidsuitbuiting" in body
    assert "geanonimiseerde samenvatting" in body
    assert worker.run_once().claimed == 0  # nothing left, nothing sent twice


def test_smtp_server_down_then_back_loses_nothing_and_delivers_once(make_store, smtp_server, smtp_port, clock):
    store = make_store()
    saved = save(store)
    worker = OutboxWorker(store, {"email": SmtpSender("127.0.0.1", smtp_port, "nietpluis@test.example",
                                                      timeout=5)}, WorkerSettings(**NO_JITTER))
    first = worker.run_once()  # nobody listens on the port
    assert (first.claimed, first.retried, first.sent) == (1, 1, 0)
    [row] = rows(store)
    assert row.status == "pending" and row.attempts == 1 and "niet bereikbaar" in row.last_error
    assert row.next_attempt_at == clock.now + timedelta(seconds=60)

    inbox = smtp_server()  # the server comes back
    assert worker.run_once().claimed == 0  # backoff: not yet due
    clock.now += timedelta(seconds=61)
    assert worker.run_once().sent == 1
    clock.now += timedelta(hours=5)
    assert worker.run_once().claimed == 0
    assert len(inbox.messages) == 1
    assert saved.reference_code in inbox.messages[0][1].get_content()
    [row] = rows(store)
    assert row.status == "sent" and row.attempts == 2


def test_followup_is_delivered_as_its_own_message(make_store, smtp_server, smtp_port):
    inbox = smtp_server()
    store = make_store()
    saved = save(store)
    worker = OutboxWorker(store, {"email": SmtpSender("127.0.0.1", smtp_port, "n@test.example")},
                          WorkerSettings(**NO_JITTER))
    worker.run_once()
    store.add_followup(saved.reference_code, "De mannen worden nu om vier uur opgehaald.")
    assert worker.run_once().sent == 1
    followup = inbox.messages[1][1]
    assert followup["Subject"] == f"Aanvulling op niet-pluis-signaal {saved.reference_code}"
    assert "om vier uur opgehaald" in followup.get_content()
    assert inbox.messages[0][1]["Message-ID"] != followup["Message-ID"]


# ------------------------------------------------------------------------------ webhook
class HookServer:
    def __init__(self, secret: str):
        self.secret = secret
        self.received = []
        self.rejected = 0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                ok = verify_signature(hook.secret, body, self.headers[TIMESTAMP_HEADER],
                                      self.headers[SIGNATURE_HEADER])
                if ok:
                    hook.received.append((self.headers["Idempotency-Key"], json.loads(body)))
                else:
                    hook.rejected += 1
                self.send_response(204 if ok else 401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/niet-pluis"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook():
    server = HookServer("gedeeld-geheim")
    yield server
    server.close()


def test_webhook_is_signed_and_verified_by_the_receiver(tmp_path, make_store, hook):
    policy = policy_with(tmp_path, "Utrecht", {
        "configured": True,
        "aandachtsfunctionaris": {"name": "Test (fictief)"  , "phone": "000-0000000"},
        "webhook": {"url": hook.url, "secret_env": "HOOK_SECRET_TEST"}})
    store = make_store(policy)
    saved = save(store, "Utrecht")
    worker = OutboxWorker(store, {"webhook": WebhookSender(secrets={"HOOK_SECRET_TEST": "gedeeld-geheim"})},
                          WorkerSettings(**NO_JITTER))
    assert worker.run_once().sent == 1
    [(key, payload)] = hook.received
    [row] = rows(store)
    assert key == row.idempotency_key == payload["id"]
    assert payload["event"] == "niet_pluis.report"
    assert payload["reference_code"] == saved.reference_code
    assert payload["summary"]["barriers"]["geld"] == "boetes ingehouden op loon"


def test_webhook_with_wrong_secret_is_rejected_dead_lettered_and_retried_by_operator(tmp_path, make_store, hook):
    from bot.cli.outbox import main as cli

    policy = policy_with(tmp_path, "Utrecht", {
        "configured": True, "aandachtsfunctionaris": {"name": "Test (fictief)", "phone": "000-0000000"},
        "webhook": {"url": hook.url, "secret_env": "HOOK_SECRET_TEST"}})
    store = make_store(policy)
    save(store, "Utrecht")
    env = {"HOOK_SECRET_TEST": "verkeerd"}
    worker = OutboxWorker(store, {"webhook": WebhookSender(secrets=env)}, WorkerSettings(**NO_JITTER))
    assert worker.run_once().dead == 1
    assert hook.rejected == 1 and hook.received == []
    [row] = rows(store)
    assert row.status == "dead" and "401" in row.last_error
    env["HOOK_SECRET_TEST"] = "gedeeld-geheim"  # operator fixes the secret
    assert cli(["retry", str(row.id)], store=store, out=open("/dev/null", "w")) == 0
    assert worker.run_once().sent == 1
    assert len(hook.received) == 1


def test_webhook_missing_secret_is_a_permanent_error():
    from bot.outbox import OutgoingMessage

    msg = OutgoingMessage(1, "k", "aandachtsfunctionaris", "webhook", "http://127.0.0.1:9/x", "NOPE",
                          "CODE", "report", "s", "t", {})
    with pytest.raises(PermanentDeliveryError, match="NOPE"):
        WebhookSender(secrets={}).send(msg)
    with pytest.raises(TransientDeliveryError):
        WebhookSender(secrets={"NOPE": "x"}, timeout=2).send(
            OutgoingMessage(1, "k", "a", "webhook", f"http://127.0.0.1:{free_port()}/x", "NOPE", "C", "report", "s", "t"))


def test_signature_check_rejects_tampering_and_old_timestamps():
    from bot.outbox import sign

    body = b'{"a":1}'
    ts = str(int(time.time()))
    sig = sign("s", ts, body)
    assert verify_signature("s", body, ts, sig)
    assert not verify_signature("s", b'{"a":2}', ts, sig)
    assert not verify_signature("t", body, ts, sig)
    assert not verify_signature("s", body, str(int(ts) - 3600), sign("s", str(int(ts) - 3600), body))


# ------------------------------------------------------------------------------ worker semantics
class Recorder(Sender):
    def __init__(self, fail_times: int = 0, delay: float = 0.0, exc=TransientDeliveryError):
        self.sent = []
        self.fail_times = fail_times
        self.delay = delay
        self.exc = exc
        self.lock = threading.Lock()

    def send(self, message):
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            if self.fail_times:
                self.fail_times -= 1
                raise self.exc("tijdelijk mis")
            self.sent.append(message.idempotency_key)


def test_backoff_grows_and_dead_letter_after_max_attempts(make_store, clock):
    store = make_store()
    save(store)
    sender = Recorder(fail_times=99)
    worker = OutboxWorker(store, {"email": sender},
                          WorkerSettings(max_attempts=3, jitter=0.0, backoff_base=10, backoff_cap=15))
    delays = []
    for _ in range(2):
        assert worker.run_once().retried == 1
        [row] = rows(store)
        delays.append((row.next_attempt_at - clock.now).total_seconds())
        clock.now = row.next_attempt_at
    assert delays == [10, 15]  # 10 s, then 20 s capped at 15 s
    assert worker.run_once().dead == 1
    [row] = rows(store)
    assert row.status == "dead" and row.attempts == 3
    clock.now += timedelta(days=1)
    assert worker.run_once().claimed == 0  # dead rows stay put until an operator retries


def test_crash_between_send_and_mark_resends_once_with_the_same_key(make_store, clock):
    store = make_store()
    save(store)
    sender = Recorder()
    settings = WorkerSettings(lease_seconds=120, **NO_JITTER)
    crashed = OutboxWorker(store, {"email": sender}, settings, worker_id="a")
    [claim] = crashed.claim()
    sender.send(crashed.render(claim))  # ... and the process dies before marking it sent
    other = OutboxWorker(store, {"email": sender}, settings, worker_id="b")
    clock.now += timedelta(seconds=119)
    assert other.run_once().claimed == 0  # the lease still protects the row
    clock.now += timedelta(seconds=2)
    assert other.run_once().sent == 1  # lease expired: delivered again ...
    assert sender.sent[0] == sender.sent[1]  # ... with the same idempotency key / Message-ID
    [row] = rows(store)
    assert row.status == "sent" and row.attempts == 2
    # The crashed worker, if it comes back, cannot overwrite the row: its claim is stale.
    with store.uow() as uow:
        assert uow.outbox.mark_sent(claim, clock.now) is False


def test_permanent_error_goes_straight_to_dead(make_store):
    store = make_store()
    save(store)
    worker = OutboxWorker(store, {"email": Recorder(fail_times=1, exc=PermanentDeliveryError)},
                          WorkerSettings(**NO_JITTER))
    assert worker.run_once().dead == 1


def test_purged_report_is_not_delivered(make_store, clock):
    store = make_store()
    save(store)
    clock.now += timedelta(days=400)
    store.purge_reports_older_than(365)
    assert OutboxWorker(store, {"email": Recorder()}).run_once().claimed == 0


def test_two_workers_deliver_concurrently_without_double_delivery(make_store):
    store = make_store()
    cipher_store = store
    for _ in range(30):  # 30 reports, each one e-mail to the aandachtsfunctionaris
        save(store)
    sender = Recorder(delay=0.005)
    stores = [make_store(), make_store()]  # one engine (connection pool) per worker, as two processes would have
    assert all(s.cipher is cipher_store.cipher for s in stores)
    per_worker = [0, 0]
    barrier = threading.Barrier(2)
    errors = []

    def work(i):
        worker = OutboxWorker(stores[i], {"email": sender}, WorkerSettings(batch_size=3, **NO_JITTER),
                              worker_id=f"w{i}")
        try:
            barrier.wait()
            while True:
                result = worker.run_once()
                per_worker[i] += result.sent
                assert result.lost == 0 and result.retried == 0
                if result.claimed == 0:
                    break
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    all_rows = rows(store)
    assert len(all_rows) == 30 and all(r.status == "sent" and r.attempts == 1 for r in all_rows)
    assert sorted(sender.sent) == sorted(r.idempotency_key for r in all_rows)  # each exactly once
    assert sum(per_worker) == 30 and min(per_worker) > 0  # both workers really took part


def test_a_worker_killed_mid_pass_strands_one_row_for_at_most_a_minute(make_store, clock):
    store = make_store()
    for _ in range(10):
        save(store)
    sender = Recorder()
    settings = WorkerSettings(**NO_JITTER)
    assert settings.lease_seconds <= 60
    crashed = OutboxWorker(store, {"email": sender}, settings, worker_id="a")
    [claim] = crashed.claim()  # it took its first row ...
    sender.send(crashed.render(claim))  # ... sent it, and died before marking it
    restarted = OutboxWorker(store, {"email": sender}, settings, worker_id="b")
    result = restarted.run_once()
    assert (result.claimed, result.sent) == (9, 9)  # the rest was never claimed: out at once
    clock.now += timedelta(seconds=61)
    assert restarted.run_once().sent == 1  # the stranded row, within a minute
    assert all(row.status == "sent" for row in rows(store))
    keys = list(sender.sent)
    assert len(keys) == 11 and len(set(keys)) == 10  # the one duplicate carries the same key


def test_the_local_mailbox_keeps_one_copy_per_message_id(tmp_path, make_store):
    from bot.runtime import devmail

    port = free_port()
    controller = devmail.start(tmp_path / "mail", port)
    try:
        store = make_store()
        save(store)
        sender = SmtpSender("127.0.0.1", port, "nietpluis@test.example")
        worker = OutboxWorker(store, {"email": sender}, WorkerSettings(**NO_JITTER))
        [claim] = worker.claim()
        message = worker.render(claim)
        sender.send(message)
        sender.send(message)  # sent again after a crash: same Message-ID
        other = dataclasses.replace(message, idempotency_key="another-row")
        sender.send(other)
    finally:
        controller.stop()
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    ids = {message_from_bytes(f.read_bytes())["Message-ID"] for f in files}
    assert ids == {f"<{message.idempotency_key}@test.example>", "<another-row@test.example>"}


def test_the_mail_carries_the_formal_summary_as_an_html_attachment(make_store, smtp_server, smtp_port, services):
    inbox = smtp_server()
    store = make_store()
    saved = save(store)
    worker = OutboxWorker(store, {"email": SmtpSender("127.0.0.1", smtp_port, "nietpluis@test.example")},
                          WorkerSettings(**NO_JITTER), documents=services.documents)
    assert worker.run_once().sent == 1
    [(_, msg)] = inbox.messages
    [attachment] = [p for p in msg.iter_attachments()]
    assert attachment.get_filename() == f"niet-pluis-{saved.reference_code}.html"
    assert attachment.get_content_type() == "text/html"
    html = attachment.get_content()
    assert saved.reference_code in html and "<p>Mogelijk: arbeidsuitbuiting" in html
    assert "matrassen in de kantine" in html  # the anonymised description
    # the route with its reason and public contact, as decided for this report
    assert "Nederlandse Arbeidsinspectie</strong>: De Arbeidsinspectie onderzoekt uitbuiting" in html
    assert "<script" not in html
