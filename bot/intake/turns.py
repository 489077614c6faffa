"""One turn of the intake: is a message an answer to the question asked, or something else
(a question, a remark, a stop) that a rule should handle before the question is asked again?

Stopping wipes what the user told, so only a clear request stops at once: the stop button
or a message that is nothing but a request to stop. Anything less that the NLU reads as
"stop" gets "Wil je stoppen?" first (`asks_to_stop`), and a known answer to the question
("schiedam, staat er toch in") is an answer, whatever the NLU thinks.
"""
from __future__ import annotations

import re

from bot.intake.contract import (AFFIRM_PAYLOAD, DENY_PAYLOAD, QUESTION_CONFIDENCE, SOCIAL_CONFIDENCE, STOP_PAYLOAD, Intent,
                                 Slot)
from bot.store.codes import InvalidReferenceCode, normalize_reference_code
from bot.textnorm import fold, word_count

# Intents that, said briefly, are a question or remark to answer rather than an answer
# to the question the form asked. Long texts are always answers: a story that happens to
# mention "stop" or "politie" must never be thrown away.
INTERRUPTING_INTENTS = frozenset({
    Intent.STOP, Intent.GREET, Intent.GOODBYE, Intent.THANK, Intent.BOT_CHALLENGE,
    Intent.ASK_ANONYMITY, Intent.ASK_EXPLAIN, Intent.ASK_WHERE_TO_REPORT, Intent.INSULT,
    Intent.OUT_OF_SCOPE, Intent.OTHER_LANGUAGE, Intent.CORRECT, Intent.ACUTE_DANGER,
    Intent.START_REPORT, Intent.ASK_STATUS, Intent.DELETE_REPORT, Intent.ASK_VICTIM_HELP, Intent.FAQ,
})
# Whole messages that only ask to stop (folded: no case, accents or punctuation).
CLEAR_STOPS = frozenset({
    "stop", "stoppen", "stop maar", "stop ermee", "stop hiermee", "stop alsjeblieft",
    "stop alstublieft", "stop stop", "stop stop stop", "ik stop", "ik wil stoppen",
    "ik wil hiermee stoppen", "ik wil nu stoppen", "ik wil stoppen met dit gesprek",
    "verwijder mijn gesprek", "verwijder alles", "wis alles",
    "wis mijn gesprek", "wis dit gesprek", "annuleer", "annuleren", "afbreken", "cancel",
    # the stop buttons' titles, typed
    "nu wissen", "ja stoppen en wissen", "stoppen en wissen", "ja stoppen", "stoppen niets bewaren",
})
# Questions with a closed set of answers: anything but a known value is no answer anyway.
# (Any words answer the place question: "voor de ingang van de supermarkt" is a place.)
_CLOSED_SLOTS = frozenset({Slot.GEMEENTE, Slot.REPORTER_ROLE, Slot.CORRECTION_FIELD})
_SOCIAL_INTENTS = frozenset({Intent.GREET, Intent.GOODBYE, Intent.THANK, Intent.INSULT,
                             Intent.OTHER_LANGUAGE})
_QUESTION_WORDS = frozenset({"wat", "wie", "waarom", "hoe", "waar", "wanneer", "is", "ben",
                             "kan", "kun", "mag", "moet", "wordt", "word", "zijn", "heb", "welke"})
_STOP_QUESTION_WORDS = 8
_CODE = re.compile(r"\b[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}\b")
_DELETE_WORDS = frozenset({"verwijder", "verwijderen", "verwijderd", "wis", "wissen", "gewist",
                           "intrekken", "weg", "weghalen"})


def is_clear_stop(text: str | None) -> bool:
    """The stop button, or a message that is only a request to stop (not a question)."""
    raw = (text or "").strip()
    return raw == STOP_PAYLOAD or ("?" not in raw and fold(raw) in CLEAR_STOPS)


# "Dank u wel. Ik wil nu niets melden. Fijne dag nog.": whatever the NLU read, not an answer
_QUITS = re.compile(r"\bik wil (?:nu |toch |dan |verder |nog |eigenlijk |(?:nog )?even )?(?:(?:niets|niks) (?:meer )?melden|geen melding (?:meer )?"
                    r"(?:doen|maken)|niet (?:meer )?melden)\b")


def asks_to_stop(text: str, intent: str | None, recognised: bool = False) -> bool:
    """A short message the NLU reads as stop, that is no clear stop and no known answer:
    ask "Wil je stoppen?" instead of wiping anything. Saying one does not want to report
    asks it too, at any length."""
    if not recognised and not is_clear_stop(text) and _QUITS.search(fold(text or "")):
        return True
    return (intent == Intent.STOP and not recognised and not is_clear_stop(text)
            and word_count(text) <= _STOP_QUESTION_WORDS and not _about_others(text)
            and not _NOT_STOPPING.search(fold(text)))


#: "ik wil niet stoppen", "niet wissen", "nee ga verder": the opposite of a stop
_NOT_STOPPING = re.compile(r"\b(niet|geen|nooit) (stop|stoppen|wissen|weg|ophouden)\b|\bga (maar )?(door|verder)\b")


def goes_on(text: str, intent: str | None) -> bool:
    """The answer to "Wil je stoppen?" is no: "nee!", "niet wissen", "ga verder", "Toch verder"."""
    folded = fold(text or "")
    return (intent in (Intent.DENY, Intent.UNDO_STOP) or folded.startswith("nee")
            or bool(_NOT_STOPPING.search(folded)) or (text or "").strip() == DENY_PAYLOAD)


# Whole messages that only say "go on" (folded), e.g. a button title typed again after the
# assistant already went on: no answer to whatever question is open now.
GO_ON_ONLY = frozenset({"verder", "ga verder", "ga maar verder", "verder met mijn melding",
                        "ik wil verder met mijn melding", "door", "ga door", "ga maar door", "doorgaan"})


def only_goes_on(text: str) -> bool:
    return fold(text or "") in GO_ON_ONLY


_OTHERS = {"ze", "zij", "hij", "hun", "hen", "haar", "hem", "die", "men", "mensen", "mannen", "vrouwen"}


def _about_others(text: str) -> bool:
    """"ze willen stoppen maar mogen niet" is about the people seen, not about this chat."""
    return bool(set(fold(text or "").split()) & _OTHERS)


_NEVER_MIND = frozenset({
    "laat maar", "laat maar zitten", "laat ook maar", "toch niet", "nee toch niet", "niks", "niets",
    "klopt toch", "het klopt toch", "het klopt wel", "klopt wel", "hoeft niet", "nee hoeft niet",
    "toch niks", "niks aanpassen", "niets aanpassen", "ik hoef niks aan te passen", "nee", "terug",
    "het is goed zo", "is goed zo", "goed zo"})


def never_mind(text: str | None, intent: str | None = None) -> bool:
    """"laat maar" at "Wat wil je aanpassen?": change nothing (not: stop everything)."""
    return intent == Intent.DENY or fold(text or "") in _NEVER_MIND or (text or "").strip() == "/deny"


_YES_STARTS = ("ja", "jawel", "klopt", "dat klopt", "het klopt", "ja klopt", "ja dat klopt", "yes", "oke", "ok",
               "prima", "goed zo", "klopt wel", "ja hoor")


def starts_with_yes(text: str | None) -> bool:
    """"ja klopt wel, alleen ...": a yes, followed by a remark."""
    folded = fold(text or "")
    return any(folded == y or folded.startswith(y + " ") for y in _YES_STARTS) \
        and not folded.startswith(("ja maar", "klopt niet", "ja nee", "ok maar"))


# Sending needs a button press or a yes nobody can read otherwise (issue 12): "oké", "ja maar
# ...", "ja, alleen bewaren" get the choice again as buttons. Folded whole messages.
_SEND_WORDS = frozenset({
    "versturen", "verstuur", "verstuur maar", "verstuur het", "verstuur het maar", "stuur maar",
    "stuur het maar", "stuur het", "stuur maar door", "stuur het maar door", "ja stuur maar",
    "ja stuur het maar", "ja stuur het", "ja stuur maar door", "ja versturen", "ja verstuur maar",
    "ja verstuur het", "ja verstuur het maar", "ja je mag het sturen", "ja je mag het versturen",
    "ja graag versturen", "ja graag sturen", "ja stuur maar op", "opsturen", "ja opsturen"})
_PLAIN_YES = frozenset({
    "ja", "ja graag", "ja hoor", "jazeker", "ja zeker", "ja dat mag", "ja dat is goed", "ja doe maar",
    "ja prima", "ja is goed", "ja akkoord", "yes"})


def clear_yes_to_send(text: str | None, *, choice: bool = False) -> bool:
    """The send button, or a yes that can only mean "send it". At the three-way choice
    (send / keep / nothing) a bare "ja" says nothing: only words about sending count."""
    if (text or "").strip() == AFFIRM_PAYLOAD:
        return True
    folded = fold(text or "")
    return (folded in _SEND_WORDS or folded.startswith("versturen naar ")   # the button's title, typed
            or (not choice and folded in _PLAIN_YES))


_NOTHING = frozenset({
    "nee", "niets bewaren", "niks bewaren", "nee niets bewaren", "nee niks bewaren", "niets", "niks",
    "niet sturen", "nee niet sturen", "niets sturen", "niks sturen", "liever niet", "nee liever niet",
    "nee dank je", "nee bedankt", "niets bewaren en niets sturen", "niets sturen en niets bewaren"})


def wants_nothing(text: str | None) -> bool:
    """"niets bewaren" typed at the consent question: the NLU may read "bewaren" as keeping.
    Also as one sentence among others ("i dont know. nee, niets bewaren. ik bel fairwork")."""
    sentences = [text or ""] + re.split(r"(?<=[.!?])\s+", (text or "").strip())
    return any(fold(s) in _NOTHING for s in sentences)


_KEEP_WORDS = {"bewaar", "bewaren", "bewaard", "opslaan", "houden"}
_NOT_WORDS = {"niet", "geen", "nee", "niks", "niets", "nooit", "liever"}


_KEEP_NOT_SEND = re.compile(
    r"\b(?:niet|nie|niks|niets)\s+(?:versturen|sturen|verzenden|opsturen|doorsturen)\b.*\b(?:bewaren|bewaar|opslaan)\b"
    r"|\b(?:bewaren|bewaar|opslaan)\b.*\b(?:niet|nie|niks|niets)\s+(?:versturen|sturen|verzenden|opsturen|doorsturen)\b")
_NOT_KEEP = re.compile(r"\b(?:niet|nie|niets|niks|geen)\s+(?:bewaren|bewaar|opslaan)\b")


def keeps_not_sends(text: str | None) -> bool:
    """"nee nog nie versturen, wel bewaren": keeping without sending, said outright even where
    sending was asked (persona run, stop 27); never with "niets bewaren" in it."""
    folded = fold(text or "")
    return "?" not in (text or "") and bool(_KEEP_NOT_SEND.search(folded)) and not _NOT_KEEP.search(folded)


def asks_to_keep(text: str | None) -> bool:
    """A free-text yes to keeping a report: "wacht, toch wel bewaren", "bewaar het maar"."""
    words = set(fold(text or "").split())
    return bool(words & _KEEP_WORDS) and not words & _NOT_WORDS and "?" not in (text or "")


_NOT_SENDING = re.compile(r"\b(?:niet|niks|niets|geen)\b.*\b(?:versturen|verstuur|sturen|stuur|doorsturen"
                          r"|opsturen|verzenden|delen)\b")
_NOT_KEEPING = re.compile(r"\b(?:niet|niks|niets|geen)\s+(?:bewaren|bewaar|opslaan|houden)\b")
_YES_WORDS = ("ja", "oke", "ok", "okay", "prima", "goed", "is goed", "dat mag", "graag")


def yes_but_not_sending(text: str | None) -> bool:
    """"ja maar niet versturen", "oké, niks doorsturen": a yes to keeping where only keeping was
    asked (where sending was asked too, the same words get the three choices again)."""
    folded = fold(text or "")
    return (folded.startswith(_YES_WORDS) and bool(_NOT_SENDING.search(folded))
            and not _NOT_KEEPING.search(folded))


#: the words that announce an addition, left out of the addition itself
_ADDITION_WORDS = re.compile(r"(?i)\b(?:ik\s+wil\s+)?(?:graag\s+)?(?:iets\s+)?(?:mijn\s+|de\s+)?(?:melding\s+)?"
                             r"(?:aanvullen|aanvulling|toevoegen)\b(?:\s+(?:met|bij|op))?(?:\s+(?:de\s+|mijn\s+)?(?:meld)?code)?\s*:?"
                             r"|\b(?:met\s+|bij\s+)?(?:de\s+|mijn\s+)?(?:meld)?code\b\s*:?")


def addition_beside_code(text: str | None) -> str | None:
    """"Ik wil mijn melding aanvullen met code 0KJT-4ZXC-DKFN. Aanvulling: vannacht kwam ...":
    what the message adds beside the code and the words around it, when it tells something
    (six words or more), else None."""
    rest = " ".join(w for w in _ADDITION_WORDS.sub(" ", text or "").split() if not code_in(w))
    rest = rest.strip(" .,:;")
    return rest if len(rest.split()) >= 6 else None


def code_in(text: str | None) -> str | None:
    """The first well-formed reference code in a message, normalised, or None."""
    for candidate in _CODE.findall(text or ""):
        try:
            return normalize_reference_code(candidate)
        except InvalidReferenceCode:
            continue
    return None


_UNDO_WORDS = re.compile(r"\b(?:per ongeluk|perongeluk|per ongeluk gestopt|toch verder|ik wil verder|wil verder"
                         r"|ga verder|niet stoppen|niet wissen)\b")


def undoes_stop(text: str | None) -> bool:
    """Right after a stop: "nee sorry dat was per ongeluk!! ik wil verder" takes it back,
    whatever else the message says."""
    folded = fold(text or "")
    return bool(_UNDO_WORDS.search(folded)) or folded == "nee" or folded.startswith("nee ")


def delete_request(text: str | None) -> str | None:
    """The valid reference code in a request to delete ("verwijder melding K7QH-2MXD-9RW4",
    "ik wil het verwijderen, mijn code is ..."), or None."""
    words = set(fold(text or "").split())
    return code_in(text) if words & _DELETE_WORDS else None


def is_interruption(slot: str | None, text: str, intent: str | None, confidence: float,
                    recognised: bool = False) -> bool:
    """True when the message should be handled by a rule instead of filling `slot`.

    `recognised` means the text is a known answer to the question ("Den Bosch" to the
    gemeente question): then it is an answer, whatever the intent classifier thinks.
    """
    words = word_count(text)
    if is_clear_stop(text):
        return True
    if intent == Intent.NLU_FALLBACK and not recognised and looks_like_question(text) and words <= 12:
        return True  # a question we cannot place ("hoe laat is het?") must not fill the slot
    if recognised or intent not in INTERRUPTING_INTENTS or intent == Intent.STOP:
        return False  # a stop that is not clear: see asks_to_stop
    if intent == Intent.ACUTE_DANGER:
        return False  # danger is handled inside the turn: 112 first, nothing is lost
    if (text or "").startswith("/"):
        return True  # a button payload
    if intent == Intent.DELETE_REPORT:
        return delete_request(text) is not None
    if slot in _CLOSED_SLOTS:
        # a question with a question mark is never a gemeente or a role, however long
        limit = 40 if "?" in (text or "") else 12 if looks_like_question(text) else 8
        return confidence >= QUESTION_CONFIDENCE and words <= limit
    # Any text answers an open question ("vandaag, voor het eerst"); only a question back
    # or a short social remark is not an answer.
    if looks_like_question(text):
        return confidence >= QUESTION_CONFIDENCE and words <= 12
    return intent in _SOCIAL_INTENTS and confidence >= SOCIAL_CONFIDENCE and words <= 4


_ABOUT_DATA = re.compile(r"\b(?:gegevens|privacy|avg|anoniem|opgeslagen|wat gebeurt er|wie krijgt|wie ziet"
                         r"|wat doe je met|wat doen jullie met)\b")


def asks_about_data(text: str | None) -> bool:
    """"ja maar eerst wil ik weten wat er met de gegevens gebeurt": a question about privacy."""
    return bool(_ABOUT_DATA.search(fold(text or "")))


def looks_like_question(text: str) -> bool:
    words = fold(text).split()
    return "?" in (text or "") or bool(words and words[0] in _QUESTION_WORDS)


_DENIES_DANGER = re.compile(
    r"\b(?:(?:er\s+is\s+|is\s+er\s+|het\s+is\s+)?(?:nu\s+)?geen\s+(?:direct\s+|acuut\s+|echt\s+)?(?:gevaar|spoed|noodgeval)"
    r"|niet\s+(?:direct\s+|nu\s+|acuut\s+)?in\s+gevaar|(?:het\s+is\s+)?nu\s+niet\s+aan\s+de\s+gang|niet\s+acuut"
    r"|geen\s+112"
    # "er gebeurt nu niks hoor het is middag", "nu is er niks aan de hand" (persona run, stop 28)
    r"|(?:er\s+)?gebeurt\s+(?:er\s+)?(?:nu|op\s+dit\s+moment)\s+(?:niks|niets)|nu\s+gebeurt\s+er\s+(?:niks|niets)"
    r"|(?:er\s+is\s+|is\s+er\s+)?(?:nu\s+)?(?:niks|niets)\s+aan\s+de\s+hand"
    # "het gevaar is voorbij" (not "ze is weg": a girl gone may be the danger)
    r"|het\s+gevaar\s+is\s+(?:nu\s+)?(?:voorbij|over)"
    # "ze appt nu dat het oke is" (persona run, stop 27)
    r"|dat\s+het\s+(?:nu\s+)?(?:weer\s+)?(?:oke|ok|goed|veilig)\s+is|het\s+is\s+(?:nu\s+)?(?:weer\s+)?(?:oke|ok|veilig))\b")


_CALLED = re.compile(
    r"\b(?:heb|hebben|had|hadden|hebt|heeft)\b(?:\s+\w+){0,3}?\s+(?:112|politie|alarmnummer|ambulance|hulpdiensten|meldkamer)"
    r"(?:\s+\w+){0,2}?\s+gebeld\b"
    r"|\b(?:112|politie|ambulance)\s+(?:is\s+)?(?:al\s+|net\s+|zojuist\s+)?gebeld\b"
    r"|\b(?:al|toch|net|zojuist)\s+(?:112\s+)?gebeld\b|\bik\s+bel\s+(?:nu\s+)?112\b"
    r"|\b(?:politie|ambulance)\s+(?:is|komt)\s+(?:al\s+|nu\s+)?(?:onderweg|eraan|gekomen|er)\b")


def called_emergency(text: str | None) -> bool:
    """"ok ik heb 112 gebeld", "ik heb toch al gebeld??", "de politie is onderweg": help is called."""
    return bool(_CALLED.search(fold(text or "")))


def is_closed(slot: str | None) -> bool:
    """A question with a known set of answers (gemeente, role, which part)."""
    return slot in _CLOSED_SLOTS


def denies_danger(text: str | None) -> bool:
    """"er is geen direct gevaar hoor", "het is nu niet aan de gang": no danger now."""
    return bool(_DENIES_DANGER.search(fold(text or "")))


_WANTS_TO_ASK = re.compile(
    r"^(?:(?:nee|ho|wacht|sorry|eh|maar|oke|ok)\W+)*(?:ik\s+(?:wil|heb|had)\s+(?:ook\s+)?(?:nog\s+)?(?:eerst\s+)?"
    r"(?:een|iets|nog\s+een)\s+(?:andere\s+|ander\s+)?(?:vraag|vragen)|ik\s+wil\s+(?:ook\s+)?(?:nog\s+)?(?:eerst\s+)?"
    r"iets\s+(?:anders\s+)?vragen|mag\s+ik\s+(?:eerst\s+|nog\s+)?(?:iets|een\s+vraag)\s*(?:vragen|stellen)?"
    r"|eerst\s+een\s+vraag|(?:ik\s+)?(?:heb\s+)?(?:nog\s+)?een\s+vraag)(?:\s+(?:hoor|eerst|nog|tussendoor))*$")


def wants_to_ask(text: str | None) -> bool:
    """"ik wil ook nog iets anders vragen", "ik heb een vraag": the question is still to come."""
    return bool(_WANTS_TO_ASK.match(fold(text or "").strip()))


def split_question(text: str | None) -> tuple[str, str]:
    """(what is said, what is asked): sentences ending with "?" apart from the rest."""
    parts = re.split(r"(?<=[.!?])\s+", (text or "").strip())
    asked = " ".join(p for p in parts if p.rstrip().endswith("?"))
    said = " ".join(p for p in parts if not p.rstrip().endswith("?"))
    return said.strip(), asked.strip()


_ASKS_WHY = re.compile(r"^(?:\w+\W+){0,3}?waarom\s+(?:vraag\s+je|wil\s+je|moet\s+ik|is\s+(?:de|het|dat)|heb\s+je|"
                       r"vraag\s+jij|wil\s+jij|is\s+dat|dat|die)\b[^.!]{0,60}\??$")


def asks_why(text: str | None) -> bool:
    """"waarom is de gemeente nodig?", "waarom wil je dat weten?": why this question is asked."""
    return bool(_ASKS_WHY.match(fold(text or "").strip()))
