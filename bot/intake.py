"""Interpret the intake's free answers: unknown, place type, people, role, which field.

Pure functions over data/intake.yml; the Rasa form validation calls these and nothing else.
"""
from __future__ import annotations

import functools
import pathlib
import re
from dataclasses import dataclass, field

import yaml

from bot.textnorm import clean_user_text, fold, letter_count, word_count

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "intake.yml"
UNKNOWN = "onbekend"
MAX_CHARS = 4000
FIELDS = ("description", "gemeente", "place_type", "people", "concerns", "frequency",
          "reporter_role")


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(DATA.read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _unknown_keys() -> frozenset[str]:
    return frozenset(fold(x) for x in _data()["unknown_answers"]) | {""}


def _has_keyword(key: str, keywords: list[str]) -> str | None:
    padded = f" {key} "
    for word in keywords:
        w = fold(word)
        if w and f" {w} " in padded:
            return word
    return None


def is_unknown(text: str | None) -> bool:
    """'weet ik niet' and friends, with or without punctuation; '?' alone counts."""
    if text is None:
        return False
    raw = text.strip()
    if raw and set(raw) <= set("?! ."):
        return True
    key = fold(raw)
    if not key:
        return False
    if key in _unknown_keys():
        return True
    # "nee weet ik niet hoor", "geen idee eigenlijk": short answers around an unknown phrase.
    return word_count(raw) <= 6 and any(f" {u} " in f" {key} " for u in _unknown_keys() if len(u) > 3)


@dataclass(frozen=True)
class Answer:
    """A cleaned answer, or the reason it cannot be used (a message key of data/messages.yml)."""
    value: str | None
    problem: str | None = None
    notice: str | None = None  # usable, but tell the user something (a message key)


def check_free_text(text: str | None, *, min_words: int = 1) -> Answer:
    """Accept text with real words; explain empty, emoji-only and huge input."""
    cleaned = clean_user_text(text)
    if not cleaned:
        return Answer(None, "empty_input")
    if letter_count(cleaned) < 2:
        return Answer(None, "no_words")
    notice = None
    if len(cleaned) > MAX_CHARS:
        # keep the first part rather than reject it all: the user may not have it any more
        cleaned, notice = shorten(cleaned, MAX_CHARS), "too_long_kept"
    if word_count(cleaned) < min_words:
        return Answer(None, "tell_more")
    return Answer(cleaned, notice=notice)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut after the last full sentence (or word) that fits."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(mark) for mark in (". ", "! ", "? ", "\n"))
    if cut < limit // 2:
        cut = head.rfind(" ")
    return head[: cut + 1].rstrip() if cut > 0 else head


def place_type(text: str) -> str:
    """Category key of data/intake.yml (e.g. 'kas_akker'); 'anders' when no keyword fits."""
    key = fold(text)
    for category, words in _data()["place_types"].items():
        if _has_keyword(key, words):
            return category
    return "anders"


def place_type_label(category: str | None) -> str:
    if not category or category == UNKNOWN:
        return UNKNOWN
    return _data()["place_type_labels"].get(category, category)


@dataclass(frozen=True)
class People:
    count: int | None = None
    ages: tuple[int, ...] = field(default_factory=tuple)

    @property
    def minor_mentioned(self) -> bool:
        return any(age < 18 for age in self.ages)


_AGE = re.compile(r"\b(\d{1,2})\s*(?:jaar|jr|j\b|jarige?)|(?:van|rond|ongeveer|een jaar of|jaar of|tussen|leeftijd)\s+(?:de\s+)?(\d{1,2})\b|\b(\d{1,2})\s*(?:-|tot|a|à)\s*(\d{1,2})\s*(?:jaar|jr)?", re.I)
_DECADE = {"tiener": 15, "tieners": 15, "twintig": 20, "twintiger": 25, "twintigers": 25,
           "dertig": 30, "dertiger": 35, "dertigers": 35, "veertig": 40, "veertiger": 45,
           "vijftig": 50, "kind": 10, "kinderen": 10, "meisje": 15, "jongen": 15,
           "minderjarig": 16, "minderjarige": 16, "baby": 1}


def parse_people(text: str) -> People:
    """Rough count and ages from '2 vrouwen van rond de 20' or 'een meisje van een jaar of 15'."""
    lowered = text.lower()
    ages: list[int] = []
    for match in _AGE.finditer(lowered):
        ages.extend(int(g) for g in match.groups() if g)
    words = re.findall(r"[a-zà-ÿ]+|\d+", lowered)
    if not ages:
        ages.extend(_DECADE[w] for w in words if w in {"tiener", "tieners", "minderjarig",
                                                      "minderjarige", "baby"})
    count = None
    numbers = _data()["number_words"]
    for i, word in enumerate(words):
        if word.isdigit() and int(word) not in ages:
            count = int(word)
            break
        if word in numbers and not (i + 2 < len(words) and words[i + 1] == "jaar"):
            count = numbers[word]
            break
    return People(count, tuple(a for a in ages if 0 < a < 100))


def role(text: str) -> tuple[str, str | None]:
    """('burger'|'professional'|'gemeente_medewerker'|'slachtoffer', the named job or None)."""
    key = f" {fold(text)} "
    roles = _data()["roles"]
    generic = {"werk", "beroep", "professional", "gemeente"}
    for name in ("slachtoffer", "gemeente_medewerker", "professional", "burger"):
        hits = [w for w in roles[name] if fold(w) and f" {fold(w)} " in key]
        if hits:
            jobs = [h for h in hits if h not in generic]
            job = jobs[0] if jobs and name in {"professional", "gemeente_medewerker"} else None
            return name, job
    return "burger", None


def has_role_word(text: str) -> bool:
    key = f" {fold(text)} "
    return any(f" {fold(w)} " in key for words in _data()["roles"].values() for w in words)


def role_label(name: str | None) -> str:
    return _data()["role_labels"].get(name or "", UNKNOWN)


def correction_field(text: str) -> str | None:
    """Which intake slot the user wants to change, from a button or free words."""
    key = fold(text)
    if key.replace(" ", "_") in FIELDS:
        return key.replace(" ", "_")
    for name, words in _data()["correction_fields"].items():
        if _has_keyword(key, words):
            return name
    return None


# --- one turn of the intake -------------------------------------------------------------

# Intents that, said briefly, are a question or remark to answer rather than an answer
# to the question the form asked. Long texts are always answers: a story that happens to
# mention "stop" or "politie" must never be thrown away.
INTERRUPTING_INTENTS = frozenset({
    "stop", "greet", "goodbye", "thank", "bot_challenge", "ask_anonymity", "ask_explain",
    "ask_where_to_report", "insult", "out_of_scope", "other_language", "correct",
    "acute_danger", "start_report",
})
_STOP_WORDS = frozenset({"stop", "stoppen", "verwijder", "verwijder mijn gesprek", "wis alles",
                         "annuleer", "annuleren", "/stop"})
_FREE_TEXT_SLOTS = frozenset({"description", "concerns"})


def is_interruption(slot: str | None, text: str, intent: str | None, confidence: float,
                    recognised: bool = False) -> bool:
    """True when the message should be handled by a rule instead of filling `slot`.

    `recognised` means the text is a known answer to the question ("Den Bosch" to the
    gemeente question): then it is an answer, whatever the intent classifier thinks.
    """
    words = word_count(text)
    if (text or "").strip().lower() in _STOP_WORDS or (intent == "stop" and words <= 6):
        return True
    if recognised or intent not in INTERRUPTING_INTENTS or intent == "stop":
        return False
    if intent == "acute_danger":
        return False  # danger is handled inside the turn: 112 first, nothing is lost
    if (text or "").startswith("/"):
        return True  # a button payload
    if slot in _CLOSED_SLOTS:
        # Anything but a known gemeente, place or role is no answer anyway.
        return confidence >= 0.6 and words <= 8
    # Any text answers an open question ("vandaag, voor het eerst"); only a question back
    # or a short social remark is not an answer.
    if _looks_like_question(text):
        return confidence >= 0.6 and words <= 12
    return intent in _SOCIAL_INTENTS and confidence >= 0.9 and words <= 4


_CLOSED_SLOTS = frozenset({"gemeente", "place_type", "reporter_role", "correction_field"})
_SOCIAL_INTENTS = frozenset({"greet", "goodbye", "thank", "insult", "other_language"})
_QUESTION_WORDS = frozenset({"wat", "wie", "waarom", "hoe", "waar", "wanneer", "is", "ben",
                             "kan", "kun", "mag", "moet", "wordt", "word", "zijn", "heb", "welke"})


def _looks_like_question(text: str) -> bool:
    words = fold(text).split()
    return "?" in (text or "") or bool(words and words[0] in _QUESTION_WORDS)


@dataclass
class Interpretation:
    """What an answer means for the slots, and what (if anything) to tell the user."""
    slots: dict
    response: str | None = None
    choices: list[str] = field(default_factory=list)
    recognised: bool = False  # a known value (gemeente, category, 'weet ik niet')


def interpret(slot: str, text: str | None, intent: str | None = None) -> Interpretation:
    """Turn the user's answer to the question for `slot` into slot values.

    An invalid answer sets the slot to None (the form asks again) and names a message
    that explains what went wrong, in Dutch, without repeating the user's words.
    """
    if text is not None and text.startswith("/") and intent != "dont_know":
        return Interpretation({slot: None}, "answer_the_question")
    if text == "/dont_know" or is_unknown(text):
        if slot == "description":
            return Interpretation({slot: None}, "tell_more")
        return Interpretation({slot: UNKNOWN}, "noted_unknown", recognised=True)
    answer = check_free_text(text, min_words=3 if slot == "description" else 1)
    if answer.problem:
        return Interpretation({slot: None}, answer.problem)
    value = answer.value
    if answer.notice and slot in {"description", "concerns", "people", "frequency"}:
        return Interpretation({slot: value}, answer.notice)
    if slot == "gemeente":
        from bot.gemeenten import get_index

        index = get_index()
        match = index.resolve(value)
        if match:
            return Interpretation({slot: match.name}, recognised=True)
        choices = [c.name for c in index.candidates(value)]
        if choices:
            return Interpretation({slot: None}, "gemeente_choose", choices)
        return Interpretation({slot: None}, "gemeente_unknown")
    if slot == "place_type":
        category = place_type(value)
        return Interpretation({slot: category}, recognised=category != "anders")
    if slot == "reporter_role":
        name, job = role(value)
        return Interpretation({slot: name, "professional_role": job},
                              recognised=has_role_word(value))
    if slot == "people":
        people = parse_people(value)
        extra = {"minor": True} if people.minor_mentioned else {}
        return Interpretation({slot: value, **extra})
    return Interpretation({slot: value})
