"""An anonymous follow-up: the reporter comes back with the reference code."""
from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest, say, services
from bot.intake.contract import Slot
from bot.intake.turns import is_interruption

log = logging.getLogger(__name__)


class ValidateFollowupForm(FormValidationAction):
    def name(self) -> str:
        return "validate_followup_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slot = tracker.get_slot(Slot.REQUESTED)
        text, intent, confidence = latest(tracker)
        if slot not in {Slot.FOLLOWUP_CODE, Slot.FOLLOWUP_TEXT}:
            return []
        if slot == Slot.FOLLOWUP_CODE:
            reference = await asyncio.to_thread(services().reports.known_reference, text)
            if is_interruption(slot, text, intent, confidence, reference is not None):
                return []
            if not reference:
                say(dispatcher, "followup_code_unknown")
            return [SlotSet(Slot.FOLLOWUP_CODE, reference)]
        if is_interruption(Slot.DESCRIPTION, text, intent, confidence):
            return []
        result = services().answers.interpret(Slot.DESCRIPTION, text, intent)
        if result.response:
            say(dispatcher, result.response)
        return [SlotSet(Slot.FOLLOWUP_TEXT, result.slots[Slot.DESCRIPTION])]


class ActionSubmitFollowup(Action):
    def name(self) -> str:
        return "action_submit_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        reference = tracker.get_slot(Slot.FOLLOWUP_CODE)
        try:
            queued = await asyncio.to_thread(services().reports.add_followup, reference,
                                             tracker.get_slot(Slot.FOLLOWUP_TEXT))
        except Exception:
            log.exception("storing the follow-up failed")
            say(dispatcher, "report_failed")
            return []
        say(dispatcher, "followup_sent" if queued else "followup_saved", reference=reference)
        return [SlotSet(Slot.FOLLOWUP_CODE, None), SlotSet(Slot.FOLLOWUP_TEXT, None)]
