"""Talking to the stack over REST, as a web page or a script would; reading the tracker."""
from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request


#: the channel reads the same text from one sender twice within 2 s once (a double tap); a person
#: who answers a new question with the same words ("/affirm" to the summary, then to consent)
#: has read it first: so does this helper
READ_SECONDS = 2.1
_last: dict[str, tuple[str, float]] = {}


def read_pause(sender: str, message: str) -> None:
    """Wait as a reader would before sending the same text again to this sender's conversation."""
    previous = _last.get(sender)
    if previous and previous[0].strip() == message.strip():
        time.sleep(max(0.0, READ_SECONDS - (time.monotonic() - previous[1])))
    _last[sender] = (message, time.monotonic())


def say(stack, sender: str, message: str) -> list[dict]:
    read_pause(sender, message)
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


#: The intake's questions as the user sees them (content/messages.yml) -> which answer to give.
QUESTIONS = (
    ("In welke gemeente", "gemeente"),
    ("Wat voor plek", "place_type"),
    ("Om hoeveel mensen", "people"),
    ("Sinds wanneer", "frequency"),
    ("burger of voor je werk", "reporter_role"),
)


def answer_intake(stack, sender: str, first: list[dict], answers: dict[str, str], limit: int = 10) -> tuple[str, list[str]]:
    """Answer whatever the intake asks (a question it skips because the story said it is not
    answered), until the summary. Returns (the summary turn's text, the slots that were asked)."""
    reply, asked = texts(first), []
    for _ in range(limit):
        if "Dit heb ik genoteerd" in reply:
            return reply, asked
        last = reply.rsplit("\n", 1)[-1] if reply else ""
        slot = next((s for q, s in QUESTIONS if q in last), "concerns")
        asked.append(slot)
        reply = texts(say(stack, sender, answers.get(slot, "/dont_know")))
    raise AssertionError(f"no summary after {limit} answers; last reply: {reply!r}")


def socketio_chat(stack, session: str, message, until: str = "112", linger: float = 0.0) -> list[str]:
    """rasa-webchat's protocol: session_request, then user_uttered; the bot_uttered texts until
    one contains `until` (and `linger` seconds more). Long-polling: the engineio client's
    websocket transport needs a newer aiohttp than Rasa 3.6 allows; the server side is the same."""
    import asyncio

    import aiohttp
    import socketio

    async def chat() -> list[str]:
        received: list[str] = []
        done = asyncio.Event()
        # cookies kept as a browser keeps them, also for 127.0.0.1 (aiohttp's default jar
        # drops cookies of IP addresses): the cluster's load balancer pins socket.io by cookie
        http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        client = socketio.AsyncClient(http_session=http)

        @client.on("bot_uttered")
        async def on_bot(data):
            received.append(data.get("text", ""))
            if until in data.get("text", ""):
                done.set()

        await client.connect(stack["base"], socketio_path="/socket.io", transports=["polling"])
        await client.emit("session_request", {"session_id": session})
        await client.sleep(0.5)
        await client.emit("user_uttered", {"message": message, "session_id": session})
        await asyncio.wait_for(done.wait(), timeout=60)
        await client.sleep(linger)
        await client.disconnect()
        await http.close()
        return received

    return asyncio.run(chat())
