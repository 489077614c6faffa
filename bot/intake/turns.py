"""One turn of the intake: is a message an answer to the question asked, or something else
(a question, a remark, a stop) that a rule should handle before the question is asked again?
"""
from __future__ import annotations

from bot.intake.contract import (QUESTION_CONFIDENCE, SOCIAL_CONFIDENCE, STOP_PAYLOAD, Intent,
                                 Slot)
from bot.textnorm import fold, word_count

# Intents that, said briefly, are a question or remark to answer rather than an answer
# to the question the form asked. Long texts are always answers: a story that happens to
# mention "stop" or "politie" must never be thrown away.
INTERRUPTING_INTENTS = frozenset({
    Intent.STOP, Intent.GREET, Intent.GOODBYE, Intent.THANK, Intent.BOT_CHALLENGE,
    Intent.ASK_ANONYMITY, Intent.ASK_EXPLAIN, Intent.ASK_WHERE_TO_REPORT, Intent.INSULT,
    Intent.OUT_OF_SCOPE, Intent.OTHER_LANGUAGE, Intent.CORRECT, Intent.ACUTE_DANGER,
    Intent.START_REPORT,
})
_STOP_WORDS = frozenset({"stop", "stoppen", "verwijder", "verwijder mijn gesprek", "wis alles",
                         "annuleer", "annuleren", STOP_PAYLOAD})
# Questions with a closed set of answers: anything but a known value is no answer anyway.
_CLOSED_SLOTS = frozenset({Slot.GEMEENTE, Slot.PLACE_TYPE, Slot.REPORTER_ROLE, Slot.CORRECTION_FIELD})
_SOCIAL_INTENTS = frozenset({Intent.GREET, Intent.GOODBYE, Intent.THANK, Intent.INSULT,
                             Intent.OTHER_LANGUAGE})
_QUESTION_WORDS = frozenset({"wat", "wie", "waarom", "hoe", "waar", "wanneer", "is", "ben",
                             "kan", "kun", "mag", "moet", "wordt", "word", "zijn", "heb", "welke"})


def is_interruption(slot: str | None, text: str, intent: str | None, confidence: float,
                    recognised: bool = False) -> bool:
    """True when the message should be handled by a rule instead of filling `slot`.

    `recognised` means the text is a known answer to the question ("Den Bosch" to the
    gemeente question): then it is an answer, whatever the intent classifier thinks.
    """
    words = word_count(text)
    if (text or "").strip().lower() in _STOP_WORDS or (intent == Intent.STOP and words <= 6):
        return True
    if recognised or intent not in INTERRUPTING_INTENTS or intent == Intent.STOP:
        return False
    if intent == Intent.ACUTE_DANGER:
        return False  # danger is handled inside the turn: 112 first, nothing is lost
    if (text or "").startswith("/"):
        return True  # a button payload
    if slot in _CLOSED_SLOTS:
        return confidence >= QUESTION_CONFIDENCE and words <= 8
    # Any text answers an open question ("vandaag, voor het eerst"); only a question back
    # or a short social remark is not an answer.
    if _looks_like_question(text):
        return confidence >= QUESTION_CONFIDENCE and words <= 12
    return intent in _SOCIAL_INTENTS and confidence >= SOCIAL_CONFIDENCE and words <= 4


def _looks_like_question(text: str) -> bool:
    words = fold(text).split()
    return "?" in (text or "") or bool(words and words[0] in _QUESTION_WORDS)
