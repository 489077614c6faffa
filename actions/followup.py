"""An anonymous follow-up: the reporter comes back with the reference code."""
from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest, report_state, respond, say, services, stop_check
from actions.intake import detect_acute
from bot.intake.contract import Intent, Response
from bot.textnorm import fold
from bot.intake.contract import Slot
from bot.intake.turns import addition_beside_code, code_in, is_interruption

log = logging.getLogger(__name__)


NO_CODE = "-"
_NO_CODE_WORDS = ("geen code", "geen meldcode", "code kwijt", "weet de code niet", "heb ik niet",
                  "nieuwe melding", "iets melden", "wil melden")


def _no_code(text: str, intent: str | None) -> bool:
    """"ik heb geen code", "weet ik niet", or wanting to report something new."""
    key = f" {fold(text)} "
    return (services().answers.is_unknown(text) or any(f" {w} " in key for w in _NO_CODE_WORDS)
            or intent in (Intent.START_REPORT, Intent.REPORT_SITUATION, Intent.GREET))


class ValidateFollowupForm(FormValidationAction):
    def name(self) -> str:
        return "validate_followup_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slot = tracker.get_slot(Slot.REQUESTED)
        text, intent, confidence = latest(tracker)
        if slot is None and not tracker.get_slot(Slot.FOLLOWUP_CODE):
            # the form starts: "ik wil iets aanvullen bij 1MZJ-3G19-B9FV" already gave the code
            reference = await asyncio.to_thread(services().reports.known_reference, text) if code_in(text) else None
            if not reference:
                return []
            # "... met code X. Aanvulling: vannacht kwam ...": the addition is in it too (persona run)
            addition = addition_beside_code(text)
            return [SlotSet(Slot.FOLLOWUP_CODE, reference)] + (
                [SlotSet(Slot.FOLLOWUP_TEXT, addition)] if addition else [])
        if slot not in {Slot.FOLLOWUP_CODE, Slot.FOLLOWUP_TEXT}:
            return []
        if slot == Slot.FOLLOWUP_CODE:
            reference = await asyncio.to_thread(services().reports.known_reference, text)
            if is_interruption(slot, text, intent, confidence, reference is not None):
                return []
            if reference is None and _no_code(text, intent):
                # a way out: a new report instead (action_submit_followup starts it)
                say(dispatcher, "followup_no_code")
                return [SlotSet(Slot.FOLLOWUP_CODE, NO_CODE), SlotSet(Slot.FOLLOWUP_TEXT, NO_CODE)]
            stop = stop_check(dispatcher, tracker, slot, reference is not None)
            if stop is not None:
                return stop
            if not reference:
                say(dispatcher, "followup_code_unknown")
            return [SlotSet(Slot.FOLLOWUP_CODE, reference)]
        if is_interruption(Slot.DESCRIPTION, text, intent, confidence):
            return []
        if await detect_acute(text, intent, confidence):
            respond(dispatcher, Response.ACUTE_112)  # danger now comes first, also in an addition
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
        if reference == NO_CODE:
            return [SlotSet(Slot.FOLLOWUP_CODE, None), SlotSet(Slot.FOLLOWUP_TEXT, None),
                    FollowupAction("intake_form")]
        try:
            queued = await asyncio.to_thread(services().reports.add_followup, reference,
                                             tracker.get_slot(Slot.FOLLOWUP_TEXT))
        except Exception:
            log.exception("storing the follow-up failed")
            say(dispatcher, "report_failed")
            return []
        say(dispatcher, "followup_sent" if queued else "followup_saved", reference=reference)
        events: list[EventType] = [SlotSet(Slot.FOLLOWUP_CODE, None), SlotSet(Slot.FOLLOWUP_TEXT, None)]
        state = report_state(tracker)
        if not state.find(reference):
            # this conversation now stored something: "is het verstuurd?" must say so, from the store
            try:
                codes = await asyncio.to_thread(services().store.recipients_of, reference)
            except LookupError:
                codes = ()
            state = state.with_report(reference, services().reports.recipient_names(codes))
            events.append(SlotSet(Slot.REPORT_STATE, state.to_slot()))
        return events
