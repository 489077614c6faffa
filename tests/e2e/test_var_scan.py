"""Issue 12, done-when: after a report full of Dutch name forms is confirmed and mailed, nothing
under var/ (the conversation store, the decrypted report, the mail, the logs) holds a name,
an obfuscated e-mail address or a phone number said in words."""
from __future__ import annotations

import json
from email import message_from_string
from email.policy import default as default_policy
import re
import sqlite3
import time

import pytest

from tests.e2e.chat import answer_intake, say, texts
from tests.e2e.test_conversations import CODE

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]

ANSWERS = [
    "Mijn buurvrouw mevrouw De Boer zag dat Jan van den Berg elke avond drie jonge vrouwen ophaalt. "
    "Hij houdt hun paspoorten. Zijn mail is jan.vandenberg＠gmail.com, bel nul zes één twee drie vier "
    "vijf zes zeven acht.",
    "Vlaardingen",
    "een woning",
    "drie vrouwen, een van hen heet Anna Prins",
    "meneer Bos regelt het geld, en die van der wal rijdt de bus",
    "al een paar maanden",
    "ik ben wijkagent",
]
#: whole words that must appear nowhere (case-sensitive, as typed)
NAMES = ["Boer", "Berg", "vandenberg", "gmail", "Anna", "Prins", "Bos", "wal"]
SPOKEN = ["nul zes", "zeven acht"]


def leaks(text: str) -> list[str]:
    found = [n for n in NAMES if re.search(r"(?<![\w])" + re.escape(n) + r"(?![\w])", text)]
    return found + [s for s in SPOKEN if s in text.lower()]


def test_nothing_under_var_holds_a_dutch_name_form(stack):
    from bot.config import Settings
    from bot.store.crypto import report_cipher
    from bot.store.db import make_engine
    from bot.store.service import ReportStore
    from bot.services import get_services

    sender = "scan-dutch-names"
    first = say(stack, sender, ANSWERS[0])
    # the intake skips what the story already says (issue 13): answer what it asks
    answer_intake(stack, sender, first, dict(zip(("gemeente", "place_type", "people", "concerns", "frequency",
                                                  "reporter_role"), ANSWERS[1:])))
    say(stack, sender, "/affirm")
    done = texts(say(stack, sender, "/affirm"))
    code = CODE.search(done).group(0)
    assert not leaks(done)

    mails: list[str] = []
    deadline = time.time() + 60
    while time.time() < deadline and not mails:
        mails = [m.read_text(errors="replace") for m in (stack["tmp"] / "mail").glob("*.eml")
                 if code in m.read_text(errors="replace")]
        time.sleep(1)
    assert mails, "the report was not mailed"
    # every part decoded: the body and the formal summary attached to it (issue 13)
    parts = [part for m in mails for part in message_from_string(m, policy=default_policy).walk()
             if part.get_content_maintype() == "text"]
    attached = [p for p in parts if p.get_filename() == f"niet-pluis-{code}.html"]
    assert attached, "the formal summary is not attached"
    document = attached[0].get_content()
    assert code in document and "Route en waarom" in document and "paspoort" in document.lower()
    mails = mails + [p.get_content() for p in parts]

    con = sqlite3.connect(stack["tmp"] / "trackers.db")
    try:
        trackers = "\n".join(row[0] for row in con.execute("select data from events"))
    finally:
        con.close()
    assert "paspoort" in trackers  # the conversation is there, anonymised

    engine = make_engine(f"sqlite:///{stack['tmp'] / 'reports.db'}")
    try:
        store = ReportStore(engine, report_cipher(Settings.from_env()), policy=get_services().policy)
        report = store.get_report(code)
    finally:
        engine.dispose()
    decrypted = json.dumps([report.summary.to_dict(), report.classification, report.routes], ensure_ascii=False)
    assert "paspoort" in decrypted.lower()

    logs = "\n".join(p.read_text(errors="replace") for p in (stack["tmp"] / "log").glob("*.log"))
    for name, text in (("trackers", trackers), ("report", decrypted), ("mail", "\n".join(mails)), ("logs", logs)):
        assert not leaks(text), (name, leaks(text))
