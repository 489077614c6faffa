"""A conversation-level fuzzer: random walks over buttons, free answers, questions in between,
corrections, stops and restarts against the running stack, with invariants on every turn.

    .venv/bin/python -m tests.e2e.fuzz --url http://127.0.0.1:5005 --token TOKEN [-n 1000]

(The Rasa server must run with `--enable-api --auth-token TOKEN`: the fuzzer reads each
tracker after each turn.) The invariants, checked on every turn of every conversation:

1. no false statement about state: "niets bewaard" while a report of this conversation is
   kept; "bekijken je melding" without a report that was just sent;
2. no slot filled from a message meant for another: a question in between changes no answer;
3. no loss of the described situation without an explicit stop;
4. no reply that repeats the previous bot reply unchanged more than once (to different messages);
5. always an answer (never silence or a server error), and a clear "stop" always stops;
6. the message right after a stop can undo it, and the undo brings back every answer.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from tests.e2e.chat import read_pause
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

INTAKE = ("description", "gemeente", "place_type", "people", "concerns", "frequency", "reporter_role")
CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")

STORIES = [
    "Bij mijn buren wonen steeds andere jonge vrouwen. Ze mogen niet alleen naar buiten.",
    "In de kas werken Poolse mannen van zes tot tien uur. De baas heeft hun paspoorten.",
    "Een meisje van 15 gaat steeds mee met een veel oudere man die haar dure cadeaus geeft.",
    "Op de camping slapen arbeiders met tien man in een schuur en ze krijgen bijna geen loon.",
    "ik moet elke dag werken, baas heeft mijn paspoort, ik mag niet weg",
    "Bij de nagelsalon werken jonge meisjes tot laat in de nacht en ze wonen boven de zaak.",
]
ANSWERS = {
    "gemeente": ["Utrecht", "schiedam, staat er toch in", "Den Bosch", "Vlaardingen", "Amsterdm",
                 "weet ik niet", "in leusden denk ik", "Bergen"],
    "plek": ["een woning", "voor de ingang van de supermarkt", "bedrijf", "kas", "weet ik niet", "online"],
    "hoeveel": ["10 of 12 mannen", "een stuk of tien", "twee vrouwen van rond de 20", "een meisje van 15",
                "weet ik niet", "12 volwassen mannen, tussen de 20 en 50"],
    "zorgen": ["ze zijn bang", "ik ben zo bang", "ze mogen niet weg", "weet ik niet",
               "de baas houdt hun loon in"],
    "wanneer": ["al een paar maanden", "sinds vorige week", "elke avond", "weet ik niet"],
    "burger": ["buurvrouw", "als burger", "baliemedewerker gemeente", "huisarts", "het gaat over mezelf",
               "weet ik niet"],
    "aanpassen": ["de gemeente", "wie", "beschrijving", "niet utrecht maar leusden"],
    "code": ["ik heb geen code", "weet ik niet", "ABCD-EFGH-JKMN"],
}
QUESTIONS = ["is dit anoniem?", "wat gebeurt er met mijn gegevens?", "is mijn melding nu bewaard of verstuurd?",
             "wie helpt mij nu?", "waar meld ik dit?", "ben jij een mens?", "hoe laat is het?"]
DISRUPTORS = ["stop", "laat maar zitten", "hou maar op hiermee?", "ja", "ok", "?", "😀😀", "",
              "<script>alert(1)</script>", "help hij slaat haar nu", "Szef zabrał mi paszport",
              "hallo", "ik wil iets melden", "verder met mijn melding", "niet utrecht maar leusden",
              "asdf qwerty", "/affirm", "/deny", "/correct", "/stop"]
# What the assistant asks, recognised from its words, and the pool of answers for it.
ASKED = [("gemeente", "gemeente"), ("Wat voor plek", "plek"), ("hoeveel mensen", "hoeveel"),
         ("Welk deel", "aanpassen"), ("Meld je dit als", "burger"), ("Sinds wanneer", "wanneer"),
         ("code", "code"), ("Vertel in je eigen woorden", "story")]
STOPPED_TEXTS = ("ik stop en wis dit gesprek", "Oké, ik stop.", "Oké, ik stop met dit gesprek.")
UNDO_OFFER = "Toch verder"
UNDONE = "verder waar we waren"


def stopped(text: str) -> bool:
    return any(t in text for t in STOPPED_TEXTS)


@dataclass
class Result:
    conversations: int = 0
    turns: int = 0
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Client:
    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url.rstrip("/"), token

    def say(self, sender: str, message: str) -> list[dict]:
        read_pause(sender, message if isinstance(message, str) else repr(message))
        body = json.dumps({"sender": sender, "message": message}).encode()
        req = urllib.request.Request(self.url + "/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as resp:
            return json.load(resp)

    def slots(self, sender: str) -> dict:
        url = (f"{self.url}/conversations/{urllib.parse.quote(sender)}/tracker"
               f"?token={self.token}&include_events=NONE")
        with urllib.request.urlopen(url, timeout=60) as resp:
            return json.load(resp).get("slots") or {}


def _text(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def choose(rng: random.Random, replies: list[dict]) -> str:
    """The next message: a button of the last reply, an answer to what was asked, or trouble."""
    buttons = [b["payload"] for r in replies for b in r.get("buttons") or []]
    roll = rng.random()
    if roll < 0.12:
        return rng.choice(QUESTIONS)
    if roll < 0.27:
        return rng.choice(DISRUPTORS)
    if buttons and roll < 0.65:
        return rng.choice(buttons)
    last = _text(replies[-1:]) if replies else ""
    for words, pool in ASKED:
        if words in last:
            return rng.choice(STORIES) if pool == "story" else rng.choice(ANSWERS[pool])
    return rng.choice(STORIES + QUESTIONS)


class Checker:
    """The invariants, turn by turn, for one conversation."""

    def __init__(self, sender: str, first_reply: list[dict], first_slots: dict) -> None:
        self.sender = sender
        self.kept: set[str] = set()       # reference codes of this conversation not deleted
        self.before = first_slots
        self.history = [_text(first_reply)]
        self.messages: list[str] = [""]
        self.turns = 1
        self.problems: list[str] = []
        self.undoable: tuple[dict, set[str]] | None = None  # (slots, codes) a stop may bring back

    def turn(self, message: str, replies: list[dict], after: dict) -> None:
        self.turns += 1
        text = _text(replies)
        where = f"{self.sender} turn {self.turns}: {message!r}"
        problems, before = self.problems, self.before
        # 5. always an answer; a clear stop always stops
        if not replies:
            problems.append(f"{where} -> no reply")
        if message.strip().lower() in ("stop", "/stop") and not stopped(text) and "Wil je stoppen" not in text:
            problems.append(f"{where} -> a clear stop did not stop: {text[:120]!r}")
        # 6. the message right after a stop may undo it: everything back as it was; after any
        #    other message nothing can come back
        undoable, self.undoable = self.undoable, None
        if UNDONE in text:
            if undoable is None:
                problems.append(f"{where} -> 'verder waar we waren' without a stop to undo")
            else:
                lost = {k for k in INTAKE if undoable[0].get(k) and after.get(k) != undoable[0].get(k)}
                if lost:
                    problems.append(f"{where} -> the undo did not bring back {sorted(lost)}")
                self.kept |= undoable[1]
                before = dict(before, description=after.get("description"))  # not lost: restored
        # 1. statements follow the state
        new_codes = set(CODE.findall(text)) if "code is" in text else set()
        deleted = {c for c in CODE.findall(text) if "gewist" in text}
        if stopped(text):
            if self.kept and "niets bewaard" in text:
                problems.append(f"{where} -> says nothing kept while {sorted(self.kept)} are: {text[:160]!r}")
            if UNDO_OFFER in text:
                self.undoable = (dict(before), set(self.kept))
            self.kept = set()  # the conversation is gone; its reports stay where they are
        elif "niets bewaard" in text and self.kept and not deleted:
            problems.append(f"{where} -> says nothing kept while {sorted(self.kept)} are: {text[:160]!r}")
        if "bekijken je melding" in text and not (new_codes and "gaat nu naar" in text):
            problems.append(f"{where} -> 'bekijken je melding' without a report sent now")
        self.kept = (self.kept | new_codes) - deleted
        # 2. a question in between fills no answer
        if message in QUESTIONS:
            changed = {k for k in INTAKE if before.get(k) != after.get(k)}
            if changed and not stopped(text):
                problems.append(f"{where} -> a question changed {sorted(changed)}")
        # 3. the story is never lost without a stop
        if before.get("description") and not after.get("description"):
            if not (stopped(text) or "eigen woorden" in text):
                problems.append(f"{where} -> the description was lost: {text[:160]!r}")
        # 4. no reply repeated unchanged more than once
        self.history.append(text)
        self.messages.append(message)
        if (len(self.history) >= 3 and self.history[-1] == self.history[-2] == self.history[-3] and text
                and len(set(self.messages[-3:])) > 1
                and not all(m in QUESTIONS for m in self.messages[-3:])):  # asked alike, answered alike
            problems.append(f"{where} -> the same reply three times: {text[:120]!r}")
        self.before = after


def walk(client: Client, sender: str, rng: random.Random, max_turns: int) -> tuple[int, list[str]]:
    """One random conversation; returns (turns, violations)."""
    replies = client.say(sender, rng.choice(STORIES + ["hallo", "ik wil iets melden"]))
    check = Checker(sender, replies, client.slots(sender))
    for _ in range(rng.randint(2, max_turns)):
        message = choose(rng, replies)
        try:
            replies = client.say(sender, message)
            after = client.slots(sender)
        except (urllib.error.URLError, TimeoutError) as exc:
            check.problems.append(f"{sender}: {message!r} -> server error {exc}")
            break
        check.turn(message, replies, after)
    return check.turns, check.problems


def run(url: str, token: str, conversations: int = 1000, seed: int = 7, workers: int = 4,
        max_turns: int = 14) -> Result:
    client = Client(url, token)
    started = time.perf_counter()

    def one(i: int) -> tuple[int, list[str]]:
        rng = random.Random(seed * 100_003 + i)
        try:
            return walk(client, f"fuzz-{seed}-{i}", rng, max_turns)
        except Exception as exc:  # a crash of one walk is a finding, not the end of the run
            return 0, [f"fuzz-{seed}-{i}: walk failed: {type(exc).__name__}: {exc}"]

    result = Result()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for turns, problems in pool.map(one, range(conversations)):
            result.conversations += 1
            result.turns += turns
            result.violations += problems
    result.seconds = time.perf_counter() - started
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:5005")
    ap.add_argument("--token", required=True)
    ap.add_argument("-n", "--conversations", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()
    result = run(args.url, args.token, args.conversations, args.seed, args.workers)
    print(f"conversations={result.conversations} turns={result.turns} violations={len(result.violations)} "
          f"seconds={result.seconds:.0f} ({result.turns / max(result.seconds, 1e-9):.1f} turns/s)")
    for problem in result.violations[:50]:
        print("  " + problem)
    return 1 if result.violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
