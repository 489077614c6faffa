"""Helpers shared by the actions: the services, reading the latest message, sending texts."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.intake.contract import DONT_KNOW_PAYLOAD
from bot.services import Services, get_services


def services() -> Services:
    """The action server's services (assembled once by bot.services)."""
    return get_services()


def latest(tracker: Tracker) -> tuple[str, str | None, float]:
    """(text, intent, confidence) of the latest user message."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = message.get("intent") or {}
    return text, intent.get("name"), float(intent.get("confidence") or 0.0)


def say(dispatcher: CollectingDispatcher, key: str | None, *,
        buttons: list[dict[str, Any]] | None = None, **values: Any) -> None:
    """Send a text of content/messages.yml; `buttons` replaces the ones it defines."""
    if not key:
        return
    message = services().messages.render(key, **values)
    if buttons is not None:
        message["buttons"] = buttons
    dispatcher.utter_message(**message)


def respond(dispatcher: CollectingDispatcher, response: str) -> None:
    """Send a response of domain.yml (those are also used by rules)."""
    dispatcher.utter_message(response=response)


def choice_buttons(choices: list[str]) -> list[dict[str, Any]]:
    return [{"title": c, "payload": c} for c in choices] + [
        DONT_KNOW_BUTTON]


DONT_KNOW_BUTTON = {"title": "Weet ik niet", "payload": DONT_KNOW_PAYLOAD}
