"""Danger now: a detector of its own, separate from the form, built for recall.

A missed acute case means a person in danger is asked about the gemeente instead of being told
to call 112, so this reads the message for *direct* cues (a plea to be fetched, held or locked
in now, hunted now, hurt with help blocked, violence now) and for *danger* cues that count
only with a *now* anchor; *calm*, *past* and *habitual* markers ("nu is ze veilig",
"gisteren", "soms") cancel the cues of their clause unless a now anchor is there too, and a
message told in the past without any now anchor has no direct cues either. The cues and their
reasons live in `content/signals/acute.yml`; pure regular expressions, ~0.1 ms per text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.textnorm import fold

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "content" / "signals" / "acute.yml"


@dataclass(frozen=True)
class AcuteReading:
    acute: bool
    reasons: tuple[str, ...] = ()          # Dutch, for "Dit klinkt als direct gevaar: ..."
    cues: tuple[str, ...] = field(default=(), compare=False)  # cue ids, for tests and benchmarks
    # The message says the person is safe now ("nu is ze veilig") and nothing in it happens now
    # outside such a clause: then a danger word alone (the lexicon's "opgesloten") is no alarm.
    safe_now: bool = False
    # Told as a habit ("elke ochtend", "de hele nacht", "steeds") with no time word of this
    # moment anywhere: a statistical guess alone should not call it danger now (persona run)
    habitual_only: bool = False


def _compile(patterns: list[str]) -> re.Pattern[str]:
    # word edges as look-arounds, so that a pattern may also anchor on a clause's start (^)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![a-z0-9])")


class AcuteDetector:
    def __init__(self, config: dict[str, Any]) -> None:
        self.direct = {name: (_compile(c["patterns"]), c["reason"]) for name, c in config["direct"].items()}
        self.danger = _compile(config["danger"]["patterns"])
        self.danger_reason = config["danger"]["reason"]
        self.now = _compile(config["now"]["patterns"])
        self.calm = _compile(config["calm"]["patterns"] + config["past"]["patterns"]
                             + config["habitual"]["patterns"])
        self.past = _compile(config["past"]["patterns"])
        self.habitual = _compile(config["habitual"]["patterns"])
        self.strong_now = _compile(config["now"]["patterns"][:2])  # "nu", "op dit moment": not "hoor ik"
        self.no_danger = _compile(config["calm"]["patterns"][:2])  # "geen gevaar", "niet in gevaar"
        self.safe = _compile(config["calm"]["patterns"])

    @classmethod
    def from_yaml(cls, path: str | Path | None = None) -> "AcuteDetector":
        with open(path or DEFAULT_PATH, encoding="utf-8") as fh:
            return cls(yaml.safe_load(fh))

    def read(self, text: str) -> AcuteReading:
        parts, past_sentence, sentence_of = _clauses(text, self.past)
        # "soms hoor ik stemmen": a habit, not this moment (unless "nu" says so)
        now = [bool(self.now.search(p)) and (not self.habitual.search(p) or bool(self.strong_now.search(p)))
               for p in parts]
        # "Gisteravond belden de buren: geschreeuw, gebonk.": the whole sentence is the past
        calm = [bool(self.calm.search(p)) or (past and not n) for p, past, n in zip(parts, past_sentence, now)]
        no_danger = bool(self.no_danger.search(" " + fold(text or "") + " "))
        safe = [bool(self.safe.search(p)) for p in parts]
        # "Het is nu rustig" speaks of this moment: "vanochtend" elsewhere anchors no danger word,
        # and a danger cue elsewhere counts only with a time word of its own
        calm_now = any(s and n for s, n in zip(safe, now))
        reasons: dict[str, str] = {}
        told_of_the_past = not any(now) and any(self.past.search(p) for p in parts)
        for i, part in enumerate(parts):
            if calm_now and not now[i]:
                continue
            for name, (rx, reason) in self.direct.items():
                if _said(rx, part) and (now[i] or not (calm[i] or told_of_the_past)):
                    reasons[name] = reason
        if reasons:
            return AcuteReading(True, tuple(reasons.values()), tuple(reasons))
        for i, part in enumerate(parts):
            if calm_now:
                break
            # a time word in a clause about what happens now and then anchors nothing
            anchored = any(n and not c for n, c in zip(now[max(0, i - 1):i + 2], calm[max(0, i - 1):i + 2]))
            # "zitten nu om 23u nog 2 kleine kinderen te bedelen, 6 en 8, geen jas, het vriest":
            # one sentence is one moment (w20)
            anchored = anchored or any(now[j] and not calm[j] for j in range(len(parts))
                                       if sentence_of[j] == sentence_of[i])
            if anchored and not calm[i] and not no_danger and self.danger.search(part):
                return AcuteReading(True, (self.danger_reason,), ("danger_now",))
        habitual = any(_HABIT.search(p) for p in parts) and not any(now)
        return AcuteReading(False, safe_now=any(safe) and not any(n and not c for n, c in zip(now, safe)),
                            habitual_only=habitual)


# clauses: sentences, and parts of a sentence between commas or semicolons
_CLAUSE = re.compile(r"[.!?;,:\n]+")
_SENTENCE = re.compile(r"[.!?\n]+")
# what happens as a habit, for `habitual_only`; not "altijd", which often only describes
# someone ("die jongen die altijd met haar is") while the danger is now
_HABIT = re.compile(r"(?<![a-z0-9])(?:(?:elke|iedere|bijna elke) \w+|soms|vaak|regelmatig|af en toe|meestal|telkens"
                    r"|steeds (?:weer|andere))(?![a-z0-9])")
# "Hij zegt dat niemand wordt vastgehouden" (w22): the cue is denied
_DENIED = re.compile(r"(?<![a-z0-9])(?:niemand|nobody|no one)(?: \w+){0,2} $")


def _clauses(text: str, past: re.Pattern[str]) -> tuple[list[str], list[bool], list[int]]:
    """The folded clauses of a text; for each whether its sentence tells of the past, and
    which sentence it is in."""
    parts: list[str] = []
    past_sentence: list[bool] = []
    sentence_of: list[int] = []
    for k, sentence in enumerate(_SENTENCE.split(text or "")):
        clauses = [" " + fold(p) + " " for p in _CLAUSE.split(sentence)]
        clauses = [c for c in clauses if c.strip()]
        in_past = any(past.search(c) for c in clauses)
        parts += clauses
        past_sentence += [in_past] * len(clauses)
        sentence_of += [k] * len(clauses)
    return parts, past_sentence, sentence_of


def _said(rx: re.Pattern[str], part: str) -> bool:
    """The cue occurs in the clause, and not as what nobody does."""
    return any(not _DENIED.search(part[:m.start()]) for m in rx.finditer(part))
