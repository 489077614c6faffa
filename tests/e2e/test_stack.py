"""The real stack on loopback: Rasa server, action server, delivery daemon, local mailbox.

One conversation full of identifiers goes from description to a delivered report; then
the tracker database, the mailbox and the logs are read back and must hold none of them.
"""
from __future__ import annotations

import email
import pathlib
import re
import socket
import sqlite3
import time

import pytest

from tests.e2e.chat import say, texts

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]
from bot.config import ROOT  # noqa: E402
MODEL = ROOT / "models" / "current.tar.gz"

IDENTIFIERS = ["Piotr", "Nowak", "06-12345678", "12345678", "piotr.nowak@example.com",
               "NL91ABNA0417164300", "Kerkstraat 12", "1234 AB", "12-ABC-3", "@piotr_nw"]
STORY = ("Bij de balie kwam Piotr Nowak (06-12345678, piotr.nowak@example.com) zich inschrijven "
         "op Kerkstraat 12, 1234 AB. Een man deed het woord en hield zijn paspoort vast. "
         "Hij keek bang en moet een schuld afbetalen. Rekening NL91ABNA0417164300, auto 12-ABC-3, "
         "insta @piotr_nw.")



def all_rows(db: pathlib.Path) -> str:
    con = sqlite3.connect(db)
    try:
        return "\n".join(" ".join(map(str, row)) for row in con.execute("select * from events"))
    finally:
        con.close()


def test_report_from_description_to_mailbox_without_identifiers(stack):
    sender = "31612345678"  # a phone-number-like channel id must never be stored
    assert "Niet-pluis" in texts(say(stack, sender, "hallo"))
    assert "gemeente" in texts(say(stack, sender, STORY)).lower()
    say(stack, sender, "Arnhem")
    say(stack, sender, "woning")
    say(stack, sender, "een man van rond de 30")
    say(stack, sender, "/dont_know")
    say(stack, sender, "vandaag")
    summary = texts(say(stack, sender, "baliemedewerker gemeente"))
    assert "Gemeente: Arnhem" in summary
    assert not any(i in summary for i in IDENTIFIERS)
    routes = texts(say(stack, sender, "/affirm"))
    assert "mogelijk" in routes and "Aandachtsfunctionaris" in routes
    done = texts(say(stack, sender, "/affirm"))
    code = re.search(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", done).group(0)

    # the stack is shared by the end-to-end tests: find this report's mail by its code
    mail_dir = stack["tmp"] / "mail"
    deadline = time.time() + 60
    while time.time() < deadline and not mails_with(mail_dir, code):
        time.sleep(1)
    mails = mails_with(mail_dir, code)
    assert len(mails) == 1
    message = email.message_from_bytes(mails[0].read_bytes())
    body = message.get_payload(decode=True).decode() if not message.is_multipart() else \
        "".join(p.get_payload(decode=True).decode() for p in message.walk() if p.get_content_type() == "text/plain")
    assert code in body + str(message["Subject"])
    assert "arnhem" in message["To"].lower()
    for identifier in IDENTIFIERS:
        assert identifier not in body

    # confirmed: now the conversation is written, anonymised, under a hashed id
    stored = all_rows(stack["tmp"] / "trackers.db")
    assert "paspoort" in stored  # the signal words are kept
    for identifier in IDENTIFIERS + [sender]:
        assert identifier not in stored, identifier

    # an off-script "ja" afterwards gets one answer, not a loop of them
    assert len(say(stack, sender, "/affirm")) == 1

    # "verwijder mijn gesprek" after the report: the stored conversation goes, the report stays
    before = conversations(stack)
    gone = texts(say(stack, sender, "verwijder mijn gesprek"))
    assert code in gone and "Daar blijft die" in gone and "niets bewaard" not in gone
    assert conversations(stack) == before - 1


def mails_with(mail_dir: pathlib.Path, code: str) -> list[pathlib.Path]:
    return [m for m in mail_dir.glob("*.eml") if code.encode() in m.read_bytes()]


def conversations(stack) -> int:
    con = sqlite3.connect(stack["tmp"] / "trackers.db")
    try:
        return con.execute("select count(distinct sender_id) from events").fetchone()[0]
    finally:
        con.close()


def test_nothing_is_written_before_confirmation_and_stop_forgets_it(stack):
    sender = "stop-test"
    before = conversations(stack)
    first = say(stack, sender, "Bij de buren wonen steeds andere jonge meisjes, Anna Kowalska zei dat ze "
                               "niet weg mag.")
    assert "In welke gemeente" in texts(first)
    # the conversation goes on from memory: the next question follows
    assert "Wat voor plek" in texts(say(stack, sender, "Utrecht"))
    assert conversations(stack) == before  # only in the server's memory
    assert "Kowalska" not in all_rows(stack["tmp"] / "trackers.db")
    assert "niets bewaard" in texts(say(stack, sender, "stop"))
    # the conversation is gone: a new message starts from the beginning
    assert "Niet-pluis" in texts(say(stack, sender, "hallo"))
    assert conversations(stack) == before


def test_acute_danger_gets_112_first(stack):
    replies = say(stack, "acute-test", "help hij slaat haar nu en ze zit opgesloten")
    assert "112" in replies[0]["text"]
    assert "verder" in texts(replies)


def test_logs_hold_no_user_text(stack):
    logs = "\n".join(p.read_text(errors="replace") for p in (stack["tmp"] / "log").glob("*.log"))
    assert logs  # the servers did log (at DEBUG)
    # neither identifiers nor the story itself (anonymised or not: a mail's lines at DEBUG)
    for identifier in IDENTIFIERS + ["Kowalska", "Een man deed het woord", "steeds andere jonge meisjes"]:
        assert identifier not in logs, identifier


def test_socketio_web_chat_with_session_persistence(stack):
    """The web chat path (rasa-webchat speaks this protocol): session_request, then
    user_uttered; the answers must come back as bot_uttered (python-socketio 5.9 pin)."""
    from tests.e2e.chat import socketio_chat

    received = socketio_chat(stack, "webchat-e2e-0f3c9a", "hallo")
    assert any("Niet-pluis" in text for text in received)
    assert any("112" in text for text in received)


def test_a_connection_whose_request_comes_late_is_still_served(stack):
    """After a pause of the machine, a connection may be accepted seconds before its request
    is read. With Sanic's 5 s default the action server closed it unread and the user got no
    reply (seen once in 9 000 fuzzer turns); both servers must wait longer than that."""
    for port, path in ((stack["action_port"], "/health"), (int(stack["base"].rsplit(":", 1)[1]), "/")):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            time.sleep(7)
            conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            assert conn.recv(64).startswith(b"HTTP/1.1 200"), f"port {port} closed a late request"


@pytest.mark.parametrize("opening", ["", "/get_started", "/session_start"])
def test_a_client_opening_the_chat_gets_the_welcome_not_a_complaint(stack, opening):
    """rasa-webchat and other clients open with an empty message or an init payload."""
    from tests.e2e.chat import socketio_chat

    # anything said after the welcome has arrived within the second of lingering
    received = socketio_chat(stack, f"webchat-open-{abs(hash(opening))}", opening, linger=1.0)
    assert received[0].startswith("Hoi, ik ben Niet-pluis"), received
    assert not any("leeg bericht" in t or "begrijp ik niet" in t for t in received), received


def test_forget_removes_the_conversation_and_answers_bad_requests_in_dutch(stack):
    """The widget's quick exit: a text/plain POST (no CORS preflight) forgets the conversation."""
    import json
    import urllib.error
    import urllib.request

    from tests.e2e.chat import say, tracker

    sender = "forget-e2e-7d1"
    say(stack, sender, "Bij de buren wonen twaalf mannen in één huis.")
    assert any(e.get("event") == "user" for e in _all_events(stack, sender))

    def post(body: bytes) -> tuple[int, dict]:
        req = urllib.request.Request(stack["base"] + "/webhooks/rest/forget", body,
                                     {"Content-Type": "text/plain"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, json.load(resp)
        except urllib.error.HTTPError as err:
            return err.code, json.load(err)

    assert post(json.dumps({"sender": sender}).encode()) == (200, {"forgotten": True})
    assert not any(e.get("event") == "user" for e in _all_events(stack, sender))
    assert tracker(stack, sender).get("slots", {}).get("welcomed") in (None, False)
    status, body = post(b"<html>")
    assert status == 400 and "message" in body
    status, body = post(json.dumps({"sender": ""}).encode())
    assert status == 400 and "message" in body


def _all_events(stack, sender: str) -> list[dict]:
    import json
    import urllib.request

    url = f"{stack['base']}/conversations/{sender}/tracker?token={stack['token']}&include_events=ALL"
    with urllib.request.urlopen(url, timeout=60) as resp:
        return json.load(resp).get("events") or []


def test_only_the_configured_origins_may_call_the_chat_from_a_browser(stack):
    """CORS for the demo page's origin (the default), not for any other site."""
    import urllib.request

    def preflight(origin: str) -> str | None:
        req = urllib.request.Request(stack["base"] + "/webhooks/rest/webhook", method="OPTIONS", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.headers.get("Access-Control-Allow-Origin")

    assert preflight(stack["web"]) == stack["web"]
    assert preflight("https://evil.example") is None
