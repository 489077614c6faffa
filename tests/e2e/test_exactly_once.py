"""Issue 12, findings 6 and 7, against the real stack: one confirmation is one report, a new
report starts empty, the code can be asked for again, and database trouble is told to the user
instead of silently starting over or freezing everyone."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e.chat import say, slots, texts
from tests.e2e.test_conversations import CODE, intake

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]


def reports(stack) -> int:
    con = sqlite3.connect(stack["tmp"] / "reports.db")
    try:
        return con.execute("SELECT count(*) FROM reports").fetchone()[0]
    finally:
        con.close()


def post(stack, sender: str, message: str) -> tuple[int, list[dict], float]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    req = urllib.request.Request(stack["base"] + "/webhooks/rest/webhook", body,
                                 {"Content-Type": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, json.load(resp), time.monotonic() - started
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"[]"), time.monotonic() - started


class Lock:
    """Another process's write lock on a SQLite file, as a stuck writer or a backup would hold."""

    def __init__(self, path):
        self.con = sqlite3.connect(path, isolation_level=None, timeout=30)

    def __enter__(self):
        self.con.execute("BEGIN EXCLUSIVE")
        return self

    def __exit__(self, *exc):
        self.con.execute("ROLLBACK")
        self.con.close()


def test_after_a_sent_report_a_new_report_starts_empty_and_two_yeses_send_nothing_twice(stack):
    sender = "once-new-report"
    intake(stack, sender, role="ik ben wijkagent")
    say(stack, sender, "/affirm")
    code = CODE.search(texts(say(stack, sender, "/affirm"))).group(0)
    before = reports(stack)
    new = texts(say(stack, sender, "ik wil iets melden"))
    assert "Klopt dit?" not in new and "eigen woorden" in new  # asks for the new story
    assert slots(stack, sender)["description"] is None
    for _ in range(2):
        assert not CODE.search(texts(say(stack, sender, "ja")))
    assert reports(stack) == before
    assert code in texts(say(stack, sender, "wat was mijn code?"))


def test_a_locked_report_store_fails_truthfully_and_the_retry_stores_once(stack):
    sender = "once-locked-reports"
    intake(stack, sender, role="ik ben wijkagent")
    say(stack, sender, "/affirm")
    before = reports(stack)
    with Lock(stack["tmp"] / "reports.db"):
        failed = say(stack, sender, "/affirm")
    assert "niets bewaard en niets verstuurd" in texts(failed) and not CODE.search(texts(failed))
    assert [b["payload"] for b in failed[-1]["buttons"]][:1] == ["/affirm"]  # retry is one press
    assert reports(stack) == before
    code = CODE.search(texts(say(stack, sender, "/affirm"))).group(0)
    assert reports(stack) == before + 1
    assert code in texts(say(stack, sender, "wat was mijn code?"))


def test_a_turn_the_conversation_store_could_not_save_keeps_the_code_and_makes_no_second_report(stack):
    """The report is stored, then saving the conversation fails (as when Rasa dies right after
    the action server stored it): the user still learns the code, can ask for it again, and
    redoing the yes gives the same report."""
    sender = "once-lost-turn"
    intake(stack, sender, role="ik ben wijkagent")
    say(stack, sender, "/affirm")
    before = reports(stack)
    time.sleep(2.1)  # a person reads the consent question first (the same text sooner is a double tap)
    with Lock(stack["tmp"] / "trackers.db"):
        status, replies, _ = post(stack, sender, "/affirm")   # confirmed: the conversation is written now
    code = CODE.search(texts(replies)).group(0)
    assert status == 200 and "kon dit gesprek daarna niet bewaren" in texts(replies)
    assert reports(stack) == before + 1
    # the conversation lost that turn: it still waits for consent, but the store knows the code
    assert code in texts(say(stack, sender, "wat was mijn code?"))
    again = texts(say(stack, sender, "/affirm"))
    assert "al bevestigd" in again and code in again
    assert reports(stack) == before + 1


def test_a_locked_conversation_store_is_told_to_its_user_and_holds_up_no_one_else(stack):
    say(stack, "locked-store-other", "hallo")   # a conversation in memory (nothing confirmed yet)
    result: dict = {}

    def newcomer():
        result["newcomer"] = post(stack, "locked-store-new", "hallo")

    with Lock(stack["tmp"] / "trackers.db"):
        thread = threading.Thread(target=newcomer)
        thread.start()
        time.sleep(0.5)   # the newcomer now waits for the database
        status, replies, took = post(stack, "locked-store-other", "In de kas werken mannen die daar slapen.")
        # blocked, it would wait for the newcomer's 5 s database timeout (from 0.5 s before it)
        assert status == 200 and took < 4, f"the other user waited {took:.1f} s"
        assert "gemeente" in texts(replies).lower()
        thread.join(60)
    status, replies, _ = result["newcomer"]
    assert status == 503 and "niet ophalen of bewaren" in texts(replies)
    log = (stack["tmp"] / "log" / "rasa.log").read_text(errors="replace")
    assert "failure(s) since start" in log
    # and once the database is free again, the newcomer simply starts
    assert "Niet-pluis" in texts(say(stack, "locked-store-new", "hallo"))


def test_socketio_answers_a_message_that_is_not_text(stack):
    import asyncio

    import socketio

    async def chat() -> list[str]:
        received: list[str] = []
        got = asyncio.Event()
        client = socketio.AsyncClient()

        @client.on("bot_uttered")
        async def on_bot(data):
            received.append(data.get("text", ""))
            got.set()

        await client.connect(stack["base"], socketio_path="/socket.io", transports=["polling"])
        session = "socketio-not-text-7d1"
        await client.emit("session_request", {"session_id": session})
        await client.sleep(0.5)
        await client.emit("user_uttered", {"message": {"text": 123}, "session_id": session})
        await asyncio.wait_for(got.wait(), timeout=30)
        await client.disconnect()
        return received

    received = asyncio.run(chat())
    assert any("als tekst" in text for text in received)
