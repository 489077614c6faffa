"""The forty conversations of personas.py against the running stack: each expectation and
the fuzzer's invariants on every turn; transcripts go to var/transcripts/ for people to read."""
from __future__ import annotations

import re

import pytest

from bot.config import ROOT
from tests.e2e.fuzz import CODE, Checker, Client, _text
from tests.e2e.personas import PERSONAS

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]
TRANSCRIPTS = ROOT / "var" / "transcripts"


def hold(client: Client, number: int, persona: str, turns: list[tuple]) -> tuple[list[str], str]:
    sender = f"persona-{number}"
    lines, failures, code, check = [f"# {persona}"], [], "", None
    for message, *expectations in turns:
        message = message.replace("{code}", code)
        replies = client.say(sender, message)
        slots = client.slots(sender)
        if check is None:
            check = Checker(sender, replies, slots)
        else:
            check.turn(message, replies, slots)
        text = _text(replies)
        found = CODE.search(text) if "code is" in text else None
        code = found.group(0) if found else code
        lines.append(f"USER: {message}")
        lines += [f"BOT:  {r.get('text', '')}" + "".join(f" [{b['title']}→{b['payload']}]"
                                                         for b in r.get("buttons") or []) for r in replies]
        for expectation in expectations:
            want = expectation[1:].replace("{code}", code)
            present = want.lower() in text.lower()
            if present != (expectation[0] == "+"):
                failures.append(f"{persona} / {message[:40]!r}: expected {expectation!r} in {text[:200]!r}")
    return failures + check.problems, "\n".join(lines) + "\n"


def test_forty_personas(stack):
    TRANSCRIPTS.mkdir(parents=True, exist_ok=True)
    client = Client(stack["base"], stack["token"])
    problems = []
    assert len(PERSONAS) >= 40
    for number, (persona, turns) in enumerate(PERSONAS, 1):
        found, transcript = hold(client, number, persona, turns)
        slug = re.sub(r"[^a-z0-9]+", "-", persona.lower()).strip("-")[:40]
        (TRANSCRIPTS / f"{number:02d}-{slug}.txt").write_text(transcript, encoding="utf-8")
        problems += found
    assert problems == [], "\n".join(problems)
