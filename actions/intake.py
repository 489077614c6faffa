"""The intake form: which answer fills which slot, and what the assessment adds."""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import choice_buttons, latest, respond, say
from bot import assess, intake

log = logging.getLogger(__name__)


async def assessment_events(text: str, tracker: Tracker) -> list[EventType]:
    """Slots from classifying the description; off the event loop (CPU work)."""
    try:
        result = await asyncio.to_thread(
            assess.classify, text, tracker.get_slot("reporter_role"), tracker.get_slot("gemeente"))
    except Exception:  # the intake must go on even if the classifier fails
        log.exception("classification failed")
        return []
    events: list[EventType] = [
        SlotSet("possible_form", result.form),
        SlotSet("signal_ids", [s.id for s in result.signals]),
    ]
    if result.minor:
        events.append(SlotSet("minor", True))
    if result.acute:
        events.append(SlotSet("acute", True))
    return events


async def detect_acute(text: str, intent: str | None, confidence: float = 1.0) -> bool:
    """The classifier's acute signals decide; a very confident acute intent also counts."""
    if intent == "acute_danger" and confidence >= 0.9:
        return True
    if not text:
        return False
    try:
        return await asyncio.to_thread(assess.is_acute, text)
    except Exception:
        log.exception("acute check failed")
        return False


class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slot = tracker.get_slot("requested_slot")
        if not slot:
            return []
        text, intent, confidence = latest(tracker)
        result = intake.interpret(slot, text, intent)
        if intake.is_interruption(slot, tracker.latest_message.get("text") or "", intent,
                                  confidence, result.recognised):
            return []  # the form rejects; a rule answers, then the form asks again
        events: list[EventType] = []
        if await detect_acute(text, intent, confidence):
            respond(dispatcher, "utter_acute_112")
            events.append(SlotSet("acute", True))
            if slot not in {"description", "concerns"}:
                # Not an answer to this question, but never lose what was said.
                earlier = tracker.get_slot("description") or ""
                events.append(SlotSet("description", f"{earlier}\n{text}".strip()))
                return events + [SlotSet(slot, None)]
        if result.choices:
            say(dispatcher, result.response, buttons=choice_buttons(result.choices))
        elif result.response and not (events and result.response == "noted_unknown"):
            say(dispatcher, result.response)
        events += [SlotSet(k, v) for k, v in result.slots.items()]
        if slot == "description" and result.slots.get("description"):
            events += await assessment_events(result.slots["description"], tracker)
        return events


class ActionCaptureDescription(Action):
    """A first message that already tells the story: keep it as the description."""

    def name(self) -> str:
        return "action_capture_description"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text, intent, _ = latest(tracker)
        result = intake.interpret("description", text, intent)
        if not result.slots.get("description"):
            return []
        events: list[EventType] = [SlotSet("description", result.slots["description"])]
        if await detect_acute(text, intent):
            respond(dispatcher, "utter_acute_112")
            events.append(SlotSet("acute", True))
        return events + await assessment_events(result.slots["description"], tracker)


class AskAction(Action):
    """Ask the question for one slot (texts in data/messages.yml: ask_<slot>)."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        say(dispatcher, f"ask_{self.slot}")
        return []


def _ask(slot: str) -> type[AskAction]:
    return type(f"AskAction_{slot}", (AskAction,), {"slot": slot})


AskDescription = _ask("description")
AskGemeente = _ask("gemeente")
AskPlaceType = _ask("place_type")
AskPeople = _ask("people")
AskFrequency = _ask("frequency")
AskReporterRole = _ask("reporter_role")
AskCorrectionField = _ask("correction_field")
AskFollowupCode = _ask("followup_code")
AskFollowupText = _ask("followup_text")


class AskConcerns(AskAction):
    """Ask what worries the user, aimed at what the description does not say yet."""

    slot = "concerns"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        question = None
        description = tracker.get_slot("description")
        if description:
            try:
                question = await asyncio.to_thread(_followup_question, description)
            except Exception:
                log.exception("follow-up question failed")
        if question:
            dispatcher.utter_message(text=question,
                                     buttons=[{"title": "Weet ik niet", "payload": "/dont_know"}])
        else:
            say(dispatcher, "ask_concerns")
        return []


def _followup_question(description: str) -> str | None:
    from bot.signals import get_classifier

    classifier = get_classifier()
    questions = classifier.followup_questions(classifier.classify(description), limit=1)
    return questions[0][1] if questions else None
