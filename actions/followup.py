"""An anonymous follow-up: the reporter comes back with the reference code."""
from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest, say
from bot import intake, reporting

log = logging.getLogger(__name__)


class ValidateFollowupForm(FormValidationAction):
    def name(self) -> str:
        return "validate_followup_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slot = tracker.get_slot("requested_slot")
        text, intent, confidence = latest(tracker)
        if slot not in {"followup_code", "followup_text"}:
            return []
        if slot == "followup_code":
            reference = await asyncio.to_thread(reporting.known_reference, text)
            if intake.is_interruption(slot, text, intent, confidence, reference is not None):
                return []
            if not reference:
                say(dispatcher, "followup_code_unknown")
            return [SlotSet("followup_code", reference)]
        if intake.is_interruption("description", text, intent, confidence):
            return []
        result = intake.interpret("description", text, intent)
        if result.response:
            say(dispatcher, result.response)
        return [SlotSet("followup_text", result.slots["description"])]


class ActionSubmitFollowup(Action):
    def name(self) -> str:
        return "action_submit_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        reference = tracker.get_slot("followup_code")
        try:
            queued = await asyncio.to_thread(reporting.add_followup, reference,
                                             tracker.get_slot("followup_text"))
        except Exception:
            log.exception("storing the follow-up failed")
            say(dispatcher, "report_failed")
            return []
        say(dispatcher, "followup_sent" if queued else "followup_saved", reference=reference)
        return [SlotSet("followup_code", None), SlotSet("followup_text", None)]
