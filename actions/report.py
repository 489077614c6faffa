"""Summary, confirmation and correction of the intake."""
from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest, say, services
from bot.intake.contract import INTAKE_SLOTS, REPORT_SLOTS, Slot
from bot.intake.turns import is_interruption
from bot.report.service import ReportPlan
from bot.report.summary import user_view

log = logging.getLogger(__name__)


#: Slots worked out from an answer: a corrected answer works them out again.
DERIVED_FROM = {
    Slot.REPORTER_ROLE: (Slot.PROFESSIONAL_ROLE,),
    Slot.DESCRIPTION: (Slot.ACUTE, Slot.MINOR, Slot.POSSIBLE_FORM, Slot.SIGNAL_IDS),
    Slot.PEOPLE: (Slot.MINOR,),
}


def intake_slots(tracker: Tracker) -> dict:
    return {name: tracker.get_slot(name) for name in REPORT_SLOTS}


class ActionSummarize(Action):
    def name(self) -> str:
        return "action_summarize"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        s = services()
        view = await asyncio.to_thread(user_view, intake_slots(tracker), s.anonymiser.anonymise, s.answers)
        say(dispatcher, "summary", **view)
        return []


async def _plan(tracker: Tracker) -> ReportPlan:
    return await asyncio.to_thread(services().reports.plan, intake_slots(tracker))


class ActionConfirmReport(Action):
    """After the summary is confirmed: the possible form, the routes, then ask consent."""

    def name(self) -> str:
        return "action_confirm_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            plan = await _plan(tracker)
        except Exception:
            log.exception("planning the report failed")
            say(dispatcher, "report_failed")
            return []
        if plan.explanation:
            say(dispatcher, "possible_form", explanation=plan.explanation)
        say(dispatcher, "routes_intro")
        say(dispatcher, "routes", lines="\n".join(plan.route_lines()))
        for note in plan.notes:
            say(dispatcher, "routing_note", note=note)
        if plan.anonymous_route:
            say(dispatcher, "anonymous_tradeoff")
        if plan.classification.minor:
            say(dispatcher, "no_images")
        if plan.deliverable:
            say(dispatcher, "ask_send", recipients=", ".join(r.name for r in plan.deliverable))
        else:
            say(dispatcher, "ask_keep")
        return [SlotSet(Slot.POSSIBLE_FORM, plan.form)]


class ActionSubmitReport(Action):
    """The user agreed: store the anonymised report and queue delivery to agreed routes."""

    def name(self) -> str:
        return "action_submit_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            plan = await _plan(tracker)
            done = await asyncio.to_thread(services().reports.submit, plan,
                                           tracker.get_slot(Slot.GEMEENTE), send=True)
        except Exception:
            log.exception("storing the report failed")
            say(dispatcher, "report_failed")
            return []
        if done.delivered_to:
            say(dispatcher, "sent", recipients=", ".join(done.delivered_to),
                reference=done.reference)
        else:
            say(dispatcher, "kept", reference=done.reference)
        if done.copy_text:
            say(dispatcher, "copy_text", copy_text=done.copy_text)
        say(dispatcher, "after_confirm")
        return [SlotSet(Slot.REPORT_CONFIRMED, True)]


class ActionDeclineReport(Action):
    def name(self) -> str:
        return "action_decline_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        say(dispatcher, "not_sent")
        say(dispatcher, "after_confirm")
        return []


class ValidateCorrectionForm(FormValidationAction):
    def name(self) -> str:
        return "validate_correction_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if tracker.get_slot(Slot.REQUESTED) != Slot.CORRECTION_FIELD:
            return []
        raw = tracker.latest_message.get("text") or ""
        text, intent, confidence = latest(tracker)
        field = services().answers.correction_field(text or raw)
        if is_interruption(Slot.CORRECTION_FIELD, raw, intent, confidence, field is not None):
            return []
        if not field:
            say(dispatcher, "unknown_correction_field")
        return [SlotSet(Slot.CORRECTION_FIELD, field)]


class ActionApplyCorrection(Action):
    """Empty the chosen part so the intake form asks only that question again."""

    def name(self) -> str:
        return "action_apply_correction"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        field = tracker.get_slot(Slot.CORRECTION_FIELD)
        events: list[EventType] = [SlotSet(Slot.CORRECTION_FIELD, None)]
        if field in INTAKE_SLOTS:
            events.append(SlotSet(field, None))
            events += [SlotSet(derived, None) for derived in DERIVED_FROM.get(field, ())]
        return events
