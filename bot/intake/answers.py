"""Interpret the intake's free answers: unknown, place type, people, role, which field.

`AnswerReader` holds the vocabularies of content/intake.yml and the gemeente index; it is
built once by the composition root (`bot.services`). Whether a message is an answer at all
is decided in `bot.intake.turns`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import yaml

from bot.config import CONTENT_DIR
from bot.intake.contract import UNDO_STOP_PAYLOAD, DONT_KNOW_PAYLOAD, INTAKE_SLOTS, Intent, Slot
from bot.intake.gemeenten import GemeenteIndex
from bot.textnorm import clean_user_text, fold, letter_count, word_count
from bot.vocab import UNKNOWN

DATA = CONTENT_DIR / "intake.yml"
MAX_CHARS = 4000
FIELDS = INTAKE_SLOTS
_LONG_TEXT_SLOTS = frozenset({Slot.DESCRIPTION, Slot.CONCERNS, Slot.PEOPLE, Slot.FREQUENCY})
#: the question before the role question: a short answer there that only says who reports is the role
_LATE_ROLE_SLOTS = frozenset({Slot.FREQUENCY})
_TIME_OR_YES = re.compile(
    r"^(?:ja|nee|ok|oke|okay|klopt|jazeker|prima|goed)$|\b(?:dag|dagen|week|weken|maand|maanden|jaar|jaren"
    r"|keer|vaak|altijd|soms|sinds|elke|iedere|elk|nooit|gisteren|vandaag|vorige|afgelopen|uur|nacht"
    r"|avond|ochtend|weekend|zomer|winter)\b|\d")


def _only_a_count(value: str, people: "People") -> bool:
    """"een stuk of vier", "10", "drie": a number of people and nothing else."""
    return (people.count is not None and not people.ages and word_count(value) <= 4
            and not _answers_another_question(value.replace(str(people.count), ""))
            and bool(re.fullmatch(r"(?:een\s+)?(?:stuk\s+of\s+|paar|ongeveer\s+|zo'?n\s+|rond\s+de\s+)?[\w-]+"
                                  r"(?:\s+(?:of|tot)\s+[\w-]+)?", fold(value).strip())))


#: the role said outright as a citizen (folded, padded with spaces)
_SAID_CITIZEN = (" als burger ", " ben burger ", " gewoon burger ", " als particulier ", " als prive ",
                 " als privé ", " gewoon oma ", " gewoon opa ", " werk niet meer ", " werk al lang niet meer ",
                 " gepensioneerd ")


_WEAK_SELF = {"zelf", "mijn eigen"}


def _says_citizen(text: str) -> bool:
    """The role said outright as a citizen, not denied ("niet als burger maar ...")."""
    key = f" {fold(text)} "
    return any(p in key and not re.search(r"\b(?:niet|geen)" + re.escape(p), key) for p in _SAID_CITIZEN)


def _answers_another_question(value: str) -> bool:
    """A yes/no or a time or frequency: the answer to another question than "who are you"."""
    return bool(_TIME_OR_YES.search(fold(value)))


@dataclass(frozen=True)
class Answer:
    """A cleaned answer, or the reason it cannot be used (a message key of content/messages.yml)."""
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


@dataclass(frozen=True)
class People:
    count: int | None = None
    ages: tuple[int, ...] = field(default_factory=tuple)

    @property
    def minor_mentioned(self) -> bool:
        return any(age < 18 for age in self.ages)


# Words for people after a number: "10 of 12 mannen" is a count, not two ages.
_PEOPLE = re.compile(r"^(?:man|mannen|vrouw|vrouwen|mens|mensen|persoon|personen|meisje|meisjes|"
                     r"jongen|jongens|kind|kinderen|jongeren|tieners|arbeiders|werknemers|"
                     r"medewerkers|migranten|arbeidsmigranten|werkers|buitenlanders|gasten|"
                     r"bewoners|slachtoffers|stuks)$")
_AGE_UNIT = re.compile(r"^(?:jaar|jr|j|jarig|jarige|jarigen)$")
# "zij 15 hij 22", "ze zijn 14 en 15", "begin twintig", "eind dertig": a number after these is an age
_AGE_LEAD = frozenset({"van", "rond", "ongeveer", "leeftijd", "tussen", "circa", "pakweg", "ben", "is", "was",
                       "zij", "hij", "ze", "zijn", "begin", "eind", "midden",
                       # "meisje 15-16?", "zoon 14": a number right after one person is an age
                       "meisje", "jongen", "kind", "zoon", "dochter", "vriendin", "vriend", "nichtje",
                       "neefje", "broertje", "zusje", "leerling", "tiener"})
_RANGE = frozenset({"of", "-", "tot", "a", "à", "en"})
_AGE_WORDS = {"tiener": 15, "tieners": 15, "minderjarig": 16, "minderjarige": 16, "baby": 1,
              "twintiger": 25, "dertiger": 35, "veertiger": 45, "vijftiger": 55}
# chat's "mn vriendin (16)" is an age; after a plural ("kamergenoten (5)", "mannen (6)") a count
_PAREN_NUMBER = re.compile(r"([^\W\d_]+)\s*\((\d{1,2})\)")


@dataclass
class Interpretation:
    """What an answer means for the slots, and what (if anything) to tell the user."""
    slots: dict
    response: str | None = None
    choices: list[str] = field(default_factory=list)
    recognised: bool = False  # a known value (gemeente, category, 'weet ik niet')


# "niet Amersfoort maar Leusden", "nee, het is Leusden", "ik bedoel Leusden": the new value.
_CORRECTION = re.compile(r"^(?:.*?\bniet\b.*?\bmaar\b|\s*(?:nee\W+)?(?:het is|het was|ik bedoel|bedoel)\b"
                         # "nee de gemeente klopt niet, het is Kampen"
                         r"|.*?[,.;]\s*(?:het is|het was|ik bedoel|moet zijn)\b)\s*(?P<new>.+)$",
                         re.I | re.S)


# "zaandam!! niet amsterdam", "nee een woning, niet een hotel": the new value first
_CORRECTION_FIRST = re.compile(r"^\s*(?:nee\W+)?(?P<new>[^,.!?;]+?)[\s,.!?;]+niet\s+\S.*$", re.I | re.S)


#: "X, niet Y" is a short retort; in a longer message "ik weet niet ..." is no correction
_CORRECTION_FIRST_WORDS = 8


def corrected_part(text: str) -> str | None:
    """The new value in a correction said in words, or None."""
    match = _CORRECTION.match(text or "") or (
        len((text or "").split()) <= _CORRECTION_FIRST_WORDS and _CORRECTION_FIRST.match(text or ""))
    new = match.group("new").strip(" .,!") if match else ""
    return new or None


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by at most one inserted, deleted or changed letter (both 6+ letters:
    shorter words have too many neighbours, "klein" is one letter from "plein")."""
    if len(a) < 6 or len(b) < 6 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _has_keyword(key: str, keywords: list[str]) -> str | None:
    padded = f" {key} "
    for word in keywords:
        w = fold(word)
        if w and f" {w} " in padded:
            return word
    return None


@dataclass(frozen=True)
class IntakeVocabulary:
    """The word lists of content/intake.yml, reviewed like code."""
    unknown_answers: frozenset[str]        # folded
    place_types: Mapping[str, list[str]]
    place_type_labels: Mapping[str, str]
    roles: Mapping[str, list[str]]
    role_labels: Mapping[str, str]         # how the summary names the user's own role
    correction_fields: Mapping[str, list[str]]
    number_words: Mapping[str, int]        # content/numbers.yml and the quantity words

    @classmethod
    def from_yaml(cls, path: Path = DATA, numbers_path: Path | None = None) -> "IntakeVocabulary":
        from bot.signals.lexicon import load_number_words

        data = yaml.safe_load(Path(path).read_text("utf-8"))
        numbers = {**load_number_words(numbers_path or Path(path).parent / "numbers.yml"),
                   **data["quantity_words"]}
        return cls(unknown_answers=frozenset(fold(x) for x in data["unknown_answers"]) | {""},
                   place_types=data["place_types"], place_type_labels=data["place_type_labels"],
                   roles=data["roles"], role_labels=data["role_labels"],
                   correction_fields=data["correction_fields"], number_words=numbers)


class AnswerReader:
    """Turns the user's answer to one intake question into slot values."""

    def __init__(self, vocabulary: IntakeVocabulary, gemeenten: GemeenteIndex) -> None:
        self.vocabulary = vocabulary
        self.gemeenten = gemeenten

    def is_unknown(self, text: str | None) -> bool:
        """'weet ik niet' and friends, with or without punctuation; '?' alone counts."""
        if text is None:
            return False
        raw = text.strip()
        if raw and set(raw) <= set("?! ."):
            return True
        key = fold(raw)
        if not key:
            return False
        unknown = self.vocabulary.unknown_answers
        if key in unknown:
            return True
        # "nee weet ik niet hoor", "geen idee eigenlijk": short answers around an unknown phrase.
        return word_count(raw) <= 6 and any(f" {u} " in f" {key} " for u in unknown if len(u) > 3)

    def place_type(self, text: str) -> str:
        """Category key of content/intake.yml (e.g. 'kas_akker'); 'anders' when no keyword fits."""
        key = fold(text)
        for category, words in self.vocabulary.place_types.items():
            if _has_keyword(key, words):
                return category
        # typos and split compounds: "een bedrjf", "distributie centrum"
        tokens = key.split()
        candidates = tokens + [a + b for a, b in zip(tokens, tokens[1:])]
        for category, words in self.vocabulary.place_types.items():
            if any(" " not in w and any(_one_edit(c, w) for c in candidates) for w in words):
                return category
        return "anders"

    def place_type_label(self, category: str | None) -> str:
        if not category or category == UNKNOWN:
            return UNKNOWN
        return self.vocabulary.place_type_labels.get(category, category)

    def parse_people(self, text: str) -> People:
        """Rough count and ages: '2 vrouwen van rond de 20', 'een meisje van een jaar of 15'.

        A number is an age only with an age word ("15 jaar", "16-jarige") or after "van",
        "rond de", "tussen de" when no word for people follows; "10 of 12 mannen", "10-12" and
        "een stuk of tien" are counts.
        """
        text = _PAREN_NUMBER.sub(
            lambda m: f"{m.group(1)} {m.group(2)}" + ("" if re.search(r"(?:en|s|'s|ers)$", m.group(1).lower())
                                                       else " jaar"), text)
        tokens = re.findall(r"\d+|[a-zà-ÿ]+|-", text.lower())
        numbers = self.vocabulary.number_words
        value = [int(t) if t.isdigit() else numbers.get(t) for t in tokens]

        def number_run(i: int) -> int:
            """Index after a number or a range of numbers starting at i ("10 of 12", "20-30")."""
            j = i + 1
            while j + 1 < len(tokens) and tokens[j] in _RANGE and value[j + 1] is not None:
                j += 2
            return j

        def people_follow(j: int) -> bool:  # "mannen", "volwassen mannen", "Poolse mannen"
            return any(_PEOPLE.match(t) for t in tokens[j:j + 3])

        ages: list[int] = []
        count: int | None = None
        i = 0
        while i < len(tokens):
            if value[i] is None or tokens[i] == "-":
                i += 1
                continue
            if tokens[i] in {"een", "één"} and i + 1 < len(tokens) and value[i + 1] is not None:
                i += 1  # "een paar", "een groep": the second word says how many
                continue
            end = number_run(i)
            run = [value[k] for k in range(i, end, 2)]
            before = tokens[max(0, i - 3):i]
            unit = tokens[end + 1] if end + 1 < len(tokens) and tokens[end] == "-" else (
                tokens[end] if end < len(tokens) else "")
            after_stuk_of = tokens[i - 2:i] == ["stuk", "of"]   # "een stuk of tien"
            as_age = not after_stuk_of and (bool(_AGE_UNIT.match(unit)) or (
                not people_follow(end) and (bool(_AGE_LEAD & set(before)) or tokens[i - 2:i] == ["jaar", "of"])))
            article = tokens[i] in {"een", "één"}  # "een" is one only before people
            if as_age and not article:
                ages.extend(run)
            elif count is None and not (article and not people_follow(end)):
                count = run[0]
            i = end
        if not ages:
            ages.extend(_AGE_WORDS[t] for t in tokens if t in _AGE_WORDS)
        return People(count, tuple(a for a in ages if 0 < a < 100))

    def role(self, text: str) -> tuple[str, str | None]:
        """('burger'|'professional'|'gemeente_medewerker'|'slachtoffer', the named job or None)."""
        key = f" {fold(text)} "
        roles = self.vocabulary.roles
        generic = {"werk", "beroep", "professional", "gemeente"}
        order = ("slachtoffer", "gemeente_medewerker", "professional", "burger")
        if _says_citizen(text):
            # "als burger, ik werk al lang niet meer ... door de politie?": said outright, it wins
            # over a job word later in the message
            order = ("slachtoffer", "burger")
        for name in order:
            hits = [w for w in roles[name] if fold(w) and f" {fold(w)} " in key]
            if name == "slachtoffer" and hits and set(hits) <= _WEAK_SELF and word_count(text) > 3:
                # "als moeder dus. maar krijgt lisa hier zelf problemen door?" (persona run,
                # stop 28): "zelf" alone names the writer only as a short answer
                continue
            if hits:
                jobs = [h for h in hits if h not in generic]
                job = jobs[0] if jobs and name in {"professional", "gemeente_medewerker"} else None
                return name, job
        return "burger", None

    def has_role_word(self, text: str) -> bool:
        key = f" {fold(text)} "
        return any(f" {fold(w)} " in key for words in self.vocabulary.roles.values() for w in words)

    def role_label(self, name: str | None) -> str:
        return self.vocabulary.role_labels.get(name or "", UNKNOWN)

    def correction(self, text: str) -> tuple[str | None, str | None]:
        """(field, new value) of a correction said in words at the summary.

        "niet Amersfoort maar Leusden" -> ("gemeente", "Leusden"); "de gemeente klopt niet" ->
        ("gemeente", None): the question is asked again. (None, None) when it names no part.
        """
        if "?" in (text or ""):
            return None, None  # "wie helpt mij nu?" asks something; it changes nothing
        new = corrected_part(text)
        if new:
            match = self.gemeenten.resolve(new)
            if match:
                return Slot.GEMEENTE, match.name
            category = self.place_type(new)
            if category != "anders":
                return Slot.PLACE_TYPE, category
        if len((text or "").split()) > 8:
            from bot.intake.intent_evidence import has_evidence

            if not has_evidence(Intent.CORRECT, text):
                # "nog iets. ... hij weet waar mijn familie woont" is more of the story, not a
                # change of the place (persona run, stop 28: the threat was lost)
                return None, None
        return self.correction_field(text), None

    def correction_field(self, text: str) -> str | None:
        """Which intake slot the user wants to change, from a button or free words."""
        key = fold(text)
        if key.replace(" ", "_") in FIELDS:
            return key.replace(" ", "_")
        for name, words in self.vocabulary.correction_fields.items():
            if _has_keyword(key, words):
                return name
        return None

    def interpret(self, slot: str, text: str | None, intent: str | None = None) -> Interpretation:
        """Turn the user's answer to the question for `slot` into slot values.

        An invalid answer sets the slot to None (the form asks again) and names a message
        that explains what went wrong, in Dutch, without repeating the user's words.
        """
        if text is not None and text.startswith("/") and intent != Intent.DONT_KNOW:
            # "Toch verder" of a stop that can no longer be undone: say that, not "wrong button"
            gone = text.strip() == UNDO_STOP_PAYLOAD
            return Interpretation({slot: None}, "undo_stop_gone" if gone else "answer_the_question")
        if text == DONT_KNOW_PAYLOAD or self.is_unknown(text):
            if slot == Slot.DESCRIPTION:
                return Interpretation({slot: None}, "tell_more")
            return Interpretation({slot: UNKNOWN}, "noted_unknown", recognised=True)
        answer = check_free_text(text, min_words=3 if slot == Slot.DESCRIPTION else 1)
        if answer.problem:
            return Interpretation({slot: None}, answer.problem)
        value = answer.value
        if answer.notice and slot in _LONG_TEXT_SLOTS:
            return Interpretation({slot: value}, answer.notice)
        if slot in (Slot.GEMEENTE, Slot.PLACE_TYPE):
            value = corrected_part(value) or value  # "niet Amersfoort maar Leusden"
        elif slot == Slot.REPORTER_ROLE:
            # "niet als burger maar voor mijn werk"; but "ik ben het zelf. het is mij" keeps its words
            part = corrected_part(value)
            before = value[:value.rfind(part)] if part else ""
            said_citizen = _says_citizen(value)
            value = part if part and not said_citizen and self.has_role_word(part) \
                and self.has_role_word(before) else value
        if slot == Slot.GEMEENTE:
            return self._gemeente(value)
        if slot == Slot.PLACE_TYPE:
            category = self.place_type(value)
            # "Arnhem" answers where, not what kind of place: ask again instead of "een andere plek"
            if category == "anders" and word_count(value) <= 3 and self.gemeenten.resolve(value):
                return Interpretation({slot: None}, "place_is_a_gemeente")
            return Interpretation({slot: category}, recognised=category != "anders")
        if slot == Slot.REPORTER_ROLE:
            if not self.has_role_word(value) and _answers_another_question(value):
                # "ja", "elke dag": a late answer to an earlier question, not "burger" by default
                return Interpretation({slot: None}, "role_unclear")
            name, job = self.role(value)
            return Interpretation({slot: name, Slot.PROFESSIONAL_ROLE: job},
                                  recognised=self.has_role_word(value))
        if slot in _LATE_ROLE_SLOTS and word_count(value) <= 4 and self.has_role_word(value) \
                and not _answers_another_question(value) and not re.search(r"\d", value):
            # "als burger", "ik ben wijkagent" to "Sinds wanneer?": the role, given early; ask again
            name, job = self.role(value)
            return Interpretation({slot: None, Slot.REPORTER_ROLE: name, Slot.PROFESSIONAL_ROLE: job},
                                  "role_noted_ask_again", recognised=True)
        if slot in (Slot.CONCERNS, Slot.FREQUENCY) and _only_a_count(value, self.parse_people(value)):
            # "een stuk of vier" to another question: how many people, after that question was
            # skipped because the story named them; noted with them, the question comes again
            return Interpretation({slot: None, Slot.PEOPLE: value}, "people_noted_ask_again", recognised=True)
        if slot == Slot.PEOPLE:
            # A new answer (also a correction) decides the flag again: "12 volwassen mannen"
            # after "10 of 12" must not leave a child behind.
            return Interpretation({slot: value, Slot.MINOR: self.parse_people(value).minor_mentioned})
        return Interpretation({slot: value})

    def _gemeente(self, value: str) -> Interpretation:
        match = self.gemeenten.resolve(value)
        if match:
            return Interpretation({Slot.GEMEENTE: match.name}, recognised=True)
        choices = [c.name for c in self.gemeenten.candidates(value)]
        if choices:
            return Interpretation({Slot.GEMEENTE: None}, "gemeente_choose", choices)
        return Interpretation({Slot.GEMEENTE: None}, "gemeente_unknown")
