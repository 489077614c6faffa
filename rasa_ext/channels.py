"""The REST and socket.io channels with bounds: a thin adapter between HTTP and Rasa.

What Rasa's own channels do not do, and why it matters here:

* the text is cut before NLU (`bot.intake.limits`), so a huge message costs about as much as a
  normal one instead of growing the process until the kernel kills it;
* a request Rasa cannot use (no JSON, a list, no sender, a message that is not text) gets a
  Dutch JSON answer with status 400, never an English error page, an empty list, or a shared
  `default` conversation;
* a sender that already has a few messages waiting gets a Dutch "wait" reply at once instead
  of a pile of requests that time out on the conversation lock and come back empty;
* bodies larger than the HTTP limit (`SANIC_REQUEST_MAX_SIZE`, set by scripts/run.sh) get a
  Dutch 413 instead of Sanic's English page.

Nothing here logs the request body or the sender.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections import Counter, OrderedDict
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

from bot.intake import limits
from bot.services import get_services
from rasa_ext.tracker_store import ConversationStoreError, active_store

log = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def _text(key: str) -> str:
    return get_services().messages.render(key)["text"]


def _error(status: int, key: str) -> response.HTTPResponse:
    return response.json({"error": key.removeprefix("http_"), "message": _text(key)}, status=status)


def failure_key(exc: Exception) -> str:
    """The Dutch text for a turn that failed: a conversation store that cannot read or write
    says so (the last message may be lost, nothing is doubled); anything else is our fault."""
    return "http_store_failed" if isinstance(exc, ConversationStoreError) else "http_failed"


def _double_send_seconds(given: float | None) -> float:
    return get_services().settings.double_send_seconds if given is None else float(given)


class DoubleSends:
    """Which sender just sent which text: only a keyed digest and times, for a few seconds.

    A double tap arrives while the first message is still being answered, or a moment after
    the answer went out. The same text sent again later is an answer to the new question:
    "Ja, dit klopt" and then "Ja, stuur maar" both send /affirm, a second apart."""

    #: after the reply went out, this long counts as the same tap (people read first)
    AFTER_REPLY_SECONDS = 0.5

    def __init__(self, seconds: float, max_senders: int = 10_000,
                 clock=time.monotonic) -> None:
        self.seconds, self.max_senders, self.clock = float(seconds), max_senders, clock
        # sender -> (digest, arrived, replied or None while in flight)
        self._last: "OrderedDict[str, list]" = OrderedDict()

    def is_repeat(self, sender: str, text: str) -> bool:
        """True when this sender sent the same text less than `seconds` ago and it is still
        being answered or was answered just now (then it is not remembered again: a third tap
        is a repeat of the first)."""
        if self.seconds <= 0:
            return False
        now, digest = self.clock(), hashlib.sha256(f"{sender}\x00{text.strip()}".encode()).digest()
        last = self._last.get(sender)
        if last and last[0] == digest and now - last[1] < self.seconds and \
                (last[2] is None or now - last[2] < self.AFTER_REPLY_SECONDS):
            return True
        self._last[sender] = [digest, now, None]
        self._last.move_to_end(sender)
        while len(self._last) > self.max_senders:
            self._last.popitem(last=False)
        return False

    def replied(self, sender: str) -> None:
        """The answer to this sender's last message went out."""
        last = self._last.get(sender)
        if last is not None and last[2] is None:
            last[2] = self.clock()


#: What chat clients send when a chat opens (rasa-webchat's initPayload, Rasa's session
#: start, our widget). Read as an empty message: a new conversation then gets the welcome
#: with 112 and nothing else (actions/flow.py), not "Sorry, dat begrijp ik niet".
OPENING_PAYLOADS = frozenset({"/get_started", "/session_start"})


def opening_as_empty(text: str | None) -> str | None:
    return "" if isinstance(text, str) and text.strip() in OPENING_PAYLOADS else text


def bounded(on_new_message: OnNewMessage) -> OnNewMessage:
    """Wrap Rasa's handler so every channel hands NLU a bounded text, and an opening payload
    as the empty message it is."""

    async def handler(message: UserMessage) -> Any:
        message.text = limits.bound_text(opening_as_empty(message.text))
        store = active_store()
        if store is not None and message.sender_id and await store.lost_conversation(message.sender_id):
            # Redis lost the conversation this replica was serving: say so before the
            # message is read as the start of a new one
            await message.output_channel.send_text_message(message.sender_id, _text("conversation_lost"))
        return await on_new_message(message)

    return handler


def _register_too_large_handler(blueprint: Blueprint) -> None:
    # The size check runs before routing, so only an app-wide handler can answer it.
    @blueprint.listener("before_server_start")
    async def too_large_in_dutch(app, _loop) -> None:  # pragma: no cover - wiring
        if not getattr(app.ctx, "nietpluis_413", False):
            app.error_handler.add(PayloadTooLarge, lambda request, exc: _error(413, "http_too_large"))
            app.ctx.nietpluis_413 = True


def _register_store_check(blueprint: Blueprint) -> None:
    """Rasa falls back to an in-memory tracker store, without stopping, when the configured
    class cannot be imported: conversations would then silently skip our anonymising and
    never reach the shared store. Refuse to serve instead."""

    @blueprint.listener("after_server_start")
    async def stores_are_ours(app, _loop) -> None:  # pragma: no cover - wiring, tested end to end
        from rasa_ext.tracker_store import AnonymisingTrackerStore

        agent = getattr(app.ctx, "agent", None)
        if agent is None:
            return
        store = getattr(agent.tracker_store, "_tracker_store", agent.tracker_store)
        problem = None
        if not isinstance(store, AnonymisingTrackerStore):
            problem = f"tracker store is {type(store).__name__}, not AnonymisingTrackerStore"
        elif get_services().settings.redis_url and type(agent.lock_store).__name__ != "AtomicRedisLockStore":
            problem = f"REDIS_URL is set but the lock store is {type(agent.lock_store).__name__}"
        if problem:
            log.critical("%s: exiting (78, configuration error) before serving anyone", problem)
            logging.shutdown()
            os._exit(78)  # nobody has been served yet: nothing to finish


class RestChannel(RestInput):
    """POST /webhooks/rest/webhook {"sender": "...", "message": "..."} -> list of replies."""

    def __init__(self, max_waiting_per_sender: int = limits.MAX_WAITING_PER_SENDER,
                 double_send_seconds: float | None = None) -> None:
        self.max_waiting = max_waiting_per_sender
        self._waiting: Counter[str] = Counter()
        self.double_sends = DoubleSends(_double_send_seconds(double_send_seconds))

    @classmethod
    def name(cls) -> str:
        return "rest"  # the URL stays /webhooks/rest/webhook

    @classmethod
    def from_credentials(cls, credentials: dict | None) -> "RestChannel":
        credentials = credentials or {}
        return cls(int(credentials.get("max_waiting_per_sender", limits.MAX_WAITING_PER_SENDER)))

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        handle = bounded(on_new_message)
        webhook = Blueprint("nietpluis_rest", __name__)
        _register_too_large_handler(webhook)
        _register_store_check(webhook)
        replica = get_services().settings.replica

        if replica:
            @webhook.middleware("response")
            async def name_the_replica(_: Request, resp: response.HTTPResponse) -> None:
                resp.headers["X-Nietpluis-Replica"] = replica  # which replica answered (cluster tests)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            try:
                body = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return _error(400, "http_not_json")
            problem = limits.request_problem(body)
            if problem:
                return _error(400, problem)
            sender = body["sender"].strip()
            if self.double_sends.is_repeat(sender, body["message"]):
                return response.json([{"recipient_id": sender, "text": _text("http_double_send")}])
            if self._waiting[sender] >= self.max_waiting:
                return response.json([{"recipient_id": sender, "text": _text("http_busy")}],
                                     status=429)
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            collector = CollectingOutputChannel()
            self._waiting[sender] += 1
            try:
                await handle(UserMessage(body["message"], collector, sender,
                                         input_channel=self.name(), metadata=metadata))
            except Exception as exc:  # noqa: BLE001 - the user gets an answer, the operator a type
                log.error("rest channel: the turn failed (%s)", type(exc).__name__)
                key = failure_key(exc)
                if key == "http_store_failed" and collector.messages:
                    # the turn ran (a report may have got its code) but could not be saved:
                    # what it said is true and is shown, with what went wrong after it
                    return response.json(collector.messages + [
                        {"recipient_id": sender, "text": _text("http_store_not_saved")}])
                return response.json([{"recipient_id": sender, "text": _text(key)}],
                                     status=503 if key == "http_store_failed" else 500)
            finally:
                self.double_sends.replied(sender)
                self._waiting[sender] -= 1
                if self._waiting[sender] <= 0:
                    del self._waiting[sender]
            return response.json(collector.messages)

        @webhook.route("/forget", methods=["POST"])
        async def forget(request: Request) -> response.HTTPResponse:
            """The web widget's quick exit: forget this conversation now, with no undo and
            no reply to read (the page is already leaving; the body may come as text/plain,
            so the browser sends it without a CORS preflight)."""
            try:
                body = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return _error(400, "http_not_json")
            sender = body.get("sender") if isinstance(body, dict) else None
            if not isinstance(sender, str) or not sender.strip() or len(sender) > limits.MAX_SENDER_CHARS:
                return _error(400, "http_no_sender")
            agent = request.app.ctx.agent
            store = getattr(agent.tracker_store, "_tracker_store", agent.tracker_store)  # Rasa's fail-safe wrapper
            if not hasattr(store, "forget"):
                return _error(501, "http_failed")
            try:
                async with agent.lock_store.lock(sender.strip()):  # not in the middle of a turn
                    await store.forget(sender.strip())
            except Exception as exc:  # noqa: BLE001 - the operator gets a type, never the sender
                log.error("rest channel: forgetting a conversation failed (%s)", type(exc).__name__)
                return _error(503, failure_key(exc))
            return response.json({"forgotten": True})

        return webhook


class SocketIOChannel(SocketIOInput):
    """Rasa's socket.io channel; its message event is ours: the text bound before NLU, a Dutch
    reply to a message that is not text and to a turn that failed (Rasa's own handler
    raises or stays silent then)."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict | None) -> "SocketIOChannel":
        channel = super().from_credentials(credentials)
        channel.double_sends = DoubleSends(_double_send_seconds(None))
        return channel

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = super().blueprint(on_new_message)
        _register_too_large_handler(bp)
        handle, sio = bounded(on_new_message), self.sio
        redis_url = get_services().settings.redis_url
        if redis_url:
            # replicas: an emit from any replica reaches the client wherever it is connected
            # (pub/sub only: Redis keeps none of it)
            from socketio import AsyncRedisManager

            manager = AsyncRedisManager(redis_url, channel="nietpluis-socketio")
            manager.set_server(sio)
            sio.manager = manager

        @sio.on(self.user_message_evt, namespace=self.namespace)  # replaces Rasa's handler
        async def user_uttered(sid: str, data: Any) -> None:
            output = SocketIOOutput(sio, self.bot_message_evt)
            if not isinstance(data, dict):
                await output.send_text_message(sid, _text("http_not_an_object"))
                return
            sender = data.get("session_id") if self.session_persistence else sid
            if not isinstance(sender, str) or not sender.strip():
                await output.send_text_message(sid, _text("http_no_sender"))
                return
            text = data.get("message", "")
            if not isinstance(text, str):
                await output.send_text_message(sender, _text("http_no_message"))
                return
            if self.double_sends.is_repeat(sender, text):
                await output.send_text_message(sender, _text("http_double_send"))
                return
            metadata = data.get(self.metadata_key)
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = None
            try:
                await handle(UserMessage(text, output, sender, input_channel=self.name(),
                                         metadata=metadata if isinstance(metadata, dict) else None))
            except Exception as exc:  # noqa: BLE001 - the user gets an answer, the operator a type
                log.error("socket.io channel: the turn failed (%s)", type(exc).__name__)
                await output.send_text_message(sender, _text(failure_key(exc)))
            finally:
                self.double_sends.replied(sender)

        return bp
