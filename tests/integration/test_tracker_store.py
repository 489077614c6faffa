"""AnonymisingTrackerStore: a conversation full of identifiers, saved to SQLite, then the
raw database file is searched for every identifier."""
import asyncio
import sqlite3
import time

import pytest

pytest.importorskip("rasa")

from rasa.core.tracker_store import create_tracker_store  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted, ActiveLoop, BotUttered, Restarted, SessionStarted, SlotSet, UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402

from bot.privacy import hash_sender_id  # noqa: E402
from bot.anonymise import TextAnonymiser  # noqa: E402
from rasa_ext.tracker_store import AnonymisingTrackerStore  # noqa: E402

SALT = "test-salt-0123456789abcdef"
SENDER = "7712345678"  # Telegram-like numeric chat id
IDENTIFIERS = [
    "Piotr", "Kowalski", "0612345678", "+48 512 345 678", "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300",
    "12-ABC-3", "piotr.k@gmail.com", "Blessing", "Okafor", "Kerkstraat 12", "111222333", SENDER,
    "Jantje_Telegram", "kasia_99",
]
KEEP = ["Doetinchem", "Poolse", "kas", "paspoort", "Westland"]

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [melden, verwijderen]
entities: [naam]
slots:
  beschrijving: {type: text, mappings: [{type: from_text}]}
  contact: {type: text, mappings: [{type: from_text}]}
  gemeente: {type: text, mappings: [{type: from_text}]}
  soort: {type: categorical, values: [arbeid, seksueel], mappings: [{type: custom}]}
  personen: {type: list, mappings: [{type: custom}]}
responses:
  utter_ok: [{text: ok}]
actions: [action_verwijder_gesprek]
forms:
  melding_form: {required_slots: [beschrijving]}
""")


def user(text, entities=()):
    return UserUttered(text, {"name": "melden", "confidence": 0.9}, list(entities),
                       parse_data={"text": text, "intent": {"name": "melden", "confidence": 0.9},
                                   "entities": list(entities)},
                       metadata={"from": {"first_name": "Jantje_Telegram", "id": SENDER}})


def conversation():
    t1 = "Mijn collega Piotr Kowalski uit Doetinchem werkt in de kas, bel 0612345678 of +48 512 345 678."
    t2 = "Het loon gaat naar NL91 ABNA 0417 1643 00, de bus heeft kenteken 12-ABC-3, mail piotr.k@gmail.com"
    t3 = "Blessing Okafor woont op de Kerkstraat 12 in Westland, BSN 111222333, insta kasia_99. Paspoort afgepakt."
    return [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        user(t1, [{"entity": "naam", "value": "Piotr Kowalski", "start": 13, "end": 27}]),
        ActiveLoop("melding_form"),
        SlotSet("beschrijving", t1), SlotSet("soort", "arbeid"), SlotSet("gemeente", "Doetinchem"),
        SlotSet("personen", ["Piotr Kowalski", "Blessing Okafor"]),
        BotUttered("Dank je. Klopt het dat Piotr Kowalski de Poolse collega is?"),
        ActionExecuted("action_listen"),
        user(t2), SlotSet("contact", "bel mij op 0612345678 of piotr.k@gmail.com"),
        ActionExecuted("action_listen"),
        user(t3), SlotSet("requested_slot", "beschrijving"),
        BotUttered("Wat vervelend van het paspoort."), ActionExecuted("action_listen"),
    ]


@pytest.fixture(scope="module")
def anon(services):
    return services.anonymiser


@pytest.fixture
def store(tmp_path, anon):
    return AnonymisingTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "conv.db"), salt=SALT,
                                   anonymiser=anon, redact_logs=False)


def raw_db(path):
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT * FROM events").fetchall()
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    return rows, dump


def run(coro):
    return asyncio.run(coro)


def test_nothing_identifying_reaches_the_database(store, tmp_path):
    tracker = DialogueStateTracker.from_events(SENDER, conversation(), DOMAIN.slots)
    run(store.save(tracker))
    rows, dump = raw_db(tmp_path / "conv.db")
    assert rows
    raw = dump + (tmp_path / "conv.db").read_bytes().decode("utf-8", "replace")
    for ident in IDENTIFIERS:
        assert ident not in raw, ident
        assert ident.replace(" ", "") not in raw.replace(" ", ""), ident
    for word in KEEP:
        assert word in raw, word
    assert "[PERSOON-1]" in raw and "[IBAN-1]" in raw and "[KENTEKEN-1]" in raw
    assert {r[1] for r in rows} == {hash_sender_id(SENDER, SALT)}
    assert '"arbeid"' in raw  # categorical value untouched


def test_a_document_offered_for_download_is_stored_by_name_only(store, tmp_path):
    offer = BotUttered(data={"custom": {"document": {
        "filename": "niet-pluis-ABCD-EFGH-JKLM.html", "content": "<html>samenvatting</html>", "text": "Download"}}})
    tracker = DialogueStateTracker.from_events(SENDER, conversation() + [offer], DOMAIN.slots)
    run(store.save(tracker))
    _, dump = raw_db(tmp_path / "conv.db")
    assert "niet-pluis-ABCD-EFGH-JKLM.html" in dump
    assert "samenvatting</html>" not in dump


def test_retrieve_continues_the_conversation(store):
    events = conversation()
    run(store.save(DialogueStateTracker.from_events(SENDER, events[:8], DOMAIN.slots)))
    tracker = run(store.retrieve(SENDER))
    assert tracker.sender_id == SENDER  # real id in memory: the channel must answer it
    assert "Piotr" not in tracker.latest_message.text
    assert tracker.get_slot("soort") == "arbeid"
    assert tracker.get_slot("gemeente") == "Doetinchem"
    assert tracker.active_loop_name == "melding_form"
    # next turn: only new events are appended (no duplicates)
    tracker.update_with_events(events[8:], DOMAIN)
    run(store.save(tracker))
    again = run(store.retrieve_full_tracker(SENDER))
    assert len(again.events) == len(events)  # retrieve() starts at the latest SessionStarted
    assert "[TELEFOON-1]" in again.get_slot("contact")
    assert run(store.retrieve("iemand-anders")) is None
    assert list(run(store.keys())) == [hash_sender_id(SENDER, SALT)]
    assert run(store.exists(SENDER))


def test_delete_and_delete_action(store, tmp_path):
    run(store.save(DialogueStateTracker.from_events(SENDER, conversation(), DOMAIN.slots)))
    assert store.delete(SENDER) > 0
    assert run(store.retrieve(SENDER)) is None
    # in-conversation request: the turn with the delete action wipes instead of saving
    tracker = DialogueStateTracker.from_events(SENDER, conversation(), DOMAIN.slots)
    run(store.save(tracker))
    tracker.update_with_events([user("verwijder mijn gesprek"), ActionExecuted("action_stop"),
                                BotUttered("Je gesprek is verwijderd."), Restarted(),
                                ActionExecuted("action_listen")], DOMAIN)
    run(store.save(tracker))
    rows, _ = raw_db(tmp_path / "conv.db")
    assert rows == []


def test_purge_older_than(store):
    old = DialogueStateTracker.from_events("oud", [ActionExecuted("action_listen", timestamp=time.time() - 40 * 86400),
                                                    user("oude melding")], DOMAIN.slots)
    # user() stamps now; make the whole conversation old
    for e in old.events:
        e.timestamp = time.time() - 40 * 86400
    new = DialogueStateTracker.from_events("nieuw", [ActionExecuted("action_listen")], DOMAIN.slots)
    run(store.save(old))
    run(store.save(new))
    assert store.purge_older_than() == 1  # default retention: 30 days
    assert run(store.retrieve("oud")) is None and run(store.retrieve("nieuw")) is not None


def test_event_broker_gets_only_anonymised_events(tmp_path, anon):
    published = []

    class Broker:
        def publish(self, event):
            published.append(event)

    store = AnonymisingTrackerStore(domain=DOMAIN, db=str(tmp_path / "b.db"), salt=SALT, anonymiser=anon,
                                    event_broker=Broker(), redact_logs=False)
    run(store.save(DialogueStateTracker.from_events(SENDER, conversation(), DOMAIN.slots)))
    blob = repr(published)
    assert published and all(p["sender_id"] == hash_sender_id(SENDER, SALT) for p in published)
    for ident in IDENTIFIERS:
        assert ident not in blob, ident


def test_created_from_endpoint_config(tmp_path, monkeypatch, anon):
    monkeypatch.setenv("NIETPLUIS_SENDER_SALT", SALT)
    cfg = EndpointConfig(type="rasa_ext.tracker_store.AnonymisingTrackerStore", dialect="sqlite",
                         db=str(tmp_path / "ep.db"), redact_logs=False)
    store = create_tracker_store(cfg, DOMAIN)
    assert isinstance(store, AnonymisingTrackerStore)  # async: not wrapped in AwaitableTrackerStore
    store._anonymiser = anon
    run(store.save(DialogueStateTracker.from_events(SENDER, conversation()[:6], DOMAIN.slots)))
    rows, dump = raw_db(tmp_path / "ep.db")
    assert rows and SENDER not in dump and "Kowalski" not in dump


def test_missing_salt_fails_fast(tmp_path, monkeypatch):
    monkeypatch.delenv("NIETPLUIS_SENDER_SALT", raising=False)
    from bot.config import MissingSaltError

    with pytest.raises(MissingSaltError):
        AnonymisingTrackerStore(domain=DOMAIN, db=str(tmp_path / "x.db"), redact_logs=False)


def test_anonymiser_failure_never_stores_raw_text(tmp_path):
    class Broken(TextAnonymiser):
        def anonymise(self, text):
            raise RuntimeError("boom")

    store = AnonymisingTrackerStore(domain=DOMAIN, db=str(tmp_path / "f.db"), salt=SALT, anonymiser=Broken(),
                                    redact_logs=False)
    run(store.save(DialogueStateTracker.from_events(SENDER, conversation(), DOMAIN.slots)))
    _, dump = raw_db(tmp_path / "f.db")
    assert "Kowalski" not in dump and "[VERWIJDERD]" in dump


# ---------------------------------------------------------------- database trouble: off the loop, loud

def _locked(path):
    """Another process's write lock on the conversation database (as a stuck writer would)."""
    con = sqlite3.connect(path, isolation_level=None, timeout=0)
    con.execute("BEGIN EXCLUSIVE")
    return con


def test_a_locked_database_holds_up_only_the_conversation_that_needs_it(tmp_path, anon):
    store = AnonymisingTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "conv.db"), salt=SALT,
                                    anonymiser=anon, redact_logs=False, persist_after_slot="contact")
    store.engine.dispose()
    waiting = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
               user("Er wonen acht mannen in een schuur.")]
    run(store.save(DialogueStateTracker.from_events("memory-only", waiting, DOMAIN.slots)))
    lock = _locked(tmp_path / "conv.db")

    async def both():
        started = time.monotonic()
        stored = asyncio.create_task(store.retrieve("not-in-memory"))  # must wait for the database
        await asyncio.sleep(0.1)  # it has started waiting
        in_memory = await store.retrieve("memory-only")  # the event loop is free for this one
        served_in = time.monotonic() - started
        lock.execute("ROLLBACK")
        return in_memory, served_in, await stored

    try:
        in_memory, served_in, stored = run(both())
    finally:
        lock.close()
    assert in_memory is not None and served_in < 0.5
    assert stored is None  # nothing stored for that one; it was only slower, not wrong


def test_an_unreadable_database_fails_loud_never_as_a_fresh_start(tmp_path, anon, caplog):
    from rasa_ext.tracker_store import ConversationStoreError

    path = tmp_path / "conv.db"
    store = AnonymisingTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path), salt=SALT,
                                    anonymiser=anon, redact_logs=False)
    run(store.save(DialogueStateTracker.from_events(SENDER, conversation(), DOMAIN.slots)))
    store.engine.dispose()
    path.write_bytes(b"this is not a database, it was damaged " * 200)
    with caplog.at_level("ERROR", logger="rasa_ext.tracker_store"):
        with pytest.raises(ConversationStoreError):
            run(store.retrieve(SENDER))
        with pytest.raises(ConversationStoreError):
            run(store.save(DialogueStateTracker.from_events(SENDER, conversation(), DOMAIN.slots)))
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors[-1].endswith("2 failure(s) since start") and "DatabaseError" in errors[-1]
    assert not any("Piotr" in e or "INSERT" in e for e in errors)


def test_rasa_uses_our_store_without_its_silent_in_memory_fallback(tmp_path, anon):
    from rasa.core.agent import Agent

    store = AnonymisingTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "conv.db"), salt=SALT,
                                    anonymiser=anon, redact_logs=False)
    assert Agent._create_tracker_store(store, DOMAIN) is store
