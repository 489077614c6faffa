"""Helpers shared by the actions: the services, reading the latest message, sending texts,
asking a question that can be asked again, and the conversation's report state."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.intake.contract import DONT_KNOW_PAYLOAD, REPORT_SLOTS, Phase, Slot, message_intent
from bot.intake.turns import asks_to_keep, called_emergency, denies_danger, keeps_not_sends
from bot.report.state import ConversationState, Statement
from bot.services import Services, get_services

DONT_KNOW_BUTTON = {"title": "Weet ik niet", "payload": DONT_KNOW_PAYLOAD}
#: How "Aangepast. Ik heb {part} veranderd in ..." names a corrected answer.
CORRECTED_PART = {Slot.GEMEENTE: "de gemeente", Slot.PLACE_TYPE: "de soort plek"}


def called_112_before(tracker: Tracker) -> bool:
    """The user said in this conversation, with danger now known, that 112 or the police was called."""
    return bool(tracker.get_slot(Slot.ACUTE)) and any(
        e.get("event") == "user" and called_emergency(e.get("text")) for e in tracker.events)


def danger_denied(tracker: Tracker) -> bool:
    """The user said there is no danger now after the last 112 alert ("maar er is nu geen
    gevaar hoor"): the report then says so, even where the story's words sound like danger now."""
    if tracker.get_slot(Slot.ACUTE):
        return False
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == Slot.ACUTE and event.get("value"):
            return False  # the alert came after any denial
        if event.get("event") == "user" and denies_danger(event.get("text")) and not called_emergency(event.get("text")):
            return True
    return False


def services() -> Services:
    """The action server's services (assembled once by bot.services)."""
    return get_services()


def latest(tracker: Tracker) -> tuple[str, str | None, float]:
    """(text, intent, confidence) of the latest user message; a question key of `faq` counts as
    its own intent (`QUESTION_KEYS`)."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = message.get("intent") or {}
    return text, message_intent(message), float(intent.get("confidence") or 0.0)


def say(dispatcher: CollectingDispatcher, key: str | None, *,
        buttons: list[dict[str, Any]] | None = None, **values: Any) -> None:
    """Send a text of content/messages.yml; `buttons` replaces the ones it defines."""
    if not key:
        return
    message = services().messages.render(key, **values)
    if buttons is not None:
        message["buttons"] = buttons
    dispatcher.utter_message(**message)


def say_all(dispatcher: CollectingDispatcher, statements: list[Statement]) -> None:
    for key, values in statements:
        say(dispatcher, key, **values)


def ask(dispatcher: CollectingDispatcher, phase: str | None, key: str, **values: Any) -> list[EventType]:
    """Ask a question outside the forms and remember it: after a question in between,
    action_resume asks it again, and the rules for its answers key on `phase`."""
    say(dispatcher, key, **values)
    return [SlotSet(Slot.PHASE, phase), SlotSet(Slot.PENDING_QUESTION, {"key": key, "values": values})]


def respond(dispatcher: CollectingDispatcher, response: str) -> None:
    """Send a response of domain.yml (those are also used by rules)."""
    dispatcher.utter_message(response=response)


def choice_buttons(choices: list[str]) -> list[dict[str, Any]]:
    return [{"title": c, "payload": c} for c in choices] + [DONT_KNOW_BUTTON]


def report_state(tracker: Tracker) -> ConversationState:
    return ConversationState.from_slot(tracker.get_slot(Slot.REPORT_STATE))


#: What a finished report leaves behind that a new report must not inherit.
NEW_REPORT_RESETS = REPORT_SLOTS + (Slot.POSSIBLE_FORM, Slot.SIGNAL_IDS, Slot.PHASE, Slot.PENDING_QUESTION,
                                    Slot.REPORT_CONFIRMED)


def new_report_events() -> list[EventType]:
    """Empty the report's slots, so a new report never shows (or sends) the last one again;
    the report state (codes given in this conversation) stays."""
    return [SlotSet(name, None) for name in NEW_REPORT_RESETS]


def undo_instead(tracker: Tracker) -> list[EventType] | None:
    """Right after a stop, a message that takes it back ("nee sorry, per ongeluk, ik wil
    verder"), whatever the NLU read: undo the stop instead of wiping what was said."""
    from bot.intake.turns import undoes_stop

    if tracker.get_slot(Slot.STOP_SNAPSHOT) and undoes_stop(latest(tracker)[0]):
        return [FollowupAction("action_undo_stop")]
    return None


def welcome_if_new(dispatcher: CollectingDispatcher, tracker: Tracker, *,
                   after_answer: bool = False) -> list[EventType]:
    """The welcome and the 112 check, once per conversation, whatever the first message was.
    After an answer to a first question it introduces the assistant without a second "hoi"."""
    if tracker.get_slot(Slot.WELCOMED):
        return []
    if tracker.get_slot(Slot.STOP_SNAPSHOT):
        # the message after a stop was no "Toch verder": what waited is dropped this turn
        say(dispatcher, "stop_wiped_now")
    say(dispatcher, "welcome_after_answer" if after_answer else "welcome")
    say(dispatcher, "danger_check")
    return [SlotSet(Slot.WELCOMED, True)]


def stop_check(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str,
               recognised: bool) -> list[EventType] | None:
    """Inside a form: "Wil je stoppen?" for a message that may mean stop but is no clear stop,
    and "Goed, we gaan verder." for the "Nee, ga verder" button after it. Events that ask
    the same question again, or None when the message is an answer."""
    from bot.intake.turns import asks_to_stop, goes_on

    text, intent, _ = latest(tracker)
    if tracker.get_slot(Slot.STOP_ASKED) and goes_on(text, intent):  # "nee! niet wissen", the button
        say(dispatcher, "go_on")
        return [SlotSet(slot, None), SlotSet(Slot.STOP_ASKED, False)]
    if asks_to_stop(text, intent, recognised):
        say(dispatcher, "ask_stop")
        return [SlotSet(slot, None), SlotSet(Slot.STOP_ASKED, True)]
    return None


def said_last_turn(tracker: Tracker, key: str) -> bool:
    """Whether the previous turn's replies included this message (then say something else)."""
    text = services().messages.render(key)["text"] if not services().messages.placeholders(key) else None
    if text is None:
        return False
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                return False
        elif users == 1 and event.get("event") == "bot" and event.get("text") == text:
            return True
    return False


def say_varied(dispatcher: CollectingDispatcher, tracker: Tracker, key: str | None, **kwargs: Any) -> None:
    """Like `say`, but a message said in the previous turn too becomes its `<key>_again`
    variant (if there is one), so nobody gets the same words three times in a row."""
    if key and f"{key}_again" in services().messages.keys() and said_last_turn(tracker, key):
        key = f"{key}_again"
    say(dispatcher, key, **kwargs)


#: The three-way consent question (send / keep with a code / nothing) after a hedged yes.
SEND_CHOICE = "ask_send_choice"


def keeps_report(tracker: Tracker) -> bool:
    """At "Wil je dat ik het bewaar?" (nothing would be sent) or at the three-way choice, a
    free-text yes to keeping it; the submit action then keeps without sending. Where sending
    is asked, "bewaren" is no yes to sending (the submit action asks the choice)."""
    pending = tracker.get_slot(Slot.PENDING_QUESTION) or {}
    text = latest(tracker)[0]
    return tracker.get_slot(Slot.PHASE) == Phase.CONSENT and (
        (pending.get("key") in ("ask_keep", SEND_CHOICE) and asks_to_keep(text)) or keeps_not_sends(text))


def facts_from_story(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType]:
    """What the story says plainly (gemeente, kind of place, who, when, who is writing) fills
    the intake's empty slots, so it is not asked again, and is said back so it can be corrected.
    Used wherever a story is kept: a first message, after 112, and the answer to "Vertel in je
    eigen woorden"."""
    from bot.intake.prefill import read_story

    svc = services()
    facts = read_story(text or "", svc.answers, svc.guidance)
    events: list[EventType] = []
    said: list[str] = []

    def take(slot: str, value: str | None, shown: str) -> None:
        if value and tracker.get_slot(slot) is None:
            events.append(SlotSet(slot, value))
            said.append(shown)

    take(Slot.GEMEENTE, facts.gemeente, f"gemeente {facts.gemeente}")
    take(Slot.PLACE_TYPE, facts.place_type, f"plek: {svc.answers.place_type_label(facts.place_type)}")
    take(Slot.PEOPLE, facts.people, f"wie: {facts.people}")
    take(Slot.FREQUENCY, facts.frequency, f"wanneer: {facts.frequency}")
    if facts.role and tracker.get_slot(Slot.REPORTER_ROLE) is None:
        events += [SlotSet(Slot.REPORTER_ROLE, facts.role), SlotSet(Slot.PROFESSIONAL_ROLE, facts.job)]
        said.append(f"jij: {facts.job or svc.answers.role_label(facts.role)}")
    if said:
        say(dispatcher, "story_understood", facts="; ".join(said))
    return events
