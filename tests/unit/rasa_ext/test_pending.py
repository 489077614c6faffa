"""'Nothing is stored until you confirm': with persist_after_slot the tracker store keeps a
conversation in memory only, writes all of it (anonymised) once the slot is set, and
forgets unconfirmed conversations on stop, after the idle time, or over the size limit."""
import asyncio
import sqlite3

import pytest

pytest.importorskip("rasa")

from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted, BotUttered, Restarted, SessionStarted, SlotSet, UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from bot.anonymise import TextAnonymiser  # noqa: E402
from rasa_ext.pending import PendingConversations  # noqa: E402
from rasa_ext.tracker_store import AnonymisingTrackerStore  # noqa: E402

SALT = "test-salt-0123456789abcdef"
DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [melden, affirm, stop]
slots:
  beschrijving: {type: text, mappings: [{type: custom}]}
  report_confirmed: {type: bool, initial_value: false, influence_conversation: false, mappings: [{type: custom}]}
  stop_snapshot: {type: any, influence_conversation: false, mappings: [{type: custom}]}
  stop_undoable: {type: bool, influence_conversation: false, mappings: [{type: custom}]}
responses:
  utter_ok: [{text: ok}]
actions: [action_stop, action_submit_report]
forms:
  intake_form: {required_slots: [beschrijving]}
""")


class FakeAnon(TextAnonymiser):
    def anonymise(self, text):
        return text.replace("Piotr", "[PERSOON-1]")


def user(text, intent="melden"):
    return UserUttered(text, {"name": intent, "confidence": 0.9},
                       parse_data={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []})


def rows(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT data FROM events").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def store(tmp_path):
    return AnonymisingTrackerStore(domain=DOMAIN, db=str(tmp_path / "c.db"), salt=SALT, anonymiser=FakeAnon(),
                                   redact_logs=False, delete_action="action_stop",
                                   persist_after_slot="report_confirmed",
                                   undo_slots=["stop_snapshot", "stop_undoable"], undo_minutes=10)


def start(sender):
    return DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        user("Piotr werkt in de kas en heeft geen paspoort"), SlotSet("beschrijving", "Piotr werkt in de kas"),
        BotUttered("In welke gemeente?"), ActionExecuted("action_listen"),
    ], DOMAIN.slots)


def next_turn(store, sender, events):
    tracker = run(store.retrieve(sender))
    tracker.update_with_events(events, DOMAIN)
    run(store.save(tracker))
    return tracker


def test_unconfirmed_conversation_is_not_written_but_continues(store, tmp_path):
    run(store.save(start("a")))
    assert rows(tmp_path / "c.db") == []
    tracker = run(store.retrieve("a"))
    assert tracker is not None and tracker.get_slot("beschrijving") == "[PERSOON-1] werkt in de kas"
    next_turn(store, "a", [user("Arnhem"), BotUttered("Wat voor plek?"), ActionExecuted("action_listen")])
    assert rows(tmp_path / "c.db") == []
    assert len(run(store.retrieve_full_tracker("a")).events) == 10  # no duplicates, nothing lost
    assert store.key("a") in run(store.keys())


def test_confirmation_writes_the_whole_conversation_anonymised(store, tmp_path):
    run(store.save(start("b")))
    next_turn(store, "b", [user("ja", "affirm"), ActionExecuted("action_submit_report"),
                           SlotSet("report_confirmed", True), ActionExecuted("action_listen")])
    stored = [r[0] for r in rows(tmp_path / "c.db")]
    assert len(stored) == 11
    assert not any("Piotr" in r for r in stored) and any("[PERSOON-1]" in r for r in stored)
    assert store.key("b") not in store.pending
    # later turns are appended to the database, once
    next_turn(store, "b", [user("bedankt"), BotUttered("Graag gedaan."), ActionExecuted("action_listen")])
    assert len(rows(tmp_path / "c.db")) == 14
    assert len(run(store.retrieve_full_tracker("b")).events) == 14


def test_slot_set_to_false_is_no_confirmation(store, tmp_path):
    run(store.save(start("c")))
    next_turn(store, "c", [SlotSet("report_confirmed", False), ActionExecuted("action_listen")])
    assert rows(tmp_path / "c.db") == []


def test_stop_forgets_an_unconfirmed_conversation(store):
    run(store.save(start("d")))
    next_turn(store, "d", [user("stop", "stop"), ActionExecuted("action_stop"), Restarted()])
    assert run(store.retrieve("d")) is None and len(store.pending) == 0


def test_a_stop_that_only_asks_keeps_everything(store, tmp_path):
    run(store.save(start("g")))
    next_turn(store, "g", [SlotSet("report_confirmed", True), ActionExecuted("action_listen")])
    before = rows(tmp_path / "c.db")
    # "laat maar zitten": action_stop asks "Wil je stoppen?" and does not restart
    next_turn(store, "g", [user("laat maar zitten", "stop"), ActionExecuted("action_stop"),
                           BotUttered("Wil je stoppen? Dan wis ik wat je vertelde.")])
    assert len(rows(tmp_path / "c.db")) > len(before)
    assert run(store.retrieve("g")) is not None


def test_stop_deletes_a_confirmed_conversation(store, tmp_path):
    run(store.save(start("e")))
    next_turn(store, "e", [SlotSet("report_confirmed", True), ActionExecuted("action_listen")])
    assert rows(tmp_path / "c.db")
    next_turn(store, "e", [user("verwijder mijn gesprek", "stop"), ActionExecuted("action_stop"), Restarted()])
    assert rows(tmp_path / "c.db") == [] and run(store.retrieve("e")) is None


def test_delete_covers_memory_too(store):
    run(store.save(start("f")))
    assert store.delete("f") == 7
    assert run(store.retrieve("f")) is None


def test_without_the_option_every_turn_is_written(tmp_path):
    store = AnonymisingTrackerStore(domain=DOMAIN, db=str(tmp_path / "w.db"), salt=SALT, anonymiser=FakeAnon(),
                                    redact_logs=False)
    run(store.save(start("g")))
    assert len(rows(tmp_path / "w.db")) == 7


def test_idle_conversations_expire():
    now = [1000.0]
    pending = PendingConversations(ttl_seconds=60, clock=lambda: now[0])
    pending.append("x", [{"event": "action", "name": "action_listen"}])
    now[0] = 1030
    pending.append("y", [{"event": "action", "name": "action_listen"}])
    now[0] = 1050
    assert pending.events("x") is not None  # reading counts as activity
    now[0] = 1089
    assert set(pending.keys()) == {"x", "y"}
    now[0] = 1095  # y idle for 65 s, x for 45 s
    assert pending.keys() == ["x"]
    now[0] = 1111
    assert len(pending) == 0


def test_size_limit_drops_the_least_recently_used():
    pending = PendingConversations(max_conversations=2)
    for key in "abc":
        pending.append(key, [{"event": "action", "name": "action_listen"}])
    assert pending.keys() == ["b", "c"]


def test_retrieve_starts_at_the_latest_session():
    pending = PendingConversations()
    pending.append("x", [{"event": "session_started"}, {"event": "user", "text": "oud"},
                         {"event": "session_started"}, {"event": "user", "text": "nieuw"}])
    assert [e.get("text") for e in pending.events("x")] == [None, "nieuw"]
    assert len(pending.events("x", all_sessions=True)) == 4


# ---------------------------------------------------------------- undoing a stop
def stop_with_snapshot(store, sender):
    return next_turn(store, sender, [
        user("stop", "stop"), ActionExecuted("action_stop"), Restarted(),
        SlotSet("stop_snapshot", {"slots": {"beschrijving": "Piotr werkt in de kas"}, "loop": "intake_form"}),
        SlotSet("stop_undoable", True)])


def test_a_stop_keeps_only_the_anonymised_snapshot_in_memory(store, tmp_path):
    run(store.save(start("u1")))
    next_turn(store, "u1", [SlotSet("report_confirmed", True), ActionExecuted("action_listen")])
    assert rows(tmp_path / "c.db")
    stop_with_snapshot(store, "u1")
    assert rows(tmp_path / "c.db") == []  # the database holds nothing of it any more
    tracker = run(store.retrieve("u1"))
    assert tracker.get_slot("stop_undoable") is True
    assert tracker.get_slot("stop_snapshot") == {"slots": {"beschrijving": "[PERSOON-1] werkt in de kas"},
                                                 "loop": "intake_form"}  # a form name stays as it is
    assert tracker.get_slot("beschrijving") is None and tracker.get_slot("report_confirmed") is False
    assert not any("Piotr" in str(e) for e in store.pending.events(store.key("u1"), all_sessions=True))


def test_the_next_message_drops_the_snapshot_whatever_it_was(store):
    run(store.save(start("u2")))
    stop_with_snapshot(store, "u2")
    next_turn(store, "u2", [user("hallo", "greet"), BotUttered("Welkom"), ActionExecuted("action_listen")])
    tracker = run(store.retrieve("u2"))
    assert tracker.get_slot("stop_snapshot") is None and not tracker.get_slot("stop_undoable")
    assert not any(e.get("value") for e in store.pending.events(store.key("u2"), all_sessions=True)
                   if e.get("event") == "slot")
    assert not store.pending.is_parked(store.key("u2"))


def test_an_undo_restores_through_ordinary_slots(store):
    run(store.save(start("u3")))
    tracker = stop_with_snapshot(store, "u3")
    restored = run(store.retrieve("u3")).get_slot("stop_snapshot")["slots"]["beschrijving"]
    next_turn(store, "u3", [user("toch verder", "undo_stop"), ActionExecuted("action_undo_stop"),
                            SlotSet("beschrijving", restored), SlotSet("stop_snapshot", None),
                            SlotSet("stop_undoable", False), ActionExecuted("action_listen")])
    tracker = run(store.retrieve("u3"))
    assert tracker.get_slot("beschrijving") == "[PERSOON-1] werkt in de kas"
    assert tracker.get_slot("stop_snapshot") is None


def test_the_snapshot_expires_after_the_minutes_said():
    now = [1000.0]
    pending = PendingConversations(ttl_seconds=24 * 3600, clock=lambda: now[0])
    pending.park("x", [{"event": "session_started"}], ttl_seconds=600)
    now[0] = 1500
    assert pending.events("x") is not None and pending.is_parked("x")  # reading does not extend it
    now[0] = 1601
    assert pending.events("x") is None and len(pending) == 0


def test_a_stop_without_snapshot_parks_nothing(store):
    run(store.save(start("u4")))
    next_turn(store, "u4", [user("stop", "stop"), ActionExecuted("action_stop"), Restarted()])
    assert run(store.retrieve("u4")) is None and len(store.pending) == 0
