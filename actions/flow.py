"""Actions around the intake: welcome, danger, stop, going back to a waiting question, the
status and deletion of a report, other languages, not understood."""
from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (ask, facts_from_story, keeps_report, latest, new_report_events, report_state,
                            respond, say, say_all, services, undo_instead, welcome_if_new)
from bot.intake.answers import check_free_text
from bot.textnorm import word_count
from bot.intake.contract import Action as ActionName
from bot.intake.contract import REPORT_SLOTS, Intent, Phase, Response, Slot
from bot.intake.turns import (asks_about_data, called_emergency, code_in, denies_danger, delete_request, is_clear_stop,
                              split_question, starts_with_yes, wants_nothing)
from bot.report.state import (ConversationState, deleted_statements, status_statements,
                              stop_statements)
from bot.store.codes import InvalidReferenceCode

log = logging.getLogger(__name__)
_PAUSING = (Phase.CONFIRM_STOP, Phase.CONFIRM_DELETE)


class ActionWelcome(Action):
    """The welcome and the 112 check for a new conversation; a greeting later gets a short hello."""

    def name(self) -> str:
        return "action_welcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        undo = undo_instead(tracker)
        if undo:
            return undo
        intent = latest(tracker)[1]
        if intent == Intent.START_REPORT and not tracker.get_slot(Slot.DESCRIPTION):
            # "goedendag, ... het regent al de hele week in Emmen. Ik maak me zorgen over mijn
            # kleinzoon" read as announcing a report: what it tells is kept (a retrained model)
            from actions.intake import story_instead

            story = await story_instead(dispatcher, tracker, domain)
            if story is not None:
                return story
        events = welcome_if_new(dispatcher, tracker)
        if not events and intent == Intent.GREET:
            respond(dispatcher, Response.GREET_AGAIN)
        if tracker.get_slot(Slot.PHASE) == Phase.DONE and intent in (Intent.GREET, Intent.START_REPORT):
            # "ik wil iets melden" after a finished report starts a new one: the intake form
            # that follows must ask again, not show the last summary to be sent a second time
            events += new_report_events()
        return events


class ActionAcute(Action):
    """After 112 (said by the rule): keep what was said, welcome if new, ask to go on."""

    def name(self) -> str:
        return "action_acute"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events: list[EventType] = [SlotSet(Slot.ACUTE, True)]
        answer = check_free_text(latest(tracker)[0])
        if answer.value:
            earlier = tracker.get_slot(Slot.DESCRIPTION) or ""
            events.append(SlotSet(Slot.DESCRIPTION, f"{earlier}\n{answer.value}".strip()))
        events += welcome_if_new(dispatcher, tracker)
        if answer.value:
            events += facts_from_story(dispatcher, tracker, answer.value)
        return events + ask(dispatcher, Phase.AFTER_ACUTE, "ask_continue_after_acute")


class ActionStop(Action):
    """Stop, truthfully. A clear stop (or a yes to "Wil je stoppen?") wipes the conversation:
    the tracker store deletes it when a turn runs this action and restarts. Anything less
    only asks first. What is said about reports comes from the report state."""

    def name(self) -> str:
        return ActionName.STOP

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text, intent, _ = latest(tracker)
        phase = tracker.get_slot(Slot.PHASE)
        in_form = bool((tracker.active_loop or {}).get("name"))  # the form let only a clear stop through
        if not in_form and delete_request(text):
            return [FollowupAction("action_delete_report")]  # about a report, not this conversation
        if not in_form and keeps_report(tracker):
            return [FollowupAction("action_submit_report")]  # "ik wil het toch bewaren"
        confirmed = phase == Phase.CONFIRM_STOP and intent in (Intent.STOP, Intent.AFFIRM)
        if not (in_form or confirmed or is_clear_stop(text)) and asks_about_data(text):
            # persona run: "ja maar eerst wil ik weten wat er met de gegevens gebeurt" read as a stop
            respond(dispatcher, Response.ANONYMITY)
            return resume(dispatcher, tracker) + [FollowupAction(ActionName.LISTEN)]
        if not (in_form or confirmed or is_clear_stop(text)):
            say(dispatcher, "ask_stop")
            return [SlotSet(Slot.PAUSED_PHASE, phase), SlotSet(Slot.PHASE, Phase.CONFIRM_STOP)]
        snapshot = _snapshot(tracker)
        earlier = tracker.get_slot(Slot.STOP_SNAPSHOT) or {}  # stopped again right after a stop
        state = report_state(tracker) if snapshot or not earlier else \
            ConversationState.from_slot(earlier.get("slots", {}).get(Slot.REPORT_STATE))
        minutes = _minutes() if snapshot else None
        # for screens that show the conversation (the web widget): clear it too, now
        dispatcher.utter_message(json_message={"conversation_wiped": True})
        say_all(dispatcher, stop_statements(state, undo_minutes=minutes))
        events: list[EventType] = [ActiveLoop(None), AllSlotsReset(), Restarted()]
        if snapshot:
            # after the restart: the tracker store keeps only these, in memory, for the next
            # message (or the minutes said), and then they are gone like the rest
            events += [SlotSet(Slot.STOP_SNAPSHOT, snapshot), SlotSet(Slot.STOP_UNDOABLE, True)]
        return events


#: Not restored by an undo: the undo slots themselves, and Rasa's own.
_NOT_RESTORED = {Slot.STOP_SNAPSHOT, Slot.STOP_UNDOABLE, Slot.REQUESTED, Slot.STOP_ASKED,
                 "session_started_metadata"}


def _snapshot(tracker: Tracker) -> dict | None:
    """What an undo of this stop restores, or None when nothing worth restoring was said."""
    slots = {name: value for name, value in tracker.slots.items()
             if value is not None and name not in _NOT_RESTORED}
    loop = (tracker.active_loop or {}).get("name")
    said = any(slots.get(name) not in (None, False, "") for name in REPORT_SLOTS)
    if not (said or loop or slots.get(Slot.PENDING_QUESTION)):
        return None
    if slots.get(Slot.PHASE) in _PAUSING:  # stopped by a yes to "Wil je stoppen?": back before it
        slots[Slot.PHASE] = slots.pop(Slot.PAUSED_PHASE, None)
        slots.pop(Slot.DELETE_CODE, None)
    return {"slots": slots, "loop": loop}


class ActionUndoStop(Action):
    """"Toch verder" right after a stop: everything back as it was, and the waiting question
    asked again. Without a stop to undo, going on means going back to the waiting question."""

    def name(self) -> str:
        return "action_undo_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        snapshot = tracker.get_slot(Slot.STOP_SNAPSHOT)
        if not snapshot:
            if tracker.get_slot(Slot.PHASE) in _PAUSING:
                # "nee, toch nog niet" to "Wil je melding ... wissen?" / "Wil je stoppen?": a no
                return resume(dispatcher, tracker)
            if keeps_report(tracker):
                return [FollowupAction("action_submit_report")]  # "ik wil het toch bewaren"
            if tracker.get_slot(Slot.WELCOMED):
                return resume(dispatcher, tracker)  # "ga verder" in a running conversation
            say(dispatcher, "undo_stop_gone")
            return welcome_if_new(dispatcher, tracker)
        slots = dict(snapshot.get("slots") or {})
        events: list[EventType] = [SlotSet(name, value) for name, value in slots.items()]
        events += [SlotSet(Slot.STOP_SNAPSHOT, None), SlotSet(Slot.STOP_UNDOABLE, False)]
        say(dispatcher, "undo_stop_done")
        loop = snapshot.get("loop")
        if loop:
            # active again, then run: it asks its next question (it does not read "toch verder"
            # as an answer: only a message right after its own question is validated)
            return events + [ActiveLoop(loop), FollowupAction(loop)]
        ask_waiting(dispatcher, slots.get(Slot.PHASE), slots.get(Slot.PENDING_QUESTION))
        return events


def _minutes() -> str:
    return f"{services().settings.stop_undo_minutes:g}"


class ActionAfterAcuteNo(Action):
    """"Nee" to going on after 112: later, unless the no says there is no danger now ("nee,
    er is geen direct gevaar hoor"): then the report must not say there is, and it goes on."""

    def name(self) -> str:
        return "action_after_acute_no"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if denies_danger(latest(tracker)[0]):
            say(dispatcher, "danger_denied")
            respond(dispatcher, "utter_continue_intake")
            return [SlotSet(Slot.ACUTE, False), SlotSet(Slot.PHASE, None), FollowupAction("intake_form")]
        say(dispatcher, "continue_later")
        return []


class ActionResume(Action):
    """After a question in between (or "nee" to stopping or deleting): the welcome if the
    conversation is new, then the question that was waiting, with its buttons."""

    def name(self) -> str:
        return "action_resume"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if yes_to_summary(tracker):
            # "ja klopt wel, alleen ..." read as another intent (keep_only, a question): still a yes
            return [FollowupAction("action_confirm_report")]
        cleared = clears_danger(dispatcher, tracker)  # after any answer: "er is nu geen gevaar hoor"
        if cleared is not None:
            return cleared
        if tracker.get_slot(Slot.PHASE) == Phase.CONSENT and wants_nothing(latest(tracker)[0]):
            # "nee, niets bewaren. ik bel fairwork misschien": the question was answered, and so was ours
            return [FollowupAction("action_decline_report")]
        if tracker.get_slot(Slot.PHASE) == Phase.AFTER_ACUTE and tracker.get_slot(Slot.ACUTE) \
                and denies_danger(latest(tracker)[0]):
            # "nee geen 112. hij is weg nu" read as asking for help: answered, and the danger is over
            return await ActionAfterAcuteNo().run(dispatcher, tracker, domain)
        if latest(tracker)[1] in _STORY_MAY_FOLLOW and not (tracker.active_loop or {}).get("name"):
            from actions.intake import story_instead

            # "ik moet werken elke dag, baas heeft mijn paspoort, ik mag niet weg" read as asking
            # for help: the help was given; the story is kept and the intake starts
            story = await story_instead(dispatcher, tracker, domain)
            if story is not None:
                return story
        # then wait for the user: also after a followup from another action, where no rule
        # says what comes next (the policies would guess: a fallback, or worse, a submit)
        return resume(dispatcher, tracker) + [FollowupAction(ActionName.LISTEN)]


#: Intents a first message that tells a story (no question) may be read as: after their answer,
#: the story still starts the intake.
_STORY_MAY_FOLLOW = frozenset({Intent.ASK_VICTIM_HELP, Intent.ASK_ANONYMITY, Intent.ASK_EXPLAIN, Intent.OUT_OF_SCOPE,
                               # "ik moet werken elke dag, baas heeft mijn paspoort" read as a common
                               # question about a worker's rights: answered, and the story still starts
                               Intent.FAQ})

#: Questions answered before the welcome: then the welcome is the short introduction.
_ANSWERED_FIRST = frozenset({Intent.FAQ, Intent.ASK_WHERE_TO_REPORT, Intent.ASK_EXPLAIN, Intent.ASK_ANONYMITY,
                             Intent.BOT_CHALLENGE})


def clears_danger(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """"maar er is nu geen gevaar, het is middag" after a 112 alert, at whatever question it is
    said: the report no longer says there is danger now, and the waiting question comes back
    (persona run, stop 28: the words were added to the story and the routes kept 112 first)."""
    text = latest(tracker)[0]
    if (tracker.active_loop or {}).get("name") or not tracker.get_slot(Slot.ACUTE) or not denies_danger(text) \
            or called_emergency(text) or tracker.get_slot(Slot.PHASE) == Phase.AFTER_ACUTE:
        return None
    say(dispatcher, "danger_denied")
    return [SlotSet(Slot.ACUTE, False), *resume(dispatcher, tracker), FollowupAction(ActionName.LISTEN)]


def yes_to_summary(tracker: Tracker) -> bool:
    """At "Klopt dit?": a message that starts with a yes and asks no change, whatever the NLU read.
    A yes with a question ("ok. wat gebeurt er nu met mijn naam?") is no yes yet: the question
    is answered and "Klopt dit?" asked again."""
    text = latest(tracker)[0]
    return (not (tracker.active_loop or {}).get("name") and tracker.get_slot(Slot.PHASE) == Phase.CONFIRM_SUMMARY
            and starts_with_yes(text) and not services().answers.correction(text)[0]
            and not split_question(text)[1])


def resume(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    events = welcome_if_new(dispatcher, tracker, after_answer=latest(tracker)[1] in _ANSWERED_FIRST)
    phase = tracker.get_slot(Slot.PHASE)
    if phase in _PAUSING:
        say(dispatcher, "go_on" if phase == Phase.CONFIRM_STOP else "not_deleted")
        phase = tracker.get_slot(Slot.PAUSED_PHASE)
        events += [SlotSet(Slot.PHASE, phase), SlotSet(Slot.PAUSED_PHASE, None),
                   SlotSet(Slot.DELETE_CODE, None)]
    ask_waiting(dispatcher, phase, tracker.get_slot(Slot.PENDING_QUESTION), quiet=bool(events))
    return events


def ask_waiting(dispatcher: CollectingDispatcher, phase: str | None, pending: dict | None,
                quiet: bool = False) -> None:
    """The question that waits, with its buttons; when none waits, what can be done (no dead
    end), unless something was just said (`quiet`)."""
    if pending and phase not in (None, Phase.DONE):
        say(dispatcher, pending["key"], **pending.get("values", {}))
    elif not quiet:
        say(dispatcher, "what_now")


class ActionStatus(Action):
    """"Is mijn melding bewaard of verstuurd?": told from what exists, nothing else."""

    def name(self) -> str:
        return "action_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        code = code_in(latest(tracker)[0])
        if code:  # "is melding 1MZJ-3G19-B9FV aangekomen?": whoever has the code may know
            return await _status_of_code(dispatcher, code)
        state = report_state(tracker)
        events: list[EventType] = []
        if not state.reports:
            # the conversation may have lost its last turn in a crash after the report was
            # stored: the store knows which report this conversation confirmed
            try:
                found = await asyncio.to_thread(services().reports.latest_of, tracker.sender_id)
            except Exception:
                log.exception("looking up the conversation's report failed")
                found = None
            if found is not None:
                state = state.with_report(found.reference, tuple(found.delivered_to))
                events.append(SlotSet(Slot.REPORT_STATE, state.to_slot()))
        say_all(dispatcher, status_statements(state))
        return events


async def _status_of_code(dispatcher: CollectingDispatcher, code: str, delete_hint: bool = False) -> list[EventType]:
    """What the store says of one report: kept, or on its way to whom; or that it is unknown."""
    try:
        sent = await asyncio.to_thread(services().store.recipients_of, code)
    except (LookupError, InvalidReferenceCode):
        say(dispatcher, "code_unknown")
        return []
    if sent:
        say(dispatcher, "status_sent", reference=code, recipients=", ".join(_names(sent)))
    else:
        say(dispatcher, "status_kept", reference=code)
    if delete_hint:
        say(dispatcher, "delete_how", reference=code)
    return []


class ActionDeleteReport(Action):
    """"verwijder melding CODE": ask first, saying what was already sent; on yes, delete and
    say truthfully what was deleted and what had already left."""

    def name(self) -> str:
        return "action_delete_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        phase = tracker.get_slot(Slot.PHASE)
        code = tracker.get_slot(Slot.DELETE_CODE)
        if phase == Phase.CONFIRM_DELETE and code and latest(tracker)[1] == Intent.AFFIRM:
            return await self._delete(dispatcher, tracker, code)  # only after a yes
        text = latest(tracker)[0]
        code = delete_request(text)
        if code is None and code_in(text):
            # a code without a word for deleting ("wat staat er in melding X?"): say what exists
            return await _status_of_code(dispatcher, code_in(text), delete_hint=True)
        try:
            sent = await asyncio.to_thread(services().store.already_sent, code) if code else None
        except (LookupError, InvalidReferenceCode):
            sent = None
        if sent is None:
            say(dispatcher, "delete_unknown")
            return []
        events = [SlotSet(Slot.PAUSED_PHASE, phase if phase not in _PAUSING else None),
                  SlotSet(Slot.DELETE_CODE, code)]
        if sent:
            say(dispatcher, "ask_delete_sent", reference=code, recipients=", ".join(_names(sent)))
        else:
            say(dispatcher, "ask_delete_kept", reference=code)
        return events + [SlotSet(Slot.PHASE, Phase.CONFIRM_DELETE)]

    async def _delete(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                      code: str) -> list[EventType]:
        try:
            done = await asyncio.to_thread(services().store.delete_report, code)
        except LookupError:
            say(dispatcher, "delete_unknown")
        except Exception:
            log.exception("deleting a report failed")
            say(dispatcher, "delete_failed", reference=code)  # the report is still there: say so
            return []
        else:
            reached = _names(done.already_sent)
            say_all(dispatcher, deleted_statements(done.reference_code, reached, done.cancelled))
            state = report_state(tracker).with_deleted(done.reference_code, reached)
            return [SlotSet(Slot.REPORT_STATE, state.to_slot()), SlotSet(Slot.DELETE_CODE, None),
                    SlotSet(Slot.PHASE, tracker.get_slot(Slot.PAUSED_PHASE)),
                    SlotSet(Slot.PAUSED_PHASE, None)]
        return [SlotSet(Slot.DELETE_CODE, None), SlotSet(Slot.PHASE, tracker.get_slot(Slot.PAUSED_PHASE))]


def _names(codes) -> tuple[str, ...]:
    """Recipient names for recipient codes."""
    return services().reports.recipient_names(codes)


class ActionOtherLanguage(Action):
    """A message in another language: one short, checked text in that language (112, who
    helps victims, who takes reports, going on in Dutch)."""

    def name(self) -> str:
        return "action_other_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        language = services().languages.detect(latest(tracker)[0])
        if language is not None:
            dispatcher.utter_message(text=language.text)
        else:
            say(dispatcher, "other_language")
        return [SlotSet(Slot.WELCOMED, True)]


class ActionDefaultFallback(Action):
    """Ask to rephrase once; after that offer buttons, so a user is never stuck in a loop."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = latest(tracker)[0]
        undo = undo_instead(tracker)
        if undo:
            return undo
        language = services().languages.detect(text)
        if language is not None:  # the NLU may not know the language: the text still helps
            dispatcher.utter_message(text=language.text)
            return [SlotSet(Slot.WELCOMED, True), FollowupAction(ActionName.LISTEN)]
        in_form = bool((tracker.active_loop or {}).get("name"))
        if not in_form and delete_request(text):
            return [FollowupAction("action_delete_report")]
        if not in_form and keeps_report(tracker):
            return [FollowupAction("action_submit_report")]  # "wacht, toch wel bewaren"
        if yes_to_summary(tracker):
            return [FollowupAction("action_confirm_report")]  # "ja klopt wel, alleen ..."
        if not in_form and tracker.get_slot(Slot.PHASE) in (Phase.CONFIRM_SUMMARY, Phase.CONSENT) \
                and services().answers.correction(text)[0]:
            return [FollowupAction("correction_form")]  # "niet Amersfoort maar Leusden": apply it
        if not in_form and tracker.get_slot(Slot.ACUTE) and called_emergency(text):
            say(dispatcher, "called_112_ack")  # "ik heb toch al gebeld??"
            return [*resume(dispatcher, tracker), FollowupAction(ActionName.LISTEN)]
        if not in_form and tracker.get_slot(Slot.ACUTE) and denies_danger(text) \
                and tracker.get_slot(Slot.PHASE) == Phase.AFTER_ACUTE:
            return await ActionAfterAcuteNo().run(dispatcher, tracker, domain)
        cleared = clears_danger(dispatcher, tracker)
        if cleared is not None:
            return cleared
        if not in_form:
            from actions.intake import story_instead

            story = await story_instead(dispatcher, tracker, domain)
            if story is not None:
                return story
        wiped_now = bool(tracker.get_slot(Slot.STOP_SNAPSHOT)) and is_clear_stop(text)
        from actions.intake import doubts_to_report

        if not in_form and not tracker.get_slot(Slot.DESCRIPTION) and doubts_to_report(text):
            # "hoi ik weet niet of dit hier moet": the doubt is answered, no "begrijp ik niet"
            respond(dispatcher, "utter_faq/twijfel")
            return resume(dispatcher, tracker) + [FollowupAction(ActionName.LISTEN)]
        events = welcome_if_new(dispatcher, tracker)
        if events and (not text.strip() or wiped_now):
            # a chat client opening the conversation (an empty message or an init payload,
            # rasa_ext/channels.py), or "Nu wissen" typed after a stop: the welcome is the
            # whole answer, no "empty message" and no "begrijp ik niet"
            return events + [FollowupAction(ActionName.LISTEN)]
        misses = 0
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                if (event.get("parse_data") or {}).get("intent", {}).get("name") != Intent.NLU_FALLBACK:
                    break
                misses += 1
        # also when no rule fitted an intent that was read ("asdf qwerty" as greet inside the
        # correction form, fuzz, stop 29): a third "begrijp ik niet" in a row gets the menu
        misses = max(misses, 1 + _rephrased_before(tracker))
        # say what was wrong when we can tell: an empty or emoji-only message
        problem = {"empty_input": "fallback_empty", "no_words": "fallback_no_words"}.get(
            check_free_text(text).problem or "")
        if problem:
            say(dispatcher, problem)
        if misses > 1:
            say(dispatcher, "fallback_menu")
        elif not problem:
            say(dispatcher, "please_rephrase")
        loop = (tracker.active_loop or {}).get("name")
        if loop:
            # Back into the form: it asks its question again and reads the next answer (after a
            # rejection Rasa would not predict the form by itself, and every message would end here).
            return events + [FollowupAction(loop)]
        # Then wait for the user. When no rule fits at all (core fallback, e.g. "ja" after the
        # report is sent) nothing else would predict listening, and this action would repeat
        # until Rasa's limit of 10 actions.
        return events + [FollowupAction(ActionName.LISTEN)]


def _rephrased_before(tracker: Tracker) -> int:
    """How many user turns in a row, before this one, were answered with "begrijp ik niet"."""
    messages = services().messages
    said = (messages.render("please_rephrase")["text"], messages.render("fallback_menu")["text"])
    misses, replies, current_seen = 0, [], False
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            replies.append(event.get("text") or "")
        elif event.get("event") == "user":
            if current_seen:
                if not any(r.startswith(said) for r in replies):
                    break
                misses += 1
            current_seen, replies = True, []
    return misses
