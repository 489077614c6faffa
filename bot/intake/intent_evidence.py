"""Intents whose mistakes cost the user something need words that say so.

The NLU learns intents from example sentences, and a short answer to an intake question can
land in any of them: "sinds de zomer" read as `followup` opened the code question, "vorige
week" at the summary read as `correct`, "ze krijgen bijna geen geld" read as `dont_know`
would be stored as "weet ik niet", and "greenhouse" read as `stop` asked "Wil je stoppen?".
Each of these intents moves the conversation somewhere the user did not ask to go, so a
message only keeps one of them when it holds a word that belongs to it (a code, "aanvullen",
"klopt niet", "weet ik niet", "stop" ...). Otherwise the next intent in the ranking is used.

The word lists are deliberately wide: they only have to tell a request apart from an answer
that happens to look like one, never to recognise every phrasing on their own.
"""
from __future__ import annotations

import re

from bot.intake.contract import Intent
from bot.textnorm import fold
from bot.intake.turns import code_in, delete_request, is_clear_stop

_FOLLOWUP = re.compile(
    r"\b(?:aanvul\w*|aanvull\w*|toevoeg\w*|toe te voegen|voeg\w* \w+ toe|erbij|bijgekomen|bij zetten|bijzetten"
    r"|eerder\w*|vorige (?:keer|melding)|oude melding|mijn melding\w*|de melding|melding (?:van|die)|al (?:eens |een )?"
    r"(?:gemeld|melding)|referentiecode|code|vervolg|(?:iets|heb|had|hebben) gemeld|nieuwe ontwikkeling\w*|nieuwe info\w*|meer info\w*|extra info\w*|melder|vergeten)\b")
_STOP = re.compile(
    r"\b(?:stop\w*|ophoud\w*|op ?houden|hou\w* (?:maar )?op|kap\w*|wis\w*|verwijder\w*|weg\w*|annuleer\w*|annuler\w*"
    r"|cancel\w*|afbre\w*|breek\w*|beeindig\w*|laat (?:maar|ook)|vergeet|intrek\w*|trek\w* \w+ (?:in|terug)|terug"
    r"|niet meer|geen melding|niks (?:meer )?melden|niets (?:meer )?melden|eruit|opnieuw|spijt|bedacht|niet mee"
    r"|niet (?:verder|door)|niet(?: \w+){0,3} (?:opgesla\w*|bewaard|opslaan|bewaren)|niks opslaan|niets opslaan|quit|exit|klaar|genoeg|einde)\b")
# "weet" only with a "niet" ("weet ik niet", "wist ik het maar"): "weet jasmijn dat ik het was?" asks something
_KNOW_NOT = re.compile(r"\b(?:weet\w*|weten|wist)\b.*\b(?:niet|nie|geen|veel|maar|nooit)\b"
                       r"|\b(?:niet|nie|geen)\b.*\b(?:weet\w*|weten|wist)\b")
_DONT_KNOW = re.compile(
    r"\b(?:weet\w*nie\w*|weetikveel|kweenie|kweet\w*|idee|benul|onbekend|bekend|nvt|n v t|van toepassing|idk|twijfel\w*"
    r"|misschien|onduidelijk|inschatten|vergeten|zicht|niet (?:goed )?(?:zeggen|zien|gezien|gezegd)|te zeggen|ken ik niet"
    r"|geen flauw)\b")
_CORRECT = re.compile(
    r"\b(?:klopt niet|klopten niet|kloppen niet|fout\w*|verkeerd\w*|aanpass\w*|aangepast|ander\w*|pas \w+(?: \w+)? aan|wijzig\w*"
    r"|verander\w*|corrig\w*|corrector|verbeter\w*|vergis\w*|bedoel\w*|typefout|oeps|herschrijv\w*|anders zeggen"
    r"|vorige vraag|terug naar|moet \w+(?: \w+)? zijn)\b"
    r"|^nee\b|\b(?:niet|geen)\b.+\bmaar\b")
_NEVER_MIND = re.compile(r"\blaat (?:maar|ook maar)(?: zitten)?\b(?=\s*[.,;!]+\s*\w+\W+\w+)")
_CONTRAST = re.compile(r",\s*(?:niet|geen)\b", re.I)
_STATUS = re.compile(
    r"\b(?:verstuur\w*|verzond\w*|verzend\w*|verzonden|bewaar\w*|opgesla\w*|opslaan|doorgestuur\w*|aangekom\w*"
    r"|ontvang\w*|gekregen|code|status|gelukt|gedaan|melding|systeem|bevestig\w*|onderweg|hangen|staat het"
    r"|gebeurt er|gebeurd|nieuws|niks (?:meer )?gehoord|niets (?:meer )?gehoord|gaan kijken|weten jullie|gegaan|verhaal|doorgestuurd|goed gegaan|afgehandeld)\b")

# "wie ziet mijn melding?" is a question, not a request to delete it (stop 29)
_DELETE = re.compile(
    r"\b(?:verwijder\w*|wis|wiss\w*|gewist|weg\w*|intrek\w*|ingetrokken|trek\w*(?: \w+){1,3} (?:in|terug)|terug ?getrokken|schrap\w*"
    r"|annuleer\w*|annuler\w*|vernietig\w*|uit het systeem|ongedaan|terugdraai\w*|terug ?trekken|delete|remove"
    r"|vergeten|niet (?:meer )?(?:\w+ ){0,4}(?:bewaard|bewaren|opgeslagen)|niet (?:meer )?bestaan|kwijt|eruit"
    r"|opruim\w*|code)\b")
_UNDO = re.compile(
    r"\b(?:verder\w*|door\w*|terug\w*|per ongeluk|perongeluk|ongedaan|oeps|vergis\w*|verkeerd\w*|fout\w*|typfout"
    r"|niet (?:stoppen|wissen|weg\w*|alles)|wis het niet|toch|wacht|nog niet klaar|er weer|ben terug|kwijt|nog"
    r"|bedoel\w*|bedoeling|gleed|sorry|niet stop|zei niet|ben ik weer)\b|^nee\b")
_SHRUG = ("\U0001f937",)  # 🤷 and its gendered forms start with this code point


def has_evidence(intent: str | None, text: str | None) -> bool:
    """True unless `intent` is one of the costly intents and `text` holds none of its words.
    Button payloads ("/stop") always keep their intent."""
    raw = (text or "").strip()
    if not raw or raw.startswith("/"):
        return True
    folded = fold(raw)
    if intent == Intent.FOLLOWUP:
        return code_in(raw) is not None or bool(_FOLLOWUP.search(folded))
    if intent == Intent.STOP:
        # "dat vroeg ik niet maar laat maar. Ja, dit klopt" (persona run, stop 28): a "laat maar"
        # that more words follow drops a remark, it does not end the conversation
        folded = fold(_NEVER_MIND.sub(" ", raw.casefold()))
        return bool(_STOP.search(folded)) or "\U0001f6d1" in raw  # 🛑
    if intent == Intent.DONT_KNOW:
        return (bool(_DONT_KNOW.search(folded) or _KNOW_NOT.search(folded)) or not folded
                or any(s in raw for s in _SHRUG))
    if intent == Intent.CORRECT:
        return bool(_CORRECT.search(folded)) or bool(_CONTRAST.search(raw))
    if intent == Intent.ASK_STATUS:
        return bool(_STATUS.search(folded))
    if intent == Intent.DELETE_REPORT:
        return code_in(raw) is not None or bool(_DELETE.search(folded))
    if intent == Intent.UNDO_STOP:
        return bool(_UNDO.search(folded))  # "Nu wissen" (a button's title, typed) is no undo
    return True


def certain_intent(text: str | None) -> str | None:
    """An intent the words decide on their own, whatever the NLU read: "verwijder melding
    HPV8-7587-6WR5" (a delete word and a well-formed code) is a request to delete. The code's
    characters are random, so the NLU's reading of such a message varied from code to code."""
    if delete_request(text) is not None:
        return Intent.DELETE_REPORT
    if is_clear_stop(text) and fold(text or "") not in _AFTER_STOP_BUTTONS:
        return Intent.STOP  # "Stoppen, niets bewaren" typed at another question: a stop
    return None


#: titles of the buttons shown after a stop; they answer that stop and have rules of their own
_AFTER_STOP_BUTTONS = frozenset({"nu wissen"})


#: below this, the answer picked for a message that is no question is a guess (stop 29)
STATEMENT_FAQ_CONFIDENCE = 0.5


def faq_without_question(text: str | None, answer_confidence: float) -> bool:
    """A `faq` reading of a message that asks nothing, and whose answer the selector is unsure
    of, is no question: "ja heb gebeld", "hou op met vragen" and a story about matrasses in a
    canteen were read as `faq` (with a guessed answer) by a model with many more FAQ examples.
    The intent ranked next is what the message is."""
    from bot.intake.turns import looks_like_question

    raw = (text or "").strip()
    if not raw or raw.startswith("/") or looks_like_question(raw) or _DOUBT.search(fold(raw)):
        return False
    return answer_confidence < STATEMENT_FAQ_CONFIDENCE


# "ik weet niet of ik hier goed zit" asks without a question mark: the doubt is answered
_DOUBT = re.compile(r"\b(?:weet\s+(?:ik\s+)?(?:eigenlijk\s+|echt\s+)?(?:nie|niet)\s+(?:zo\s+goed\s+|goed\s+)?(?:of|wat|hoe|waar)"
                    r"|twijfel\w*)\b")


#: the intents `has_evidence` can take away
GATED_INTENTS = frozenset({Intent.FOLLOWUP, Intent.STOP, Intent.DONT_KNOW, Intent.CORRECT, Intent.ASK_STATUS,
                           Intent.UNDO_STOP, Intent.DELETE_REPORT})
