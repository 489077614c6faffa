"""Summary, confirmation and correction of the intake."""
from __future__ import annotations

import asyncio
import logging
import re

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (CORRECTED_PART, called_112_before, danger_denied, SEND_CHOICE, ask, keeps_report, latest, report_state, say, say_all,
                            say_varied, services, stop_check)
from bot.intake.contract import Action as ActionName
from bot.intake.contract import INTAKE_SLOTS, KEEP_ONLY_PAYLOAD, REPORT_SLOTS, Intent, Phase, Slot
from bot.intake.answers import check_free_text
from bot.intake.turns import (asks_to_keep, called_emergency, denies_danger, keeps_not_sends, clear_yes_to_send, is_interruption, looks_like_question, never_mind,
                              split_question, starts_with_yes, wants_nothing, yes_but_not_sending)
from bot.report.service import ReportPlan
from bot.report.state import submitted_statements
from bot.report.summary import user_view

log = logging.getLogger(__name__)


#: Slots worked out from an answer: a corrected answer works them out again.
DERIVED_FROM = {
    Slot.REPORTER_ROLE: (Slot.PROFESSIONAL_ROLE,),
    Slot.DESCRIPTION: (Slot.ACUTE, Slot.MINOR, Slot.POSSIBLE_FORM, Slot.SIGNAL_IDS),
    Slot.PEOPLE: (Slot.MINOR,),
}


#: Reporters who get the formal summary as a download (to forward or bring to an overleg). A
#: citizen or a victim does not: a file on a shared phone can give them away.
PROFESSIONAL_ROLES = ("professional", "gemeente_medewerker")


def offer_document(dispatcher: CollectingDispatcher, filename: str, html: str) -> None:
    """The formal summary as a custom message: the web chat shows the text with a download
    button; channels that cannot offer a file (Telegram) skip custom messages, text and all."""
    text = services().messages.render("formal_document_offer")["text"]
    dispatcher.utter_message(json_message={"document": {
        "filename": filename, "mime": "text/html", "content": html, "text": text,
        "label": services().messages.render("formal_document_button")["text"]}})


def intake_slots(tracker: Tracker) -> dict:
    return {name: tracker.get_slot(name) for name in REPORT_SLOTS}


class ActionSummarize(Action):
    def name(self) -> str:
        return "action_summarize"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        s = services()
        view = await asyncio.to_thread(user_view, intake_slots(tracker), s.anonymiser.anonymise_all, s.answers)
        say(dispatcher, "summary", **view)
        # then wait for the user, also when more words at "Klopt dit?" led here (no rule follows)
        return ask(dispatcher, Phase.CONFIRM_SUMMARY, "ask_confirm") + [FollowupAction(ActionName.LISTEN)]


#: words in the reporter's own voice: in a text for the anonymous line they can point back to them
_FIRST_PERSON = re.compile(r"\b(?:ik|mijn|mij|me|m'n|mn|wij|ons|onze)\b", re.I)


async def _plan(tracker: Tracker) -> ReportPlan:
    return await asyncio.to_thread(services().reports.plan, intake_slots(tracker),
                                   called_112=called_112_before(tracker), danger_denied=danger_denied(tracker))


class ActionConfirmReport(Action):
    """After the summary is confirmed: the possible form, the routes, then ask consent."""

    def name(self) -> str:
        return "action_confirm_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = latest(tracker)[0]
        if tracker.get_slot(Slot.PHASE) == Phase.CONFIRM_SUMMARY and not text.startswith("/") \
                and split_question(text)[1]:
            # "ok. wat gebeurt er nu met mijn naam?": not a yes yet; the question first, then
            # "Klopt dit?" again (leftover of the stop-27 persona runs)
            from actions.flow import resume
            from actions.questions import MIXED_FAQ_CONFIDENCE, answer_or

            answer_or(dispatcher, tracker, MIXED_FAQ_CONFIDENCE, "question_unknown")
            return [*resume(dispatcher, tracker), FollowupAction(ActionName.LISTEN)]
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
            asked = ask(dispatcher, Phase.CONSENT, "ask_send",
                        recipients=", ".join(r.name for r in plan.deliverable))
        else:
            asked = ask(dispatcher, Phase.CONSENT, "ask_keep")
        # then wait for the answer, also when a yes with a remark led here (no rule follows)
        return [SlotSet(Slot.POSSIBLE_FORM, plan.form)] + asked + [FollowupAction(ActionName.LISTEN)]


class ActionSubmitReport(Action):
    """The user agreed: store the anonymised report and queue delivery to agreed routes."""

    def name(self) -> str:
        return "action_submit_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text, intent, _ = latest(tracker)
        if wants_nothing(text):
            return [FollowupAction("action_decline_report")]
        at_choice = (tracker.get_slot(Slot.PENDING_QUESTION) or {}).get("key") == SEND_CHOICE
        # keeping only: the button, or words that ask to keep and say no "niet"/"niets"
        keep_only = text.strip() == KEEP_ONLY_PAYLOAD or keeps_not_sends(text) or (
            (intent == Intent.KEEP_ONLY or at_choice) and asks_to_keep(text))
        plan = None
        try:
            plan = await _plan(tracker)
            if not plan.deliverable and yes_but_not_sending(text):
                keep_only = True  # only keeping was asked: "ja maar niet versturen" is a yes to it
            unclear = (intent == Intent.KEEP_ONLY and not keep_only) or (
                plan.deliverable and not keep_only and not clear_yes_to_send(text, choice=at_choice))
            if unclear:
                # "oké", "ja maar niet versturen", "niets bewaren" read as a yes or as "keep": nothing
                # is stored or sent on a guess; the choice comes again as buttons
                return self._ask_again(dispatcher, plan) + [FollowupAction(ActionName.LISTEN)]
            done = await asyncio.to_thread(services().reports.submit, plan, tracker.get_slot(Slot.GEMEENTE),
                                           send=not keep_only, conversation=tracker.sender_id,
                                           with_document=tracker.get_slot(Slot.REPORTER_ROLE) in PROFESSIONAL_ROLES)
        except Exception:
            log.exception("storing the report failed")
            say(dispatcher, "report_failed")
            # the same choice again, so a retry is one press (nothing was stored or sent)
            return (self._ask_again(dispatcher, plan) if plan else []) + [FollowupAction(ActionName.LISTEN)]
        sent_to = tuple(done.delivered_to)
        if done.replayed:  # a retried "ja", or a redo after a crash: the same report, not a second
            say(dispatcher, "already_submitted")
        first, *rest = submitted_statements(done.reference, sent_to)
        say_all(dispatcher, [first])
        if done.copy_text:
            say(dispatcher, "copy_text", copy_text=done.copy_text)
            if done.copy_text.startswith("Melding voor Meld Misdaad Anoniem") and _FIRST_PERSON.search(done.copy_text):
                # "mijn kleinzoon", "ik woon in Emmen" can point to the reporter (persona run, stop 27)
                say(dispatcher, "copy_text_check_anonymous")
        say_all(dispatcher, rest)
        if done.document:
            offer_document(dispatcher, *done.document)
        state = report_state(tracker)
        state = state if state.find(done.reference) else state.with_report(done.reference, sent_to)
        # then wait for the user, also when a free-text yes led here (no rule follows that)
        return [SlotSet(Slot.REPORT_CONFIRMED, True), SlotSet(Slot.REPORT_STATE, state.to_slot()),
                SlotSet(Slot.PHASE, Phase.DONE), SlotSet(Slot.PENDING_QUESTION, None),
                FollowupAction(ActionName.LISTEN)]


    @staticmethod
    def _ask_again(dispatcher: CollectingDispatcher, plan: ReportPlan) -> list[EventType]:
        if plan.deliverable:
            return ask(dispatcher, Phase.CONSENT, SEND_CHOICE, recipients=", ".join(r.name for r in plan.deliverable))
        return ask(dispatcher, Phase.CONSENT, "ask_keep")


class ActionDeclineReport(Action):
    def name(self) -> str:
        return "action_decline_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if keeps_report(tracker):  # the NLU read "toch wel bewaren" as a no
            return [FollowupAction("action_submit_report")]
        say(dispatcher, "not_sent")
        return [SlotSet(Slot.PHASE, Phase.DONE), SlotSet(Slot.PENDING_QUESTION, None)]


NOTHING_TO_CHANGE = "niets"


class ValidateCorrectionForm(FormValidationAction):
    def name(self) -> str:
        return "validate_correction_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text, intent, confidence = latest(tracker)
        requested = tracker.get_slot(Slot.REQUESTED)
        if requested is None:
            if tracker.get_slot(Slot.ACUTE) and denies_danger(text) and not called_emergency(text):
                # "maar er is nu geen gevaar hoor" read as a no to the summary (persona run, stop
                # 28): the danger is cleared, nothing else changes, and "Klopt dit?" comes back
                say(dispatcher, "danger_denied")
                return [SlotSet(Slot.ACUTE, False), SlotSet(Slot.CORRECTION_FIELD, NOTHING_TO_CHANGE)]
            # The answer to "Klopt dit?" may already say what to change: "niet Amersfoort
            # maar Leusden", "de gemeente klopt niet". Then there is nothing to ask.
            field, value = services().answers.correction(text)
            if field is None:
                return []
            return [SlotSet(Slot.CORRECTION_FIELD, field), SlotSet(Slot.CORRECTION_VALUE, value)]
        if requested != Slot.CORRECTION_FIELD:
            return []
        field, value = services().answers.correction(text)
        if field is None and never_mind(text, intent):
            # back to "Klopt dit?" with nothing changed (the apply step ignores this value)
            say(dispatcher, "nothing_changed")
            return [SlotSet(Slot.CORRECTION_FIELD, NOTHING_TO_CHANGE)]
        if is_interruption(Slot.CORRECTION_FIELD, text, intent, confidence, field is not None):
            return []
        stop = stop_check(dispatcher, tracker, Slot.CORRECTION_FIELD, field is not None)
        if stop is not None:
            return stop
        if not field:
            say_varied(dispatcher, tracker, "unknown_correction_field")
        return [SlotSet(Slot.CORRECTION_FIELD, field), SlotSet(Slot.CORRECTION_VALUE, value)]


class ActionApplyCorrection(Action):
    """Apply a correction said in words, and confirm it; else empty the chosen part so the
    intake form asks only that question again."""

    def name(self) -> str:
        return "action_apply_correction"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        field = tracker.get_slot(Slot.CORRECTION_FIELD)
        value = tracker.get_slot(Slot.CORRECTION_VALUE)
        events: list[EventType] = [SlotSet(Slot.CORRECTION_FIELD, None), SlotSet(Slot.CORRECTION_VALUE, None)]
        if field not in INTAKE_SLOTS:
            return events
        events += [SlotSet(derived, None) for derived in DERIVED_FROM.get(field, ())]
        if value:
            answers = services().answers
            shown = answers.place_type_label(value) if field == Slot.PLACE_TYPE else value
            say(dispatcher, "corrected", part=CORRECTED_PART[field], value=shown)
            return events + [SlotSet(field, value)]
        return events + [SlotSet(field, None)]



class ActionMoreWords(Action):
    """More words at "Klopt dit?" or at the consent question: a correction ("niet Amersfoort
    maar Leusden", "de gemeente klopt niet") goes to the correction form, which applies it; a
    question we cannot place is said so, and the waiting question comes back; anything else
    is added to the story and the summary is shown again. Nothing lands in a field by chance."""

    def name(self) -> str:
        return "action_more_words"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = latest(tracker)[0]
        from actions.flow import clears_danger

        cleared = clears_danger(dispatcher, tracker)  # "maar er is nu geen gevaar": not more story
        if cleared is not None:
            return cleared
        if looks_like_question(text):
            say(dispatcher, "question_unknown")
            return [FollowupAction("action_resume")]
        if services().answers.correction(text)[0]:
            return [FollowupAction("correction_form")]
        if tracker.get_slot(Slot.PHASE) == Phase.CONFIRM_SUMMARY and starts_with_yes(text):
            # "ja klopt wel, alleen die zin was niet af": a yes to the summary, the rest is a
            # remark to us, not more of the story (at the consent question a "ja, maar" is no yes)
            return [FollowupAction("action_confirm_report")]
        answer = check_free_text(text)
        if not answer.value:
            return [FollowupAction("action_resume")]
        say(dispatcher, "added_to_story")
        description = "\n".join(p for p in (tracker.get_slot(Slot.DESCRIPTION), answer.value) if p)
        return [SlotSet(Slot.DESCRIPTION, description), FollowupAction("action_summarize")]
