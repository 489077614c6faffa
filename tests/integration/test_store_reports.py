"""The report store on SQLite and on a real PostgreSQL (marker `postgres`)."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import inspect, select, text

from bot.config import ConfigError, Settings
from bot.store import InvalidReferenceCode, normalize_reference_code
from bot.store.crypto import report_cipher
from bot.store.db import make_engine
from bot.store.models import OutboxMessage, Report
from bot.store.service import ReportNotFound, ReportStore
from tests.pg import db_url, pg_server, sqlite_template  # noqa: F401 - fixtures
from tests.support import CLASSIFICATION, POLICY, SUMMARY, Clock, decide_routes

@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(db_url, clock):  # noqa: F811
    engine = make_engine(db_url)
    yield ReportStore(engine, MultiFernet([Fernet(Fernet.generate_key())]), policy=POLICY, clock=clock)
    engine.dispose()


def routes(role="gemeente_medewerker", gemeente="Utrecht"):
    return decide_routes("arbeidsuitbuiting", acute=False, minor=False, role=role, gemeente=gemeente)


def test_save_and_read_back(store):
    saved = store.save_report(summary=SUMMARY, classification=CLASSIFICATION, routes=routes(),
                              gemeente="utrecht")
    assert normalize_reference_code(saved.reference_code) == saved.reference_code
    report = store.get_report(saved.reference_code.lower().replace("-", " "))
    assert report.summary == SUMMARY
    assert report.classification == CLASSIFICATION
    assert report.gemeente == "Utrecht"
    assert report.routes[0]["code"] == "aandachtsfunctionaris" and report.routes[0]["deliverable"]
    assert report.created_at == store.clock()


def test_contents_are_encrypted_at_rest(store):
    saved = store.save_report(summary=SUMMARY, classification=CLASSIFICATION, routes=routes(),
                              gemeente="Utrecht")
    store.add_followup(saved.reference_code, "Er kwam vandaag een tweede busje.")
    with store.engine.connect() as conn:
        dump = " ".join(str(v) for table in ("reports", "report_followups", "outbox")
                        for row in conn.execute(text(f"SELECT * FROM {table}")) for v in row)  # noqa: S608
    for secret in ("matrassen", "boetes", "arbeidsuitbuiting", "busje", "twintig"):
        assert secret not in dump
    assert saved.reference_code in dump  # the code itself is the lookup key
    other = ReportStore(store.engine, MultiFernet([Fernet(Fernet.generate_key())]), policy=POLICY)
    with pytest.raises(Exception, match="ontsleutelen"):
        other.get_report(saved.reference_code)


def test_key_rotation_old_reports_stay_readable(store):
    saved = store.save_report(summary=SUMMARY, classification={}, routes=[], gemeente=None)
    old_key = store.cipher._fernets[0]
    rotated = ReportStore(store.engine, MultiFernet([Fernet(Fernet.generate_key()), old_key]), policy=POLICY)
    assert rotated.get_report(saved.reference_code).summary == SUMMARY


def test_outbox_rows_are_written_with_the_report(store):
    saved = store.save_report(summary=SUMMARY, classification=CLASSIFICATION, routes=routes(),
                              gemeente="Utrecht")
    # Utrecht's aandachtsfunctionaris has e-mail and a webhook: two deliveries, nothing else.
    with store.uow() as uow:
        rows = uow.session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
    assert [(r.channel, r.recipient_code, r.status) for r in rows] == [
        ("email", "aandachtsfunctionaris", "pending"), ("webhook", "aandachtsfunctionaris", "pending")]
    assert tuple(r.id for r in rows) == saved.outbox_ids
    assert len({r.idempotency_key for r in rows}) == 2


def test_no_delivery_without_configured_mailbox_or_consent(store):
    saved = store.save_report(summary=SUMMARY, classification={}, routes=routes(gemeente="Aalten"),
                              gemeente="Aalten")
    assert saved.outbox_ids == ()
    saved = store.save_report(summary=SUMMARY, classification={}, routes=routes(), gemeente="Utrecht",
                              deliver_to=[])
    assert saved.outbox_ids == ()
    saved = store.save_report(summary=SUMMARY, classification={}, routes=["politie"], gemeente="Utrecht")
    assert saved.outbox_ids == ()


def test_report_and_outbox_roll_back_together(store, monkeypatch):
    from bot.store import repository

    def boom(self, **kw):
        raise RuntimeError("database weg")

    monkeypatch.setattr(repository.OutboxRepository, "enqueue", boom)
    with pytest.raises(RuntimeError):
        store.save_report(summary=SUMMARY, classification={}, routes=routes(), gemeente="Utrecht")
    with store.uow() as uow:
        assert uow.session.execute(select(Report)).first() is None


def test_followups_are_stored_and_queued_for_the_same_mailboxes(store, clock):
    saved = store.save_report(summary=SUMMARY, classification={}, routes=routes(), gemeente="Utrecht")
    clock.now += timedelta(hours=2)
    added = store.add_followup(saved.reference_code, "  Het busje heeft een buitenlands kenteken.  ")
    assert len(added.outbox_ids) == 2
    report = store.get_report(saved.reference_code)
    assert [f.text for f in report.followups] == ["Het busje heeft een buitenlands kenteken."]
    assert report.followups[0].created_at == clock.now


def test_followup_errors(store):
    saved = store.save_report(summary=SUMMARY, classification={}, routes=[], gemeente=None)
    with pytest.raises(ValueError, match="lege"):
        store.add_followup(saved.reference_code, "   ")
    code = saved.reference_code
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(InvalidReferenceCode):
        store.add_followup(typo, "tekst")
    # A well-formed code that does not exist.
    from bot.store.codes import new_reference_code
    with pytest.raises(ReportNotFound):
        store.add_followup(new_reference_code(), "tekst")


def test_purge_deletes_old_reports_with_followups_and_outbox(store, clock):
    old = store.save_report(summary=SUMMARY, classification={}, routes=routes(), gemeente="Utrecht")
    store.add_followup(old.reference_code, "aanvulling")
    clock.now += timedelta(days=40)
    new = store.save_report(summary=SUMMARY, classification={}, routes=routes(), gemeente="Utrecht")
    clock.now += timedelta(days=60)  # old: 100 days, new: 60 days
    assert store.purge_reports_older_than(90) == 1
    with pytest.raises(ReportNotFound):
        store.get_report(old.reference_code)
    assert store.get_report(new.reference_code).summary == SUMMARY
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM report_followups")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar() == 2
    assert store.purge_reports_older_than(0) == 1


async def test_async_callers_use_a_thread(store):
    saved = await asyncio.to_thread(store.save_report, summary=SUMMARY, classification={},
                                    routes=[], gemeente=None)
    report = await asyncio.to_thread(store.get_report, saved.reference_code)
    assert report.summary == SUMMARY


def test_schema_comes_from_migrations(store):
    names = set(inspect(store.engine).get_table_names())
    assert {"reports", "report_followups", "outbox", "alembic_version"} <= names


def test_migrations_upgrade_and_downgrade_from_scratch(tmp_path):
    from bot.store.migrate import downgrade, upgrade

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    engine = make_engine(url)
    assert "outbox" in inspect(engine).get_table_names()
    downgrade(url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()


def test_report_key_configuration(tmp_path):
    key = Fernet.generate_key().decode()
    assert report_cipher(Settings.from_env({"NIETPLUIS_REPORT_KEY": key})).decrypt(
        Fernet(key).encrypt(b"x")) == b"x"
    with pytest.raises(ConfigError, match="ontbreekt"):
        report_cipher(Settings(env="production"))
    with pytest.raises(ConfigError, match="ontbreekt"):  # refused when the settings are read
        Settings.from_env({"NIETPLUIS_ENV": "production"})
    with pytest.raises(ConfigError, match="geen geldige"):
        report_cipher(Settings.from_env({"NIETPLUIS_REPORT_KEY": "kort"}))
    dev = tmp_path / "var" / "report_key"
    first = report_cipher(Settings(report_key_file=dev))
    assert (dev.stat().st_mode & 0o777) == 0o600
    token = first.encrypt(b"dev")
    assert report_cipher(Settings(report_key_file=dev)).decrypt(token) == b"dev"  # same key next start


def test_services_are_lazy_and_use_the_environment(tmp_path, monkeypatch, sqlite_template):  # noqa: F811
    import shutil

    from bot.services import Services

    path = tmp_path / "env.db"
    shutil.copy(sqlite_template, path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("NIETPLUIS_REPORT_KEY", Fernet.generate_key().decode())
    services = Services()
    try:
        assert "engine" not in services.__dict__  # nothing built until first use
        saved = asyncio.run(asyncio.to_thread(services.store.save_report, summary=SUMMARY,
                                              classification={}, routes=[], gemeente="Utrecht"))
        assert services.store is services.store
        asyncio.run(asyncio.to_thread(services.store.add_followup, saved.reference_code, "nog iets"))
        assert services.store.get_report(saved.reference_code).followups[0].text == "nog iets"
        assert str(services.engine.url) == f"sqlite:///{path}"
    finally:
        services.close()


def test_delete_report_says_what_had_left(store):
    saved = store.save_report(summary=SUMMARY, classification={}, routes=routes(), gemeente="Utrecht")
    assert store.already_sent(saved.reference_code) == ()  # queued, not yet left
    done = store.delete_report(saved.reference_code)
    assert done.already_sent == () and done.cancelled  # the queued delivery is cancelled
    with pytest.raises(ReportNotFound):
        store.get_report(saved.reference_code)
    with pytest.raises(ReportNotFound):
        store.already_sent(saved.reference_code)


# ---------------------------------------------------------------- one confirmation, one report

CONVERSATION = "a" * 64  # a keyed hash in real use (bot.privacy.sender_id.conversation_key)


def test_the_same_confirmation_twice_is_one_report(store):
    first = store.save_report(summary=SUMMARY, classification=CLASSIFICATION, routes=routes(),
                              gemeente="Utrecht", conversation_key=CONVERSATION)
    again = store.save_report(summary=SUMMARY, classification=CLASSIFICATION, routes=routes(),
                              gemeente="Utrecht", conversation_key=CONVERSATION)
    assert (again.reference_code, again.replayed, again.outbox_ids) == (first.reference_code, True, ())
    assert again.recipients == first.recipients == ("aandachtsfunctionaris",)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM reports")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar() == len(first.outbox_ids)
        keys = conn.execute(text("SELECT submission_key, conversation_key FROM reports")).one()
    assert CONVERSATION == keys[1] and len(keys[0]) == 64 and keys[0] != CONVERSATION


def test_kept_first_then_sent_queues_the_delivery_once(store):
    kept = store.save_report(summary=SUMMARY, classification=CLASSIFICATION, routes=routes(),
                             gemeente="Utrecht", deliver_to=[], conversation_key=CONVERSATION)
    assert kept.outbox_ids == () and kept.recipients == ()
    sent = store.save_report(summary=SUMMARY, classification=CLASSIFICATION, routes=routes(),
                             gemeente="Utrecht", deliver_to=["aandachtsfunctionaris"], conversation_key=CONVERSATION)
    assert sent.replayed and sent.reference_code == kept.reference_code and len(sent.outbox_ids) == 2
    again = store.save_report(summary=SUMMARY, classification=CLASSIFICATION, routes=routes(),
                              gemeente="Utrecht", deliver_to=["aandachtsfunctionaris"], conversation_key=CONVERSATION)
    assert again.outbox_ids == () and again.recipients == ("aandachtsfunctionaris",)


def test_other_content_another_conversation_or_no_key_is_a_new_report(store):
    import dataclasses

    base = dict(classification=CLASSIFICATION, routes=routes(), gemeente="Utrecht")
    codes = {
        store.save_report(summary=SUMMARY, conversation_key=CONVERSATION, **base).reference_code,
        store.save_report(summary=dataclasses.replace(SUMMARY, when_how_often="sinds gisteren"),
                          conversation_key=CONVERSATION, **base).reference_code,
        store.save_report(summary=SUMMARY, conversation_key="b" * 64, **base).reference_code,
        store.save_report(summary=SUMMARY, **base).reference_code,
        store.save_report(summary=SUMMARY, **base).reference_code,
    }
    assert len(codes) == 5


def test_the_latest_report_of_a_conversation_is_found_until_it_is_deleted(store, clock):
    assert store.latest_of_conversation(CONVERSATION) is None
    store.save_report(summary=SUMMARY, classification=CLASSIFICATION, routes=routes(), gemeente="Utrecht",
                      deliver_to=[], conversation_key=CONVERSATION)
    clock.now += timedelta(minutes=5)
    import dataclasses

    newer = store.save_report(summary=dataclasses.replace(SUMMARY, when_how_often="elke nacht"),
                              classification=CLASSIFICATION, routes=routes(), gemeente="Utrecht",
                              conversation_key=CONVERSATION)
    found = store.latest_of_conversation(CONVERSATION)
    assert found.reference_code == newer.reference_code and found.recipients == ("aandachtsfunctionaris",)
    assert store.latest_of_conversation("b" * 64) is None
    store.delete_report(newer.reference_code)
    assert store.latest_of_conversation(CONVERSATION).reference_code != newer.reference_code
    # deleted: the same content confirmed again is a new report, not the deleted one
    again = store.save_report(summary=dataclasses.replace(SUMMARY, when_how_often="elke nacht"),
                              classification=CLASSIFICATION, routes=routes(), gemeente="Utrecht",
                              conversation_key=CONVERSATION)
    assert not again.replayed and again.reference_code != newer.reference_code


def test_two_confirmations_at_once_make_one_report(store):
    from concurrent.futures import ThreadPoolExecutor

    def confirm(_):
        return store.save_report(summary=SUMMARY, classification=CLASSIFICATION, routes=routes(),
                                 gemeente="Utrecht", conversation_key=CONVERSATION).reference_code

    with ThreadPoolExecutor(4) as pool:
        codes = set(pool.map(confirm, range(8)))
    assert len(codes) == 1
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM reports")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar() == 2


def test_migration_0002_adds_the_keys_to_an_existing_store(tmp_path):
    from bot.store.migrate import downgrade, upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001_report_store")
    engine = make_engine(url)
    assert "submission_key" not in {c["name"] for c in inspect(engine).get_columns("reports")}
    upgrade(url)
    assert {"submission_key", "conversation_key"} <= {c["name"] for c in inspect(engine).get_columns("reports")}
    downgrade(url, "0001_report_store")
    assert "submission_key" not in {c["name"] for c in inspect(engine).get_columns("reports")}
    engine.dispose()
