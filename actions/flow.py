"""Actions around the intake: welcome, danger, stop, fallback."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest, say
from bot.intake.answers import check_free_text
from bot.intake.contract import Action as ActionName, Intent, Slot


class ActionAcute(Action):
    """Keep what was said with the danger, so the report can go on after 112 (said by the rule)."""

    def name(self) -> str:
        return "action_acute"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events: list[EventType] = [SlotSet(Slot.ACUTE, True)]
        text, intent, _ = latest(tracker)
        answer = check_free_text(text)
        if answer.value:
            earlier = tracker.get_slot(Slot.DESCRIPTION) or ""
            events.append(SlotSet(Slot.DESCRIPTION, f"{earlier}\n{answer.value}".strip()))
        return events


class ActionStop(Action):
    """End now and keep nothing: the tracker store drops a conversation that ran action_stop."""

    def name(self) -> str:
        return ActionName.STOP

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        return [ActiveLoop(None), AllSlotsReset(), Restarted()]


class ActionDefaultFallback(Action):
    """Ask to rephrase once; after that offer buttons, so a user is never stuck in a loop."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        misses = 0
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                if (event.get("parse_data") or {}).get("intent", {}).get("name") != Intent.NLU_FALLBACK:
                    break
                misses += 1
        if misses > 1:
            say(dispatcher, "fallback_menu")
        else:
            # say what was wrong when we can tell: an empty or emoji-only message
            problem = check_free_text(latest(tracker)[0]).problem
            say(dispatcher, {"empty_input": "fallback_empty", "no_words": "fallback_no_words"}
                .get(problem or "", "please_rephrase"))
        # Then wait for the user. When no rule fits at all (core fallback, e.g. "ja" after the
        # report is sent) nothing else would predict listening, and this action would repeat
        # until Rasa's limit of 10 actions.
        return [FollowupAction(ActionName.LISTEN)]
