"""Answers to the common questions (retrieval intent `faq`): the answer text the response
selector picked from data/nlu/faq.yml. A question it cannot place gets the short list of
what it can answer, never a guess."""
from __future__ import annotations

import logging
import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest, respond, say, services
from bot.guidance.professional import professional_answer, self_description
from bot.intake.contract import FAQ_CONFIDENCE, KEY_OF_QUESTION, QUESTION_KEYS, Intent, Phase, Response, Slot, faq_pick
from bot.textnorm import fold
from bot.vocab import GEMEENTE_MEDEWERKER, PROFESSIONAL, SLACHTOFFER, UNKNOWN

log = logging.getLogger(__name__)


#: A question inside another message (an answer, a story; only when it has a sentence ending in
#: "?") is answered when the selector is this sure (it ranks the 44 answers for the whole
#: message; measured: 0.36-0.9 for such questions, under 0.3 for most statements).
MIXED_FAQ_CONFIDENCE = 0.35


def selected_answer(message: dict, minimum: float = FAQ_CONFIDENCE) -> tuple[str | None, str | None]:
    """(key, answer text) the response selector chose for the latest message, or (None, None).
    Keys answered by an action of their own (where to report, help for the writer) have no
    text here: their action answers them."""
    selector = (message.get("response_selector") or {}).get(Intent.FAQ) or {}
    response = selector.get("response") or {}
    texts = [r.get("text") for r in response.get("responses") or [] if r.get("text")]
    key, confidence = faq_pick(message)
    if not texts or not key or confidence < minimum or key in _ANSWERED_BY_ACTION:
        return None, None
    return key, texts[0]


def answer_or(dispatcher: CollectingDispatcher, tracker: Tracker, minimum: float, otherwise: str) -> None:
    """The selector's answer to a question inside another message, or the text `otherwise`."""
    _, answer = selected_answer(tracker.latest_message or {}, minimum)
    if answer:
        dispatcher.utter_message(text=answer)
    else:
        say(dispatcher, otherwise)


_ANSWERED_BY_ACTION = {key for key, intent in QUESTION_KEYS.items()
                       if intent in (Intent.ASK_WHERE_TO_REPORT, Intent.ASK_VICTIM_HELP)}


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        intent = latest(tracker)[1]
        from actions.flow import clears_danger

        cleared = clears_danger(dispatcher, tracker)  # "112?? nee er gebeurt nu niks hoor"
        if cleared is not None:
            return cleared
        if intent == Intent.ASK_WHERE_TO_REPORT:
            return await ActionWhereToReport().run(dispatcher, tracker, domain)
        if intent == Intent.ASK_VICTIM_HELP:
            return await ActionVictimHelp().run(dispatcher, tracker, domain)
        if _victim_asking_for_themself(tracker):
            respond(dispatcher, Response.VICTIM_HELP)  # "wie helpt mij nu?": help, not a general answer
            return []
        if intent in KEY_OF_QUESTION and (tracker.latest_message or {}).get("intent", {}).get("name") == intent:
            # the intent itself (a button payload): the answer of its key
            dispatcher.utter_message(response=KEY_OF_QUESTION[intent].replace("faq/", "utter_faq/", 1))
            return []
        key, text = selected_answer(tracker.latest_message or {})
        if text is None:
            if not (tracker.active_loop or {}).get("name"):
                from actions.intake import story_instead

                story = await story_instead(dispatcher, tracker, domain)  # no question: a story
                if story is not None:
                    return story
            say(dispatcher, "faq_unsure")
            return []
        log.info("faq answered: %s", key)  # the key only, never the question
        dispatcher.utter_message(text=text)
        # a role and gemeente named in the question are kept: the intake will not ask them again
        events, _, _ = read_role_and_gemeente(dispatcher, tracker, latest(tracker)[0])
        return events


_FIRST_PERSON = re.compile(r"\b(?:ik|mij|me|mijn|mezelf|mijzelf)\b")
# asking help for oneself ("wie helpt mij nu?", "waar kan ik heen?"), not any question in the
# first person ("kunnen die jongens weten dat ik het was?" has its own answer)
_ASKS_HELP = re.compile(r"\b(?:help\w*|hulp|opvang|slaapplek|veilige plek|waar kan ik heen|wat moet ik doen"
                        r"|wat kan ik doen|wie kan mij|wie kan me)\b")


def _victim_asking_for_themself(tracker: Tracker) -> bool:
    """Someone who said they are exploited themself and now asks help for themself."""
    victim = tracker.get_slot(Slot.VICTIM_HELPED) or tracker.get_slot(Slot.REPORTER_ROLE) == SLACHTOFFER
    text = fold(latest(tracker)[0])
    return bool(victim and _FIRST_PERSON.search(text) and _ASKS_HELP.search(text))


# someone close to the writer, the one the message is about ("ik maak me zorgen over mijn kleinzoon")
_SOMEONE_ELSE = re.compile(r"\b(?:mijn|mn|m'n|onze|ons)\s+(?:klein)?(?:zoon|dochter|kind|kinderen|zoontje|dochtertje)\b"
                           r"|\b(?:mijn|mn|m'n|onze)\s+(?:klein\w+|neef|nicht|nichtje|broer\w*|zus\w*|vriend\w*|buur\w*"
                           r"|collega|collega's|cliënt|client|clienten|cliënten|leerling\w*|patiënt\w*|patient\w*|oom|tante)\b")
# the writer's own plight ("ik moet werken", "help mij", "ik word bedreigd")
_OWN_PLIGHT = re.compile(r"\b(?:ik\s+(?:moet|word|werd|mag|kan\s+niet|durf|ben\s+bang)|help\s+(?:mij|me)|mij\s+helpen"
                         r"|me\s+helpen|ik\s+heb\s+hulp|wij\s+moeten|we\s+moeten|en\s+ik|help\w*\s+ons|ons\s+helpen)\b")


def _about_someone_else(text: str) -> bool:
    """The message is about a grandson, a friend, a client: not the writer asking help for themself."""
    folded = fold(text)
    return bool(_SOMEONE_ELSE.search(folded)) and not _OWN_PLIGHT.search(folded)


class ActionVictimHelp(Action):
    """"Wie helpt mij?": the help for victims (CoMensha, FairWork, non-punishment). Not when the
    message is about someone else (persona run: a grandmother about her grandson got "Gaat het
    over jou?" twice); then a question gets a short pointer and a story starts the intake."""

    def name(self) -> str:
        return "action_victim_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = latest(tracker)[0]
        if _about_someone_else(text):
            if "?" in text:
                say(dispatcher, "help_for_someone_else")
            return []
        respond(dispatcher, Response.VICTIM_HELP)
        return []


class ActionOutOfScope(Action):
    """Outside what Niet-pluis does, unless someone exploited themself asks it: "ik wil weg
    vandaag, waar kan ik slapen? en mijn paspoort?" is their plight, not small talk (persona
    run, stop 29: a victim heard "Daar kan ik je niet mee helpen")."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        victim = tracker.get_slot(Slot.VICTIM_HELPED) or tracker.get_slot(Slot.REPORTER_ROLE) == SLACHTOFFER
        if not victim:
            respond(dispatcher, Response.OUT_OF_SCOPE)
            return []
        _, answer = selected_answer(tracker.latest_message or {}, MIXED_FAQ_CONFIDENCE)
        if answer:
            dispatcher.utter_message(text=answer)
        else:
            respond(dispatcher, Response.VICTIM_HELP)
        return []


#: words about this chat itself: "ben jij een robot?", "hoe werkt dit?"
_ABOUT_THE_BOT = re.compile(r"\b(?:bot|chatbot|robot|computer\w*|programma|mens|persoon|ai|chatgpt|jij|je|jullie"
                            r"|chat|dit|hier|menu|uitleg)\b")


class ActionBotChallenge(Action):
    """"Ben jij een robot?", "wat moet ik doen?": who we are and what can be done. Right after
    the 112 alert, "wat moet ik doen 😭" asks about the danger, not about the chat (persona
    run, stop 27: a girl whose friend was in a man's car got "Ik ben een computerprogramma")."""

    def name(self) -> str:
        return "action_bot_challenge"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = fold(latest(tracker)[0])
        if tracker.get_slot(Slot.ACUTE) and tracker.get_slot(Slot.PHASE) == Phase.AFTER_ACUTE \
                and not _ABOUT_THE_BOT.search(text):
            respond(dispatcher, Response.ACUTE_112)
            return []
        respond(dispatcher, "utter_bot_challenge")
        return []


class ActionWhereToReport(Action):
    """"Waar meld ik dit?": for a professional the municipal route with the gemeente's contact
    and the duties of their role; for anyone else the public routes. Role and gemeente named
    in the question are kept, so the intake does not ask them again."""

    def name(self) -> str:
        return "action_where_to_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = latest(tracker)[0]
        events, role_key, gemeente = read_role_and_gemeente(dispatcher, tracker, text)
        in_intake = bool((tracker.active_loop or {}).get("name"))
        if not in_intake:
            from actions.intake import story_instead

            # "boa westland. 14 arbeiders aangetroffen in loods. wil melden": a report, not a
            # question; the story is kept and the intake starts (the route comes at the end)
            story = await story_instead(dispatcher, tracker, domain)
            if story is not None:
                return events + story
        if role_key is None:
            say(dispatcher, "where_to_report_citizen")
            return events
        svc = services()
        for paragraph in professional_answer(svc.guidance, svc.policy, role_key, gemeente):
            dispatcher.utter_message(text=paragraph)
        if not in_intake:
            say(dispatcher, "where_to_report_offer")
        return events


def read_role_and_gemeente(dispatcher: CollectingDispatcher, tracker: Tracker,
                           text: str) -> tuple[list[EventType], str | None, str | None]:
    """Events for a professional role and gemeente the message names (said back so they can be
    corrected), the guidance role key (None when no professional), and the gemeente."""
    svc = services()
    events: list[EventType] = []
    role = svc.guidance.role_in(self_description(text))
    named_gemeente = svc.gemeenten.mentioned(text)
    gemeente = tracker.get_slot(Slot.GEMEENTE) or named_gemeente
    if named_gemeente and not tracker.get_slot(Slot.GEMEENTE):
        events.append(SlotSet(Slot.GEMEENTE, named_gemeente))
    if role is not None:
        if tracker.get_slot(Slot.REPORTER_ROLE) in (None, UNKNOWN):
            events += [SlotSet(Slot.REPORTER_ROLE, GEMEENTE_MEDEWERKER if role.municipal else PROFESSIONAL),
                       SlotSet(Slot.PROFESSIONAL_ROLE, role.label)]
        say(dispatcher, "role_understood", role=role.label,
            where=f" in {gemeente}" if gemeente else "")
        return events, role.key, gemeente
    if tracker.get_slot(Slot.REPORTER_ROLE) in (PROFESSIONAL, GEMEENTE_MEDEWERKER):
        known = svc.guidance.role_in(tracker.get_slot(Slot.PROFESSIONAL_ROLE))
        return events, known.key if known else "anders", gemeente
    return events, None, gemeente
