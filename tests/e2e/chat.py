"""Talking to the stack over REST, as a web page or a script would; reading the tracker."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request


def say(stack, sender: str, message: str) -> list[dict]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    req = urllib.request.Request(stack["base"] + "/webhooks/rest/webhook", body,
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return json.load(resp)


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def tracker(stack, sender: str) -> dict:
    """The conversation's tracker through Rasa's HTTP API (enabled only in the test stack)."""
    url = (f"{stack['base']}/conversations/{urllib.parse.quote(sender)}/tracker"
           f"?token={stack['token']}&include_events=NONE")
    with urllib.request.urlopen(url, timeout=60) as resp:
        return json.load(resp)


def slots(stack, sender: str) -> dict:
    return tracker(stack, sender).get("slots") or {}
