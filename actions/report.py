"""Summary, confirmation and correction of the intake."""
from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest, say
from bot import assess, intake, reporting
from bot.summary import user_view

log = logging.getLogger(__name__)


def intake_slots(tracker: Tracker) -> dict:
    names = intake.FIELDS + ("professional_role", "acute", "minor")
    return {name: tracker.get_slot(name) for name in names}


class ActionSummarize(Action):
    def name(self) -> str:
        return "action_summarize"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        view = await asyncio.to_thread(user_view, intake_slots(tracker), assess.anonymize)
        say(dispatcher, "summary", **view)
        return []


async def _plan(tracker: Tracker) -> reporting.ReportPlan:
    return await asyncio.to_thread(reporting.plan, intake_slots(tracker))


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
        if plan.classification.get("minor"):
            say(dispatcher, "no_images")
        if plan.deliverable:
            say(dispatcher, "ask_send", recipients=", ".join(r.name for r in plan.deliverable))
        else:
            say(dispatcher, "ask_keep")
        return [SlotSet("possible_form", plan.form)]


class ActionSubmitReport(Action):
    """The user agreed: store the anonymised report and queue delivery to agreed routes."""

    def name(self) -> str:
        return "action_submit_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            plan = await _plan(tracker)
            done = await asyncio.to_thread(reporting.submit, plan, tracker.get_slot("gemeente"),
                                           send=True)
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
        return [SlotSet("report_confirmed", True)]


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
        if tracker.get_slot("requested_slot") != "correction_field":
            return []
        raw = tracker.latest_message.get("text") or ""
        text, intent, confidence = latest(tracker)
        field = intake.correction_field(text or raw)
        if intake.is_interruption("correction_field", raw, intent, confidence, field is not None):
            return []
        if not field:
            say(dispatcher, "unknown_correction_field")
        return [SlotSet("correction_field", field)]


class ActionApplyCorrection(Action):
    """Empty the chosen part so the intake form asks only that question again."""

    def name(self) -> str:
        return "action_apply_correction"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        field = tracker.get_slot("correction_field")
        events: list[EventType] = [SlotSet("correction_field", None)]
        if field in intake.FIELDS:
            events.append(SlotSet(field, None))
            if field == "reporter_role":
                events.append(SlotSet("professional_role", None))
        return events
